/* confirm.c — after filing: a big QR code of the tracking page for the
 * resident's own phone, the short code to read aloud, and what happens next:
 * the day 分析研判 is due, worked out offline from the district's limit and
 * the official calendar the state carries, as the server will judge it.
 * After booking a visit: the booking page's QR, the code, when and with
 * whom, what to bring, and the booking's status — 待确认 until the server
 * has answered (offline, or not synced yet), then 预约成功 or 没有约上. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "label.h"
#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_workday.h"
#include "qr.h"
#include "screens.h"

/* What the resident takes away; wiped when they finish or walk away. */
struct confirm {
	struct mq_receipt receipt;
	char url[1100];                             /* the page the QR code opens, or "" */
	bool booking;                               /* a booking (else an opinion) */
	int64_t start, end;                         /* the booked slot */
	char member[64];                            /* its member's key */
	int64_t filed;                              /* when the opinion was filed */
};

static struct confirm *cf(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_confirm);
}

void mq_screen_confirm_opinion(struct mq_app *app, const struct mq_receipt *receipt)
{
	struct confirm *f = cf(app);

	f->receipt = *receipt;
	f->booking = false;
	/* the same clock as the record's created_at, which deadlines count from */
	f->filed = mq_time_now();
	mq_screen_tracking_url(app, f->receipt.token, f->url, sizeof(f->url));
	if (!f->url[0])
		mq_log_warn("ui", "no public_url or server_url configured: the receipt has no QR code");
}

void mq_screen_confirm_booking(struct mq_app *app, const struct mq_receipt *receipt,
			       int64_t start, int64_t end, const char *member)
{
	struct confirm *f = cf(app);

	f->receipt = *receipt;
	f->start = start;
	f->end = end;
	snprintf(f->member, sizeof(f->member), "%s", member ? member : "");
	mq_screen_booking_url(app, f->receipt.token, f->url, sizeof(f->url));
	if (!f->url[0])
		mq_log_warn("ui", "no public_url or server_url configured: the receipt has no QR code");
	f->booking = true;
}

static void tap_done(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

/* A line of the booking receipt; returns its height. */
static int line(struct mq_app *app, struct mq_ui_tree *tree, const char *id, const char *text,
		SDL_Rect r, int px, bool bold, mq_ui_rgb fg)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_label_measure(app->text, t, text, px, bold, r.w);

	(void)mq_ui_label_create(tree, t, id, text, (SDL_Rect){ r.x, r.y, r.w, h }, px, bold, fg,
				 t->bg);
	return h;
}

/* The QR code of the receipt's page (when there is a URL) at the top left
 * of @p c, @p side square, with @p caption (@p lines lines, wrapped when
 * more than one) under it. Returns the x where the text column right of it
 * starts. */
static int qr_block(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int side,
		    const char *caption, int lines)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	struct mq_ui_widget *w, *qr = NULL;
	SDL_Rect r;

	if (f->url[0])
		qr = mq_ui_qr_create(tree, t, "confirm.qr", f->url,
				     (SDL_Rect){ c.x, c.y, side, side });
	if (!qr)
		return c.x;
	r = mq_ui_widget_rect(qr);
	w = mq_ui_label_create(tree, t, "confirm.qr.caption", caption,
			       (SDL_Rect){ c.x, r.y + r.h + t->gap_small, side,
					   mq_ui_theme_line_h(t, t->font_body) * lines },
			       t->font_body, true, t->text, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, lines > 1);
	return c.x + side + t->gap * 2;
}

/* The code to read aloud at @p y under its caption @p label: kept as the
 * 8 digits (what a dump shows), drawn in two groups of four. Returns the y
 * under it. */
static int code_lines(struct mq_app *app, struct mq_ui_tree *tree, const char *label, int x,
		      int y, int w)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	const char *code = f->receipt.short_code;
	int code_px = t->font_huge * 5 / 4;
	char shown[32];
	struct mq_ui_widget *cw;

	(void)mq_ui_label_create(tree, t, "confirm.code.label", label,
				 (SDL_Rect){ x, y, w, mq_ui_theme_line_h(t, t->font_body) },
				 t->font_body, false, t->text_muted, t->bg);
	y += mq_ui_theme_line_h(t, t->font_body);
	snprintf(shown, sizeof(shown), "%.4s  %.4s", code, strlen(code) > 4 ? code + 4 : "");
	cw = mq_ui_label_create(tree, t, "confirm.code", code,
				(SDL_Rect){ x, y, w, mq_ui_theme_line_h(t, code_px) }, code_px, true,
				t->text, t->bg);
	if (cw) {
		char digits[160], spoken[256];

		(void)mq_ui_widget_set_shown_text(cw, shown);
		/* read-aloud: the caption, then the code digit by digit (九、九、六、九…) */
		mq_ui_spoken_digits(code, digits, sizeof(digits));
		snprintf(spoken, sizeof(spoken), "%s%s%s", label, mq_tr("："), digits);
		mq_ui_widget_set_spoken(cw, spoken);
	}
	return y + mq_ui_theme_line_h(t, code_px);
}

static void build_booking(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	const char *code = f->receipt.short_code;
	struct mq_store_booking_view v = { 0 };
	const struct mq_state_member *m = mq_state_member(app->state, f->member);
	const char *mname = m ? m->name : NULL;
	int done_h = t->button_h * 3 / 2;
	int qr_side = c.h - done_h - t->gap - mq_ui_theme_line_h(t, t->font_body) * 2, rx, rw, y;
	char buf[400], day[64], span[32];
	const char *title, *status, *explain;
	mq_ui_rgb status_fg = t->text;

	if (!app->store || mq_store_find_booking(app->store, code, &v) != MQ_OK)
		snprintf(v.status, sizeof(v.status), "%s", "pending");
	if (strcmp(v.status, "booked") == 0) {
		title = mq_tr("预约成功");
		status = mq_tr("状态：预约成功");
		explain = mq_tr("街道已确认您的预约，请按时到工作室。不能来的话，可以用手机扫码取消，也可以在本机“预约委员”页点“取消已有的预约”。");
		status_fg = t->ok_fg;
	} else if (strcmp(v.status, "refused") == 0 || strcmp(v.status, "cancelled") == 0) {
		title = mq_tr("很抱歉，这次没有约上");
		status = strcmp(v.status, "cancelled") == 0 ? mq_tr("状态：已取消")
							     : mq_tr("状态：没有约上（名额已满）");
		explain = mq_tr("请另选一个时段，或向工作人员咨询。");
		status_fg = t->error_fg;
	} else {
		title = mq_tr("预约已提交");
		status = mq_tr("状态：待确认");
		explain = mq_tr("本机联网后会把预约送到街道确认。最终结果请用手机扫码查看，手机页面会显示“已预约”或“未约上”。");
	}
	if (qr_side > c.w * 2 / 5)
		qr_side = c.w * 2 / 5;
	rx = qr_block(app, tree, c, qr_side, mq_tr("用手机扫一扫：查看预约结果，也可以取消预约"), 2);
	rw = c.x + c.w - rx;
	y = c.y;
	y += line(app, tree, "confirm.title", title, (SDL_Rect){ rx, y, rw, 0 }, t->font_huge, true,
		  t->primary);
	y += line(app, tree, "confirm.status", status, (SDL_Rect){ rx, y, rw, 0 }, t->font_title,
		  true, status_fg);
	y += line(app, tree, "confirm.status.explain", explain, (SDL_Rect){ rx, y, rw, 0 },
		  t->font_body, false, t->text) + t->gap_small;

	mq_screen_format_day(f->start, day, sizeof(day));
	mq_screen_format_span(f->start, f->end, span, sizeof(span));
	snprintf(buf, sizeof(buf), "%s%s %s%s%s", mq_tr("时间："), day, span,
		 mname ? mq_tr("　委员：") : "", mname ? mname : "");
	y += line(app, tree, "confirm.when", buf, (SDL_Rect){ rx, y, rw, 0 }, t->font_body, true,
		  t->text);
	y += line(app, tree, "confirm.bring", mq_tr("请带上：身份证，以及和您要谈的事有关的材料。"),
		  (SDL_Rect){ rx, y, rw, 0 }, t->font_body, false, t->text) + t->gap_small;

	(void)code_lines(app, tree, mq_tr("预约码（请记下，咨询时报给工作人员）"), rx, y, rw);
	mq_screen_announce(tree, (const char *const[]){ "confirm.title", "confirm.status",
							"confirm.when", "confirm.code", NULL });

	(void)mq_ui_button_create(tree, t, "confirm.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ c.x + c.w - (rw < t->touch_min * 6 ? rw : t->touch_min * 6),
					      c.y + c.h - done_h,
					      rw < t->touch_min * 6 ? rw : t->touch_min * 6, done_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
}

/* What happens next into @p next, and the due day of 分析研判 on a line of
 * its own (a date never breaks across lines) into @p due. */
static void next_step(struct mq_app *app, char *next, size_t next_size, char *due,
		      size_t due_size)
{
	struct confirm *f = cf(app);
	int64_t day = mq_state_triage_due_day(app->state, f->filed);
	char date[64], days[16];
	const char *const vars[][2] = { { "days", days }, { "date", date } };

	/* noon of the due day: any time of it shows as that day */
	mq_screen_format_day(mq_workday_midnight(day) + 12 * 3600, date, sizeof(date));
	snprintf(days, sizeof(days), "%d", app->state->limits.triage);
	mq_screen_fill(mq_tr("街道委员小组将在{days}个工作日内分析研判，扫码可随时查看进度。"),
		       vars, 2, next, next_size);
	mq_screen_fill(mq_tr("研判期限：{date}"), vars, 2, due, due_size);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	char next[400], due[200];
	const char *ask = mq_tr("向工作人员咨询时，请报上查询码。");
	int qr_side = c.h - t->button_h;     /* room for the caption under it */
	int rx, rw, y, h;

	if (f->booking) {
		build_booking(app, tree, c);
		return;
	}
	next_step(app, next, sizeof(next), due, sizeof(due));
	if (qr_side > c.w * 9 / 20)
		qr_side = c.w * 9 / 20;
	rx = qr_block(app, tree, c, qr_side, mq_tr("用手机扫一扫，查看办理进度"), 1);
	rw = c.x + c.w - rx;

	y = c.y + t->gap;
	h = mq_ui_label_measure(app->text, t, mq_tr("您的意见已收到，谢谢！"), t->font_huge, true, rw);
	(void)mq_ui_label_create(tree, t, "confirm.title", mq_tr("您的意见已收到，谢谢！"),
				 (SDL_Rect){ rx, y, rw, h }, t->font_huge, true, t->primary, t->bg);
	y += h + t->gap * 2;

	y = code_lines(app, tree, mq_tr("查询码"), rx, y, rw) + t->gap * 2;

	h = mq_ui_label_measure(app->text, t, next, t->font_body, false, rw);
	(void)mq_ui_label_create(tree, t, "confirm.next", next, (SDL_Rect){ rx, y, rw, h },
				 t->font_body, false, t->text, t->bg);
	y += h;
	h = mq_ui_label_measure(app->text, t, due, t->font_body, true, rw);
	(void)mq_ui_label_create(tree, t, "confirm.due", due, (SDL_Rect){ rx, y, rw, h },
				 t->font_body, true, t->primary, t->bg);
	y += h + t->gap_small;
	h = mq_ui_label_measure(app->text, t, ask, t->font_body, false, rw);
	(void)mq_ui_label_create(tree, t, "confirm.ask", ask, (SDL_Rect){ rx, y, rw, h },
				 t->font_body, false, t->text_muted, t->bg);
	mq_screen_announce(tree, (const char *const[]){ "confirm.title", "confirm.code",
							"confirm.next", "confirm.due", NULL });

	(void)mq_ui_button_create(tree, t, "confirm.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ rx, c.y + c.h - t->button_h * 3 / 2,
					      rw < t->touch_min * 6 ? rw : t->touch_min * 6,
					      t->button_h * 3 / 2 },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
}

static void clear(struct mq_app *app, void *data)
{
	memset(data, 0, sizeof(struct confirm));
}

const struct mq_screen_impl mq_screen_confirm = {
	.name = "confirm",
	.data_size = sizeof(struct confirm),
	.build = build,
	.clear = clear,
};
