/* stats_get.c — GET /console/stats: every statistics table of the
 * account's scope, with a server-rendered SVG chart where it helps and a
 * CSV link under each table. */
#include <stdio.h>

#include "console.h"

void mq_console_stats_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	enum mq_err err = MQ_OK;

	if (!mq_console_session_staff(hc, resp, &s, "统计"))
		return;
	mq_html_init(&b);
	mq_console_begin(&b, "统计", MQ_NAV_STATS, &s);
	mq_html_raw(&b, "<p class=\"hint\">“30天内答复率”：提交满30天（或已提前答复）的意见中，30天内进入督查反馈"
		       "（公布办理结果或直接答复）的比例。阶段停留时间按每条意见首次进入该阶段到进入下一阶段计算。</p>\n"
		       "<div class=\"grid\">\n");
	for (const struct mq_stat_table *t = mq_stats_tables; err == MQ_OK && t->id; t++) {
		json_t *rows = NULL;

		err = mq_stats_rows(db, t, mq_account_studio(&s.staff), hc->req->now, &rows);
		if (err != MQ_OK)
			break;
		/* wide tables take the whole row */
		mq_html_printf(&b, "<section class=\"card%s\"><h2>%s</h2>\n", t->ncols > 4 ? " wide" : "",
			       t->title);
		mq_console_stats_chart(&b, t, rows);
		mq_console_stats_table(&b, t, rows);
		mq_html_printf(&b, "<p><a href=\"/console/stats/%s.csv\" download>导出CSV（Excel可直接打开）</a></p>"
			       "</section>\n", t->id);
		json_decref(rows);
	}
	mq_html_raw(&b, "</div>\n");
	mq_console_finish(&b, resp, &s, err);
}
