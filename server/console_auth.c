/* console_auth.c — console accounts, sessions, CSRF and scope (mq_console.h).
 *
 * The session cookie holds 32 random bytes (base64url); the database keeps
 * only their SHA-256, so a copy of it opens nothing. Each session has its
 * own CSRF token that every console form carries and every POST must echo.
 * The cookie is HttpOnly, SameSite=Strict and limited to /console. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

bool mq_console_password_hash(const char *password, char out[MQ_DB_PWHASH_MAX])
{
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool mq_console_username_ok(const char *u)
{
	size_t n = strlen(u);

	if (n == 0 || n > MQ_DB_USER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') || u[i] == '_' ||
		      u[i] == '.' || u[i] == '-'))
			return false;
	return true;
}

bool mq_console_password_ok(const char *password)
{
	size_t n = strlen(password);

	return n >= MQ_CONSOLE_PASSWORD_MIN && n <= MQ_CONSOLE_PASSWORD_MAX &&
	       mq_utf8_length(password) >= 0;
}

bool mq_console_new_password(const struct mq_form *form, char hash[MQ_DB_PWHASH_MAX],
			     char *msg, size_t size)
{
	const char *pw = mq_form_get(form, "password"), *again = mq_form_get(form, "password2");

	if (!pw || !again || strcmp(pw, again) != 0) {
		snprintf(msg, size, "两次输入的密码不一致，请重新输入。");
		return false;
	}
	if (!mq_console_password_ok(pw)) {
		snprintf(msg, size, "密码至少%d个字符（一个汉字按3个计），请换一个更长的。",
			 MQ_CONSOLE_PASSWORD_MIN);
		return false;
	}
	if (!mq_console_password_hash(pw, hash)) {
		snprintf(msg, size, "服务器内存不足，请稍后再试。");
		return false;
	}
	return true;
}

/* SHA-256 hex of the cookie secret: the session's id in the database. */
static void session_id(const char *secret, char out[MQ_DB_SECRET_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, MQ_DB_SECRET_HEX + 1, h, sizeof h);
}

bool mq_console_session(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			struct mq_db_session *s)
{
	struct mq_db *db = hc->srv->db;
	const char *cookie = mq_http_request_header(hc->req, "Cookie");
	char secret[64], id[MQ_DB_SECRET_HEX + 1];
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (mq_cookie_get(cookie, MQ_CONSOLE_COOKIE, secret, sizeof secret)) {
		session_id(secret, id);
		err = db->session_get(db->cls, id, hc->req->now, s);
	}
	if (err == MQ_OK)
		return true;
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

bool mq_console_post(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		     struct mq_db_session *s, struct mq_form *form)
{
	return mq_console_post_max(hc, resp, s, form, MQ_FORM_FIELD_MAX);
}

bool mq_console_post_max(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			 struct mq_db_session *s, struct mq_form *form, size_t field_max)
{
	const char *csrf;

	memset(form, 0, sizeof *form);
	if (!mq_console_session(hc, resp, s))
		return false;
	if (!mq_form_parse_max(hc->req->body, hc->req->len, field_max, form)) {
		mq_console_message(resp, 400, s, "无法处理", "表单内容无法识别（编码有误或内容过长）。");
		return false;
	}
	csrf = mq_form_get(form, "csrf");
	if (!csrf || strlen(csrf) != strlen(s->csrf) ||
	    sodium_memcmp(csrf, s->csrf, strlen(s->csrf)) != 0) {
		mq_log_warn("console", "%s %s by %s: missing or wrong CSRF token", hc->req->method,
			    hc->req->path, s->staff.username);
		mq_console_message(resp, 403, s, "表单已失效",
				   "这个表单已过期或不是从本系统页面提交的。请返回页面刷新后重试。");
		return false;
	}
	return true;
}

const char *mq_console_studio(const struct mq_db_session *s)
{
	return strcmp(s->staff.role, "street") == 0 ? s->staff.studio : NULL;
}

bool mq_console_can_edit(const struct mq_db_session *s)
{
	return strcmp(s->staff.role, "admin") == 0 || strcmp(s->staff.role, "street") == 0;
}

bool mq_console_admin_only(const struct mq_db_session *s, struct mq_http_response *resp)
{
	if (strcmp(s->staff.role, "admin") == 0)
		return true;
	mq_console_message(resp, 403, s, "无权操作", "账号管理仅对区管理员开放。");
	return false;
}

/* No key has this form: a scope that matches nothing. */
#define NOTHING "!nothing"

/* Narrows a filter's (studio, member) to what an account is limited to; an
 * admin keeps the filter it chose. Anything unexpected limits to nothing
 * rather than to everything. */
static void scope(const struct mq_db_session *s, const char **studio, const char **member)
{
	if (strcmp(s->staff.role, "admin") == 0)
		return;
	if (strcmp(s->staff.role, "street") == 0)
		*studio = s->staff.studio[0] ? s->staff.studio : NOTHING;
	else if (strcmp(s->staff.role, "member") == 0)
		*member = s->staff.member[0] ? s->staff.member : NOTHING;
	else
		*studio = NOTHING;
}

bool mq_console_session_staff(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      struct mq_db_session *s, const char *what)
{
	char text[160];

	if (!mq_console_session(hc, resp, s))
		return false;
	if (mq_console_can_edit(s))
		return true;
	snprintf(text, sizeof text, "%s仅对街道委员小组和区管理员开放。", what);
	mq_console_message(resp, 403, s, "无权查看", text);
	return false;
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

void mq_console_scope_opinions(const struct mq_db_session *s, struct mq_db_opinion_filter *f)
{
	scope(s, &f->studio, &f->member);
}

void mq_console_scope_topics(const struct mq_db_session *s, struct mq_db_topic_filter *f)
{
	scope(s, &f->studio, &f->member);
}
