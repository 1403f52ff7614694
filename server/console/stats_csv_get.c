/* stats_csv_get.c — GET /console/stats/{table}.csv[?period=YYYY|YYYY-MM]:
 * one statistics table as CSV (UTF-8 with BOM so that Excel reads the
 * Chinese), as a download; the assessment tables for the period asked. */
#include <stdio.h>
#include <string.h>

#include "console.h"

void mq_console_stats_csv_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	const struct mq_stat_table *t;
	size_t n = strlen(hc->param), len = 0;
	char disp[96], *csv;
	struct mq_buf b;
	struct mq_form q = { 0 };
	struct mq_stats_scope scope = { 0 };
	const char *query = hc->req->query ? hc->req->query : "";
	json_t *rows = NULL;

	if (!mq_console_session_staff(hc, resp, &s, "统计"))
		return;
	for (t = mq_stats_tables; t->id; t++)
		if (n == strlen(t->id) + 4 && strncmp(hc->param, t->id, n - 4) == 0 &&
		    strcmp(hc->param + n - 4, ".csv") == 0)
			break;
	if (!t->id) {
		mq_console_message(resp, 404, &s, "未找到", "没有这张统计表。");
		return;
	}
	scope.studio = mq_account_studio(&s.staff);
	scope.now = hc->req->now;
	if (t->by_period && mq_form_parse(query, strlen(query), &q) &&
	    !mq_stats_period_parse(mq_form_text(&q, "period"), &scope)) {
		mq_form_finish(&q);
		mq_console_message(resp, 400, &s, "无法导出", "统计期间应为“年”或“年-月”。");
		return;
	}
	mq_form_finish(&q);
	if (mq_stats_rows(db, t, &scope, &rows) != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法导出", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	mq_buf_init(&b);
	mq_console_stats_csv(&b, t, rows);
	json_decref(rows);
	csv = mq_buf_steal(&b, &len);
	if (!csv) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_raw(resp, 200, "text/csv; charset=utf-8", csv, len);
	snprintf(disp, sizeof disp, "attachment; filename=\"minqing-%s.csv\"", t->id);
	mq_http_add_header(resp, "Content-Disposition", disp);
	mq_http_add_header(resp, "Cache-Control", "no-store");
	mq_http_add_header(resp, "X-Content-Type-Options", "nosniff");
}
