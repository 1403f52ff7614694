/* attendance_get.c — GET /console/attendance?month=YYYY-MM[&format=csv]:
 * the monthly attendance report of duty members (考核) in the staff console,
 * as a page or as CSV (the same rows as `minqing-server report attendance`).
 * An admin sees every studio, a street account its own, a member account
 * only its own shifts. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_attendance.h"
#include "mq_date.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_time.h"

static const char *status_zh(const char *s)
{
	if (!strcmp(s, "attended"))
		return "出勤";
	if (!strcmp(s, "late"))
		return "迟到";
	if (!strcmp(s, "left_early"))
		return "早退";
	if (!strcmp(s, "late_left_early"))
		return "迟到、早退";
	return "缺勤";
}

/* The report as HTML sections (tables), everything escaped. */
static void report_html(struct mq_html *b, const struct mq_attendance_report *r)
{
	mq_html_raw(b, "<section class=\"card\"><h2>按委员汇总</h2>\n<div class=\"scroll\"><table>\n"
		      "<thead><tr><th>工作室</th><th>委员</th><th>值班</th><th>出勤</th><th>迟到"
		      "（分钟）</th><th>早退（分钟）</th><th>缺勤</th><th>未签退</th><th>接待到访</th>"
		      "<th>预约未到</th><th>负责议题按时办结</th><th>报名征集</th><th>征集入选</th>"
		      "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->n_totals; i++) {
		const struct mq_attendance_total *t = &r->totals[i];
		if (t->member[0])
			mq_html_raw(b, "<tr><td>");
		else
			mq_html_raw(b, "<tr class=\"total\"><td>");
		mq_html_text(b, t->studio_name);
		mq_html_raw(b, "</td><td>");
		mq_html_text(b, t->member_name);
		mq_html_printf(b, "</td><td>%ld</td><td>%ld</td><td>%ld（%ld）</td><td>%ld（%ld）</td>"
				 "<td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>",
			       t->shifts, t->attended, t->late, t->late_minutes, t->left_early,
			       t->early_minutes, t->missed, t->no_checkout, t->bookings_attended,
			       t->bookings_no_show);
		if (t->topics_due)
			mq_html_printf(b, "%ld/%ld（%.0f%%）", t->topics_on_time, t->topics_due,
				       100.0 * (double)t->topics_on_time / (double)t->topics_due);
		else
			mq_html_raw(b, "—");
		mq_html_printf(b, "</td><td>%ld</td><td>%ld</td></tr>\n", t->volunteered, t->chosen);
	}
	if (!r->n_totals)
		mq_html_raw(b, "<tr><td colspan=\"13\">本月还没有已结束的值班。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div><p class=\"muted\">“负责议题按时办结”：本月到期的、委员参与或负责"
		       "的议题中，在办结期限内办结的个数和比例。“报名征集”“征集入选”：本月报名参与征集的议题数，"
		       "和本月被选定参与的议题数。</p></section>\n");
	mq_html_raw(b, "<section class=\"card\"><h2>逐班明细</h2>\n<div class=\"scroll\"><table>\n"
		      "<thead><tr><th>日期</th><th>时间</th><th>委员</th><th>结果</th><th>签到</th>"
		      "<th>签退</th><th>到访/未到</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->n_shifts; i++) {
		const struct mq_attendance_shift *sh = &r->shifts[i];
		struct mq_attendance_times tm;

		mq_attendance_shift_times(sh, &tm);
		mq_html_printf(b, "<tr><td>%s</td><td>%s–%s</td><td>", tm.day, tm.start, tm.end);
		mq_html_text(b, sh->member_name);
		mq_html_raw(b, "</td><td>");
		mq_html_text(b, status_zh(sh->status));
		if (sh->late_minutes)
			mq_html_printf(b, " 迟到%ld分钟", sh->late_minutes);
		if (sh->early_minutes)
			mq_html_printf(b, " 早退%ld分钟", sh->early_minutes);
		mq_html_printf(b, "</td><td>%s</td><td>%s</td><td>%ld/%ld</td></tr>\n",
			       tm.checkin[0] ? tm.checkin : "—", tm.checkout[0] ? tm.checkout : "—",
			       sh->bookings_attended, sh->bookings_no_show);
	}
	mq_html_raw(b, "</tbody></table></div>");
	if (r->n_pending)
		mq_html_printf(b, "<p class=\"muted\">另有%zu个值班尚未结束，结束后计入。</p>", r->n_pending);
	mq_html_raw(b, "</section>\n");
}

/* Keeps only what member account @p member may see. */
static void only_member(struct mq_attendance_report *r, const char *member)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n_shifts; i++)
		if (strcmp(r->shifts[i].member, member) == 0)
			r->shifts[k++] = r->shifts[i];
	r->n_shifts = k;
	k = 0;
	for (size_t i = 0; i < r->n_totals; i++)
		if (strcmp(r->totals[i].member, member) == 0)
			r->totals[k++] = r->totals[i];
	r->n_totals = k;
}

/* Answers the totals of @p r as a CSV download. */
static void reply_csv(struct mq_http_response *resp, const struct mq_attendance_report *r)
{
	struct mq_buf b;
	char disp[96], *text;
	size_t len = 0;

	mq_buf_init(&b);
	mq_attendance_csv_totals(&b, r);
	text = mq_buf_steal(&b, &len);
	if (!text) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	snprintf(disp, sizeof disp, "attachment; filename=\"attendance-%s.csv\"", r->month);
	mq_http_reply_raw(resp, 200, "text/csv; charset=utf-8", text, len);
	mq_http_add_header(resp, "Content-Disposition", disp);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}

/* Answers @p r of @p month as the console's page for @p s. */
static void reply_page(struct mq_http_response *resp, const struct mq_db_session *s,
		       const struct mq_attendance_report *r, const char *month)
{
	struct mq_html b;
	char title[64];

	snprintf(title, sizeof title, "值班考勤 %s", month);
	mq_html_init(&b);
	mq_console_begin(&b, title, MQ_NAV_ATTENDANCE, s);
	mq_html_raw(&b, "<style>");
	mq_html_asset(&b, "attendance.css");
	mq_html_raw(&b, "</style>\n");
	mq_html_raw(&b, "<form method=\"get\" action=\"/console/attendance\" class=\"card\">"
			"<label>月份 <input name=\"month\" value=\"");
	mq_html_text(&b, month);
	mq_html_raw(&b, "\" pattern=\"[0-9]{4}-[0-9]{2}\" size=\"8\"></label> "
			"<button type=\"submit\">查看</button> <a href=\"/console/attendance?month=");
	mq_html_text(&b, month);
	mq_html_raw(&b, "&amp;format=csv\">下载 CSV</a></form>\n");
	report_html(&b, r);
	mq_console_end(&b, resp, 200);
}

void mq_console_attendance_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_attendance_report r;
	const char *month, *format;
	char this_month[8];
	int64_t from, to;
	enum mq_err err;

	if (!mq_console_get(hc, resp, &s, &q, "无法打开", "链接中的参数有误。"))
		return;
	mq_time_format_shanghai(hc->req->now, "%Y-%m", this_month, sizeof this_month);
	month = mq_form_get(&q, "month");
	if (!month || !month[0])
		month = this_month;
	format = mq_form_get(&q, "format");
	if (!mq_date_parse_month(month, &from, &to)) {
		mq_form_finish(&q);
		mq_console_message(resp, 400, &s, "无法打开", "月份应写成 2026-11 这样的格式。");
		return;
	}
	err = mq_attendance_report(hc->srv->db, month, mq_account_studio(&s.staff), hc->req->now, &r);
	if (err != MQ_OK) {
		mq_form_finish(&q);
		mq_console_message(resp, 503, &s, "暂时无法统计", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	if (s.staff.role == MQ_ROLE_MEMBER)
		only_member(&r, s.staff.member);
	if (format && strcmp(format, "csv") == 0)
		reply_csv(resp, &r);
	else
		reply_page(resp, &s, &r, month);
	mq_attendance_report_finish(&r);
	mq_form_finish(&q);
}
