/* h_console_members_get.c — GET /console/members: the members (委员) of the
 * account's street (all streets for admins) with sector, expertise, badge,
 * whether a PIN is set and the communities they cover. */
#include <stdio.h>
#include <string.h>

#include "mq_console.h"

struct list {
	struct mq_buf *b;
	unsigned int n;
};

static bool row(void *cls, const struct mq_db_member_admin *m)
{
	struct list *l = cls;
	struct mq_buf *b = l->b;

	mq_buf_add(b, "<tr><td><a href=\"/console/members/");
	mq_buf_add_html(b, m->m.key);
	mq_buf_add(b, "\">");
	mq_buf_add_html(b, m->m.name);
	mq_buf_add(b, "</a></td><td>");
	mq_buf_add_html(b, m->studio_name);
	mq_buf_add(b, "</td><td>");
	mq_buf_add_html(b, m->m.sector);
	mq_buf_add(b, "</td><td>");
	mq_console_text_or(b, m->m.expertise, "—");
	mq_buf_add(b, "</td><td><code>");
	mq_console_text_or(b, m->badge_code, "—");
	mq_buf_printf(b, "</code></td><td>%s</td><td>", m->has_pin ? "已设置" : "<span class=\"tag warn\">未设置</span>");
	mq_console_text_or(b, m->communities, "—");
	mq_buf_add(b, "</td></tr>\n");
	l->n++;
	return true;
}

void mq_h_console_members_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_buf b;
	struct list l = { .b = &b };
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "委员管理"))
		return;
	mq_buf_init(&b);
	mq_console_begin(&b, "委员", MQ_NAV_MEMBERS, &s);
	mq_buf_add(&b, MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">姓名</th>"
		       "<th scope=\"col\">街道委员小组</th><th scope=\"col\">界别</th><th scope=\"col\">专长</th>"
		       "<th scope=\"col\">胸卡编码</th><th scope=\"col\">签到PIN</th>"
		       "<th scope=\"col\">联系社区</th></tr></thead><tbody>\n");
	err = db->members_admin_iterate(db->cls, mq_console_studio(&s), NULL, row, &l);
	if (l.n == 0)
		mq_buf_add(&b, "<tr><td colspan=\"7\">没有委员。</td></tr>\n");
	mq_buf_add(&b, "</tbody></table></div>\n");
	mq_console_finish(&b, resp, &s, err);
}
