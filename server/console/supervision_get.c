/* supervision_get.c — GET /console/supervision: 督办. The supervision orders
 * in the account's scope (open ones first, by their answer day; late ones
 * flagged), and the district's list of items escalated for running out of
 * time, each with how it stands now. Street groups see their own, the
 * district admin every street. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_supervision.h"
#include "mq_workday.h"

struct view {
	struct mq_html *b;
	int64_t now;
	bool all_streets;
	unsigned int n;
	const struct mq_console_deadlines *d;
};

/* The link to what an order or escalation is about: topic or opinion. */
static void subject_link(struct mq_html *b, bool topic, const char *id, int64_t no,
			 const char *title)
{
	mq_html_printf(b, "<a href=\"/console/%s/", topic ? "topics" : "opinions");
	mq_html_text(b, id);
	mq_html_raw(b, "\">");
	if (topic)
		mq_html_printf(b, "议题#%lld ", (long long)no);
	else
		mq_html_raw(b, "意见：");
	mq_html_text(b, title);
	mq_html_raw(b, "</a>");
}

static bool order_row(void *cls, const struct mq_db_order *o)
{
	struct view *v = cls;
	struct mq_html *b = v->b;
	bool late = mq_order_late(o, v->now);
	char when[32];

	mq_date_format_minute(o->issued_at, when, sizeof when);
	mq_html_printf(b, "<tr><td class=\"num\"><a href=\"/console/supervision/%s\">#%lld</a></td><td>",
		       o->id, (long long)o->no);
	subject_link(b, o->topic != NULL, o->topic ? o->topic : o->opinion, o->subject_no,
		     o->subject_title);
	mq_html_raw(b, "<br><span class=\"muted\">");
	mq_html_text(b, o->note);
	mq_html_raw(b, "</span></td>");
	if (v->all_streets) {
		mq_html_raw(b, "<td>");
		mq_html_text(b, o->studio_name);
		mq_html_raw(b, "</td>");
	}
	mq_html_raw(b, "<td class=\"due\">");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td class=\"due\">");
	mq_html_text(b, o->due_day);
	mq_html_raw(b, "</td><td>");
	if (o->answered_at)
		mq_html_printf(b, "<span class=\"tag%s\">%s</span>", late ? " warn" : " ok",
			       late ? "逾期答复" : "已答复");
	else if (late)
		mq_html_raw(b, "<span class=\"tag warn\">超期未答复</span>");
	else
		mq_html_printf(b, "<span class=\"tag %s\">%s</span>", o->acknowledged_at ? "soon" : "new",
			       o->acknowledged_at ? "已签收，待答复" : "待签收");
	mq_html_raw(b, "</td></tr>\n");
	v->n++;
	return true;
}

static enum mq_err orders(struct mq_db *db, struct view *v, const char *studio)
{
	struct mq_db_order_filter f = { .studio = studio, .limit = 300 };
	enum mq_err err;

	mq_html_raw(v->b, "<section class=\"card\"><h2>督办件</h2>\n" MQ_CONSOLE_WRAP "<table>"
			  "<caption class=\"hint\">未答复的在前，按答复期限排列</caption><thead><tr>"
			  "<th scope=\"col\" class=\"num\">编号</th><th scope=\"col\">督办事项</th>");
	if (v->all_streets)
		mq_html_raw(v->b, "<th scope=\"col\">委员工作室</th>");
	mq_html_raw(v->b, "<th scope=\"col\">下达时间</th><th scope=\"col\">答复期限</th>"
			  "<th scope=\"col\">状态</th></tr></thead><tbody>\n");
	err = db->orders_iterate(db->cls, &f, order_row, v);
	if (v->n == 0)
		mq_html_printf(v->b, "<tr><td colspan=\"%d\">还没有督办件。区管理员可在议题或意见页面发出督办。"
				  "</td></tr>\n", v->all_streets ? 6 : 5);
	mq_html_raw(v->b, "</tbody></table></div></section>\n");
	return err;
}

static bool escalation_row(void *cls, const struct mq_db_escalation *e)
{
	struct view *v = cls;
	struct mq_html *b = v->b;
	const struct mq_deadline_item *x = NULL;
	enum mq_deadline_kind kind = MQ_DEADLINE_TRIAGE;
	bool topic = strcmp(e->subject_kind, "topic") == 0;
	char when[32], due[16];

	(void)mq_deadline_kind_parse(e->deadline, &kind);
	x = topic ? mq_deadline_topic_item(&v->d->items, e->subject)
		  : mq_console_deadline_of(v->d, e->subject);
	mq_date_format_minute(e->escalated_at, when, sizeof when);
	mq_workday_format_md(mq_workday_day_of(e->due_at - 1), due, sizeof due);
	mq_html_raw(b, "<tr><td>");
	if (x)
		subject_link(b, topic, e->subject, x->topic_no, topic ? x->topic_title : x->excerpt);
	else
		subject_link(b, topic, e->subject, 0, "");
	mq_html_raw(b, "</td>");
	if (v->all_streets) {
		mq_html_raw(b, "<td>");
		mq_html_text(b, x ? x->studio_name : e->studio);
		mq_html_raw(b, "</td>");
	}
	mq_html_printf(b, "<td>%s（%s前）</td><td class=\"due\">", mq_deadline_kind_name(kind), due);
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	if (x && x->st.open)
		mq_console_due_tag(b, &x->st, v->d->rules.soon, true);
	else
		mq_html_raw(b, "<span class=\"tag ok\">已办结</span>");
	mq_html_raw(b, "</td></tr>\n");
	v->n++;
	return true;
}

static enum mq_err escalations(struct mq_db *db, struct view *v, const char *studio)
{
	enum mq_err err;

	v->n = 0;
	mq_html_printf(v->b, "<section class=\"card\"><h2>超期升级清单</h2>\n<p class=\"hint\">超过办理期限"
			  "%d个工作日以上的议题和待研判意见，自动列入区级督办清单。</p>\n" MQ_CONSOLE_WRAP
			  "<table><thead><tr><th scope=\"col\">事项</th>", v->d->rules.escalate);
	if (v->all_streets)
		mq_html_raw(v->b, "<th scope=\"col\">委员工作室</th>");
	mq_html_raw(v->b, "<th scope=\"col\">超期环节</th><th scope=\"col\">升级时间</th>"
			  "<th scope=\"col\">现状</th></tr></thead><tbody>\n");
	err = db->escalations_iterate(db->cls, studio, escalation_row, v);
	if (v->n == 0)
		mq_html_printf(v->b, "<tr><td colspan=\"%d\">没有升级的超期事项。</td></tr>\n",
			       v->all_streets ? 5 : 4);
	mq_html_raw(v->b, "</tbody></table></div></section>\n");
	return err;
}

void mq_console_supervision_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_console_deadlines d = { 0 };
	struct mq_db_opinion_filter f = { 0 };
	struct mq_html b;
	struct view v = { .b = &b, .now = hc->req->now, .d = &d };
	const char *studio;
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "督办"))
		return;
	studio = mq_account_studio(&s.staff);
	v.all_streets = !studio;
	mq_account_scope_opinions(&s.staff, &f);
	err = mq_console_deadlines_load(db, &f, hc->req->now, &d);
	mq_html_init(&b);
	mq_console_begin(&b, "督办", MQ_NAV_SUPERVISION, &s);
	if (err == MQ_OK) {
		mq_console_calendar_warning(&b, &s, &d.rules, hc->req->now);
		err = orders(db, &v, studio);
	}
	if (err == MQ_OK)
		err = escalations(db, &v, studio);
	mq_console_deadlines_finish(&d);
	mq_console_finish(&b, resp, &s, err);
}
