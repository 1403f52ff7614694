/* display.c — window or headless output, rotation, and where frames are
 * drawn: into memory by the CPU (software: headless, or a window without an
 * accelerated renderer) or into a texture on the GPU. */
#include "display.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "damage.h"
#include "mq_log.h"
#include "png_write.h"

/*
 * Software: the logical screen is one surface in memory, drawn by SDL's
 * software renderer, and a frame copies only the areas it redrew to the
 * output — turned on the way when the panel is rotated. Headless at
 * rotation 0 the screen is the output itself: one full-screen surface in
 * all. GPU: the logical screen is a target texture, and every frame turns
 * all of it onto the window (a GPU keeps no copy of the last frame to
 * patch, and the copy costs it little).
 */
struct mq_ui_display {
	bool headless;
	bool soft;                 /* drawn into `screen` by the CPU */
	int w, h;                  /* logical */
	int pw, ph;                /* physical (rotated) */
	int rotation;
	SDL_Window *window;
	SDL_Surface *screen;       /* soft: the logical screen (owned) */
	SDL_Surface *out;          /* headless: the panel (owned; `screen` itself at rotation 0) */
	SDL_Surface *turned;       /* soft window of another size, rotated: the picture before scaling */
	SDL_Renderer *renderer;
	SDL_Texture *target;       /* GPU: the logical screen */
};

static bool make_target(struct mq_ui_display *d)
{
	if (d->soft)
		return true;
	if (d->target)
		SDL_DestroyTexture(d->target);
	d->target = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888,
				      SDL_TEXTUREACCESS_TARGET, d->w, d->h);
	return d->target != NULL;
}

/* A surface in the screen's format; copied from as is, never blended. */
static SDL_Surface *new_surface(int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);

	if (s)
		SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
	return s;
}

/* The turned pixels can be written straight into @p s. */
static bool same_layout(const SDL_Surface *s)
{
	return s->format->format == SDL_PIXELFORMAT_ARGB8888 ||
	       s->format->format == SDL_PIXELFORMAT_RGB888;
}

/* The logical screen in memory and the software renderer drawing into it. */
static bool make_soft(struct mq_ui_display *d, char *err, size_t err_size)
{
	d->soft = true;
	if (d->headless && d->rotation == 0) {
		d->screen = d->out = new_surface(d->w, d->h);
	} else {
		d->screen = new_surface(d->w, d->h);
		if (d->headless)
			d->out = new_surface(d->pw, d->ph);
	}
	if (!d->screen || (d->headless && !d->out) ||
	    !(d->renderer = SDL_CreateSoftwareRenderer(d->screen))) {
		snprintf(err, err_size, "cannot create the software renderer: %s", SDL_GetError());
		return false;
	}
	return true;
}

/* A window: the GPU's renderer if there is one, else software. */
static bool make_window(struct mq_ui_display *d, char *err, size_t err_size)
{
	const char *drv = SDL_GetCurrentVideoDriver();
	const char *fs = getenv("MQ_FULLSCREEN");
	Uint32 flags = SDL_WINDOW_SHOWN;
	SDL_RendererInfo info;

	if ((drv && strcmp(drv, "KMSDRM") == 0) || (fs && strcmp(fs, "1") == 0))
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	d->window = SDL_CreateWindow("民情 minqing", SDL_WINDOWPOS_CENTERED,
				     SDL_WINDOWPOS_CENTERED, d->pw, d->ph, flags);
	if (!d->window) {
		snprintf(err, err_size, "cannot open a %dx%d window: %s", d->pw, d->ph,
			 SDL_GetError());
		return false;
	}
	d->renderer = SDL_CreateRenderer(d->window, -1,
					 SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE);
	/* SDL_RENDER_DRIVER=software hands out the software renderer even so */
	if (d->renderer && SDL_GetRendererInfo(d->renderer, &info) == 0 &&
	    (info.flags & SDL_RENDERER_SOFTWARE)) {
		SDL_DestroyRenderer(d->renderer);
		d->renderer = NULL;
	}
	if (d->renderer)
		return true;
	mq_log_info("ui", "no accelerated renderer: drawing in software");
	if (!SDL_GetWindowSurface(d->window)) {
		snprintf(err, err_size, "cannot draw into the window: %s", SDL_GetError());
		return false;
	}
	return make_soft(d, err, err_size);
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
	if (headless ? !make_soft(d, err, err_size) : !make_window(d, err, err_size))
		goto fail;
	if (!make_target(d)) {
		snprintf(err, err_size, "cannot create the screen texture: %s", SDL_GetError());
		goto fail;
	}
	/* Every fill is opaque: blending it would give the same pixels, one
	 * multiply at a time; unblended it is a plain fill. */
	SDL_SetRenderDrawBlendMode(d->renderer, SDL_BLENDMODE_NONE);
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
	if (d->out && d->out != d->screen)
		SDL_FreeSurface(d->out);
	SDL_FreeSurface(d->screen);
	SDL_FreeSurface(d->turned);
	free(d);
}

SDL_Renderer *mq_ui_display_renderer(struct mq_ui_display *d)
{
	return d->renderer;
}

bool mq_ui_display_software(const struct mq_ui_display *d)
{
	return d->soft;
}

bool mq_ui_display_reset(struct mq_ui_display *d)
{
	return make_target(d);
}

void mq_ui_display_begin(struct mq_ui_display *d)
{
	if (!d->soft)
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

/* GPU: the logical texture, scaled, centred on the output and turned. */
static void present_gpu(struct mq_ui_display *d)
{
	int ow, oh;
	double sx, sy;
	SDL_Rect dst;

	SDL_SetRenderTarget(d->renderer, NULL);
	output_size(d, &ow, &oh);
	sx = (double)ow / d->pw;
	sy = (double)oh / d->ph;
	/* its unrotated box is w x h scaled by the matching axes */
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

/* Logical area @p r as it lies on the panel (turned clockwise by the rotation). */
static SDL_Rect panel_rect(const struct mq_ui_display *d, SDL_Rect r)
{
	switch (d->rotation) {
	case 90:
		return (SDL_Rect){ d->h - r.y - r.h, r.x, r.h, r.w };
	case 180:
		return (SDL_Rect){ d->w - r.x - r.w, d->h - r.y - r.h, r.w, r.h };
	case 270:
		return (SDL_Rect){ r.y, d->w - r.x - r.w, r.h, r.w };
	default:
		return r;
	}
}

/* Copies logical area @p r of the screen onto panel surface @p out, turned
 * (the inverse of the touch mapping in phys_to_logical). */
static void turn_area(const struct mq_ui_display *d, SDL_Surface *out, SDL_Rect r)
{
	const SDL_Surface *in = d->screen;

	if (d->rotation == 0) {
		SDL_Rect dst = r;

		SDL_BlitSurface(d->screen, &r, out, &dst);
		return;
	}
	for (int y = r.y; y < r.y + r.h; y++) {
		const Uint32 *src = (const Uint32 *)((const Uint8 *)in->pixels + y * in->pitch);

		for (int x = r.x; x < r.x + r.w; x++) {
			int px, py;

			if (d->rotation == 90) {
				px = d->h - 1 - y;
				py = x;
			} else if (d->rotation == 180) {
				px = d->w - 1 - x;
				py = d->h - 1 - y;
			} else {
				px = y;
				py = d->w - 1 - x;
			}
			((Uint32 *)((Uint8 *)out->pixels + py * out->pitch))[px] = src[x];
		}
	}
}

/* A software window whose surface is not the panel's size (a desktop, a
 * scaled mode): the whole picture, turned, then scaled and centred. */
static void present_scaled(struct mq_ui_display *d, SDL_Surface *win)
{
	SDL_Surface *pic = d->screen;
	double sx = (double)win->w / d->pw, sy = (double)win->h / d->ph;
	double s = sx < sy ? sx : sy;
	SDL_Rect dst;

	if (d->rotation != 0) {
		if (!d->turned && !(d->turned = new_surface(d->pw, d->ph)))
			return;
		turn_area(d, d->turned, (SDL_Rect){ 0, 0, d->w, d->h });
		pic = d->turned;
	}
	dst.w = (int)(d->pw * s);
	dst.h = (int)(d->ph * s);
	dst.x = (win->w - dst.w) / 2;
	dst.y = (win->h - dst.h) / 2;
	SDL_FillRect(win, NULL, SDL_MapRGB(win->format, 0, 0, 0));
	SDL_BlitScaled(pic, NULL, win, &dst);
	SDL_UpdateWindowSurface(d->window);
}

/* Software: the redrawn areas onto the panel; a window is told which. */
static void present_soft(struct mq_ui_display *d, const SDL_Rect *r, size_t n)
{
	SDL_Rect panel[MQ_UI_DAMAGE_MAX];
	SDL_Surface *out = d->out;

	if (!d->headless) {
		out = SDL_GetWindowSurface(d->window);
		if (!out)
			return;
		if (out->w != d->pw || out->h != d->ph || n > MQ_UI_DAMAGE_MAX) {
			present_scaled(d, out);
			return;
		}
	}
	if (out == d->screen)
		return;                 /* headless upright: drawn in place */
	for (size_t i = 0; i < n; i++) {
		panel[i] = panel_rect(d, r[i]);
		if (d->rotation == 0 || same_layout(out)) {
			turn_area(d, out, r[i]);
		} else {
			/* another pixel format: turned first, converted by the blit */
			SDL_Rect dst = panel[i];

			if (!d->turned && !(d->turned = new_surface(d->pw, d->ph)))
				return;
			turn_area(d, d->turned, r[i]);
			SDL_BlitSurface(d->turned, &panel[i], out, &dst);
		}
	}
	if (!d->headless && n > 0)
		SDL_UpdateWindowSurfaceRects(d->window, panel, (int)n);
}

void mq_ui_display_present(struct mq_ui_display *d)
{
	SDL_Rect all = { 0, 0, d->w, d->h };

	mq_ui_display_present_areas(d, &all, 1);
}

void mq_ui_display_present_areas(struct mq_ui_display *d, const SDL_Rect *r, size_t n)
{
	if (d->soft)
		present_soft(d, r, n);
	else
		present_gpu(d);
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

/* A copy of the logical screen (NULL, logged, on failure). */
static SDL_Surface *read_screen(struct mq_ui_display *d)
{
	SDL_Surface *s;

	if (d->soft)
		return SDL_DuplicateSurface(d->screen);
	s = new_surface(d->w, d->h);
	if (!s)
		return NULL;
	SDL_SetRenderTarget(d->renderer, d->target);
	if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
				 s->pitch) != 0) {
		mq_log_error("ui", "cannot read the screen's pixels: %s", SDL_GetError());
		SDL_FreeSurface(s);
		return NULL;
	}
	return s;
}

bool mq_ui_display_screenshot(struct mq_ui_display *d, const char *path)
{
	SDL_Surface *s = d->soft ? d->screen : read_screen(d);
	SDL_Surface *rgba = NULL;
	FILE *f;
	bool ok = false;

	if (!s) {
		mq_log_error("ui", "screenshot: %s", SDL_GetError());
		return false;
	}
	if (s->format->format != SDL_PIXELFORMAT_RGBA32 &&
	    s->format->format != SDL_PIXELFORMAT_BGRA32 &&
	    !(rgba = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0))) {
		mq_log_error("ui", "screenshot: %s", SDL_GetError());
	} else if (!(f = fopen(path, "wb"))) {
		mq_log_error("ui", "screenshot: cannot write %s: %s", path, strerror(errno));
	} else {
		SDL_Surface *p = rgba ? rgba : s;

		errno = 0;
		ok = mq_ui_png_write(f, p->pixels, p->w, p->h, p->pitch,
				     p->format->format == SDL_PIXELFORMAT_BGRA32);
		if (!ok)
			mq_log_error("ui", "screenshot: cannot write %s: %s", path,
				     errno ? strerror(errno) : "out of memory");
		if (fclose(f) != 0 && ok) {
			mq_log_error("ui", "screenshot: cannot write %s: %s", path, strerror(errno));
			ok = false;
		}
	}
	SDL_FreeSurface(rgba);
	if (s != d->screen)
		SDL_FreeSurface(s);
	return ok;
}

/* Where two surfaces of one size differ: how many pixels, and the first. */
static long differ(const SDL_Surface *a, const SDL_Surface *b, int *fx, int *fy)
{
	long n = 0;

	for (int y = 0; y < a->h; y++) {
		const Uint32 *pa = (const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch);
		const Uint32 *pb = (const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch);

		if (memcmp(pa, pb, (size_t)a->w * 4) == 0)
			continue;
		for (int x = 0; x < a->w; x++)
			if (pa[x] != pb[x] && n++ == 0) {
				*fx = x;
				*fy = y;
			}
	}
	return n;
}

struct mq_ui_display_copy {
	SDL_Surface *screen, *out;
};

struct mq_ui_display_copy *mq_ui_display_copy(struct mq_ui_display *d)
{
	struct mq_ui_display_copy *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->screen = read_screen(d);
	if (d->out && d->out != d->screen)
		c->out = SDL_DuplicateSurface(d->out);
	if (!c->screen || (d->out && d->out != d->screen && !c->out)) {
		mq_ui_display_copy_free(c);
		return NULL;
	}
	return c;
}

void mq_ui_display_copy_free(struct mq_ui_display_copy *c)
{
	if (!c)
		return;
	SDL_FreeSurface(c->screen);
	SDL_FreeSurface(c->out);
	free(c);
}

long mq_ui_display_compare(struct mq_ui_display *d, const struct mq_ui_display_copy *c,
			   char *where, size_t size)
{
	SDL_Surface *now = read_screen(d);
	int x = 0, y = 0;
	long n;

	if (!now) {
		snprintf(where, size, "cannot read the screen");
		return -1;
	}
	n = differ(now, c->screen, &x, &y);
	SDL_FreeSurface(now);
	if (n > 0) {
		snprintf(where, size, "%ld pixels of the screen, the first at (%d,%d)", n, x, y);
		return n;
	}
	if (c->out && (n = differ(d->out, c->out, &x, &y)) > 0)
		snprintf(where, size, "%ld pixels of the rotated panel, the first at (%d,%d)", n, x,
			 y);
	return n;
}
