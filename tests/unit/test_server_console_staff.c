/* test_server_console_staff.c — console accounts managed in the console
 * (/console/staff, /console/password) through mq_server_dispatch(): an admin
 * creates a street account that can then sign in and sees only its
 * street; mismatched or short passwords are refused with nothing stored;
 * a reset ends the old sessions; a disabled account cannot sign in and an
 * admin cannot disable itself; non-admins get 403; forms without the CSRF
 * token are refused; one's own password change; the audit log holds every
 * change but never a password or hash. */
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
#include "mq_db.h"
#include "mq_http.h"
#include "mq_server.h"

#include "test_server_console_util.h"
#include "test_server_helpers.h"

#define NEW_PW "Hubin-2026-new"
#define OTHER_PW "Another-pass-9"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	add_staff(t, "admin", "admin", NULL, NULL);
	add_staff(t, "hubin", "street", "hubin", NULL);
	add_staff(t, "chen", "member", NULL, "hubin-02");
	*state = t;
	return 0;
}

/* The status of GET @p path for @p s; its page in *@p html unless NULL. */
static unsigned int get_page(struct tsrv *t, const struct sess *s, const char *path, char **html)
{
	struct mq_http_response resp;
	unsigned int status;

	get(t, s, path, NULL, &resp);
	status = resp.status;
	if (html)
		*html = body_str(&resp);
	mq_http_response_finish(&resp);
	return status;
}

/* Count of staff rows named @p user. */
static long staff_named(struct tsrv *t, const char *user)
{
	char *sql = NULL;
	long n;

	assert_true(asprintf(&sql, "SELECT count(*) FROM staff WHERE username = '%s'", user) > 0);
	n = tsrv_count(t, sql);
	free(sql);
	return n;
}

static void test_create_street_account(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, wang;
	char *html;

	login(t, "admin", &admin);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=hubin-wang&role=street&studio=hubin"
				   "&member=&password=" NEW_PW "&password2=" NEW_PW, NULL), 303);
	assert_int_equal(staff_named(t, "hubin-wang"), 1);

	assert_int_equal(get_page(t, &admin, "/console/staff", &html), 200);
	assert_non_null(strstr(html, "hubin-wang"));
	assert_non_null(strstr(html, "湖滨街道委员工作室"));
	assert_non_null(strstr(html, "从未登录"));
	assert_non_null(strstr(html, "href=\"/console/staff\" aria-current=\"page\">账号"));
	free(html);

	assert_int_equal(try_login(t, "hubin-wang", NEW_PW, &wang), 303);
	assert_int_equal(get_page(t, &wang, "/console/members", &html), 200);
	assert_non_null(strstr(html, "王建国"));         /* hubin-01 */
	assert_null(strstr(html, "刘文杰"));             /* xiaoying-01 */
	assert_null(strstr(html, "/console/staff"));    /* no 账号 for street groups */
	assert_non_null(strstr(html, "/console/password"));
	free(html);

	/* the login now shows on the list */
	assert_int_equal(get_page(t, &admin, "/console/staff", &html), 200);
	{
		char *row = strstr(html, "<td>hubin-wang"), *end = row ? strstr(row, "</tr>") : NULL;

		assert_non_null(end);
		*end = '\0';
		assert_null(strstr(row, "从未登录"));
		assert_non_null(strstr(row, "<td class=\"hours\">20"));
	}
	free(html);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'login'"
				       " AND actor = 'hubin-wang'"), 1);

	/* the name is taken now */
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=hubin-wang&role=admin"
				   "&password=" NEW_PW "&password2=" NEW_PW, &html), 422);
	assert_non_null(strstr(html, "已被使用"));
	free(html);
}

static void test_create_refused(void **state)
{
	struct tsrv *t = *state;
	struct sess admin;
	char *html;
	long audit = tsrv_count(t, "SELECT count(*) FROM audit_log");

	login(t, "admin", &admin);
	audit++;   /* the login */
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=x1&role=admin"
				   "&password=" NEW_PW "&password2=" OTHER_PW, &html), 422);
	assert_non_null(strstr(html, "两次输入的密码不一致"));
	free(html);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=x2&role=admin"
				   "&password=short&password2=short", &html), 422);
	assert_non_null(strstr(html, "密码至少8个字符"));
	free(html);
	/* a street account without its street, a member that does not exist */
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=x3&role=street"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 422);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=x4&role=member&member=nobody-01"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 422);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=Bad%20Name&role=admin"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 422);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM staff WHERE username LIKE 'x%'"), 0);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log"), audit);
}

static void test_reset_ends_sessions(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, hubin, again;

	login(t, "admin", &admin);
	login(t, "hubin", &hubin);
	assert_int_equal(get_page(t, &hubin, "/console/inbox", NULL), 200);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=password&username=hubin"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 303);
	assert_int_equal(get_page(t, &hubin, "/console/inbox", NULL), 303);   /* to the login */
	assert_int_equal(try_login(t, "hubin", PASSWORD, NULL), 401);
	assert_int_equal(try_login(t, "hubin", NEW_PW, &again), 303);
	assert_int_equal(get_page(t, &admin, "/console/inbox", NULL), 200);   /* untouched */
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=password&username=nobody"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 404);
}

static void test_disable_enable(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, hubin;
	char *html;

	login(t, "admin", &admin);
	login(t, "hubin", &hubin);
	assert_int_equal(post_form(t, &admin, "/console/staff", "action=disable&username=hubin",
				   NULL), 303);
	assert_int_equal(get_page(t, &hubin, "/console/inbox", NULL), 303);
	assert_int_equal(try_login(t, "hubin", PASSWORD, NULL), 403);
	assert_int_equal(try_login(t, "hubin", "wrong-password", NULL), 401);
	assert_int_equal(get_page(t, &admin, "/console/staff", &html), 200);
	assert_non_null(strstr(html, "已停用"));
	assert_non_null(strstr(html, "重新启用"));
	free(html);

	/* an admin cannot lock itself out */
	assert_int_equal(post_form(t, &admin, "/console/staff", "action=disable&username=admin",
				   &html), 422);
	assert_non_null(strstr(html, "不能停用自己"));
	free(html);
	assert_int_equal(tsrv_count(t, "SELECT disabled FROM staff WHERE username = 'admin'"), 0);

	assert_int_equal(post_form(t, &admin, "/console/staff", "action=enable&username=hubin",
				   NULL), 303);
	login(t, "hubin", &hubin);
}

static void test_non_admin_refused(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin, chen;
	char *html;

	login(t, "hubin", &hubin);
	login(t, "chen", &chen);
	assert_int_equal(get_page(t, &hubin, "/console/staff", NULL), 403);
	assert_int_equal(get_page(t, &chen, "/console/staff", &html), 403);
	assert_non_null(strstr(html, "仅对区管理员开放"));
	assert_null(strstr(html, "/console/staff\""));
	assert_non_null(strstr(html, "修改密码"));
	free(html);
	assert_int_equal(post_form(t, &hubin, "/console/staff",
				   "action=create&username=mine&role=admin"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 403);
	assert_int_equal(post_form(t, &chen, "/console/staff", "action=disable&username=admin",
				   NULL), 403);
	assert_int_equal(post_form(t, &hubin, "/console/staff",
				   "action=password&username=admin"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 403);
	assert_int_equal(staff_named(t, "mine"), 0);
	assert_int_equal(tsrv_count(t, "SELECT disabled FROM staff WHERE username = 'admin'"), 0);
	login(t, "admin", &hubin);   /* the admin's password is unchanged */
	/* signed out: GET goes to the login, POST is refused */
	assert_int_equal(get_page(t, NULL, "/console/staff", NULL), 303);
	assert_int_equal(get_page(t, NULL, "/console/password", NULL), 303);
}

static void test_csrf_missing(void **state)
{
	struct tsrv *t = *state;
	struct sess admin;
	struct mq_http_response resp;

	login(t, "admin", &admin);
	post(t, &admin, "/console/staff", "action=create&username=nocsrf&role=admin"
		"&password=" NEW_PW "&password2=" NEW_PW, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &admin, "/console/staff", "csrf=wrong&action=disable&username=hubin", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &admin, "/console/password",
	     "current=" PASSWORD "&password=" NEW_PW "&password2=" NEW_PW, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	assert_int_equal(staff_named(t, "nocsrf"), 0);
	assert_int_equal(tsrv_count(t, "SELECT disabled FROM staff WHERE username = 'hubin'"), 0);
	login(t, "admin", &admin);   /* password unchanged */
}

static void test_own_password(void **state)
{
	struct tsrv *t = *state;
	struct sess here, there;
	char *html;

	login(t, "chen", &here);
	login(t, "chen", &there);
	assert_int_equal(get_page(t, &here, "/console/password", &html), 200);
	assert_non_null(strstr(html, "当前密码"));
	assert_non_null(strstr(html, "aria-current=\"page\">修改密码"));
	free(html);

	assert_int_equal(post_form(t, &here, "/console/password",
				   "current=wrong-password&password=" NEW_PW "&password2=" NEW_PW,
				   &html), 422);
	assert_non_null(strstr(html, "当前密码不正确"));
	free(html);
	assert_int_equal(post_form(t, &here, "/console/password",
				   "current=correct+horse+battery&password=" NEW_PW
				   "&password2=" OTHER_PW, &html), 422);
	assert_non_null(strstr(html, "不一致"));
	free(html);
	assert_int_equal(get_page(t, &there, "/console/inbox", NULL), 200);   /* nothing changed */

	assert_int_equal(post_form(t, &here, "/console/password",
				   "current=correct+horse+battery&password=" NEW_PW
				   "&password2=" NEW_PW, &html), 200);
	assert_non_null(strstr(html, "密码已修改"));
	free(html);
	assert_int_equal(get_page(t, &here, "/console/inbox", NULL), 200);    /* this one stays */
	assert_int_equal(get_page(t, &there, "/console/inbox", NULL), 303);   /* the other ends */
	assert_int_equal(try_login(t, "chen", PASSWORD, NULL), 401);
	assert_int_equal(try_login(t, "chen", NEW_PW, &there), 303);
}

/* A stolen session cannot guess the password on the change form either. */
static void test_password_guessing_limited(void **state)
{
	struct tsrv *t = *state;
	struct sess here;
	char *html;

	login(t, "chen", &here);
	for (int i = 0; i <= mq_account_login_throttle.free; i++)
		assert_int_equal(post_form(t, &here, "/console/password",
					   "current=guess&password=" NEW_PW "&password2=" NEW_PW,
					   NULL), 422);
	assert_int_equal(post_form(t, &here, "/console/password",
				   "current=correct+horse+battery&password=" NEW_PW
				   "&password2=" NEW_PW, &html), 429);
	assert_non_null(strstr(html, "次数过多"));
	free(html);
	assert_int_equal(try_login(t, "chen", PASSWORD, NULL), 429);   /* the same counter */
}

static void test_audit(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, chen;

	login(t, "admin", &admin);
	login(t, "chen", &chen);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=create&username=li&role=member&member=hubin-03"
				   "&password=" NEW_PW "&password2=" NEW_PW, NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/staff",
				   "action=password&username=li"
				   "&password=" OTHER_PW "&password2=" OTHER_PW, NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/staff", "action=disable&username=li",
				   NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/staff", "action=enable&username=li",
				   NULL), 303);
	assert_int_equal(post_form(t, &chen, "/console/password",
				   "current=correct+horse+battery&password=" NEW_PW
				   "&password2=" NEW_PW, NULL), 200);

	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'admin'"
				       " AND subject = 'li' AND action = 'staff.create'"
				       " AND after LIKE '%\"member\":\"hubin-03\"%'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'admin'"
				       " AND subject = 'li' AND action = 'staff.password'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'admin'"
				       " AND subject = 'li' AND action = 'staff.disable'"
				       " AND before LIKE '%\"disabled\":false%'"
				       " AND after LIKE '%\"disabled\":true%'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'admin'"
				       " AND subject = 'li' AND action = 'staff.enable'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'chen'"
				       " AND subject = 'chen' AND action = 'password.change'"
				       " AND at > 0"), 1);
	/* no password, no hash, anywhere in the log */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE"
				       " instr(coalesce(before, '') || coalesce(after, ''), '" NEW_PW "') > 0"
				       " OR instr(coalesce(before, '') || coalesce(after, ''), '" OTHER_PW "') > 0"
				       " OR instr(coalesce(before, '') || coalesce(after, ''), 'correct') > 0"
				       " OR instr(coalesce(before, '') || coalesce(after, ''), 'argon2') > 0"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_street_account, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_create_refused, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_reset_ends_sessions, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_disable_enable, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_non_admin_refused, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_csrf_missing, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_own_password, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_password_guessing_limited, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_audit, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
