/* widget.c — the retained widget tree, the default widget drawing, and
 * partial redraws: dirty widgets, their damage, rebuilds compared in place. */
#include "widget_private.h"

#include <stdlib.h>
#include <string.h>

#include "damage.h"
#include "mq_log.h"

#define MAX_LINES 256

struct mq_ui_tree {
	struct mq_ui_widget **w;
	size_t n, cap;
	struct mq_ui_widget **old;     /* during a rebuild: the widgets being replaced */
	size_t old_n, old_cap;
	struct mq_ui_damage damage;
};

struct mq_ui_tree *mq_ui_tree_create(void)
{
	struct mq_ui_tree *tree = calloc(1, sizeof(struct mq_ui_tree));

	if (tree)
		mq_ui_damage_init(&tree->damage, (SDL_Rect){ -16384, -16384, 32768, 32768 });
	return tree;
}

void mq_ui_tree_set_bounds(struct mq_ui_tree *tree, SDL_Rect bounds)
{
	mq_ui_damage_init(&tree->damage, bounds);
	mq_ui_damage_add_all(&tree->damage);
}

static void widget_free(struct mq_ui_widget *w)
{
	if (w->data_free)
		w->data_free(w->data);
	free(w->text);
	free(w->shown);
	free(w);
}

static void free_old(struct mq_ui_tree *tree)
{
	for (size_t i = 0; i < tree->old_n; i++)
		widget_free(tree->old[i]);
	tree->old_n = 0;
}

void mq_ui_tree_clear(struct mq_ui_tree *tree)
{
	if (!tree)
		return;
	for (size_t i = 0; i < tree->n; i++)
		widget_free(tree->w[i]);
	tree->n = 0;
	free_old(tree);
	mq_ui_damage_add_all(&tree->damage);
}

void mq_ui_tree_destroy(struct mq_ui_tree *tree)
{
	if (!tree)
		return;
	mq_ui_tree_clear(tree);
	free(tree->w);
	free(tree->old);
	free(tree);
}

size_t mq_ui_tree_count(const struct mq_ui_tree *tree)
{
	return tree->n;
}

struct mq_ui_widget *mq_ui_tree_at(const struct mq_ui_tree *tree, size_t i)
{
	return i < tree->n ? tree->w[i] : NULL;
}

struct mq_ui_widget *mq_ui_tree_find(const struct mq_ui_tree *tree, const char *id)
{
	for (size_t i = 0; i < tree->n; i++)
		if (strcmp(tree->w[i]->id, id) == 0)
			return tree->w[i];
	return NULL;
}

struct mq_ui_widget *mq_ui_tree_hit(const struct mq_ui_tree *tree, int x, int y)
{
	SDL_Point p = { x, y };

	for (size_t i = tree->n; i-- > 0;) {
		struct mq_ui_widget *w = tree->w[i];

		if (w->visible && mq_ui_widget_touchable(w) && SDL_PointInRect(&p, &w->rect))
			return w;
	}
	return NULL;
}

struct mq_ui_widget *mq_ui_widget_create(struct mq_ui_tree *tree, const char *id,
					 enum mq_ui_role role, SDL_Rect rect)
{
	struct mq_ui_widget *w;

	if (strlen(id) >= MQ_UI_ID_MAX) {
		mq_log_error("ui", "widget id too long: %s", id);
		return NULL;
	}
	if (mq_ui_tree_find(tree, id))
		mq_log_warn("ui", "duplicate widget id %s", id);
	if (tree->n == tree->cap) {
		size_t cap = tree->cap ? tree->cap * 2 : 64;
		struct mq_ui_widget **nw = realloc(tree->w, cap * sizeof(*nw));

		if (!nw)
			return NULL;
		tree->w = nw;
		tree->cap = cap;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->text = strdup("");
	if (!w->text) {
		free(w);
		return NULL;
	}
	memcpy(w->id, id, strlen(id) + 1);
	w->tree = tree;
	w->dirty = true;           /* a new widget: measured and drawn at the next frame */
	w->role = role;
	w->rect = rect;
	w->visible = true;
	w->align = MQ_UI_ALIGN_LEFT;
	w->fg = 0x000000;
	w->bg = 0xFFFFFF;
	w->draw = mq_ui_widget_draw_base;
	tree->w[tree->n++] = w;
	return w;
}

const char *mq_ui_widget_id(const struct mq_ui_widget *w)
{
	return w->id;
}

enum mq_ui_role mq_ui_widget_role(const struct mq_ui_widget *w)
{
	return w->role;
}

const char *mq_ui_role_name(enum mq_ui_role role)
{
	switch (role) {
	case MQ_UI_ROLE_BUTTON: return "button";
	case MQ_UI_ROLE_TEXT: return "text";
	case MQ_UI_ROLE_INPUT: return "input";
	case MQ_UI_ROLE_IMAGE: return "image";
	case MQ_UI_ROLE_QR: return "qr";
	case MQ_UI_ROLE_KEY: return "key";
	case MQ_UI_ROLE_DECOR: return "decor";
	}
	return "text";
}

const char *mq_ui_widget_text(const struct mq_ui_widget *w)
{
	return w->text;
}

void mq_ui_widget_invalidate(struct mq_ui_widget *w)
{
	w->dirty = true;
	w->text_only = false;
}

/* Setters change the look only when the value differs: a refresh setting
 * what is already there damages nothing. */
#define SET(field, value)                      \
	do {                                   \
		if ((field) != (value)) {      \
			(field) = (value);     \
			w->dirty = true;       \
			w->text_only = false;  \
		}                              \
	} while (0)

bool mq_ui_widget_set_text(struct mq_ui_widget *w, const char *text)
{
	char *copy;

	if (strcmp(w->text, text ? text : "") == 0)
		return true;
	copy = strdup(text ? text : "");
	if (!copy)
		return false;
	free(w->text);
	w->text = copy;
	if (!w->shown && !w->dirty) {
		w->dirty = true;
		w->text_only = true;
	}
	return true;
}

bool mq_ui_widget_set_shown_text(struct mq_ui_widget *w, const char *shown)
{
	char *copy = NULL;

	if ((!shown && !w->shown) || (shown && w->shown && strcmp(shown, w->shown) == 0))
		return true;
	if (shown && !(copy = strdup(shown)))
		return false;
	free(w->shown);
	w->shown = copy;
	w->dirty = true;
	w->text_only = false;
	return true;
}

const char *mq_ui_widget_drawn_text(const struct mq_ui_widget *w)
{
	return w->shown ? w->shown : w->text;
}

SDL_Rect mq_ui_widget_rect(const struct mq_ui_widget *w)
{
	return w->rect;
}

void mq_ui_widget_set_rect(struct mq_ui_widget *w, SDL_Rect rect)
{
	if (SDL_RectEquals(&w->rect, &rect))
		return;
	w->rect = rect;
	w->dirty = true;
	w->text_only = false;
}

void mq_ui_widget_set_font(struct mq_ui_widget *w, int font_px, bool bold)
{
	SET(w->font_px, font_px);
	SET(w->bold, bold);
}

int mq_ui_widget_font_px(const struct mq_ui_widget *w)
{
	return w->font_px;
}

bool mq_ui_widget_bold(const struct mq_ui_widget *w)
{
	return w->bold;
}

void mq_ui_widget_set_colors(struct mq_ui_widget *w, mq_ui_rgb fg, mq_ui_rgb bg, bool has_bg)
{
	SET(w->fg, fg);
	SET(w->bg, bg);
	SET(w->has_bg, has_bg);
}

mq_ui_rgb mq_ui_widget_fg(const struct mq_ui_widget *w)
{
	return w->fg;
}

mq_ui_rgb mq_ui_widget_bg(const struct mq_ui_widget *w)
{
	return w->bg;
}

void mq_ui_widget_set_frame(struct mq_ui_widget *w, int width, mq_ui_rgb color, int radius)
{
	SET(w->frame_w, width);
	SET(w->frame_color, color);
	SET(w->radius, radius);
}

void mq_ui_widget_set_align(struct mq_ui_widget *w, enum mq_ui_align align, bool wrap)
{
	SET(w->align, align);
	SET(w->wrap, wrap);
}

void mq_ui_widget_set_visible(struct mq_ui_widget *w, bool visible)
{
	SET(w->visible, visible);
}

bool mq_ui_widget_visible(const struct mq_ui_widget *w)
{
	return w->visible;
}

void mq_ui_widget_set_on_tap(struct mq_ui_widget *w, mq_ui_tap_cb cb, void *cls)
{
	w->on_tap = cb;
	w->tap_cls = cls;
}

bool mq_ui_widget_drags(const struct mq_ui_widget *w)
{
	return w && w->on_drag;
}

void mq_ui_widget_drag(struct mq_ui_widget *w, enum mq_ui_drag phase, int x, int y)
{
	if (w && w->on_drag)
		w->on_drag(w, phase, x, y);
}

bool mq_ui_widget_touchable(const struct mq_ui_widget *w)
{
	return w->on_tap || w->on_drag;
}

bool mq_ui_widget_tap(struct mq_ui_widget *w)
{
	if (!w->on_tap)
		return false;
	mq_log_debug("ui", "tap %s", w->id);
	w->on_tap(w, w->tap_cls);
	return true;
}

void mq_ui_widget_set_pressed(struct mq_ui_widget *w, bool pressed)
{
	SET(w->pressed, pressed);
}

void mq_ui_widget_set_pressed_colors(struct mq_ui_widget *w, mq_ui_rgb fg, mq_ui_rgb bg)
{
	SET(w->pressed_fg, fg);
	SET(w->pressed_bg, bg);
	SET(w->has_pressed_colors, true);
}

void mq_ui_widget_set_padding(struct mq_ui_widget *w, int padding)
{
	SET(w->padding, padding);
}

void mq_ui_widget_set_text_offset(struct mq_ui_widget *w, int dy)
{
	SET(w->text_dy, dy);
}

void mq_ui_widget_set_line_h(struct mq_ui_widget *w, int line_h)
{
	SET(w->line_h, line_h);
}

#undef SET

void mq_ui_widget_draw_base(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	bool pressed = w->pressed && w->has_pressed_colors;
	mq_ui_rgb fg = pressed ? w->pressed_fg : w->fg;
	mq_ui_rgb bg = pressed ? w->pressed_bg : w->bg;
	const char *s = mq_ui_widget_drawn_text(w);
	struct mq_ui_line lines[MAX_LINES];
	SDL_Rect *outer;
	size_t n, shown;
	int line_h, font_h, inner_w, y;

	if (w->has_bg || w->frame_w > 0)
		mq_ui_draw_framed_round(d, w->rect, w->radius, w->frame_w, w->frame_color, bg);
	w->text_ink = (SDL_Rect){ 0, 0, 0, 0 };
	if (!*s || w->font_px <= 0)
		return;
	inner_w = w->rect.w - 2 * w->padding;
	line_h = w->line_h > 0 ? w->line_h : (w->font_px * 14 + 9) / 10;
	font_h = mq_ui_text_font_height(d->text, w->font_px, w->bold);
	if (w->wrap) {
		n = mq_ui_text_wrap(d->text, w->font_px, w->bold, s, inner_w, lines, MAX_LINES);
	} else {
		size_t len = strlen(s);
		const char *nl = memchr(s, '\n', len);

		lines[0].off = 0;
		lines[0].len = nl ? (size_t)(nl - s) : len;
		lines[0].width = mq_ui_text_width(d->text, w->font_px, w->bold, s, lines[0].len);
		n = 1;
	}
	shown = n < MAX_LINES ? n : MAX_LINES;
	/* Wrapped text of a plain label starts at the top; on buttons, keys
	 * and boxed labels the block sits in the middle while it fits. */
	if (w->wrap && w->role == MQ_UI_ROLE_TEXT && !w->has_bg) {
		y = w->rect.y + w->padding;
	} else {
		y = w->rect.y + (w->rect.h - (int)shown * line_h) / 2;
		if (shown > 1 && y < w->rect.y + w->padding)
			y = w->rect.y + w->padding;
	}
	y += w->text_dy;
	outer = d->ink;
	d->ink = &w->text_ink;
	for (size_t i = 0; i < shown; i++) {
		int x;

		if (y + line_h > w->rect.y + w->rect.h + line_h / 4)
			break;
		if (w->align == MQ_UI_ALIGN_CENTER)
			x = w->rect.x + (w->rect.w - lines[i].width) / 2;
		else if (w->align == MQ_UI_ALIGN_RIGHT)
			x = w->rect.x + w->rect.w - w->padding - lines[i].width;
		else
			x = w->rect.x + w->padding;
		mq_ui_draw_text(d, w->font_px, w->bold, fg, s + lines[i].off, lines[i].len, x,
				y + (line_h - font_h) / 2);
		y += line_h;
	}
	d->ink = outer;
	if (outer)
		*outer = mq_ui_rect_union(*outer, w->text_ink);
}

/* Draws (or with d->measure, measures) @p w, keeping the area it covers. */
static void draw_one(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	SDL_Rect ink = { 0, 0, 0, 0 }, *was = d->ink;

	d->ink = &ink;
	w->draw(w, d);
	d->ink = was;
	w->ink = ink;
}

void mq_ui_tree_draw(struct mq_ui_tree *tree, struct mq_ui_draw *d)
{
	for (size_t i = 0; i < tree->n; i++) {
		struct mq_ui_widget *w = tree->w[i];

		w->dirty = false;
		w->text_only = false;
		w->ink = (SDL_Rect){ 0, 0, 0, 0 };
		if (w->visible)
			draw_one(w, d);
	}
	mq_ui_damage_reset(&tree->damage);
}

void mq_ui_tree_invalidate(struct mq_ui_tree *tree)
{
	mq_ui_damage_add_all(&tree->damage);
}

/* A visible widget of the default drawing whose text alone changed: when
 * it still covers the same area, only where its text was and will be is
 * damaged (a candidate's word, not the button around it). False, having
 * changed nothing, when that does not hold. */
static bool text_damage(struct mq_ui_damage *dm, struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	SDL_Rect ink = w->ink, text = w->text_ink;

	w->text_only = false;
	if (w->draw != mq_ui_widget_draw_base || SDL_RectEmpty(&ink))
		return false;
	draw_one(w, d);
	if (!SDL_RectEquals(&ink, &w->ink)) {
		/* the text reaches out of the widget: the whole of it, as before */
		mq_ui_damage_add(dm, ink);
		mq_ui_damage_add(dm, w->ink);
		return true;
	}
	mq_ui_damage_add(dm, text);
	mq_ui_damage_add(dm, w->text_ink);
	return true;
}

size_t mq_ui_tree_take_damage(struct mq_ui_tree *tree, struct mq_ui_draw *d, SDL_Rect *out,
			      bool *full)
{
	struct mq_ui_damage *dm = &tree->damage;
	bool measure = d->measure;
	size_t n = 0;

	d->measure = true;
	for (size_t i = 0; i < tree->n; i++) {
		struct mq_ui_widget *w = tree->w[i];

		if (!w->dirty)
			continue;
		w->dirty = false;
		if (w->text_only && w->visible && !dm->full && text_damage(dm, w, d))
			continue;
		/* where it was, and (measured, not drawn) where it will be */
		mq_ui_damage_add(dm, w->ink);
		w->ink = (SDL_Rect){ 0, 0, 0, 0 };
		if (w->visible && !dm->full) {
			draw_one(w, d);
			mq_ui_damage_add(dm, w->ink);
		}
	}
	d->measure = measure;
	*full = dm->full;
	if (!dm->full) {
		n = dm->n;
		memcpy(out, dm->r, n * sizeof(*out));
	}
	mq_ui_damage_reset(dm);
	return n;
}

void mq_ui_tree_draw_areas(struct mq_ui_tree *tree, struct mq_ui_draw *d, const SDL_Rect *r,
			   size_t n, mq_ui_rgb bg)
{
	SDL_Rect *ink = d->ink;

	d->ink = NULL;
	for (size_t a = 0; a < n; a++) {
		SDL_RenderSetClipRect(d->renderer, &r[a]);
		mq_ui_draw_fill(d, r[a], bg);
		for (size_t i = 0; i < tree->n; i++) {
			struct mq_ui_widget *w = tree->w[i];

			if (w->visible && SDL_HasIntersection(&w->ink, &r[a]))
				draw_one(w, d);
		}
	}
	SDL_RenderSetClipRect(d->renderer, NULL);
	d->ink = ink;
}

void mq_ui_tree_rebuild_begin(struct mq_ui_tree *tree)
{
	struct mq_ui_widget **spare = tree->old;
	size_t spare_cap = tree->old_cap;

	free_old(tree);
	tree->old = tree->w;
	tree->old_n = tree->n;
	tree->old_cap = tree->cap;
	tree->w = spare;
	tree->cap = spare_cap;
	tree->n = 0;
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* True when @p a and @p b put the same pixels on the screen. */
static bool looks_same(const struct mq_ui_widget *a, const struct mq_ui_widget *b)
{
	if (!a->visible || !b->visible)
		return a->visible == b->visible;
	if (a->draw != b->draw || a->role != b->role || !SDL_RectEquals(&a->rect, &b->rect) ||
	    !same_text(mq_ui_widget_drawn_text(a), mq_ui_widget_drawn_text(b)) ||
	    a->font_px != b->font_px || a->bold != b->bold || a->fg != b->fg || a->bg != b->bg ||
	    a->has_bg != b->has_bg || a->pressed != b->pressed ||
	    a->has_pressed_colors != b->has_pressed_colors || a->pressed_fg != b->pressed_fg ||
	    a->pressed_bg != b->pressed_bg || a->frame_w != b->frame_w ||
	    a->frame_color != b->frame_color || a->radius != b->radius ||
	    a->padding != b->padding || a->line_h != b->line_h || a->text_dy != b->text_dy ||
	    a->align != b->align || a->wrap != b->wrap)
		return false;
	if (!a->data && !b->data)
		return true;
	return a->same && a->same == b->same && a->same(a, b);
}

void mq_ui_tree_rebuild_end(struct mq_ui_tree *tree)
{
	size_t n = tree->n > tree->old_n ? tree->n : tree->old_n;

	for (size_t i = 0; i < n; i++) {
		struct mq_ui_widget *a = i < tree->old_n ? tree->old[i] : NULL;
		struct mq_ui_widget *b = i < tree->n ? tree->w[i] : NULL;

		if (a && b && looks_same(a, b)) {
			b->ink = a->ink;        /* its pixels are on screen already */
			b->text_ink = a->text_ink;
			b->dirty = a->dirty;
			b->text_only = a->text_only;
			continue;
		}
		if (a)
			mq_ui_damage_add(&tree->damage, a->ink);
	}
	free_old(tree);
}
