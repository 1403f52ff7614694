/* damage.h — the parts of the screen a frame must redraw, as LVGL keeps
 * them: a short list of rectangles; an added area is joined with another
 * when their bounding box is no bigger than the two apart (two neighbouring
 * keys become one strip; a key and the candidate bar above the keyboard
 * stay two), and the cheapest pair is joined when the list is full. The
 * caller owns the struct (init/reset, nothing to free). */
#ifndef MQ_UI_DAMAGE_H
#define MQ_UI_DAMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

/** Most rectangles kept apart; more are joined into the cheapest pair. */
#define MQ_UI_DAMAGE_MAX 16

/** Areas to redraw, in logical pixels, inside the screen's bounds. */
struct mq_ui_damage {
	SDL_Rect bounds;                 /* the screen: areas are clipped to it */
	SDL_Rect r[MQ_UI_DAMAGE_MAX];
	size_t n;
	bool full;                       /* the whole screen (r is then ignored) */
};

/** Start with nothing to redraw inside @p bounds. */
void mq_ui_damage_init(struct mq_ui_damage *d, SDL_Rect bounds);

/** Forget every area (after a frame drew them); the bounds stay. */
void mq_ui_damage_reset(struct mq_ui_damage *d);

/** Add @p r (clipped to the bounds; empty areas are ignored). */
void mq_ui_damage_add(struct mq_ui_damage *d, SDL_Rect r);

/** The whole screen must be redrawn. */
void mq_ui_damage_add_all(struct mq_ui_damage *d);

/** True when nothing needs redrawing. */
bool mq_ui_damage_empty(const struct mq_ui_damage *d);

/** Pixels the areas cover (the whole bounds when full), for the figures. */
long mq_ui_damage_area(const struct mq_ui_damage *d);

/** The smallest rectangle holding @p a and @p b; an empty one adds nothing. */
SDL_Rect mq_ui_rect_union(SDL_Rect a, SDL_Rect b);

#endif
