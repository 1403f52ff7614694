/* common.c — what several screens need: names from the server state, the
 * five stages, the tracking and booking URLs, and the pieces the two
 * multi-step forms (filing an opinion, booking a visit) are built from. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "keyboard.h"
#include "label.h"
#include "mq_log.h"
#include "screens.h"

const char *const mq_screen_stages[5][2] = {
	{ "collected", "收集采集" }, { "triaged", "分析研判" }, { "research", "调研走访" },
	{ "consult", "协商办理" },   { "feedback", "督查反馈" },
};

const char *mq_screen_category_name(const struct mq_app *app, const char *key)
{
	const char *n = mq_state_named_find(app->state->categories, app->state->n_categories, key);

	if (!n && key && strcmp(key, "other") == 0)
		n = "其他";
	return n ? mq_tr(n) : key;
}

/* The public page @p path ("t", "b") for @p token into @p out ("" when no
 * public_url/server_url is set). */
static void page_url(const struct mq_app *app, const char *path, const char *token, char *out,
		     size_t size)
{
	const char *base = app->cfg->public_url[0] ? app->cfg->public_url
			 : app->cfg->server_url[0] ? app->cfg->server_url
						   : mq_screen_enroll_address(app);
	size_t len = strlen(base);

	while (len > 0 && base[len - 1] == '/')
		len--;
	if (len == 0 || !token || !*token) {
		if (size)
			out[0] = '\0';
		return;
	}
	snprintf(out, size, "%.*s/%s/%s", (int)len, base, path, token);
}

void mq_screen_tracking_url(const struct mq_app *app, const char *token, char *out,
			    size_t size)
{
	page_url(app, "t", token, out, size);
}

void mq_screen_booking_url(const struct mq_app *app, const char *token, char *out,
			   size_t size)
{
	page_url(app, "b", token, out, size);
}

/* --- the multi-step forms --- */

/* "<prefix>.<what>" into @p id (MQ_UI_ID_MAX bytes). */
static const char *form_id(char *id, const struct mq_screen_form *form, const char *what)
{
	snprintf(id, MQ_UI_ID_MAX, "%s.%s", form->prefix, what);
	return id;
}

void mq_screen_fill(const char *tmpl, const char *const (*vars)[2], size_t n, char *out,
		    size_t size)
{
	size_t o = 0;

	while (*tmpl && o + 1 < size) {
		size_t i = 0, len = 0;

		if (*tmpl == '{') {
			for (i = 0; i < n; i++) {
				len = strlen(vars[i][0]);
				if (strncmp(tmpl + 1, vars[i][0], len) == 0 && tmpl[1 + len] == '}')
					break;
			}
		}
		if (*tmpl == '{' && i < n) {
			o += (size_t)snprintf(out + o, size - o, "%s", vars[i][1]);
			if (o >= size)
				o = size - 1;
			tmpl += len + 2;
		} else {
			out[o++] = *tmpl++;
		}
	}
	out[o] = '\0';
}

bool mq_screen_is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

void mq_screen_announce(struct mq_ui_tree *tree, const char *const *ids)
{
	for (; *ids; ids++)
		mq_ui_widget_set_announce(mq_ui_tree_find(tree, *ids), true);
}

void mq_screen_silence_pad(struct mq_ui_tree *tree, const char *prefix)
{
	char want[MQ_UI_ID_MAX];
	size_t n = (size_t)snprintf(want, sizeof(want), "%s.key.", prefix);

	for (size_t i = 0; i < mq_ui_tree_count(tree); i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(tree, i);

		if (strncmp(mq_ui_widget_id(w), want, n) == 0)
			mq_ui_widget_set_spoken(w, "");
	}
}

int mq_screen_build_header(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			   const struct mq_screen_form *form, int step, int steps,
			   const char *title, const char *hint)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_theme_line_h(t, t->font_title), y, sw;
	char label[64], id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(label, sizeof(label), form->questions ? "Question %d of %d" : "Step %d of %d",
			 step, steps);
	else
		snprintf(label, sizeof(label), form->questions ? "第%d题，共%d题" : "第%d步，共%d步",
			 step, steps);
	sw = mq_ui_text_width(app->text, t->font_body, false, label, strlen(label)) + t->gap;
	w = mq_ui_label_create(tree, t, form_id(id, form, "title"), title,
			       (SDL_Rect){ c.x, c.y, c.w - sw - t->gap, h }, t->font_title, true,
			       t->text, t->bg);
	if (w) {
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
		mq_ui_widget_set_announce(w, true);
	}
	w = mq_ui_label_create(tree, t, form_id(id, form, "step"), label,
			       (SDL_Rect){ c.x + c.w - sw, c.y, sw, h }, t->font_body, false,
			       t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
	y = c.y + h;
	if (hint) {
		int hh = mq_ui_label_measure(app->text, t, hint, t->font_body, false, c.w);

		w = mq_ui_label_create(tree, t, form_id(id, form, "hint"), hint,
				       (SDL_Rect){ c.x, y, c.w, hh }, t->font_body, false,
				       t->text_muted, t->bg);
		mq_ui_widget_set_announce(w, true);
		y += hh;
	}
	return y;
}

void mq_screen_show_message(struct mq_app *app, const struct mq_screen_form *form,
			    const char *zh, bool error)
{
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *m = mq_ui_tree_find(app->tree, form_id(id, form, "message"));
	struct mq_screen_message *msg = form->message(app);

	snprintf(msg->text, sizeof(msg->text), "%s", zh ? zh : "");
	msg->error = error;
	if (m) {
		char buf[300];

		snprintf(buf, sizeof(buf), "%s%s", zh && error ? mq_tr("请注意：") : "",
			 zh ? mq_tr(zh) : "");
		(void)mq_ui_widget_set_text(m, buf);
		mq_ui_widget_set_visible(m, zh != NULL);
	}
	mq_app_invalidate(app);
}

void mq_screen_build_message(struct mq_app *app, struct mq_ui_tree *tree,
			     const struct mq_screen_form *form, SDL_Rect r, bool error)
{
	const struct mq_ui_theme *t = &app->theme;
	const struct mq_screen_message *msg = form->message(app);
	struct mq_ui_widget *w;
	char buf[300], id[MQ_UI_ID_MAX];

	snprintf(buf, sizeof(buf), "%s%s", msg->text[0] && error ? mq_tr("请注意：") : "",
		 msg->text[0] ? mq_tr(msg->text) : "");
	w = mq_ui_label_create(tree, t, form_id(id, form, "message"), buf, r, t->font_body, true,
			       t->error_fg, t->error_bg);
	if (w) {
		mq_ui_widget_set_colors(w, t->error_fg, t->error_bg, true);
		mq_ui_widget_set_frame(w, 0, 0, t->radius_small);
		mq_ui_widget_set_padding(w, t->gap_small);
		mq_ui_widget_set_visible(w, msg->text[0] != '\0');
	}
}

void mq_screen_build_back(struct mq_app *app, struct mq_ui_tree *tree,
			  const struct mq_screen_form *form, const char *label, SDL_Rect r)
{
	char id[MQ_UI_ID_MAX];

	(void)mq_ui_button_create(tree, &app->theme, form_id(id, form, "back"), mq_tr(label), r,
				  MQ_UI_BUTTON_SECONDARY, app->theme.font_body, form->back, app);
}

void mq_screen_build_next(struct mq_app *app, struct mq_ui_tree *tree,
			  const struct mq_screen_form *form, SDL_Rect r, bool dimmed)
{
	char id[MQ_UI_ID_MAX];

	(void)mq_ui_button_create(tree, &app->theme, form_id(id, form, "next"), mq_tr("下一步"), r,
				  dimmed ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY,
				  app->theme.font_title, form->next, app);
}

void mq_screen_build_nav(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			 const struct mq_screen_form *form, const char *back_label, bool next,
			 bool next_dimmed)
{
	const struct mq_ui_theme *t = &app->theme;
	int bw = t->touch_min * 4, y = c.y + c.h - t->button_h;

	mq_screen_build_back(app, tree, form, back_label, (SDL_Rect){ c.x, y, bw, t->button_h });
	if (next)
		mq_screen_build_next(app, tree, form,
				     (SDL_Rect){ c.x + c.w - bw, y, bw, t->button_h }, next_dimmed);
}

void mq_screen_build_keyboard(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			      struct mq_ui_widget *input, mq_ui_change_cb on_change)
{
	const struct mq_ui_theme *t = &app->theme;
	int kb_h = mq_ui_keyboard_height(app->kb, t);

	if (!mq_ui_keyboard_build(app->kb, tree, t, (SDL_Rect){ c.x, c.y + c.h - kb_h, c.w, kb_h }))
		mq_log_error("ui", "cannot build the on-screen keyboard");
	if (input) {
		mq_ui_input_set_on_change(input, on_change, app);
		mq_app_set_focus(app, input);
	}
}

SDL_Rect mq_screen_build_phone_field(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
				     int y, const struct mq_screen_form *form, const char *phone)
{
	const struct mq_ui_theme *t = &app->theme;
	int left_w = c.w / 2 - t->gap;
	int field_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	w = mq_ui_widget_create(tree, form_id(id, form, "phone"), MQ_UI_ROLE_INPUT,
				(SDL_Rect){ c.x, y, left_w, field_h });
	if (w && mq_ui_widget_set_text(w, phone)) {
		mq_ui_widget_set_font(w, t->font_huge, true);
		mq_ui_widget_set_colors(w, t->text, t->surface, true);
		mq_ui_widget_set_frame(w, t->border * 2, t->primary, t->radius_small);
		mq_ui_widget_set_padding(w, t->gap);
		mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, t->font_huge));
	}
	y += field_h + t->gap;
	return (SDL_Rect){ c.x, y, left_w, c.y + c.h - t->button_h - t->gap - y };
}

void mq_screen_build_phone_pad(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			       int y, void (*on_key)(struct mq_ui_digitpad *pad, char key))
{
	const struct mq_ui_theme *t = &app->theme;
	int left_w = c.w / 2 - t->gap, pad_x = c.x + left_w + 2 * t->gap;
	int pad_w = c.w - left_w - 2 * t->gap, pad_h = c.y + c.h - t->button_h - t->gap - y;

	app->pad = (struct mq_ui_digitpad){ on_key, app };
	if (pad_h > mq_ui_digitpad_height(t) * 3 / 2)
		pad_h = mq_ui_digitpad_height(t) * 3 / 2;
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "phone",
				   (SDL_Rect){ pad_x, c.y + mq_ui_theme_line_h(t, t->font_title) + t->gap,
					       pad_w, pad_h });
}

bool mq_screen_type_phone(struct mq_app *app, const struct mq_screen_form *form, char *phone,
			  size_t size, char key)
{
	size_t n = strlen(phone);
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w = mq_ui_tree_find(app->tree, form_id(id, form, "phone"));

	if (key == '\b') {
		if (n)
			phone[n - 1] = '\0';
	} else if (key == 'c') {
		memset(phone, 0, size);
	} else if (mq_ui_phone_accepts(phone, key)) {
		phone[n] = key;
		phone[n + 1] = '\0';
	} else {
		mq_screen_show_message(app, form, n >= 11 ? "号码已经够长了" : "这不像电话号码：手机号码以1开头，共11位；座机请先输入区号（以0开头）",
				       true);
		return false;
	}
	if (w)
		(void)mq_ui_widget_set_text(w, phone);
	if (form->message(app)->text[0])
		mq_screen_show_message(app, form, NULL, false);
	mq_app_invalidate(app);
	return true;
}

int mq_screen_build_review_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
			       const struct mq_screen_form *form, const char *key,
			       const char *what, const char *value, int what_w, int px,
			       int max_lines)
{
	const struct mq_ui_theme *t = &app->theme;
	int edit_w = t->touch_min * 2, line_h = mq_ui_theme_line_h(t, px);
	int vw = c.w - what_w - edit_w - 2 * t->gap;
	int h = mq_ui_label_measure(app->text, t, value, px, false, vw);
	char id[MQ_UI_ID_MAX];

	if (h > max_lines * line_h)
		h = max_lines * line_h;
	if (h < t->touch_min)
		h = t->touch_min;
	snprintf(id, sizeof(id), "%s.review.%s.label", form->prefix, key);
	(void)mq_ui_label_create(tree, t, id, what, (SDL_Rect){ c.x, y, what_w, line_h },
				 t->font_body, true, t->text_muted, t->bg);
	snprintf(id, sizeof(id), "%s.review.%s", form->prefix, key);
	(void)mq_ui_label_create(tree, t, id, value, (SDL_Rect){ c.x + what_w + t->gap, y, vw, h },
				 px, false, t->text, t->bg);
	snprintf(id, sizeof(id), "%s.edit.%s", form->prefix, key);
	(void)mq_ui_button_create(tree, t, id, mq_tr("修改"),
				  (SDL_Rect){ c.x + c.w - edit_w, y, edit_w, t->touch_min },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, form->edit, app);
	return h + t->gap_small;
}

void mq_screen_build_submit(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			    const struct mq_screen_form *form, const char *label, int submit_w,
			    bool error)
{
	const struct mq_ui_theme *t = &app->theme;
	int back_w = t->touch_min * 4, submit_h = t->big_button_h * 2 / 3;
	char id[MQ_UI_ID_MAX];

	mq_screen_build_message(app, tree, form,
				(SDL_Rect){ c.x + back_w + t->gap, c.y + c.h - submit_h,
					    c.w - back_w - submit_w - 2 * t->gap, submit_h },
				error);
	mq_screen_build_back(app, tree, form, "上一步",
			     (SDL_Rect){ c.x, c.y + c.h - t->button_h, back_w, t->button_h });
	(void)mq_ui_button_create(tree, t, form_id(id, form, "submit"), mq_tr(label),
				  (SDL_Rect){ c.x + c.w - submit_w, c.y + c.h - submit_h, submit_w,
					      submit_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_huge, form->submit, app);
}

void mq_screen_pad_field(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			 const char *text, bool active, SDL_Rect r, mq_ui_tap_cb on_tap)
{
	const struct mq_ui_theme *t = &app->theme;
	struct mq_ui_widget *w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_INPUT, r);

	if (!w || !mq_ui_widget_set_text(w, text))
		return;
	mq_ui_widget_set_font(w, t->font_huge, true);
	mq_ui_widget_set_colors(w, t->text, t->surface, true);
	/* the field the pad types into: a thick outline and ▶ in words' place */
	mq_ui_widget_set_frame(w, active ? t->border * 3 : t->border, active ? t->primary : t->outline,
			       t->radius_small);
	mq_ui_widget_set_padding(w, t->gap_small);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, t->font_huge));
	mq_ui_widget_set_on_tap(w, on_tap, app);
}

int mq_screen_text_line(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			const char *text, SDL_Rect r, int px, bool bold, mq_ui_rgb fg)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_label_measure(app->text, t, text, px, bold, r.w);

	(void)mq_ui_label_create(tree, t, id, text, (SDL_Rect){ r.x, r.y, r.w, h }, px, bold, fg,
				 t->bg);
	return h;
}

void mq_screen_message_box(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			   SDL_Rect r, const char *text, bool error)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_label_measure(app->text, t, text, t->font_body, true, r.w - 2 * t->gap_small);
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, id, text,
			       (SDL_Rect){ r.x, r.y, r.w, h + 2 * t->gap_small }, t->font_body,
			       true, error ? t->error_fg : t->ok_fg, error ? t->error_bg : t->surface);
	if (w) {
		mq_ui_widget_set_colors(w, error ? t->error_fg : t->ok_fg,
					error ? t->error_bg : t->surface, true);
		mq_ui_widget_set_padding(w, t->gap_small);
	}
}
