/* stats_get.c — GET /console/stats[?period=YYYY|YYYY-MM]: every statistics
 * table of the account's scope, with a server-rendered SVG chart where it
 * helps and a CSV link under each table. The assessment tables (按时办理,
 * 督办) follow the period chosen: opinions collected, orders issued in it. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_workday.h"

/* The period form: all time, this year and last, the last twelve months. */
static void period_form(struct mq_html *b, const char *chosen, int64_t now)
{
	int y, m, d;
	char value[8];

	mq_workday_date(mq_workday_day_of(now), &y, &m, &d);
	mq_html_raw(b, "<form class=\"filters card\" method=\"get\" action=\"/console/stats\">"
		       "<div><label for=\"f-period\">考核期间</label><select id=\"f-period\" name=\"period\">"
		       "<option value=\"\">全部</option>");
	for (int i = 0; i < 2; i++) {
		snprintf(value, sizeof value, "%04d", y - i);
		mq_html_printf(b, "<option value=\"%s\"%s>%d年</option>", value,
			       chosen && strcmp(chosen, value) == 0 ? " selected" : "", y - i);
	}
	for (int i = 0; i < 12; i++) {
		int mm = (m - 1 - i + 24) % 12 + 1, yy = y - (i >= m);

		snprintf(value, sizeof value, "%04d-%02d", yy, mm);
		mq_html_printf(b, "<option value=\"%s\"%s>%d年%d月</option>", value,
			       chosen && strcmp(chosen, value) == 0 ? " selected" : "", yy, mm);
	}
	mq_html_raw(b, "</select></div><div><button type=\"submit\">查看</button></div></form>\n");
}

void mq_console_stats_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_stats_scope scope = { 0 };
	const char *period, *query = hc->req->query ? hc->req->query : "";
	struct mq_html b;
	enum mq_err err = MQ_OK;

	if (!mq_console_session_staff(hc, resp, &s, "统计"))
		return;
	/* an undecodable query is all time, as an unknown period is */
	period = mq_form_parse(query, strlen(query), &q) ? mq_form_text(&q, "period") : NULL;
	if (!mq_stats_period_parse(period, &scope))
		period = NULL;   /* an unknown period: all time */
	scope.studio = mq_account_studio(&s.staff);
	scope.now = hc->req->now;
	mq_html_init(&b);
	mq_console_begin(&b, "统计", MQ_NAV_STATS, &s);
	period_form(&b, period, hc->req->now);
	mq_html_raw(&b, "<p class=\"hint\">“按时研判率”等：期限已到（已办或已超期未办）的意见中，在期限内办完的比例；"
		       "期限按工作日从居民提交时起算，见<a href=\"/console/calendar\">时限与日历</a>。"
		       "“30天内答复率”：提交满30天（或已提前答复）的意见中，30天内进入督查反馈"
		       "（公布办理结果或直接答复）的比例。阶段停留时间按每条意见首次进入该阶段到进入下一阶段计算。</p>\n"
		       "<div class=\"grid\">\n");
	for (const struct mq_stat_table *t = mq_stats_tables; err == MQ_OK && t->id; t++) {
		json_t *rows = NULL;

		err = mq_stats_rows(db, t, &scope, &rows);
		if (err != MQ_OK)
			break;
		/* wide tables take the whole row */
		mq_html_printf(&b, "<section class=\"card%s\"><h2>%s</h2>\n", t->ncols > 4 ? " wide" : "",
			       t->title);
		mq_console_stats_chart(&b, t, rows);
		mq_console_stats_table(&b, t, rows);
		mq_html_printf(&b, "<p><a href=\"/console/stats/%s.csv", t->id);
		if (t->by_period && period) {
			mq_html_raw(&b, "?period=");
			mq_html_url_value(&b, period);
		}
		mq_html_raw(&b, "\" download>导出CSV（Excel可直接打开）</a></p></section>\n");
		json_decref(rows);
	}
	mq_html_raw(&b, "</div>\n");
	mq_form_finish(&q);
	mq_console_finish(&b, resp, &s, err);
}
