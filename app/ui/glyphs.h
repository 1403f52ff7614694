/* glyphs.h — rendered glyphs kept across font sizes, and lines drawn from
 * them (private to app/ui; text.c is its only user).
 *
 * Each font file is one FreeType face with a size object per pixel size
 * (parsed tables once, a size costs a few hundred bytes), shaped with
 * HarfBuzz on that face. A glyph is loaded and rasterised once per
 * (face, size): its advance for layout and its pixels for every line that
 * shows it come from that one load. Lines come out pixel for pixel as
 * SDL_ttf's TTF_RenderUTF8_Blended draws them (same load flags, same
 * shaping, same placement and coverage), which tests/unit/test_glyphs.c
 * checks against SDL_ttf itself. */
#ifndef MQ_UI_GLYPHS_H
#define MQ_UI_GLYPHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#define MQ_UI_GLYPHS_FACES 3

struct mq_ui_glyphs;

/** An empty set of faces; NULL if FreeType cannot start (logged). */
struct mq_ui_glyphs *mq_ui_glyphs_create(void);

/** Close every face and free every glyph. NULL is a no-op. */
void mq_ui_glyphs_destroy(struct mq_ui_glyphs *g);

/**
 * Face @p face (0 .. MQ_UI_GLYPHS_FACES-1) is face @p index of @p file,
 * opened on first use. False if @p file is too long.
 */
bool mq_ui_glyphs_set_file(struct mq_ui_glyphs *g, int face, const char *file, int index);

/**
 * The family and style names of face @p face's font ("Noto Sans CJK SC",
 * "Bold"), opening it; false if it cannot be opened (logged).
 */
bool mq_ui_glyphs_names(struct mq_ui_glyphs *g, int face, const char **family, const char **style);

/** Advance in px of @p cp at @p px (as TTF_GlyphMetrics32 reports it); -1 if the face cannot open. */
int mq_ui_glyphs_advance(struct mq_ui_glyphs *g, int face, int px, uint32_t cp);

/** Line height in px at @p px (as TTF_FontHeight); -1 if the face cannot open. */
int mq_ui_glyphs_height(struct mq_ui_glyphs *g, int face, int px);

/** A line's pixels: ARGB8888, @p pitch bytes a row. */
struct mq_ui_glyph_line {
	const uint32_t *pixels;
	int w, h, pitch;
};

/**
 * @p len bytes of UTF-8 @p s at @p px in @p rgb (0xRRGGBB), shaped and drawn
 * into @p out: the colour everywhere, alpha the glyphs' coverage. The
 * pixels are good until the next call. False (logged) on error or for a
 * line of no width.
 */
bool mq_ui_glyphs_render(struct mq_ui_glyphs *g, int face, int px, uint32_t rgb, const char *s,
			 size_t len, struct mq_ui_glyph_line *out);

#endif
