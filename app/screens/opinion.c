/* opinion.c — filing an opinion (反映民意): step 1 the resident picks a
 * category, step 2 writes the text on the on-screen keyboard and submits.
 * The record goes to the local store (one transaction with its outbox
 * entry); sync is kicked; the confirmation screen shows the receipt. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "keyboard.h"
#include "label.h"
#include "mq_log.h"
#include "mq_time.h"
#include "screens.h"
#include "textinput.h"

#define MAX_CATEGORIES 24

/* The categories from the server state, or just 其他 before the first sync. */
static size_t categories(const struct mq_ui_app *app, const char **keys, const char **names,
			 size_t max)
{
	json_t *list = app->state ? json_object_get(app->state, "categories") : NULL;
	size_t n = 0, i;
	json_t *c;

	json_array_foreach(list, i, c) {
		const char *key = json_string_value(json_object_get(c, "key"));
		const char *name = json_string_value(json_object_get(c, "name"));

		if (n == max)
			break;
		if (!key || !*key || strlen(key) >= sizeof(app->s.category))
			continue;
		keys[n] = key;
		names[n] = name && *name ? name : key;
		n++;
	}
	if (n == 0) {
		keys[0] = "other";
		names[0] = "其他";
		n = 1;
	}
	return n;
}

static const char *category_name(const struct mq_ui_app *app, const char *key)
{
	const char *keys[MAX_CATEGORIES], *names[MAX_CATEGORIES];
	size_t n = categories(app, keys, names, MAX_CATEGORIES);

	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return mq_tr(names[i]);
	return key;
}

static void tap_category(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_app *app = cls;
	const char *key = mq_ui_widget_id(w) + strlen("opinion.category.");

	snprintf(app->s.category, sizeof(app->s.category), "%s", key);
	app->s.step = 2;
	app->s.message[0] = '\0';
	mq_ui_app_relayout(app);
}

static void tap_back(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_app *app = cls;

	app->s.message[0] = '\0';
	if (app->s.step == 2) {
		app->s.step = 1;        /* the text stays, in case they only change category */
		mq_ui_app_relayout(app);
	} else {
		mq_ui_app_clear_session(app);
		mq_ui_app_go(app, MQ_SCREEN_HOME);
	}
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

static void show_message(struct mq_ui_app *app, const char *zh, bool error)
{
	struct mq_ui_widget *m = mq_ui_tree_find(app->tree, "opinion.message");

	snprintf(app->s.message, sizeof(app->s.message), "%s", zh ? zh : "");
	app->s.message_is_error = error;
	if (m) {
		(void)mq_ui_widget_set_text(m, zh ? mq_tr(zh) : "");
		mq_ui_widget_set_visible(m, zh != NULL);
	}
	mq_ui_app_invalidate(app);
}

/* Counter, submit look and the draft follow every keystroke. */
static void text_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_app *app = cls;
	struct mq_ui_widget *count = mq_ui_tree_find(app->tree, "opinion.count");
	struct mq_ui_widget *submit = mq_ui_tree_find(app->tree, "opinion.submit");
	char buf[64];

	snprintf(app->s.text, sizeof(app->s.text), "%s", mq_ui_widget_text(w));
	if (count) {
		snprintf(buf, sizeof(buf), "%zu / %d", mq_ui_input_count(w), MQ_UI_OPINION_MAX_CHARS);
		(void)mq_ui_widget_set_text(count, buf);
	}
	if (submit)
		mq_ui_button_set_style(submit, &app->theme,
				       blank(app->s.text) ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY);
	if (app->s.message[0])
		show_message(app, NULL, false);
	mq_ui_app_invalidate(app);
}

static void tracking_url(struct mq_ui_app *app)
{
	const char *base = app->cfg->public_url[0] ? app->cfg->public_url : app->cfg->server_url;
	size_t len = strlen(base);

	while (len > 0 && base[len - 1] == '/')
		len--;
	if (len == 0) {
		app->s.url[0] = '\0';
		mq_log_warn("ui", "no public_url or server_url configured: the receipt has no QR code");
		return;
	}
	snprintf(app->s.url, sizeof(app->s.url), "%.*s/t/%s", (int)len, base,
		 app->s.receipt.token);
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_app *app = cls;
	struct mq_opinion_draft draft = { 0 };
	enum mq_err err;

	if (blank(app->s.text)) {
		show_message(app, "请先写下您的意见，再点“提交”", true);
		return;
	}
	draft.category = app->s.category[0] ? app->s.category : "other";
	draft.text = app->s.text;
	if (!app->store) {
		err = MQ_ERR_DB;
		mq_log_error("ui", "no store: cannot save the opinion");
	} else {
		err = mq_store_add_opinion(app->store, &draft, mq_time_now(), &app->s.receipt);
	}
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot save opinion (%s)%s", mq_strerror(err),
			     err == MQ_ERR_DISK_FULL ? ": the disk is full" : "");
		show_message(app, "暂时无法保存，请联系工作人员", true);
		return;
	}
	mq_log_info("ui", "opinion %s queued (category %s)", app->s.receipt.id, draft.category);
	if (app->sync)
		mq_sync_kick(app->sync);
	tracking_url(app);
	/* The words are in the store now; the kiosk screen forgets them. */
	memset(app->s.text, 0, sizeof(app->s.text));
	app->s.message[0] = '\0';
	mq_ui_app_go(app, MQ_SCREEN_CONFIRM);
}

static int header(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c, const char *title,
		  const char *step)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_theme_line_h(t, t->font_title);
	int sw = mq_ui_text_width(app->text, t->font_body, false, step, strlen(step)) + t->gap;
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, "opinion.title", title,
			       (SDL_Rect){ c.x, c.y, c.w - sw - t->gap, h }, t->font_title, true,
			       t->text, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	w = mq_ui_label_create(tree, t, "opinion.step", step,
			       (SDL_Rect){ c.x + c.w - sw, c.y, sw, h }, t->font_body, false,
			       t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
	return h;
}

static void build_categories(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	const char *keys[MAX_CATEGORIES], *names[MAX_CATEGORIES];
	size_t n = categories(app, keys, names, MAX_CATEGORIES);
	int cols, rows, bw, bh, y, grid_w, avail;
	char id[MQ_UI_ID_MAX];

	y = c.y + header(app, tree, c, mq_tr("请选择您要反映的问题类别"), mq_tr("第1步，共2步"));
	(void)mq_ui_label_create(tree, t, "opinion.hint", mq_tr("点一下类别，就进入下一步"),
				 (SDL_Rect){ c.x, y, c.w, mq_ui_theme_line_h(t, t->font_body) },
				 t->font_body, false, t->text_muted, t->bg);
	y += mq_ui_theme_line_h(t, t->font_body) + t->gap * 2;
	cols = t->elder ? 2 : 3;
	if ((int)n < cols)
		cols = (int)n;
	rows = ((int)n + cols - 1) / cols;
	avail = c.y + c.h - t->button_h - t->gap * 2 - y;
	bh = (avail - (rows - 1) * t->gap) / rows;
	if (bh > t->big_button_h)
		bh = t->big_button_h;
	if (bh < t->touch_min)
		bh = t->touch_min;
	/* Never wider than a third of the screen (elder: half): one lone
	 * category must still look like a button, not a banner. */
	bw = (c.w - 2 * t->gap) / (t->elder ? 2 : 3);
	grid_w = cols * bw + (cols - 1) * t->gap;
	for (size_t i = 0; i < n; i++) {
		int col = (int)i % cols, row = (int)i / cols;

		if (snprintf(id, sizeof(id), "opinion.category.%s", keys[i]) >= (int)sizeof(id))
			continue;
		(void)mq_ui_button_create(tree, t, id, mq_tr(names[i]),
					  (SDL_Rect){ c.x + (c.w - grid_w) / 2 + col * (bw + t->gap),
						      y + row * (bh + t->gap), bw, bh },
					  MQ_UI_BUTTON_SECONDARY, t->font_title, tap_category, app);
	}
	(void)mq_ui_button_create(tree, t, "opinion.back", mq_tr("返回"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h, t->touch_min * 3,
					      t->button_h },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_back, app);
}

static void build_text(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	int kb_h = mq_ui_keyboard_height(app->kb, t);
	int side_w = mq_ui_theme_px(t, 220);
	int line_h = mq_ui_theme_line_h(t, t->font_body);
	int y, input_h, input_w, side_x, submit_h, back_h, cat_h, count_w, msg_h;
	char cat[160], count[64];
	struct mq_ui_widget *w, *input;

	snprintf(cat, sizeof(cat), "%s%s", mq_tr("类别："), category_name(app, app->s.category));
	y = c.y + header(app, tree, c, mq_tr("请写下您的意见"), mq_tr("第2步，共2步")) + t->gap;
	input_h = c.y + c.h - kb_h - t->gap - y;
	input_w = c.w - side_w - t->gap;
	side_x = c.x + input_w + t->gap;

	input = mq_ui_input_create(tree, t, "opinion.text", (SDL_Rect){ c.x, y, input_w, input_h },
				   MQ_UI_OPINION_MAX_CHARS, app->s.text,
				   mq_tr("请在这里写下您遇到的问题和建议"));

	/* The counter and any message sit inside the field's bottom edge, so
	 * the side column only needs the category and the two buttons, even
	 * in elder mode. */
	snprintf(count, sizeof(count), "%zu / %d", input ? mq_ui_input_count(input) : (size_t)0,
		 MQ_UI_OPINION_MAX_CHARS);
	count_w = mq_ui_text_width(app->text, t->font_small, false, "0000 / 0000", 11) + t->gap;
	w = mq_ui_label_create(tree, t, "opinion.count", count,
			       (SDL_Rect){ c.x + input_w - count_w - t->gap_small,
					   y + input_h - line_h - t->gap_small, count_w, line_h },
			       t->font_small, false, t->text_muted, t->surface);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
	msg_h = line_h * 2 + t->gap;
	w = mq_ui_label_create(tree, t, "opinion.message",
			       app->s.message[0] ? mq_tr(app->s.message) : "",
			       (SDL_Rect){ c.x + t->gap_small, y + input_h - msg_h - t->gap_small,
					   input_w - count_w - 3 * t->gap_small, msg_h },
			       t->font_body, true, t->error_fg, t->error_bg);
	if (w) {
		mq_ui_widget_set_colors(w, t->error_fg, t->error_bg, true);
		mq_ui_widget_set_frame(w, 0, 0, t->radius_small);
		mq_ui_widget_set_padding(w, t->gap_small);
		mq_ui_widget_set_visible(w, app->s.message[0] != '\0');
	}

	cat_h = mq_ui_label_measure(app->text, t, cat, t->font_body, true, side_w);
	(void)mq_ui_label_create(tree, t, "opinion.category", cat,
				 (SDL_Rect){ side_x, y, side_w, cat_h }, t->font_body, true, t->text,
				 t->bg);
	/* 提交 gets what is left under the category, up to two rows; 上一步
	 * gives up height first, never below the touch target. */
	back_h = t->button_h;
	submit_h = input_h - cat_h - back_h - 2 * t->gap;
	if (submit_h > t->button_h * 2)
		submit_h = t->button_h * 2;
	if (submit_h < t->button_h) {
		back_h -= t->button_h - submit_h;
		if (back_h < t->touch_min)
			back_h = t->touch_min;
		submit_h = t->button_h;
	}
	(void)mq_ui_button_create(tree, t, "opinion.back", mq_tr("上一步"),
				  (SDL_Rect){ side_x, y + input_h - submit_h - t->gap - back_h,
					      side_w, back_h },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_back, app);
	(void)mq_ui_button_create(tree, t, "opinion.submit", mq_tr("提交"),
				  (SDL_Rect){ side_x, y + input_h - submit_h, side_w, submit_h },
				  blank(app->s.text) ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY,
				  t->font_title, tap_submit, app);

	if (!mq_ui_keyboard_build(app->kb, tree, t,
				  (SDL_Rect){ c.x, c.y + c.h - kb_h, c.w, kb_h }))
		mq_log_error("ui", "cannot build the on-screen keyboard");
	if (input) {
		mq_ui_input_set_on_change(input, text_changed, app);
		mq_ui_app_set_focus(app, input);
	}
}

void mq_screen_opinion_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	if (app->s.step == 2)
		build_text(app, tree, c);
	else
		build_categories(app, tree, c);
}
