/* slip.c — the receipt drawn as a picture (mq_slip.h): a widget tree of the
 * kiosk's own toolkit (labels that wrap Chinese, the QR widget) laid out
 * down a strip as wide as the printer's head, drawn by SDL's software
 * renderer into a surface with the same CJK font the screen uses, then
 * turned into 1-bit dots. Black on white, sizes for paper at 203 dpi: the
 * body near 3.5 mm, the code near 9 mm tall, so poor eyes can read it. */
#include "mq_slip.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "label.h"
#include "mq_log.h"
#include "qr.h"
#include "theme.h"
#include "widget.h"

/* Dots at 203 dpi (8 dots a millimetre). */
#define MARGIN 8
#define GAP 14
#define PX_BODY 28
#define PX_BIG 36
#define PX_CODE 76
#define MAX_H 6000             /* the longest slip, in dots (75 cm) */

struct layout {
	struct mq_ui_tree *tree;
	struct mq_ui_text *text;
	struct mq_ui_theme theme;
	int w;                     /* the strip's width in dots */
	int y;                     /* where the next line goes */
	int n;                     /* lines so far (their ids) */
};

/* A line of text across the strip, centred or from the left; moves y under it. */
static void text_line(struct layout *l, const char *s, int px, bool bold, bool centre)
{
	char id[MQ_UI_ID_MAX];
	int w = l->w - 2 * MARGIN;
	int h = mq_ui_label_measure(l->text, &l->theme, s, px, bold, w);
	struct mq_ui_widget *x;

	if (!s || !*s)
		return;
	snprintf(id, sizeof(id), "slip.line.%d", l->n++);
	x = mq_ui_label_create(l->tree, &l->theme, id, s, (SDL_Rect){ MARGIN, l->y, w, h }, px,
			       bold, l->theme.text, l->theme.bg);
	if (x)
		mq_ui_widget_set_align(x, centre ? MQ_UI_ALIGN_CENTER : MQ_UI_ALIGN_LEFT, true);
	l->y += h;
}

/* A dashed rule across the strip, as receipts have between their parts. */
static void dashes(struct layout *l)
{
	char id[MQ_UI_ID_MAX];

	l->y += GAP / 2;
	for (int x = MARGIN; x + 8 <= l->w - MARGIN; x += 16) {
		struct mq_ui_widget *d;

		snprintf(id, sizeof(id), "slip.rule.%d.%d", l->y, x);
		d = mq_ui_widget_create(l->tree, id, MQ_UI_ROLE_DECOR, (SDL_Rect){ x, l->y, 8, 2 });
		if (d)
			mq_ui_widget_set_colors(d, l->theme.text, l->theme.text, true);
	}
	l->y += 2 + GAP / 2;
}

/* The code in large digits, in two groups of four as on the screen. */
static void code_line(struct layout *l, const struct mq_slip *slip)
{
	char shown[32];
	const char *c = slip->code ? slip->code : "";

	int px = PX_CODE;

	text_line(l, slip->code_label, PX_BODY, true, true);
	snprintf(shown, sizeof(shown), "%.4s %.4s", c, strlen(c) > 4 ? c + 4 : "");
	/* on one line, as large as the paper allows */
	while (px > PX_BIG &&
	       mq_ui_text_width(l->text, px, true, shown, strlen(shown)) > l->w - 2 * MARGIN)
		px -= 4;
	text_line(l, shown, px, true, true);
}

/* The QR code centred, two thirds of the strip wide, its caption under it. */
static void qr_block(struct layout *l, const struct mq_slip *slip)
{
	int side = l->w * 2 / 3;
	struct mq_ui_widget *q;

	if (!slip->url || !*slip->url)
		return;
	q = mq_ui_qr_create(l->tree, &l->theme, "slip.qr", slip->url,
			    (SDL_Rect){ (l->w - side) / 2, l->y, side, side });
	if (!q) {
		mq_log_warn("print", "the receipt's QR code could not be made");
		return;
	}
	l->y += mq_ui_widget_rect(q).h;
	text_line(l, slip->qr_caption, PX_BODY, true, true);
}

static void lay_out(struct layout *l, const struct mq_slip *slip)
{
	l->y = GAP;
	text_line(l, slip->studio, PX_BIG, true, true);
	text_line(l, slip->printed_at, PX_BODY, false, true);
	dashes(l);
	text_line(l, slip->title, PX_BIG, true, true);
	l->y += GAP / 2;
	code_line(l, slip);
	l->y += GAP / 2;
	qr_block(l, slip);
	dashes(l);
	for (size_t i = 0; i < slip->n_lines && i < MQ_SLIP_LINES_MAX; i++) {
		text_line(l, slip->lines[i].text, slip->lines[i].big ? PX_BIG : PX_BODY,
			  slip->lines[i].bold, false);
		l->y += GAP / 2;
	}
	l->y += GAP;
}

/* The surface's pixels as 1-bit dots: darker than mid-grey prints. */
static bool to_raster(SDL_Surface *s, int h, struct mq_raster *out)
{
	int stride = (s->w + 7) / 8;

	out->w = s->w;
	out->h = h;
	out->bits = calloc((size_t)stride * (size_t)h, 1);
	if (!out->bits)
		return false;
	for (int y = 0; y < h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);

		for (int x = 0; x < s->w; x++) {
			Uint8 r, g, b;

			SDL_GetRGB(row[x], s->format, &r, &g, &b);
			if (r * 299 + g * 587 + b * 114 < 128 * 1000)
				out->bits[(size_t)y * stride + x / 8] |= (uint8_t)(0x80 >> (x % 8));
		}
	}
	return true;
}

/* Draw the tree on a white surface and keep its top @p h rows as dots. */
static bool draw(struct layout *l, SDL_Renderer *r, SDL_Surface *s, struct mq_raster *out)
{
	struct mq_ui_corners *corners = mq_ui_corners_create(r);
	struct mq_ui_draw d = { .renderer = r, .text = l->text, .corners = corners,
				.theme = &l->theme };
	bool ok;

	if (!corners)
		return false;
	SDL_SetRenderDrawColor(r, 0xFF, 0xFF, 0xFF, 0xFF);
	SDL_RenderClear(r);
	mq_ui_tree_draw(l->tree, &d);
	SDL_RenderPresent(r);
	ok = SDL_LockSurface(s) == 0;
	if (ok) {
		ok = to_raster(s, l->y < MAX_H ? l->y : MAX_H, out);
		SDL_UnlockSurface(s);
	}
	mq_ui_corners_destroy(corners);
	return ok;
}

bool mq_slip_render(const struct mq_slip *slip, int dots, const char *font,
		    struct mq_raster *out)
{
	struct layout l = { 0 };
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, dots, MAX_H, 32, SDL_PIXELFORMAT_RGB888);
	SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	l.w = dots;
	l.tree = mq_ui_tree_create();
	l.text = r ? mq_ui_text_create(r, font) : NULL;
	if (!s || !r || !l.tree || !l.text) {
		mq_log_error("print", "cannot draw the receipt: %s",
			     !s || !r ? SDL_GetError() : "no font or no memory");
		goto out;
	}
	/* the screen's theme, in black on white for paper */
	mq_ui_theme_init(&l.theme, 203, false);
	l.theme.text = l.theme.text_muted = l.theme.primary = l.theme.qr_dark = 0x000000;
	l.theme.bg = l.theme.surface = l.theme.qr_light = 0xFFFFFF;
	lay_out(&l, slip);
	ok = draw(&l, r, s, out);
	if (!ok)
		mq_log_error("print", "cannot draw the receipt: %s", SDL_GetError());
out:
	mq_ui_text_destroy(l.text);
	mq_ui_tree_destroy(l.tree);
	if (r)
		SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
	return ok;
}

void mq_raster_finish(struct mq_raster *r)
{
	free(r->bits);
	memset(r, 0, sizeof(*r));
}
