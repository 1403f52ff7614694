/* order_get.c — GET /console/supervision/{id}: one supervision order (督办):
 * what it is about, the district's note and answer day, who signed for and
 * answered it when, and, while it is open, the street group's forms to
 * sign for and to answer it. Out of scope answers 404. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_supervision.h"

struct order_view {
	struct mq_html *b;
	const struct mq_db_session *s;
	int64_t now;
	bool found;
};

static void kv_time(struct mq_html *b, const char *k, int64_t at, const char *by)
{
	char when[32];

	mq_html_printf(b, "<dt>%s</dt><dd>", k);
	if (!at) {
		mq_html_raw(b, "—</dd>");
		return;
	}
	mq_date_format_minute(at, when, sizeof when);
	mq_html_text(b, when);
	mq_html_raw(b, "（");
	mq_html_text(b, by ? by : "");
	mq_html_raw(b, "）</dd>");
}

/* The street group's forms while order @p o is open. */
static void forms(struct mq_html *b, const struct mq_db_session *s, const struct mq_db_order *o)
{
	mq_html_raw(b, "<div class=\"actions\">");
	if (!o->acknowledged_at) {
		mq_html_printf(b, "<form method=\"post\" action=\"/console/supervision/%s\">", o->id);
		mq_console_csrf_field(b, s);
		mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"ack\">"
			       "<button type=\"submit\">签收</button></form>\n");
	}
	mq_html_printf(b, "<form method=\"post\" action=\"/console/supervision/%s\">", o->id);
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"answer\">"
		       "<div class=\"field\"><label for=\"o-answer\">答复区政协</label>"
		       "<textarea id=\"o-answer\" name=\"answer\" maxlength=\"1000\" required></textarea>"
		       "<p class=\"hint\">写明办理情况和结果；答复后会通知区政协。</p></div>"
		       "<button type=\"submit\">提交答复</button></form></div>\n");
}

static bool got(void *cls, const struct mq_db_order *o)
{
	struct order_view *v = cls;
	struct mq_html *b = v->b;
	bool late = mq_order_late(o, v->now);

	v->found = true;
	mq_html_printf(b, "<section class=\"card\"><h2>督办#%lld</h2><dl class=\"kv\"><dt>事项</dt><dd>",
		       (long long)o->no);
	mq_html_printf(b, "<a href=\"/console/%s/", o->topic ? "topics" : "opinions");
	mq_html_text(b, o->topic ? o->topic : o->opinion);
	mq_html_raw(b, "\">");
	if (o->topic)
		mq_html_printf(b, "议题#%lld ", (long long)o->subject_no);
	mq_html_text(b, o->subject_title);
	mq_html_raw(b, "</a></dd><dt>委员工作室</dt><dd>");
	mq_html_text(b, o->studio_name);
	mq_html_raw(b, "</dd><dt>督办事项</dt><dd class=\"text\">");
	mq_html_text(b, o->note);
	mq_html_raw(b, "</dd><dt>答复期限</dt><dd>");
	mq_html_text(b, o->due_day);
	if (late)
		mq_html_printf(b, " <span class=\"tag warn\">%s</span>",
			       o->answered_at ? "逾期答复" : "已超期");
	mq_html_raw(b, "</dd>");
	kv_time(b, "下达", o->issued_at, o->issued_by);
	kv_time(b, "签收", o->acknowledged_at, o->acknowledged_by);
	kv_time(b, "答复", o->answered_at, o->answered_by);
	if (o->answered_at) {
		mq_html_raw(b, "<dt>答复内容</dt><dd class=\"text\">");
		mq_html_text(b, o->answer);
		mq_html_raw(b, "</dd>");
	}
	mq_html_raw(b, "</dl>\n");
	if (!o->answered_at && mq_account_can_edit(&v->s->staff))
		forms(b, v->s, o);
	mq_html_raw(b, "</section>\n");
	return false;
}

void mq_console_order_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	struct order_view v = { .b = &b, .s = &s, .now = hc->req->now };
	struct mq_db_order_filter f = { .id = hc->param, .limit = 1 };
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "督办"))
		return;
	f.studio = mq_account_studio(&s.staff);
	mq_html_init(&b);
	mq_console_begin(&b, "督办件", MQ_NAV_SUPERVISION, &s);
	mq_console_saved_notice(&b, hc->req->query);
	mq_html_raw(&b, "<p><a href=\"/console/supervision\">← 返回督办</a></p>\n");
	err = db->orders_iterate(db->cls, &f, got, &v);
	if (err == MQ_OK && !v.found) {
		mq_html_finish(&b);
		mq_console_message(resp, 404, &s, "未找到", "没有这件督办，或您无权查看。");
		return;
	}
	mq_console_finish(&b, resp, &s, err);
}
