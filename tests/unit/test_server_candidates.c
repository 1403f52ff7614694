/* test_server_candidates.c — candidate topics (议题遴选): publishing from
 * the console's domain operation, the state pull's `candidates`, kiosk
 * records of kind topic_support (checked, counted once per record), phone
 * backings once per browser, and promotion into a topic after closing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_db.h"
#include "mq_server.h"

#include "test_server_helpers.h"

#define DAY 86400

static const struct mq_db_staff admin = { .username = "admin", .role = MQ_ROLE_ADMIN };
static const struct mq_db_staff hubin = { .username = "hubin", .role = MQ_ROLE_STREET,
					  .studio = "hubin" };
static const struct mq_db_staff member = { .username = "m", .role = MQ_ROLE_MEMBER,
					   .member = "x" };

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	tsrv_clear_participation(t);
	*state = t;
	return 0;
}

/* A candidate of hubin closing on @p closes, made by the street group. */
static int64_t publish(struct tsrv *t, const char *title, const char *closes)
{
	struct mq_candidate_in in = { .title = title, .description = "说明", .closes = closes };
	char msg[128] = "";
	int64_t id = 0;

	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_OK);
	assert_true(id > 0);
	return id;
}

/* Posts one topic_support record for @p candidate with record id @p id;
 * returns its result ("stored", "duplicate", "invalid"). */
static const char *back(struct tsrv *t, const char *id, const char *data)
{
	return tsrv_record_result(t, "topic_support", id, data);
}

static long supports(struct tsrv *t, int64_t id)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM candidate_supports WHERE candidate = %lld",
		 (long long)id);
	return tsrv_count(t, sql);
}

static void test_create_rules(void **state)
{
	struct tsrv *t = *state;
	struct mq_candidate_in in = { .title = "", .closes = "2026-11-30" };
	char msg[128] = "";
	int64_t id;

	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_INVALID);
	assert_string_equal(msg, "请填写议题名称（不超过100字）。");
	in.title = "加装电梯";
	in.closes = "2026-11-18";          /* yesterday */
	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_INVALID);
	assert_string_equal(msg, "请填写截止日期（今天或以后）。");
	in.closes = "2026-11-30";
	assert_int_equal(mq_candidate_create(t->db, &member, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_AUTH);
	in.studio = "nowhere";
	assert_int_equal(mq_candidate_create(t->db, &admin, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_INVALID);
	in.studio = "xiaoying";            /* not the street group's own */
	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_NOT_FOUND);
	in.studio = NULL;
	in.opinion = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";   /* no such opinion */
	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM candidates"), 0);
	in.opinion = NULL;
	assert_int_equal(mq_candidate_create(t->db, &hubin, &in, t->now, msg, sizeof msg, &id),
			 MQ_OK);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'candidate.create'"), 1);
}

static void test_state_and_kiosk_backing(void **state)
{
	struct tsrv *t = *state;
	int64_t a = publish(t, "老旧小区加装电梯", "2026-11-19");     /* closes today */
	int64_t b = publish(t, "菜场周边停车难", "2026-11-30");
	struct mq_http_response resp;
	char data[64];
	json_t *j, *c;

	snprintf(data, sizeof data, "{\"candidate\":%lld}", (long long)b);
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000001", data), "stored");
	/* the same record again is a duplicate, never a second count */
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000001", data), "duplicate");
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000002", data), "stored");
	assert_int_equal(supports(t, b), 2);
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000003", "{\"candidate\":\"1\"}"),
			    "invalid");
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000004",
				 "{\"candidate\":1,\"x\":1}"), "invalid");
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000005",
				 "{\"candidate\":999}"), "invalid");
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM candidate_supports"), 2);

	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	c = json_object_get(j, "candidates");
	assert_int_equal(json_array_size(c), 2);
	/* most backed first */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(c, 0), "id")), b);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(c, 0), "supports")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "title")),
			    "菜场周边停车难");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "closes")),
			    "2026-11-19");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1),
							      "description")), "说明");
	json_decref(j);
	mq_http_response_finish(&resp);

	/* the next day a is closed: gone from the pull, and refused */
	t->now += DAY;
	snprintf(data, sizeof data, "{\"candidate\":%lld}", (long long)a);
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000006", data), "invalid");
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	j = tsrv_json(&resp);
	assert_int_equal(json_array_size(json_object_get(j, "candidates")), 1);
	json_decref(j);
	mq_http_response_finish(&resp);
}

static void test_other_studio_refused(void **state)
{
	struct tsrv *t = *state;
	struct mq_candidate_in in = { .studio = "xiaoying", .title = "别处的", .closes = "2026-12-01" };
	char msg[128], data[64];
	int64_t id;

	assert_int_equal(mq_candidate_create(t->db, &admin, &in, t->now, msg, sizeof msg, &id),
			 MQ_OK);
	snprintf(data, sizeof data, "{\"candidate\":%lld}", (long long)id);
	/* the kiosk is hubin's */
	assert_string_equal(back(t, "11111111-1111-4111-8111-000000000007", data), "invalid");
	assert_int_equal(supports(t, id), 0);
}

static void test_phone_once_per_browser(void **state)
{
	struct tsrv *t = *state;
	int64_t id = publish(t, "社区食堂", "2026-11-25");
	char msg[128];

	assert_int_equal(mq_candidate_back_phone(t->db, id, "hubin", "browser-a", t->now, msg,
						 sizeof msg), MQ_OK);
	assert_int_equal(mq_candidate_back_phone(t->db, id, "hubin", "browser-a", t->now, msg,
						 sizeof msg), MQ_ERR_CONFLICT);
	assert_int_equal(mq_candidate_back_phone(t->db, id, "hubin", "browser-b", t->now, msg,
						 sizeof msg), MQ_OK);
	assert_int_equal(mq_candidate_back_phone(t->db, id, "xiaoying", "browser-c", t->now, msg,
						 sizeof msg), MQ_ERR_INVALID);
	assert_int_equal(supports(t, id), 2);
}

static void test_promote(void **state)
{
	struct tsrv *t = *state;
	int64_t id = publish(t, "背街小巷路灯", "2026-11-20");
	char msg[128] = "", topic[MQ_UUID_LEN + 1];

	assert_int_equal(mq_candidate_promote(t->db, &hubin, id, t->now, msg, sizeof msg, topic),
			 MQ_ERR_INVALID);
	assert_string_equal(msg, "征集截止以后才能形成议题。");
	t->now += 2 * DAY;
	assert_int_equal(mq_candidate_promote(t->db, &member, id, t->now, msg, sizeof msg, topic),
			 MQ_ERR_AUTH);
	assert_int_equal(mq_candidate_promote(t->db, &hubin, id, t->now, msg, sizeof msg, topic),
			 MQ_OK);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM topics WHERE id = ?1 AND"
					    " title = '背街小巷路灯' AND stage = 'research'", topic),
			 1);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM candidates WHERE topic = ?1",
					 topic), 1);
	assert_int_equal(mq_candidate_promote(t->db, &hubin, id, t->now, msg, sizeof msg, topic),
			 MQ_ERR_INVALID);
	assert_string_equal(msg, "已经形成议题。");
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM topics WHERE title = '背街小巷路灯'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_rules, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_state_and_kiosk_backing, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_other_studio_refused, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_phone_once_per_browser, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_promote, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
