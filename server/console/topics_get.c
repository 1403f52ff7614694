/* topics_get.c — GET /console/topics: consultation topics (议题) in the
 * account's scope, the most urgent first (sort=time: the newest first),
 * each with its next deadline — that of its most urgent open opinion
 * (剩余N个工作日 / 超期N个工作日) — filterable by step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_array.h"
#include "mq_date.h"

/* A topic of the list, copied out of the storage callback. */
struct row {
	char id[MQ_UUID_LEN + 1];
	int64_t no;
	char title[MQ_DB_NAME_MAX * 2];
	char studio_name[MQ_DB_NAME_MAX];
	enum mq_stage stage;
	int64_t created_at, n_opinions, n_ratings;
	double avg_stars;
	const struct mq_deadline_item *due;   /* how it stands, or NULL (no opinions) */
};

struct list {
	struct row *v;
	size_t n;
	bool failed;
};

static bool add(void *cls, const struct mq_db_topic *t)
{
	struct list *l = cls;
	struct row *r = mq_array_add(&l->v, &l->n, sizeof *l->v);

	if (!r) {
		l->failed = true;
		return false;
	}
	snprintf(r->id, sizeof r->id, "%s", t->id);
	snprintf(r->title, sizeof r->title, "%s", t->title);
	snprintf(r->studio_name, sizeof r->studio_name, "%s", t->studio_name);
	r->no = t->no;
	r->stage = t->stage;
	r->created_at = t->created_at;
	r->n_opinions = t->n_opinions;
	r->n_ratings = t->n_ratings;
	r->avg_stars = t->avg_stars;
	return true;
}

/* Newest first, as storage listed them before the join reordered them. */
static int by_created(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->created_at != y->created_at)
		return x->created_at > y->created_at ? -1 : 1;
	return (x->no < y->no) - (x->no > y->no);
}

/* Urgency: open before done, the earliest next deadline first, then newest. */
static int by_urgency(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = 0;

	if (x->due && y->due)
		c = mq_deadline_cmp(&x->due->st, &y->due->st);
	else if (x->due || y->due)
		c = x->due && x->due->st.open ? -1 : y->due && y->due->st.open ? 1 : 0;
	return c ? c : by_created(a, b);
}

static void row_html(struct mq_html *b, const struct row *t, int soon)
{
	char when[32];

	mq_date_format_minute(t->created_at, when, sizeof when);
	mq_html_printf(b, "<tr><td class=\"num\">#%lld</td><td><a href=\"/console/topics/", (long long)t->no);
	mq_html_text(b, t->id);
	mq_html_raw(b, "\">");
	mq_html_text(b, t->title);
	mq_html_raw(b, "</a></td><td>");
	mq_html_text(b, t->studio_name);
	mq_html_printf(b, "</td><td><span class=\"tag%s\">%s</span></td><td class=\"due\">",
		       t->stage == MQ_STAGE_CLOSED ? " ok" : "", mq_stage_name(t->stage));
	if (t->due && t->stage != MQ_STAGE_CLOSED)
		mq_console_due_tag(b, &t->due->st, soon, true);
	else
		mq_html_raw(b, "—");
	mq_html_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)t->n_opinions);
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td class=\"num\">");
	if (t->n_ratings)
		mq_html_printf(b, "%.1f（%lld人）", t->avg_stars, (long long)t->n_ratings);
	else
		mq_html_raw(b, "—");
	mq_html_raw(b, "</td></tr>\n");
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id, ((const struct row *)b)->id);
}

/* Each topic's lead opinion (mq_deadline.h) into its row, found by id. */
static void join_leads(struct list *l, const struct mq_console_deadlines *d)
{
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof *l->v, by_id);
	for (size_t i = 0; i < d->items.n; i++) {
		const struct mq_deadline_item *x = &d->items.v[i];
		struct row key, *r;

		if (!x->topic_lead)
			continue;
		snprintf(key.id, sizeof key.id, "%s", x->topic);
		if ((r = bsearch(&key, l->v, l->n, sizeof *l->v, by_id)))
			r->due = x;
	}
}

static void table(struct mq_html *b, struct list *l, const struct mq_console_deadlines *d,
		  bool by_time)
{
	join_leads(l, d);
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, by_time ? by_created : by_urgency);
	mq_html_printf(b, MQ_CONSOLE_WRAP "<table><caption class=\"hint\">%s</caption><thead><tr>"
		       "<th scope=\"col\" class=\"num\">编号</th><th scope=\"col\">议题</th>"
		       "<th scope=\"col\">委员工作室</th><th scope=\"col\">阶段</th>"
		       "<th scope=\"col\">办理期限</th><th scope=\"col\" class=\"num\">意见数</th>"
		       "<th scope=\"col\">立项时间</th><th scope=\"col\" class=\"num\">满意度</th>"
		       "</tr></thead>\n<tbody>\n",
		       by_time ? "按立项时间排列，最新的在前"
			       : "按紧急程度排列：超期最久的在前，已办结的在最后；期限按议题中最紧急的一条意见计算");
	for (size_t i = 0; i < l->n; i++)
		row_html(b, &l->v[i], d->rules.soon);
	if (l->n == 0)
		mq_html_raw(b, "<tr><td colspan=\"8\">还没有议题。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div>\n");
}

void mq_console_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	static const char *const stages[][2] = {
		{ "", "全部" }, { "research", "调研走访" }, { "consult", "协商办理" },
		{ "feedback", "督查反馈" }, { "closed", "已办结" },
	};
	static const char *const sorts[][2] = { { "", "最紧急的在前" }, { "time", "最新立项的在前" } };
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_topic_filter f = { .limit = 500 };
	struct mq_db_opinion_filter of = { 0 };
	struct mq_console_deadlines d = { 0 };
	struct mq_form q = { 0 };
	struct mq_html b;
	struct list l = { 0 };
	const char *sort;
	bool by_time;
	enum mq_err err;

	if (!mq_console_get(hc, resp, &s, &q, "无法筛选", "筛选条件无法识别。"))
		return;
	f.by_stage = mq_stage_parse(mq_form_text(&q, "stage"), &f.stage);
	sort = mq_form_text(&q, "sort");
	by_time = sort && strcmp(sort, "time") == 0;
	mq_account_scope_topics(&s.staff, &f);
	mq_account_scope_opinions(&s.staff, &of);
	err = db->topics_iterate(db->cls, &f, add, &l);
	if (err == MQ_OK && l.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = mq_console_deadlines_load(db, &of, hc->req->now, &d);
	mq_html_init(&b);
	mq_console_begin(&b, "议题", MQ_NAV_TOPICS, &s);
	mq_console_saved_notice(&b, hc->req->query);
	if (err == MQ_OK)
		mq_console_calendar_warning(&b, &s, &d.rules, hc->req->now);
	mq_html_raw(&b, "<form class=\"filters card\" method=\"get\" action=\"/console/topics\">");
	mq_console_select_fixed(&b, "stage", "阶段", stages, sizeof stages / sizeof stages[0],
				f.by_stage ? mq_stage_key(f.stage) : NULL);
	mq_console_select_fixed(&b, "sort", "排序", sorts, 2, by_time ? "time" : NULL);
	mq_html_raw(&b, "<div><button type=\"submit\">筛选</button></div></form>\n"
		       "<p class=\"hint\">议题由收件箱中的意见经分析研判形成。</p>\n");
	if (err == MQ_OK)
		table(&b, &l, &d, by_time);
	if (err == MQ_OK)
		err = mq_console_calls_card(db, &b, &s);
	mq_console_deadlines_finish(&d);
	free(l.v);
	mq_form_finish(&q);
	mq_console_finish(&b, resp, &s, err);
}
