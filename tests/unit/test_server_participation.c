/* test_server_participation.c — the console's side of participation, through
 * mq_server_dispatch() on both backends: 候选议题 published from the console
 * and from an opinion of the inbox, ranked after closing, the top one
 * promoted into a topic (its public page shows the topic's title only once
 * published); 征集: a member volunteers, the street group chooses them, and
 * the members' statistics and the attendance report count it; 民情联络员:
 * a liaison officer's filing reaches the inbox with channel 联络员走访, the
 * officer sees only their own filings and nothing else of the console. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_attendance.h"
#include "mq_buf.h"
#include "mq_db.h"
#include "mq_server.h"

#include "test_server_console_util.h"

#define DAY 86400
#define OP1 "00000000-0000-4000-8000-0000000000c1"
#define TOK1 "participationTok1xxxxx"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	tsrv_clear_participation(t);
	add_console_staff(t);
	add_staff(t, "li", "liaison", "hubin", NULL);
	add_staff(t, "li2", "liaison", "hubin", NULL);
	*state = t;
	return 0;
}

/* @p s percent-encoded for a form body (malloc'd). */
static char *enc(const char *s)
{
	char *out = malloc(3 * strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

/* POST @p fields to @p path as @p s: the status; the Location into @p loc. */
static unsigned int post_loc(struct tsrv *t, const struct sess *s, const char *path,
			     const char *fields, char *loc, size_t size)
{
	struct mq_http_response resp;
	char *body = NULL;
	unsigned int status;
	const char *l;

	assert_true(asprintf(&body, "csrf=%s&%s", s->csrf, fields) > 0);
	post(t, s, path, body, &resp);
	status = resp.status;
	l = mq_http_response_header(&resp, "Location");
	snprintf(loc, size, "%s", l ? l : "");
	mq_http_response_finish(&resp);
	free(body);
	return status;
}

/* Publishes candidate @p title of hubin closing @p closes as the street
 * group @p s (from opinion @p opinion unless NULL); its id. */
static long publish(struct tsrv *t, const struct sess *s, const char *title, const char *closes,
		    const char *opinion)
{
	char *fields = NULL, *et = enc(title);
	long id;

	char *html;

	assert_true(asprintf(&fields, "action=create&title=%s&description=%s&closes=%s&opinion=%s",
			     et, et, closes, opinion ? opinion : "") > 0);
	if (post_form(t, s, "/console/candidates", fields, &html) != 303)
		fail_msg("publish: %s", html);
	free(html);
	id = tsrv_count_text(t, "SELECT max(id) FROM candidates WHERE title = ?1", title);
	assert_true(id > 0);
	free(fields);
	free(et);
	return id;
}

/* Counts @p n phone backings of candidate @p id behind the server's back. */
static void backings(struct tsrv *t, long id, int n)
{
	char sql[256];

	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO candidate_supports (candidate, channel, voter,"
			 " created_at) VALUES (%ld, 'phone', 'voter-%ld-%d', %lld)", id, id, i,
			 (long long)t->now);
		assert_int_equal(tsrv_exec(t, sql), MQ_OK);
	}
}

/* ---- 候选议题 ------------------------------------------------------------- */

static void test_candidates_promote_top(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin, chen;
	char loc[160], *html, fields[64], topic[MQ_UUID_LEN + 1];
	unsigned int status;
	long low, top;
	struct mq_http_response resp;
	char *rec = tsrv_opinion(OP1, TOK1, "东坡路口需要一个公交候车亭", ""), *body = NULL;

	/* a triaged opinion in the inbox, offered by the publish form */
	assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	free(rec);
	free(body);
	login(t, "hubin", &hubin);
	assert_int_equal(post_form(t, &hubin, "/console/opinions/" OP1 "/triage",
				   "action=refer&department=%E5%9F%8E%E7%AE%A1",
				   NULL), 303);
	html = console_page(t, &hubin, "/console/opinions/" OP1, NULL, &status);
	assert_non_null(strstr(html, "<a href=\"/console/candidates?opinion=" OP1 "\">"));
	free(html);
	html = console_page(t, &hubin, "/console/candidates", "opinion=" OP1, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "<option value=\"" OP1 "\" selected>"));
	assert_non_null(strstr(html, "value=\"东坡路口需要一个公交候车亭\""));   /* suggested title */
	free(html);

	low = publish(t, &hubin, "湖滨晚间停车难", "2026-11-20", NULL);
	top = publish(t, &hubin, "东坡路口公交候车亭", "2026-11-20", OP1);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM candidates WHERE opinion = ?1",
					 OP1), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'candidate.create'"), 2);
	backings(t, low, 2);
	backings(t, top, 5);

	/* while open: counts, no ranking, no promotion */
	html = console_page(t, &hubin, "/console/candidates", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "征集中"));
	assert_null(strstr(html, "name=\"action\" value=\"promote\""));
	free(html);
	snprintf(fields, sizeof fields, "action=promote&id=%ld", top);
	assert_int_equal(post_form(t, &hubin, "/console/candidates", fields, &html), 422);
	assert_non_null(strstr(html, "征集截止以后才能形成议题。"));
	free(html);

	/* after closing: the ranking, the top first (sessions last 12 hours) */
	t->now += 2 * DAY;
	login(t, "hubin", &hubin);
	html = console_page(t, &hubin, "/console/candidates", NULL, &status);
	assert_non_null(strstr(html, "已截止：排名"));
	assert_non_null(strstr(html, "东坡路口公交候车亭"));
	assert_true(strstr(html, "东坡路口公交候车亭") < strstr(html, "湖滨晚间停车难"));
	assert_non_null(strstr(html, "<td class=\"num\">1</td><td><strong>东坡路口公交候车亭"));
	free(html);

	/* members and other streets may not */
	login(t, "chen", &chen);
	assert_int_equal(post_form(t, &chen, "/console/candidates", fields, NULL), 403);
	free(console_page(t, &chen, "/console/candidates", NULL, &status));
	assert_int_equal(status, 403);

	assert_int_equal(post_loc(t, &hubin, "/console/candidates", fields, loc, sizeof loc), 303);
	assert_int_equal(strncmp(loc, "/console/topics/", 16), 0);
	snprintf(topic, sizeof topic, "%.36s", loc + 16);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM topics WHERE id = ?1 AND"
					    " title = '东坡路口公交候车亭' AND stage = 'research'",
					 topic), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'candidate.promote'"), 1);
	html = console_page(t, &hubin, "/console/candidates", NULL, &status);
	assert_non_null(strstr(html, "已形成议题"));
	free(html);
	/* it moves through the five steps as any topic */
	snprintf(loc, sizeof loc, "/console/topics/%s", topic);
	html = console_page(t, &hubin, loc, NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "调研走访"));
	free(html);

	/* the public page: the title of the topic only once published */
	tsrv_request(t, "GET", "/f/hubin/topics", NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	mq_http_response_finish(&resp);
	assert_non_null(strstr(html, "征集结束的议题"));
	assert_non_null(strstr(html, "结果公布后在这里显示"));
	assert_null(strstr(html, "/board/hubin"));
	free(html);
	assert_int_equal(tsrv_exec(t, "UPDATE topics SET title = '公交候车亭（已公布）',"
				      " result = '已建成', published_at = 1795075200"
				      " WHERE title = '东坡路口公交候车亭'"), MQ_OK);
	tsrv_request(t, "GET", "/f/hubin/topics", NULL, NULL, 0, NULL, 0, &resp);
	html = body_str(&resp);
	mq_http_response_finish(&resp);
	assert_non_null(strstr(html, "<a href=\"/board/hubin\">公交候车亭（已公布）</a>"));
	free(html);
}

/* ---- 征集 ------------------------------------------------------------------ */

/* A topic of hubin promoted from a candidate by the street group, two days
 * on (sessions made before have ended: sign in afterwards); its id into
 * @p topic. */
static void a_topic(struct tsrv *t, char topic[MQ_UUID_LEN + 1])
{
	struct sess s, *hubin = &s;
	char loc[160], fields[64];
	long id;

	login(t, "hubin", hubin);
	id = publish(t, hubin, "西湖边公厕开放时间", "2026-11-19", NULL);
	t->now += 2 * DAY;
	login(t, "hubin", hubin);
	snprintf(fields, sizeof fields, "action=promote&id=%ld", id);
	assert_int_equal(post_loc(t, hubin, "/console/candidates", fields, loc, sizeof loc), 303);
	snprintf(topic, MQ_UUID_LEN + 1, "%.36s", loc + 16);
}

/* The members' 履职 table as CSV (malloc'd). */
static char *members_csv(struct tsrv *t, const struct sess *s)
{
	unsigned int status;
	char *csv = console_page(t, s, "/console/stats/members.csv", NULL, &status);

	assert_int_equal(status, 200);
	return csv;
}

static void test_volunteer_and_choose(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin, chen;
	char topic[MQ_UUID_LEN + 1], path[128], *html, *csv;
	unsigned int status;
	struct mq_attendance_report r;
	struct mq_buf b;

	a_topic(t, topic);
	login(t, "hubin", &hubin);
	login(t, "chen", &chen);
	snprintf(path, sizeof path, "/console/topics/%s/recruit", topic);

	/* nothing to volunteer for yet */
	assert_int_equal(post_form(t, &chen, path, "action=volunteer", NULL), 422);
	html = console_page(t, &chen, "/console/topics", NULL, &status);
	assert_non_null(strstr(html, "现在没有正在征集委员的议题。"));
	free(html);

	/* members cannot open a call; the street group does */
	assert_int_equal(post_form(t, &chen, path, "action=open", NULL), 403);
	assert_int_equal(post_form(t, &hubin, path, "action=open&note=%E9%9C%80%E8%A6%81", NULL),
			 303);
	html = console_page(t, &chen, "/console/topics", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "西湖边公厕开放时间"));
	assert_non_null(strstr(html, "报名参与</button>"));
	free(html);

	assert_int_equal(post_form(t, &chen, path, "action=volunteer", NULL), 303);
	assert_int_equal(post_form(t, &chen, path, "action=volunteer", &html), 422);
	assert_non_null(strstr(html, "您已经报名参与这个议题。"));
	free(html);
	html = console_page(t, &chen, "/console/topics", NULL, &status);
	assert_non_null(strstr(html, "已报名，等待选定"));
	free(html);
	/* the staff see the volunteer; a member cannot choose */
	snprintf(path, sizeof path, "/console/topics/%s", topic);
	html = console_page(t, &hubin, path, NULL, &status);
	assert_non_null(strstr(html, "征集委员参与"));
	assert_non_null(strstr(html, "选定参与</button>"));
	free(html);
	csv = members_csv(t, &hubin);
	assert_non_null(strstr(csv, "\"报名征集\",\"征集入选\""));
	free(csv);

	snprintf(path, sizeof path, "/console/topics/%s/recruit", topic);
	assert_int_equal(post_form(t, &chen, path, "action=choose&member=hubin-02", NULL), 403);
	assert_int_equal(post_form(t, &hubin, path, "action=choose&member=hubin-01", NULL), 422);
	assert_int_equal(post_form(t, &hubin, path, "action=choose&member=hubin-02", NULL), 303);
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM topic_members WHERE topic = ?1"
					    " AND member = 'hubin-02'", topic), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action IN"
				       " ('topic.call.open', 'topic.volunteer',"
				       " 'topic.volunteer.choose')"), 3);
	html = console_page(t, &chen, "/console/topics", NULL, &status);
	assert_non_null(strstr(html, "已选定参与"));
	free(html);

	/* 委员履职: volunteered 1, chosen 1, and involved in the topic */
	csv = members_csv(t, &hubin);
	assert_non_null(strstr(csv, "\"陈"));
	{
		const char *line = strstr(csv, "\"陈");
		const char *end = strstr(line, "\r\n");
		char row[256];

		snprintf(row, sizeof row, "%.*s", (int)(end - line), line);
		assert_non_null(strstr(row, ",\"1\",\"1\",\"1\""));   /* 参与议题, 报名征集, 征集入选 */
	}
	free(csv);

	/* the attendance report of the month: the columns at the end */
	assert_int_equal(mq_attendance_report(t->db, "2026-11", "hubin", t->now, &r), MQ_OK);
	mq_buf_init(&b);
	mq_attendance_csv_totals(&b, &r);
	assert_non_null(strstr(b.data, ",topics_due,topics_on_time,volunteered,chosen\n"));
	assert_non_null(strstr(b.data, "2026-11,hubin,hubin-02,"));
	{
		const char *line = strstr(b.data, "2026-11,hubin,hubin-02,");
		const char *end = strchr(line, '\n');

		assert_memory_equal(end - 4, ",1,1", 4);
	}
	mq_buf_finish(&b);
	mq_attendance_report_finish(&r);
	html = console_page(t, &hubin, "/console/attendance", "month=2026-11", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "<th>报名征集</th><th>征集入选</th>"));
	free(html);

	/* closing the call: no more volunteering */
	assert_int_equal(post_form(t, &hubin, path, "action=close", NULL), 303);
	html = console_page(t, &chen, "/console/topics", NULL, &status);
	assert_non_null(strstr(html, "现在没有正在征集委员的议题。"));
	free(html);
}

/* ---- 民情联络员 ------------------------------------------------------------ */

/* The form token of the filing page @p html into @p out. */
static void form_token(const char *html, char *out, size_t size)
{
	const char *p = strstr(html, "name=\"form\" value=\"");
	size_t n;

	assert_non_null(p);
	p += strlen("name=\"form\" value=\"");
	n = strcspn(p, "\"");
	assert_true(n > 10 && n < size);
	snprintf(out, size, "%.*s", (int)n, p);
}

/* Files @p text in community @p community as @p li with @p extra fields;
 * the status. */
static unsigned int file(struct tsrv *t, const struct sess *li, const char *text,
			 const char *extra, char **html_out)
{
	unsigned int status;
	char *html = console_page(t, li, "/console/file", NULL, &status), token[96], *fields = NULL;
	char *et = enc(text);

	assert_int_equal(status, 200);
	form_token(html, token, sizeof token);
	free(html);
	assert_true(asprintf(&fields, "form=%s&category=traffic&community=dongpolu&text=%s%s",
			     token, et, extra) > 0);
	status = post_form(t, li, "/console/file", fields, html_out);
	free(fields);
	free(et);
	return status;
}

static void test_liaison_files_for_residents(void **state)
{
	struct tsrv *t = *state;
	struct sess li, li2, hubin;
	char *html, loc[128];
	unsigned int status;
	long before = tsrv_count(t, "SELECT count(*) FROM opinions");

	/* a liaison officer lands on the form and sees nothing else */
	login(t, "li", &li);
	html = console_page(t, &li, "/console/inbox", NULL, &status);
	assert_int_equal(status, 303);
	free(html);
	static const char *const closed[] = {
		"/console/topics", "/console/candidates", "/console/stats", "/console/members",
		"/console/roster", "/console/attendance", "/console/audit", "/console/kiosks",
		"/console/opinions/" OP1, "/console/stats/members.csv",
	};
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
		html = console_page(t, &li, closed[i], NULL, &status);
		assert_int_equal(status, 403);
		assert_null(strstr(html, "收件箱</a>"));
		free(html);
	}
	assert_int_equal(post_form(t, &li, "/console/candidates", "action=create&title=x", NULL),
			 403);
	html = console_page(t, &li, "/console/file", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "走访登记"));
	assert_non_null(strstr(html, "name=\"viewport\""));
	assert_non_null(strstr(html, "<a href=\"/console/file\" aria-current=\"page\">走访登记</a>"));
	assert_non_null(strstr(html, "<a href=\"/console/filings\">我的登记</a>"));
	assert_null(strstr(html, "href=\"/console/inbox\""));
	free(html);

	/* no contact details without consent, and none stored */
	assert_int_equal(file(t, &li, "楼道灯坏了", "&name=%E7%8E%8B", &html), 422);
	assert_non_null(strstr(html, "居民没有同意留下联系方式"));
	assert_non_null(strstr(html, "楼道灯坏了"));   /* what was typed, kept */
	free(html);
	assert_int_equal(file(t, &li, "楼道灯坏了", "&consent=yes&phone=12345", &html), 422);
	free(html);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions"), before);

	/* filed: with consent, the contact goes with it */
	assert_int_equal(file(t, &li, "东坡路楼道灯坏了三个月",
			      "&consent=yes&name=%E7%8E%8B%E9%98%BF%E5%A7%A8&phone=13912345678",
			      NULL), 303);
	assert_int_equal(file(t, &li, "菜场门口积水", "", NULL), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'liaison'"
				       " AND community = 'dongpolu' AND studio = 'hubin'"), 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'liaison'"
				       " AND contact_phone = '13912345678'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM liaison_filings WHERE username = 'li'"),
			 2);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'opinion.file'"
				       " AND actor = 'li'"), 2);

	/* the same form sent twice files once */
	{
		char token[96], *fields = NULL;

		html = console_page(t, &li, "/console/file", NULL, &status);
		form_token(html, token, sizeof token);
		free(html);
		assert_true(asprintf(&fields, "form=%s&category=traffic&community=dongpolu&text=x",
				     token) > 0);
		assert_int_equal(post_loc(t, &li, "/console/file", fields, loc, sizeof loc), 303);
		assert_int_equal(post_loc(t, &li, "/console/file", fields, loc, sizeof loc), 303);
		assert_string_equal(loc, "/console/filings?ok=1");
		free(fields);
		assert_int_equal(tsrv_count(t, "SELECT count(*) FROM liaison_filings"), 3);
	}

	/* the officer's list: their own filings and how they stand */
	html = console_page(t, &li, "/console/filings", "ok=1", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "已登记"));
	assert_non_null(strstr(html, "东坡路楼道灯坏了三个月"));
	assert_non_null(strstr(html, "待研判"));
	assert_non_null(strstr(html, "href=\"/t/"));
	free(html);
	/* another officer sees none of them */
	login(t, "li2", &li2);
	html = console_page(t, &li2, "/console/filings", NULL, &status);
	assert_int_equal(status, 200);
	assert_null(strstr(html, "东坡路楼道灯坏了三个月"));
	assert_non_null(strstr(html, "还没有登记。"));
	free(html);

	/* the street group's inbox: channel 联络员走访, and its filter */
	login(t, "hubin", &hubin);
	html = console_page(t, &hubin, "/console/inbox", "channel=liaison", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "<option value=\"liaison\" selected>联络员走访</option>"));
	assert_non_null(strstr(html, "<td>联络员走访</td>"));
	assert_non_null(strstr(html, "东坡路楼道灯坏了三个月"));
	assert_null(strstr(html, "<td>自助终端</td>"));
	free(html);
	/* staff do not file as officers */
	free(console_page(t, &hubin, "/console/file", NULL, &status));
	assert_int_equal(status, 403);
	free(console_page(t, &hubin, "/console/filings", NULL, &status));
	assert_int_equal(status, 403);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_candidates_promote_top, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_volunteer_and_choose, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_liaison_files_for_residents, setup,
						tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
