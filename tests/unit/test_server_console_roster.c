/* test_server_console_roster.c — duty rosters in the staff console
 * through mq_server_dispatch(): the CSV import form (good CSV; bad CSV with
 * the exact line and nothing stored; a street account limited to its own
 * studio; members and forms without the CSRF token refused), the week view
 * with booked and free places, closures and scoping by role, and cancelling
 * one shift with its bookings, the audit log and the residents' pages. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_db.h"
#include "mq_http.h"
#include "mq_server.h"

#include "test_server_console_util.h"
#include "test_server_helpers.h"
#include "test_server_roster_util.h"

#define B1 "4a1b2c3d-0000-4000-8000-000000000001"
#define B2 "4a1b2c3d-0000-4000-8000-000000000002"
#define B3 "4a1b2c3d-0000-4000-8000-000000000003"
#define TOK1 "Bk_aaaaaaaaaaaaaaaaaaa"
#define TOK2 "Bk_bbbbbbbbbbbbbbbbbbb"
#define TOK3 "Bk_ccccccccccccccccccc"
#define BOOKED_AT "2026-11-19T07:00:00Z"
#define SHIFT_AM "hubin-20261120-0900-1100"   /* RT_ROSTER's: hubin-01, 4 x 30 min, 2 places */
#define SHIFT_PM "hubin-20261120-1400-1600"   /* hubin-02, 2 x 60 min, 3 places */

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	rt_clear_seed_roster(t);
	rt_import_ok(t, RT_ROSTER);
	add_console_staff(t);
	*state = t;
	return 0;
}

/* "csv=" and @p csv percent-encoded (malloc'd). */
static char *csv_field(const char *csv)
{
	static const char hexd[] = "0123456789ABCDEF";
	char *out = malloc(4 + 3 * strlen(csv) + 1), *o = out;

	assert_non_null(out);
	o += snprintf(o, 5, "csv=");
	for (const unsigned char *p = (const unsigned char *)csv; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hexd[*p >> 4];
			*o++ = hexd[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* Pastes @p csv into the import form as @p s; the status, the page in *@p html. */
static unsigned int import(struct tsrv *t, const struct sess *s, const char *csv, char **html)
{
	char *field = csv_field(csv);
	unsigned int status = post_form(t, s, "/console/roster/import", field, html);

	free(field);
	return status;
}

static long shifts(struct tsrv *t)
{
	return tsrv_count(t, "SELECT count(*) FROM duty_shifts");
}

static long audits(struct tsrv *t, const char *action)
{
	char *sql = NULL;
	long n;

	assert_true(asprintf(&sql, "SELECT count(*) FROM audit_log WHERE action = '%s'", action) > 0);
	n = tsrv_count(t, sql);
	free(sql);
	return n;
}

static void book(struct tsrv *t, const char *id, const char *token, const char *slot)
{
	char *rec = rt_booking(id, BOOKED_AT, token, slot, NULL);
	json_t *r = rt_post(t, rec);

	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	free(rec);
}

/* A good CSV: stored, counted on the page, audited with the number of rows,
 * and shown in the week view with the closure. */
static void test_import_good(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;
	unsigned int status;
	long before = shifts(t);

	login(t, "hubin", &s);
	assert_int_equal(import(t, &s, RT_HEADER
				"shift,hubin,hubin-03,2026-11-23,09:00,11:00,30,2,,\n"
				"# a comment line is not a row\n"
				"weekly,hubin,hubin-04,2026-11-24,14:00,15:00,60,1,2026-12-08,\n"
				"closed,hubin,,2026-11-27,,,,,,设备检修\n", &html), 200);
	assert_non_null(strstr(html, "已导入 3 行：新增 4 个班次"));
	assert_non_null(strstr(html, "name=\"csv\""));   /* the form, for the next one */
	free(html);
	assert_int_equal(shifts(t), before + 4);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM studio_closures WHERE studio = 'hubin'"
				       " AND day = '2026-11-27' AND reason = '设备检修'"), 1);
	assert_int_equal(audits(t, "roster.import"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'roster.import'"
				       " AND actor = 'hubin' AND studio = 'hubin'"
				       " AND CAST(json_extract(after, '$.rows') AS INTEGER) = 3"
				       " AND CAST(json_extract(after, '$.shifts_added') AS INTEGER) = 4"), 1);

	html = console_page(t, &s, "/console/roster", "week=2026-11-25", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "11月23日"));            /* the Monday of that week */
	assert_non_null(strstr(html, "09:00–11:00"));
	assert_non_null(strstr(html, "value=\"hubin-20261123-0900-1100\""));
	assert_non_null(strstr(html, "value=\"hubin-20261124-1400-1500\""));
	assert_non_null(strstr(html, "闭馆</span> 设备检修"));
	assert_non_null(strstr(html, "aria-current=\"page\">排班"));
	free(html);
}

/* A bad row: its exact line number, in Chinese, the text kept; nothing of
 * the good rows before and after it stored, nothing audited. The same for
 * a problem only the stored roster reveals (an overlap, found while
 * writing): the transaction undoes the rows already written. */
static void test_import_bad(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;
	long before = shifts(t);

	login(t, "hubin", &s);
	assert_int_equal(import(t, &s, RT_HEADER
				"shift,hubin,hubin-03,2026-11-23,09:00,11:00,30,2,,\n"
				"shift,hubin,hubin-03,2026-11-24,09:00,10:00,45,2,,\n"
				"shift,hubin,hubin-04,2026-11-25,09:00,11:00,30,2,,\n", &html), 422);
	assert_non_null(strstr(html, "第 3 行：每段 45 分钟不能整除值班时长 60 分钟"));
	assert_null(strstr(html, "第 2 行"));
	assert_null(strstr(html, "第 4 行"));
	assert_non_null(strstr(html, "整批都未保存"));
	assert_non_null(strstr(html, "shift,hubin,hubin-03,2026-11-24,09:00,10:00,45,2,,"));
	free(html);
	assert_int_equal(shifts(t), before);

	/* line 3 overlaps RT_ROSTER's morning shift: seen only in pass 2 */
	assert_int_equal(import(t, &s, RT_HEADER
				"shift,hubin,hubin-03,2026-11-23,09:00,11:00,30,2,,\n"
				"shift,hubin,hubin-03,2026-11-20,10:00,12:00,30,2,,\n", &html), 422);
	assert_non_null(strstr(html, "第 3 行：2026-11-20：与本工作室的班次 " SHIFT_AM));
	free(html);
	assert_int_equal(shifts(t), before);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_slots WHERE id LIKE"
				       " 'hubin-20261123-%'"), 0);

	/* an empty paste */
	assert_int_equal(import(t, &s, "  \n", &html), 422);
	assert_non_null(strstr(html, "没有内容"));
	free(html);
	assert_int_equal(audits(t, "roster.import"), 0);
}

/* A street account imports only its own studio's rows; the admin any. */
static void test_import_street_scope(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;
	long before = shifts(t);

	login(t, "hubin", &s);
	assert_int_equal(import(t, &s, RT_HEADER
				"shift,hubin,hubin-03,2026-11-23,09:00,11:00,30,2,,\n"
				"shift,xiaoying,xiaoying-01,2026-11-23,09:00,11:00,30,2,,\n"
				"holiday,*,,2026-12-31,,,,,,\n", &html), 422);
	assert_non_null(strstr(html, "第 3 行：这一行属于工作室“xiaoying”，本账号只能导入工作室“hubin”"));
	assert_non_null(strstr(html, "第 4 行：holiday（节假日）适用于全区，只能由区管理员设置"));
	assert_null(strstr(html, "第 2 行"));
	free(html);
	assert_int_equal(shifts(t), before);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM studio_closures"), 0);

	login(t, "admin", &s);
	assert_int_equal(import(t, &s, RT_HEADER
				"shift,xiaoying,xiaoying-01,2026-11-23,09:00,11:00,30,2,,\n"
				"holiday,*,,2026-12-31,,,,,,元旦前夕\n", &html), 200);
	free(html);
	assert_int_equal(shifts(t), before + 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'roster.import'"
				       " AND actor = 'admin' AND studio IS NULL"
				       " AND CAST(json_extract(after, '$.rows') AS INTEGER) = 2"), 1);
}

/* Forms without the session's CSRF token change nothing. */
static void test_csrf_missing(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;
	char *field = csv_field(RT_HEADER "shift,hubin,hubin-03,2026-11-23,09:00,11:00,30,2,,\n");
	char *body = NULL;
	long before = shifts(t);

	login(t, "hubin", &s);
	post(t, &s, "/console/roster/import", field, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	assert_true(asprintf(&body, "csrf=0000&%s", field) > 0);
	post(t, &s, "/console/roster/import", body, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &s, "/console/roster/shift", "shift=" SHIFT_AM "&reason=x", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	free(body);
	free(field);
	assert_int_equal(shifts(t), before);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE status = 'cancelled'"), 0);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action LIKE 'roster.%'"), 0);
}

/* The week view: booked and free places per shift, the week's totals;
 * who sees which studio. */
static void test_week_view(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;
	unsigned int status;

	book(t, B1, TOK1, RT_SLOT1);
	book(t, B2, TOK2, RT_SLOT2);
	book(t, B3, TOK3, RT_SLOT_PM);

	login(t, "hubin", &s);
	html = console_page(t, &s, "/console/roster", "week=2026-11-20", &status);
	assert_int_equal(status, 200);
	/* morning: 4 slots x 2 places, 2 booked; afternoon: 2 x 3, 1 booked */
	assert_non_null(strstr(html, "09:00–11:00</td><td>"));
	assert_non_null(strstr(html, "<td class=\"num\">30 分钟</td><td class=\"num\">2 人</td>"
				     "<td class=\"num\">2</td><td class=\"num\">6</td>"));
	assert_non_null(strstr(html, "<td class=\"num\">60 分钟</td><td class=\"num\">3 人</td>"
				     "<td class=\"num\">1</td><td class=\"num\">5</td>"));
	assert_non_null(strstr(html, "本周 2 个班次，已预约 3 人次，尚可预约 11 个名额"));
	assert_non_null(strstr(html, "已有 2 人预约"));
	assert_non_null(strstr(html, "11月22日 周日</td><td colspan=\"8\" class=\"muted\">无值班"));
	assert_non_null(strstr(html, "action=\"/console/roster/import\""));
	assert_null(strstr(html, "13812345678"));   /* no resident's phone on the roster */
	free(html);
	/* the street account cannot look at another street's studio */
	html = console_page(t, &s, "/console/roster", "studio=xiaoying&week=2026-11-20", &status);
	assert_int_equal(status, 403);
	free(html);
	login(t, "xiaoying", &s);
	html = console_page(t, &s, "/console/roster", "studio=hubin&week=2026-11-20", &status);
	assert_int_equal(status, 403);
	free(html);
	html = console_page(t, &s, "/console/roster", "week=2026-11-20", &status);
	assert_int_equal(status, 200);
	assert_null(strstr(html, "09:00–11:00"));
	free(html);
	/* the admin chooses; an unknown studio or date is a clear error */
	login(t, "admin", &s);
	html = console_page(t, &s, "/console/roster", "studio=hubin&week=2026-11-20", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "已预约 3 人次"));
	free(html);
	html = console_page(t, &s, "/console/roster", "studio=nowhere", &status);
	assert_int_equal(status, 404);
	free(html);
	html = console_page(t, &s, "/console/roster", "week=2026-13-01", &status);
	assert_int_equal(status, 400);
	free(html);
}

/* A member account reads its own shifts only, and changes nothing. */
static void test_member_read_only(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;
	unsigned int status;
	long before = shifts(t);

	login(t, "chen", &s);   /* hubin-02: the afternoon shift */
	html = console_page(t, &s, "/console/roster", "week=2026-11-20", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "我的值班"));
	assert_non_null(strstr(html, "14:00–16:00"));
	assert_null(strstr(html, "09:00–11:00"));
	assert_null(strstr(html, "action=\"/console/roster/import\""));
	assert_null(strstr(html, "action=\"/console/roster/shift\""));
	assert_non_null(strstr(html, "href=\"/console/roster\""));      /* 排班 and 考勤 in the nav */
	assert_non_null(strstr(html, "href=\"/console/attendance\""));
	assert_null(strstr(html, "href=\"/console/audit\""));
	free(html);
	assert_int_equal(import(t, &s, RT_HEADER "shift,hubin,hubin-02,2026-11-23,09:00,11:00,30,2,,\n",
				NULL), 403);
	assert_int_equal(post_form(t, &s, "/console/roster/shift", "shift=" SHIFT_PM "&reason=x",
				   NULL), 403);
	assert_int_equal(shifts(t), before);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE status = 'cancelled'"), 0);
}

/* Cancelling a shift cancels its bookings with the reason, as a closure
 * does; the audit log has it; the residents' booking pages say so. */
static void test_cancel_shift(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;
	char *html;
	unsigned int status;

	book(t, B1, TOK1, RT_SLOT1);
	book(t, B2, TOK2, RT_SLOT2);
	book(t, B3, TOK3, RT_SLOT_PM);
	login(t, "hubin", &s);

	/* a reason is required; another street's account does not find it */
	assert_int_equal(post_form(t, &s, "/console/roster/shift", "shift=" SHIFT_AM "&reason=+",
				   NULL), 422);
	login(t, "xiaoying", &s);
	assert_int_equal(post_form(t, &s, "/console/roster/shift",
				   "shift=" SHIFT_AM "&reason=%E5%A4%96%E5%87%BA", NULL), 404);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE status = 'cancelled'"), 0);

	login(t, "hubin", &s);
	{
		char *body = NULL;
		/* reason: 委员临时外出开会 */
		assert_true(asprintf(&body, "csrf=%s&shift=" SHIFT_AM "&reason=%%E5%%A7%%94%%E5%%91%%98"
					    "%%E4%%B8%%B4%%E6%%97%%B6%%E5%%A4%%96%%E5%%87%%BA%%E5%%BC%%80"
					    "%%E4%%BC%%9A", s.csrf) > 0);
		post(t, &s, "/console/roster/shift", body, &resp);
		free(body);
	}
	assert_int_equal(resp.status, 303);
	assert_string_equal(mq_http_response_header(&resp, "Location"),
			    "/console/roster?week=2026-11-20&cancelled=2");
	mq_http_response_finish(&resp);

	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE id = '" SHIFT_AM "'"
				       " AND status = 'cancelled' AND note = '委员临时外出开会'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'cancelled'"
				       " AND cancel_reason = '委员临时外出开会' AND sequence = 1"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE id = '" B3 "'"
				       " AND status = 'booked'"), 1);   /* the other shift's */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'roster.shift_cancel' AND subject = '" SHIFT_AM "'"
				       " AND actor = 'hubin' AND studio = 'hubin'"
				       " AND CAST(json_extract(after, '$.bookings_cancelled') AS INTEGER) = 2"
				       " AND json_extract(after, '$.reason') = '委员临时外出开会'"
				       " AND json_extract(before, '$.member') = 'hubin-01'"), 1);

	/* the week view after the redirect */
	html = console_page(t, &s, "/console/roster", "week=2026-11-20&cancelled=2", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "已取消这次值班；2 个预约随之取消"));
	assert_non_null(strstr(html, "已取消</span> 委员临时外出开会"));
	assert_non_null(strstr(html, "2 个预约随之取消</span>"));
	assert_null(strstr(html, "value=\"" SHIFT_AM "\""));   /* no second cancel form */
	free(html);

	/* the resident's booking page */
	html = rt_page(t, "GET", "/b/" TOK1, NULL, &status, NULL);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "已取消"));
	assert_non_null(strstr(html, "工作室取消了这个时段的值班"));
	assert_non_null(strstr(html, "委员临时外出开会"));
	free(html);

	/* once only; and a shift that is over stays as it was */
	assert_int_equal(post_form(t, &s, "/console/roster/shift", "shift=" SHIFT_AM "&reason=x",
				   NULL), 422);
	t->now += 2 * 86400;
	login(t, "hubin", &s);   /* the session ran out meanwhile */
	assert_int_equal(post_form(t, &s, "/console/roster/shift", "shift=" SHIFT_PM "&reason=x",
				   NULL), 422);
	assert_int_equal(post_form(t, &s, "/console/roster/shift", "shift=nope&reason=x", NULL), 404);
	assert_int_equal(audits(t, "roster.shift_cancel"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_good, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_import_bad, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_import_street_scope, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_csrf_missing, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_week_view, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_member_read_only, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_cancel_shift, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
