/* test_server_console_util.h — signing in to the staff console and sending
 * its forms (test_server_console_util.c), on top of test_server_helpers.h. */
#ifndef MQ_TEST_SERVER_CONSOLE_UTIL_H
#define MQ_TEST_SERVER_CONSOLE_UTIL_H

#include "mq_http.h"
#include "test_server_helpers.h"

#define PASSWORD "correct horse battery"

/* A signed-in console user: the session cookie and the page's CSRF token. */
struct sess {
	char cookie[160];
	char csrf[80];
};

/** The body of @p resp, NUL-terminated (malloc'd). */
char *body_str(const struct mq_http_response *resp);
/** Copy "NAME=value" of cookie @p name from @p resp's Set-Cookie (fails the test if absent). */
void cookie_of(const struct mq_http_response *resp, const char *name, char *out, size_t size);
/** The first hidden csrf value in @p html (fails the test if absent). */
void csrf_of(const char *html, char *out, size_t size);
/** GET @p path with @p s's cookie (none when NULL). */
void get(struct tsrv *t, const struct sess *s, const char *path, const char *query,
	 struct mq_http_response *resp);
/** GET @p path?@p query as @p s: the page (malloc'd), its status into *@p status. */
char *console_page(struct tsrv *t, const struct sess *s, const char *path, const char *query,
	       unsigned int *status);
/** POST the form @p body to @p path with @p s's cookie, as it is (no CSRF added). */
void post(struct tsrv *t, const struct sess *s, const char *path, const char *body,
	  struct mq_http_response *resp);
/** POST @p fields with @p s's CSRF token; the status, the page in *@p html unless NULL. */
unsigned int post_form(struct tsrv *t, const struct sess *s, const char *path,
		       const char *fields, char **html);
/** Sign in as @p user; the login's status, *@p out filled on 303 unless NULL. */
unsigned int try_login(struct tsrv *t, const char *user, const char *password,
		       struct sess *out);
/** Sign in as @p user with PASSWORD, or fail the test. */
void login(struct tsrv *t, const char *user, struct sess *out);
/** Store console account @p user (password PASSWORD). */
void add_staff(struct tsrv *t, const char *user, const char *role, const char *studio,
	       const char *member);

/** The accounts most console tests sign in with: admin (district), hubin and
 *  xiaoying (street groups), chen (member hubin-02). */
void add_console_staff(struct tsrv *t);

#endif
