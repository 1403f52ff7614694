/* test_server_surveys.c — questionnaires (问卷调查): the file format and its
 * bad files, the rules of defining one, the state pull's `surveys` (a
 * studio's own and its street's, open today only), kiosk records of kind
 * survey_response (checked against the survey, counted once per record),
 * phone responses once per browser, the results and their CSV, and hiding
 * a free-text answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_db.h"
#include "mq_server.h"
#include "mq_survey.h"

#include "test_server_helpers.h"

#define DAY 86400

static const struct mq_db_staff hubin = { .username = "hubin", .role = MQ_ROLE_STREET,
					  .studio = "hubin" };
static const struct mq_db_staff member = { .username = "m", .role = MQ_ROLE_MEMBER,
					   .member = "x" };

/* A survey file of the format of DESIGN §9, today 2026-11-19. */
static const char good_file[] =
	"{\"studio\":\"hubin\",\"title\":\"社区食堂意见调查\",\"starts\":\"2026-11-19\","
	"\"ends\":\"2026-11-25\",\"questions\":["
	"{\"text\":\"您多久去一次社区食堂？\",\"kind\":\"single\",\"options\":[\"每天\",\"每周\",\"很少\"]},"
	"{\"text\":\"希望增加哪些服务？\",\"kind\":\"multiple\",\"options\":[\"送餐\",\"早餐\",\"老年餐\"]},"
	"{\"text\":\"还有什么建议？\",\"kind\":\"text\"}]}";

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	*state = t;
	return 0;
}

/* Defines the survey of file text @p text for @p who; MQ_OK and its id, or
 * the error with @p msg. A file that does not parse fails the test. */
static enum mq_err define(struct tsrv *t, const struct mq_db_staff *who, const char *text,
			  char *msg, size_t size, int64_t *id)
{
	json_t *j = json_loads(text, 0, NULL);
	struct mq_survey_in in;
	enum mq_err err;

	assert_non_null(j);
	assert_true(mq_survey_from_json(j, &in, msg, size));
	err = mq_survey_create(t->db, who, &in, t->now, msg, size, id);
	json_decref(j);
	return err;
}

static int64_t define_good(struct tsrv *t)
{
	char msg[200] = "";
	int64_t id = 0;

	assert_int_equal(define(t, NULL, good_file, msg, sizeof msg, &id), MQ_OK);
	assert_true(id > 0);
	return id;
}

/* The reason mq_survey_from_json gives for file @p text, or "" when it reads. */
static const char *shape(const char *text)
{
	static char msg[200];
	json_t *j = json_loads(text, 0, NULL);
	struct mq_survey_in in;

	assert_non_null(j);
	msg[0] = 0;
	mq_survey_from_json(j, &in, msg, sizeof msg);
	json_decref(j);
	return msg;
}

static void test_file_shapes(void **state)
{
	(void)state;
	assert_string_equal(shape(good_file), "");
	assert_string_equal(shape("[1]"), "文件内容应是一个 JSON 对象。");
	assert_string_equal(shape("{\"title\":\"x\"}"), "缺少题目（questions）。");
	assert_string_equal(shape("{\"title\":\"x\",\"colour\":\"red\",\"questions\":[]}"),
			    "字段“colour”不认识或不是文字。");
	assert_string_equal(shape("{\"questions\":[{\"text\":\"a\",\"kind\":\"rank\"}]}"),
			    "第1题的类型（kind）应为 single、multiple 或 text。");
	assert_string_equal(shape("{\"questions\":[{\"text\":\"a\",\"kind\":\"single\","
				  "\"options\":[\"1\",2]}]}"), "第1题的选项应是文字。");
	assert_string_equal(shape("{\"questions\":[1,2,3,4,5,6,7,8,9,10,11]}"), "题目超过10道。");
	assert_string_equal(shape("{\"questions\":[{\"text\":\"a\",\"kind\":\"multiple\","
				  "\"options\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}]}"),
			    "第1题的选项超过8个。");
}

static void test_create_rules(void **state)
{
	struct tsrv *t = *state;
	char msg[200] = "";
	int64_t id;

	assert_int_equal(define(t, NULL, "{\"title\":\"x\",\"starts\":\"2026-11-19\",\"ends\":"
				"\"2026-11-20\",\"questions\":[{\"text\":\"a\",\"kind\":\"text\"}]}",
				msg, sizeof msg, &id), MQ_ERR_INVALID);
	assert_string_equal(msg, "请选择一个工作室，或者整个街道（二选一）。");
	assert_int_equal(define(t, NULL, "{\"street\":\"nowhere\",\"title\":\"x\",\"starts\":"
				"\"2026-11-19\",\"ends\":\"2026-11-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &id), MQ_ERR_INVALID);
	assert_string_equal(msg, "没有这个街道。");
	assert_int_equal(define(t, NULL, "{\"studio\":\"hubin\",\"title\":\"x\",\"starts\":"
				"\"2026-11-21\",\"ends\":\"2026-11-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &id), MQ_ERR_INVALID);
	assert_string_equal(msg, "请填写开始和结束日期（YYYY-MM-DD，结束不早于开始）。");
	assert_int_equal(define(t, NULL, "{\"studio\":\"hubin\",\"title\":\"x\",\"starts\":"
				"\"2026-02-30\",\"ends\":\"2026-12-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &id), MQ_ERR_INVALID);
	assert_int_equal(define(t, NULL, "{\"studio\":\"hubin\",\"title\":\"x\",\"starts\":"
				"\"2026-11-01\",\"ends\":\"2026-11-18\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &id), MQ_ERR_INVALID);
	assert_string_equal(msg, "结束日期已经过去。");
	assert_int_equal(define(t, NULL, "{\"studio\":\"hubin\",\"title\":\"x\",\"starts\":"
				"\"2026-11-19\",\"ends\":\"2026-11-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"single\",\"options\":[\"只有一个\"]}]}", msg,
				sizeof msg, &id), MQ_ERR_INVALID);
	assert_string_equal(msg, "第1题是选择题，应有2到8个选项。");
	assert_int_equal(define(t, NULL, "{\"studio\":\"hubin\",\"title\":\"x\",\"starts\":"
				"\"2026-11-19\",\"ends\":\"2026-11-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\",\"options\":[\"a\"]}]}", msg, sizeof msg,
				&id), MQ_ERR_INVALID);
	assert_string_equal(msg, "第1题是填空题，不能有选项。");
	/* readers may not, and a street group only for its own studio and street */
	assert_int_equal(define(t, &member, good_file, msg, sizeof msg, &id), MQ_ERR_AUTH);
	assert_int_equal(define(t, &hubin, "{\"street\":\"xiaoying\",\"title\":\"x\",\"starts\":"
				"\"2026-11-19\",\"ends\":\"2026-11-20\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &id), MQ_ERR_NOT_FOUND);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM surveys"), 0);
	assert_int_equal(define(t, &hubin, good_file, msg, sizeof msg, &id), MQ_OK);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'survey.create'"), 1);
}

/* Posts one survey_response record with record id @p id and data @p data;
 * returns its result ("stored", "duplicate", "invalid"). */
static const char *answer(struct tsrv *t, const char *id, const char *data)
{
	return tsrv_record_result(t, "survey_response", id, data);
}

static json_t *state_surveys(struct tsrv *t)
{
	struct mq_http_response resp;
	json_t *j, *s;

	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	s = json_incref(json_object_get(j, "surveys"));
	json_decref(j);
	mq_http_response_finish(&resp);
	assert_non_null(s);
	return s;
}

static void test_state_pull(void **state)
{
	struct tsrv *t = *state;
	int64_t own = define_good(t), street, other;
	char msg[200];
	json_t *s, *q;

	assert_int_equal(define(t, NULL, "{\"street\":\"hubin\",\"title\":\"全街道\",\"starts\":"
				"\"2026-11-01\",\"ends\":\"2026-11-19\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &street), MQ_OK);
	assert_int_equal(define(t, NULL, "{\"studio\":\"xiaoying\",\"title\":\"别处\",\"starts\":"
				"\"2026-11-01\",\"ends\":\"2026-11-30\",\"questions\":[{\"text\":"
				"\"a\",\"kind\":\"text\"}]}", msg, sizeof msg, &other), MQ_OK);
	s = state_surveys(t);
	assert_int_equal(json_array_size(s), 2);                 /* newest first */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 0), "id")), street);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 1), "id")), own);
	q = json_object_get(json_array_get(s, 1), "questions");
	assert_int_equal(json_array_size(q), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 1), "kind")),
			    "multiple");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(json_array_get(q, 0), "options"), 2)), "很少");
	assert_int_equal(json_array_size(json_object_get(json_array_get(q, 2), "options")), 0);
	json_decref(s);
	/* the last day is included, the day after is not */
	t->now += DAY;
	s = state_surveys(t);
	assert_int_equal(json_array_size(s), 1);
	json_decref(s);
}

static void test_kiosk_records(void **state)
{
	struct tsrv *t = *state;
	int64_t id = define_good(t);
	char data[512];

	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[2]},"
		 "{\"q\":2,\"options\":[1,3]},{\"q\":3,\"text\":\"希望<b>便宜</b>一点\"}]}",
		 (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000001", data), "stored");
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000001", data), "duplicate");
	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[2]},"
		 "{\"q\":2,\"options\":[3]}]}", (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000002", data), "stored");
	/* wrong answers: two options of a single question, an option that is
	 * none, a choice question left out, a question twice, a bad shape */
	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[1,2]},"
		 "{\"q\":2,\"options\":[3]}]}", (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000003", data), "invalid");
	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[4]},"
		 "{\"q\":2,\"options\":[3]}]}", (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000004", data), "invalid");
	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[1]}]}",
		 (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000005", data), "invalid");
	snprintf(data, sizeof data, "{\"survey\":%lld,\"answers\":[{\"q\":1,\"options\":[1]},"
		 "{\"q\":1,\"options\":[1]}]}", (long long)id);
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000006", data), "invalid");
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000007",
				   "{\"survey\":1,\"answers\":[],\"x\":1}"), "invalid");
	assert_string_equal(answer(t, "22222222-2222-4222-8222-000000000008",
				   "{\"survey\":999,\"answers\":[{\"q\":1,\"options\":[1]}]}"),
			    "invalid");
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_responses"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_answers"), 6);
}

static void test_phone_results_csv_hide(void **state)
{
	struct tsrv *t = *state;
	int64_t id = define_good(t);
	struct mq_survey_response_in in = {
		.survey = id, .studio = "hubin", .channel = "phone", .voter = "browser-a",
		.answers = { { .q = 1, .options = { 1 }, .n_options = 1 },
			     { .q = 2, .options = { 1, 2 }, .n_options = 2 },
			     { .q = 3, .text = "饭菜要少油少盐, \"软\"一点" } },
		.n_answers = 3, .created_at = t->now,
	};
	struct mq_survey s;
	struct mq_survey_results r;
	struct mq_buf b;
	char msg[200], *csv;
	size_t len;
	int64_t text_id;

	assert_int_equal(mq_survey_respond(t->db, &in, t->now, msg, sizeof msg), MQ_OK);
	assert_int_equal(mq_survey_respond(t->db, &in, t->now, msg, sizeof msg), MQ_ERR_CONFLICT);
	{
		bool yes = false, no = true;

		assert_int_equal(t->db->survey_response_exists(t->db->cls, id, "browser-a", &yes),
				 MQ_OK);
		assert_int_equal(t->db->survey_response_exists(t->db->cls, id, "browser-z", &no),
				 MQ_OK);
		assert_true(yes);
		assert_false(no);
	}
	in.voter = "browser-b";
	in.answers[0].options[0] = 3;
	assert_int_equal(mq_survey_respond(t->db, &in, t->now, msg, sizeof msg), MQ_OK);
	in.voter = "browser-c";
	in.studio = "xiaoying";
	assert_int_equal(mq_survey_respond(t->db, &in, t->now, msg, sizeof msg), MQ_ERR_INVALID);
	assert_string_equal(msg, "这份问卷不在本工作室。");

	assert_int_equal(mq_survey_load(t->db, &hubin, id, &s), MQ_OK);
	assert_int_equal(mq_survey_results(t->db, &s, &r), MQ_OK);
	mq_buf_init(&b);
	mq_survey_csv(&b, &s, &r);
	csv = mq_buf_steal(&b, &len);
	assert_string_equal(csv, "question,option,count\n"
				 "您多久去一次社区食堂？,每天,1\n"
				 "您多久去一次社区食堂？,每周,0\n"
				 "您多久去一次社区食堂？,很少,1\n"
				 "希望增加哪些服务？,送餐,2\n"
				 "希望增加哪些服务？,早餐,2\n"
				 "希望增加哪些服务？,老年餐,0\n"
				 "还有什么建议？,,2\n"
				 "responses,,2\n");
	free(csv);
	mq_survey_finish(&s);

	text_id = tsrv_count(t, "SELECT min(id) FROM survey_answers WHERE text IS NOT NULL");
	assert_int_equal(mq_survey_text_hide(t->db, &member, id, text_id, true, t->now),
			 MQ_ERR_AUTH);
	assert_int_equal(mq_survey_text_hide(t->db, &hubin, id + 1, text_id, true, t->now),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_survey_text_hide(t->db, &hubin, id, text_id, true, t->now), MQ_OK);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_answers WHERE hidden = 1"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'survey.text_hide'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_shapes),
		cmocka_unit_test_setup_teardown(test_create_rules, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_state_pull, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_kiosk_records, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_phone_results_csv_hide, setup,
						tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
