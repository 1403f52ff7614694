/* audit_get.c — GET /console/audit: the newest 200 entries of the
 * audit log (who, when, what, before/after) of the account's street; all
 * streets for admins. */
#include <stdio.h>

#include "console.h"
#include "mq_date.h"

static bool row(void *cls, const struct mq_db_audit *a)
{
	struct mq_html *b = cls;
	char when[32];

	mq_date_format_minute(a->at, when, sizeof when);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, a->actor);
	mq_html_raw(b, "</td><td><code>");
	mq_html_text(b, a->action);
	mq_html_raw(b, "</code></td><td><code>");
	mq_html_text(b, a->subject);
	mq_html_raw(b, "</code></td><td><details><summary>前后对比</summary><p>之前：<code class=\"text\">");
	mq_html_text_or(b, a->before, "—");
	mq_html_raw(b, "</code></p><p>之后：<code class=\"text\">");
	mq_html_text_or(b, a->after, "—");
	mq_html_raw(b, "</code></p></details></td></tr>\n");
	return true;
}

void mq_console_audit_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "审计日志"))
		return;
	mq_html_init(&b);
	mq_console_begin(&b, "审计日志", MQ_NAV_AUDIT, &s);
	mq_html_raw(&b, MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">时间</th><th scope=\"col\">账号</th>"
		       "<th scope=\"col\">操作</th><th scope=\"col\">对象</th><th scope=\"col\">内容</th>"
		       "</tr></thead><tbody>\n");
	err = db->audit_iterate(db->cls, mq_account_studio(&s.staff), 200, row, &b);
	mq_html_raw(&b, "</tbody></table></div>\n");
	mq_console_finish(&b, resp, &s, err);
}
