/* test_server_console_deadline.c — 督查 as staff and residents see it,
 * through mq_server_dispatch(): 剩余/超期 in the inbox and the topic list
 * and their urgency order, a topic's deadlines and supervision orders,
 * issuing, signing for and answering an order, the time limits and
 * calendar page with its CSV import, the notification settings (admins
 * only, robots' keys not shown), the assessment statistics, the warning
 * for a year without a notice, the tracking page's due date (M月D日), the
 * track JSON's and the kiosk state's deadlines and calendar, and that the
 * tracking page follows a change of the rules at once, wherever made. */
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

#include "mq_calendar.h"
#include "mq_deadline.h"
#include "mq_http.h"
#include "mq_workday.h"
#include "test_deadline_util.h"
#include "test_server_console_util.h"
#include "test_server_helpers.h"

#define OP1 "f1111111-1111-4111-8111-111111111111"
#define OP2 "f2222222-2222-4222-8222-222222222222"
#define OP3 "f3333333-3333-4333-8333-333333333333"
#define TOK1 "Cd1_aaaaaaaaaaaaaaaaaa"
#define TOK2 "Cd2_bbbbbbbbbbbbbbbbbb"
#define TOK3 "Cd3_cccccccccccccccccc"

/* OP1 collected Nov 2 (分析研判 due Nov 9: overdue on Nov 19), OP2 Nov 16
 * (due Nov 23), OP3 Nov 18 (due Nov 25); the clock is Thu 2026-11-19 16:00. */
static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	dl_post_opinion(t, OP2, TOK2, "2026-11-16T02:00:00Z", NULL);
	dl_post_opinion(t, OP1, TOK1, "2026-11-02T02:00:00Z", NULL);
	dl_post_opinion(t, OP3, TOK3, "2026-11-18T02:00:00Z", NULL);
	add_console_staff(t);
	*state = t;
	return 0;
}

static char *page(struct tsrv *t, const struct sess *s, const char *path, const char *query,
		  unsigned int status)
{
	struct mq_http_response resp;
	char *html;

	get(t, s, path, query, &resp);
	assert_int_equal(resp.status, status);
	html = body_str(&resp);
	mq_http_response_finish(&resp);
	return html;
}

/* True if @p a occurs in @p html before @p b (both present). */
static bool before(const char *html, const char *a, const char *b)
{
	const char *x = strstr(html, a), *y = strstr(html, b);

	assert_non_null(x);
	assert_non_null(y);
	return x < y;
}

static void test_inbox_and_topics(void **state)
{
	struct tsrv *t = *state;
	struct sess s;
	char *html;

	login(t, "hubin", &s);
	html = page(t, &s, "/console/inbox", NULL, 200);
	assert_non_null(strstr(html, "<th scope=\"col\">办理期限</th>"));
	assert_non_null(strstr(html, "<span class=\"tag warn\">分析研判 超期8个工作日</span>"));
	assert_non_null(strstr(html, "<span class=\"tag\">分析研判 剩余4个工作日</span>"));
	assert_non_null(strstr(html, "<span class=\"tag soon\">分析研判 剩余2个工作日</span>"));
	/* the most overdue first, then the least time left */
	assert_true(before(html, OP1, OP2));
	assert_true(before(html, OP2, OP3));
	free(html);
	html = page(t, &s, "/console/inbox", "sort=time", 200);
	assert_true(before(html, OP3, OP2));
	assert_true(before(html, OP2, OP1));
	free(html);
	/* no calendar warning for a year it knows */
	html = page(t, &s, "/console/inbox", NULL, 200);
	assert_null(strstr(html, "节假日安排尚未导入"));
	free(html);
	t->now = (int64_t)1799000000;   /* 2027-01-04 */
	login(t, "hubin", &s);
	html = page(t, &s, "/console/inbox", NULL, 200);
	assert_non_null(strstr(html, "2027年的节假日安排尚未导入"));
	free(html);
}

static void test_topic_and_orders(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, hubin, xiaoying, chen;
	struct mq_http_response resp;
	char *html, *body = NULL, topic[64], order[64], path[128];
	const char *loc;

	login(t, "admin", &admin);
	login(t, "hubin", &hubin);
	login(t, "xiaoying", &xiaoying);
	login(t, "chen", &chen);
	assert_true(asprintf(&body, "csrf=%s&action=topic_new&title=%%E4%%BF%%A1%%E5%%8F%%B7",
			     hubin.csrf) > 0);
	post(t, &hubin, "/console/opinions/" OP1 "/triage", body, &resp);
	free(body);
	assert_int_equal(resp.status, 303);
	loc = mq_http_response_header(&resp, "Location");
	snprintf(topic, sizeof topic, "%.36s", loc + strlen("/console/topics/"));
	mq_http_response_finish(&resp);
	snprintf(path, sizeof path, "/console/topics/%s", topic);
	/* the topic's deadlines; an admin may issue an order, a street group not */
	html = page(t, &hubin, path, NULL, 200);
	assert_non_null(strstr(html, "<h2>办理期限</h2>"));
	assert_non_null(strstr(html, "<dt>分析研判</dt><dd>11月9日前 <span class=\"tag warn\">逾期完成</span>"));
	assert_non_null(strstr(html, "<dt>首次答复</dt><dd>11月23日前 <span class=\"tag"));
	assert_null(strstr(html, "发出督办</summary>"));
	free(html);
	html = page(t, &admin, path, NULL, 200);
	assert_non_null(strstr(html, "发出督办</summary>"));
	free(html);
	/* issuing: only admins */
	assert_true(asprintf(&body, "topic=%s&note=%%E8%%AF%%B7%%E5%%8A%%A0%%E5%%BF%%AB&due_day=2026-11-26",
			     topic) > 0);
	assert_int_equal(post_form(t, &hubin, "/console/supervision", body, NULL), 403);
	free(body);
	assert_true(asprintf(&body, "csrf=%s&topic=%s&note=%%E8%%AF%%B7%%E5%%8A%%A0%%E5%%BF%%AB"
				    "&due_day=2026-11-26", admin.csrf, topic) > 0);
	post(t, &admin, "/console/supervision", body, &resp);
	free(body);
	assert_int_equal(resp.status, 303);
	loc = mq_http_response_header(&resp, "Location");
	assert_true(strncmp(loc, "/console/supervision/", 21) == 0);
	snprintf(order, sizeof order, "%.36s", loc + 21);
	mq_http_response_finish(&resp);
	snprintf(path, sizeof path, "/console/supervision/%s", order);
	/* the street group sees it with its forms; another street does not; members have no 督办 */
	html = page(t, &hubin, path, NULL, 200);
	assert_non_null(strstr(html, "请加快"));
	assert_non_null(strstr(html, "value=\"ack\""));
	assert_non_null(strstr(html, "name=\"answer\""));
	free(html);
	free(page(t, &xiaoying, path, NULL, 404));
	free(page(t, &chen, "/console/supervision", NULL, 403));
	html = page(t, &hubin, "/console/supervision", NULL, 200);
	assert_non_null(strstr(html, "<span class=\"tag new\">待签收</span>"));
	free(html);
	assert_int_equal(post_form(t, &xiaoying, path, "action=ack", NULL), 404);
	assert_int_equal(post_form(t, &hubin, path, "action=ack", NULL), 303);
	assert_int_equal(post_form(t, &hubin, path, "action=answer&answer=", NULL), 422);
	assert_int_equal(post_form(t, &hubin, path,
				   "action=answer&answer=%E5%B7%B2%E5%8A%9E%E7%90%86", NULL), 303);
	html = page(t, &admin, "/console/supervision", NULL, 200);
	assert_non_null(strstr(html, "<span class=\"tag ok\">已答复</span>"));
	assert_non_null(strstr(html, "湖滨街道委员工作室"));
	free(html);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM notices WHERE kind IN ('order',"
				       " 'order_answer')"), 2);
}

static void test_calendar_page(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, hubin;
	char *html;

	login(t, "admin", &admin);
	login(t, "hubin", &hubin);
	html = page(t, &hubin, "/console/calendar", NULL, 200);
	assert_non_null(strstr(html, "<dt>分析研判</dt><dd>收集后5个工作日内</dd>"));
	assert_non_null(strstr(html, "<h3>2026年</h3>"));
	assert_non_null(strstr(html, "10月10日"));
	assert_null(strstr(html, "name=\"csv\""));          /* street groups read only */
	free(html);
	assert_int_equal(post_form(t, &hubin, "/console/calendar",
				   "action=limits&triage=3&answer=10&close=20&escalate=2&soon=1",
				   NULL), 403);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=limits&triage=30&answer=10&close=20&escalate=2&soon=1",
				   &html), 422);
	assert_non_null(strstr(html, "分析研判 ≤ 首次答复 ≤ 办结"));
	free(html);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=limits&triage=3&answer=10&close=20&escalate=2&soon=1",
				   NULL), 303);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=import&csv=date%2Ckind%0A2027-01-01%2Choliday%0A"
				   "2027-02-30%2Choliday%0A", &html), 422);
	assert_non_null(strstr(html, "第 3 行："));
	assert_non_null(strstr(html, "2027-02-30"));          /* the text kept for correcting */
	free(html);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=import&csv=date%2Ckind%0A2027-01-01%2Choliday%0A", &html),
			 200);
	assert_non_null(strstr(html, "已导入 1 个日期：2027年"));
	assert_non_null(strstr(html, "<h3>2027年</h3>"));
	free(html);
	html = page(t, &admin, "/console/calendar", NULL, 200);
	assert_non_null(strstr(html, "<dt>分析研判</dt><dd>收集后3个工作日内</dd>"));
	free(html);
}

static void test_webhooks_page(void **state)
{
	struct tsrv *t = *state;
	struct sess admin, hubin;
	char *html;

	login(t, "admin", &admin);
	login(t, "hubin", &hubin);
	free(page(t, &hubin, "/console/webhooks", NULL, 403));
	assert_int_equal(post_form(t, &hubin, "/console/webhooks",
				   "scope=hubin&url=https%3A%2F%2Fx.example%2Fh&format=json", NULL), 403);
	assert_int_equal(post_form(t, &admin, "/console/webhooks",
				   "scope=hubin&url=ftp%3A%2F%2Fx&format=wecom", NULL), 422);
	assert_int_equal(post_form(t, &admin, "/console/webhooks",
				   "scope=nowhere&url=https%3A%2F%2Fx.example%2Fh&format=wecom", NULL),
			 422);
	assert_int_equal(post_form(t, &admin, "/console/webhooks",
				   "scope=hubin&url=https%3A%2F%2Fqyapi.weixin.qq.com%2Fcgi-bin%2F"
				   "webhook%2Fsend%3Fkey%3Dsecret-robot-key-1234&format=wecom", NULL),
			 303);
	html = page(t, &admin, "/console/webhooks", NULL, 200);
	assert_non_null(strstr(html, "企业微信群机器人<br><span class=\"muted\">https://qyapi.weixin.qq.com/…1234"));
	assert_null(strstr(html, "secret-robot-key"));
	free(html);
	/* the audit log keeps the URL without its key */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'webhook.set'"
				       " AND after NOT LIKE '%secret%'"), 1);
	assert_int_equal(post_form(t, &admin, "/console/webhooks", "scope=hubin&url=&format=wecom",
				   NULL), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM webhooks"), 0);
}

static void test_stats(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin;
	struct mq_http_response resp;
	char *html;

	login(t, "hubin", &hubin);
	html = page(t, &hubin, "/console/stats", "period=2026-11", 200);
	assert_non_null(strstr(html, "<h2>按时办理（考核）</h2>"));
	assert_non_null(strstr(html, "<th scope=\"row\">湖滨街道</th><td class=\"num\">0%（0/1）</td>"));
	assert_non_null(strstr(html, "<option value=\"2026-11\" selected>"));
	assert_non_null(strstr(html, "/console/stats/ontime.csv?period=2026-11"));
	free(html);
	get(t, &hubin, "/console/stats/ontime.csv", "period=2026-11", &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_non_null(strstr(html, "\"街道\",\"按时研判率\",\"按时答复率\",\"按时办结率\""));
	assert_non_null(strstr(html, "\"湖滨街道\",\"0%（0/1）\",\"—\",\"—\",\"1\",\"0\""));
	free(html);
	mq_http_response_finish(&resp);
	get(t, &hubin, "/console/stats/orders.csv", "period=nope", &resp);
	assert_int_equal(resp.status, 400);
	mq_http_response_finish(&resp);
}

static void test_public_side(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	json_t *j, *cal;
	char *html;

	html = page(t, NULL, "/t/" TOK2, NULL, 200);
	assert_non_null(strstr(html, "<span class=\"due\">按规定应于11月23日前完成分析研判</span>"));
	free(html);
	tsrv_request(t, "GET", "/api/v1/track/" TOK2, NULL, NULL, 0, NULL, 0, &resp);
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "due"), "what")),
			    "triage");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "due"), "date")),
			    "2026-11-23");
	json_decref(j);
	mq_http_response_finish(&resp);
	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "deadlines"), "triage")),
			 5);
	cal = json_object_get(j, "calendar");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(cal, "years"), 0)), 2026);
	assert_int_equal(json_array_size(json_object_get(cal, "holidays")), 33);
	assert_int_equal(json_array_size(json_object_get(cal, "workdays")), 6);
	json_decref(j);
	mq_http_response_finish(&resp);
}

/* The tracking page's due date of OP2 (collected Mon Nov 16). */
static void assert_due(struct tsrv *t, const char *day)
{
	char want[128], *html = page(t, NULL, "/t/" TOK2, NULL, 200);

	snprintf(want, sizeof want, "<span class=\"due\">按规定应于%s前完成分析研判</span>", day);
	assert_non_null(strstr(html, want));
	free(html);
}

/* The tracking page keeps the rules in memory between requests: a change
 * to the limits or the calendar shows on the next page, whether made in the
 * console or by another connection to the database (another process, or
 * another server instance on the same PostgreSQL). */
static void test_track_follows_rules(void **state)
{
	static const char csv[] = "date,kind\n2026-11-17,holiday\n";
	static const struct mq_db_staff cli = { .username = "admin", .role = MQ_ROLE_ADMIN };
	const struct mq_deadline_limits_in five = { 5, 15, 30, 5, 2 };
	struct tsrv *t = *state;
	struct mq_calendar_import_result res;
	struct mq_db *other = NULL;
	struct sess admin;
	char why[256], msg[256];

	assert_due(t, "11月23日");
	assert_due(t, "11月23日");        /* from the rules kept */
	login(t, "admin", &admin);
	assert_int_equal(post_form(t, &admin, "/console/calendar",
				   "action=limits&triage=3&answer=10&close=20&escalate=2&soon=1",
				   NULL), 303);
	assert_due(t, "11月19日");
	/* another connection makes Nov 17 a holiday: 3 working days end Nov 20 */
	assert_int_equal(mq_db_open(t->url, &other, why, sizeof why), MQ_OK);
	assert_int_equal(mq_calendar_import(other, NULL, "test.csv", csv, strlen(csv), t->now,
					    NULL, NULL, &res), MQ_OK);
	assert_due(t, "11月20日");
	/* and sets 5 days again: Nov 18, 19, 20, 23, 24 */
	assert_int_equal(mq_deadline_limits_save(other, &cli, &five, t->now, msg, sizeof msg),
			 MQ_OK);
	assert_due(t, "11月24日");
	mq_db_destroy(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inbox_and_topics, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_topic_and_orders, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_calendar_page, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_webhooks_page, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_stats, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_public_side, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_track_follows_rules, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
