/* draw.c — filled shapes. SDL2 has no rounded rectangles; corners are drawn
 * from a cached anti-aliased white disc texture, tinted per colour, so buttons
 * look smooth on every renderer including the software one used headless. */
#include "draw.h"

#include <math.h>
#include <stdlib.h>

#include "damage.h"

#define CORNER_SLOTS 16

struct corner {
	int radius;
	SDL_Texture *tex;          /* white disc of 2*radius, alpha = coverage */
};

struct mq_ui_corners {
	SDL_Renderer *renderer;
	struct corner c[CORNER_SLOTS];
	size_t next;
};

struct mq_ui_corners *mq_ui_corners_create(SDL_Renderer *renderer)
{
	struct mq_ui_corners *c = calloc(1, sizeof(*c));

	if (c)
		c->renderer = renderer;
	return c;
}

void mq_ui_corners_reset(struct mq_ui_corners *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CORNER_SLOTS; i++) {
		if (c->c[i].tex)
			SDL_DestroyTexture(c->c[i].tex);
		c->c[i].tex = NULL;
		c->c[i].radius = 0;
	}
}

void mq_ui_corners_destroy(struct mq_ui_corners *c)
{
	mq_ui_corners_reset(c);
	free(c);
}

/* A disc with 4x4 supersampled coverage in its alpha channel. */
static SDL_Texture *make_disc(SDL_Renderer *renderer, int r)
{
	int size = 2 * r;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Texture *tex;

	if (!s)
		return NULL;
	for (int y = 0; y < size; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);

		for (int x = 0; x < size; x++) {
			int hits = 0;

			for (int sy = 0; sy < 4; sy++)
				for (int sx = 0; sx < 4; sx++) {
					double dx = x + (sx + 0.5) / 4.0 - r;
					double dy = y + (sy + 0.5) / 4.0 - r;

					hits += dx * dx + dy * dy <= (double)r * r;
				}
			row[x] = ((Uint32)(hits * 255 / 16) << 24) | 0xFFFFFF;
		}
	}
	tex = SDL_CreateTextureFromSurface(renderer, s);
	SDL_FreeSurface(s);
	if (tex)
		SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	return tex;
}

static SDL_Texture *disc(struct mq_ui_corners *c, int r)
{
	struct corner *slot;

	for (size_t i = 0; i < CORNER_SLOTS; i++)
		if (c->c[i].tex && c->c[i].radius == r)
			return c->c[i].tex;
	slot = &c->c[c->next];
	c->next = (c->next + 1) % CORNER_SLOTS;
	if (slot->tex)
		SDL_DestroyTexture(slot->tex);
	slot->tex = make_disc(c->renderer, r);
	slot->radius = slot->tex ? r : 0;
	return slot->tex;
}

static void set_color(SDL_Renderer *r, mq_ui_rgb c)
{
	SDL_SetRenderDrawColor(r, (c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, 0xFF);
}

/* What the primitive at @p r covers joins the widget's ink; true when it
 * must really draw. */
static bool covers(struct mq_ui_draw *d, SDL_Rect r)
{
	if (d->ink)
		*d->ink = mq_ui_rect_union(*d->ink, r);
	return !d->measure;
}

void mq_ui_draw_fill(struct mq_ui_draw *d, SDL_Rect r, mq_ui_rgb color)
{
	if (!covers(d, r))
		return;
	set_color(d->renderer, color);
	SDL_RenderFillRect(d->renderer, &r);
}

void mq_ui_draw_fill_rects(struct mq_ui_draw *d, const SDL_Rect *r, size_t n, mq_ui_rgb color)
{
	bool draw = true;

	for (size_t i = 0; i < n; i++)
		draw = covers(d, r[i]);
	if (!draw || n == 0)
		return;
	set_color(d->renderer, color);
	SDL_RenderFillRects(d->renderer, r, (int)n);
}

void mq_ui_draw_text(struct mq_ui_draw *d, int px, bool bold, mq_ui_rgb color, const char *s,
		     size_t len, int x, int y)
{
	(void)covers(d, mq_ui_text_draw(d->text, px, bold, color, s, len, x, y, d->measure));
}

void mq_ui_draw_icon(struct mq_ui_draw *d, int px, uint32_t cp, mq_ui_rgb color, SDL_Rect box)
{
	(void)covers(d, mq_ui_text_draw_icon(d->text, px, cp, color, box, d->measure));
}

/* False when @p r lies wholly outside the renderer's clip rectangle (a
 * partial redraw draws each damaged area clipped): drawing it would change
 * no pixel, and a blit costs its setup even when clipped to nothing. */
static bool in_clip(SDL_Renderer *renderer, const SDL_Rect *r)
{
	SDL_Rect clip;

	if (!SDL_RenderIsClipEnabled(renderer))
		return true;
	SDL_RenderGetClipRect(renderer, &clip);
	return SDL_HasIntersection(&clip, r);
}

/* The four rounded corners of @p r, @p radius each, tinted @p color. */
static void corners(struct mq_ui_draw *d, SDL_Texture *tex, SDL_Rect r, int radius,
		    mq_ui_rgb color)
{
	SDL_SetTextureColorMod(tex, (color >> 16) & 0xFF, (color >> 8) & 0xFF, color & 0xFF);
	for (int i = 0; i < 4; i++) {
		int qx = i & 1, qy = i >> 1;
		SDL_Rect src = { qx * radius, qy * radius, radius, radius };
		SDL_Rect dst = { qx ? r.x + r.w - radius : r.x, qy ? r.y + r.h - radius : r.y,
				 radius, radius };

		if (in_clip(d->renderer, &dst))
			SDL_RenderCopy(d->renderer, tex, &src, &dst);
	}
}

void mq_ui_draw_fill_round(struct mq_ui_draw *d, SDL_Rect r, int radius, mq_ui_rgb color)
{
	SDL_Texture *tex;
	SDL_Rect parts[3];

	if (r.w <= 0 || r.h <= 0)
		return;
	if (radius > r.w / 2)
		radius = r.w / 2;
	if (radius > r.h / 2)
		radius = r.h / 2;
	if (radius <= 1 || !d->corners || !covers(d, r) || !(tex = disc(d->corners, radius))) {
		mq_ui_draw_fill(d, r, color);
		return;
	}
	set_color(d->renderer, color);
	parts[0] = (SDL_Rect){ r.x + radius, r.y, r.w - 2 * radius, r.h };
	parts[1] = (SDL_Rect){ r.x, r.y + radius, radius, r.h - 2 * radius };
	parts[2] = (SDL_Rect){ r.x + r.w - radius, r.y + radius, radius, r.h - 2 * radius };
	SDL_RenderFillRects(d->renderer, parts, 3);
	corners(d, tex, r, radius, color);
}

/* The frame of @p r alone: what mq_ui_draw_fill_round(r) would draw less
 * what the inside (@p width in, radius less @p width) then covers with
 * opaque fills — its corners stay, as the inside's corners blend over
 * them. False, drawing nothing, where either radius would be cut to fit. */
static bool frame_only(struct mq_ui_draw *d, SDL_Rect r, int radius, int width,
		       mq_ui_rgb color)
{
	int in_w = r.w - 2 * width, in_h = r.h - 2 * width, ri = radius - width;
	SDL_Texture *tex;
	SDL_Rect parts[4];

	if (radius > r.w / 2 || radius > r.h / 2 || ri <= 1 || ri > in_w / 2 || ri > in_h / 2 ||
	    !d->corners)
		return false;
	if (!covers(d, r))
		return true;
	if (!(tex = disc(d->corners, radius)))
		return false;
	set_color(d->renderer, color);
	parts[0] = (SDL_Rect){ r.x + radius, r.y, r.w - 2 * radius, width };
	parts[1] = (SDL_Rect){ r.x + radius, r.y + r.h - width, r.w - 2 * radius, width };
	parts[2] = (SDL_Rect){ r.x, r.y + radius, width, r.h - 2 * radius };
	parts[3] = (SDL_Rect){ r.x + r.w - width, r.y + radius, width, r.h - 2 * radius };
	SDL_RenderFillRects(d->renderer, parts, 4);
	corners(d, tex, r, radius, color);
	return true;
}

void mq_ui_draw_framed_round(struct mq_ui_draw *d, SDL_Rect r, int radius, int width,
			     mq_ui_rgb color, mq_ui_rgb fill)
{
	SDL_Rect in = { r.x + width, r.y + width, r.w - 2 * width, r.h - 2 * width };

	if (width <= 0) {
		mq_ui_draw_fill_round(d, r, radius, fill);
		return;
	}
	if (!frame_only(d, r, radius, width, color))
		mq_ui_draw_fill_round(d, r, radius, color);
	mq_ui_draw_fill_round(d, in, radius > width ? radius - width : 0, fill);
}
