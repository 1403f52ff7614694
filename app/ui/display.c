/* display.c — window or headless output, and rotation. */
#include "display.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"

struct mq_ui_display {
	bool headless;
	int w, h;                  /* logical */
	int pw, ph;                /* physical (rotated) */
	int rotation;
	SDL_Window *window;
	SDL_Surface *surface;      /* headless output */
	SDL_Renderer *renderer;
	SDL_Texture *target;       /* logical screen */
};

static bool make_target(struct mq_ui_display *d)
{
	if (d->target)
		SDL_DestroyTexture(d->target);
	d->target = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888,
				      SDL_TEXTUREACCESS_TARGET, d->w, d->h);
	return d->target != NULL;
}

struct mq_ui_display *mq_ui_display_create(bool headless, int w, int h, int rotation,
					   char *err, size_t err_size)
{
	struct mq_ui_display *d = calloc(1, sizeof(*d));
	bool sideways = rotation == 90 || rotation == 270;

	if (!d) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	d->headless = headless;
	d->w = w;
	d->h = h;
	d->rotation = (rotation == 90 || rotation == 180 || rotation == 270) ? rotation : 0;
	d->pw = sideways ? h : w;
	d->ph = sideways ? w : h;
	if (headless) {
		d->surface = SDL_CreateRGBSurfaceWithFormat(0, d->pw, d->ph, 32,
							    SDL_PIXELFORMAT_ARGB8888);
		if (!d->surface || !(d->renderer = SDL_CreateSoftwareRenderer(d->surface))) {
			snprintf(err, err_size, "cannot create the offscreen renderer: %s",
				 SDL_GetError());
			goto fail;
		}
	} else {
		const char *drv = SDL_GetCurrentVideoDriver();
		const char *fs = getenv("MQ_FULLSCREEN");
		Uint32 flags = SDL_WINDOW_SHOWN;

		if ((drv && strcmp(drv, "KMSDRM") == 0) || (fs && strcmp(fs, "1") == 0))
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
		d->window = SDL_CreateWindow("民情 minqing", SDL_WINDOWPOS_CENTERED,
					     SDL_WINDOWPOS_CENTERED, d->pw, d->ph, flags);
		if (!d->window) {
			snprintf(err, err_size, "cannot open a %dx%d window: %s", d->pw, d->ph,
				 SDL_GetError());
			goto fail;
		}
		d->renderer = SDL_CreateRenderer(d->window, -1,
						 SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE);
		if (!d->renderer)
			d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
		if (!d->renderer) {
			snprintf(err, err_size, "cannot create a renderer: %s", SDL_GetError());
			goto fail;
		}
	}
	if (!make_target(d)) {
		snprintf(err, err_size, "cannot create the screen texture: %s", SDL_GetError());
		goto fail;
	}
	SDL_SetRenderDrawBlendMode(d->renderer, SDL_BLENDMODE_BLEND);
	return d;
fail:
	mq_ui_display_destroy(d);
	return NULL;
}

void mq_ui_display_destroy(struct mq_ui_display *d)
{
	if (!d)
		return;
	if (d->target)
		SDL_DestroyTexture(d->target);
	if (d->renderer)
		SDL_DestroyRenderer(d->renderer);
	if (d->window)
		SDL_DestroyWindow(d->window);
	if (d->surface)
		SDL_FreeSurface(d->surface);
	free(d);
}

SDL_Renderer *mq_ui_display_renderer(struct mq_ui_display *d)
{
	return d->renderer;
}

bool mq_ui_display_reset(struct mq_ui_display *d)
{
	return make_target(d);
}

void mq_ui_display_begin(struct mq_ui_display *d)
{
	SDL_SetRenderTarget(d->renderer, d->target);
}

/* Where the output is, and how big: the window's drawable size, or the surface. */
static void output_size(struct mq_ui_display *d, int *ow, int *oh)
{
	if (d->headless || SDL_GetRendererOutputSize(d->renderer, ow, oh) != 0) {
		*ow = d->pw;
		*oh = d->ph;
	}
}

void mq_ui_display_present(struct mq_ui_display *d)
{
	int ow, oh;
	double sx, sy;
	SDL_Rect dst;

	SDL_SetRenderTarget(d->renderer, NULL);
	output_size(d, &ow, &oh);
	sx = (double)ow / d->pw;
	sy = (double)oh / d->ph;
	/* The logical texture, scaled, is centred on the output and turned;
	 * its unrotated box is w x h scaled by the matching axes. */
	if (d->rotation == 90 || d->rotation == 270) {
		dst.w = (int)(d->w * sy);
		dst.h = (int)(d->h * sx);
	} else {
		dst.w = (int)(d->w * sx);
		dst.h = (int)(d->h * sy);
	}
	dst.x = (ow - dst.w) / 2;
	dst.y = (oh - dst.h) / 2;
	SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 0xFF);
	SDL_RenderClear(d->renderer);
	if (d->rotation == 0)
		SDL_RenderCopy(d->renderer, d->target, NULL, &dst);
	else
		SDL_RenderCopyEx(d->renderer, d->target, NULL, &dst, d->rotation, NULL,
				 SDL_FLIP_NONE);
	SDL_RenderPresent(d->renderer);
}

/* Physical panel pixel -> logical pixel (undo the clockwise rotation). */
static bool phys_to_logical(struct mq_ui_display *d, int px, int py, int *lx, int *ly)
{
	switch (d->rotation) {
	case 90:
		*lx = py;
		*ly = d->h - 1 - px;
		break;
	case 180:
		*lx = d->w - 1 - px;
		*ly = d->h - 1 - py;
		break;
	case 270:
		*lx = d->w - 1 - py;
		*ly = px;
		break;
	default:
		*lx = px;
		*ly = py;
	}
	return *lx >= 0 && *ly >= 0 && *lx < d->w && *ly < d->h;
}

static void window_size(struct mq_ui_display *d, int *ww, int *wh)
{
	if (d->window)
		SDL_GetWindowSize(d->window, ww, wh);
	else {
		*ww = d->pw;
		*wh = d->ph;
	}
	if (*ww <= 0 || *wh <= 0) {
		*ww = d->pw;
		*wh = d->ph;
	}
}

bool mq_ui_display_to_logical(struct mq_ui_display *d, int wx, int wy, int *lx, int *ly)
{
	int ww, wh;

	window_size(d, &ww, &wh);
	return phys_to_logical(d, (int)((long)wx * d->pw / ww), (int)((long)wy * d->ph / wh), lx,
			       ly);
}

bool mq_ui_display_touch_to_logical(struct mq_ui_display *d, float fx, float fy, int *lx,
				    int *ly)
{
	return phys_to_logical(d, (int)(fx * d->pw), (int)(fy * d->ph), lx, ly);
}

void mq_ui_display_to_window(struct mq_ui_display *d, int lx, int ly, int *wx, int *wy)
{
	int px, py, ww, wh;

	switch (d->rotation) {
	case 90:
		px = d->h - 1 - ly;
		py = lx;
		break;
	case 180:
		px = d->w - 1 - lx;
		py = d->h - 1 - ly;
		break;
	case 270:
		px = ly;
		py = d->w - 1 - lx;
		break;
	default:
		px = lx;
		py = ly;
	}
	window_size(d, &ww, &wh);
	/* Aim at the middle of the window pixel that covers the panel pixel. */
	*wx = (int)(((long)px * ww + ww / 2) / d->pw);
	*wy = (int)(((long)py * wh + wh / 2) / d->ph);
}

Uint32 mq_ui_display_window_id(struct mq_ui_display *d)
{
	return d->window ? SDL_GetWindowID(d->window) : 0;
}

bool mq_ui_display_screenshot(struct mq_ui_display *d, const char *path)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32,
							SDL_PIXELFORMAT_ARGB8888);
	bool ok = false;

	if (!s) {
		mq_log_error("ui", "screenshot: %s", SDL_GetError());
		return false;
	}
	SDL_SetRenderTarget(d->renderer, d->target);
	if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
				 s->pitch) != 0)
		mq_log_error("ui", "screenshot: cannot read pixels: %s", SDL_GetError());
	else if (IMG_SavePNG(s, path) != 0)
		mq_log_error("ui", "screenshot: cannot write %s: %s", path, IMG_GetError());
	else
		ok = true;
	SDL_FreeSurface(s);
	return ok;
}
