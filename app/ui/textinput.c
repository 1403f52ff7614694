/* textinput.c — the text field. The widget's text is the field's content,
 * so the dump shows exactly what the resident typed. */
#include "textinput.h"

#include <stdlib.h>
#include <string.h>

#include "widget_private.h"

#define MAX_LINES 512

struct input {
	size_t max_chars;
	size_t count;
	char *placeholder;
	mq_ui_rgb placeholder_fg, focus_color, caret_color;
	int focus_w;
	bool focused;
	mq_ui_change_cb on_change;
	void *change_cls;
};

static void input_free(void *data)
{
	struct input *in = data;

	if (in)
		free(in->placeholder);
	free(in);
}

static void input_draw(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	struct input *in = w->data;
	const struct mq_ui_theme *t = d->theme;
	struct mq_ui_line lines[MAX_LINES];
	int line_h = w->line_h, font_h, inner_w, inner_h, visible, caret_x, y;
	size_t n, first;

	mq_ui_draw_framed_round(d, w->rect, w->radius, in->focused ? in->focus_w : w->frame_w,
				in->focused ? in->focus_color : w->frame_color, w->bg);
	inner_w = w->rect.w - 2 * w->padding;
	inner_h = w->rect.h - 2 * w->padding;
	font_h = mq_ui_text_font_height(d->text, w->font_px, w->bold);
	visible = line_h > 0 ? inner_h / line_h : 1;
	if (visible < 1)
		visible = 1;
	if (!*w->text && in->placeholder) {
		n = mq_ui_text_wrap(d->text, w->font_px, w->bold, in->placeholder, inner_w, lines,
				    MAX_LINES);
		y = w->rect.y + w->padding;
		for (size_t i = 0; i < n && i < (size_t)visible && i < MAX_LINES; i++) {
			mq_ui_draw_text(d, w->font_px, w->bold, in->placeholder_fg,
					in->placeholder + lines[i].off, lines[i].len,
					w->rect.x + w->padding + t->border * 2,
					y + (line_h - font_h) / 2);
			y += line_h;
		}
		n = 1;
		lines[0].width = 0;
		first = 0;
	} else {
		/* Keep a little room for the caret, and show the last lines:
		 * the caret is always at the end. */
		n = mq_ui_text_wrap(d->text, w->font_px, w->bold, w->text, inner_w - t->border * 3,
				    lines, MAX_LINES);
		if (n > MAX_LINES)
			n = MAX_LINES;
		first = n > (size_t)visible ? n - (size_t)visible : 0;
		y = w->rect.y + w->padding;
		for (size_t i = first; i < n; i++) {
			mq_ui_draw_text(d, w->font_px, w->bold, w->fg, w->text + lines[i].off,
					lines[i].len, w->rect.x + w->padding,
					y + (line_h - font_h) / 2);
			y += line_h;
		}
	}
	if (in->focused) {
		size_t last = n - 1;
		SDL_Rect caret;

		caret_x = w->rect.x + w->padding + lines[last].width + 1;
		caret.x = caret_x;
		caret.y = w->rect.y + w->padding + (int)(last - first) * line_h + (line_h - font_h) / 2;
		caret.w = t->border > 1 ? t->border : 2;
		caret.h = font_h;
		mq_ui_draw_fill(d, caret, in->caret_color);
	}
}

/* Two fields draw alike with the same placeholder, colours and focus (the
 * text and the rest are the widget's own). */
static bool input_same(const struct mq_ui_widget *a, const struct mq_ui_widget *b)
{
	const struct input *x = a->data, *y = b->data;

	return x->focused == y->focused && x->focus_w == y->focus_w &&
	       x->placeholder_fg == y->placeholder_fg && x->focus_color == y->focus_color &&
	       x->caret_color == y->caret_color && !x->placeholder == !y->placeholder &&
	       (!x->placeholder || strcmp(x->placeholder, y->placeholder) == 0);
}

struct mq_ui_widget *mq_ui_input_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					const char *id, SDL_Rect rect, size_t max_chars,
					const char *initial, const char *placeholder)
{
	struct mq_ui_widget *w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_INPUT, rect);
	struct input *in;

	if (!w)
		return NULL;
	in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	w->data = in;
	w->data_free = input_free;
	w->draw = input_draw;
	w->same = input_same;
	in->max_chars = max_chars;
	if (placeholder && !(in->placeholder = strdup(placeholder)))
		return NULL;
	in->placeholder_fg = t->text_muted;
	in->focus_color = t->primary;
	in->caret_color = t->primary;
	in->focus_w = t->border * 2;
	mq_ui_widget_set_font(w, t->font_body, false);
	mq_ui_widget_set_colors(w, t->text, t->surface, true);
	mq_ui_widget_set_frame(w, t->border, t->outline, t->radius_small);
	mq_ui_widget_set_padding(w, t->gap);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, t->font_body));
	if (initial)
		(void)mq_ui_input_insert(w, initial);
	return w;
}

bool mq_ui_input_is(const struct mq_ui_widget *w)
{
	return w && w->draw == input_draw;
}

bool mq_ui_input_insert(struct mq_ui_widget *w, const char *s)
{
	struct input *in = w->data;
	size_t have = strlen(w->text), add = strlen(s), out = 0, step;
	bool all = true;
	char *buf = malloc(have + add * 1 + 1);

	if (!buf)
		return false;
	memcpy(buf, w->text, have);
	out = have;
	for (size_t i = 0; i < add; i += step) {
		uint32_t cp = mq_ui_utf8_next(s + i, add - i, &step);

		if (in->count >= in->max_chars) {
			all = false;
			break;
		}
		if (cp == '\t') {
			buf[out++] = ' ';
		} else if ((cp < 0x20 && cp != '\n') || cp == 0x7F || cp == 0xFFFD) {
			continue;
		} else {
			memcpy(buf + out, s + i, step);
			out += step;
		}
		in->count++;
	}
	buf[out] = '\0';
	free(w->text);
	w->text = buf;
	mq_ui_widget_invalidate(w);
	if (in->on_change)
		in->on_change(w, in->change_cls);
	return all;
}

bool mq_ui_input_backspace(struct mq_ui_widget *w)
{
	struct input *in = w->data;
	size_t len = strlen(w->text), last = mq_ui_utf8_last_len(w->text, len);

	if (len == 0)
		return false;
	w->text[len - last] = '\0';
	mq_ui_widget_invalidate(w);
	if (in->count > 0)
		in->count--;
	if (in->on_change)
		in->on_change(w, in->change_cls);
	return true;
}

size_t mq_ui_input_count(const struct mq_ui_widget *w)
{
	return ((const struct input *)w->data)->count;
}

size_t mq_ui_input_max(const struct mq_ui_widget *w)
{
	return ((const struct input *)w->data)->max_chars;
}

void mq_ui_input_set_on_change(struct mq_ui_widget *w, mq_ui_change_cb cb, void *cls)
{
	struct input *in = w->data;

	in->on_change = cb;
	in->change_cls = cls;
}

void mq_ui_input_set_focused(struct mq_ui_widget *w, bool focused)
{
	struct input *in = w->data;

	if (in->focused != focused)
		mq_ui_widget_invalidate(w);
	in->focused = focused;
}
