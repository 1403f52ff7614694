/* test_server_migrate.c — migrate-db (mq_db_copy): a district with a month
 * of activity on SQLite (opinions every day, triage and topics,
 * bookings and check-ins, console logins, heartbeats; a supervision order,
 * a supervise pass with its escalations and queued messages, a calendar
 * import, changed time limits, a webhook, a revoked kiosk, a technician
 * PIN, a failed login; a candidate topic backed from a kiosk and a phone, a
 * questionnaire answered from both, a text answer hidden) copied into an empty PostgreSQL database of the test
 * cluster; verified table by table; refused into a non-empty one (also one
 * where only the shipped time limits were changed); and then the same
 * pages and answers, byte for byte, from a server on either database.
 * Needs the cluster (fixture pg). */
#define _GNU_SOURCE   /* asprintf, open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mq_candidate.h"
#include "mq_db_pg.h"
#include "mq_db_tools.h"
#include "mq_supervise.h"
#include "mq_survey.h"
#include "test_server_console_util.h"
#include "test_server_roster_util.h"

#define DAYS 30

/* A month of weekday mornings in hubin, from the fixture's Friday on. */
#define MONTH_ROSTER RT_HEADER \
	"weekly,hubin,hubin-01,2026-11-23,09:00,11:00,30,2,2026-12-18,\n" \
	"weekly,hubin,hubin-02,2026-11-24,09:00,11:00,30,2,2026-12-18,\n" \
	"weekly,hubin,hubin-03,2026-11-25,09:00,11:00,30,2,2026-12-18,\n" \
	"weekly,hubin,hubin-04,2026-11-26,09:00,11:00,30,2,2026-12-18,\n" \
	"weekly,hubin,hubin-05,2026-11-20,09:00,11:00,30,2,2026-12-18,\n"

/* The record id of activity @p n of kind @p k (a letter), into @p out. */
static void rec_id(char k, int n, char out[MQ_UUID_LEN + 1])
{
	snprintf(out, MQ_UUID_LEN + 1, "%c0000000-0000-4000-8000-%012d", k, n);
}

/* Day @p d of the month: two opinions (one with a contact, created that
 * day), and on weekdays a booking of a slot in the weeks ahead. */
static void one_day(struct tsrv *t, int d)
{
	char id1[MQ_UUID_LEN + 1], id2[MQ_UUID_LEN + 1], idb[MQ_UUID_LEN + 1], *recs = NULL;
	static const char *const slots[] = { "20261120", "20261123", "20261124", "20261125",
					     "20261126", "20261127", "20261130", "20261201" };
	json_t *r;

	rec_id('a', d, id1);
	rec_id('b', d, id2);
	rec_id('c', d, idb);
	assert_true(asprintf(&recs,
		"{\"id\":\"%s\",\"kind\":\"opinion\",\"created_at\":\"2026-10-%02dT0%d:00:00Z\","
		"\"data\":{\"token\":\"TokA%018d\",\"short_code\":\"1%07d\",\"category\":\"traffic\","
		"\"community\":\"dongpolu\",\"text\":\"第%d天：路口红绿灯太短\",\"contact\":{"
		"\"name\":\"赵秀梅\",\"phone\":\"13912345678\",\"consent\":true}}},"
		"{\"id\":\"%s\",\"kind\":\"opinion\",\"created_at\":\"2026-10-%02dT1%d:30:00Z\","
		"\"data\":{\"token\":\"TokB%018d\",\"short_code\":\"2%07d\",\"category\":\"elderly\","
		"\"member\":\"hubin-02\",\"text\":\"第%d天：老年食堂\\t\\\"排队\\\"\\\\久\"}},"
		"{\"id\":\"%s\",\"kind\":\"booking\",\"created_at\":\"2026-11-19T07:00:00Z\","
		"\"data\":{\"token\":\"TokC%018d\",\"short_code\":\"3%07d\",\"slot\":\"hubin-%s-%s\","
		"\"name\":\"王小明\",\"phone\":\"13812345678\",\"topic\":\"加装电梯\"}}",
		id1, d % 28 + 1, d % 10, d, d, d, id2, d % 28 + 1, d % 10, d, d, d, idb, d, d,
		slots[d % 8], d % 2 ? "0900" : "0930") > 0);
	r = rt_post(t, recs);
	assert_string_equal(rt_result(r, 0), "stored");
	assert_string_equal(rt_result(r, 1), "stored");
	json_decref(r);
	free(recs);
}

/* Console work on the month's opinions: topics and rejections by the street
 * group; logins leave sessions and audit entries. */
static void console_work(struct tsrv *t)
{
	struct sess s;
	char body[512];

	add_console_staff(t);
	login(t, "hubin", &s);
	for (int d = 0; d < 6; d++) {
		char id[MQ_UUID_LEN + 1], path[96];

		rec_id('a', d, id);
		snprintf(path, sizeof path, "/console/opinions/%s/triage", id);
		if (d % 3 == 2)
			snprintf(body, sizeof body, "action=reject&public_note=%%E4%%B8%%8D%%E5%%8F%%97"
				 "%%E7%%90%%86%d", d);
		else
			snprintf(body, sizeof body, "action=topic_new&title=%%E8%%AE%%AE%%E9%%A2%%98%d"
				 "&public_note=%%E5%%B7%%B2%%E7%%AB%%8B%%E9%%A1%%B9", d);
		assert_int_equal(post_form(t, &s, path, body, NULL), 303);
	}
}

/* A heartbeat and check-ins from the kiosk. */
static void kiosk_work(struct tsrv *t)
{
	static const char hb[] = "{\"version\":\"0.1.0\",\"uptime_s\":86400,\"queue_depth\":2,"
				 "\"oldest_queued_age_s\":30,\"disk_free_bytes\":1000000}";
	struct mq_http_response resp;
	json_t *r;

	tsrv_signed(t, "POST", "/api/v1/heartbeat", NULL, hb, strlen(hb), &resp);
	mq_http_response_finish(&resp);
	r = rt_post(t, "{\"id\":\"d0000000-0000-4000-8000-000000000001\",\"kind\":\"checkin\","
		       "\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":{\"member\":\"hubin-01\","
		       "\"method\":\"pin\",\"at\":\"2026-11-19T07:59:00Z\"}}");
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
}

/* Participation: a candidate topic backed from the kiosk and a phone, a
 * questionnaire answered from both, one free-text answer hidden. */
static void participation_work(struct tsrv *t)
{
	static const struct mq_db_staff hubin = { .username = "hubin", .role = MQ_ROLE_STREET,
						  .studio = "hubin" };
	struct mq_candidate_in c = { .title = "老旧小区加装电梯", .closes = "2099-12-31" };
	struct mq_survey_in sv = {
		.studio = "hubin", .title = "社区食堂意见调查", .ends = "2099-12-31", .n_questions = 2,
		.questions = { { "多久去一次？", MQ_SURVEY_SINGLE, { "每天", "很少" }, 2 },
			       { "建议", MQ_SURVEY_TEXT, { NULL }, 0 } },
	};
	struct mq_survey_response_in in = {
		.studio = "hubin", .channel = "phone", .voter = "browser-a", .n_answers = 2,
		.answers = { { .q = 1, .options = { 2 }, .n_options = 1 }, { .q = 2, .text = "少油" } },
	};
	char today[11], msg[200], body[320];
	int64_t cid, sid;
	json_t *r;

	mq_candidate_today(t->now, today);
	sv.starts = today;
	assert_int_equal(mq_candidate_create(t->db, &hubin, &c, t->now, msg, sizeof msg, &cid),
			 MQ_OK);
	assert_int_equal(mq_candidate_back_phone(t->db, cid, "hubin", "browser-a", t->now, msg,
						 sizeof msg), MQ_OK);
	assert_int_equal(mq_survey_create(t->db, &hubin, &sv, t->now, msg, sizeof msg, &sid),
			 MQ_OK);
	in.survey = sid;
	in.created_at = t->now;
	assert_int_equal(mq_survey_respond(t->db, &in, t->now, msg, sizeof msg), MQ_OK);
	snprintf(body, sizeof body, "{\"id\":\"d0000000-0000-4000-8000-000000000002\","
		 "\"kind\":\"topic_support\",\"created_at\":\"2026-11-19T07:59:00Z\","
		 "\"data\":{\"candidate\":%lld}}", (long long)cid);
	r = rt_post(t, body);
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	snprintf(body, sizeof body, "{\"id\":\"d0000000-0000-4000-8000-000000000003\","
		 "\"kind\":\"survey_response\",\"created_at\":\"2026-11-19T07:59:00Z\","
		 "\"data\":{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[1]},"
		 "{\"q\":2,\"text\":\"<b>早餐</b>\"}]}}", (long long)sid);
	r = rt_post(t, body);
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	assert_int_equal(mq_survey_text_hide(t->db, &hubin, sid,
					     tsrv_count(t, "SELECT min(id) FROM survey_answers"
							   " WHERE text IS NOT NULL"), true, t->now),
			 MQ_OK);
}

/* A webhook that is down: supervise's messages stay queued for a retry. */
static bool send_fails(void *cls, const char *url, const char *key, const char *body, char *why,
		       size_t size)
{
	(void)cls;
	(void)url;
	(void)key;
	(void)body;
	snprintf(why, size, "connection refused");
	return false;
}

/* 督查 and security work: an order on an untriaged opinion, a calendar
 * import, new limits, a webhook, a supervise pass, a technician PIN, a
 * second kiosk revoked, a badge secret (the state pull), a failed login. */
static void deadline_work(struct tsrv *t)
{
	const struct mq_supervise_config cfg = { .public_url = "https://minqing.example.cn",
						 .send = send_fails };
	struct mq_supervise_result res;
	char kept_id[sizeof t->device_id], body[256];
	unsigned char kept_key[sizeof t->key];
	struct mq_http_response resp;
	struct sess admin;

	login(t, "admin", &admin);
	assert_int_equal(post_form(t, &admin, "/console/supervision",
				   "opinion=b0000000-0000-4000-8000-000000000003"
				   "&note=%E8%AF%B7%E5%8A%A0%E5%BF%AB&due_day=2026-12-31", NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=import&csv=date%2Ckind%0A2027-01-01%2Choliday%0A"
				   "2027-02-07%2Cworkday%0A", NULL), 200);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=limits&triage=3&answer=10&close=20&escalate=2&soon=1",
				   NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/webhooks",
				   "scope=%2A&url=http%3A%2F%2F127.0.0.1%3A9%2Fdistrict&format=json",
				   NULL), 303);
	assert_int_equal(mq_supervise_run(t->db, &cfg, t->now, &res), MQ_OK);
	assert_true(res.escalated > 0);
	assert_int_equal(post_form(t, &admin, "/console/kiosks", "action=service_pin&scope=hubin",
				   NULL), 200);
	memcpy(kept_id, t->device_id, sizeof kept_id);
	memcpy(kept_key, t->key, sizeof kept_key);
	tsrv_enroll(t, "xiaoying");
	snprintf(body, sizeof body, "action=revoke&confirm=yes&device=%s", t->device_id);
	assert_int_equal(post_form(t, &admin, "/console/kiosks", body, NULL), 303);
	memcpy(t->device_id, kept_id, sizeof kept_id);
	memcpy(t->key, kept_key, sizeof kept_key);
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	assert_int_not_equal(try_login(t, "nobody", "wrong", NULL), 303);
}

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	rt_clear_seed_roster(t);
	rt_import_ok(t, MONTH_ROSTER);
	for (int d = 0; d < DAYS; d++)
		one_day(t, d);
	console_work(t);
	kiosk_work(t);
	deadline_work(t);
	participation_work(t);
	*state = t;
	return 0;
}

/* The answer to GET @p path on @p t, with @p cookie when not NULL (malloc'd). */
static char *answer(struct tsrv *t, const char *path, const char *cookie)
{
	struct thdr h = { "Cookie", cookie };
	struct mq_http_response resp;
	char *out = NULL, p[128];
	const char *q = strchr(path, '?');

	snprintf(p, sizeof p, "%.*s", q ? (int)(q - path) : (int)strlen(path), path);
	tsrv_request(t, "GET", p, q ? q + 1 : NULL, cookie ? &h : NULL, cookie ? 1 : 0, NULL, 0,
		     &resp);
	assert_true(asprintf(&out, "%u\n%.*s", resp.status, (int)resp.len,
			     resp.body ? resp.body : "") > 0);
	mq_http_response_finish(&resp);
	return out;
}

static void copy_verify_refuse_and_serve_alike(void **state)
{
	struct tsrv *t = *state, pg;
	char url[640], why[512], *report = NULL, sess_id[160];
	size_t len = 0;
	FILE *f = open_memstream(&report, &len);
	static const char *const paths[] = {
		"/t/TokA000000000000000003", "/api/v1/track/TokA000000000000000003",
		"/t/TokB000000000000000011", "/b/TokC000000000000000007",
		"/console/inbox", "/console/topics", "/console/stats", "/console/kiosks",
		"/console/audit", "/console/roster?week=2026-11-23", "/console/staff",
		"/console/supervision", "/console/calendar", "/console/webhooks",
		"/console/surveys", "/console/surveys/1",
	};
	struct sess s;

	login(t, "admin", &s);   /* a session to copy, and to read the console with */
	snprintf(sess_id, sizeof sess_id, "%s", s.cookie);
	tsrv_pg_database("mig", url, sizeof url);
	assert_int_equal(mq_db_copy(t->url, url, f, why, sizeof why), MQ_OK);
	fclose(f);
	/* every table verified, with the month's rows */
	assert_non_null(strstr(report, "opinions                   60 "));
	assert_non_null(strstr(report, "bookings                   30 "));
	assert_non_null(strstr(report, "records                    93 "));
	assert_non_null(strstr(report, "attendance                  1 "));
	/* the month's 4, the demo's 6 published ones and its one open for members */
	assert_non_null(strstr(report, "topics                     11 "));
	/* participation: the demo's candidates (4) and the month's one (backed from a
	 * kiosk and a phone), a call for members and its volunteer */
	assert_non_null(strstr(report, "candidates                  5 "));
	assert_non_null(strstr(report, "candidate_supports         62 "));
	assert_non_null(strstr(report, "topic_calls                 1 "));
	assert_non_null(strstr(report, "topic_volunteers            1 "));
	assert_non_null(strstr(report, "stage_events               74 "));
	assert_non_null(strstr(report, "audit_log                  22 "));
	assert_non_null(strstr(report, "sessions                    3 "));
	assert_non_null(strstr(report, "kiosk_health                1 "));
	/* ... and what 督查 and the security work added */
	assert_non_null(strstr(report, "supervision_orders          1 "));
	assert_non_null(strstr(report, "calendar_years              2 "));
	assert_non_null(strstr(report, "calendar_days              41 "));
	assert_non_null(strstr(report, "deadline_limits             1 "));
	assert_non_null(strstr(report, "webhooks                    1 "));
	assert_non_null(strstr(report, "service_pins                2 "));
	assert_non_null(strstr(report, "secrets                     1 "));
	assert_non_null(strstr(report, "throttle                    2 "));
	assert_non_null(strstr(report, "escalations                58 "));
	assert_non_null(strstr(report, "notices                     3 "));
	/* ... and the questionnaire answered from a kiosk and a phone */
	assert_non_null(strstr(report, "surveys                     1 "));
	assert_non_null(strstr(report, "survey_responses            2 "));
	assert_non_null(strstr(report, "survey_answers              4 "));
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL"),
			 1);

	/* a second copy into the now full database is refused, and changes nothing */
	assert_int_equal(mq_db_copy(t->url, url, NULL, why, sizeof why), MQ_ERR_CONFLICT);
	assert_non_null(strstr(why, "not empty"));
	/* so is one into a new database whose shipped time limits were changed */
	{
		char url2[640];
		struct mq_db *db2 = NULL;

		tsrv_pg_database("mig2", url2, sizeof url2);
		assert_int_equal(mq_db_pg_open(url2, 1, &db2), MQ_OK);
		mq_db_destroy(db2);
		pg = *t;
		snprintf(pg.pg_name, sizeof pg.pg_name, "mig2");
		snprintf(pg.url, sizeof pg.url, "%s", url2);
		assert_int_equal(tsrv_exec(&pg, "UPDATE deadline_limits SET soon = 3"), MQ_OK);
		assert_int_equal(mq_db_copy(t->url, url2, NULL, why, sizeof why), MQ_ERR_CONFLICT);
		assert_non_null(strstr(why, "table deadline_limits has rows"));
		tsrv_pg_drop_database("mig2");
	}

	/* the same pages from a server on PostgreSQL: same session, same clock */
	pg = *t;
	pg.path[0] = '\0';
	snprintf(pg.pg_name, sizeof pg.pg_name, "mig");   /* tsrv_count reads pg.url */
	snprintf(pg.url, sizeof pg.url, "%s", url);
	assert_int_equal(mq_db_pg_open(url, 2, &pg.db), MQ_OK);
	pg.srv.db = pg.db;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char *a = answer(t, paths[i], sess_id), *b = answer(&pg, paths[i], sess_id);

		if (strncmp(a, "200\n", 4) != 0)
			fail_msg("%s answered %.80s", paths[i], a);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	/* ids go on after the copied ones: a new opinion's history and audit */
	one_day(&pg, 40);
	assert_int_equal(tsrv_count(&pg, "SELECT count(*) FROM stage_events WHERE id >"
					 " (SELECT max(id) FROM stage_events WHERE subject NOT LIKE"
					 " '%000000000040')"), 2);
	/* and so do opinions' numbers (0016), which their events carry */
	assert_int_equal(tsrv_count(&pg, "SELECT count(*) FROM stage_events e JOIN opinions o"
					 " ON o.id = e.subject WHERE o.id LIKE '%000000000040'"
					 " AND e.subject_seq = o.seq"
					 " AND o.seq > (SELECT max(seq) FROM opinions"
					 " WHERE id NOT LIKE '%000000000040')"), 2);
	mq_db_destroy(pg.db);
	free(report);
	tsrv_pg_drop_database("mig");
}

struct tx_read {
	struct mq_db *db;
	struct mq_db_studio st;
};

static enum mq_err tx_read_cb(void *cls)
{
	struct tx_read *x = cls;

	return x->db->studio_get(x->db->cls, "xiaoying", &x->st);
}

/* A PostgreSQL restart or failover closes the pool's idle connections: the
 * next reads and transactions open new ones instead of failing. */
static void closed_connections_are_replaced(void **state)
{
	struct mq_db *db = NULL;
	struct mq_db_studio st;
	char url[640], sql[256];

	tsrv_pg_database("conns", url, sizeof url);
	assert_int_equal(mq_db_pg_open(url, 2, &db), MQ_OK);
	assert_int_equal(db->seed_demo(db->cls), MQ_OK);
	assert_int_equal(db->studio_get(db->cls, "hubin", &st), MQ_OK);
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
		 " WHERE datname = 'mqt_%ld_conns'", (long)getpid());
	tsrv_pg_admin(sql);
	for (int i = 0; i < 3; i++) {   /* the first read finds its connection closed */
		memset(&st, 0, sizeof st);
		assert_int_equal(db->studio_get(db->cls, "hubin", &st), MQ_OK);
		assert_string_equal(st.name, "湖滨街道委员工作室");
	}
	tsrv_pg_admin(sql);
	{
		struct tx_read x = { .db = db };

		assert_int_equal(db->run_tx(db->cls, "closed", tx_read_cb, &x), MQ_OK);
		assert_string_equal(x.st.name, "小营街道委员工作室");
	}
	mq_db_destroy(db);
	tsrv_pg_drop_database("conns");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closed_connections_are_replaced),
		cmocka_unit_test_setup_teardown(copy_verify_refuse_and_serve_alike, setup,
						tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
