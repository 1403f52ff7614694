/* login_get.c — GET /console/login: the sign-in form.
 * The form's CSRF secret is a random value in a short-lived cookie that the
 * POST must echo (double submit): there is no session yet to hold it. */
#include "console.h"

/* Appends the sign-in form; @p error (escaped) above it when not NULL. */
static void login_form(struct mq_html *b, const char *csrf, const char *error)
{
	mq_html_raw(b, "<div class=\"card login\">\n");
	if (error) {
		mq_html_raw(b, "<p class=\"error\" role=\"alert\">");
		mq_html_text(b, error);
		mq_html_raw(b, "</p>\n");
	}
	mq_html_raw(b, "<form method=\"post\" action=\"/console/login\">\n"
		      "<input type=\"hidden\" name=\"csrf\" value=\"");
	mq_html_text(b, csrf);
	mq_html_raw(b, "\">\n<div class=\"field\"><label for=\"username\">用户名</label>"
		      "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\""
		      " autocapitalize=\"none\" required maxlength=\"32\"></div>\n"
		      "<div class=\"field\"><label for=\"password\">密码</label>"
		      "<input type=\"password\" id=\"password\" name=\"password\""
		      " autocomplete=\"current-password\" required maxlength=\"200\"></div>\n"
		      "<button type=\"submit\">登录</button>\n</form>\n"
		      "<p class=\"hint\">账号由区政协管理员用 minqing-server staff-add 开设。</p>\n</div>\n");
}

/* Answers the login page with a fresh form secret, @p status and @p error. */
void mq_console_login_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			   unsigned int status, const char *error)
{
	char csrf[MQ_DB_SECRET_HEX + 1];
	struct mq_html b;

	mq_id_random_hex(csrf, MQ_DB_SECRET_HEX / 2);
	mq_html_init(&b);
	mq_console_begin(&b, "工作台登录", MQ_NAV_NONE, NULL);
	login_form(&b, csrf, error);
	mq_console_end(&b, resp, status);
	mq_console_login_cookie(hc, resp, csrf);
}

void mq_console_login_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	mq_console_login_page(hc, resp, 200, NULL);
}
