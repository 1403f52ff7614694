/* glyphs.c — FreeType faces with a size object per pixel size, a cache of
 * rasterised glyphs keyed by (face, size, glyph), and lines shaped with
 * HarfBuzz and composed from the cached glyphs. See glyphs.h.
 *
 * Why not SDL_ttf's own cache: SDL_ttf empties it whenever a font's size
 * changes, and it loads a new glyph from the font three times (once for
 * its metrics, once for HarfBuzz's advance, once for its pixels) — on the
 * CJK font each load runs the CFF hinter. Here a glyph is loaded once for
 * all three and stays while other sizes are drawn.
 *
 * The placement below follows SDL_ttf 2.20's TTF_Size_Internal and
 * Render_Line (HarfBuzz build, blended, opaque colour): a line's box is the
 * union of its glyphs' metric boxes and the font height, glyph coverage is
 * OR-ed into the alpha of a surface filled with the colour. */
#include "glyphs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include <hb-ft.h>
#include <hb.h>

#include "mq_log.h"

#define GLYPH_SLOTS 2048          /* a power of two: the glyphs of a few screens */
#define SIZES 16                  /* pixel sizes kept per face */
#define LOAD_FLAGS (FT_LOAD_DEFAULT | FT_LOAD_TARGET_NORMAL)

/* 26.6 fixed point, as SDL_ttf rounds it */
#define FLOOR26(x) ((int)(((x) & -64) / 64))
#define CEIL26(x) FLOOR26((x) + 63)

/* One rasterised glyph (px 0: empty slot). */
struct glyph {
	uint32_t index;
	uint16_t px;
	uint8_t face;
	int advance;               /* 26.6, hinted: what HarfBuzz is given */
	int metric_advance;        /* 26.6, horiAdvance: layout's advance */
	int box_left, box_top, box_w, box_h;    /* metric box, px */
	int left, top, w, rows;    /* the coverage bitmap, px */
	uint8_t *alpha;            /* w * rows, NULL if empty */
};

struct face;

/* A face at one pixel size. */
struct size {
	int px;                    /* 0: unused */
	FT_Size ft;
	hb_font_t *hb;             /* our advances over HarfBuzz's OpenType functions */
	int ascent, height;
	uint64_t used;
	struct mq_ui_glyphs *owner;
	int face;
};

struct face {
	char file[1024];
	int index;
	bool failed;               /* could not open: logged once */
	FT_Face ft;
	void *map;                 /* the file, mapped (map_len bytes); NULL if closed */
	size_t map_len;
	hb_face_t *hb;
	struct size sizes[SIZES];
	struct size *active;
};

struct mq_ui_glyphs {
	FT_Library lib;
	hb_font_funcs_t *funcs;
	hb_buffer_t *buf;
	uint32_t *pixels;          /* the last line drawn */
	size_t pixels_cap;         /* in pixels */
	struct face faces[MQ_UI_GLYPHS_FACES];
	struct glyph glyphs[GLYPH_SLOTS];
	uint64_t tick;
};

static hb_position_t hb_advance(hb_font_t *font, void *data, hb_codepoint_t index, void *user);

struct mq_ui_glyphs *mq_ui_glyphs_create(void)
{
	struct mq_ui_glyphs *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	if (FT_Init_FreeType(&g->lib) != 0) {
		mq_log_error("ui", "cannot start FreeType");
		free(g);
		return NULL;
	}
	g->funcs = hb_font_funcs_create();
	hb_font_funcs_set_glyph_h_advance_func(g->funcs, hb_advance, NULL, NULL);
	hb_font_funcs_make_immutable(g->funcs);
	g->buf = hb_buffer_create();
	for (int i = 0; i < MQ_UI_GLYPHS_FACES; i++)
		for (int j = 0; j < SIZES; j++)
			g->faces[i].sizes[j] = (struct size){ .owner = g, .face = i };
	return g;
}

static void glyph_clear(struct glyph *gl)
{
	free(gl->alpha);
	memset(gl, 0, sizeof(*gl));
}

void mq_ui_glyphs_destroy(struct mq_ui_glyphs *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < GLYPH_SLOTS; i++)
		glyph_clear(&g->glyphs[i]);
	for (int i = 0; i < MQ_UI_GLYPHS_FACES; i++) {
		struct face *f = &g->faces[i];

		for (int j = 0; j < SIZES; j++)
			if (f->sizes[j].hb)
				hb_font_destroy(f->sizes[j].hb);
		if (f->hb)
			hb_face_destroy(f->hb);
		if (f->ft)
			FT_Done_Face(f->ft);    /* its sizes with it */
		if (f->map)
			munmap(f->map, f->map_len);
	}
	hb_buffer_destroy(g->buf);
	free(g->pixels);
	hb_font_funcs_destroy(g->funcs);
	FT_Done_FreeType(g->lib);
	free(g);
}

bool mq_ui_glyphs_set_file(struct mq_ui_glyphs *g, int face, const char *file, int index)
{
	struct face *f = &g->faces[face];
	int n = snprintf(f->file, sizeof(f->file), "%s", file);

	f->index = index;
	return n >= 0 && (size_t)n < sizeof(f->file);
}

/* Open @p f's file on first use; false (logged once) if it cannot be.
 * FreeType reads the font from a mapping of the file: its tables and glyph
 * programs are read in place from the page cache, where reading through a
 * stream copied every piece it parsed (the CJK fonts' CFF, ~2,500 reads of
 * 4 MB for the home screen: a tenth of the start-up's CPU). Only the pages
 * FreeType touches become resident, and they are the page cache's own. */
static bool face_open(struct mq_ui_glyphs *g, struct face *f)
{
	FT_Open_Args args = { 0 };
	struct stat sb;
	void *map;
	int fd;

	if (f->ft)
		return true;
	if (f->failed || !f->file[0])
		return false;
	f->failed = true;
	fd = open(f->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		mq_log_error("ui", "cannot open font %s: %s", f->file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	map = sb.st_size <= 0 ? MAP_FAILED : mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		mq_log_error("ui", "cannot map font %s: %s", f->file,
			     sb.st_size <= 0 ? "empty file" : strerror(errno));
		return false;
	}
	args.flags = FT_OPEN_MEMORY;
	args.memory_base = map;
	args.memory_size = (FT_Long)sb.st_size;
	if (FT_Open_Face(g->lib, &args, f->index, &f->ft) != 0) {
		mq_log_error("ui", "cannot read font %s (face %d)", f->file, f->index);
		f->ft = NULL;
		munmap(map, (size_t)sb.st_size);
		return false;
	}
	f->map = map;
	f->map_len = (size_t)sb.st_size;
	f->hb = hb_ft_face_create_referenced(f->ft);
	f->failed = false;
	return true;
}

bool mq_ui_glyphs_names(struct mq_ui_glyphs *g, int face, const char **family, const char **style)
{
	struct face *f = &g->faces[face];

	if (!face_open(g, f))
		return false;
	*family = f->ft->family_name ? f->ft->family_name : "";
	*style = f->ft->style_name ? f->ft->style_name : "";
	return true;
}

/* @p f at @p px, made FreeType's active size of the face; NULL if the face
 * cannot open. A new size takes the least recently used slot. */
static struct size *size_get(struct mq_ui_glyphs *g, int face, int px)
{
	struct face *f = &g->faces[face];
	struct size *s = NULL, *victim = &f->sizes[0];
	FT_Size_Metrics *m;
	hb_font_t *parent;

	if (px < 6)
		px = 6;
	if (!face_open(g, f))
		return NULL;
	g->tick++;
	for (int i = 0; i < SIZES && !s; i++) {
		if (f->sizes[i].px == px)
			s = &f->sizes[i];
		else if (f->sizes[i].used < victim->used)
			victim = &f->sizes[i];
	}
	if (!s) {
		s = victim;
		if (s->hb)
			hb_font_destroy(s->hb);
		if (s->ft)
			FT_Done_Size(s->ft);
		s->hb = NULL;
		s->ft = NULL;
		s->px = 0;
		if (FT_New_Size(f->ft, &s->ft) != 0 || FT_Activate_Size(s->ft) != 0 ||
		    FT_Set_Char_Size(f->ft, 0, px * 64, 0, 0) != 0) {
			mq_log_error("ui", "cannot set font %s to %d px", f->file, px);
			return NULL;
		}
		f->active = s;
		m = &f->ft->size->metrics;
		s->ascent = CEIL26(FT_MulFix(f->ft->ascender, m->y_scale));
		s->height = CEIL26(FT_MulFix(f->ft->ascender - f->ft->descender, m->y_scale));
		/* the scale hb_ft_font_create gives a font of this size */
		parent = hb_font_create(f->hb);
		hb_font_set_scale(parent,
				  (int)(((uint64_t)m->x_scale * f->ft->units_per_EM + (1u << 15)) >> 16),
				  (int)(((uint64_t)m->y_scale * f->ft->units_per_EM + (1u << 15)) >> 16));
		s->hb = hb_font_create_sub_font(parent);
		hb_font_destroy(parent);
		hb_font_set_funcs(s->hb, g->funcs, s, NULL);
		s->px = px;
	}
	if (f->active != s) {
		if (FT_Activate_Size(s->ft) != 0)
			return NULL;
		f->active = s;
	}
	s->used = g->tick;
	return s;
}

/* Copy the rendered coverage of FreeType's glyph slot into @p gl. */
static bool take_bitmap(struct glyph *gl, FT_GlyphSlot slot)
{
	const FT_Bitmap *b = &slot->bitmap;

	gl->left = slot->bitmap_left;
	gl->top = slot->bitmap_top;
	gl->w = (int)b->width;
	gl->rows = b->width ? (int)b->rows : 0;
	if (gl->rows == 0)
		return true;
	gl->alpha = malloc((size_t)gl->w * (size_t)gl->rows);
	if (!gl->alpha)
		return false;
	for (int y = 0; y < gl->rows; y++) {
		const unsigned char *src = b->buffer + (ptrdiff_t)y * b->pitch;
		uint8_t *dst = gl->alpha + (size_t)y * (size_t)gl->w;

		if (b->pixel_mode == FT_PIXEL_MODE_MONO) {
			for (int x = 0; x < gl->w; x++)
				dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
		} else {
			memcpy(dst, src, (size_t)gl->w);
		}
	}
	return true;
}

/* Glyph @p index of @p face at @p px, loaded and rasterised on a miss;
 * NULL if the face cannot open or the glyph cannot load. The pointer is
 * good until the next call. */
static struct glyph *glyph_get(struct mq_ui_glyphs *g, int face, int px, uint32_t index)
{
	struct glyph *gl = &g->glyphs[(index * 2654435761u ^ (uint32_t)px * 40503u ^
				       (uint32_t)face * 97u) & (GLYPH_SLOTS - 1)];
	struct size *s;
	FT_GlyphSlot slot;

	if (gl->px == px && gl->index == index && gl->face == face)
		return gl;
	s = size_get(g, face, px);
	if (!s)
		return NULL;
	glyph_clear(gl);
	if (FT_Load_Glyph(g->faces[face].ft, index, LOAD_FLAGS) != 0)
		return NULL;
	slot = g->faces[face].ft->glyph;
	gl->box_left = slot->bitmap_left;
	gl->box_top = slot->bitmap_top;
	gl->box_h = (int)slot->bitmap.rows;
	gl->box_w = (int)slot->bitmap.width;
	if (!gl->box_left && !gl->box_top && !gl->box_h && !gl->box_w) {
		/* an outline: its box from the metrics, as SDL_ttf takes it */
		const FT_Glyph_Metrics *m = &slot->metrics;
		int maxy = FLOOR26(m->horiBearingY);

		gl->box_left = FLOOR26(m->horiBearingX);
		gl->box_w = CEIL26(m->horiBearingX + m->width) - gl->box_left;
		gl->box_top = maxy;
		gl->box_h = CEIL26(m->height);
	}
	gl->metric_advance = (int)slot->metrics.horiAdvance;
	gl->advance = (int)slot->advance.x;
	if ((slot->format == FT_GLYPH_FORMAT_OUTLINE &&
	     FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) ||
	    !take_bitmap(gl, slot)) {
		glyph_clear(gl);
		return NULL;
	}
	gl->index = index;
	gl->px = (uint16_t)px;
	gl->face = (uint8_t)face;
	return gl;
}

/* HarfBuzz asks a glyph's advance (26.6) at the size @p data is. */
static hb_position_t hb_advance(hb_font_t *font, void *data, hb_codepoint_t index, void *user)
{
	struct size *s = data;
	struct glyph *gl = glyph_get(s->owner, s->face, s->px, index);

	(void)font;
	(void)user;
	return gl ? gl->advance : 0;
}

int mq_ui_glyphs_advance(struct mq_ui_glyphs *g, int face, int px, uint32_t cp)
{
	struct glyph *gl;

	if (!size_get(g, face, px))
		return -1;
	gl = glyph_get(g, face, px < 6 ? 6 : px, FT_Get_Char_Index(g->faces[face].ft, cp));
	return gl ? CEIL26(gl->metric_advance) : -1;
}

int mq_ui_glyphs_height(struct mq_ui_glyphs *g, int face, int px)
{
	struct size *s = size_get(g, face, px);

	return s ? s->height : -1;
}

/* OR @p gl's coverage into the alpha of @p out's pixels at (@p x, @p y),
 * clipped to the line. */
static void blit_or(struct mq_ui_glyph_line *out, uint32_t *pixels, const struct glyph *gl,
		    int x, int y)
{
	int c0 = x < 0 ? -x : 0, c1 = x + gl->w > out->w ? out->w - x : gl->w;

	for (int r = y < 0 ? -y : 0; r < gl->rows && y + r < out->h; r++) {
		uint32_t *row = pixels + (size_t)(y + r) * (size_t)out->w + x;
		const uint8_t *a = gl->alpha + (size_t)r * (size_t)gl->w;

		for (int c = c0; c < c1; c++)
			row[c] |= (uint32_t)a[c] << 24;
	}
}

/* A buffer of @p n pixels filled with @p fill; NULL when out of memory. */
static uint32_t *pixels_get(struct mq_ui_glyphs *g, size_t n, uint32_t fill)
{
	if (n > g->pixels_cap) {
		uint32_t *p = realloc(g->pixels, n * sizeof(*p));

		if (!p)
			return NULL;
		g->pixels = p;
		g->pixels_cap = n;
	}
	for (size_t i = 0; i < n; i++)
		g->pixels[i] = fill;
	return g->pixels;
}

bool mq_ui_glyphs_render(struct mq_ui_glyphs *g, int face, int px, uint32_t rgb, const char *s,
			 size_t len, struct mq_ui_glyph_line *out)
{
	struct size *sz = size_get(g, face, px);
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	unsigned int count;
	int x = 0, y = 0, minx = 0, maxx = 0, miny = 0, maxy, xstart, ystart;
	uint32_t *pixels;

	if (!sz || len == 0)
		return false;
	px = sz->px;
	maxy = sz->height;
	hb_buffer_clear_contents(g->buf);
	hb_buffer_set_direction(g->buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(g->buf, HB_SCRIPT_UNKNOWN);
	hb_buffer_add_utf8(g->buf, s, (int)len, 0, (int)len);
	hb_shape(sz->hb, g->buf, NULL, 0);
	info = hb_buffer_get_glyph_infos(g->buf, &count);
	pos = hb_buffer_get_glyph_positions(g->buf, &count);
	/* the line's box (TTF_Size_Internal); positions kept in pos[] */
	for (unsigned int i = 0; i < count; i++) {
		struct glyph *gl = glyph_get(g, face, px, info[i].codepoint);
		int gx = x + pos[i].x_offset, gy = y + sz->ascent * 64 - pos[i].y_offset;

		if (!gl)
			return false;
		x += pos[i].x_advance;
		y += pos[i].y_advance;
		pos[i].x_offset = gx;
		pos[i].y_offset = gy;
		gx = FLOOR26(gx) + gl->box_left;
		gy = FLOOR26(gy) - gl->box_top;
		minx = gx < minx ? gx : minx;
		maxx = gx + gl->box_w > maxx ? gx + gl->box_w : maxx;
		miny = gy < miny ? gy : miny;
		maxy = gy + gl->box_h > maxy ? gy + gl->box_h : maxy;
	}
	maxx = FLOOR26(x) > maxx ? FLOOR26(x) : maxx;
	if (maxx - minx == 0)
		return false;
	xstart = minx < 0 ? -minx : 0;
	ystart = miny < 0 ? -miny : 0;
	*out = (struct mq_ui_glyph_line){ NULL, maxx - minx, maxy - miny, 4 * (maxx - minx) };
	pixels = pixels_get(g, (size_t)out->w * (size_t)out->h, rgb & 0xFFFFFF);
	if (!pixels) {
		mq_log_warn("ui", "no memory for a line of text (%dx%d)", out->w, out->h);
		return false;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct glyph *gl = glyph_get(g, face, px, info[i].codepoint);

		if (!gl)
			return false;
		blit_or(out, pixels, gl, xstart + FLOOR26(pos[i].x_offset) + gl->left,
			ystart + FLOOR26(pos[i].y_offset) - gl->top);
	}
	out->pixels = pixels;
	return true;
}
