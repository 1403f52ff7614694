/* session.c — the one place of the console's sessions, logins and
 * CSRF tokens (console.h).
 *
 * The session cookie holds 32 random bytes (base64url); the database keeps
 * only their SHA-256, so a copy of it opens nothing. Each session has its
 * own CSRF token that every console form carries and every POST must echo.
 * The login form, which has no session yet, carries a random secret that
 * its short-lived cookie must echo (double submit). Cookies are HttpOnly,
 * SameSite=Strict, limited to their paths, and Secure whenever the server
 * speaks TLS or its public URL is https. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_digest.h"
#include "mq_log.h"

#define SECRET_MAX 64      /* bytes of a cookie secret, with its NUL */

/* True if @p given (may be NULL) is the secret @p expect, compared in constant time. */
static bool same_secret(const char *given, const char *expect)
{
	return given && strlen(given) == strlen(expect) &&
	       sodium_memcmp(given, expect, strlen(expect)) == 0;
}

/* Sets cookie @p name=@p value for @p path, kept @p max_age seconds (0:
 * deleted); Secure whenever browsers reach the server over https (it speaks
 * TLS itself, or its public URL is https behind a proxy). */
static void set_cookie(const struct mq_handler_ctx *hc, struct mq_http_response *resp,
		       const char *name, const char *value, const char *path, int max_age)
{
	char hdr[192];

	snprintf(hdr, sizeof hdr, "%s=%s; Path=%s; HttpOnly; SameSite=Strict; Max-Age=%d%s", name,
		 value, path, max_age, mq_http_server_is_https(hc->srv) ? "; Secure" : "");
	mq_http_add_header(resp, "Set-Cookie", hdr);
}

/* True if a liaison officer (民情联络员) may open @p path: their filing
 * form and list, their password, logging out. Nothing else of the console
 * is theirs: the one place this is decided. */
static bool liaison_path(const char *path)
{
	static const char *const open[] = { "/console/file", "/console/filings",
					     "/console/password", "/console/logout" };

	for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
		if (strcmp(path, open[i]) == 0)
			return true;
	return false;
}

/* For a liaison officer's session @p s: true when the request may go on;
 * otherwise answers (the inbox, where logins and /console lead, sends them
 * to their form; anything else is 403) and returns false. */
static bool liaison_gate(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			 const struct mq_db_session *s)
{
	if (s->staff.role != MQ_ROLE_LIAISON || liaison_path(hc->req->path))
		return true;
	if (strcmp(hc->req->path, "/console/inbox") == 0 && strcmp(hc->req->method, "GET") == 0) {
		mq_http_reply_redirect(resp, "/console/file");
		return false;
	}
	mq_log_warn("console", "%s %s by liaison %s: refused", hc->req->method, hc->req->path,
		    s->staff.username);
	mq_console_message(resp, 403, s, "无权查看", "民情联络员账号只能登记走访意见和查看自己的登记。");
	return false;
}

bool mq_console_session(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			struct mq_db_session *s)
{
	struct mq_db *db = hc->srv->db;
	const char *cookie = mq_http_request_header(hc->req, "Cookie");
	char secret[SECRET_MAX], id[MQ_DB_SECRET_HEX + 1];
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (mq_cookie_get(cookie, MQ_CONSOLE_COOKIE, secret, sizeof secret)) {
		mq_digest_text(secret, id);
		err = db->session_get(db->cls, id, hc->req->now, s);
	}
	if (err == MQ_OK)
		return liaison_gate(hc, resp, s);
	if (err != MQ_ERR_NOT_FOUND) {
		mq_console_message(resp, 503, NULL, "暂时无法使用", "数据库暂时没有响应，请稍后再试。");
		mq_http_add_header(resp, "Retry-After", "5");
	} else if (strcmp(hc->req->method, "GET") == 0 || strcmp(hc->req->method, "HEAD") == 0) {
		mq_http_reply_redirect(resp, "/console/login");
	} else {
		mq_console_message(resp, 403, NULL, "请先登录", "登录已过期或尚未登录，请重新登录后再操作。");
	}
	return false;
}

bool mq_console_get(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		    struct mq_db_session *s, struct mq_form *query, const char *heading,
		    const char *text)
{
	const char *q = hc->req->query ? hc->req->query : "";

	memset(query, 0, sizeof *query);
	if (!mq_console_session(hc, resp, s))
		return false;
	if (!mq_form_parse(q, strlen(q), query)) {
		mq_console_message(resp, 400, s, heading, text);
		return false;
	}
	return true;
}

bool mq_console_post(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		     struct mq_db_session *s, struct mq_form *form)
{
	return mq_console_post_max(hc, resp, s, form, MQ_FORM_FIELD_MAX);
}

bool mq_console_post_max(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			 struct mq_db_session *s, struct mq_form *form, size_t field_max)
{
	memset(form, 0, sizeof *form);
	if (!mq_console_session(hc, resp, s))
		return false;
	if (!mq_form_parse_max(hc->req->body, hc->req->len, field_max, form)) {
		mq_console_message(resp, 400, s, "无法处理", "表单内容无法识别（编码有误或内容过长）。");
		return false;
	}
	if (!same_secret(mq_form_get(form, "csrf"), s->csrf)) {
		mq_log_warn("console", "%s %s by %s: missing or wrong CSRF token", hc->req->method,
			    hc->req->path, s->staff.username);
		mq_console_message(resp, 403, s, "表单已失效",
				   "这个表单已过期或不是从本系统页面提交的。请返回页面刷新后重试。");
		return false;
	}
	return true;
}

bool mq_console_session_staff(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      struct mq_db_session *s, const char *what)
{
	char text[160];

	if (!mq_console_session(hc, resp, s))
		return false;
	if (mq_account_can_edit(&s->staff))
		return true;
	snprintf(text, sizeof text, "%s仅对街道委员小组和区管理员开放。", what);
	mq_console_message(resp, 403, s, "无权查看", text);
	return false;
}

bool mq_console_admin_only(const struct mq_db_session *s, struct mq_http_response *resp)
{
	if (mq_account_is_admin(&s->staff))
		return true;
	mq_console_message(resp, 403, s, "无权操作", "账号管理仅对区管理员开放。");
	return false;
}

void mq_console_login_cookie(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const char *secret)
{
	set_cookie(hc, resp, MQ_CONSOLE_LOGIN_COOKIE, secret, "/console/login", 3600);
}

bool mq_console_login_secret_ok(struct mq_handler_ctx *hc, const struct mq_form *form)
{
	const char *cookie = mq_http_request_header(hc->req, "Cookie");
	char expect[MQ_DB_SECRET_HEX + 1];

	return mq_cookie_get(cookie, MQ_CONSOLE_LOGIN_COOKIE, expect, sizeof expect) &&
	       same_secret(mq_form_get(form, "csrf"), expect);
}

bool mq_console_session_open(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const struct mq_db_staff *staff)
{
	struct mq_db_session s = { .staff = *staff };
	unsigned char raw[32];
	char secret[SECRET_MAX];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, sizeof secret, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	mq_digest_text(secret, s.id);
	mq_id_random_hex(s.csrf, MQ_DB_SECRET_HEX / 2);
	s.created_at = hc->req->now;
	s.expires_at = hc->req->now + MQ_ACCOUNT_SESSION_S;
	if (mq_account_login(hc->srv->db, &s, hc->req->client, hc->req->now) != MQ_OK) {
		sodium_memzero(secret, sizeof secret);
		return false;
	}
	mq_log_info("console", "%s logged in (%s)", s.staff.username, mq_role_key(s.staff.role));
	mq_http_reply_redirect(resp, s.staff.role == MQ_ROLE_LIAISON ? "/console/file"
								     : "/console/inbox");
	set_cookie(hc, resp, MQ_CONSOLE_COOKIE, secret, "/console", MQ_ACCOUNT_SESSION_S);
	sodium_memzero(secret, sizeof secret);
	return true;
}

bool mq_console_session_close(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      const struct mq_db_session *s)
{
	struct mq_db *db = hc->srv->db;

	if (db->session_delete(db->cls, s->id, hc->req->now) != MQ_OK)
		return false;
	mq_http_reply_redirect(resp, "/console/login");
	set_cookie(hc, resp, MQ_CONSOLE_COOKIE, "", "/console", 0);
	return true;
}

void mq_console_save_reply(struct mq_http_response *resp, const struct mq_db_session *s,
			   enum mq_err err, const char *where, const char *msg,
			   const char *not_found, const char *denied)
{
	switch (err) {
	case MQ_OK:
		mq_http_reply_redirect(resp, where);
		break;
	case MQ_ERR_INVALID:
		mq_console_message(resp, 422, s, "未能保存", msg);
		break;
	case MQ_ERR_NOT_FOUND:
		mq_console_message(resp, 404, s, "未找到", not_found);
		break;
	case MQ_ERR_AUTH:
		mq_console_message(resp, 403, s, "无权操作", denied);
		break;
	default:
		mq_console_message(resp, 503, s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
		break;
	}
}

bool mq_console_new_password(const struct mq_form *form, char hash[MQ_DB_PWHASH_MAX],
			     char *msg, size_t size)
{
	const char *pw = mq_form_get(form, "password"), *again = mq_form_get(form, "password2");

	if (!pw || !again || strcmp(pw, again) != 0) {
		snprintf(msg, size, "两次输入的密码不一致，请重新输入。");
		return false;
	}
	if (!mq_account_password_ok(pw)) {
		snprintf(msg, size, "密码至少%d个字符（一个汉字按3个计），请换一个更长的。",
			 MQ_ACCOUNT_PASSWORD_MIN);
		return false;
	}
	if (!mq_account_password_hash(pw, hash)) {
		snprintf(msg, size, "服务器内存不足，请稍后再试。");
		return false;
	}
	return true;
}

void mq_console_wait_text(int64_t wait_s, const char *what, char *out, size_t size)
{
	if (wait_s >= 60)
		snprintf(out, size, "%s，请%lld分钟后再试。", what, (long long)((wait_s + 59) / 60));
	else
		snprintf(out, size, "%s，请%lld秒后再试。", what, (long long)(wait_s > 0 ? wait_s : 1));
}
