/* h_console_password_post.c — POST /console/password: change one's own
 * password. The current password must be right (argon2id verify); the new
 * one is typed twice under the rule of staff-add. Every other session of
 * the account ends; this one stays. Audited without any password or hash.
 * A wrong current password counts as a failed login of the account (the
 * same limit as the login page), so a stolen session cannot guess it. */
#include <sodium.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

struct password_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	int64_t now;
	const char *hash;
};

static enum mq_err password_cb(void *cls)
{
	struct password_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->staff_password_set(db->cls, tx->s->staff.username, tx->hash,
						 tx->s->id);

	if (err != MQ_OK)
		return err;
	return mq_console_audit(db, tx->s, tx->now, tx->s->staff.studio, "password.change",
				tx->s->staff.username, NULL,
				json_pack("{s:b}", "other_sessions_ended", 1));
}

void mq_h_console_password_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_staff st = { 0 };
	struct mq_form form;
	struct password_tx tx = { .db = db, .s = &s, .now = hc->req->now };
	char hash[MQ_DB_PWHASH_MAX] = "", msg[200];
	const char *current;
	int64_t failures = 0;
	enum mq_err err;
	bool right;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	err = db->login_failures_count(db->cls, s.staff.username,
				       hc->req->now - MQ_CONSOLE_LOGIN_WINDOW_S, &failures);
	if (err == MQ_OK && failures >= MQ_CONSOLE_LOGIN_MAX_FAILURES) {
		mq_console_password_page(resp, &s, 429, "密码输错次数过多，请15分钟后再试。", NULL);
		mq_http_add_header(resp, "Retry-After", "900");
		goto out;
	}
	current = mq_form_get(&form, "current");
	err = db->staff_get(db->cls, s.staff.username, &st);
	right = err == MQ_OK && current &&
		crypto_pwhash_str_verify(st.pw_hash, current, strlen(current)) == 0;
	sodium_memzero(st.pw_hash, sizeof st.pw_hash);
	if (err != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
		goto out;
	}
	if (!right) {
		mq_log_warn("console", "%s: password change refused: wrong current password",
			    s.staff.username);
		if (db->login_failure_add(db->cls, s.staff.username, hc->req->now) != MQ_OK)
			mq_log_warn("console", "cannot count the failure");
		mq_console_password_page(resp, &s, 422, "当前密码不正确，请重新输入。", NULL);
		goto out;
	}
	if (!mq_console_new_password(&form, hash, msg, sizeof msg)) {
		mq_console_password_page(resp, &s, 422, msg, NULL);
		goto out;
	}
	tx.hash = hash;
	err = db->run_tx(db->cls, "password", password_cb, &tx);
	if (err != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
		goto out;
	}
	mq_log_info("console", "%s changed its password", s.staff.username);
	mq_console_password_page(resp, &s, 200, NULL,
				 "密码已修改。其他设备上的登录已退出，下次请用新密码登录。");
out:
	sodium_memzero(hash, sizeof hash);
	mq_form_finish(&form);
}
