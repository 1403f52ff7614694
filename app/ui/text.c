/* text.c — fonts (Debian's Noto CJK files, else fontconfig), Chinese-aware line breaking and a
 * small LRU of rendered line textures. Rendering a line is the costly part
 * of a frame; the cache makes an unchanged frame nearly free.
 *
 * Each font file is opened once (an open face of Noto Sans CJK holds some
 * 2 MB of parsed tables, and a screen uses five or six sizes); its glyphs
 * are rasterised once per size and kept (glyphs.c), so a line new on the
 * screen costs only its glyphs that are new. Glyph advances and line
 * heights, which layout asks for on every frame, have small caches of
 * their own here. */
#include "text.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glyphs.h"
#include "mq_log.h"

#define DEFAULT_FAMILY "Noto Sans CJK SC"
#define TEX_SLOTS 256
#define ADVANCE_SLOTS 4096     /* a power of two: glyphs of a few screens' sizes */
#define HEIGHT_SLOTS 32

/* Faces: 0 regular, 1 bold (the CJK font), 2 icons (Font Awesome). */
#define FACES 3
#define FACE_ICONS 2

/* A glyph's advance at a size (px 0: empty slot). */
struct advance_slot {
	uint32_t cp;
	uint16_t px;
	uint8_t face;
	int16_t adv;
};

struct height_slot {
	int px, face, h;           /* px 0: empty */
};

struct tex_slot {
	uint64_t hash;
	char *s;                   /* owned copy of the line */
	int px;
	int face;
	mq_ui_rgb color;
	SDL_Texture *tex;
	int w, h;
	uint64_t used;
};

struct mq_ui_text {
	SDL_Renderer *renderer;
	char file[FACES][1024];    /* [0] regular, [1] bold, [2] icons ("" if none) */
	int index[FACES];
	bool fontconfig;           /* FcInit called: the font came from fontconfig */
	struct mq_ui_glyphs *glyphs;
	struct advance_slot advances[ADVANCE_SLOTS];
	struct height_slot heights[HEIGHT_SLOTS];
	size_t next_height;
	struct tex_slot texs[TEX_SLOTS];
	uint64_t tick;
};

/* Find the font file and face for @p pattern at a weight, preferring one
 * that has Chinese glyphs (the kiosk cannot work without them). */
static bool resolve(const char *pattern, bool bold, char *file, size_t size, int *index)
{
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *f = NULL;
	FcCharSet *cs = NULL;
	int idx = 0;
	bool ok = false;

	pat = FcNameParse((const FcChar8 *)pattern);
	if (!pat)
		return false;
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (!match)
		return false;
	if (FcPatternGetString(match, FC_FILE, 0, &f) == FcResultMatch && f) {
		if (FcPatternGetInteger(match, FC_INDEX, 0, &idx) != FcResultMatch)
			idx = 0;
		snprintf(file, size, "%s", (const char *)f);
		*index = idx;
		ok = true;
		if (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch && cs &&
		    !FcCharSetHasChar(cs, 0x6C11 /* 民 */))
			mq_log_warn("ui", "font %s has no Chinese glyphs; install fonts-noto-cjk or set font= in [kiosk]",
				    file);
	}
	FcPatternDestroy(match);
	return ok;
}

/* Where Debian's fonts-noto-cjk puts the default family: the regular and
 * bold collections, of which SC is face 2. Tried before fontconfig, whose
 * FcInit (parsing its XML configuration, reading its caches) was a tenth of
 * the kiosk's start-up, and more where a cache is stale; the faces' names
 * are checked, and fontconfig decides when they are not what is expected. */
static const char *const noto_file[2] = {
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
};
#define NOTO_SC_INDEX 2

/* t->glyphs over t's files; NULL if FreeType cannot start (logged). */
static struct mq_ui_glyphs *open_glyphs(struct mq_ui_text *t)
{
	struct mq_ui_glyphs *g = mq_ui_glyphs_create();

	for (int i = 0; g && i < FACES; i++)
		if (!mq_ui_glyphs_set_file(g, i, t->file[i], t->index[i])) {
			mq_ui_glyphs_destroy(g);
			g = NULL;
		}
	return g;
}

/* The default family from fonts-noto-cjk's files, without fontconfig;
 * false (t->glyphs NULL) if they are not there or not that family. */
static bool noto_files(struct mq_ui_text *t)
{
	const char *family, *style;

	for (int i = 0; i < 2; i++) {
		if (access(noto_file[i], R_OK) != 0)
			return false;
		snprintf(t->file[i], sizeof(t->file[i]), "%s", noto_file[i]);
		t->index[i] = NOTO_SC_INDEX;
	}
	t->glyphs = open_glyphs(t);
	for (int i = 0; t->glyphs && i < 2; i++)
		if (!mq_ui_glyphs_names(t->glyphs, i, &family, &style) ||
		    strcmp(family, DEFAULT_FAMILY) != 0 || strcmp(style, i ? "Bold" : "Regular") != 0) {
			mq_log_warn("ui", "face %d of %s is not %s: asking fontconfig", NOTO_SC_INDEX,
				    noto_file[i], DEFAULT_FAMILY);
			mq_ui_glyphs_destroy(t->glyphs);
			t->glyphs = NULL;
		}
	return t->glyphs != NULL;
}

/* The regular and bold faces fontconfig matches to @p pattern; false
 * (logged) if none. */
static bool fontconfig_files(struct mq_ui_text *t, const char *pattern)
{
	t->fontconfig = FcInit();
	if (!t->fontconfig || !resolve(pattern, false, t->file[0], sizeof(t->file[0]), &t->index[0])) {
		mq_log_error("ui", "no font matches \"%s\": install fonts-noto-cjk or fix font= in [kiosk]",
			     pattern);
		return false;
	}
	if (!resolve(pattern, true, t->file[1], sizeof(t->file[1]), &t->index[1])) {
		memcpy(t->file[1], t->file[0], sizeof(t->file[1]));
		t->index[1] = t->index[0];
	}
	return true;
}

struct mq_ui_text *mq_ui_text_create(SDL_Renderer *renderer, const char *pattern)
{
	struct mq_ui_text *t;
	const char *icons = getenv("MQ_ICON_FONT");
	bool known;

	if (!pattern || !*pattern)
		pattern = DEFAULT_FAMILY;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->renderer = renderer;
	if (!icons || !*icons)
		icons = MQ_ICON_FONT_DEFAULT;
	/* Icons are a help, never the only signal: without the font the words
	 * alone still say everything. */
	if (access(icons, R_OK) == 0)
		snprintf(t->file[FACE_ICONS], sizeof(t->file[FACE_ICONS]), "%s", icons);
	else
		mq_log_warn("ui", "no icon font at %s (install fonts-font-awesome)", icons);
	known = strcmp(pattern, DEFAULT_FAMILY) == 0 && noto_files(t);
	if (!known && (!fontconfig_files(t, pattern) || !(t->glyphs = open_glyphs(t)))) {
		mq_ui_text_destroy(t);
		return NULL;
	}
	mq_log_info("ui", "font %s (face %d), bold %s (face %d)%s", t->file[0], t->index[0],
		    t->file[1], t->index[1], known ? ", fonts-noto-cjk's files" : ", fontconfig's match");
	return t;
}

void mq_ui_text_reset(struct mq_ui_text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < TEX_SLOTS; i++) {
		if (t->texs[i].tex)
			SDL_DestroyTexture(t->texs[i].tex);
		free(t->texs[i].s);
		memset(&t->texs[i], 0, sizeof(t->texs[i]));
	}
}

void mq_ui_text_destroy(struct mq_ui_text *t)
{
	if (!t)
		return;
	mq_ui_text_reset(t);
	mq_ui_glyphs_destroy(t->glyphs);
	/* Nothing else in the kiosk uses fontconfig; release its caches so
	 * leak checkers see a clean exit. */
	if (t->fontconfig)
		FcFini();
	free(t);
}

uint32_t mq_ui_utf8_next(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t need;

	if (len == 0) {
		*n = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	} else if ((u[0] & 0xE0) == 0xC0) {
		cp = u[0] & 0x1F;
		need = 2;
	} else if ((u[0] & 0xF0) == 0xE0) {
		cp = u[0] & 0x0F;
		need = 3;
	} else if ((u[0] & 0xF8) == 0xF0) {
		cp = u[0] & 0x07;
		need = 4;
	} else {
		*n = 1;
		return 0xFFFD;
	}
	if (need > len) {
		*n = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i < need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*n = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	*n = need;
	return cp;
}

size_t mq_ui_utf8_count(const char *s)
{
	size_t n = 0, len = strlen(s), step;

	for (size_t i = 0; i < len; i += step) {
		mq_ui_utf8_next(s + i, len - i, &step);
		n++;
	}
	return n;
}

size_t mq_ui_utf8_last_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && n < 4) {
		n++;
		if (((unsigned char)s[len - n] & 0xC0) != 0x80)
			break;
	}
	return n;
}

/* The advance of @p cp at @p px, from the cache or the font. */
static int advance(struct mq_ui_text *t, int face, uint32_t cp, int px)
{
	struct advance_slot *slot;
	int adv;

	if (cp == '\n' || cp == '\r')
		return 0;
	slot = &t->advances[(cp * 2654435761u ^ (uint32_t)px * 40503u ^ (uint32_t)face) &
			    (ADVANCE_SLOTS - 1)];
	if (slot->px == px && slot->cp == cp && slot->face == face)
		return slot->adv;
	adv = mq_ui_glyphs_advance(t->glyphs, face, px, cp);
	if (adv < 0)
		return px / 2;
	*slot = (struct advance_slot){ cp, (uint16_t)px, (uint8_t)face, (int16_t)adv };
	return adv;
}

int mq_ui_text_width(struct mq_ui_text *t, int px, bool bold, const char *s, size_t len)
{
	int w = 0;
	size_t n;

	for (size_t i = 0; i < len; i += n)
		w += advance(t, bold ? 1 : 0, mq_ui_utf8_next(s + i, len - i, &n), px);
	return w;
}

int mq_ui_text_font_height(struct mq_ui_text *t, int px, bool bold)
{
	int face = bold ? 1 : 0;
	struct height_slot *slot;
	int h;

	for (size_t i = 0; i < HEIGHT_SLOTS; i++)
		if (t->heights[i].px == px && t->heights[i].face == face)
			return t->heights[i].h;
	h = mq_ui_glyphs_height(t->glyphs, face, px);
	if (h < 0)
		return px;
	slot = &t->heights[t->next_height];
	t->next_height = (t->next_height + 1) % HEIGHT_SLOTS;
	*slot = (struct height_slot){ px, face, h };
	return slot->h;
}

static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Punctuation that must not start a line (行首禁则). */
static bool is_closing(uint32_t cp)
{
	static const uint32_t list[] = { ',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B,
		0x300D, 0x300F, 0x201D, 0x2019, 0x2026, 0x3011 };

	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (list[i] == cp)
			return true;
	return false;
}

/* Punctuation that must not end a line (行尾禁则). */
static bool is_opening(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0x300A || cp == 0x300C ||
	       cp == 0x300E || cp == 0x201C || cp == 0x2018 || cp == 0x3010;
}

static bool can_break_before(uint32_t prev, uint32_t cp)
{
	if (cp == ' ' || is_closing(cp) || is_opening(prev))
		return false;
	if (prev == ' ')
		return true;
	return is_cjk(cp) || is_cjk(prev);
}

static size_t trim_right(const char *s, size_t off, size_t len)
{
	while (len > 0 && (s[off + len - 1] == ' ' || s[off + len - 1] == '\r'))
		len--;
	return len;
}

size_t mq_ui_text_wrap(struct mq_ui_text *t, int px, bool bold, const char *s, int max_w,
		       struct mq_ui_line *lines, size_t max_lines)
{
	int face = bold ? 1 : 0;
	size_t len = strlen(s), start = 0, brk = 0, count = 0, n;
	uint32_t prev = 0;
	int x = 0;

#define EMIT(a, b)                                                                 \
	do {                                                                       \
		if (count < max_lines) {                                           \
			lines[count].off = (a);                                    \
			lines[count].len = trim_right(s, (a), (b) - (a));          \
			lines[count].width = mq_ui_text_width(t, px, bold, s + (a), \
							      lines[count].len);   \
		}                                                                  \
		count++;                                                           \
	} while (0)

	for (size_t i = 0; i < len; i += n) {
		uint32_t cp = mq_ui_utf8_next(s + i, len - i, &n);
		int adv;

		if (cp == '\n') {
			EMIT(start, i);
			start = i + n;
			brk = start;
			x = 0;
			prev = 0;
			continue;
		}
		adv = advance(t, face, cp, px);
		if (i > start && can_break_before(prev, cp))
			brk = i;
		if (x + adv > max_w && i > start) {
			if (brk > start) {
				EMIT(start, brk);
				start = brk;
			} else {
				EMIT(start, i);
				start = i;
			}
			while (start < len && s[start] == ' ')
				start++;
			brk = start;
			x = start < i ? mq_ui_text_width(t, px, bold, s + start, i - start) : 0;
		}
		x += adv;
		prev = cp;
	}
	EMIT(start, len);
#undef EMIT
	return count;
}

static uint64_t hash_key(const char *s, size_t len, int px, int face, mq_ui_rgb color)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= ((uint64_t)px << 32) ^ ((uint64_t)face << 29) ^ color;
	return h * 1099511628211ULL;
}

/* The cached texture of a line, rendering it on a miss; NULL on error. */
static struct tex_slot *line_tex(struct mq_ui_text *t, int px, int face, mq_ui_rgb color,
				 const char *s, size_t len)
{
	uint64_t h;
	struct tex_slot *slot = NULL, *victim = NULL;

	if (len == 0)
		return NULL;
	h = hash_key(s, len, px, face, color);
	t->tick++;
	for (size_t i = 0; i < TEX_SLOTS; i++) {
		struct tex_slot *c = &t->texs[i];

		if (c->tex && c->hash == h && c->px == px && c->face == face &&
		    c->color == color && strlen(c->s) == len && memcmp(c->s, s, len) == 0) {
			slot = c;
			break;
		}
		if (!victim || !c->tex || (victim->tex && c->used < victim->used))
			victim = c;
	}
	if (!slot) {
		struct mq_ui_glyph_line line;
		char *copy;

		if (!mq_ui_glyphs_render(t->glyphs, face, px, color, s, len, &line))
			return NULL;
		copy = malloc(len + 1);
		if (!copy)
			return NULL;
		memcpy(copy, s, len);
		copy[len] = '\0';
		if (victim->tex)
			SDL_DestroyTexture(victim->tex);
		free(victim->s);
		victim->s = NULL;
		victim->tex = SDL_CreateTexture(t->renderer, SDL_PIXELFORMAT_ARGB8888,
						SDL_TEXTUREACCESS_STATIC, line.w, line.h);
		if (!victim->tex || SDL_UpdateTexture(victim->tex, NULL, line.pixels, line.pitch) != 0) {
			mq_log_warn("ui", "cannot make a texture of text: %s", SDL_GetError());
			if (victim->tex)
				SDL_DestroyTexture(victim->tex);
			victim->tex = NULL;
			free(copy);
			return NULL;
		}
		victim->w = line.w;
		victim->h = line.h;
		SDL_SetTextureBlendMode(victim->tex, SDL_BLENDMODE_BLEND);
		victim->s = copy;
		victim->hash = h;
		victim->px = px;
		victim->face = face;
		victim->color = color;
		slot = victim;
	}
	slot->used = t->tick;
	return slot;
}

SDL_Rect mq_ui_text_draw(struct mq_ui_text *t, int px, bool bold, mq_ui_rgb color,
			 const char *s, size_t len, int x, int y, bool measure)
{
	struct tex_slot *slot = line_tex(t, px, bold ? 1 : 0, color, s, len);
	SDL_Rect dst = { 0, 0, 0, 0 };

	if (!slot)
		return dst;
	dst = (SDL_Rect){ x, y, slot->w, slot->h };
	if (!measure)
		SDL_RenderCopy(t->renderer, slot->tex, NULL, &dst);
	return dst;
}

bool mq_ui_text_has_icons(const struct mq_ui_text *t)
{
	return t->file[FACE_ICONS][0] != '\0';
}

SDL_Rect mq_ui_text_draw_icon(struct mq_ui_text *t, int px, uint32_t cp, mq_ui_rgb color,
			      SDL_Rect box, bool measure)
{
	char s[4];
	struct tex_slot *slot;
	SDL_Rect dst = { 0, 0, 0, 0 };

	/* Font Awesome lives in the private use area: always 3 UTF-8 bytes. */
	if (cp < 0x800 || cp > 0xFFFF || !mq_ui_text_has_icons(t))
		return dst;
	s[0] = (char)(0xE0 | (cp >> 12));
	s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	s[2] = (char)(0x80 | (cp & 0x3F));
	s[3] = '\0';
	slot = line_tex(t, px, FACE_ICONS, color, s, 3);
	if (!slot)
		return dst;
	dst = (SDL_Rect){ box.x + (box.w - slot->w) / 2, box.y + (box.h - slot->h) / 2, slot->w,
			  slot->h };
	if (!measure)
		SDL_RenderCopy(t->renderer, slot->tex, NULL, &dst);
	return dst;
}
