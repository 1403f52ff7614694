/* handwriting.c — the writing pad and its input method (handwriting.h). */
#include "handwriting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "mq_time.h"

#include "button.h"
#include "hwr.h"
#include "i18n.h"
#include "label.h"
#include "widget_private.h"

#define MAX_STROKES 40
#define MAX_POINTS 256
#define MAX_CANDS 10

/* The recogniser's model is some 26 MB, mapped and read through when it is
 * opened: it is opened when the pad appears and closed when the pad goes
 * (a mode switch, the resident gone), so the kiosk's memory is the pad's
 * only while someone writes. The file is read ahead into the page cache
 * after the first frame (mq_ui_handwriting_prefetch), which keeps an
 * opening to a few milliseconds. */
struct mq_ui_handwriting {
	struct mq_ui_hwr *hwr;          /* NULL while the pad is not shown */
	char *model;                    /* NULL: the default model */
	bool unavailable;               /* an opening failed: zinnia or the model is missing */
	struct mq_ui_widget *pad_w;     /* the pad on screen, or NULL */
	struct mq_ui_hw_point pts[MAX_STROKES][MAX_POINTS];
	size_t lens[MAX_STROKES];
	size_t n;                       /* finished strokes (+1 while drawing) */
	bool drawing;
	int side;                       /* pad size in px, for recognition */
	SDL_Rect pad;                   /* where the pad is (logical) */
	char cands[MAX_CANDS][MQ_UI_HWR_CAND_BYTES];
	size_t n_cands;
	struct mq_ui_keyboard *kb;      /* borrowed, set at build */
	mq_ui_rgb ink, guide;
	int ink_w;
};

/* The pad widget's data: which pad it shows, so that a widget freed with
 * its tree stops being the one the ink is drawn on. */
struct pad_ref {
	struct mq_ui_handwriting *h;
	struct mq_ui_widget *w;
};

/* The pad's ink changed: it is redrawn at the next frame. */
static void ink_changed(struct mq_ui_handwriting *h)
{
	if (h->pad_w)
		mq_ui_widget_invalidate(h->pad_w);
}

static void clear(struct mq_ui_handwriting *h)
{
	if (h->n > 0)
		ink_changed(h);
	/* only what was written: the arrays are large and mostly untouched */
	for (size_t i = 0; i < h->n && i < MAX_STROKES; i++)
		memset(h->pts[i], 0, h->lens[i] * sizeof(h->pts[i][0]));
	memset(h->lens, 0, sizeof(h->lens));
	memset(h->cands, 0, sizeof(h->cands));
	h->n = h->n_cands = 0;
	h->drawing = false;
}

static void classify(struct mq_ui_handwriting *h)
{
	const struct mq_ui_hw_point *strokes[MAX_STROKES];
	struct mq_ui_hw_char c;

	for (size_t i = 0; i < h->n; i++)
		strokes[i] = h->pts[i];
	c = (struct mq_ui_hw_char){ strokes, h->lens, h->n, h->side, h->side };
	h->n_cands = mq_ui_hwr_classify(h->hwr, &c, h->cands, MAX_CANDS);
}

/* Ink: squares along each segment (SDL2 has no thick lines). */
static void draw_stroke(struct mq_ui_draw *d, const struct mq_ui_handwriting *h,
			const struct mq_ui_hw_point *p, size_t n)
{
	int r = h->ink_w / 2;

	for (size_t i = 0; i < n; i++) {
		struct mq_ui_hw_point a = p[i > 0 ? i - 1 : 0], b = p[i];
		int dx = b.x - a.x, dy = b.y - a.y;
		int steps = abs(dx) > abs(dy) ? abs(dx) : abs(dy);

		steps = steps / (r > 0 ? r : 1) + 1;
		for (int s = 0; s <= steps; s++) {
			int x = a.x + dx * s / steps, y = a.y + dy * s / steps;

			mq_ui_draw_fill_round(d, (SDL_Rect){ h->pad.x + x - r, h->pad.y + y - r,
							     2 * r, 2 * r }, r, h->ink);
		}
	}
}

static void pad_draw(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	struct mq_ui_handwriting *h = ((struct pad_ref *)w->data)->h;
	SDL_Rect r = w->rect;
	int dash = d->theme->gap_small;

	mq_ui_widget_draw_base(w, d);
	/* the 田 guide: dashed, light, so the ink stands out */
	for (int x = r.x + dash; x < r.x + r.w - dash; x += 2 * dash)
		mq_ui_draw_fill(d, (SDL_Rect){ x, r.y + r.h / 2, dash, 1 }, h->guide);
	for (int y = r.y + dash; y < r.y + r.h - dash; y += 2 * dash)
		mq_ui_draw_fill(d, (SDL_Rect){ r.x + r.w / 2, y, 1, dash }, h->guide);
	for (size_t i = 0; i < h->n; i++)
		draw_stroke(d, h, h->pts[i], h->lens[i]);
}

static void pad_drag(struct mq_ui_widget *w, enum mq_ui_drag phase, int x, int y)
{
	struct mq_ui_handwriting *h = ((struct pad_ref *)w->data)->h;
	struct mq_ui_hw_point p = { x - w->rect.x, y - w->rect.y };
	size_t *len;

	if (p.x < 0)
		p.x = 0;
	if (p.y < 0)
		p.y = 0;
	if (p.x >= w->rect.w)
		p.x = w->rect.w - 1;
	if (p.y >= w->rect.h)
		p.y = w->rect.h - 1;
	if (phase == MQ_UI_DRAG_DOWN) {
		if (h->drawing || h->n >= MAX_STROKES)
			return;
		h->drawing = true;
		h->lens[h->n] = 0;
		h->n++;
	}
	if (!h->drawing)
		return;
	ink_changed(h);
	len = &h->lens[h->n - 1];
	/* Keep points a few px apart: enough for recognition, bounded memory. */
	if (*len == 0 || (*len < MAX_POINTS &&
			  abs(p.x - h->pts[h->n - 1][*len - 1].x) +
			  abs(p.y - h->pts[h->n - 1][*len - 1].y) >= 3) ||
	    phase == MQ_UI_DRAG_UP) {
		if (*len < MAX_POINTS)
			h->pts[h->n - 1][(*len)++] = p;
		else
			h->pts[h->n - 1][MAX_POINTS - 1] = p;
	}
	if (phase == MQ_UI_DRAG_UP) {
		h->drawing = false;
		classify(h);
		if (h->kb)
			mq_ui_keyboard_refresh(h->kb);
	}
}

static void clear_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_handwriting *h = cls;

	clear(h);
	if (h->kb)
		mq_ui_keyboard_refresh(h->kb);
}

/* Opens the recogniser for the pad about to be shown (once an opening
 * failed, the pad explains instead: zinnia or the model is not installed). */
static void open_model(struct mq_ui_handwriting *h)
{
	int64_t t0 = mq_time_mono_ms();

	if (h->hwr || h->unavailable)
		return;
	h->hwr = mq_ui_hwr_create(h->model);
	h->unavailable = h->hwr == NULL;
	if (h->hwr)
		mq_log_info("ui", "handwriting model opened in %lld ms",
			    (long long)(mq_time_mono_ms() - t0));
}

static void pad_ref_free(void *data)
{
	struct pad_ref *ref = data;

	if (ref && ref->h && ref->h->pad_w == ref->w)
		ref->h->pad_w = NULL;
	free(ref);
}

/* A pad rebuilt in place draws as before: its ink lives in the input method. */
static bool pad_same(const struct mq_ui_widget *a, const struct mq_ui_widget *b)
{
	return ((const struct pad_ref *)a->data)->h == ((const struct pad_ref *)b->data)->h;
}

static bool on_build(void *cls, struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
		     const struct mq_ui_theme *t, SDL_Rect area)
{
	struct mq_ui_handwriting *h = cls;
	int side = area.h, side_w = (area.w - side) / 2 - t->gap;
	struct mq_ui_widget *w;
	struct pad_ref *ref;

	h->kb = kb;
	open_model(h);
	h->ink = t->text;
	h->guide = t->outline;
	h->ink_w = t->border * 4 > 6 ? t->border * 4 : 6;
	if (!h->hwr) {
		w = mq_ui_label_create(tree, t, "kbd.hw.unavailable",
				       mq_tr("手写识别暂不可用，请点“键盘”用拼音输入"),
				       area, t->font_body, true, t->error_fg, t->error_bg);
		if (w) {
			mq_ui_widget_set_colors(w, t->error_fg, t->error_bg, true);
			mq_ui_widget_set_padding(w, t->gap);
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
		}
		return w != NULL;
	}
	h->pad = (SDL_Rect){ area.x + (area.w - side) / 2, area.y, side, side };
	if (h->side != side && h->n > 0)
		clear(h);               /* strokes in another scale: start again */
	h->side = side;
	w = mq_ui_label_create(tree, t, "kbd.hw.hint", mq_tr("请用手指在方框里写一个字，写完在上方选字"),
			       (SDL_Rect){ area.x, area.y, side_w, area.h }, t->font_body, false,
			       t->text, t->bg);
	if (!w)
		return false;
	w = mq_ui_widget_create(tree, "kbd.hw.pad", MQ_UI_ROLE_INPUT, h->pad);
	ref = malloc(sizeof(*ref));
	if (!w || !ref) {
		free(ref);
		return false;
	}
	mq_ui_widget_set_colors(w, t->text, t->surface, true);
	mq_ui_widget_set_frame(w, t->border, t->outline, t->radius_small);
	*ref = (struct pad_ref){ h, w };
	w->data = ref;
	w->data_free = pad_ref_free;
	w->same = pad_same;
	w->draw = pad_draw;
	w->on_drag = pad_drag;
	h->pad_w = w;
	w = mq_ui_button_create(tree, t, "kbd.hw.clear", mq_tr("重写"),
				(SDL_Rect){ h->pad.x + side + t->gap, area.y, side_w, t->button_h },
				MQ_UI_BUTTON_SECONDARY, t->font_body, clear_tap, h);
	if (!w)
		return false;
	/* backspace: takes back the last stroke, or deletes a character */
	return mq_ui_keyboard_add_key(kb, tree, t, "backspace",
				      (SDL_Rect){ h->pad.x + side + t->gap,
						  area.y + t->button_h + t->gap, side_w,
						  t->button_h }) != NULL;
}

static bool on_key(void *cls, struct mq_ui_keyboard *kb, const struct mq_ui_key_def *key)
{
	struct mq_ui_handwriting *h = cls;

	if (h->n == 0)
		return false;
	if (key->kind == MQ_UI_KEY_BACKSPACE) {
		ink_changed(h);
		h->n--;
		h->lens[h->n] = 0;
		h->drawing = false;
		if (h->n)
			classify(h);
		else
			h->n_cands = 0;
		return true;
	}
	/* Anything else: take the best match first, then the key types. */
	if (h->n_cands > 0)
		mq_ui_keyboard_commit(kb, h->cands[0]);
	clear(h);
	return false;
}

static size_t on_candidates(void *cls, const char **out, size_t max)
{
	struct mq_ui_handwriting *h = cls;
	size_t n = h->n_cands < max ? h->n_cands : max;

	for (size_t i = 0; i < n; i++)
		out[i] = h->cands[i];
	return n;
}

static void on_pick(void *cls, struct mq_ui_keyboard *kb, size_t index)
{
	struct mq_ui_handwriting *h = cls;

	if (index >= h->n_cands)
		return;
	mq_ui_keyboard_commit(kb, h->cands[index]);
	clear(h);
}

/* Leaving the pad (or the resident left): the strokes go, and the model
 * with them; the next pad opens it again. */
static void on_reset(void *cls)
{
	struct mq_ui_handwriting *h = cls;

	clear(h);
	mq_ui_hwr_destroy(h->hwr);
	h->hwr = NULL;
}

struct mq_ui_handwriting *mq_ui_handwriting_create(const char *model, struct mq_ui_ime *out)
{
	struct mq_ui_handwriting *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	if (model && !(h->model = strdup(model))) {
		free(h);
		return NULL;
	}
	*out = (struct mq_ui_ime){ on_key, on_candidates, on_pick, NULL, on_reset, on_build, h };
	return h;
}

void mq_ui_handwriting_destroy(struct mq_ui_handwriting *h)
{
	if (!h)
		return;
	clear(h);
	if (h->pad_w)
		((struct pad_ref *)h->pad_w->data)->h = NULL;
	mq_ui_hwr_destroy(h->hwr);
	free(h->model);
	free(h);
}

void mq_ui_handwriting_prefetch(const struct mq_ui_handwriting *h)
{
	if (h && !h->hwr && !h->unavailable)
		mq_ui_hwr_prefetch(h->model);
}

bool mq_ui_handwriting_available(const struct mq_ui_handwriting *h)
{
	return h && h->hwr;
}

size_t mq_ui_handwriting_strokes(const struct mq_ui_handwriting *h)
{
	return h ? h->n : 0;
}
