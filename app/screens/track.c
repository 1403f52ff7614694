/* track.c — 查询进度: the resident types the 8-digit short code from their
 * receipt on a big digits pad, or holds the receipt's QR code to the
 * scanner (a USB scanner types like a keyboard: the tracking URL, then
 * Return). The kiosk looks the opinion up in its own synced store and shows
 * the five-step timeline (said in words and icons, not colour alone), the
 * dates and the step's public note. Opinions filed elsewhere are not in
 * this kiosk's store: the screen says so and points to the phone.
 *
 * The short code is for reading aloud and is never enough to open a record
 * (DESIGN §7): a code lookup shows the progress only — never the token nor
 * a QR code holding it — and after MQ_VISIT_CODE_TRIES codes not found in a
 * row the lookup locks for a minute, then two, four... (mq_visit.h); the
 * lock outlives the idle wipe, so walking away does not reset it. Only the
 * receipt's own QR (the token, which its holder has anyway) brings the QR
 * to continue on the phone back on screen. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "icon.h"
#include "label.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_store_lookup.h"
#include "mq_visit.h"
#include "qr.h"
#include "screens.h"

/* What one resident is looking up (wiped when they finish or walk away),
 * and the code lookup's lock, which a wipe leaves alone on purpose. */
struct track {
	struct {
		char code[MQ_SHORT_CODE_LEN + 1];   /* typed on the digits pad */
		char scan[512];                     /* a scanner burst in progress */
		bool searched;                      /* a lookup ran */
		bool found;
		bool by_token;                      /* found from the receipt's QR (token) */
		bool locked;                        /* a lookup met the lock: say so */
		int left;                           /* after a miss: tries before the lock */
		struct mq_store_opinion_view opinion;   /* what it found */
		struct mq_screen_message message;
	} s;
	struct mq_visit_code_guard guard;
};

static struct track *tr(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_track);
}

/* The lock message, with the time the lookup opens again, into @p out. */
static void lock_text(struct mq_app *app, int64_t wait_ms, char *out, size_t size)
{
	char hm[16];

	mq_screen_unlock_time(app, wait_ms, hm);
	snprintf(out, size, "%s %s %s", mq_tr("查询码输错次数太多，查询已暂停。"), hm,
		 mq_tr("以后可以再试；也可以用手机扫描回执上的二维码查看。"));
}

static void lookup_code(struct mq_app *app)
{
	struct track *k = tr(app);
	int64_t now = mq_app_now_ms(app), wait = mq_visit_code_guard_wait(&k->guard, now);
	enum mq_err err = MQ_ERR_NOT_FOUND;

	k->s.searched = k->s.found = k->s.by_token = k->s.locked = false;
	k->s.left = 0;
	if (wait > 0) {
		k->s.locked = true;
		mq_log_warn("ui", "track: code lookup refused while locked");
		mq_app_relayout(app);
		return;
	}
	k->s.searched = true;
	if (app->store && strlen(k->s.code) == MQ_SHORT_CODE_LEN)
		err = mq_store_find_opinion(app->store, k->s.code, &k->s.opinion);
	k->s.found = err == MQ_OK;
	if (err != MQ_OK && err != MQ_ERR_NOT_FOUND && err != MQ_ERR_INVALID)
		mq_log_error("ui", "track: lookup failed (%s)", mq_strerror(err));
	if (k->s.found) {
		mq_visit_code_guard_found(&k->guard);
	} else if (err == MQ_ERR_NOT_FOUND || err == MQ_ERR_INVALID) {
		k->s.left = mq_visit_code_guard_miss(&k->guard, now);
		mq_log_info("ui", "track: a code not found (%d tries left)", k->s.left);
		if (k->s.left == 0) {
			k->s.searched = false;
			k->s.locked = true;
			mq_log_warn("ui", "track: %d codes not found in a row: lookup locked",
				    MQ_VISIT_CODE_TRIES);
		}
	}
	mq_app_relayout(app);
}

static void submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct track *k = tr(app);

	if (strlen(k->s.code) != MQ_SHORT_CODE_LEN) {
		k->s.searched = false;
		snprintf(k->s.message.text, sizeof(k->s.message.text), "%s", "查询码是8位数字，请输完整");
		mq_app_relayout(app);
		return;
	}
	k->s.message.text[0] = '\0';
	lookup_code(app);
}

static void pad_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct track *k = tr(app);
	size_t n = strlen(k->s.code);

	k->s.message.text[0] = '\0';
	if (key == '\b' && n > 0)
		k->s.code[n - 1] = '\0';
	else if (key == 'c')
		memset(k->s.code, 0, sizeof(k->s.code));
	else if (key >= '0' && key <= '9' && n < MQ_SHORT_CODE_LEN)
		k->s.code[n] = key;
	k->s.searched = k->s.locked = false;
	k->s.left = 0;
	mq_app_relayout(app);
}

void mq_screen_track_scan(struct mq_app *app, const char *text)
{
	struct track *k = tr(app);
	size_t have = strlen(k->s.scan), add = strlen(text);
	const char *tok;
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (strcmp(text, "\n") != 0) {
		if (have + add < sizeof(k->s.scan))
			memcpy(k->s.scan + have, text, add + 1);
		return;
	}
	/* Return: a tracking URL (…/t/TOKEN), a bare token, or a short code. */
	tok = strstr(k->s.scan, "/t/");
	tok = tok ? tok + 3 : k->s.scan;
	k->s.searched = true;
	k->s.found = k->s.by_token = k->s.locked = false;
	k->s.left = 0;
	k->s.message.text[0] = '\0';
	if (mq_id_is_short_code(tok)) {
		snprintf(k->s.code, sizeof(k->s.code), "%s", tok);
		memset(k->s.scan, 0, sizeof(k->s.scan));
		lookup_code(app);       /* a code, however it came, counts against the lock */
		return;
	}
	if (app->store && mq_id_is_token(tok))
		err = mq_store_find_opinion_by_token(app->store, tok, &k->s.opinion);
	if (err == MQ_OK) {
		k->s.found = k->s.by_token = true;
		snprintf(k->s.code, sizeof(k->s.code), "%s", k->s.opinion.short_code);
	} else if (!mq_id_is_token(tok)) {
		snprintf(k->s.message.text, sizeof(k->s.message.text), "%s",
			 "这个二维码不是本系统的回执，请扫描回执上的二维码");
		k->s.searched = false;
	}
	memset(k->s.scan, 0, sizeof(k->s.scan));
	mq_app_relayout(app);
}

static int stage_index(const char *stage)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(mq_screen_stages[i][0], stage) == 0)
			return i;
	return 0;
}

/* The five steps as rows of icon and words from @p y in width @p w; returns
 * the y below them. */
static int build_timeline(struct mq_app *app, struct mq_ui_tree *tree, int x, int y, int w,
			  int cur)
{
	const struct mq_ui_theme *t = &app->theme;
	int line_h = mq_ui_theme_line_h(t, t->font_body);
	int row_h = line_h > t->touch_min ? line_h : t->touch_min;
	char buf[256], id[MQ_UI_ID_MAX];
	struct mq_ui_widget *l;

	for (int i = 0; i < 5; i++) {
		const char *state = i < cur ? mq_tr("已完成") : i == cur ? mq_tr("进行中")
									 : mq_tr("未开始");
		const char *icon = i < cur ? "check_circle" : i == cur ? "circle" : "circle_o";
		mq_ui_rgb fg = i <= cur ? (i < cur ? t->ok_fg : t->primary) : t->text_muted;

		snprintf(id, sizeof(id), "track.stage.%s.icon", mq_screen_stages[i][0]);
		(void)mq_ui_icon_create(tree, id, icon, (SDL_Rect){ x, y, row_h, row_h },
					t->font_body, fg, t->bg);
		snprintf(id, sizeof(id), "track.stage.%s", mq_screen_stages[i][0]);
		snprintf(buf, sizeof(buf), "%d. %s — %s", i + 1, mq_tr(mq_screen_stages[i][1]), state);
		l = mq_ui_label_create(tree, t, id, buf,
				       (SDL_Rect){ x + row_h + t->gap_small, y, w - row_h, row_h },
				       t->font_body, i == cur, i == cur ? t->primary : t->text, t->bg);
		if (l)
			mq_ui_widget_set_align(l, MQ_UI_ALIGN_LEFT, false);
		y += row_h + t->gap_small;
	}
	return y;
}

/* A date of the store (RFC 3339) as the resident reads it, into @p out. */
static void day_of(const char *rfc3339, char *out, size_t size)
{
	int64_t at = 0;

	out[0] = '\0';
	if (rfc3339[0] && mq_time_parse_rfc3339(rfc3339, &at))
		mq_time_format_shanghai(at, mq_i18n_lang() == MQ_LANG_EN ? "%Y-%m-%d" : "%Y年%m月%d日",
					out, size);
}

/* Under the timeline: since when the current step runs, its public note, and
 * (for a code lookup) why there is no QR code. */
static void build_details(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r, int cur)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	const struct mq_store_opinion_view *o = &k->s.opinion;
	char buf[1200], day[32];
	int h, y = r.y;

	day_of(o->stage_at, day, sizeof(day));
	if (day[0] && cur > 0) {
		snprintf(buf, sizeof(buf), "%s%s%s", mq_tr(mq_screen_stages[cur][1]), mq_tr("，开始于"),
			 day);
		h = mq_ui_label_measure(app->text, t, buf, t->font_body, false, r.w);
		(void)mq_ui_label_create(tree, t, "track.stage_at", buf, (SDL_Rect){ r.x, y, r.w, h },
					 t->font_body, false, t->text, t->bg);
		y += h + t->gap_small;
	}
	if (o->stage_note[0]) {
		snprintf(buf, sizeof(buf), "%s%s", mq_tr("说明："), o->stage_note);
		h = mq_ui_label_measure(app->text, t, buf, t->font_body, false, r.w);
		if (h > r.y + r.h - y)
			h = r.y + r.h - y;
		(void)mq_ui_label_create(tree, t, "track.note", buf, (SDL_Rect){ r.x, y, r.w, h },
					 t->font_body, false, t->text, t->surface);
		y += h + t->gap_small;
	}
	if (!k->s.by_token) {
		const char *why = mq_tr("为保护您的信息，输入查询码只显示办理进度。用手机扫描回执上的二维码，可以查看详情和评价。");

		h = mq_ui_label_measure(app->text, t, why, t->font_body, false, r.w);
		if (y + h <= r.y + r.h)
			(void)mq_ui_label_create(tree, t, "track.privacy", why,
						 (SDL_Rect){ r.x, y, r.w, h }, t->font_body, false,
						 t->text_muted, t->bg);
	}
}

/* What was found: summary, timeline and details; the QR code to continue on
 * the phone only when the resident scanned their receipt's own QR. */
static void build_result(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	const struct mq_store_opinion_view *o = &k->s.opinion;
	int line_h = mq_ui_theme_line_h(t, t->font_body), y = r.y, cur = stage_index(o->stage);
	int qr_side = 0, tl_w = r.w;
	char buf[256], day[32], url[1100] = "";
	struct mq_ui_widget *w;

	day_of(o->created_at, day, sizeof(day));
	snprintf(buf, sizeof(buf), "%s %s · %s %s", mq_tr("类别："),
		 mq_screen_category_name(app, o->category), mq_tr("提交于"), day);
	(void)mq_ui_label_create(tree, t, "track.summary", buf, (SDL_Rect){ r.x, y, r.w, line_h * 2 },
				 t->font_body, true, t->text, t->bg);
	y += line_h * 2 + t->gap_small;
	if (k->s.by_token) {
		mq_screen_tracking_url(app, o->token, url, sizeof(url));
		qr_side = r.h - (y - r.y) - line_h;
		if (qr_side > r.w * 2 / 5)
			qr_side = r.w * 2 / 5;
		tl_w = r.w - qr_side - t->gap;
	}
	y = build_timeline(app, tree, r.x, y, tl_w, cur);
	build_details(app, tree, (SDL_Rect){ r.x, y, tl_w, r.y + r.h - y }, cur);
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

/* An error box of the right side (measured to fit @p text). */
static void error_box(struct mq_app *app, struct mq_ui_tree *tree, int x, int y, int w,
		      const char *text)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_label_measure(app->text, t, text, t->font_body, true, w - 2 * t->gap_small);
	struct mq_ui_widget *l = mq_ui_label_create(tree, t, "track.message", text,
						    (SDL_Rect){ x, y, w, h + 2 * t->gap_small },
						    t->font_body, true, t->error_fg, t->error_bg);

	if (l) {
		mq_ui_widget_set_colors(l, t->error_fg, t->error_bg, true);
		mq_ui_widget_set_padding(l, t->gap_small);
	}
}

/* The right side: a message, the lock, what was found, not found, or how. */
static void build_answer(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	int64_t wait = mq_visit_code_guard_wait(&k->guard, mq_app_now_ms(app));
	char buf[600];

	if (k->s.locked && wait > 0) {
		lock_text(app, wait, buf, sizeof(buf));
		error_box(app, tree, r.x, r.y, r.w, buf);
	} else if (k->s.message.text[0]) {
		snprintf(buf, sizeof(buf), "%s%s", mq_tr("请注意："), mq_tr(k->s.message.text));
		error_box(app, tree, r.x, r.y, r.w, buf);
	} else if (k->s.searched && k->s.found) {
		build_result(app, tree, r);
	} else if (k->s.searched) {
		const char *nf = mq_tr("本机没有找到这个查询码。请核对回执上的数字；如果意见是在别处提交的，请用手机扫描回执上的二维码查看。");

		if (k->s.left > 0 && k->s.left < MQ_VISIT_CODE_TRIES - 1)
			snprintf(buf, sizeof(buf), "%s %s%d%s", nf, mq_tr("还可以再试"), k->s.left,
				 mq_tr("次。"));
		else
			snprintf(buf, sizeof(buf), "%s", nf);
		error_box(app, tree, r.x, r.y, r.w, buf);
	} else {
		const char *how = mq_tr("办理进度分五步：收集采集、分析研判、调研走访、协商办理、督查反馈。输入查询码后，这里会显示您的意见走到了哪一步。");
		int h = mq_ui_label_measure(app->text, t, how, t->font_body, false, r.w);

		(void)mq_ui_icon_create(tree, "track.qr.icon", "qrcode",
					(SDL_Rect){ r.x, r.y, r.w, t->font_huge * 3 }, t->font_huge * 2,
					t->text_muted, t->bg);
		(void)mq_ui_label_create(tree, t, "track.how", how,
					 (SDL_Rect){ r.x, r.y + t->font_huge * 3 + t->gap, r.w, h },
					 t->font_body, false, t->text, t->bg);
	}
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct track *k = tr(app);
	const struct mq_ui_theme *t = &app->theme;
	int title_h = mq_ui_theme_line_h(t, t->font_title);
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
	if (w && mq_ui_widget_set_text(w, k->s.code)) {
		snprintf(shown, sizeof(shown), "%.4s %.4s", k->s.code,
			 strlen(k->s.code) > 4 ? k->s.code + 4 : "");
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
				  strlen(k->s.code) == MQ_SHORT_CODE_LEN ? MQ_UI_BUTTON_PRIMARY
									   : MQ_UI_BUTTON_DIMMED,
				  t->font_title, submit, app);

	build_answer(app, tree, (SDL_Rect){ rx, c.y + title_h, rw, c.h - title_h });
	mq_screen_announce(tree, (const char *const[]){ "track.title", "track.hint", NULL });
}

/* Wipes the resident's lookup; the lock stays (mq_visit_code_guard). */
static void clear(struct mq_app *app, void *data)
{
	struct track *k = data;

	(void)app;
	memset(&k->s, 0, sizeof(k->s));
}

const struct mq_screen_impl mq_screen_track = {
	.name = "track",
	.data_size = sizeof(struct track),
	.build = build,
	.clear = clear,
	.scan = mq_screen_track_scan,
	.scan_over_focus = true,
};
