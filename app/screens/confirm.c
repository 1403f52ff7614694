/* confirm.c — after filing: a big QR code of the tracking page for the
 * resident's own phone, the short code to read aloud, and what happens next:
 * the day 分析研判 is due, worked out offline from the district's limit and
 * the official calendar the state carries, as the server will judge it.
 * After booking a visit: the booking page's QR, the code, when and with
 * whom, what to bring, and the booking's status — 待确认 until the server
 * has answered (offline, or not synced yet), then 预约成功 or 没有约上. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "label.h"
#include "mq_escpos.h"
#include "mq_log.h"
#include "mq_printer.h"
#include "mq_slip.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_workday.h"
#include "qr.h"
#include "screens.h"

/* A paper receipt on its way to the printer (打印回执). */
struct confirm_print {
	struct mq_print_job *job;                   /* sending, or NULL */
	bool printed;                               /* this resident's receipt came out */
	enum mq_print_result result;                /* of the last job */
	bool said;                                  /* a job ended: say how */
};

/* What the resident takes away; wiped when they finish or walk away — all
 * but the print job, which may still be feeding the printer then. */
struct confirm {
	struct mq_receipt receipt;
	char url[1100];                             /* the page the QR code opens, or "" */
	bool booking;                               /* a booking (else an opinion) */
	int64_t start, end;                         /* the booked slot */
	char member[64];                            /* its member's key */
	int64_t filed;                              /* when the opinion was filed */
	struct confirm_print print;                 /* last: clear stops before it */
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

static void build_print(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r, SDL_Rect msg_r);

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
	int dw, pw;
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

	y = code_lines(app, tree, mq_tr("预约码（请记下，咨询时报给工作人员）"), rx, y, rw);
	mq_screen_announce(tree, (const char *const[]){ "confirm.title", "confirm.status",
							"confirm.when", "confirm.code", NULL });

	dw = rw < t->touch_min * 6 ? rw : t->touch_min * 6;
	pw = rw - dw - t->gap < t->touch_min * 5 ? rw - dw - t->gap : t->touch_min * 5;
	build_print(app, tree, (SDL_Rect){ c.x + c.w - dw - t->gap - pw, c.y + c.h - done_h, pw,
					   done_h },
		    (SDL_Rect){ rx, y, rw, c.y + c.h - done_h - t->gap - y });
	(void)mq_ui_button_create(tree, t, "confirm.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ c.x + c.w - dw, c.y + c.h - done_h, dw, done_h },
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

/* ---- 打印回执: the slip, the job, what the resident is told ---------------- */

/* The studio's name from the state, else 委员工作室 (translated). */
static const char *studio(const struct mq_app *app)
{
	const char *name = app->state->studio.name;

	return name && *name ? mq_tr(name) : mq_tr("委员工作室");
}

/* Buffers the slip's lines point into while it is drawn. */
struct slip_text {
	char printed_at[64], next[400], due[200], when[256], member[160];
};

static void add_line(struct mq_slip *s, const char *text, bool bold, bool big)
{
	if (s->n_lines < MQ_SLIP_LINES_MAX && text && *text)
		s->lines[s->n_lines++] = (struct mq_slip_line){ text, bold, big };
}

/* What the slip of an opinion or a booking says. */
static void compose(struct mq_app *app, struct mq_slip *s, struct slip_text *b)
{
	struct confirm *f = cf(app);
	const struct mq_state_member *m = mq_state_member(app->state, f->member);
	char day[64], span[32];

	mq_time_format_shanghai(mq_app_wall(app), mq_i18n_lang() == MQ_LANG_EN ? "%Y-%m-%d %H:%M"
									    : "%Y年%m月%d日 %H:%M",
				b->printed_at, sizeof(b->printed_at));
	*s = (struct mq_slip){ .studio = studio(app), .printed_at = b->printed_at,
			       .code = f->receipt.short_code, .url = f->url[0] ? f->url : NULL };
	if (!f->booking) {
		s->title = mq_tr("意见回执");
		s->code_label = mq_tr("查询码");
		s->qr_caption = mq_tr("用手机扫一扫，查看办理进度");
		next_step(app, b->next, sizeof(b->next), b->due, sizeof(b->due));
		add_line(s, b->next, false, false);
		add_line(s, b->due, true, false);
		add_line(s, mq_tr("向工作人员咨询时，请报上查询码。"), false, false);
	} else {
		s->title = mq_tr("预约回执");
		s->code_label = mq_tr("预约码");
		/* short enough for one line on 58 mm paper (the screen's caption wraps there) */
		s->qr_caption = mq_tr("用手机扫码：查看或取消预约");
		mq_screen_format_day(f->start, day, sizeof(day));
		mq_screen_format_span(f->start, f->end, span, sizeof(span));
		snprintf(b->when, sizeof(b->when), "%s%s %s", mq_tr("时间："), day, span);
		snprintf(b->member, sizeof(b->member), "%s%s", mq_tr("委员："), m ? m->name : "");
		add_line(s, b->when, true, true);
		add_line(s, m ? b->member : NULL, true, true);
		add_line(s, mq_tr("本机联网后会把预约送到街道确认。最终结果请用手机扫码查看，或打电话问工作室。"),
			 false, false);
		add_line(s, mq_tr("请带上：身份证，以及和您要谈的事有关的材料。"), false, false);
		add_line(s, mq_tr("不能来的话，请取消预约，把名额让给别人：用手机扫上面的二维码取消；或在本工作室的自助终端点“预约委员”，再点“取消已有的预约”，输入预约码和预约时所留电话号码的后4位。"),
			 false, false);
	}
	add_line(s, mq_tr("本回执上没有您的姓名和电话。凭回执上的号码只能看到进度；二维码能打开详情，请不要交给不认识的人。"),
		 false, false);
}

/* The slip as ESC/POS bytes (*out, free()) for the configured paper. */
static bool slip_bytes(struct mq_app *app, uint8_t **out, size_t *len)
{
	struct mq_slip slip;
	struct slip_text text;
	struct mq_raster r;
	bool ok;

	compose(app, &slip, &text);
	if (!mq_slip_render(&slip, app->cfg->printer_paper == 80 ? MQ_SLIP_DOTS_80 : MQ_SLIP_DOTS_58,
			    app->cfg->font, &r))
		return false;
	ok = mq_escpos_encode(&r, out, len);
	mq_raster_finish(&r);
	return ok;
}

static void tap_print(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct confirm *f = cf(app);
	SDL_Event done;
	uint8_t *bytes;
	size_t len;

	if (f->print.job)
		return;                 /* one at a time: the last one is still printing */
	f->print.said = false;
	if (!mq_app_wake_event(app, &mq_screen_confirm, &done) || !slip_bytes(app, &bytes, &len)) {
		f->print.result = MQ_PRINT_FAILED;
		f->print.said = true;
		mq_app_relayout(app);
		return;
	}
	f->print.job = mq_printer_send_async(app->cfg->printer, bytes, len, &done);
	if (!f->print.job) {
		f->print.result = MQ_PRINT_FAILED;
		f->print.said = true;
	}
	mq_app_relayout(app);
}

/* The wake op: the print job ended; say how (if the resident is still here). */
static void printed(struct mq_app *app)
{
	struct confirm *f = cf(app);

	if (!f->print.job || !mq_print_job_done(f->print.job))
		return;
	f->print.result = mq_print_job_finish(f->print.job);
	f->print.job = NULL;
	f->print.said = true;
	f->print.printed = f->print.result == MQ_PRINT_OK;
	if (mq_app_screen(app) == &mq_screen_confirm)
		mq_app_relayout(app);
}

static void finish(struct mq_app *app)
{
	struct confirm *f = cf(app);

	(void)mq_print_job_finish(f->print.job);
	f->print.job = NULL;
}

/* What happened to the receipt, in words; NULL when nothing to say. */
static const char *print_message(const struct confirm *f, bool *error)
{
	*error = true;
	if (f->print.job) {
		*error = false;
		return mq_tr("正在打印回执，请稍等……");
	}
	if (!f->print.said)
		return NULL;
	switch (f->print.result) {
	case MQ_PRINT_OK:
		*error = false;
		return mq_tr("回执已打印，请从打印口取走。");
	case MQ_PRINT_PAPER:
		return mq_tr("打印机没纸了。请把上面的号码抄下来，或请工作人员加纸后再打印。");
	case MQ_PRINT_GONE:
		return mq_tr("打印机没有连上。请把上面的号码抄下来，或请工作人员帮忙。");
	case MQ_PRINT_BUSY:
		return mq_tr("打印机没有反应（可能卡纸或没纸）。请把上面的号码抄下来，或请工作人员帮忙。");
	default:
		return mq_tr("回执没有打出来。请把上面的号码抄下来，或请工作人员帮忙。");
	}
}

/* 打印回执 in @p r when a printer is configured, and above @p msg_r what came of it. */
static void build_print(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r, SDL_Rect msg_r)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	bool error;
	const char *msg = print_message(f, &error);

	if (!app->cfg->printer[0])
		return;
	(void)mq_ui_button_create(tree, t, "confirm.print",
				  f->print.job ? mq_tr("正在打印…")
				  : f->print.printed ? mq_tr("再打一张") : mq_tr("打印回执"),
				  r, f->print.job ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_SECONDARY,
				  t->font_title, tap_print, app);
	if (msg) {
		int h = mq_ui_label_measure(app->text, t, msg, t->font_body, true,
					    msg_r.w - 2 * t->gap_small) + 2 * t->gap_small;

		mq_screen_message_box(app, tree, "confirm.print.message",
				      (SDL_Rect){ msg_r.x, msg_r.y + msg_r.h - h, msg_r.w, h }, msg,
				      error);
		if (mq_app_speech(app) && f->print.said)
			mq_ui_widget_set_announce(mq_ui_tree_find(tree, "confirm.print.message"), true);
	}
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct confirm *f = cf(app);
	const struct mq_ui_theme *t = &app->theme;
	char next[400], due[200];
	const char *ask = mq_tr("向工作人员咨询时，请报上查询码。");
	int qr_side = c.h - t->button_h;     /* room for the caption under it */
	int rx, rw, y, h, bh, dw, pw;

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

	y += h + t->gap_small;
	bh = t->button_h * 3 / 2;
	dw = rw < t->touch_min * 6 ? rw : t->touch_min * 6;
	pw = rw - dw - t->gap < t->touch_min * 5 ? rw - dw - t->gap : t->touch_min * 5;
	build_print(app, tree, (SDL_Rect){ rx + dw + t->gap, c.y + c.h - bh, pw, bh },
		    (SDL_Rect){ rx, y, rw, c.y + c.h - bh - t->gap - y });
	(void)mq_ui_button_create(tree, t, "confirm.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ rx, c.y + c.h - bh, dw, bh },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
}

static void clear(struct mq_app *app, void *data)
{
	struct confirm *f = data;

	memset(f, 0, offsetof(struct confirm, print));
	f->print.printed = f->print.said = false;
}

const struct mq_screen_impl mq_screen_confirm = {
	.name = "confirm",
	.data_size = sizeof(struct confirm),
	.build = build,
	.clear = clear,
	.wake = printed,
	.finish = finish,
};
