/* draw.h — drawing primitives over an SDL_Renderer: filled rounded
 * rectangles with anti-aliased corners, and the text cache (text.h). */
#ifndef MQ_UI_DRAW_H
#define MQ_UI_DRAW_H

#include <stdbool.h>

#include <SDL.h>

#include "text.h"
#include "theme.h"

struct mq_ui_corners;

/** What a widget draws with; valid during one frame. */
struct mq_ui_draw {
	SDL_Renderer *renderer;
	struct mq_ui_text *text;
	struct mq_ui_corners *corners;
	const struct mq_ui_theme *theme;
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

#endif
