/* draw.h — drawing primitives over an SDL_Renderer: filled rounded
 * rectangles with anti-aliased corners, and the text cache (text.h). */
#ifndef MQ_UI_DRAW_H
#define MQ_UI_DRAW_H

#include <stdbool.h>

#include <SDL.h>

#include "text.h"
#include "theme.h"

struct mq_ui_corners;

/**
 * What a widget draws with; valid during one frame. Every primitive below
 * adds the area it covers to *@p ink when it is set (the widget tree learns
 * so where each widget drew, overhangs included), and with @p measure set
 * draws nothing at all: a widget's draw function run that way tells where
 * it would draw.
 */
struct mq_ui_draw {
	SDL_Renderer *renderer;
	struct mq_ui_text *text;
	struct mq_ui_corners *corners;
	const struct mq_ui_theme *theme;
	SDL_Rect *ink;             /* NULL: nobody asks */
	bool measure;
};

/** A cache of corner textures per radius. Returns NULL when out of memory. */
struct mq_ui_corners *mq_ui_corners_create(SDL_Renderer *renderer);

/** Free the corner textures. NULL is a no-op. */
void mq_ui_corners_destroy(struct mq_ui_corners *c);

/** Forget the textures (after the renderer lost them). */
void mq_ui_corners_reset(struct mq_ui_corners *c);

/** Fill @p r with @p color and corners of @p radius px (0: square). */
void mq_ui_draw_fill_round(struct mq_ui_draw *d, SDL_Rect r, int radius, mq_ui_rgb color);

/** An outline of @p width px of @p color around @p r, filled inside with @p fill. */
void mq_ui_draw_framed_round(struct mq_ui_draw *d, SDL_Rect r, int radius, int width,
			     mq_ui_rgb color, mq_ui_rgb fill);

/** Fill a plain rectangle. */
void mq_ui_draw_fill(struct mq_ui_draw *d, SDL_Rect r, mq_ui_rgb color);

/** Fill @p n plain rectangles in one colour. */
void mq_ui_draw_fill_rects(struct mq_ui_draw *d, const SDL_Rect *r, size_t n, mq_ui_rgb color);

/** A line of text through the text cache (mq_ui_text_draw), top-left at (@p x, @p y). */
void mq_ui_draw_text(struct mq_ui_draw *d, int px, bool bold, mq_ui_rgb color, const char *s,
		     size_t len, int x, int y);

/** An icon centred in @p box (mq_ui_text_draw_icon). */
void mq_ui_draw_icon(struct mq_ui_draw *d, int px, uint32_t cp, mq_ui_rgb color, SDL_Rect box);

#endif
