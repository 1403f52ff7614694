/* login_post.c — POST /console/login: check the password
 * (argon2id) and open a session (session.c).
 *
 * Refusals are counted per user name and client address, and per client
 * address alone (mq_account_check_password): past a few, that pair (or
 * address) waits longer after each failure (429 with Retry-After), so a
 * password cannot be guessed online, one address cannot try one password on
 * many names, and still nobody can lock staff out from elsewhere. The client
 * address is the one behind trusted proxies (mq_net_client). Unknown names
 * take as long as known ones, count like them and get the same answer. A
 * disabled account (/console/staff) is refused with 403, told only to
 * whoever gave its right password. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"

/* Answers @p verdict of checking the password of @p user (not right, or a
 * disabled account). */
static void refuse(struct mq_handler_ctx *hc, struct mq_http_response *resp, const char *user,
		   enum mq_password_verdict verdict, int64_t wait_s)
{
	if (verdict == MQ_PASSWORD_LOCKED) {
		char msg[160], after[24];

		mq_log_warn("console", "login of %s from %s refused: wait %lld s after failures",
			    user, hc->req->client ? hc->req->client : "-", (long long)wait_s);
		mq_console_wait_text(wait_s, "登录失败次数过多", msg, sizeof msg);
		mq_console_login_page(hc, resp, 429, msg);
		snprintf(after, sizeof after, "%lld", (long long)wait_s);
		mq_http_add_header(resp, "Retry-After", after);
	} else if (verdict == MQ_PASSWORD_WRONG) {
		mq_log_warn("console", "login of %s refused: wrong name or password", user);
		mq_console_login_page(hc, resp, 401, "用户名或密码不正确。");
	} else {
		/* said only to whoever knows the password: it names no account */
		mq_log_warn("console", "login of %s refused: account disabled", user);
		mq_console_login_page(hc, resp, 403, "此账号已停用，请联系区管理员。");
	}
}

void mq_console_login_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_password_check check = { .client = hc->req->client, .now = hc->req->now };
	enum mq_password_verdict verdict;
	int64_t wait_s = 0;
	struct mq_db_staff staff;
	struct mq_form form;
	enum mq_err err;

	if (!mq_form_parse(hc->req->body, hc->req->len, &form)) {
		mq_console_login_page(hc, resp, 400, "表单内容无法识别，请重新填写。");
		return;
	}
	if (!mq_console_login_secret_ok(hc, &form)) {
		mq_console_login_page(hc, resp, 403, "登录页面已过期，请重新输入。");
		goto out;
	}
	/* a malformed or missing name is checked (and slowed) like an unknown one */
	check.username = mq_form_text(&form, "username");
	check.password = mq_form_get(&form, "password");
	err = mq_account_check_password(hc->srv->db, &check, &verdict, &wait_s, &staff);
	if (err == MQ_OK && (verdict != MQ_PASSWORD_RIGHT || staff.disabled))
		refuse(hc, resp, check.username && mq_account_username_ok(check.username)
					 ? check.username : "(malformed)", verdict, wait_s);
	else if (err != MQ_OK || !mq_console_session_open(hc, resp, &staff))
		mq_console_message(resp, 503, NULL, "暂时无法登录", "数据库暂时没有响应，请稍后再试。");
out:
	mq_form_finish(&form);
}
