/* test_server_track.c — the public tracking page and JSON (/t/{token},
 * /api/v1/track/{token}) and the kiosk state (/api/v1/kiosk/state, ETag/304),
 * through mq_server_dispatch(). */
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

#include "mq_db.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_sig.h"

#include "test_server_helpers.h"

#define ID1 "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"
#define TOK1 "Tk_9-abcdefghijklmnopq"
#define PHONE "13800001234"
#define NAME "王小明"

/* A fixture with one stored opinion (with contact details) by the hubin kiosk. */
static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);
	struct mq_http_response resp;
	char *rec, *body = NULL;

	tsrv_setup(t);
	rec = tsrv_opinion(ID1, TOK1, "东坡路口<script>alert(1)</script> & \\\"红绿灯\\\"太短",
			   ",\"community\":\"dongpolu\",\"contact\":{\"name\":\"" NAME "\","
			   "\"phone\":\"" PHONE "\",\"consent\":true}");
	assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "\"stored\""));
	mq_http_response_finish(&resp);
	free(body);
	free(rec);
	*state = t;
	return 0;
}

/* NUL-terminated copy of the body for strstr. */
static char *body_str(const struct mq_http_response *resp)
{
	char *s = malloc(resp->len + 1);

	assert_non_null(s);
	memcpy(s, resp->body ? resp->body : "", resp->len);
	s[resp->len] = '\0';
	return s;
}

static void test_page_known(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char *html;

	tsrv_request(t, "GET", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/html; charset=utf-8");
	assert_string_equal(mq_http_response_header(&resp, "Referrer-Policy"), "no-referrer");
	html = body_str(&resp);
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(html, "name=\"viewport\""));
	assert_non_null(strstr(html, "<title>民情 · 进度查询</title>"));
	assert_non_null(strstr(html, "湖滨街道委员工作室"));
	assert_non_null(strstr(html, "交通出行"));
	assert_non_null(strstr(html, "东坡路社区"));
	assert_non_null(strstr(html, "12345678"));
	/* created 07:04:05Z = 15:04 in Shanghai */
	assert_non_null(strstr(html, "2026年11月19日 15:04"));
	/* the five steps, the first done (mark and word), the second in progress */
	assert_non_null(strstr(html, "收集采集"));
	assert_non_null(strstr(html, "分析研判"));
	assert_non_null(strstr(html, "调研走访"));
	assert_non_null(strstr(html, "协商办理"));
	assert_non_null(strstr(html, "督查反馈"));
	assert_non_null(strstr(html, "<li class=\"done\"><span class=\"mark\" aria-hidden=\"true\">✓"
				     "</span><span class=\"step\">1. 收集采集<span class=\"status\">"
				     "已完成</span>"));
	assert_non_null(strstr(html, "2. 分析研判<span class=\"status\">进行中</span>"));
	assert_non_null(strstr(html, "5. 督查反馈<span class=\"status\">未开始</span>"));
	/* escaped text, never the contact details */
	assert_non_null(strstr(html, "东坡路口&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
				     "&quot;红绿灯&quot;太短"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, PHONE));
	assert_null(strstr(html, NAME));
	free(html);
	mq_http_response_finish(&resp);
}

static void test_page_after_stage_change(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct mq_db_stage_event ev = { .subject_kind = "opinion", .subject = ID1,
					.stage = MQ_STAGE_RESEARCH, .at = t->now + 86400,
					.actor_role = "street",
					.public_note = "委员将于周五到现场<查看>",
					.internal_note = "内部：联系交警中队" };
	char *html;

	assert_int_equal(t->db->stage_event_insert(t->db->cls, &ev), MQ_OK);
	tsrv_request(t, "GET", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	/* a skipped step is passed without work (无需此步); the current one is
	 * in progress, with date and note */
	assert_non_null(strstr(html, "2. 分析研判<span class=\"status\">无需此步</span>"));
	assert_non_null(strstr(html, "3. 调研走访<span class=\"status\">进行中</span>"
				     "</span><span class=\"when\">2026年11月20日 16:00</span>"
				     "<span class=\"note\">委员将于周五到现场&lt;查看&gt;</span>"));
	assert_non_null(strstr(html, "4. 协商办理<span class=\"status\">未开始</span>"));
	assert_null(strstr(html, "内部"));
	free(html);
	mq_http_response_finish(&resp);
	/* history is append-only */
	assert_int_equal(tsrv_exec(t, "DELETE FROM stage_events"), MQ_ERR_CONFLICT);
	assert_int_equal(tsrv_exec(t, "UPDATE stage_events SET stage = 'feedback'"), MQ_ERR_CONFLICT);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events"), 2);
}

static void test_page_unknown(void **state)
{
	struct tsrv *t = *state;
	static const char *const paths[] = { "/t/ZZZZZZZZZZZZZZZZZZZZZZ", "/t/short",
					     "/t/%3Cscript%3E", "/t/a/b", "/t/" };

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct mq_http_response resp;
		char *html;

		tsrv_request(t, "GET", paths[i], NULL, NULL, 0, NULL, 0, &resp);
		assert_int_equal(resp.status, 404);
		assert_string_equal(resp.content_type, "text/html; charset=utf-8");
		html = body_str(&resp);
		assert_non_null(strstr(html, "<!DOCTYPE html>"));
		assert_non_null(strstr(html, "尚未同步"));
		assert_non_null(strstr(html, "联网"));
		assert_non_null(strstr(html, "稍后"));
		assert_null(strstr(html, "script"));
		free(html);
		mq_http_response_finish(&resp);
	}
}

static void test_page_method(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char *html;

	tsrv_request(t, "POST", "/t/" TOK1, NULL, NULL, 0, "x", 1, &resp);
	assert_int_equal(resp.status, 405);
	assert_string_equal(resp.content_type, "text/html; charset=utf-8");
	assert_string_equal(mq_http_response_header(&resp, "Allow"), "GET, HEAD");
	html = body_str(&resp);
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	free(html);
	mq_http_response_finish(&resp);
	/* HEAD is answered like GET (the adapter drops the body) */
	tsrv_request(t, "HEAD", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
}

static void test_seed_idempotent(void **state)
{
	struct tsrv *t = *state;
	static const char sql[] = "SELECT (SELECT count(*) FROM streets) * 100000000 +"
				  " (SELECT count(*) FROM studios) * 1000000 +"
				  " (SELECT count(*) FROM communities) * 10000 +"
				  " (SELECT count(*) FROM members) * 100 +"
				  " (SELECT count(*) FROM categories)";

	assert_int_equal(tsrv_count(t, sql), 606293009L);
	assert_int_equal(t->db->seed_demo(t->db->cls), MQ_OK);
	assert_int_equal(tsrv_count(t, sql), 606293009L);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM studios WHERE id = 'hubin'"
				       " AND name = '湖滨街道委员工作室'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM categories WHERE key = 'other'"
				       " AND name = '其他'"), 1);
	/* the opinion stored in setup is untouched */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions"), 1);
}

static void test_track_json(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	json_t *j, *tl;
	char *s;

	tsrv_request(t, "GET", "/api/v1/track/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	s = body_str(&resp);
	assert_null(strstr(s, PHONE));
	assert_null(strstr(s, NAME));
	free(s);
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(j, "token")), TOK1);
	assert_string_equal(json_string_value(json_object_get(j, "short_code")), "12345678");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "studio"), "id")),
			    "hubin");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "studio"), "name")),
			    "湖滨街道委员工作室");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "category"),
							      "key")), "traffic");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "category"),
							      "name")), "交通出行");
	assert_string_equal(json_string_value(json_object_get(j, "created_at")),
			    "2026-11-19T07:04:05Z");
	assert_string_equal(json_string_value(json_object_get(j, "stage")), "collected");
	assert_string_equal(json_string_value(json_object_get(j, "url")),
			    "https://minqing.example.cn/t/" TOK1);
	tl = json_object_get(j, "timeline");
	assert_int_equal(json_array_size(tl), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tl, 0), "stage")),
			    "collected");
	assert_string_equal(json_string_value(json_object_get(json_array_get(tl, 0), "name")),
			    "收集采集");
	assert_true(json_is_true(json_object_get(json_array_get(tl, 0), "reached")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(tl, 0), "at")),
			    "2026-11-19T07:04:05Z");
	assert_true(json_is_false(json_object_get(json_array_get(tl, 1), "reached")));
	assert_true(json_is_null(json_object_get(json_array_get(tl, 1), "at")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(tl, 4), "stage")),
			    "feedback");
	json_decref(j);
	mq_http_response_finish(&resp);

	tsrv_request(t, "GET", "/api/v1/track/ZZZZZZZZZZZZZZZZZZZZZZ", NULL, NULL, 0, NULL, 0,
		     &resp);
	assert_int_equal(resp.status, 404);
	assert_string_equal(tsrv_error_code(&resp), "not_synced");
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/api/v1/track/bad", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 404);
	assert_string_equal(tsrv_error_code(&resp), "not_synced");
	mq_http_response_finish(&resp);
}

static void test_state_etag(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char etag[80], cursor[24];
	json_t *j, *members, *cats, *stages;
	struct thdr inm[1];

	/* unsigned: refused */
	tsrv_request(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 401);
	assert_non_null(mq_http_response_header(&resp, "Date"));
	mq_http_response_finish(&resp);

	tsrv_signed(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(mq_http_response_header(&resp, "ETag"));
	snprintf(etag, sizeof etag, "%s", mq_http_response_header(&resp, "ETag"));
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "studio"), "id")),
			    "hubin");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "studio"), "name")),
			    "湖滨街道委员工作室");
	cats = json_object_get(j, "categories");
	assert_int_equal(json_array_size(cats), 9);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cats, 8), "key")),
			    "other");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cats, 8), "name")),
			    "其他");
	members = json_object_get(j, "members");
	assert_int_equal(json_array_size(members), 5);
	assert_non_null(json_string_value(json_object_get(json_array_get(members, 0), "sector")));
	assert_int_equal(json_array_size(json_object_get(j, "communities")), 5);
	assert_true(json_is_array(json_object_get(j, "shifts")));
	assert_true(json_is_array(json_object_get(j, "resolved")));
	stages = json_object_get(j, "stages");
	assert_int_equal(json_array_size(stages), 1);
	/* by record id: the state never carries a resident's token */
	assert_string_equal(json_string_value(json_object_get(json_array_get(stages, 0), "id")),
			    ID1);
	assert_null(json_object_get(json_array_get(stages, 0), "token"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(stages, 0), "stage")),
			    "collected");
	snprintf(cursor, sizeof cursor, "since=%s", json_string_value(json_object_get(j, "cursor")));
	assert_string_equal(cursor, "since=1");
	json_decref(j);
	mq_http_response_finish(&resp);

	/* same state, same ETag: 304 with an empty body */
	inm[0] = (struct thdr){ "If-None-Match", etag };
	tsrv_signed_ex(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, 0, t->now,
		       "0123456789abcdef01", inm, 1, &resp);
	assert_int_equal(resp.status, 304);
	assert_int_equal(resp.len, 0);
	assert_string_equal(mq_http_response_header(&resp, "ETag"), etag);
	mq_http_response_finish(&resp);

	/* a stage change: a new ETag, and the change after the cursor */
	{
		struct mq_db_stage_event ev = { .subject_kind = "opinion", .subject = ID1,
						.stage = MQ_STAGE_TRIAGED, .at = t->now,
						.actor_role = "street" };
		assert_int_equal(t->db->stage_event_insert(t->db->cls, &ev), MQ_OK);
	}
	tsrv_signed_ex(t, "GET", "/api/v1/kiosk/state", cursor, NULL, 0, t->now,
		       "0123456789abcdef02", inm, 1, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_not_equal(mq_http_response_header(&resp, "ETag"), etag);
	j = tsrv_json(&resp);
	stages = json_object_get(j, "stages");
	assert_int_equal(json_array_size(stages), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(stages, 0), "stage")),
			    "triaged");
	assert_string_equal(json_string_value(json_object_get(j, "cursor")), "2");
	json_decref(j);
	mq_http_response_finish(&resp);

	/* a malformed cursor */
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", "since=abc", NULL, 0, &resp);
	assert_int_equal(resp.status, 400);
	assert_string_equal(tsrv_error_code(&resp), "invalid_cursor");
	mq_http_response_finish(&resp);

	/* a query the signature did not cover */
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, 0, &resp);
	mq_http_response_finish(&resp);
	{
		struct mq_sig_headers sh;
		assert_true(mq_sig_sign(t->key, t->device_id, "GET", "/api/v1/kiosk/state", "since=0",
					NULL, 0, t->now, "0123456789abcdef03", &sh));
		struct thdr h[] = { { "Content-Digest", sh.content_digest },
				    { "Signature-Input", sh.signature_input },
				    { "Signature", sh.signature } };
		tsrv_request(t, "GET", "/api/v1/kiosk/state", "since=5", h, 3, NULL, 0, &resp);
		assert_int_equal(resp.status, 401);
		assert_string_equal(tsrv_error_code(&resp), "bad_signature");
		mq_http_response_finish(&resp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page_known, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_page_after_stage_change, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_page_unknown, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_page_method, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_seed_idempotent, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_track_json, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_state_etag, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
