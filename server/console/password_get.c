/* password_get.c — GET /console/password: any signed-in account
 * changes its own password (the current one, the new one twice). The form
 * posts to /console/password (password_post.c). */
#include <stdio.h>

#include "console.h"

/* One password field @p name labelled @p label with @p autocomplete. */
static void field(struct mq_html *b, const char *name, const char *label,
		  const char *autocomplete)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		       "<input type=\"password\" id=\"f-%s\" name=\"%s\" required"
		       " maxlength=\"%d\" autocomplete=\"%s\"></div>\n",
		       name, label, name, name, MQ_ACCOUNT_PASSWORD_MAX, autocomplete);
}

void mq_console_password_page(struct mq_http_response *resp, const struct mq_db_session *s,
			      unsigned int status, const char *error, const char *notice)
{
	struct mq_html b;

	mq_html_init(&b);
	mq_console_begin(&b, "修改密码", MQ_NAV_PASSWORD, s);
	if (notice) {
		mq_html_raw(&b, "<p class=\"notice\" role=\"status\">");
		mq_html_text(&b, notice);
		mq_html_raw(&b, "</p>\n");
	}
	if (error) {
		mq_html_raw(&b, "<p class=\"error\" role=\"alert\">");
		mq_html_text(&b, error);
		mq_html_raw(&b, "</p>\n");
	}
	mq_html_raw(&b, "<div class=\"card login\"><form method=\"post\" action=\"/console/password\">");
	mq_console_csrf_field(&b, s);
	mq_html_raw(&b, "<input type=\"text\" name=\"username\" autocomplete=\"username\" hidden"
		       " value=\"");
	mq_html_text(&b, s->staff.username);
	mq_html_raw(&b, "\">\n");
	field(&b, "current", "当前密码", "current-password");
	field(&b, "password", "新密码", "new-password");
	field(&b, "password2", "再次输入新密码", "new-password");
	mq_html_printf(&b, "<p class=\"hint\">新密码至少%d个字符（一个汉字按3个计）。修改后，"
		       "本账号在其他设备上的登录都将退出，当前这台设备保持登录。</p>"
		       "<button type=\"submit\">修改密码</button></form></div>\n",
		       MQ_ACCOUNT_PASSWORD_MIN);
	mq_console_end(&b, resp, status);
}

void mq_console_password_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;

	if (!mq_console_session(hc, resp, &s))
		return;
	mq_console_password_page(resp, &s, 200, NULL, NULL);
}
