/* test_server_booking.c — visit bookings and check-ins through
 * mq_server_dispatch(): the record kinds and their results, capacity and the
 * refused booking, bad input, the public booking page (masked personal
 * data), cancelling with a confirmation step, and the iCalendar entry. */
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

#include "mq_booking.h"
#include "mq_db.h"
#include "mq_http.h"
#include "mq_server.h"

#include "test_server_helpers.h"
#include "test_server_roster_util.h"

#define B1 "4a1b2c3d-0000-4000-8000-000000000001"
#define B2 "4a1b2c3d-0000-4000-8000-000000000002"
#define B3 "4a1b2c3d-0000-4000-8000-000000000003"
#define TOK1 "Bk_aaaaaaaaaaaaaaaaaaa"
#define TOK2 "Bk_bbbbbbbbbbbbbbbbbbb"
#define TOK3 "Bk_ccccccccccccccccccc"
#define BOOKED_AT "2026-11-19T07:00:00Z"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	rt_clear_seed_roster(t);
	rt_import_ok(t, RT_ROSTER);
	*state = t;
	return 0;
}

static long bookings(struct tsrv *t)
{
	return tsrv_count(t, "SELECT count(*) FROM bookings");
}

/* Posts one booking and returns its result (static copy). */
static const char *book(struct tsrv *t, const char *id, const char *token, const char *slot)
{
	static char result[32];
	char *rec = rt_booking(id, BOOKED_AT, token, slot, NULL);
	json_t *r = rt_post(t, rec);

	snprintf(result, sizeof result, "%s", rt_result(r, 0));
	json_decref(r);
	free(rec);
	return result;
}

/* Two places: two bookings get them, the third is refused (`conflict`) but
 * kept, and its page says so with the next free slots. Re-sending is
 * `duplicate` for all three. */
static void capacity_and_refused_booking(void **state)
{
	struct tsrv *t = *state;
	char *recs = NULL, *r1, *r2, *r3, *page;
	unsigned int status;
	json_t *r;

	r1 = rt_booking(B1, BOOKED_AT, TOK1, RT_SLOT1, NULL);
	r2 = rt_booking(B2, BOOKED_AT, TOK2, RT_SLOT1, NULL);
	r3 = rt_booking(B3, BOOKED_AT, TOK3, RT_SLOT1, NULL);
	assert_true(asprintf(&recs, "%s,%s,%s", r1, r2, r3) > 0);
	r = rt_post(t, recs);
	assert_string_equal(rt_result(r, 0), "stored");
	assert_string_equal(rt_result(r, 1), "stored");
	assert_string_equal(rt_result(r, 2), "conflict");
	assert_non_null(strstr(rt_error(r, 2), "no place left"));
	json_decref(r);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'booked'"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'refused'"), 1);

	r = rt_post(t, recs);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(rt_result(r, i), "duplicate");
	json_decref(r);
	assert_int_equal(bookings(t), 3);

	page = rt_page(t, "GET", "/b/" TOK3, NULL, &status, NULL);
	assert_int_equal(status, 200);
	assert_non_null(strstr(page, "未约上"));
	assert_non_null(strstr(page, "还可以预约的时段"));
	assert_non_null(strstr(page, "11月20日 周五 09:30–10:00"));   /* next free */
	assert_null(strstr(page, "11月20日 周五 09:00–09:30"));       /* full */
	assert_non_null(strstr(page, "已经约满"));
	assert_null(strstr(page, "取消预约"));
	free(page);
	page = rt_page(t, "GET", "/b/" TOK3 "/calendar.ics", NULL, &status, NULL);
	assert_int_equal(status, 404);
	free(page);
	free(r1);
	free(r2);
	free(r3);
	free(recs);
}

/* Each bad booking: its result's error; none is stored. */
static void bad_bookings(void **state)
{
	struct tsrv *t = *state;
	static const struct {
		const char *slot, *created_at, *extra, *error;
	} cases[] = {
		{ "hubin-20261120-0800", BOOKED_AT, NULL, "unknown slot 'hubin-20261120-0800'" },
		{ RT_SLOT1, "2026-11-20T01:05:00Z", NULL, "had begun when the booking was made" },
		{ "Hubin/../x", BOOKED_AT, NULL, "slot must be a slot id" },
		{ RT_SLOT1, BOOKED_AT, ",\"color\":\"red\"", "booking data has only token" },
	};
	char errbuf[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *rec = rt_booking(B1, cases[i].created_at, TOK1, cases[i].slot, cases[i].extra);
		json_t *r = rt_post(t, rec);

		snprintf(errbuf, sizeof errbuf, "case %zu", i);
		if (strcmp(rt_result(r, 0), "invalid") || !strstr(rt_error(r, 0), cases[i].error))
			fail_msg("%s: %s %s", errbuf, rt_result(r, 0), rt_error(r, 0));
		json_decref(r);
		free(rec);
	}
	/* field-level checks */
	{
		static const struct {
			const char *data, *error;
		} shapes[] = {
			{ "{\"token\":\"short\",\"short_code\":\"24681357\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"王\",\"phone\":\"13812345678\"}", "token must be" },
			{ "{\"token\":\"" TOK1 "\",\"short_code\":\"2468\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"王\",\"phone\":\"13812345678\"}", "short_code must be 8 digits" },
			{ "{\"token\":\"" TOK1 "\",\"short_code\":\"24681357\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"\",\"phone\":\"13812345678\"}", "name must be 1 to 50" },
			{ "{\"token\":\"" TOK1 "\",\"short_code\":\"24681357\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"王\",\"phone\":\"call me\"}", "phone must have 7 to 15 digits" },
			{ "{\"token\":\"" TOK1 "\",\"short_code\":\"24681357\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"王\",\"phone\":\"123\"}", "phone must have 7 to 15 digits" },
			{ "{\"token\":\"" TOK1 "\",\"short_code\":\"24681357\",\"slot\":\"" RT_SLOT1 "\","
			  "\"name\":\"王\",\"phone\":13812345678}", "booking fields must be strings" },
		};
		for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
			char *rec = NULL;
			json_t *r;

			assert_true(asprintf(&rec, "{\"id\":\"" B1 "\",\"kind\":\"booking\","
						   "\"created_at\":\"" BOOKED_AT "\",\"data\":%s}",
					     shapes[i].data) > 0);
			r = rt_post(t, rec);
			if (strcmp(rt_result(r, 0), "invalid") || !strstr(rt_error(r, 0), shapes[i].error))
				fail_msg("shape %zu: %s %s", i, rt_result(r, 0), rt_error(r, 0));
			json_decref(r);
			free(rec);
		}
	}
	assert_int_equal(bookings(t), 0);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM records"), 0);

	/* a slot of another studio */
	rt_import_ok(t, RT_HEADER "shift,qingbo,qingbo-01,2026-11-20,09:00,10:00,30,2,,\n");
	{
		char *rec = rt_booking(B1, BOOKED_AT, TOK1, "qingbo-20261120-0900", NULL);
		json_t *r = rt_post(t, rec);
		assert_string_equal(rt_result(r, 0), "invalid");
		assert_non_null(strstr(rt_error(r, 0), "is not at studio 'hubin'"));
		json_decref(r);
		free(rec);
	}
	/* a token used twice */
	assert_string_equal(book(t, B1, TOK1, RT_SLOT1), "stored");
	assert_string_equal(book(t, B2, TOK1, RT_SLOT2), "invalid");
	assert_int_equal(bookings(t), 1);
}

/* The page: who, where, when, what to bring, status; personal data masked. */
static void booking_page(void **state)
{
	struct tsrv *t = *state;
	unsigned int status;
	char *page;

	assert_string_equal(book(t, B1, TOK1, RT_SLOT1), "stored");
	page = rt_page(t, "GET", "/b/" TOK1, NULL, &status, NULL);
	assert_int_equal(status, 200);
	assert_non_null(strstr(page, "湖滨街道委员工作室"));
	assert_non_null(strstr(page, "湖滨街道社区服务中心二楼"));
	assert_non_null(strstr(page, "2026年11月20日（周五）<br>09:00–09:30"));
	assert_non_null(strstr(page, "王建国（经济界）"));
	assert_non_null(strstr(page, "已预约"));
	assert_non_null(strstr(page, "24681357"));
	assert_non_null(strstr(page, "身份证件"));
	assert_non_null(strstr(page, "138****5678"));
	assert_non_null(strstr(page, "王**"));
	assert_null(strstr(page, "13812345678"));
	assert_null(strstr(page, "王小明"));
	assert_non_null(strstr(page, "href=\"/b/" TOK1 "/calendar.ics\""));
	assert_non_null(strstr(page, "action=\"/b/" TOK1 "/cancel\""));
	free(page);

	/* a token not synced yet: the friendly page, not a bare 404 */
	page = rt_page(t, "GET", "/b/Bk_zzzzzzzzzzzzzzzzzzz", NULL, &status, NULL);
	assert_int_equal(status, 404);
	assert_non_null(strstr(page, "尚未同步"));
	free(page);
	page = rt_page(t, "GET", "/b/short", NULL, &status, NULL);
	assert_int_equal(status, 404);
	assert_non_null(strstr(page, "尚未同步"));
	free(page);
}

/* Every line of @p ics ends in CRLF and has at most 75 octets. */
static void assert_rfc5545_lines(const char *ics)
{
	const char *p = ics;

	while (*p) {
		const char *crlf = strstr(p, "\r\n");
		assert_non_null(crlf);
		if (crlf - p > 75)
			fail_msg("line longer than 75 octets: %.*s", (int)(crlf - p), p);
		for (const char *q = p; q < crlf; q++)
			assert_int_not_equal(*q, '\n');
		p = crlf + 2;
	}
}

/* Cancel from the phone: confirmation first, then cancelled, place freed,
 * calendar entry cancelled with a higher SEQUENCE and the same UID. */
static void cancel_and_calendar(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	unsigned int status;
	char *page;

	assert_string_equal(book(t, B1, TOK1, RT_SLOT1), "stored");
	page = rt_page(t, "GET", "/b/" TOK1 "/calendar.ics", NULL, &status, &resp);
	assert_int_equal(status, 200);
	assert_string_equal(resp.content_type, "text/calendar; charset=utf-8");
	mq_http_response_finish(&resp);
	assert_rfc5545_lines(page);
	assert_int_equal(strncmp(page, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30), 0);
	assert_non_null(strstr(page, "\r\nUID:" B1 "@minqing\r\n"));
	assert_non_null(strstr(page, "\r\nDTSTART:20261120T010000Z\r\n"));
	assert_non_null(strstr(page, "\r\nDTEND:20261120T013000Z\r\n"));
	assert_non_null(strstr(page, "\r\nSEQUENCE:0\r\n"));
	assert_non_null(strstr(page, "\r\nSTATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(page, "\r\nURL:https://minqing.example.cn/b/" TOK1 "\r\n"));
	assert_null(strstr(page, "13812345678"));
	free(page);

	/* step 1: no confirm → the question, nothing changes */
	page = rt_page(t, "POST", "/b/" TOK1 "/cancel", "", &status, NULL);
	assert_int_equal(status, 200);
	assert_non_null(strstr(page, "确定要取消这次预约吗"));
	assert_non_null(strstr(page, "name=\"confirm\" value=\"yes\""));
	free(page);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'booked'"), 1);

	/* step 2: confirm=yes → cancelled, 303 back to the page */
	page = rt_page(t, "POST", "/b/" TOK1 "/cancel", "confirm=yes", &status, &resp);
	assert_int_equal(status, 303);
	assert_string_equal(mq_http_response_header(&resp, "Location"), "/b/" TOK1);
	mq_http_response_finish(&resp);
	free(page);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'cancelled'"
				       " AND sequence = 1"), 1);
	page = rt_page(t, "GET", "/b/" TOK1, NULL, &status, NULL);
	assert_non_null(strstr(page, "已取消"));
	assert_null(strstr(page, "action=\"/b/" TOK1 "/cancel\""));
	free(page);

	page = rt_page(t, "GET", "/b/" TOK1 "/calendar.ics", NULL, &status, NULL);
	assert_rfc5545_lines(page);
	assert_non_null(strstr(page, "\r\nUID:" B1 "@minqing\r\n"));
	assert_non_null(strstr(page, "\r\nSEQUENCE:1\r\n"));
	assert_non_null(strstr(page, "\r\nSTATUS:CANCELLED\r\n"));
	free(page);

	/* cancelling again: refused with a clear page */
	page = rt_page(t, "POST", "/b/" TOK1 "/cancel", "confirm=yes", &status, NULL);
	assert_int_equal(status, 409);
	assert_non_null(strstr(page, "已取消"));
	free(page);

	/* the freed place can be booked again: two more fit the slot of two */
	assert_string_equal(book(t, B2, TOK2, RT_SLOT1), "stored");
	assert_string_equal(book(t, B3, TOK3, RT_SLOT1), "stored");
}

/* booking_cancel from the kiosk; unknown bookings are invalid. */
static void kiosk_cancel(void **state)
{
	struct tsrv *t = *state;
	json_t *r;

	assert_string_equal(book(t, B1, TOK1, RT_SLOT1), "stored");
	r = rt_post(t, "{\"id\":\"6c000000-0000-4000-8000-000000000001\",\"kind\":\"booking_cancel\","
		       "\"created_at\":\"" BOOKED_AT "\",\"data\":{\"booking\":\"" B1 "\"}},"
		       "{\"id\":\"6c000000-0000-4000-8000-000000000002\",\"kind\":\"booking_cancel\","
		       "\"created_at\":\"" BOOKED_AT "\",\"data\":{\"booking\":\"" B2 "\"}},"
		       "{\"id\":\"6c000000-0000-4000-8000-000000000003\",\"kind\":\"booking_cancel\","
		       "\"created_at\":\"" BOOKED_AT "\",\"data\":{\"booking\":\"nope\"}}");
	assert_string_equal(rt_result(r, 0), "stored");
	assert_string_equal(rt_result(r, 1), "invalid");
	assert_non_null(strstr(rt_error(r, 1), "unknown booking"));
	assert_string_equal(rt_result(r, 2), "invalid");
	json_decref(r);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'cancelled'"
				       " AND sequence = 1"), 1);
}

/* Check-in by badge or key; a badge that is no member, a member of another
 * studio, a time in the future, a mark of another member's booking: invalid. */
static void checkins(void **state)
{
	struct tsrv *t = *state;
	json_t *r;

	assert_string_equal(book(t, B1, TOK1, RT_SLOT1), "stored");
	r = rt_post(t,
		"{\"id\":\"7d000000-0000-4000-8000-000000000001\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"MQHB9999\","
		"\"method\":\"badge\",\"at\":\"2026-11-19T07:59:00Z\"}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000002\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"qingbo-01\","
		"\"method\":\"pin\",\"at\":\"2026-11-19T07:59:00Z\"}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000003\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"hubin-01\","
		"\"method\":\"face\",\"at\":\"2026-11-19T07:59:00Z\"}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000004\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"hubin-01\","
		"\"method\":\"pin\",\"at\":\"2026-11-19T09:00:00Z\"}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000005\",\"kind\":\"checkout\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"hubin-02\","
		"\"method\":\"pin\",\"at\":\"2026-11-19T07:59:00Z\",\"bookings\":[{\"booking\":\""
		B1 "\",\"status\":\"attended\"}]}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000006\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"MQHB0001\","
		"\"method\":\"badge\",\"at\":\"2026-11-19T07:59:00Z\"}},"
		"{\"id\":\"7d000000-0000-4000-8000-000000000007\",\"kind\":\"checkout\","
		"\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"hubin-01\","
		"\"method\":\"pin\",\"at\":\"2026-11-19T07:59:30Z\",\"bookings\":[{\"booking\":\""
		B1 "\",\"status\":\"attended\"}]}}");
	assert_string_equal(rt_result(r, 0), "invalid");
	assert_string_equal(rt_error(r, 0), "'MQHB9999' is not a member or badge code of studio 'hubin'");
	assert_string_equal(rt_result(r, 1), "invalid");
	assert_string_equal(rt_result(r, 2), "invalid");
	assert_non_null(strstr(rt_error(r, 2), "method must be"));
	assert_string_equal(rt_result(r, 3), "invalid");
	assert_non_null(strstr(rt_error(r, 3), "future"));
	assert_string_equal(rt_result(r, 4), "invalid");
	assert_non_null(strstr(rt_error(r, 4), "is not on a shift of member 'hubin-02'"));
	assert_string_equal(rt_result(r, 5), "stored");
	assert_string_equal(rt_result(r, 6), "stored");
	json_decref(r);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM attendance WHERE member = 'hubin-01'"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'attended'"), 1);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(capacity_and_refused_booking, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(bad_bookings, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(booking_page, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(cancel_and_calendar, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(kiosk_cancel, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(checkins, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
