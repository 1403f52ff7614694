/* members_get.c — GET /console/members: the members (委员) of the
 * account's street (all streets for admins) with sector, expertise, badge,
 * whether a PIN is set and the communities they cover. */
#include <stdio.h>
#include <string.h>

#include "console.h"

struct list {
	struct mq_html *b;
	unsigned int n;
};

static bool row(void *cls, const struct mq_db_member_admin *m)
{
	struct list *l = cls;
	struct mq_html *b = l->b;

	mq_html_raw(b, "<tr><td><a href=\"/console/members/");
	mq_html_text(b, m->m.key);
	mq_html_raw(b, "\">");
	mq_html_text(b, m->m.name);
	mq_html_raw(b, "</a></td><td>");
	mq_html_text(b, m->studio_name);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, m->m.sector);
	mq_html_raw(b, "</td><td>");
	mq_html_text_or(b, m->m.expertise, "—");
	mq_html_raw(b, "</td><td><code>");
	mq_html_text_or(b, m->badge_code, "—");
	if (m->has_pin)
		mq_html_raw(b, "</code></td><td>已设置</td><td>");
	else
		mq_html_raw(b, "</code></td><td><span class=\"tag warn\">未设置</span></td><td>");
	mq_html_text_or(b, m->communities, "—");
	mq_html_raw(b, "</td></tr>\n");
	l->n++;
	return true;
}

void mq_console_members_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	struct list l = { .b = &b };
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "委员管理"))
		return;
	mq_html_init(&b);
	mq_console_begin(&b, "委员", MQ_NAV_MEMBERS, &s);
	mq_html_raw(&b, MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">姓名</th>"
		       "<th scope=\"col\">街道委员小组</th><th scope=\"col\">界别</th><th scope=\"col\">专长</th>"
		       "<th scope=\"col\">胸卡编码</th><th scope=\"col\">签到PIN</th>"
		       "<th scope=\"col\">联系社区</th></tr></thead><tbody>\n");
	err = db->members_admin_iterate(db->cls, mq_account_studio(&s.staff), NULL, row, &l);
	if (l.n == 0)
		mq_html_raw(&b, "<tr><td colspan=\"7\">没有委员。</td></tr>\n");
	mq_html_raw(&b, "</tbody></table></div>\n");
	mq_console_finish(&b, resp, &s, err);
}
