/* filings_get.c — GET /console/filings: 我的登记, a liaison officer's own
 * filings, newest first, each with how it progresses (the inbox's 状态
 * tag) and the resident's short code and tracking page to pass on. No one
 * else's filings: the list is read by the officer's name, and the rest of
 * the console is closed to them (session.c). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_liaison.h"

struct filings {
	struct mq_db *db;
	struct mq_html *b;
	unsigned int n;
	enum mq_err err;
};

static bool opinion_card(void *cls, const struct mq_db_console_opinion *o)
{
	struct filings *l = cls;
	struct mq_html *b = l->b;
	char when[32], text[300];

	mq_date_format_minute(o->op.created_at, when, sizeof when);
	mq_buf_excerpt(o->op.text, 60, text, sizeof text);
	mq_html_raw(b, "<li class=\"card phone\"><p>");
	mq_console_opinion_status(b, o);
	mq_html_raw(b, " <span class=\"hint\">");
	mq_html_text(b, when);
	mq_html_raw(b, " · ");
	mq_html_text_or(b, o->op.community_name, "—");
	mq_html_raw(b, " · ");
	mq_html_text(b, o->op.category_name);
	mq_html_raw(b, "</span></p><p class=\"text\">");
	mq_html_text(b, text);
	mq_html_raw(b, "</p><p class=\"hint\">查询码 <strong>");
	mq_html_text(b, o->op.short_code);
	mq_html_raw(b, "</strong> · <a href=\"/t/");
	mq_html_text(b, o->op.token);
	mq_html_printf(b, "\">办理进度页</a>（可转给居民）%s</p></li>\n",
		       o->op.contact_name || o->op.contact_phone ? " · 已留联系方式" : "");
	return false;
}

static bool filing(void *cls, const char *opinion, int64_t at)
{
	struct filings *l = cls;

	(void)at;
	l->n++;
	l->err = l->db->opinion_get(l->db->cls, opinion, opinion_card, l);
	return l->err == MQ_OK;
}

/* True if query @p query (may be NULL) says a filing was just made (ok). */
static bool filed(const char *query)
{
	struct mq_form q = { 0 };
	bool ok = query && mq_form_parse(query, strlen(query), &q) && mq_form_get(&q, "ok");

	mq_form_finish(&q);
	return ok;
}

void mq_console_filings_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	struct filings l = { .db = db, .b = &b };
	enum mq_err err;

	if (!mq_console_session(hc, resp, &s) || !mq_console_liaison_only(&s, resp))
		return;
	mq_html_init(&b);
	mq_console_begin(&b, "我的登记", MQ_NAV_FILINGS, &s);
	if (filed(hc->req->query))
		mq_html_raw(&b, "<p class=\"notice\" role=\"status\">已登记，意见已进入收件箱。</p>\n");
	mq_html_raw(&b, "<p class=\"phone\"><a class=\"button\" href=\"/console/file\">登记下一条</a></p>\n"
		       "<ul class=\"filings\">\n");
	err = db->liaison_filings_iterate(db->cls, s.staff.username, MQ_LIAISON_LIST_MAX, filing, &l);
	if (err == MQ_OK)
		err = l.err;
	if (l.n == 0)
		mq_html_raw(&b, "<li class=\"card phone\">还没有登记。</li>\n");
	mq_html_raw(&b, "</ul>\n");
	mq_console_finish(&b, resp, &s, err);
}
