/* test_server_console_util.c — signing in to the staff console and sending
 * its forms through mq_server_dispatch(), for the console unit tests
 * (test_server_console.c, test_server_console_roster.c). */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "test_server_console_util.h"

char *body_str(const struct mq_http_response *resp)
{
	char *s = malloc(resp->len + 1);

	assert_non_null(s);
	memcpy(s, resp->body ? resp->body : "", resp->len);
	s[resp->len] = '\0';
	return s;
}

/* Copies the value of "NAME=" from a Set-Cookie header, up to ';'. */
void cookie_of(const struct mq_http_response *resp, const char *name, char *out, size_t size)
{
	const char *h = mq_http_response_header(resp, "Set-Cookie");
	size_t n = strlen(name);

	assert_non_null(h);
	assert_true(strncmp(h, name, n) == 0 && h[n] == '=');
	snprintf(out, size, "%.*s", (int)strcspn(h, ";"), h);
}

/* The first hidden csrf value in @p html. */
void csrf_of(const char *html, char *out, size_t size)
{
	const char *p = strstr(html, "name=\"csrf\" value=\"");

	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
}

void get(struct tsrv *t, const struct sess *s, const char *path, const char *query,
	 struct mq_http_response *resp)
{
	struct thdr h[] = { { "Cookie", s ? s->cookie : "" } };

	tsrv_request(t, "GET", path, query, h, 1, NULL, 0, resp);
}

void post(struct tsrv *t, const struct sess *s, const char *path, const char *body,
	  struct mq_http_response *resp)
{
	struct thdr h[] = { { "Cookie", s ? s->cookie : "" },
			    { "Content-Type", "application/x-www-form-urlencoded" } };

	tsrv_request(t, "POST", path, NULL, h, 2, body, strlen(body), resp);
}

/* POST with the session's CSRF token prepended to @p fields. */
char *console_page(struct tsrv *t, const struct sess *s, const char *path, const char *query,
	       unsigned int *status)
{
	struct mq_http_response resp;
	char *html;

	get(t, s, path, query, &resp);
	*status = resp.status;
	html = body_str(&resp);
	mq_http_response_finish(&resp);
	return html;
}

unsigned int post_form(struct tsrv *t, const struct sess *s, const char *path,
		       const char *fields, char **html)
{
	struct mq_http_response resp;
	char *body = NULL;
	unsigned int status;

	assert_true(asprintf(&body, "csrf=%s&%s", s->csrf, fields) > 0);
	post(t, s, path, body, &resp);
	status = resp.status;
	if (html)
		*html = body_str(&resp);
	mq_http_response_finish(&resp);
	free(body);
	return status;
}

unsigned int try_login(struct tsrv *t, const char *user, const char *password,
		       struct sess *out)
{
	struct mq_http_response resp;
	char login_cookie[160], csrf[80], *html, *body = NULL;
	unsigned int status;

	tsrv_request(t, "GET", "/console/login", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	cookie_of(&resp, "mq_login", login_cookie, sizeof login_cookie);
	html = body_str(&resp);
	csrf_of(html, csrf, sizeof csrf);
	free(html);
	mq_http_response_finish(&resp);
	assert_true(asprintf(&body, "csrf=%s&username=%s&password=%s", csrf, user, password) > 0);
	{
		struct thdr h[] = { { "Cookie", login_cookie } };
		tsrv_request(t, "POST", "/console/login", NULL, h, 1, body, strlen(body), &resp);
	}
	free(body);
	status = resp.status;
	if (status == 303 && out) {
		/* the inbox; a liaison officer's filing form */
		char home[32];

		snprintf(home, sizeof home, "%s", mq_http_response_header(&resp, "Location"));
		assert_true(strcmp(home, "/console/inbox") == 0 || strcmp(home, "/console/file") == 0);
		assert_non_null(strstr(mq_http_response_header(&resp, "Set-Cookie"), "HttpOnly"));
		assert_non_null(strstr(mq_http_response_header(&resp, "Set-Cookie"), "SameSite=Strict"));
		cookie_of(&resp, "mq_session", out->cookie, sizeof out->cookie);
		mq_http_response_finish(&resp);
		get(t, out, home, NULL, &resp);
		assert_int_equal(resp.status, 200);
		html = body_str(&resp);
		csrf_of(html, out->csrf, sizeof out->csrf);
		free(html);
	}
	mq_http_response_finish(&resp);
	return status;
}

void login(struct tsrv *t, const char *user, struct sess *out)
{
	assert_int_equal(try_login(t, user, PASSWORD, out), 303);
}

void add_staff(struct tsrv *t, const char *user, const char *role, const char *studio,
	       const char *member)
{
	static char hash[MQ_DB_PWHASH_MAX];   /* argon2id is slow on purpose: hash once */
	struct mq_db_staff st = { .created_at = t->now };

	snprintf(st.username, sizeof st.username, "%s", user);
	assert_true(mq_role_parse(role, &st.role));
	snprintf(st.studio, sizeof st.studio, "%s", studio ? studio : "");
	snprintf(st.member, sizeof st.member, "%s", member ? member : "");
	if (!hash[0])
		assert_true(mq_account_password_hash(PASSWORD, hash));
	snprintf(st.pw_hash, sizeof st.pw_hash, "%s", hash);
	assert_int_equal(t->db->staff_put(t->db->cls, &st), MQ_OK);
}

void add_console_staff(struct tsrv *t)
{
	add_staff(t, "admin", "admin", NULL, NULL);
	add_staff(t, "hubin", "street", "hubin", NULL);
	add_staff(t, "xiaoying", "street", "xiaoying", NULL);
	add_staff(t, "chen", "member", NULL, "hubin-02");
}
