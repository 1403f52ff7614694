/* login_post.c — POST /console/login: check the password
 * (argon2id) and open a session (session.c).
 *
 * Refusals are counted per user name and per client address
 * (mq_account_check_password): past the limit a name is locked for the rest
 * of the window (429), so a password cannot be guessed online, and one
 * address cannot try one password on many names. Unknown names count like
 * known ones and get the same answer. A disabled account (/console/staff) is
 * refused with 403, told only to whoever gave its right password. */
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"

/* Answers @p verdict of checking the password of @p user (not right, or a
 * disabled account). */
static void refuse(struct mq_handler_ctx *hc, struct mq_http_response *resp, const char *user,
		   enum mq_password_verdict verdict)
{
	if (verdict == MQ_PASSWORD_LOCKED) {
		mq_log_warn("console", "login of %s refused: too many failures", user);
		mq_console_login_page(hc, resp, 429, "登录失败次数过多，请15分钟后再试。");
		mq_http_add_header(resp, "Retry-After", "900");
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
	check.username = mq_form_text(&form, "username");
	check.password = mq_form_get(&form, "password");
	if (!check.username || !check.password || !mq_account_username_ok(check.username)) {
		mq_console_login_page(hc, resp, 401, "用户名或密码不正确。");
		goto out;
	}
	err = mq_account_check_password(hc->srv->db, &check, &verdict, &staff);
	if (err == MQ_OK && (verdict != MQ_PASSWORD_RIGHT || staff.disabled))
		refuse(hc, resp, check.username, verdict);
	else if (err != MQ_OK || !mq_console_session_open(hc, resp, &staff))
		mq_console_message(resp, 503, NULL, "暂时无法登录", "数据库暂时没有响应，请稍后再试。");
out:
	mq_form_finish(&form);
}
