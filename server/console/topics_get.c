/* topics_get.c — GET /console/topics: consultation topics (议题)
 * in the account's scope, newest first, filterable by step. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"

struct list {
	struct mq_html *b;
	unsigned int n;
};

static bool row(void *cls, const struct mq_db_topic *t)
{
	struct list *l = cls;
	struct mq_html *b = l->b;
	char when[32];

	mq_date_format_minute(t->created_at, when, sizeof when);
	mq_html_printf(b, "<tr><td class=\"num\">#%lld</td><td><a href=\"/console/topics/", (long long)t->no);
	mq_html_text(b, t->id);
	mq_html_raw(b, "\">");
	mq_html_text(b, t->title);
	mq_html_raw(b, "</a></td><td>");
	mq_html_text(b, t->studio_name);
	mq_html_printf(b, "</td><td><span class=\"tag%s\">%s</span></td><td class=\"num\">%lld</td><td>",
		       t->stage == MQ_STAGE_CLOSED ? " ok" : "", mq_stage_name(t->stage),
		       (long long)t->n_opinions);
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td class=\"num\">");
	if (t->n_ratings)
		mq_html_printf(b, "%.1f（%lld人）", t->avg_stars, (long long)t->n_ratings);
	else
		mq_html_raw(b, "—");
	mq_html_raw(b, "</td></tr>\n");
	l->n++;
	return true;
}

void mq_console_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	static const char *const stages[][2] = {
		{ "", "全部" }, { "research", "调研走访" }, { "consult", "协商办理" },
		{ "feedback", "督查反馈" }, { "closed", "已办结" },
	};
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_topic_filter f = { .limit = 200 };
	struct mq_form q = { 0 };
	struct mq_html b;
	struct list l = { .b = &b };
	enum mq_err err;

	if (!mq_console_get(hc, resp, &s, &q, "无法筛选", "筛选条件无法识别。"))
		return;
	f.by_stage = mq_stage_parse(mq_form_text(&q, "stage"), &f.stage);
	mq_account_scope_topics(&s.staff, &f);
	mq_html_init(&b);
	mq_console_begin(&b, "议题", MQ_NAV_TOPICS, &s);
	mq_html_raw(&b, "<form class=\"filters card\" method=\"get\" action=\"/console/topics\">");
	mq_console_select_fixed(&b, "stage", "阶段", stages, sizeof stages / sizeof stages[0],
				f.by_stage ? mq_stage_key(f.stage) : NULL);
	mq_html_raw(&b, "<div><button type=\"submit\">筛选</button></div></form>\n"
		       "<p class=\"hint\">议题由收件箱中的意见经分析研判形成。</p>\n"
		       MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\" class=\"num\">编号</th>"
		       "<th scope=\"col\">议题</th><th scope=\"col\">委员工作室</th><th scope=\"col\">阶段</th>"
		       "<th scope=\"col\" class=\"num\">意见数</th><th scope=\"col\">立项时间</th>"
		       "<th scope=\"col\" class=\"num\">满意度</th></tr></thead>\n<tbody>\n");
	err = db->topics_iterate(db->cls, &f, row, &l);
	if (l.n == 0)
		mq_html_raw(&b, "<tr><td colspan=\"7\">还没有议题。</td></tr>\n");
	mq_html_raw(&b, "</tbody></table></div>\n");
	mq_form_finish(&q);
	mq_console_finish(&b, resp, &s, err);
}
