/* password_post.c — POST /console/password: change one's own
 * password. The current password must be right, checked like a login
 * (mq_account_check_password): a wrong one counts as a failed login of the
 * account from this address, under the same growing delays, so a stolen
 * session cannot guess it. The
 * new one is typed twice under the rule of staff-add. Every other session
 * of the account ends; this one stays. Audited without any password or hash. */
#include <sodium.h>
#include <stdio.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"

void mq_console_password_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_db_staff st;
	struct mq_form form;
	struct mq_password_check check = { .client = hc->req->client, .now = hc->req->now };
	enum mq_password_verdict verdict;
	int64_t wait_s = 0;
	char hash[MQ_DB_PWHASH_MAX] = "", msg[200];
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	check.username = s.staff.username;
	check.password = mq_form_get(&form, "current");
	err = mq_account_check_password(hc->srv->db, &check, &verdict, &wait_s, &st);
	if (err != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
	} else if (verdict == MQ_PASSWORD_LOCKED) {
		char text[160], after[24];

		mq_console_wait_text(wait_s, "密码输错次数过多", text, sizeof text);
		mq_console_password_page(resp, &s, 429, text, NULL);
		snprintf(after, sizeof after, "%lld", (long long)wait_s);
		mq_http_add_header(resp, "Retry-After", after);
	} else if (verdict == MQ_PASSWORD_WRONG) {
		mq_log_warn("console", "%s: password change refused: wrong current password",
			    s.staff.username);
		mq_console_password_page(resp, &s, 422, "当前密码不正确，请重新输入。", NULL);
	} else if (!mq_console_new_password(&form, hash, msg, sizeof msg)) {
		mq_console_password_page(resp, &s, 422, msg, NULL);
	} else if (mq_account_password_change(hc->srv->db, &s, hash, hc->req->now) != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
	} else {
		mq_log_info("console", "%s changed its password", s.staff.username);
		mq_console_password_page(resp, &s, 200, NULL,
					 "密码已修改。其他设备上的登录已退出，下次请用新密码登录。");
	}
out:
	sodium_memzero(hash, sizeof hash);
	mq_form_finish(&form);
}
