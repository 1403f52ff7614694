/* inbox_get.c — GET /console/inbox: the opinions collected
 * (收集采集) in the account's scope, the most urgent first (the most
 * overdue, then the least time left: sort=time lists the newest first),
 * each with its next deadline (剩余N个工作日 / 超期N个工作日), with filters
 * for street (admins), category, community, channel, age and step. 50 a
 * page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_stage.h"

#define PAGE 50
#define DAY 86400

struct inbox {
	struct mq_html *b;
	bool all_streets;
	unsigned int rows;
	const struct mq_deadline_item *item;   /* of the row being written */
	int soon;                              /* the digest's window: "due soon" */
};

void mq_console_opinion_status(struct mq_html *b, const struct mq_db_console_opinion *o)
{
	if (!o->disposition) {
		mq_html_raw(b, "<span class=\"tag new\">待研判</span>");
		return;
	}
	if (o->topic) {
		mq_html_printf(b, "<span class=\"tag%s\">议题#%lld · %s</span>",
			       o->topic_stage == MQ_STAGE_CLOSED ? " ok" : "",
			       (long long)o->topic_no, mq_stage_name(o->topic_stage));
		return;
	}
	mq_html_printf(b, "<span class=\"tag%s\">%s · %s</span>", o->closed_at ? " ok" : "",
		       mq_workflow_disposition_name(o->disposition), mq_stage_name(o->op.stage));
}

static const char *channel_name(const char *c)
{
	if (strcmp(c, "kiosk") == 0)
		return "自助终端";
	if (strcmp(c, "web") == 0)
		return "网上";
	if (strcmp(c, "phone") == 0)
		return "手机";
	if (strcmp(c, "liaison") == 0)
		return "联络员走访";
	return "委员走访";
}

static bool row(void *cls, const struct mq_db_console_opinion *o)
{
	struct inbox *in = cls;
	struct mq_html *b = in->b;
	char when[32], text[200];

	mq_date_format_minute(o->op.created_at, when, sizeof when);
	mq_buf_excerpt(o->op.text, 40, text, sizeof text);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td>");
	if (in->all_streets) {
		mq_html_raw(b, "<td>");
		mq_html_text(b, o->op.studio_name);
		mq_html_raw(b, "</td>");
	}
	mq_html_raw(b, "<td>");
	mq_html_text_or(b, o->op.community_name, "—");
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, o->op.category_name);
	mq_html_printf(b, "</td><td>%s</td><td><a href=\"/console/opinions/", channel_name(o->op.channel));
	mq_html_text(b, o->op.id);
	mq_html_raw(b, "\">");
	mq_html_text(b, text);
	mq_html_raw(b, "</a></td><td>");
	mq_html_text_or(b, o->member_name, "—");
	mq_html_raw(b, "</td><td>");
	mq_console_opinion_status(b, o);
	mq_html_raw(b, "</td><td class=\"due\">");
	if (in->item)
		mq_console_due_tag(b, &in->item->st, in->soon, true);
	mq_html_raw(b, "</td></tr>\n");
	in->rows++;
	return false;   /* one row per lookup */
}

/* Opens a link to page @p page keeping the filters of @p q. */
static void page_link(struct mq_html *b, const struct mq_form *q, long page)
{
	static const char *const keep[] = { "street", "category", "community", "channel", "age",
					    "stage", "sort" };

	mq_html_printf(b, "<a href=\"/console/inbox?page=%ld", page);
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		const char *v = mq_form_get(q, keep[i]);
		if (v && v[0]) {
			mq_html_printf(b, "&amp;%s=", keep[i]);
			mq_html_url_value(b, v);
		}
	}
	mq_html_raw(b, "\">");
}

/* The filter as the query @p q asks for it, within the scope of @p s; the
 * page number into *@p page. */
static void read_filter(struct mq_form *q, const struct mq_db_session *s, int64_t now,
			struct mq_db_opinion_filter *f, long *page)
{
	const char *age = mq_form_text(q, "age");

	f->studio = mq_form_text(q, "street");
	f->category = mq_form_text(q, "category");
	f->community = mq_form_text(q, "community");
	f->channel = mq_form_text(q, "channel");
	f->by_stage = mq_stage_parse(mq_form_text(q, "stage"), &f->stage);
	if (age) {
		long days = strtol(age, NULL, 10);
		if (strcmp(age, "old") == 0)
			f->created_before = now - 30 * DAY;
		else if (days > 0 && days <= 3650)
			f->created_after = now - days * DAY;
	}
	*page = mq_form_text(q, "page") ? strtol(mq_form_text(q, "page"), NULL, 10) : 0;
	if (*page < 0 || *page > 10000)
		*page = 0;
	f->offset = (unsigned int)*page * PAGE;
	mq_account_scope_opinions(&s->staff, f);
}

/* The choices of the filter form. */
struct choices {
	struct mq_console_list studios, cats, comms;
};

/* The filter form: street (admins), category, community (one street's),
 * channel, age and step, with @p f's choices selected. */
static void filter_form(struct mq_html *b, const struct mq_db_session *s,
			const struct choices *c, const struct mq_db_opinion_filter *f,
			const char *age, const char *sort, bool communities)
{
	static const char *const channels[][2] = {
		{ "", "全部渠道" }, { "kiosk", "自助终端" }, { "phone", "手机" }, { "web", "网上" },
		{ "member", "委员走访" }, { "liaison", "联络员走访" },
	};
	static const char *const ages[][2] = {
		{ "", "不限" }, { "1", "1天内" }, { "7", "7天内" }, { "30", "30天内" },
		{ "old", "超过30天" },
	};
	static const char *const stages[][2] = {
		{ "", "全部" }, { "collected", "待研判" }, { "triaged", "分析研判" },
		{ "research", "调研走访" }, { "consult", "协商办理" }, { "feedback", "督查反馈" },
	};
	static const char *const sorts[][2] = { { "", "最紧急的在前" }, { "time", "最新提交的在前" } };

	mq_html_raw(b, "<form class=\"filters card\" method=\"get\" action=\"/console/inbox\">\n");
	if (!mq_account_studio(&s->staff))
		mq_console_select(b, "street", "街道", &c->studios, "全部街道", f->studio);
	mq_console_select(b, "category", "类别", &c->cats, "全部类别", f->category);
	if (communities)
		mq_console_select(b, "community", "社区", &c->comms, "全部社区", f->community);
	mq_console_select_fixed(b, "channel", "渠道", channels, sizeof channels / sizeof channels[0],
				f->channel);
	mq_console_select_fixed(b, "age", "提交时间", ages, 5, age);
	mq_console_select_fixed(b, "stage", "办理阶段", stages, 6,
				f->by_stage ? mq_stage_key(f->stage) : NULL);
	mq_console_select_fixed(b, "sort", "排序", sorts, 2, sort);
	mq_html_raw(b, "<div><button type=\"submit\">筛选</button></div>\n</form>\n");
}

/* Opens the table, its caption telling the order. */
static void table_head(struct inbox *in, bool by_time)
{
	struct mq_html *b = in->b;

	mq_html_printf(b, MQ_CONSOLE_WRAP "<table>\n<caption class=\"hint\">%s</caption>\n"
		       "<thead><tr><th scope=\"col\">提交时间</th>",
		       by_time ? "按提交时间排列，最新的在前"
			       : "按紧急程度排列：超期最久的在前，其次是剩余时间最少的，已办结的在最后");
	if (in->all_streets)
		mq_html_raw(b, "<th scope=\"col\">街道</th>");
	mq_html_raw(b, "<th scope=\"col\">社区</th><th scope=\"col\">类别</th><th scope=\"col\">渠道</th>"
		       "<th scope=\"col\">内容</th><th scope=\"col\">委员信箱</th><th scope=\"col\">状态</th>"
		       "<th scope=\"col\">办理期限</th></tr></thead>\n<tbody>\n");
}

/* The opinions of @p d (those of the filter) in the order asked for, as a
 * table, and the links to the pages around @p page. */
static enum mq_err table(struct mq_db *db, struct inbox *in, const struct mq_form *q,
			 struct mq_console_deadlines *d, bool by_time, long page)
{
	struct mq_html *b = in->b;
	size_t from = (size_t)page * PAGE, n = d->items.n;
	enum mq_err err = MQ_OK;

	if (!by_time)
		mq_deadline_items_sort(&d->items);
	table_head(in, by_time);
	for (size_t i = from; err == MQ_OK && i < n && i < from + PAGE; i++) {
		/* by time: storage hands them oldest first */
		in->item = &d->items.v[by_time ? n - 1 - i : i];
		err = db->opinion_get(db->cls, in->item->id, row, in);
	}
	if (in->rows == 0)
		mq_html_printf(b, "<tr><td colspan=\"%d\">没有符合条件的意见。</td></tr>\n",
			       in->all_streets ? 8 : 7);
	mq_html_raw(b, "</tbody></table></div>\n");
	if (page > 0 || n > from + PAGE) {
		mq_html_raw(b, "<p>");
		if (page > 0) {
			page_link(b, q, page - 1);
			mq_html_raw(b, "上一页</a> ");
		}
		if (n > from + PAGE) {
			page_link(b, q, page + 1);
			mq_html_raw(b, "下一页</a>");
		}
		mq_html_raw(b, "</p>\n");
	}
	return err;
}

void mq_console_inbox_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_db_opinion_filter f = { .limit = PAGE };
	struct choices c = { 0 };
	struct mq_html b;
	struct inbox in = { .b = &b };
	struct mq_console_deadlines d = { 0 };
	const char *studio, *sort;
	bool by_time;
	long page;
	enum mq_err err;

	if (!mq_console_get(hc, resp, &s, &q, "无法筛选", "筛选条件无法识别。"))
		return;
	read_filter(&q, &s, hc->req->now, &f, &page);
	sort = mq_form_text(&q, "sort");
	by_time = sort && strcmp(sort, "time") == 0;
	studio = mq_account_studio(&s.staff) ? mq_account_studio(&s.staff) : f.studio;
	in.all_streets = !mq_account_studio(&s.staff) && !f.studio;
	err = db->studios_iterate(db->cls, mq_console_list_add, &c.studios);
	if (err == MQ_OK)
		err = db->categories_iterate(db->cls, mq_console_list_add, &c.cats);
	if (err == MQ_OK && studio)
		err = db->communities_iterate(db->cls, studio, mq_console_list_add, &c.comms);
	if (err == MQ_OK)
		err = mq_console_deadlines_load(db, &f, hc->req->now, &d);
	in.soon = d.rules.soon;
	mq_html_init(&b);
	mq_console_begin(&b, "收件箱", MQ_NAV_INBOX, &s);
	if (err == MQ_OK)
		mq_console_calendar_warning(&b, &s, &d.rules, hc->req->now);
	filter_form(&b, &s, &c, &f, mq_form_text(&q, "age"), by_time ? "time" : NULL,
		    studio != NULL);
	/* on a storage error the page is dropped for a 503 (mq_console_finish) */
	if (err == MQ_OK)
		err = table(db, &in, &q, &d, by_time, page);
	mq_console_deadlines_finish(&d);
	mq_form_finish(&q);
	mq_console_list_finish(&c.studios);
	mq_console_list_finish(&c.cats);
	mq_console_list_finish(&c.comms);
	mq_console_finish(&b, resp, &s, err);
}
