/* test_server_roster.c — duty rosters: the CSV import and its
 * errors (nothing stored half-way), the database's own rules, the kiosk
 * state's shifts and member credentials, and the attendance report of a
 * scripted day. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_attendance.h"
#include "mq_badge.h"
#include "mq_date.h"
#include "mq_db.h"
#include "mq_roster.h"

#include "test_server_helpers.h"
#include "test_server_roster_util.h"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	rt_clear_seed_roster(t);
	*state = t;
	return 0;
}

static long shifts(struct tsrv *t)
{
	return tsrv_count(t, "SELECT count(*) FROM duty_shifts");
}

/* Local times, UTC storage, ids, slots; importing again changes nothing. */
static void import_shifts_and_patterns(void **state)
{
	struct tsrv *t = *state;

	rt_import_ok(t, RT_HEADER
		     "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n"
		     "# weekly on Mondays (2026-11-23 is one) for three weeks, minus one\n"
		     "weekly,hubin,hubin-02,2026-11-23,14:00,17:00,60,3,2026-12-07,周一下午\n"
		     "skip,hubin,hubin-02,2026-11-30,,,,,,外出调研\n"
		     "closed,hubin,,2026-12-07,,,,,,设备检修\n"
		     "holiday,,,2027-01-01,,,,,,元旦\n");
	assert_int_equal(shifts(t), 2);   /* 11-20 and 11-23; 11-30 skipped, 12-07 closed */
	assert_int_equal(tsrv_count(t, "SELECT start_at FROM duty_shifts"
				       " WHERE id = 'hubin-20261120-0900-1100'"),
			 1795136400);    /* 2026-11-20T01:00:00Z = 09:00 in Shanghai */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_slots"
				       " WHERE shift = 'hubin-20261120-0900-1100'"), 4);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_slots"
				       " WHERE id = 'hubin-20261123-1600' AND capacity = 3"
				       " AND end_at - start_at = 3600"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM studio_closures"), 2);

	/* the same file again: nothing new, no error */
	rt_import_ok(t, RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n");
	assert_int_equal(shifts(t), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_slots"), 7);
}

/* Each bad file: the line and message it must produce; nothing is stored. */
static const struct {
	const char *csv;
	const char *error;
} bad[] = {
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n"
		    "shift,hubin,hubin-02,2026-11-20,10:30,12:00,30,2,,\n",
	  "3: 2026-11-20: the shift overlaps shift hubin-20261120-0900-1100 (hubin-01, 09:00-11:00)" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,12:00,09:00,30,2,,\n",
	  "2: the shift ends (09:00) before it starts (12:00)" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,09:00,30,2,,\n",
	  "2: the shift ends (09:00) before it starts (09:00)" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,25,2,,\n",
	  "2: slots of 25 minutes do not divide the shift of 120 minutes (09:00-11:00)" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2\n",
	  "2: 8 columns, expected 10" },
	{ "studio,member,date,start,end\nhubin,hubin-01,2026-11-20,09:00,11:00\n",
	  "1: the first line must be the header" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\xd6\xdc\xd2\xbb\n",
	  "2: not valid UTF-8 (GBK from a spreadsheet?)" },
	{ RT_HEADER "shift,hubin,qingbo-01,2026-11-20,09:00,11:00,30,2,,\n",
	  "2: 'qingbo-01' is not a member of studio 'hubin'" },
	{ RT_HEADER "shift,nowhere,hubin-01,2026-11-20,09:00,11:00,30,2,,\n",
	  "2: unknown studio 'nowhere'" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-02-30,09:00,11:00,30,2,,\n",
	  "2: date '2026-02-30' is not a date YYYY-MM-DD" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,9am,11:00,30,2,,\n",
	  "2: start '9am' is not a time HH:MM" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,0,,\n",
	  "2: capacity '0' must be a number of residents per slot from 1 to 50" },
	{ RT_HEADER "weekly,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n",
	  "2: a weekly row needs until" },
	{ RT_HEADER "weekly,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,2026-11-01,\n",
	  "2: until (2026-11-01) is before date (2026-11-20)" },
	{ RT_HEADER "lunch,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n",
	  "2: unknown kind 'lunch'" },
	{ RT_HEADER "closed,hubin,hubin-01,2026-11-20,,,,,,\n", "2: a closed row names no member" },
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\"open quote\n",
	  "2: a quoted field does not end on its line" },
	{ RT_HEADER, "0: no rows to import" },
	{ "", "0: the file is empty" },
	/* good rows before and after a bad one: still nothing */
	{ RT_HEADER "shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n"
		    "shift,hubin,hubin-02,2026-11-21,09:00,11:00,45,2,,\n"
		    "shift,hubin,hubin-03,2026-11-22,09:00,11:00,30,2,,\n",
	  "3: slots of 45 minutes do not divide the shift of 120 minutes" },
};

static void import_rejects_bad_files(void **state)
{
	struct tsrv *t = *state;
	char errs[4096];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(rt_import(t, bad[i].csv, errs, sizeof errs), MQ_ERR_INVALID);
		if (!strstr(errs, bad[i].error))
			fail_msg("case %zu: expected '%s', got '%s'", i, bad[i].error, errs);
		assert_int_equal(shifts(t), 0);
		assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_slots"), 0);
		assert_int_equal(tsrv_count(t, "SELECT count(*) FROM studio_closures"), 0);
	}
}

static void on_err(void *cls, unsigned int line, const char *msg)
{
	char *buf = cls;

	snprintf(buf + strlen(buf), 512 - strlen(buf), "%u: %s\n", line, msg);
}

/* UTF-16 (a NUL byte in the text) is refused for the whole file. */
static void import_rejects_utf16(void **state)
{
	struct tsrv *t = *state;
	static const char utf16[] = "k\0i\0n\0d\0,\0";
	struct mq_roster_import_result res;
	char errs[512] = "";

	assert_int_equal(mq_roster_import(t->db, utf16, sizeof utf16 - 1, t->now, on_err, errs, &res),
			 MQ_ERR_INVALID);
	assert_non_null(strstr(errs, "0: the file contains NUL bytes"));
	assert_int_equal(shifts(t), 0);
}

/* A BOM and CRLF from a spreadsheet are fine; quoted notes may hold commas. */
static void import_accepts_spreadsheet_csv(void **state)
{
	struct tsrv *t = *state;

	rt_import_ok(t, "\xEF\xBB\xBF" "kind,studio,member,date,start,end,slot_minutes,capacity,"
		     "until,note\r\nshift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,"
		     "\"上午, 一楼\"\r\n");
	assert_int_equal(shifts(t), 1);
}

/* Overlap with a shift stored earlier: refused, the earlier one stays. */
static void import_rejects_overlap_with_stored(void **state)
{
	struct tsrv *t = *state;
	char errs[1024];

	rt_import_ok(t, RT_ROSTER);
	assert_int_equal(rt_import(t, RT_HEADER
				   "shift,hubin,hubin-03,2026-11-21,09:00,10:00,30,2,,\n"
				   "shift,hubin,hubin-03,2026-11-20,15:00,17:00,30,2,,\n",
				   errs, sizeof errs), MQ_ERR_INVALID);
	assert_non_null(strstr(errs, "3: 2026-11-20: the shift overlaps shift"
				     " hubin-20261120-1400-1600 (hubin-02, 14:00-16:00)"));
	assert_int_equal(shifts(t), 2);   /* the 11-21 row was rolled back too */
}

/* The rules hold in the database itself, whatever code writes. */
static void database_keeps_the_rules(void **state)
{
	struct tsrv *t = *state;

	rt_import_ok(t, RT_ROSTER);
	/* overlapping shift */
	assert_int_not_equal(rt_exec(t, "INSERT INTO duty_shifts (id, studio, member, start_at,"
				       " end_at, slot_minutes, capacity) VALUES ('x', 'hubin',"
				       " 'hubin-03', 1795138200, 1795141800, 30, 2)"), MQ_OK);
	/* end before start, slots not dividing */
	assert_int_not_equal(rt_exec(t, "INSERT INTO duty_shifts (id, studio, member, start_at,"
				       " end_at, slot_minutes, capacity) VALUES ('y', 'hubin',"
				       " 'hubin-03', 1795230000, 1795222800, 30, 2)"), MQ_OK);
	assert_int_not_equal(rt_exec(t, "INSERT INTO duty_shifts (id, studio, member, start_at,"
				       " end_at, slot_minutes, capacity) VALUES ('z', 'hubin',"
				       " 'hubin-03', 1795222800, 1795230000, 25, 2)"), MQ_OK);
	/* capacity: a third place in a slot of two */
	assert_int_equal(rt_exec(t,
		"INSERT INTO records VALUES ('r1', (SELECT id FROM devices), 'booking', 0, 'x', 0);"
		"INSERT INTO records VALUES ('r2', (SELECT id FROM devices), 'booking', 0, 'x', 0);"
		"INSERT INTO records VALUES ('r3', (SELECT id FROM devices), 'booking', 0, 'x', 0);"
		"INSERT INTO bookings (id, token, short_code, slot, studio, name, phone, status,"
		" created_at, updated_at) VALUES ('r1', 't1', '1', '" RT_SLOT1 "', 'hubin', 'a',"
		" '1', 'booked', 0, 0), ('r2', 't2', '1', '" RT_SLOT1 "', 'hubin', 'a', '1',"
		" 'booked', 0, 0)"), MQ_OK);
	assert_int_equal(rt_exec(t, "INSERT INTO bookings (id, token, short_code, slot, studio,"
				    " name, phone, status, created_at, updated_at) VALUES ('r3', 't3',"
				    " '1', '" RT_SLOT1 "', 'hubin', 'a', '1', 'booked', 0, 0)"),
			 MQ_ERR_CONFLICT);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings"), 2);
	/* a cancelled booking cannot come back into a full slot */
	assert_int_equal(rt_exec(t, "UPDATE bookings SET status = 'cancelled' WHERE id = 'r1'"),
			 MQ_OK);
	assert_int_equal(rt_exec(t, "UPDATE bookings SET status = 'booked' WHERE id = 'r1'"),
			 MQ_ERR_CONFLICT);
}

/* A closure imported later cancels the day's shifts and their bookings. */
static void closure_cancels_shift_and_bookings(void **state)
{
	struct tsrv *t = *state;
	char *rec;
	json_t *r;

	rt_import_ok(t, RT_ROSTER);
	rec = rt_booking("4a1b2c3d-0000-4000-8000-000000000001", "2026-11-19T07:00:00Z",
			 "Bk_aaaaaaaaaaaaaaaaaaa", RT_SLOT1, NULL);
	r = rt_post(t, rec);
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	free(rec);
	rt_import_ok(t, RT_HEADER "closed,hubin,,2026-11-20,,,,,,停电\n");
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE status = 'cancelled'"
				       " AND note = '停电'"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE status = 'cancelled'"
				       " AND sequence = 1 AND cancel_reason = '停电'"), 1);
	/* and a shift on that date is not made again */
	rt_import_ok(t, RT_ROSTER);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM duty_shifts WHERE status = 'active'"), 0);
}

static json_t *state_json(struct tsrv *t)
{
	struct mq_http_response resp;
	json_t *j;

	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	mq_http_response_finish(&resp);
	return j;
}

/* The kiosk's contract: shifts with slots, free places and bookings, exactly. */
static void state_has_shifts_and_free_places(void **state)
{
	struct tsrv *t = *state;
	json_t *j, *r;
	char *text, *rec;

	rt_import_ok(t, RT_ROSTER);
	rec = rt_booking("4a1b2c3d-0000-4000-8000-000000000002", "2026-11-19T07:00:00Z",
			 "Bk_bbbbbbbbbbbbbbbbbbb", RT_SLOT_PM, NULL);
	r = rt_post(t, rec);
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	free(rec);

	j = state_json(t);
	text = json_dumps(json_object_get(j, "shifts"), JSON_COMPACT);
	assert_string_equal(text,
		"[{\"id\":\"hubin-20261120-0900-1100\",\"member\":\"hubin-01\","
		"\"start\":\"2026-11-20T01:00:00Z\",\"end\":\"2026-11-20T03:00:00Z\",\"slots\":["
		"{\"id\":\"hubin-20261120-0900\",\"start\":\"2026-11-20T01:00:00Z\","
		"\"end\":\"2026-11-20T01:30:00Z\",\"free\":2},"
		"{\"id\":\"hubin-20261120-0930\",\"start\":\"2026-11-20T01:30:00Z\","
		"\"end\":\"2026-11-20T02:00:00Z\",\"free\":2},"
		"{\"id\":\"hubin-20261120-1000\",\"start\":\"2026-11-20T02:00:00Z\","
		"\"end\":\"2026-11-20T02:30:00Z\",\"free\":2},"
		"{\"id\":\"hubin-20261120-1030\",\"start\":\"2026-11-20T02:30:00Z\","
		"\"end\":\"2026-11-20T03:00:00Z\",\"free\":2}],\"bookings\":[]},"
		"{\"id\":\"hubin-20261120-1400-1600\",\"member\":\"hubin-02\","
		"\"start\":\"2026-11-20T06:00:00Z\",\"end\":\"2026-11-20T08:00:00Z\",\"slots\":["
		"{\"id\":\"hubin-20261120-1400\",\"start\":\"2026-11-20T06:00:00Z\","
		"\"end\":\"2026-11-20T07:00:00Z\",\"free\":2},"
		"{\"id\":\"hubin-20261120-1500\",\"start\":\"2026-11-20T07:00:00Z\","
		"\"end\":\"2026-11-20T08:00:00Z\",\"free\":3}],\"bookings\":["
		"{\"id\":\"4a1b2c3d-0000-4000-8000-000000000002\",\"slot\":\"hubin-20261120-1400\","
		"\"name\":\"王**\",\"topic\":\"小区加装电梯\",\"status\":\"booked\"}]}]");
	free(text);
	/* the duty member sees who comes, masked; the phone never leaves the server */
	text = json_dumps(j, JSON_COMPACT);
	assert_null(strstr(text, "13812345678"));
	assert_null(strstr(text, "王小明"));
	free(text);
	json_decref(j);
}

/* Members carry their badge code and PIN hash (argon2id), verifiable offline. */
static void state_has_member_credentials(void **state)
{
	struct tsrv *t = *state;
	char hash[crypto_pwhash_STRBYTES], *sql = NULL, *json_dumps_tmp;
	unsigned char badge_key[MQ_BADGE_KEY_BYTES];
	size_t key_len = 0;
	json_t *j, *m;
	const char *h;

	assert_int_equal(crypto_pwhash_str(hash, "2468", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_true(asprintf(&sql, "UPDATE members SET pin_hash = '%s' WHERE key = 'hubin-01'",
			     hash) > 0);
	assert_int_equal(rt_exec(t, sql), MQ_OK);
	free(sql);
	assert_int_equal(rt_exec(t, "UPDATE members SET pin_hash = NULL WHERE key = 'hubin-03'"),
			 MQ_OK);
	j = state_json(t);
	/* the studio's badge key, and badge hashes under it: never the codes */
	assert_int_equal(sodium_base642bin(badge_key, sizeof badge_key,
					   json_string_value(json_object_get(j, "badge_key")), 44,
					   NULL, &key_len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(key_len, sizeof badge_key);
	assert_null(strstr(json_dumps_tmp = json_dumps(j, 0), "MQHB000"));
	free(json_dumps_tmp);
	m = json_array_get(json_object_get(j, "members"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "key")), "hubin-01");
	assert_null(json_object_get(m, "badge"));
	assert_true(mq_badge_matches(badge_key, "MQHB0001", json_string_value(json_object_get(m, "badge_hash"))));
	assert_true(mq_badge_matches(badge_key, " mqhb0001\r\n",
				     json_string_value(json_object_get(m, "badge_hash"))));
	assert_false(mq_badge_matches(badge_key, "MQHB0002",
				      json_string_value(json_object_get(m, "badge_hash"))));
	h = json_string_value(json_object_get(m, "pin_hash"));
	assert_non_null(h);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_int_equal(crypto_pwhash_str_verify(h, "2468", 4), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(h, "1357", 4), 0);
	m = json_array_get(json_object_get(j, "members"), 1);
	assert_true(mq_badge_matches(badge_key, "MQHB0002",
				     json_string_value(json_object_get(m, "badge_hash"))));
	assert_int_equal(crypto_pwhash_str_verify(json_string_value(json_object_get(m, "pin_hash")),
						  "2468", 4), 0);   /* seed-demo's PIN */
	m = json_array_get(json_object_get(j, "members"), 2);
	assert_string_equal(json_string_value(json_object_get(m, "key")), "hubin-03");
	assert_true(json_is_null(json_object_get(m, "pin_hash")));   /* no PIN set */
	json_decref(j);
}

/* The scripted day, judged: late, left early, missed, bookings attended and
 * no-show (marked and unmarked). The day is Wednesday 2026-11-18; the
 * fixture's clock is the next afternoon. */
static void attendance_report_of_a_day(void **state)
{
	struct tsrv *t = *state;
	struct mq_attendance_report rep;
	struct mq_buf b;
	char *csv;
	size_t len;
	json_t *r;
	char *recs = NULL, *b1, *b2, *b3;

	rt_import_ok(t, RT_HEADER
		     "shift,hubin,hubin-01,2026-11-18,09:00,11:00,60,2,,\n"
		     "shift,hubin,hubin-02,2026-11-18,14:00,16:00,60,2,,\n"
		     "shift,hubin,hubin-03,2026-11-18,16:00,17:00,60,2,,\n");
	/* bookings made the day before: b1, b2 (never marked) on hubin-01, b3 on hubin-02 */
	b1 = rt_booking("4b000000-0000-4000-8000-000000000001", "2026-11-17T02:00:00Z",
			"Bk_1aaaaaaaaaaaaaaaaaa", "hubin-20261118-0900", NULL);
	b2 = rt_booking("4b000000-0000-4000-8000-000000000002", "2026-11-17T02:00:00Z",
			"Bk_2aaaaaaaaaaaaaaaaaa", "hubin-20261118-1000", NULL);
	b3 = rt_booking("4b000000-0000-4000-8000-000000000003", "2026-11-17T02:00:00Z",
			"Bk_3aaaaaaaaaaaaaaaaaa", "hubin-20261118-1400", NULL);
	assert_true(asprintf(&recs,
		"%s,%s,%s,"
		/* hubin-01 by badge 12 min late, out 30 min early, marks b1 attended */
		"{\"id\":\"5a000000-0000-4000-8000-000000000001\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-18T01:12:30Z\",\"data\":{\"member\":\"MQHB0001\","
		"\"method\":\"badge\",\"at\":\"2026-11-18T01:12:30Z\"}},"
		"{\"id\":\"5a000000-0000-4000-8000-000000000002\",\"kind\":\"checkout\","
		"\"created_at\":\"2026-11-18T02:30:00Z\",\"data\":{\"member\":\"hubin-01\","
		"\"method\":\"pin\",\"at\":\"2026-11-18T02:30:00Z\",\"bookings\":["
		"{\"booking\":\"4b000000-0000-4000-8000-000000000001\",\"status\":\"attended\"}]}},"
		/* hubin-02 on time, stays, marks b3 no_show */
		"{\"id\":\"5a000000-0000-4000-8000-000000000003\",\"kind\":\"checkin\","
		"\"created_at\":\"2026-11-18T05:55:00Z\",\"data\":{\"member\":\"hubin-02\","
		"\"method\":\"pin\",\"at\":\"2026-11-18T05:55:00Z\"}},"
		"{\"id\":\"5a000000-0000-4000-8000-000000000004\",\"kind\":\"checkout\","
		"\"created_at\":\"2026-11-18T08:05:00Z\",\"data\":{\"member\":\"hubin-02\","
		"\"method\":\"pin\",\"at\":\"2026-11-18T08:05:00Z\",\"bookings\":["
		"{\"booking\":\"4b000000-0000-4000-8000-000000000003\",\"status\":\"no_show\"}]}}",
		b1, b2, b3) > 0);
	free(b1);
	free(b2);
	free(b3);
	r = rt_post(t, recs);
	for (size_t i = 0; i < 7; i++)
		if (strcmp(rt_result(r, i), "stored") != 0)
			fail_msg("record %zu: %s %s", i, rt_result(r, i), rt_error(r, i));
	json_decref(r);
	free(recs);

	assert_int_equal(mq_attendance_report(t->db, "2026-11", NULL, t->now, &rep), MQ_OK);
	mq_buf_init(&b);
	mq_attendance_csv_totals(&b, &rep);
	mq_attendance_csv_shifts(&b, &rep);
	csv = mq_buf_steal(&b, &len);
	assert_string_equal(csv,
		"month,studio,member,name,shifts,attended,late,late_minutes,left_early,"
		"early_minutes,missed,no_checkout,bookings_attended,bookings_no_show,"
		"topics_due,topics_on_time,volunteered,chosen\n"
		"2026-11,hubin,hubin-01,王建国,1,1,1,12,1,30,0,0,1,1,0,0,0,0\n"
		"2026-11,hubin,hubin-02,陈晓燕,1,1,0,0,0,0,0,0,0,1,0,0,0,0\n"
		"2026-11,hubin,hubin-03,李志明,1,0,0,0,0,0,1,0,0,0,0,0,0,0\n"
		"2026-11,hubin,*,合计,3,2,1,12,1,30,1,0,1,2,0,0,0,0\n"
		"studio,shift,member,name,date,start,end,status,checkin,checkout,"
		"late_minutes,early_minutes,bookings_attended,bookings_no_show\n"
		"hubin,hubin-20261118-0900-1100,hubin-01,王建国,2026-11-18,09:00,11:00,"
		"late_left_early,09:12,10:30,12,30,1,1\n"
		"hubin,hubin-20261118-1400-1600,hubin-02,陈晓燕,2026-11-18,14:00,16:00,"
		"attended,13:55,16:05,0,0,0,1\n"
		"hubin,hubin-20261118-1600-1700,hubin-03,李志明,2026-11-18,16:00,17:00,"
		"missed,,,0,0,0,0\n");
	free(csv);
	mq_attendance_report_finish(&rep);
	assert_int_equal(mq_attendance_report(t->db, "2026-13", NULL, t->now, &rep),
			 MQ_ERR_INVALID);
}

/* The report in the console: a street account sees its studio, as a page and CSV. */
static void console_attendance_page(void **state)
{
	struct tsrv *t = *state;
	struct mq_db_staff staff = { .username = "hubin-staff", .role = MQ_ROLE_STREET,
				     .studio = "hubin", .pw_hash = "x", .created_at = 1 };
	struct mq_db_session sess = { .csrf = "c", .created_at = t->now,
				      .expires_at = t->now + 3600 };
	unsigned char h[crypto_hash_sha256_BYTES];
	struct thdr cookie = { "Cookie", "mq_session=secret-abc" };
	struct mq_http_response resp;
	char *body;

	rt_import_ok(t, RT_HEADER "shift,hubin,hubin-03,2026-11-18,16:00,17:00,60,2,,\n"
			"shift,qingbo,qingbo-01,2026-11-18,16:00,17:00,60,2,,\n");
	crypto_hash_sha256(h, (const unsigned char *)"secret-abc", 10);
	sodium_bin2hex(sess.id, sizeof sess.id, h, sizeof h);
	sess.staff = staff;
	assert_int_equal(t->db->staff_put(t->db->cls, &staff), MQ_OK);
	assert_int_equal(t->db->session_insert(t->db->cls, &sess), MQ_OK);

	tsrv_request(t, "GET", "/console/attendance", "month=2026-11", NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 303);   /* no session: to the login page */
	mq_http_response_finish(&resp);

	tsrv_request(t, "GET", "/console/attendance", "month=2026-11", &cookie, 1, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	body = strndup(resp.body, resp.len);
	assert_non_null(strstr(body, "值班考勤 2026-11"));
	assert_non_null(strstr(body, "李志明"));
	assert_non_null(strstr(body, "缺勤"));
	assert_null(strstr(body, "徐丹"));   /* qingbo's member: not this street's */
	free(body);
	mq_http_response_finish(&resp);

	tsrv_request(t, "GET", "/console/attendance", "month=2026-11&format=csv", &cookie, 1, NULL,
		     0, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/csv; charset=utf-8");
	body = strndup(resp.body, resp.len);
	assert_string_equal(body,
		"month,studio,member,name,shifts,attended,late,late_minutes,left_early,"
		"early_minutes,missed,no_checkout,bookings_attended,bookings_no_show,"
		"topics_due,topics_on_time,volunteered,chosen\n"
		"2026-11,hubin,hubin-03,李志明,1,0,0,0,0,0,1,0,0,0,0,0,0,0\n"
		"2026-11,hubin,*,合计,1,0,0,0,0,0,1,0,0,0,0,0,0,0\n");
	free(body);
	mq_http_response_finish(&resp);

	tsrv_request(t, "GET", "/console/attendance", "month=2026-13", &cookie, 1, NULL, 0, &resp);
	assert_int_equal(resp.status, 400);
	mq_http_response_finish(&resp);
}

/* Calendar arithmetic: local dates, weekdays, month bounds. */
static void shanghai_calendar(void **state)
{
	struct mq_date d;
	int64_t from, to;
	char s[11], span[96];

	(void)state;
	assert_true(mq_date_parse("2028-02-29", &d));
	assert_false(mq_date_parse("2027-02-29", &d));
	assert_int_equal(mq_date_weekday(&d), 2);   /* 2028-02-29 is a Tuesday */
	mq_date_of(1795075200, &d);             /* 2026-11-19T08:00Z */
	mq_date_format(&d, s);
	assert_string_equal(s, "2026-11-19");
	mq_date_of(1795104000, &d);             /* 16:00Z = 00:00 next day local */
	mq_date_format(&d, s);
	assert_string_equal(s, "2026-11-20");
	assert_true(mq_date_parse_month("2026-12", &from, &to));
	assert_int_equal(from, 1796054400);            /* 2026-12-01T00:00+08:00 */
	assert_int_equal(to - from, 31 * 86400);
	mq_date_format_span(1795136400, 1795138200, span, sizeof span);
	assert_string_equal(span, "2026年11月20日（周五）09:00–09:30");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(import_shifts_and_patterns, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(import_rejects_bad_files, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(import_rejects_utf16, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(import_accepts_spreadsheet_csv, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(import_rejects_overlap_with_stored, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(database_keeps_the_rules, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(closure_cancels_shift_and_bookings, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(state_has_shifts_and_free_places, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(state_has_member_credentials, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(attendance_report_of_a_day, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(console_attendance_page, setup, tsrv_teardown_state),
		cmocka_unit_test(shanghai_calendar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
