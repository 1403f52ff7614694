/* test_server_phone.c — the phone side (民情E点通) through
 * mq_server_dispatch(), on SQLite and (as test_server_phone_pg) PostgreSQL:
 * filing an opinion with its review step, anonymous by default or with a
 * consented name and phone, the 303 to the tracking page; the same form
 * twice stored once; form tokens forged, of another form, expired; the
 * honeypot; the rate limits per address and per studio; the text and body
 * limits; booking a slot, a full slot; the console's channel 手机 and the
 * door poster; the mobile number rule. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_survey.h"
#include "mq_phone.h"
#include "mq_server.h"

#include "test_server_console_util.h"
#include "test_server_helpers.h"
#include "test_server_roster_util.h"

#define PHONE_TEXT "东坡路口的行人绿灯太短，老人过马路很危险。<b>请看看</b>"

/* @p text percent-encoded for a form (static copy). */
static const char *enc(const char *text)
{
	static char out[4096];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && n + 4 < sizeof out; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			out[n++] = (char)*p;
		else
			n += (size_t)snprintf(out + n, sizeof out - n, "%%%02X", *p);
	}
	out[n] = '\0';
	return out;
}

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	t->client = "192.0.2.10";
	rt_clear_seed_roster(t);
	tsrv_clear_participation(t);
	rt_import_ok(t, RT_ROSTER);
	*state = t;
	return 0;
}

/* GET @p path; the page (malloc'd), its status into *@p status. */
static char *page(struct tsrv *t, const char *path, const char *query, unsigned int *status)
{
	struct mq_http_response resp;
	char *html;

	get(t, NULL, path, query, &resp);
	*status = resp.status;
	html = body_str(&resp);
	mq_http_response_finish(&resp);
	return html;
}

/* The form token a GET of @p path hands out (static copy). */
static const char *form_token(struct tsrv *t, const char *path)
{
	static char tok[MQ_PHONE_FORM_MAX];
	unsigned int status;
	char *html = page(t, path, NULL, &status), *p, *end;

	assert_int_equal(status, 200);
	p = strstr(html, "name=\"form\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"form\" value=\"");
	end = strchr(p, '"');
	assert_non_null(end);
	snprintf(tok, sizeof tok, "%.*s", (int)(end - p), p);
	free(html);
	return tok;
}

/* POST @p body to @p path: its status; the page into *@p html and the
 * Location into @p where (both unless NULL). */
static unsigned int send(struct tsrv *t, const char *path, const char *body, char **html,
			 char *where, size_t size)
{
	struct mq_http_response resp;
	const char *loc;
	unsigned int status;

	post(t, NULL, path, body, &resp);
	status = resp.status;
	loc = mq_http_response_header(&resp, "Location");
	if (where)
		snprintf(where, size, "%s", loc ? loc : "");
	if (html)
		*html = body_str(&resp);
	mq_http_response_finish(&resp);
	return status;
}

static long phone_opinions(struct tsrv *t)
{
	return tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'phone'");
}

/* The opinion form's fields with token @p tok, step @p step and @p extra. */
static char *opinion_body(const char *tok, const char *step, const char *extra)
{
	char *body = NULL;

	assert_true(asprintf(&body, "form=%s&category=traffic&community=dongpolu&text=%s"
			     "&step=%s&homepage=%s", tok, enc(PHONE_TEXT), step, extra ? extra : "") > 0);
	return body;
}

/* Review, then submit: a 303 to the tracking page, which shows the 查询码
 * and no personal data; the name and phone are stored with consent, the
 * phone as its 11 digits, and the record is of the studio's phone device. */
static void files_an_opinion_with_consent(void **state)
{
	struct tsrv *t = *state;
	const char *tok = form_token(t, "/f/hubin");
	char *body = NULL, *html, where[128], again[128];
	unsigned int status;

	assert_true(asprintf(&body, "form=%s&category=traffic&text=%s&contact=yes"
			     "&name=%%E7%%8E%%8B%%E5%%B0%%8F%%E6%%98%%8E&phone=%%2B86+138-0013-8000"
			     "&consent=yes&step=review&homepage=", tok, enc(PHONE_TEXT)) > 0);
	assert_int_equal(send(t, "/f/hubin", body, &html, NULL, 0), 200);
	assert_non_null(strstr(html, "请核对您的意见"));
	assert_non_null(strstr(html, "138****8000"));
	assert_null(strstr(html, "13800138000<"));
	assert_non_null(strstr(html, "&lt;b&gt;请看看&lt;/b&gt;"));   /* escaped */
	assert_null(strstr(html, "<b>请看看"));
	free(html);
	assert_int_equal(phone_opinions(t), 0);                      /* review stores nothing */
	free(body);
	assert_true(asprintf(&body, "form=%s&category=traffic&text=%s&contact=yes"
			     "&name=%%E7%%8E%%8B%%E5%%B0%%8F%%E6%%98%%8E&phone=%%2B86+138-0013-8000"
			     "&consent=yes&step=submit&homepage=", tok, enc(PHONE_TEXT)) > 0);
	assert_int_equal(send(t, "/f/hubin", body, NULL, where, sizeof where), 303);
	assert_int_equal(strncmp(where, "/t/", 3), 0);
	assert_non_null(strstr(where, "?new=1"));
	assert_int_equal(phone_opinions(t), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE contact_phone = '13800138000'"
				       " AND contact_name = '王小明' AND studio = 'hubin'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM records r JOIN opinions o ON o.id = r.id"
				       " WHERE r.device = 'phone-hubin'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events e JOIN opinions o"
				       " ON o.id = e.subject WHERE o.channel = 'phone'"
				       " AND e.stage = 'collected'"), 1);
	/* the same form again: stored once, answered alike */
	assert_int_equal(send(t, "/f/hubin", body, NULL, again, sizeof again), 303);
	assert_string_equal(again, where);
	assert_int_equal(phone_opinions(t), 1);
	*strchr(where, '?') = '\0';
	html = page(t, where, "new=1", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "您的意见已提交"));
	assert_non_null(strstr(html, "请收藏本页"));
	assert_non_null(strstr(html, "收集采集"));
	assert_null(strstr(html, "王小明"));
	assert_null(strstr(html, "13800138000"));
	free(html);
	free(body);
	/* the phone device is no kiosk on the console */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM devices WHERE id = 'phone-hubin'"), 1);
}

/* Anonymous is the default; a name without consent, or a bad phone, is
 * refused with the form again and the reason in plain Chinese. */
static void anonymous_by_default_consent_required(void **state)
{
	struct tsrv *t = *state;
	const char *tok = form_token(t, "/f/hubin");
	char *body = opinion_body(tok, "submit", NULL), *html, *bad = NULL;

	assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 303);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE channel = 'phone'"
				       " AND contact_name IS NULL AND contact_phone IS NULL"), 1);
	tok = form_token(t, "/f/hubin");
	assert_true(asprintf(&bad, "form=%s&category=traffic&text=x&contact=yes&name=Wang"
			     "&phone=12345&step=submit&homepage=", tok) > 0);
	assert_int_equal(send(t, "/f/hubin", bad, &html, NULL, 0), 422);
	assert_non_null(strstr(html, "手机号应为11位数字"));
	assert_non_null(strstr(html, "需要勾选"));
	assert_non_null(strstr(html, "value=\"Wang\""));           /* what was typed stays */
	assert_int_equal(phone_opinions(t), 1);
	free(html);
	free(bad);
	free(body);
}

/* A token not made here, one of another studio or form, and a missing one
 * store nothing; an expired one gives the form back, filled, with a new token. */
static void form_tokens(void **state)
{
	struct tsrv *t = *state;
	char other[MQ_PHONE_FORM_MAX], *body, *html;
	const char *tok;

	snprintf(other, sizeof other, "%s", form_token(t, "/f/xiaoying"));
	body = opinion_body(other, "submit", NULL);
	assert_int_equal(send(t, "/f/hubin", body, &html, NULL, 0), 403);
	assert_non_null(strstr(html, "页面已经失效"));
	free(html);
	free(body);
	snprintf(other, sizeof other, "%s", form_token(t, "/f/hubin/book"));
	body = opinion_body(other, "submit", NULL);
	assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 403);
	free(body);
	body = opinion_body("1795997467.MmEnobSeYEhliABEUH7MZg.EOwA62OGVuT3UIVCTFW9DQ", "submit", NULL);
	assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 403);
	free(body);
	assert_int_equal(send(t, "/f/hubin", "category=traffic&text=x&step=submit", NULL, NULL, 0),
			 403);
	tok = form_token(t, "/f/hubin");
	snprintf(other, sizeof other, "%s", tok);
	body = opinion_body(other, "submit", NULL);
	t->now += MQ_PHONE_FORM_TTL_S + 1;
	assert_int_equal(send(t, "/f/hubin", body, &html, NULL, 0), 409);
	assert_non_null(strstr(html, "打开太久了"));
	assert_non_null(strstr(html, "&lt;b&gt;请看看"));           /* the text kept */
	assert_null(strstr(html, other));                          /* a new token */
	assert_int_equal(phone_opinions(t), 0);
	free(html);
	free(body);
}

/* A filled honeypot: the answer looks like a filing's, nothing is stored,
 * the same form twice points at the same place, which is not a record. */
static void honeypot(void **state)
{
	struct tsrv *t = *state;
	const char *tok = form_token(t, "/f/hubin");
	char *body = opinion_body(tok, "submit", "http%3A%2F%2Fspam.example"), *html;
	char where[128], again[128];
	unsigned int status;

	assert_int_equal(send(t, "/f/hubin", body, NULL, where, sizeof where), 303);
	assert_int_equal(strncmp(where, "/t/", 3), 0);
	assert_int_equal(send(t, "/f/hubin", body, NULL, again, sizeof again), 303);
	assert_string_equal(where, again);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions"), 0);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM records"), 0);
	*strchr(where, '?') = '\0';
	html = page(t, where, NULL, &status);
	assert_int_equal(status, 404);                             /* "not synced yet" */
	free(html);
	free(body);
}

/* Every POST counts: past the free allowance an address waits (429, a page
 * in plain Chinese, Retry-After) and stores nothing; another address does not. */
static void rate_limit_per_address(void **state)
{
	struct tsrv *t = *state;
	unsigned int ok = 0, refused = 0;

	for (int i = 0; i < 30; i++) {
		const char *tok = form_token(t, "/f/hubin");
		char *body = opinion_body(tok, "submit", NULL), *html;
		unsigned int status = send(t, "/f/hubin", body, &html, NULL, 0);

		if (status == 303) {
			ok++;
		} else {
			assert_int_equal(status, 429);
			assert_non_null(strstr(html, "提交得太频繁了"));
			assert_non_null(strstr(html, "分钟后再提交"));
			refused++;
		}
		free(html);
		free(body);
	}
	assert_int_equal(ok, (unsigned int)mq_phone_address_throttle.free + 1);
	assert_int_equal(refused, 30 - ok);
	assert_int_equal(phone_opinions(t), ok);
	/* an hour's quiet starts the count again, and the phone side's own
	 * window purges no other door's counts (a login count two hours old) */
	assert_int_equal(tsrv_exec(t, "INSERT INTO throttle (purpose, subject, address, failures,"
				      " last_at) VALUES ('login', 'boss', '192.0.2.99', 5, 1795068000)"),
			 MQ_OK);
	t->now += mq_phone_address_throttle.window_s;
	{
		const char *tok = form_token(t, "/f/hubin");
		char *body = opinion_body(tok, "submit", NULL);

		assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 303);
		free(body);
	}
	assert_int_equal(tsrv_count(t, "SELECT failures FROM throttle WHERE purpose = 'login'"), 5);
	t->client = "198.51.100.7";
	{
		const char *tok = form_token(t, "/f/hubin");
		char *body = opinion_body(tok, "submit", NULL);

		assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 303);
		free(body);
	}
}

/* Text as for a kiosk's record: 2000 characters pass, 2001 do not; an
 * oversized body is refused with a page. */
static void text_and_body_limits(void **state)
{
	struct tsrv *t = *state;
	char *body = NULL, *text = malloc(2001 * 9 + 1), *html, *big;
	const char *tok;

	for (int i = 0; i < 2001; i++)
		memcpy(text + i * 9, "%E6%84%8F", 9);   /* 意 */
	text[2001 * 9] = '\0';
	tok = form_token(t, "/f/hubin");
	assert_true(asprintf(&body, "form=%s&category=traffic&text=%s&step=submit&homepage=", tok,
			     text) > 0);
	assert_int_equal(send(t, "/f/hubin", body, &html, NULL, 0), 422);
	assert_non_null(strstr(html, "最多2000字"));
	free(html);
	free(body);
	text[2000 * 9] = '\0';
	assert_true(asprintf(&body, "form=%s&category=traffic&text=%s&step=submit&homepage=", tok,
			     text) > 0);
	assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 303);
	free(body);
	big = calloc(1, 40 * 1024);
	memset(big, 'a', 40 * 1024 - 1);
	memcpy(big, "text=", 5);
	assert_int_equal(send(t, "/f/hubin", big, &html, NULL, 0), 413);
	assert_non_null(strstr(html, "内容太长"));
	assert_int_equal(phone_opinions(t), 1);
	free(html);
	free(big);
	free(text);
}

/* Booking: the slot list, a 303 to the booking page, channel phone; the
 * last place taken by a kiosk meanwhile: the form again, nothing stored. */
static void books_a_slot(void **state)
{
	struct tsrv *t = *state;
	char *body = NULL, *html, where[128], again[128];
	unsigned int status;
	const char *tok;
	json_t *r;
	char *rec;

	html = page(t, "/f/hubin/book", NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "value=\"" RT_SLOT1 "\">"));
	assert_non_null(strstr(html, "<details class=\"card day\" open>"));
	assert_non_null(strstr(html, "余2位"));
	free(html);
	tok = form_token(t, "/f/hubin/book");
	assert_true(asprintf(&body, "form=%s&slot=" RT_SLOT1 "&name=Li&phone=13900001111"
			     "&topic=%%E5%%8A%%A0%%E8%%A3%%85%%E7%%94%%B5%%E6%%A2%%AF&homepage=", tok) > 0);
	assert_int_equal(send(t, "/f/hubin/book", body, NULL, where, sizeof where), 303);
	assert_int_equal(strncmp(where, "/b/", 3), 0);
	assert_int_equal(send(t, "/f/hubin/book", body, NULL, again, sizeof again), 303);
	assert_string_equal(where, again);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE channel = 'phone'"
				       " AND status = 'booked' AND phone = '13900001111'"), 1);
	html = page(t, where, NULL, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "calendar.ics"));
	assert_null(strstr(html, "13900001111"));
	free(html);
	free(body);
	/* a kiosk takes the last place; the phone is told the slot is full */
	tsrv_enroll(t, "hubin");
	rec = rt_booking("4a1b2c3d-0000-4000-8000-0000000000aa", "2026-11-19T07:00:00Z",
			 "Bk_kkkkkkkkkkkkkkkkkkk", RT_SLOT1, NULL);
	r = rt_post(t, rec);
	assert_string_equal(rt_result(r, 0), "stored");
	json_decref(r);
	free(rec);
	tok = form_token(t, "/f/hubin/book");
	assert_true(asprintf(&body, "form=%s&slot=" RT_SLOT1 "&name=Zhao&phone=13700001111&homepage=",
			     tok) > 0);
	assert_int_equal(send(t, "/f/hubin/book", body, &html, NULL, 0), 409);
	assert_non_null(strstr(html, "刚刚约满了"));
	assert_non_null(strstr(html, "已约满"));
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM bookings WHERE slot = '" RT_SLOT1 "'"),
			 2);
	free(html);
	free(body);
	html = page(t, "/f/nowhere/book", NULL, &status);
	assert_int_equal(status, 404);
	assert_non_null(strstr(html, "找不到这个委员工作室"));
	free(html);
}

/* The console: the inbox's channel filter has 手机 and finds the opinion;
 * the 终端 page links each studio's poster, which holds the QR and hours;
 * a street group sees only its own studio's. */
static void console_channel_and_poster(void **state)
{
	struct tsrv *t = *state;
	const char *tok = form_token(t, "/f/hubin");
	char *body = opinion_body(tok, "submit", NULL), *html;
	struct mq_http_response resp;
	struct sess admin, xiaoying;

	assert_int_equal(send(t, "/f/hubin", body, NULL, NULL, 0), 303);
	free(body);
	add_console_staff(t);
	login(t, "admin", &admin);
	get(t, &admin, "/console/inbox", "channel=phone", &resp);
	html = body_str(&resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(html, "<td>手机</td>"));
	assert_non_null(strstr(html, "value=\"phone\" selected"));
	free(html);
	mq_http_response_finish(&resp);
	get(t, &admin, "/console/kiosks", NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "href=\"/console/poster/hubin\""));
	assert_null(strstr(html, "phone-hubin"));                /* no kiosk */
	free(html);
	mq_http_response_finish(&resp);
	t->srv.public_url = "https://mq.example.gov.cn";
	get(t, &admin, "/console/poster/hubin", NULL, &resp);
	html = body_str(&resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(html, "<svg"));
	assert_non_null(strstr(html, "https://mq.example.gov.cn/f/hubin"));
	assert_non_null(strstr(html, "周一至周五"));
	assert_non_null(strstr(html, "湖滨街道委员工作室"));
	free(html);
	mq_http_response_finish(&resp);
	login(t, "xiaoying", &xiaoying);
	get(t, &xiaoying, "/console/poster/hubin", NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	get(t, NULL, "/console/poster/hubin", NULL, &resp);
	assert_int_equal(resp.status, 303);                        /* to the login */
	mq_http_response_finish(&resp);
}

static void mobile_numbers(void **state)
{
	static const char *const good[] = { "13800138000", "+86 138-0013-8000", "8619912345678",
					    "199 1234 5678" };
	static const char *const bad[] = { "", "12345678901", "1380013800", "23800138000",
					   "138001380001", "138O0138000", "+1 138 0013 8000",
					   "010-12345678" };
	char out[MQ_PHONE_MOBILE_LEN + 1];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_true(mq_phone_is_mobile(good[i], out));
		assert_int_equal(strlen(out), 11);
	}
	assert_true(mq_phone_is_mobile("+86 138-0013-8000", out));
	assert_string_equal(out, "13800138000");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(mq_phone_is_mobile(bad[i], out));
	assert_false(mq_phone_is_mobile(NULL, out));
}

/* /f/{studio}/topics: the open candidates listed; backing counts once per
 * browser (its mq_voter cookie), a second browser counts again. */
static void backs_a_topic(void **state)
{
	struct tsrv *t = *state;
	static const struct mq_db_staff street = { .username = "hubin", .role = MQ_ROLE_STREET,
						   .studio = "hubin" };
	struct mq_candidate_in in = { .title = "菜场周边<停车>难", .closes = "2026-11-30" };
	struct mq_http_response resp;
	struct sess a = { 0 }, b = { 0 };
	char msg[128], body[256], *html;
	int64_t id;

	assert_int_equal(mq_candidate_create(t->db, &street, &in, t->now, msg, sizeof msg, &id),
			 MQ_OK);
	get(t, NULL, "/f/hubin/topics", NULL, &resp);
	assert_int_equal(resp.status, 200);
	cookie_of(&resp, "mq_voter", a.cookie, sizeof a.cookie);
	html = body_str(&resp);
	assert_non_null(strstr(html, "菜场周边&lt;停车&gt;难"));
	assert_non_null(strstr(html, "已有 0 人支持"));
	free(html);
	mq_http_response_finish(&resp);
	snprintf(body, sizeof body, "form=%s&candidate=%lld", form_token(t, "/f/hubin/topics"),
		 (long long)id);
	post(t, &a, "/f/hubin/topics", body, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_non_null(strstr(html, "您的支持已经记下了"));
	assert_non_null(strstr(html, "已有 1 人支持"));
	free(html);
	mq_http_response_finish(&resp);
	post(t, &a, "/f/hubin/topics", body, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "您已经支持过这个议题了"));
	assert_non_null(strstr(html, "已有 1 人支持"));
	free(html);
	mq_http_response_finish(&resp);
	post(t, &b, "/f/hubin/topics", body, &resp);     /* no cookie yet: a new browser */
	cookie_of(&resp, "mq_voter", b.cookie, sizeof b.cookie);
	assert_string_not_equal(a.cookie, b.cookie);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM candidate_supports WHERE channel ="
				       " 'phone'"), 2);
	/* a form without a token is refused by the guard and counts nothing */
	snprintf(body, sizeof body, "candidate=%lld", (long long)id);
	post(t, &a, "/f/hubin/topics", body, &resp);
	assert_int_not_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM candidate_supports"), 2);
}

static void answers_a_survey(void **state)
{
	struct tsrv *t = *state;
	static const char file[] =
		"{\"street\":\"hubin\",\"title\":\"社区<食堂>调查\",\"starts\":\"2026-11-19\","
		"\"ends\":\"2026-11-19\",\"questions\":["
		"{\"text\":\"多久去一次？\",\"kind\":\"single\",\"options\":[\"每天\",\"很少\"]},"
		"{\"text\":\"想要什么？\",\"kind\":\"multiple\",\"options\":[\"送餐\",\"早餐\",\"午餐\"]},"
		"{\"text\":\"建议\",\"kind\":\"text\"}]}";
	json_t *j = json_loads(file, 0, NULL);
	struct mq_survey_in in;
	struct mq_http_response resp;
	struct sess a = { 0 };
	char msg[160], path[64], body[512], *html;
	int64_t id;

	assert_true(mq_survey_from_json(j, &in, msg, sizeof msg));
	assert_int_equal(mq_survey_create(t->db, NULL, &in, t->now, msg, sizeof msg, &id), MQ_OK);
	json_decref(j);
	snprintf(path, sizeof path, "/f/hubin/survey/%lld", (long long)id);
	get(t, NULL, path, NULL, &resp);
	assert_int_equal(resp.status, 200);
	cookie_of(&resp, "mq_voter", a.cookie, sizeof a.cookie);
	html = body_str(&resp);
	assert_non_null(strstr(html, "社区&lt;食堂&gt;调查"));
	assert_non_null(strstr(html, "type=\"radio\" name=\"q1\" value=\"2\""));
	assert_non_null(strstr(html, "type=\"checkbox\" name=\"q2\" value=\"3\""));
	assert_non_null(strstr(html, "<textarea id=\"q3t\" name=\"q3t\""));
	assert_null(strstr(html, "<script"));
	free(html);
	mq_http_response_finish(&resp);
	/* a choice left out: the form again, filled, saying which */
	snprintf(body, sizeof body, "form=%s&q2=1&q3t=%%E5%%B0%%91%%E6%%B2%%B9",
		 form_token(t, path));
	post(t, &a, path, body, &resp);
	assert_int_equal(resp.status, 200);
	html = body_str(&resp);
	assert_non_null(strstr(html, "第1题还没有回答"));
	assert_non_null(strstr(html, "name=\"q2\" value=\"1\" checked"));
	free(html);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_responses"), 0);
	snprintf(body, sizeof body, "form=%s&q1=2&q2=1&q2=3&q3t=%%E5%%B0%%91%%E6%%B2%%B9",
		 form_token(t, path));
	post(t, &a, path, body, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "您的回答已经记下了"));
	free(html);
	mq_http_response_finish(&resp);
	post(t, &a, path, body, &resp);          /* the same browser again */
	html = body_str(&resp);
	assert_non_null(strstr(html, "您已经填过这份问卷了"));
	free(html);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_responses WHERE channel ="
				       " 'phone'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_answers WHERE k IS NOT NULL"),
			 3);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_answers WHERE text = '少油'"),
			 1);
	/* another studio's page, an unknown survey: not found */
	snprintf(path, sizeof path, "/f/xiaoying/survey/%lld", (long long)id);
	get(t, NULL, path, NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	get(t, NULL, "/f/hubin/survey/999", NULL, &resp);
	assert_int_equal(resp.status, 404);
	mq_http_response_finish(&resp);
	/* a form without a token is refused by the guard and counts nothing */
	snprintf(path, sizeof path, "/f/hubin/survey/%lld", (long long)id);
	post(t, NULL, path, "q1=1&q2=1", &resp);
	assert_int_not_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM survey_responses"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(files_an_opinion_with_consent, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(anonymous_by_default_consent_required, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(form_tokens, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(honeypot, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(rate_limit_per_address, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(text_and_body_limits, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(backs_a_topic, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(answers_a_survey, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(books_a_slot, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(console_channel_and_poster, setup,
						tsrv_teardown_state),
		cmocka_unit_test(mobile_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
