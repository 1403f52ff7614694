/* track.c — 查询进度: the resident types the 8-digit short code from their
 * receipt on a big digits pad, or holds the receipt's QR code to the
 * scanner (a USB scanner types like a keyboard: the tracking URL, then
 * Return). The kiosk looks the opinion up in its own synced store and shows
 * the five-step timeline (said in words and icons, not colour alone) and a
 * QR code to continue on the phone. Opinions filed elsewhere are not in
 * this kiosk's store: the screen says so and points to the phone. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "icon.h"
#include "label.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_store_lookup.h"
#include "qr.h"
#include "screens.h"

/* What one resident is looking up; wiped when they finish or walk away. */
struct track {
	char code[MQ_SHORT_CODE_LEN + 1];           /* typed on the digits pad */
	char scan[512];                             /* a scanner burst in progress */
	bool searched;                              /* a lookup ran */
	bool found;
	struct mq_store_opinion_view opinion;       /* what it found */
	struct mq_screen_message message;
};

static struct track *tr(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_track);
}

static void lookup_code(struct mq_app *app)
{
	struct track *k = tr(app);
	enum mq_err err = MQ_ERR_NOT_FOUND;

	k->searched = true;
	k->found = false;
	if (app->store && strlen(k->code) == MQ_SHORT_CODE_LEN)
		err = mq_store_find_opinion(app->store, k->code, &k->opinion);
	k->found = err == MQ_OK;
	if (err != MQ_OK && err != MQ_ERR_NOT_FOUND && err != MQ_ERR_INVALID)
		mq_log_error("ui", "track: lookup failed (%s)", mq_strerror(err));
	mq_app_relayout(app);
}

static void submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct track *k = tr(app);

	if (strlen(k->code) != MQ_SHORT_CODE_LEN) {
		k->searched = false;
		snprintf(k->message.text, sizeof(k->message.text), "%s", "查询码是8位数字，请输完整");
		mq_app_relayout(app);
		return;
	}
	k->message.text[0] = '\0';
	lookup_code(app);
}

static void pad_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct track *k = tr(app);
	size_t n = strlen(k->code);

	k->message.text[0] = '\0';
	if (key == '\b' && n > 0)
		k->code[n - 1] = '\0';
	else if (key == 'c')
		memset(k->code, 0, sizeof(k->code));
	else if (key >= '0' && key <= '9' && n < MQ_SHORT_CODE_LEN)
		k->code[n] = key;
	k->searched = false;
	mq_app_relayout(app);
}

void mq_screen_track_scan(struct mq_app *app, const char *text)
{
	struct track *k = tr(app);
	size_t have = strlen(k->scan), add = strlen(text);
	const char *tok;
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (strcmp(text, "\n") != 0) {
		if (have + add < sizeof(k->scan))
			memcpy(k->scan + have, text, add + 1);
		return;
	}
	/* Return: a tracking URL (…/t/TOKEN), a bare token, or a short code. */
	tok = strstr(k->scan, "/t/");
	tok = tok ? tok + 3 : k->scan;
	k->searched = true;
	k->found = false;
	k->message.text[0] = '\0';
	if (mq_id_is_short_code(tok)) {
		snprintf(k->code, sizeof(k->code), "%s", tok);
		memset(k->scan, 0, sizeof(k->scan));
		lookup_code(app);
		return;
	}
	if (app->store && mq_id_is_token(tok))
		err = mq_store_find_opinion_by_token(app->store, tok, &k->opinion);
	if (err == MQ_OK) {
		k->found = true;
		snprintf(k->code, sizeof(k->code), "%s", k->opinion.short_code);
	} else if (!mq_id_is_token(tok)) {
		snprintf(k->message.text, sizeof(k->message.text), "%s",
			 "这个二维码不是本系统的回执，请扫描回执上的二维码");
		k->searched = false;
	}
	memset(k->scan, 0, sizeof(k->scan));
	mq_app_relayout(app);
}

static int stage_index(const char *stage)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(mq_screen_stages[i][0], stage) == 0)
			return i;
	return 0;
}

static void build_result(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	const struct mq_store_opinion_view *o = &k->opinion;
	int line_h = mq_ui_theme_line_h(t, t->font_body), y = r.y, cur = stage_index(o->stage);
	int row_h = line_h > t->touch_min ? line_h : t->touch_min, qr_side, tl_w;
	char buf[256], day[32], id[MQ_UI_ID_MAX], url[1100];
	int64_t at = 0;
	struct mq_ui_widget *w;

	(void)mq_time_parse_rfc3339(o->created_at, &at);
	mq_time_format_shanghai(at, mq_i18n_lang() == MQ_LANG_EN ? "%Y-%m-%d" : "%Y年%m月%d日", day,
				sizeof(day));
	snprintf(buf, sizeof(buf), "%s %s · %s %s", mq_tr("类别："),
		 mq_screen_category_name(app, o->category), mq_tr("提交于"), day);
	w = mq_ui_label_create(tree, t, "track.summary", buf, (SDL_Rect){ r.x, y, r.w, line_h * 2 },
			       t->font_body, true, t->text, t->bg);
	y += line_h * 2 + t->gap_small;
	qr_side = r.h - (y - r.y) - line_h;
	if (qr_side > r.w * 2 / 5)
		qr_side = r.w * 2 / 5;
	tl_w = r.w - qr_side - t->gap;
	for (int i = 0; i < 5; i++) {
		const char *state = i < cur ? mq_tr("已完成") : i == cur ? mq_tr("进行中")
									 : mq_tr("未开始");
		const char *icon = i < cur ? "check_circle" : i == cur ? "circle" : "circle_o";
		mq_ui_rgb fg = i <= cur ? (i < cur ? t->ok_fg : t->primary) : t->text_muted;

		snprintf(id, sizeof(id), "track.stage.%s.icon", mq_screen_stages[i][0]);
		(void)mq_ui_icon_create(tree, id, icon, (SDL_Rect){ r.x, y, row_h, row_h },
					t->font_body, fg, t->bg);
		snprintf(id, sizeof(id), "track.stage.%s", mq_screen_stages[i][0]);
		snprintf(buf, sizeof(buf), "%d. %s — %s", i + 1, mq_tr(mq_screen_stages[i][1]), state);
		w = mq_ui_label_create(tree, t, id, buf,
				       (SDL_Rect){ r.x + row_h + t->gap_small, y, tl_w - row_h, row_h },
				       t->font_body, i == cur, i == cur ? t->primary : t->text, t->bg);
		if (w)
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
		y += row_h + t->gap_small;
	}
	mq_screen_tracking_url(app, o->token, url, sizeof(url));
	if (url[0] && mq_ui_qr_create(tree, t, "track.qr", url,
				      (SDL_Rect){ r.x + r.w - qr_side, r.y + line_h * 2, qr_side,
						  qr_side })) {
		w = mq_ui_label_create(tree, t, "track.qr.caption", mq_tr("用手机扫码，继续查看详情"),
				       (SDL_Rect){ r.x + r.w - qr_side, r.y + line_h * 2 + qr_side,
						   qr_side, line_h * 2 },
				       t->font_body, true, t->text, t->bg);
		if (w)
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
	}
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	int title_h = mq_ui_theme_line_h(t, t->font_title), line_h = mq_ui_theme_line_h(t, t->font_body);
	int left_w = c.w * 2 / 5, y = c.y, hint_h, field_h, pad_h, rx = c.x + left_w + 2 * t->gap;
	int rw = c.x + c.w - rx;
	const char *hint = mq_tr("请输入回执上的8位查询码，或把回执上的二维码对准扫码器");
	char shown[32];
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, "track.title", mq_tr("查询办理进度"),
			       (SDL_Rect){ c.x, y, c.w, title_h }, t->font_title, true, t->text, t->bg);
	y += title_h;
	hint_h = mq_ui_label_measure(app->text, t, hint, t->font_body, false, left_w);
	(void)mq_ui_label_create(tree, t, "track.hint", hint, (SDL_Rect){ c.x, y, left_w, hint_h },
				 t->font_body, false, t->text_muted, t->bg);
	y += hint_h + t->gap_small;
	field_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	w = mq_ui_widget_create(tree, "track.code", MQ_UI_ROLE_INPUT,
				(SDL_Rect){ c.x, y, left_w, field_h });
	if (w && mq_ui_widget_set_text(w, k->code)) {
		snprintf(shown, sizeof(shown), "%.4s %.4s", k->code,
			 strlen(k->code) > 4 ? k->code + 4 : "");
		(void)mq_ui_widget_set_shown_text(w, shown);
		mq_ui_widget_set_font(w, t->font_huge, true);
		mq_ui_widget_set_colors(w, t->text, t->surface, true);
		mq_ui_widget_set_frame(w, t->border * 2, t->primary, t->radius_small);
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
		mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, t->font_huge));
	}
	y += field_h + t->gap;
	pad_h = c.y + c.h - y - t->button_h - t->gap;
	app->pad = (struct mq_ui_digitpad){ pad_key, app };
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "track",
				   (SDL_Rect){ c.x, y, left_w, pad_h });
	(void)mq_ui_button_create(tree, t, "track.submit", mq_tr("查询"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h, left_w, t->button_h },
				  strlen(k->code) == MQ_SHORT_CODE_LEN ? MQ_UI_BUTTON_PRIMARY
									   : MQ_UI_BUTTON_DIMMED,
				  t->font_title, submit, app);

	y = c.y + title_h;
	if (k->message.text[0]) {
		char buf[300];

		snprintf(buf, sizeof(buf), "%s%s", mq_tr("请注意："), mq_tr(k->message.text));
		w = mq_ui_label_create(tree, t, "track.message", buf,
				       (SDL_Rect){ rx, y, rw, line_h * 3 }, t->font_body, true,
				       t->error_fg, t->error_bg);
		if (w) {
			mq_ui_widget_set_colors(w, t->error_fg, t->error_bg, true);
			mq_ui_widget_set_padding(w, t->gap_small);
		}
	} else if (k->searched && k->found) {
		build_result(app, tree, (SDL_Rect){ rx, y, rw, c.y + c.h - y });
	} else if (k->searched) {
		const char *nf = mq_tr("本机没有找到这个查询码。请核对回执上的数字；如果意见是在别处提交的，请用手机扫描回执上的二维码查看。");
		int h = mq_ui_label_measure(app->text, t, nf, t->font_body, true, rw - 2 * t->gap_small);

		w = mq_ui_label_create(tree, t, "track.message", nf,
				       (SDL_Rect){ rx, y, rw, h + 2 * t->gap_small }, t->font_body, true,
				       t->error_fg, t->error_bg);
		if (w) {
			mq_ui_widget_set_colors(w, t->error_fg, t->error_bg, true);
			mq_ui_widget_set_padding(w, t->gap_small);
		}
	} else {
		const char *how = mq_tr("办理进度分五步：收集采集、分析研判、调研走访、协商办理、督查反馈。输入查询码后，这里会显示您的意见走到了哪一步。");
		int h = mq_ui_label_measure(app->text, t, how, t->font_body, false, rw);

		(void)mq_ui_icon_create(tree, "track.qr.icon", "qrcode",
					(SDL_Rect){ rx, y, rw, t->font_huge * 3 }, t->font_huge * 2,
					t->text_muted, t->bg);
		(void)mq_ui_label_create(tree, t, "track.how", how,
					 (SDL_Rect){ rx, y + t->font_huge * 3 + t->gap, rw, h },
					 t->font_body, false, t->text, t->bg);
	}
}

static void clear(struct mq_app *app, void *data)
{
	memset(data, 0, sizeof(struct track));
}

const struct mq_screen_impl mq_screen_track = {
	.name = "track",
	.data_size = sizeof(struct track),
	.build = build,
	.clear = clear,
	.scan = mq_screen_track_scan,
	.scan_over_focus = true,
};
