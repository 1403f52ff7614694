/* test_server_console.c — the staff console and the public side
 * through mq_server_dispatch(): sign-in, CSRF, rate limiting, the five steps
 * (triage → topic → consultation → feedback → rating), scoping by street on
 * every console URL, escaping, SQL-looking input stored literally, personal
 * data on no public URL, Open311, heartbeats, /metrics and CSV export. */
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

#define OP1 "a1111111-1111-4111-8111-111111111111"
#define OP2 "a2222222-2222-4222-8222-222222222222"
#define OP3 "a3333333-3333-4333-8333-333333333333"
#define XY1 "b1111111-1111-4111-8111-111111111111"
#define TOK1 "Tok1_aaaaaaaaaaaaaaaaa"
#define TOK2 "Tok2_bbbbbbbbbbbbbbbbb"
#define TOK3 "Tok3_ccccccccccccccccc"
#define TOKX "TokX_xxxxxxxxxxxxxxxxx"
#define PHONE1 "13912345678"
#define NAME1 "赵秀梅"
#define PHONE2 "13698765432"
#define NAME2 "钱建华"
#define XSS "<script>alert(1)</script><img src=x onerror=alert(2)>"
#define SQLISH "'); DROP TABLE opinions; --"

static void post_opinion(struct tsrv *t, const char *id, const char *token, const char *text,
			 const char *extra)
{
	struct mq_http_response resp;
	char *rec = tsrv_opinion(id, token, text, extra), *body = NULL;

	assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "\"stored\""));
	mq_http_response_finish(&resp);
	free(body);
	free(rec);
}

/* The district: two hubin opinions with contact details, one with XSS and
 * SQL-looking text, one xiaoying opinion; accounts for each role. */
static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	post_opinion(t, OP1, TOK1, "东坡路口红绿灯太短，老人过马路来不及",
		     ",\"community\":\"dongpolu\",\"contact\":{\"name\":\"" NAME1 "\",\"phone\":\""
		     PHONE1 "\",\"consent\":true}");
	post_opinion(t, OP2, TOK2, "岳王路口信号灯时间太短",
		     ",\"community\":\"yuewanglu\",\"member\":\"hubin-02\",\"contact\":{\"name\":\""
		     NAME2 "\",\"phone\":\"" PHONE2 "\",\"consent\":true}");
	post_opinion(t, OP3, TOK3, XSS " " SQLISH, "");
	tsrv_enroll(t, "xiaoying");
	post_opinion(t, XY1, TOKX, "小营巷垃圾桶太少", ",\"community\":\"xiaoyingxiang\"");
	add_console_staff(t);
	*state = t;
	return 0;
}

/* Makes a topic of OP1 (+ OP2) as hubin; returns its id (static buffer). */
static const char *make_topic(struct tsrv *t, const struct sess *s)
{
	static char id[MQ_UUID_LEN + 1];
	struct mq_http_response resp;
	char *body = NULL;
	const char *loc;

	assert_true(asprintf(&body, "csrf=%s&action=topic_new&title=%%E4%%BF%%A1%%E5%%8F%%B7%%E7%%81%%AF"
				    "%%E9%%85%%8D%%E6%%97%%B6&also=" OP2 "&public_note=%%E5%%B7%%B2"
				    "%%E7%%AB%%8B%%E9%%A1%%B9&internal_note=secret+plan", s->csrf) > 0);
	post(t, s, "/console/opinions/" OP1 "/triage", body, &resp);
	free(body);
	assert_int_equal(resp.status, 303);
	loc = mq_http_response_header(&resp, "Location");
	assert_non_null(loc);
	assert_true(strncmp(loc, "/console/topics/", 16) == 0);
	snprintf(id, sizeof id, "%.36s", loc + 16);
	mq_http_response_finish(&resp);
	return id;
}

static void test_login(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;

	/* no session: GET goes to the login page, POST is refused */
	get(t, NULL, "/console/inbox", NULL, &resp);
	assert_int_equal(resp.status, 303);
	assert_string_equal(mq_http_response_header(&resp, "Location"), "/console/login");
	mq_http_response_finish(&resp);
	post(t, NULL, "/console/opinions/" OP1 "/triage", "action=reject", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);

	/* the login form's own CSRF check */
	post(t, NULL, "/console/login", "username=hubin&password=" "correct+horse+battery", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);

	/* three wrong passwords are free; each further one doubles the wait of
	 * that name from that address, the right password included */
	t->client = "203.0.113.5";
	for (int i = 0; i < 4; i++)
		assert_int_equal(try_login(t, "hubin", "wrong password", NULL), 401);
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", NULL), 429);
	t->now += 2;                                   /* the first wait: 2 s */
	assert_int_equal(try_login(t, "hubin", "wrong password", NULL), 401);
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", NULL), 429);
	t->now += 3;
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", NULL), 429);
	t->now += 1;                                   /* the second: 4 s */
	assert_int_equal(try_login(t, "hubin", "wrong password", NULL), 401);
	t->now += 7;
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", NULL), 429);
	/* the right password from another address is never slowed by them */
	t->client = "198.51.100.20";
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", &s), 303);
	assert_int_equal(try_login(t, "nobody", "whatever", NULL), 401);
	/* another name is not affected; the wait passes and the count is forgotten */
	t->client = "203.0.113.5";
	login(t, "xiaoying", &s);
	t->now += 8;
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", &s), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM throttle WHERE subject = 'hubin'"), 0);
	t->client = NULL;

	/* logging out ends the session */
	assert_int_equal(post_form(t, &s, "/console/logout", "x=1", NULL), 303);
	get(t, &s, "/console/inbox", NULL, &resp);
	assert_int_equal(resp.status, 303);
	mq_http_response_finish(&resp);
}

/* One address trying one password on many names is slowed too; an IPv6
 * client counts as its /64; old counts are purged. */
static void test_login_per_address(void **state)
{
	struct tsrv *t = *state;
	char name[32];
	struct sess s;

	t->client = "2001:db8:1:2::9";
	for (int i = 0; i <= mq_account_address_throttle.free; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(try_login(t, name, "123456", NULL), 401);
	}
	/* from that /64 even a right password waits */
	t->client = "2001:db8:1:2:ffff::1";
	assert_int_equal(try_login(t, "hubin", "correct+horse+battery", NULL), 429);
	/* another address is not affected */
	t->client = "2001:db8:1:3::9";
	login(t, "hubin", &s);
	/* a day later the rows are gone with the next failure */
	t->now += mq_account_address_throttle.forget_s + 1;
	assert_int_equal(try_login(t, "nobody", "x", NULL), 401);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM throttle WHERE address ="
				       " '2001:db8:1:2::/64'"), 0);
	t->client = NULL;
}

static void test_csrf(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;
	long events = tsrv_count(t, "SELECT count(*) FROM stage_events");
	long audits;

	login(t, "hubin", &s);
	audits = tsrv_count(t, "SELECT count(*) FROM audit_log");
	post(t, &s, "/console/opinions/" OP1 "/triage", "action=reject&public_note=x", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &s, "/console/opinions/" OP1 "/triage", "csrf=0000&action=reject&public_note=x",
	     &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &s, "/console/kiosks", "action=enroll_code", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	post(t, &s, "/console/logout", "", &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events"), events);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM enroll_codes"), 2);
}

static void test_five_steps(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;
	char path[96], *html;
	const char *topic;

	login(t, "hubin", &s);
	get(t, &s, "/console/inbox", NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "东坡路口红绿灯太短"));
	assert_null(strstr(html, "小营巷垃圾桶"));
	assert_non_null(strstr(html, "待研判"));
	free(html);
	mq_http_response_finish(&resp);

	/* 分析研判: one topic from two opinions */
	topic = make_topic(t, &s);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE topic IS NOT NULL"
				       " AND disposition = 'topic' AND stage = 'research'"), 2);
	/* a second triage of the same opinion is refused */
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP1 "/triage",
				   "action=reject&public_note=no", NULL), 422);

	/* 调研走访 → 协商办理 → 督查反馈 */
	snprintf(path, sizeof path, "/console/topics/%s", topic);
	assert_int_equal(post_form(t, &s, path, "action=research&visits_planned=3&visits_done=2"
				   "&members=hubin-01&members=hubin-02&public_note=%E5%A7%94%E5%91%98"
				   "%E5%B7%B2%E8%B5%B0%E8%AE%BF", NULL), 303);
	assert_int_equal(post_form(t, &s, path, "action=consult&consult_form=nonsense", NULL), 422);
	assert_int_equal(post_form(t, &s, path, "action=close", NULL), 422);   /* nothing published */
	assert_int_equal(post_form(t, &s, path, "action=consult&consult_form=mediation"
				   "&consult_date=2026-11-25&participants=%E4%BA%A4%E8%AD%A6",
				   NULL), 303);
	assert_int_equal(post_form(t, &s, path, "action=feedback&result=%E5%B7%B2%E5%BB%B6%E9%95%BF"
				   "%E7%BB%BF%E7%81%AF%E6%97%B6%E9%97%B4&followup_due=2026-12-31",
				   NULL), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE stage = 'feedback'"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM topic_members"), 2);
	get(t, &s, path, NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "调解式"));
	assert_non_null(strstr(html, "已延长绿灯时间"));
	assert_non_null(strstr(html, "secret plan"));
	free(html);
	mq_http_response_finish(&resp);

	/* the resident's page follows the topic: result, rating form, no internal note */
	tsrv_request(t, "GET", "/t/" TOK2, NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_non_null(strstr(html, "信号灯配时"));
	assert_non_null(strstr(html, "已延长绿灯时间"));
	assert_non_null(strstr(html, "委员已走访"));
	assert_non_null(strstr(html, "name=\"stars\""));
	assert_null(strstr(html, "secret plan"));
	free(html);
	mq_http_response_finish(&resp);

	/* rating: once */
	post(t, NULL, "/t/" TOK2 "/rating", "stars=5&comment=%E8%B0%A2%E8%B0%A2", &resp);
	assert_int_equal(resp.status, 303);
	assert_string_equal(mq_http_response_header(&resp, "Location"), "/t/" TOK2 "?rated=1");
	mq_http_response_finish(&resp);
	post(t, NULL, "/t/" TOK2 "/rating", "stars=1", &resp);
	assert_int_equal(resp.status, 409);
	mq_http_response_finish(&resp);
	post(t, NULL, "/t/" TOK1 "/rating", "stars=9", &resp);
	assert_int_equal(resp.status, 422);
	mq_http_response_finish(&resp);
	post(t, NULL, "/t/" TOK3 "/rating", "stars=4", &resp);   /* nothing published for it */
	assert_int_equal(resp.status, 409);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM ratings WHERE stars = 5"), 1);

	/* the JSON view says the same: topic, published result, the rating */
	{
		json_t *j;

		tsrv_request(t, "GET", "/api/v1/track/" TOK2, NULL, NULL, 0, NULL, 0, &resp);
		assert_int_equal(resp.status, 200);
		j = tsrv_json(&resp);
		assert_string_equal(json_string_value(json_object_get(
					    json_object_get(j, "topic"), "stage")), "feedback");
		assert_non_null(strstr(json_string_value(json_object_get(
					       json_object_get(j, "topic"), "title")), "信号灯配时"));
		assert_string_equal(json_string_value(json_object_get(
					    json_object_get(j, "outcome"), "result")), "已延长绿灯时间");
		assert_int_equal(json_integer_value(json_object_get(j, "rating")), 5);
		html = body_str(&resp);
		assert_null(strstr(html, "secret plan"));
		free(html);
		json_decref(j);
		mq_http_response_finish(&resp);
	}

	/* closing; the public board and the kiosks' state carry the result */
	assert_int_equal(post_form(t, &s, path, "action=close", NULL), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM topics WHERE stage = 'closed'"
				       " AND created_by <> 'seed-demo'"), 1);
	tsrv_request(t, "GET", "/board/hubin", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_non_null(strstr(html, "信号灯配时"));
	assert_non_null(strstr(html, "已办结"));
	free(html);
	mq_http_response_finish(&resp);
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	{
		json_t *j = tsrv_json(&resp);
		char *board = json_dumps(json_object_get(j, "resolved"), 0);

		/* the enrolled kiosk is xiaoying's: hubin's board is not its own
		 * (its own has the demo's resolved topic of 小营) */
		assert_non_null(board);
		assert_null(strstr(board, "信号灯配时"));
		assert_non_null(strstr(board, "大学路"));
		free(board);
		json_decref(j);
	}
	mq_http_response_finish(&resp);
	tsrv_enroll(t, "hubin");
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	{
		json_t *j = tsrv_json(&resp), *r = json_array_get(json_object_get(j, "resolved"), 0);
		assert_string_equal(json_string_value(json_object_get(r, "title")), "信号灯配时");
		assert_string_equal(json_string_value(json_object_get(r, "result")), "已延长绿灯时间");
		assert_int_equal(json_integer_value(json_object_get(r, "opinions")), 2);
		json_decref(j);
	}
	mq_http_response_finish(&resp);

	/* every change is audited */
	assert_true(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE actor = 'hubin'") >= 7);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'topic.feedback'"
				       " AND before IS NOT NULL AND after LIKE '%已延长绿灯时间%'"), 1);
}

static void test_direct_decisions(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct sess s;
	char *html;

	login(t, "hubin", &s);
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP1 "/triage",
				   "action=answer&public_note=%E5%B7%B2%E7%AD%94%E5%A4%8D", NULL), 303);
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP2 "/triage",
				   "action=refer&department=%E5%8C%BA%E4%BA%A4%E8%AD%A6%E5%A4%A7%E9%98%9F",
				   NULL), 303);
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP3 "/triage",
				   "action=reject", NULL), 422);   /* a reason is required */
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP3 "/triage",
				   "action=duplicate&duplicate_of=" OP1, NULL), 303);
	tsrv_request(t, "GET", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "已答复"));
	assert_non_null(strstr(html, "无需此步"));   /* research and consult skipped */
	assert_non_null(strstr(html, "name=\"stars\""));
	free(html);
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/t/" TOK2, NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "区交警大队"));
	assert_null(strstr(html, "name=\"stars\""));
	free(html);
	mq_http_response_finish(&resp);
	/* a member account only reads */
	login(t, "chen", &s);
	get(t, &s, "/console/opinions/" OP2, NULL, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_null(strstr(html, PHONE2));   /* contact details: street and admin only */
	free(html);
	mq_http_response_finish(&resp);
	get(t, &s, "/console/opinions/" OP1, NULL, &resp);   /* not addressed to chen */
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	get(t, &s, "/console/kiosks", NULL, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
}

/* A street account reads nothing of another street, on every console URL. */
static void test_street_isolation(void **state)
{
	struct tsrv *t = *state;
	static const char *const lists[] = { "/console/inbox", "/console/topics", "/console/members",
					     "/console/kiosks", "/console/stats", "/console/audit",
					     "/console/stats/street.csv", "/console/stats/members.csv" };
	struct mq_http_response resp;
	struct sess hub, xy;
	char path[128], *html;
	const char *topic;
	long events;

	login(t, "hubin", &hub);
	topic = make_topic(t, &hub);
	login(t, "xiaoying", &xy);
	events = tsrv_count(t, "SELECT count(*) FROM stage_events");
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		get(t, &xy, lists[i], NULL, &resp);
		assert_int_equal(resp.status, 200);
		html = body_str(&resp);
		assert_null(strstr(html, "东坡路口"));
		assert_null(strstr(html, "信号灯配时"));
		assert_null(strstr(html, "王建国"));      /* a hubin member */
		assert_null(strstr(html, "湖滨"));
		free(html);
		mq_http_response_finish(&resp);
	}
	get(t, &xy, "/console/inbox", "street=hubin", &resp);   /* a filter cannot widen */
	html = body_str(&resp);
	assert_null(strstr(html, "东坡路口"));
	assert_non_null(strstr(html, "小营巷垃圾桶"));
	free(html);
	mq_http_response_finish(&resp);
	get(t, &xy, "/console/opinions/" OP1, NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	snprintf(path, sizeof path, "/console/topics/%s", topic);
	get(t, &xy, path, NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	get(t, &xy, "/console/members/hubin-01", NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	assert_int_equal(post_form(t, &xy, "/console/opinions/" OP3 "/triage",
				   "action=reject&public_note=x", NULL), 404);
	assert_int_equal(post_form(t, &xy, path, "action=feedback&result=x", NULL), 404);
	assert_int_equal(post_form(t, &xy, "/console/members/hubin-01", "sector=x&reset_pin=1", NULL),
			 404);
	/* nor can it pull a hubin opinion into its own topic */
	assert_int_equal(post_form(t, &xy, "/console/opinions/" XY1 "/triage",
				   "action=topic_new&title=x&also=" OP3, NULL), 422);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events"), events);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM members WHERE sector = 'x'"), 0);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'member.update'"),
			 0);
	/* the admin sees both */
	login(t, "admin", &hub);
	get(t, &hub, "/console/inbox", NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "东坡路口"));
	assert_non_null(strstr(html, "小营巷垃圾桶"));
	free(html);
	mq_http_response_finish(&resp);
}

static void test_escaping_and_literal_sql(void **state)
{
	struct tsrv *t = *state;
	static const char *const pages[] = { "/console/inbox", "/console/opinions/" OP3 };
	struct mq_http_response resp;
	struct sess s;
	char *html;

	login(t, "hubin", &s);
	for (size_t i = 0; i < 2; i++) {
		get(t, &s, pages[i], NULL, &resp);
		html = body_str(&resp);
		assert_null(strstr(html, "<script>alert"));
		assert_null(strstr(html, "<img src=x"));
		assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
		free(html);
		mq_http_response_finish(&resp);
	}
	tsrv_request(t, "GET", "/t/" TOK3, NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	assert_null(strstr(html, "<script>alert"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(2)&gt;"));
	free(html);
	mq_http_response_finish(&resp);
	/* SQL-looking staff input is stored and shown literally */
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP3 "/triage",
				   "action=reject&public_note=%27%29%3B+DROP+TABLE+opinions%3B+--+%3Cb%3E",
				   NULL), 303);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM stage_events WHERE public_note = ?1",
				    "'); DROP TABLE opinions; -- <b>"), 1);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM opinions WHERE text LIKE '%' || ?1",
				    SQLISH), 1);
	tsrv_request(t, "GET", "/t/" TOK3, NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "&#39;); DROP TABLE opinions; -- &lt;b&gt;"));
	free(html);
	mq_http_response_finish(&resp);
}

static void check_no_pii(struct tsrv *t, const char *path, const char *query)
{
	struct mq_http_response resp;
	char *body;

	tsrv_request(t, "GET", path, query, NULL, 0, NULL, 0, &resp);
	body = body_str(&resp);
	if (strstr(body, PHONE1) || strstr(body, PHONE2) || strstr(body, NAME1) ||
	    strstr(body, NAME2))
		fail_msg("personal data on public URL %s (status %u)", path, resp.status);
	assert_true(resp.status < 500);
	free(body);
	mq_http_response_finish(&resp);
}

/* Every public URL of a seeded district with contact details: no names, no phones. */
static void test_public_no_pii(void **state)
{
	struct tsrv *t = *state;
	static const char *const paths[] = {
		"/t/" TOK1, "/t/" TOK2, "/t/" TOK3, "/api/v1/track/" TOK1, "/api/v1/track/" TOK2,
		"/board/hubin", "/board/xiaoying", "/open311/v2/services.json",
		"/open311/v2/services.xml", "/open311/v2/requests.json", "/open311/v2/requests.xml",
		"/open311/v2/requests/" OP1 ".json", "/open311/v2/requests/" OP2 ".xml",
		"/open311/v2/tokens/" TOK1 ".json", "/metrics", "/healthz", "/console/login",
		"/t/" TOK1 "/rating",
	};
	struct sess s;

	login(t, "hubin", &s);
	make_topic(t, &s);
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		check_no_pii(t, paths[i], NULL);
	check_no_pii(t, "/open311/v2/requests.json", "status=open&service_code=traffic");
	check_no_pii(t, "/t/" TOK1, "size=large");
}

/* metadata: true — every category's service definition: the privacy note
 * (no field) and the community to choose, with the district's communities. */
static void open311_definition(struct tsrv *t)
{
	struct mq_http_response resp;
	json_t *j, *a, *values;
	char *xml;
	bool seen = false;
	size_t i;
	json_t *v;

	tsrv_request(t, "GET", "/open311/v2/services/traffic.json", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(j, "service_code")), "traffic");
	a = json_object_get(j, "attributes");
	assert_int_equal(json_array_size(a), 2);
	assert_true(json_is_false(json_object_get(json_array_get(a, 0), "variable")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "code")),
			    "community");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "datatype")),
			    "singlevaluelist");
	values = json_object_get(json_array_get(a, 1), "values");
	json_array_foreach(values, i, v)
		if (strcmp(json_string_value(json_object_get(v, "key")), "dongpolu") == 0) {
			assert_string_equal(json_string_value(json_object_get(v, "name")),
					    "湖滨街道委员工作室 · 东坡路社区");
			seen = true;
		}
	assert_true(seen);
	json_decref(j);
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/open311/v2/services/traffic.xml", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	xml = body_str(&resp);
	assert_non_null(strstr(xml, "<service_definition>\n<service_code>traffic</service_code>"
				    "<attributes><attribute><variable>false</variable>"));
	assert_non_null(strstr(xml, "<values><value><key>"));
	free(xml);
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/open311/v2/services/nosuch.json", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
}

static void test_open311(void **state)
{
	struct tsrv *t = *state;
	static const char *const fields[] = { "service_request_id", "status", "status_notes",
					      "service_name", "service_code", "description",
					      "agency_responsible", "requested_datetime",
					      "updated_datetime", "address", "lat", "long",
					      "media_url" };
	struct mq_http_response resp;
	struct sess s;
	char *html, *body = NULL, key[64];
	const char *p;
	json_t *j, *r;

	tsrv_request(t, "GET", "/open311/v2/services.json", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_true(json_array_size(j) >= 9);
	r = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(r, "service_code")), "traffic");
	assert_string_equal(json_string_value(json_object_get(r, "service_name")), "交通出行");
	assert_true(json_is_true(json_object_get(r, "metadata")));
	assert_string_equal(json_string_value(json_object_get(r, "type")), "realtime");
	json_decref(j);
	mq_http_response_finish(&resp);
	open311_definition(t);

	tsrv_request(t, "GET", "/open311/v2/requests.json", "service_code=traffic", NULL, 0, NULL, 0,
		     &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_int_equal(json_array_size(j), 4);
	r = json_array_get(j, 0);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!json_object_get(r, fields[i]))
			fail_msg("service request lacks %s", fields[i]);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "open");
	assert_non_null(strstr(json_string_value(json_object_get(r, "requested_datetime")), "+08:00"));
	json_decref(j);
	mq_http_response_finish(&resp);

	tsrv_request(t, "GET", "/open311/v2/requests/" OP1 ".xml", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_true(strncmp(html, "<?xml", 5) == 0);
	assert_non_null(strstr(html, "<service_request_id>" OP1 "</service_request_id>"));
	free(html);
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/open311/v2/tokens/" TOK1 ".json", NULL, NULL, 0, NULL, 0, &resp);
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0),
							      "service_request_id")), OP1);
	json_decref(j);
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/open311/v2/requests/" XY1 "0.json", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);

	/* closed after an answer */
	login(t, "hubin", &s);
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP1 "/triage",
				   "action=answer&public_note=ok", NULL), 303);
	tsrv_request(t, "GET", "/open311/v2/requests.json", "status=closed", NULL, 0, NULL, 0, &resp);
	j = tsrv_json(&resp);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	mq_http_response_finish(&resp);

	/* POST needs a key made by an admin */
	post(t, NULL, "/open311/v2/requests.json", "api_key=nope&service_code=traffic&description=x",
	     &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	login(t, "admin", &s);
	assert_int_equal(post_form(t, &s, "/console/kiosks", "action=open311_key&studio=hubin"
				   "&label=dashboard", &html), 200);
	p = strstr(html, "<code>");
	assert_non_null(p);
	snprintf(key, sizeof key, "%.*s", (int)strcspn(p + 6, "<"), p + 6);
	free(html);
	assert_true(asprintf(&body, "api_key=%s&service_code=environment&description=%%E8%%B7%%AF"
				    "%%E7%%81%%AF%%E5%%9D%%8F%%E4%%BA%%86&first_name=" NAME1
				    "&phone=" PHONE1, key) > 0);
	post(t, NULL, "/open311/v2/requests.json", body, &resp);
	free(body);
	assert_int_equal(resp.status, 201);
	j = tsrv_json(&resp);
	assert_true(mq_id_is_uuid(json_string_value(json_object_get(json_array_get(j, 0),
								    "service_request_id"))));
	json_decref(j);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'web'"
				       " AND studio = 'hubin' AND contact_phone IS NULL"), 1);
	/* the definition's attribute: a community of the key's street, or refused */
	assert_true(asprintf(&body, "api_key=%s&service_code=traffic&description=x"
				    "&attribute%%5Bcommunity%%5D=xiaoyingxiang", key) > 0);
	post(t, NULL, "/open311/v2/requests.json", body, &resp);
	free(body);
	assert_int_equal(resp.status, 400);
	mq_http_response_finish(&resp);
	assert_true(asprintf(&body, "api_key=%s&service_code=traffic&description=x"
				    "&attribute%%5Bcommunity%%5D=dongpolu", key) > 0);
	post(t, NULL, "/open311/v2/requests.json", body, &resp);
	free(body);
	assert_int_equal(resp.status, 201);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'web'"
				       " AND community = 'dongpolu'"), 1);
	/* Open311 devices are not kiosks: they are listed as keys, below the kiosks */
	get(t, &s, "/console/kiosks", NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "<h2>Open311 接入密钥</h2>"));
	assert_true(strstr(html, "open311-") > strstr(html, "<h2>Open311 接入密钥</h2>"));
	free(html);
	mq_http_response_finish(&resp);
}

static void test_heartbeat_metrics_csv(void **state)
{
	struct tsrv *t = *state;
	static const char hb[] = "{\"version\":\"0.1.0\",\"uptime_s\":3600,\"queue_depth\":3,"
				 "\"oldest_queued_age_s\":125,\"disk_free_bytes\":5000000000,"
				 "\"last_error\":null}";
	struct mq_http_response resp;
	struct sess s;
	char *text, line[200];

	tsrv_signed(t, "POST", "/api/v1/heartbeat", NULL, hb, strlen(hb), &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	tsrv_signed(t, "POST", "/api/v1/heartbeat", NULL, "{\"version\":1}", 13, &resp);
	assert_int_equal(resp.status, 400);
	mq_http_response_finish(&resp);
	tsrv_request(t, "POST", "/api/v1/heartbeat", NULL, NULL, 0, hb, strlen(hb), &resp);
	assert_int_equal(resp.status, 401);   /* unsigned */
	mq_http_response_finish(&resp);

	login(t, "xiaoying", &s);
	get(t, &s, "/console/kiosks", NULL, &resp);
	text = body_str(&resp);
	assert_non_null(strstr(text, "0.1.0"));
	assert_non_null(strstr(text, "正常"));
	free(text);
	mq_http_response_finish(&resp);
	/* an hour later it is stale */
	t->now += 3600;
	login(t, "xiaoying", &s);
	get(t, &s, "/console/kiosks", NULL, &resp);
	text = body_str(&resp);
	assert_non_null(strstr(text, "离线"));
	free(text);
	mq_http_response_finish(&resp);

	/* /metrics lists devices and traffic: it answers loopback only */
	t->client = "198.51.100.7";
	tsrv_request(t, "GET", "/metrics", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	t->client = "127.0.0.1";
	{
		struct thdr proxied[] = { { "X-Forwarded-For", "198.51.100.7" } };

		tsrv_request(t, "GET", "/metrics", NULL, proxied, 1, NULL, 0, &resp);
		assert_int_equal(resp.status, 403);   /* a proxy on loopback passed it on */
		mq_http_response_finish(&resp);
	}
	tsrv_request(t, "GET", "/metrics", NULL, NULL, 0, NULL, 0, &resp);
	t->client = NULL;
	assert_int_equal(resp.status, 200);
	text = body_str(&resp);
	assert_non_null(strstr(text, "minqing_http_requests_total{route=\"/api/v1/heartbeat\",status=\"200\"}"));
	assert_non_null(strstr(text, "minqing_http_request_duration_seconds_bucket{route=\"/console/kiosks\",le=\"+Inf\"}"));
	assert_non_null(strstr(text, "minqing_records_stored{kind=\"opinion\"} 4"));
	snprintf(line, sizeof line, "minqing_kiosk_queue_depth{device=\"%s\",studio=\"xiaoying\"} 3\n",
		 t->device_id);
	assert_non_null(strstr(text, line));
	free(text);
	mq_http_response_finish(&resp);

	get(t, &s, "/console/stats/category.csv", NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/csv; charset=utf-8");
	text = body_str(&resp);
	assert_memory_equal(text, "\xEF\xBB\xBF\"类别\",\"意见数\"\r\n", 25);
	assert_non_null(strstr(text, "\"交通出行\",\"1\"\r\n"));
	assert_null(strstr(text, "\"交通出行\",\"3\""));   /* hubin's are not counted */
	free(text);
	mq_http_response_finish(&resp);
	get(t, &s, "/console/stats", NULL, &resp);
	text = body_str(&resp);
	assert_non_null(strstr(text, "<svg role=\"img\""));
	free(text);
	mq_http_response_finish(&resp);
	get(t, &s, "/console/stats/nothing.csv", NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
}

/* Kind `rating` from a kiosk: only after feedback, once. */
static void test_rating_record(void **state)
{
	struct tsrv *t = *state;
	static const char rec[] =
		"{\"records\":[{\"id\":\"c1111111-1111-4111-8111-11111111111%d\",\"kind\":\"rating\","
		"\"created_at\":\"2026-11-19T07:30:00Z\",\"data\":{\"opinion\":\"" XY1 "\","
		"\"stars\":%d}}]}";
	struct mq_http_response resp;
	struct sess s;
	char body[400];

	snprintf(body, sizeof body, rec, 1, 4);
	tsrv_post_records(t, body, &resp);
	assert_non_null(strstr(resp.body, "no result is published"));
	mq_http_response_finish(&resp);
	login(t, "xiaoying", &s);
	assert_int_equal(post_form(t, &s, "/console/opinions/" XY1 "/triage",
				   "action=answer&public_note=%E5%B7%B2%E5%8A%A0%E8%AE%BE", NULL), 303);
	snprintf(body, sizeof body, rec, 2, 4);
	tsrv_post_records(t, body, &resp);
	assert_non_null(strstr(resp.body, "\"stored\""));
	mq_http_response_finish(&resp);
	snprintf(body, sizeof body, rec, 3, 2);
	tsrv_post_records(t, body, &resp);
	assert_non_null(strstr(resp.body, "rated already"));
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM ratings WHERE channel = 'kiosk'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_login_per_address, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_csrf, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_five_steps, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_direct_decisions, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_street_isolation, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_escaping_and_literal_sql, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_public_no_pii, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_open311, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_heartbeat_metrics_csv, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_rating_record, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
