/* qr.c — QR codes: encoded once at creation, drawn as dark modules on a
 * light square (runs of modules merged into one rectangle each). */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "widget_private.h"

struct qr {
	QRcode *code;
	int module;
	mq_ui_rgb dark, light;
};

static void qr_free(void *data)
{
	struct qr *q = data;

	if (q && q->code)
		QRcode_free(q->code);
	free(q);
}

static void qr_draw(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	struct qr *q = w->data;
	int n = q->code->width, m = q->module;
	int ox = w->rect.x + MQ_UI_QR_QUIET * m, oy = w->rect.y + MQ_UI_QR_QUIET * m;
	SDL_Rect *runs = malloc(sizeof(*runs) * (size_t)n * (size_t)n);
	int count = 0;

	mq_ui_draw_fill(d, w->rect, q->light);
	if (!runs)
		return;
	for (int y = 0; y < n; y++) {
		for (int x = 0; x < n;) {
			int start;

			if (!(q->code->data[y * n + x] & 1)) {
				x++;
				continue;
			}
			start = x;
			while (x < n && (q->code->data[y * n + x] & 1))
				x++;
			runs[count++] = (SDL_Rect){ ox + start * m, oy + y * m, (x - start) * m, m };
		}
	}
	mq_ui_draw_fill_rects(d, runs, (size_t)count, q->dark);
	free(runs);
}

static bool qr_same(const struct mq_ui_widget *a, const struct mq_ui_widget *b)
{
	const struct qr *x = a->data, *y = b->data;

	return x->module == y->module && x->dark == y->dark && x->light == y->light &&
	       x->code->width == y->code->width &&
	       memcmp(x->code->data, y->code->data, (size_t)x->code->width * x->code->width) == 0;
}

struct mq_ui_widget *mq_ui_qr_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
				     const char *id, const char *text, SDL_Rect area)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct mq_ui_widget *w;
	struct qr *q;
	int total, m, side;

	if (!code) {
		mq_log_error("ui", "cannot encode QR code for %s", text);
		return NULL;
	}
	total = code->width + 2 * MQ_UI_QR_QUIET;
	m = (area.w < area.h ? area.w : area.h) / total;
	if (m < MQ_UI_QR_MIN_MODULE) {
		mq_log_warn("ui", "QR area %dx%d too small, using %d px modules", area.w, area.h,
			    MQ_UI_QR_MIN_MODULE);
		m = MQ_UI_QR_MIN_MODULE;
	}
	side = total * m;
	w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_QR,
				(SDL_Rect){ area.x + (area.w - side) / 2,
					    area.y + (area.h - side) / 2, side, side });
	q = calloc(1, sizeof(*q));
	if (!w || !q || !mq_ui_widget_set_text(w, text)) {
		QRcode_free(code);
		free(q);
		return NULL;
	}
	q->code = code;
	q->module = m;
	q->dark = t->qr_dark;
	q->light = t->qr_light;
	w->data = q;
	w->data_free = qr_free;
	w->draw = qr_draw;
	w->same = qr_same;
	mq_ui_widget_set_colors(w, t->qr_dark, t->qr_light, true);
	return w;
}

int mq_ui_qr_module_px(const struct mq_ui_widget *w)
{
	return w->draw == qr_draw ? ((const struct qr *)w->data)->module : 0;
}
