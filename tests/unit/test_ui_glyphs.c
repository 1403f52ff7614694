/* test_ui_glyphs.c — the kiosk's own glyph cache (app/ui/glyphs.c) draws
 * every line exactly as SDL_ttf's TTF_RenderUTF8_Blended draws it: same
 * size, same pixels (colour and coverage), for every UI string of
 * assets/po/en.po in Chinese and English, kerning and ligature probes and
 * icons, at the theme's sizes in both weights; advances and line heights
 * equal TTF_GlyphMetrics32's and TTF_FontHeight's. And a glyph drawn at
 * another size in between still comes out the same (its cache outlives
 * size changes, which SDL_ttf's does not). And the default font, found
 * without fontconfig, is the family fontconfig matches, every string
 * measuring the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <SDL.h>
#include <SDL_ttf.h>

#include "glyphs.h"
#include "text.h"

#define ICON_FONT "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf"

/* normal and elder mode's small, body, key, title and huge sizes at 150 dpi */
static const int sizes[] = { 17, 21, 23, 28, 41, 62 };

static const char *const probes[] = {
	"AVATAR Te To Yo Wa LT P. F, fi fl ff ffi", "路口红绿灯太短,Gate 3.上",
	"8758  9398", "“引号”（括号）《书名》——……", "第2题，共3题 / Question 2 of 3",
	"啥杀傻沙", "sha", " ", "a", "民", "11月30日 星期一 14:13",
};

static const uint32_t icons[] = { 0xF207, 0xF1BB, 0xF015, 0xF0AD, 0xF086, 0xF040, 0xF0C0 };

struct fixture {
	char file[2][1024];
	int index[2];
	struct mq_ui_glyphs *g;
	char **strings;
	size_t n;
};

static bool resolve(bool bold, char *file, size_t size, int *index)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)"Noto Sans CJK SC"), *match;
	FcResult res;
	FcChar8 *f = NULL;
	bool ok = false;

	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (match && FcPatternGetString(match, FC_FILE, 0, &f) == FcResultMatch) {
		snprintf(file, size, "%s", (const char *)f);
		if (FcPatternGetInteger(match, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
		ok = true;
	}
	if (match)
		FcPatternDestroy(match);
	return ok;
}

/* Every single-line msgid and msgstr of en.po, unescaped. */
static void read_po(struct fixture *fx)
{
	FILE *f = fopen(MQ_PO_FILE, "r");
	char line[4096];

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *q = strchr(line, '"'), *end = strrchr(line, '"'), *s, *o;

		if ((strncmp(line, "msgid \"", 7) != 0 && strncmp(line, "msgstr \"", 8) != 0) ||
		    !q || end <= q + 1)
			continue;
		s = o = strndup(q + 1, (size_t)(end - q - 1));
		assert_non_null(s);
		for (const char *p = s; *p; p++) {
			if (*p == '\\' && p[1])
				p++;
			*o++ = *p;
		}
		*o = '\0';
		if (strchr(s, '\n') || !*s) {
			free(s);
			continue;
		}
		fx->strings = realloc(fx->strings, (fx->n + 1) * sizeof(*fx->strings));
		assert_non_null(fx->strings);
		fx->strings[fx->n++] = s;
	}
	fclose(f);
	assert_true(fx->n > 200);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx || TTF_Init() != 0 || !FcInit() ||
	    !resolve(false, fx->file[0], sizeof(fx->file[0]), &fx->index[0]) ||
	    !resolve(true, fx->file[1], sizeof(fx->file[1]), &fx->index[1]))
		return -1;
	fx->g = mq_ui_glyphs_create();
	if (!fx->g)
		return -1;
	for (int i = 0; i < 2; i++)
		mq_ui_glyphs_set_file(fx->g, i, fx->file[i], fx->index[i]);
	mq_ui_glyphs_set_file(fx->g, 2, ICON_FONT, 0);
	read_po(fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	for (size_t i = 0; i < fx->n; i++)
		free(fx->strings[i]);
	free(fx->strings);
	mq_ui_glyphs_destroy(fx->g);
	free(fx);
	TTF_Quit();
	FcFini();
	return 0;
}

/* Our line of @p s equals SDL_ttf's, size and every pixel; returns the
 * number of lines compared (0 or 1). */
static int same_line(struct fixture *fx, TTF_Font *font, int face, int px, const char *s)
{
	const SDL_Color fg = { 0x4A, 0x14, 0x11, 0xFF };
	SDL_Surface *ref = TTF_RenderUTF8_Blended(font, s, fg);
	struct mq_ui_glyph_line line;
	bool ok = mq_ui_glyphs_render(fx->g, face, px, 0x4A1411, s, strlen(s), &line);

	if (!ref) {
		assert_false(ok);
		return 0;
	}
	assert_true(ok);
	assert_int_equal(ref->format->format, SDL_PIXELFORMAT_ARGB8888);
	if (line.w != ref->w || line.h != ref->h)
		fail_msg("\"%s\" face %d at %d px: %dx%d, SDL_ttf %dx%d", s, face, px, line.w,
			 line.h, ref->w, ref->h);
	for (int y = 0; y < ref->h; y++)
		if (memcmp((const uint8_t *)ref->pixels + (size_t)y * (size_t)ref->pitch,
			   (const uint8_t *)line.pixels + (size_t)y * (size_t)line.pitch,
			   (size_t)ref->w * 4) != 0)
			fail_msg("\"%s\" face %d at %d px: row %d differs", s, face, px, y);
	SDL_FreeSurface(ref);
	return 1;
}

static void test_lines_as_sdl_ttf(void **state)
{
	struct fixture *fx = *state;
	int lines = 0;

	for (int face = 0; face < 2; face++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			TTF_Font *font = TTF_OpenFontIndex(fx->file[face], sizes[k], fx->index[face]);

			assert_non_null(font);
			assert_int_equal(mq_ui_glyphs_height(fx->g, face, sizes[k]), TTF_FontHeight(font));
			for (size_t i = 0; i < fx->n; i++)
				lines += same_line(fx, font, face, sizes[k], fx->strings[i]);
			for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
				lines += same_line(fx, font, face, sizes[k], probes[i]);
			TTF_CloseFont(font);
		}
	assert_true(lines > 2 * 6 * 200);
}

static void test_advances_as_sdl_ttf(void **state)
{
	struct fixture *fx = *state;
	const char *s = probes[0];

	for (int face = 0; face < 2; face++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			TTF_Font *font = TTF_OpenFontIndex(fx->file[face], sizes[k], fx->index[face]);

			assert_non_null(font);
			for (size_t i = 0; i < fx->n + 1; i++) {
				const char *p = i < fx->n ? fx->strings[i] : s;
				size_t len = strlen(p), n;

				for (size_t o = 0; o < len; o += n) {
					uint32_t cp = mq_ui_utf8_next(p + o, len - o, &n);
					int adv = 0;

					assert_int_equal(TTF_GlyphMetrics32(font, cp, NULL, NULL, NULL, NULL, &adv), 0);
					assert_int_equal(mq_ui_glyphs_advance(fx->g, face, sizes[k], cp), adv);
				}
			}
			TTF_CloseFont(font);
		}
}

static void test_icons_as_sdl_ttf(void **state)
{
	struct fixture *fx = *state;
	TTF_Font *font = TTF_OpenFont(ICON_FONT, 40);

	if (!font)
		skip();     /* fonts-font-awesome is not installed */
	for (size_t i = 0; i < sizeof(icons) / sizeof(icons[0]); i++) {
		char s[4] = { (char)(0xE0 | (icons[i] >> 12)), (char)(0x80 | ((icons[i] >> 6) & 0x3F)),
			      (char)(0x80 | (icons[i] & 0x3F)), 0 };

		assert_int_equal(same_line(fx, font, 2, 40, s), 1);
	}
	TTF_CloseFont(font);
}

/* A glyph first drawn at one size, then the same face at other sizes, then
 * the first size again: the cached glyph still draws what SDL_ttf draws. */
static void test_sizes_interleaved(void **state)
{
	struct fixture *fx = *state;

	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			TTF_Font *font = TTF_OpenFontIndex(fx->file[0], sizes[k], fx->index[0]);

			assert_non_null(font);
			assert_int_equal(same_line(fx, font, 0, sizes[k], "请先写下您的意见"), 1);
			TTF_CloseFont(font);
		}
}

/* Bad input gets an answer, not a crash: an empty line, a face with no
 * file, a font file that is not there, a file that is not a font. */
static void test_bad_input(void **state)
{
	struct fixture *fx = *state;
	struct mq_ui_glyphs *g = mq_ui_glyphs_create();
	struct mq_ui_glyph_line line;

	assert_false(mq_ui_glyphs_render(fx->g, 0, 23, 0, "", 0, &line));
	assert_non_null(g);
	assert_true(mq_ui_glyphs_set_file(g, 0, "/nonexistent/font.otf", 0));
	assert_int_equal(mq_ui_glyphs_advance(g, 0, 23, 'a'), -1);
	assert_int_equal(mq_ui_glyphs_height(g, 0, 23), -1);
	assert_false(mq_ui_glyphs_render(g, 0, 23, 0, "a", 1, &line));
	assert_int_equal(mq_ui_glyphs_height(g, 1, 23), -1);       /* no file set */
	assert_true(mq_ui_glyphs_set_file(g, 1, MQ_PO_FILE, 0));     /* not a font */
	assert_int_equal(mq_ui_glyphs_advance(g, 1, 23, 'a'), -1);
	assert_false(mq_ui_glyphs_render(g, 1, 23, 0, "a", 1, &line));
	mq_ui_glyphs_destroy(g);
	mq_ui_glyphs_destroy(NULL);
}

/* The default font is found without fontconfig (text.c opens
 * fonts-noto-cjk's files, face 2, after checking the faces' names): what
 * fontconfig matches for the default family has those names, and a text
 * object on the default measures every string as one whose pattern goes
 * through fontconfig to the same family. Any other pattern still goes
 * through fontconfig. */
static void test_default_font_without_fontconfig(void **state)
{
	struct fixture *fx = *state;
	struct mq_ui_text *def = mq_ui_text_create(NULL, NULL);
	struct mq_ui_text *fc = mq_ui_text_create(NULL, "Noto Sans CJK SC:lang=zh-cn");
	struct mq_ui_text *other = mq_ui_text_create(NULL, "DejaVu Sans");
	const char *family, *style;

	for (int i = 0; i < 2; i++) {
		assert_true(mq_ui_glyphs_names(fx->g, i, &family, &style));
		assert_string_equal(family, "Noto Sans CJK SC");
		assert_string_equal(style, i ? "Bold" : "Regular");
	}
	assert_non_null(def);
	assert_non_null(fc);
	assert_non_null(other);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		for (size_t j = 0; j < fx->n; j++)
			for (int bold = 0; bold < 2; bold++) {
				size_t len = strlen(fx->strings[j]);

				assert_int_equal(mq_ui_text_width(def, sizes[k], bold, fx->strings[j], len),
						 mq_ui_text_width(fc, sizes[k], bold, fx->strings[j], len));
			}
	assert_int_equal(mq_ui_text_font_height(def, 23, true), mq_ui_text_font_height(fc, 23, true));
	/* DejaVu's Latin letters are wider than Noto Sans CJK's */
	assert_true(mq_ui_text_width(other, 23, false, "minqing", 7) >
		    mq_ui_text_width(def, 23, false, "minqing", 7));
	mq_ui_text_destroy(other);
	mq_ui_text_destroy(fc);
	mq_ui_text_destroy(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_as_sdl_ttf),
		cmocka_unit_test(test_advances_as_sdl_ttf),
		cmocka_unit_test(test_icons_as_sdl_ttf),
		cmocka_unit_test(test_sizes_interleaved),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_default_font_without_fontconfig),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
