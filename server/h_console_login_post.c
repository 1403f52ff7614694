/* h_console_login_post.c — POST /console/login: check the password
 * (argon2id), open a session and set its cookie.
 *
 * Refusals are counted per user name; after MQ_CONSOLE_LOGIN_MAX_FAILURES
 * within MQ_CONSOLE_LOGIN_WINDOW_S the name is locked for the rest of the
 * window (429), so a password cannot be guessed online. Unknown names count
 * like known ones and get the same answer. Refusals are also counted per
 * client address (under the key "@" ADDRESS, which no user name can be), with
 * a higher limit, so one address cannot try one password on many names.
 * A disabled account (/console/staff) is refused with 403, told only to
 * whoever gave its right password. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

struct login_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	int64_t now;
};

static enum mq_err opened_cb(void *cls)
{
	struct login_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->session_insert(db->cls, tx->s);

	if (err == MQ_OK)
		err = db->login_failures_clear(db->cls, tx->s->staff.username);
	if (err == MQ_OK)
		err = mq_console_audit(db, tx->s, tx->now, tx->s->staff.studio, "login",
				       tx->s->staff.username, NULL, NULL);
	return err;
}

void mq_h_console_login_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const char *base = hc->srv->public_url;
	const char *cookie = mq_http_request_header(hc->req, "Cookie");
	const char *user, *password, *csrf;
	char expect[MQ_DB_SECRET_HEX + 1], secret[64], hdr[192];
	unsigned char raw[32], h[crypto_hash_sha256_BYTES];
	struct mq_db_session s;
	struct login_tx tx = { .db = db, .s = &s, .now = hc->req->now };
	struct mq_form form;
	int64_t failures = 0, address_failures = 0;
	char address_key[64] = "";
	enum mq_err err;
	bool ok = false;

	if (!mq_form_parse(hc->req->body, hc->req->len, &form)) {
		mq_console_login_page(hc, resp, 400, "表单内容无法识别，请重新填写。");
		return;
	}
	csrf = mq_form_get(&form, "csrf");
	if (!csrf || !mq_cookie_get(cookie, MQ_CONSOLE_LOGIN_COOKIE, expect, sizeof expect) ||
	    strlen(csrf) != strlen(expect) || sodium_memcmp(csrf, expect, strlen(expect)) != 0) {
		mq_form_finish(&form);
		mq_console_login_page(hc, resp, 403, "登录页面已过期，请重新输入。");
		return;
	}
	user = mq_form_text(&form, "username");
	password = mq_form_get(&form, "password");
	if (!user || !password || !mq_console_username_ok(user)) {
		mq_form_finish(&form);
		mq_console_login_page(hc, resp, 401, "用户名或密码不正确。");
		return;
	}
	memset(&s, 0, sizeof s);
	if (hc->req->client)
		snprintf(address_key, sizeof address_key, "@%s", hc->req->client);
	err = db->login_failures_count(db->cls, user, hc->req->now - MQ_CONSOLE_LOGIN_WINDOW_S,
				       &failures);
	if (err == MQ_OK && address_key[0]) {
		err = db->login_failures_count(db->cls, address_key,
					       hc->req->now - MQ_CONSOLE_LOGIN_WINDOW_S,
					       &address_failures);
		if (address_failures >= MQ_CONSOLE_LOGIN_MAX_FAILURES_PER_ADDRESS)
			failures = MQ_CONSOLE_LOGIN_MAX_FAILURES;
	}
	if (err == MQ_OK && failures >= MQ_CONSOLE_LOGIN_MAX_FAILURES) {
		mq_log_warn("console", "login of %s refused: too many failures", user);
		mq_form_finish(&form);
		mq_console_login_page(hc, resp, 429, "登录失败次数过多，请15分钟后再试。");
		mq_http_add_header(resp, "Retry-After", "900");
		return;
	}
	if (err == MQ_OK) {
		err = db->staff_get(db->cls, user, &s.staff);
		ok = err == MQ_OK &&
		     crypto_pwhash_str_verify(s.staff.pw_hash, password, strlen(password)) == 0;
		if (err == MQ_ERR_NOT_FOUND)
			err = MQ_OK;
	}
	sodium_memzero(s.staff.pw_hash, sizeof s.staff.pw_hash);
	if (err == MQ_OK && ok && s.staff.disabled) {
		/* said only to whoever knows the password: it names no account */
		mq_log_warn("console", "login of %s refused: account disabled", user);
		mq_form_finish(&form);
		mq_console_login_page(hc, resp, 403, "此账号已停用，请联系区管理员。");
		return;
	}
	if (err == MQ_OK && !ok) {
		err = db->login_failure_add(db->cls, user, hc->req->now);
		if (err == MQ_OK && address_key[0])
			err = db->login_failure_add(db->cls, address_key, hc->req->now);
		mq_log_warn("console", "login of %s refused: wrong name or password", user);
		mq_form_finish(&form);
		if (err == MQ_OK) {
			mq_console_login_page(hc, resp, 401, "用户名或密码不正确。");
			return;
		}
	}
	if (err != MQ_OK) {
		mq_form_finish(&form);
		mq_console_message(resp, 503, NULL, "暂时无法登录", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	mq_form_finish(&form);

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, sizeof secret, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(s.id, sizeof s.id, h, sizeof h);
	mq_id_random_hex(s.csrf, MQ_DB_SECRET_HEX / 2);
	s.created_at = hc->req->now;
	s.expires_at = hc->req->now + MQ_CONSOLE_SESSION_S;
	if (db->run_tx(db->cls, "login", opened_cb, &tx) != MQ_OK) {
		mq_console_message(resp, 503, NULL, "暂时无法登录", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	mq_log_info("console", "%s logged in (%s)", s.staff.username, s.staff.role);
	mq_http_reply_redirect(resp, "/console/inbox");
	snprintf(hdr, sizeof hdr, "%s=%s; Path=/console; HttpOnly; SameSite=Strict; Max-Age=%d%s",
		 MQ_CONSOLE_COOKIE, secret, MQ_CONSOLE_SESSION_S,
		 base && strncmp(base, "https://", 8) == 0 ? "; Secure" : "");
	mq_http_add_header(resp, "Set-Cookie", hdr);
	sodium_memzero(secret, sizeof secret);
}
