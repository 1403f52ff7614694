/* h_roster_attendance_get.c — GET /console/attendance?month=YYYY-MM[&format=csv]:
 * the monthly attendance report of duty members (考核) in the staff console,
 * as a page or as CSV (the same rows as `minqing-server report attendance`).
 * An admin sees every studio, a street account its own, a member account
 * only its own shifts. */
#include <stdio.h>
#include <string.h>

#include "mq_attendance.h"
#include "mq_console.h"
#include "mq_date.h"
#include "mq_handlers.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_time.h"

static const char extra_css[] =
	"<style>.scroll{overflow-x:auto}td,th{padding:6px 8px;border-bottom:1px solid #e4dfd4;"
	"text-align:left;white-space:nowrap}tr.total td{font-weight:700;background:#f6f3ec}"
	".muted{color:#4a4a4a}</style>\n";

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

void mq_h_roster_attendance_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_attendance_report r;
	struct mq_buf b;
	const char *month, *format, *query = hc->req->query ? hc->req->query : "";
	char this_month[8], title[64];
	int64_t from, to;
	enum mq_err err;

	if (!mq_console_session(hc, resp, &s))
		return;
	if (!mq_form_parse(query, strlen(query), &q)) {
		mq_console_message(resp, 400, &s, "无法打开", "链接中的参数有误。");
		return;
	}
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
	err = mq_attendance_report(hc->srv->db, month, mq_console_studio(&s), hc->req->now, &r);
	if (err != MQ_OK) {
		mq_form_finish(&q);
		mq_console_message(resp, 503, &s, "暂时无法统计", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	if (strcmp(s.staff.role, "member") == 0)
		only_member(&r, s.staff.member);
	mq_buf_init(&b);
	if (format && strcmp(format, "csv") == 0) {
		char *text;
		size_t len = 0;
		char disp[96];

		mq_attendance_csv_totals(&b, &r);
		text = mq_buf_steal(&b, &len);
		snprintf(disp, sizeof disp, "attachment; filename=\"attendance-%s.csv\"", r.month);
		mq_attendance_report_finish(&r);
		mq_form_finish(&q);
		if (!text) {
			mq_http_reply_error(resp, 500, "internal", "out of memory");
			return;
		}
		mq_http_reply_raw(resp, 200, "text/csv; charset=utf-8", text, len);
		mq_http_add_header(resp, "Content-Disposition", disp);
		mq_http_add_header(resp, "Cache-Control", "no-store");
		return;
	}
	snprintf(title, sizeof title, "值班考勤 %s", month);
	mq_console_begin(&b, title, MQ_NAV_ATTENDANCE, &s);
	mq_buf_add(&b, extra_css);
	mq_buf_add(&b, "<form method=\"get\" action=\"/console/attendance\" class=\"card\">"
		       "<label>月份 <input name=\"month\" value=\"");
	mq_buf_add_html(&b, month);
	mq_buf_add(&b, "\" pattern=\"[0-9]{4}-[0-9]{2}\" size=\"8\"></label> "
		       "<button type=\"submit\">查看</button> <a href=\"/console/attendance?month=");
	mq_buf_add_html(&b, month);
	mq_buf_add(&b, "&amp;format=csv\">下载 CSV</a></form>\n");
	mq_attendance_html(&b, &r);
	mq_attendance_report_finish(&r);
	mq_form_finish(&q);
	mq_console_end(&b, resp, 200);
}
