/* test_security_server.c — the server's side of the attack review, through
 * mq_server_dispatch() on a real SQLite database: answers to signed kiosk
 * requests are signed for exactly that request; revoked kiosks and Open311
 * keys are refused (command line and console, audited); an unpublished
 * topic's title is on no public output; the state pull carries no token;
 * logins slow down by account and address; Secure cookies, HSTS and
 * frame-ancestors; /metrics behind loopback or a bearer token. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_enroll.h"
#include "mq_id.h"
#include "mq_sig.h"
#include "mq_throttle.h"

#include "test_server_console_util.h"
#include "test_server_helpers.h"

#define OP1 "c1111111-1111-4111-8111-111111111111"
#define TOK1 "SecTok1_aaaaaaaaaaaaaa"
#define OP2 "c2222222-2222-4222-8222-222222222222"
#define TOK2 "SecTok2_bbbbbbbbbbbbbb"
#define OP3 "c3333333-3333-4333-8333-333333333333"
#define TOK3 "SecTok3_cccccccccccccc"
/* the draft topic's title: %E8%8D%89%E7%A8%BF is 草稿 */
#define DRAFT "DRAFTMARK-7b1e"
#define DRAFT_FORM "DRAFTMARK-7b1e%E8%8D%89%E7%A8%BF"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);
	struct mq_http_response resp;
	char *r1, *r2, *body = NULL;

	tsrv_setup(t);
	r1 = tsrv_opinion(OP1, TOK1, "东坡路口红绿灯太短", "");
	r2 = tsrv_opinion(OP2, TOK2, "楼道灯不亮", "");
	assert_true(asprintf(&body, "{\"records\":[%s,%s]}", r1, r2) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	free(body);
	free(r1);
	free(r2);
	add_console_staff(t);
	*state = t;
	return 0;
}

/* Signs a request as the fixture's kiosk with @p key, dispatches it, and
 * keeps the request's signature headers in @p sig. */
static void signed_req(struct tsrv *t, const char *method, const char *path, const char *query,
		       const char *body, const unsigned char *key, int64_t created,
		       struct mq_sig_headers *sig, struct mq_http_response *resp)
{
	char nonce[33];
	size_t len = body ? strlen(body) : 0;

	mq_id_random_hex(nonce, 16);
	assert_true(mq_sig_sign(key, t->device_id, method, path, query, body, len, created, nonce,
				sig));
	{
		struct thdr h[] = { { "Content-Digest", sig->content_digest },
				    { "Signature-Input", sig->signature_input },
				    { "Signature", sig->signature },
				    { "Content-Type", "application/json" } };

		tsrv_request(t, method, path, query, h, 4, body, len, resp);
	}
}

/* How the answer's signature verifies for the request signed as @p sig. */
static enum mq_sig_result answer_sig(const struct tsrv *t, const struct mq_http_response *resp,
				     const struct mq_sig_headers *sig)
{
	return mq_sig_verify_response(t->key, t->device_id, resp->status,
				      mq_http_response_header(resp, "Content-Digest"),
				      mq_http_response_header(resp, "Signature-Input"),
				      mq_http_response_header(resp, "Signature"), resp->body,
				      resp->len, sig->signature);
}

/* Every answer to a genuine signed request is signed for it; answers to
 * forged or unsigned requests are not signed at all. */
static void test_answers_are_signed(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp, other;
	struct mq_sig_headers sig, sig2;
	unsigned char wrong[32];
	char etag[80];

	signed_req(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, t->key, t->now, &sig, &resp);
	assert_int_equal(resp.status, 200);
	assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
	snprintf(etag, sizeof etag, "%s", mq_http_response_header(&resp, "ETag"));
	/* the same answer does not verify for another request */
	signed_req(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, t->key, t->now, &sig2, &other);
	assert_int_equal(answer_sig(t, &resp, &sig2), MQ_SIG_BAD_SIGNATURE);
	mq_http_response_finish(&other);
	mq_http_response_finish(&resp);
	/* a 304 (the state unchanged) is signed too */
	{
		struct thdr h[4];
		char nonce[33];

		mq_id_random_hex(nonce, 16);
		assert_true(mq_sig_sign(t->key, t->device_id, "GET", "/api/v1/kiosk/state", "since=0",
					NULL, 0, t->now, nonce, &sig));
		h[0] = (struct thdr){ "Content-Digest", sig.content_digest };
		h[1] = (struct thdr){ "Signature-Input", sig.signature_input };
		h[2] = (struct thdr){ "Signature", sig.signature };
		h[3] = (struct thdr){ "If-None-Match", etag };
		tsrv_request(t, "GET", "/api/v1/kiosk/state", "since=0", h, 4, NULL, 0, &resp);
		assert_int_equal(resp.status, 304);
		assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
		mq_http_response_finish(&resp);
	}
	/* an upload's results, a refusal of its body, and a stale clock's 401 */
	{
		char *rec = tsrv_opinion(OP3, TOK3, "一条新意见", ""), *body = NULL;

		assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
		signed_req(t, "POST", "/api/v1/records", NULL, body, t->key, t->now, &sig, &resp);
		free(body);
		free(rec);
	}
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "\"stored\""));
	assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
	mq_http_response_finish(&resp);
	signed_req(t, "POST", "/api/v1/records", NULL, "not json", t->key, t->now, &sig, &resp);
	assert_int_equal(resp.status, 400);
	assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
	mq_http_response_finish(&resp);
	signed_req(t, "POST", "/api/v1/heartbeat", NULL, "{}", t->key, t->now - 3600, &sig, &resp);
	assert_int_equal(resp.status, 401);
	assert_string_equal(tsrv_error_code(&resp), "stale_signature");
	assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
	mq_http_response_finish(&resp);
	/* a forged request (another key) gets an unsigned 401 */
	memcpy(wrong, t->key, 32);
	wrong[0] ^= 1;
	signed_req(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, wrong, t->now, &sig, &resp);
	assert_int_equal(resp.status, 401);
	assert_null(mq_http_response_header(&resp, "Signature"));
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 401);
	assert_null(mq_http_response_header(&resp, "Signature"));
	mq_http_response_finish(&resp);
}

/* The state pull carries no resident's token: stage changes go by record id. */
static void test_state_carries_no_token(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct mq_sig_headers sig;
	char *text;

	signed_req(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, t->key, t->now, &sig, &resp);
	assert_int_equal(resp.status, 200);
	text = body_str(&resp);
	assert_null(strstr(text, TOK1));
	assert_null(strstr(text, TOK2));
	assert_null(strstr(text, "\"token\""));
	assert_non_null(strstr(text, OP1));
	assert_null(strstr(text, "MQHB0001"));   /* badge codes neither: hashes only */
	assert_non_null(strstr(text, "\"badge_hash\""));
	free(text);
	mq_http_response_finish(&resp);
}

/* kiosk-revoke (as the command line does it): every signed route answers a
 * signed 401 "revoked"; audited; a second revoke and an unknown id refused. */
static void test_revoked_kiosk(void **state)
{
	struct tsrv *t = *state;
	static const char *const routes[][3] = {
		{ "GET", "/api/v1/kiosk/state", NULL },
		{ "POST", "/api/v1/records", "{\"records\":[]}" },
		{ "POST", "/api/v1/heartbeat", "{}" },
	};
	struct mq_http_response resp;
	struct mq_sig_headers sig;

	assert_int_equal(mq_enroll_revoke(t->db, NULL, t->device_id, t->now), MQ_OK);
	assert_int_equal(mq_enroll_revoke(t->db, NULL, t->device_id, t->now), MQ_ERR_CONFLICT);
	assert_int_equal(mq_enroll_revoke(t->db, NULL, "kiosk-nobody", t->now), MQ_ERR_NOT_FOUND);
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		signed_req(t, routes[i][0], routes[i][1], routes[i][0][0] == 'G' ? "since=0" : NULL,
			   routes[i][2], t->key, t->now, &sig, &resp);
		assert_int_equal(resp.status, 401);
		assert_string_equal(tsrv_error_code(&resp), "revoked");
		assert_int_equal(answer_sig(t, &resp, &sig), MQ_SIG_OK);
		mq_http_response_finish(&resp);
	}
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'kiosk.revoke' AND actor = 'cli'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM records"), 2);   /* nothing stored */
}

/* The console action: admins only, behind the confirm box, audited. */
static void test_console_revokes_kiosk_and_open311_key(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct mq_sig_headers sig;
	struct sess admin, street;
	char *fields = NULL, *html, key[80], device[80];
	const char *p;

	login(t, "hubin", &street);
	assert_true(asprintf(&fields, "action=revoke&confirm=yes&device=%s", t->device_id) > 0);
	assert_int_equal(post_form(t, &street, "/console/kiosks", fields, NULL), 403);
	post(t, &street, "/console/kiosks", fields, &resp);
	assert_int_equal(resp.status, 403);   /* without the CSRF token */
	mq_http_response_finish(&resp);
	login(t, "admin", &admin);
	free(fields);
	assert_true(asprintf(&fields, "action=revoke&device=%s", t->device_id) > 0);
	assert_int_equal(post_form(t, &admin, "/console/kiosks", fields, NULL), 422);   /* no confirm */
	free(fields);
	assert_true(asprintf(&fields, "action=revoke&confirm=yes&device=%s", t->device_id) > 0);
	assert_int_equal(post_form(t, &admin, "/console/kiosks", fields, NULL), 303);
	free(fields);
	signed_req(t, "POST", "/api/v1/heartbeat", NULL, "{}", t->key, t->now, &sig, &resp);
	assert_string_equal(tsrv_error_code(&resp), "revoked");
	mq_http_response_finish(&resp);
	get(t, &admin, "/console/kiosks", NULL, &resp);
	html = body_str(&resp);
	assert_non_null(strstr(html, "已停用"));
	free(html);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'kiosk.revoke' AND actor = 'admin'"), 1);

	/* an Open311 key: made, used, revoked, refused */
	assert_int_equal(post_form(t, &admin, "/console/kiosks",
				   "action=open311_key&studio=hubin&label=partner", &html), 200);
	p = strstr(html, "<code>");
	assert_non_null(p);
	snprintf(key, sizeof key, "%.*s", (int)strcspn(p + 6, "<"), p + 6);
	p = strstr(html, "open311-hubin-");
	assert_non_null(p);
	snprintf(device, sizeof device, "%.*s", (int)strcspn(p, "<\""), p);
	free(html);
	assert_true(asprintf(&fields, "api_key=%s&service_code=other&description=x", key) > 0);
	post(t, NULL, "/open311/v2/requests.json", fields, &resp);
	assert_int_equal(resp.status, 201);
	mq_http_response_finish(&resp);
	{
		char *rv = NULL;

		assert_true(asprintf(&rv, "action=revoke&confirm=yes&device=%s", device) > 0);
		assert_int_equal(post_form(t, &admin, "/console/kiosks", rv, NULL), 303);
		free(rv);
	}
	post(t, NULL, "/open311/v2/requests.json", fields, &resp);
	assert_int_equal(resp.status, 401);
	assert_non_null(strstr(resp.body, "revoked"));
	mq_http_response_finish(&resp);
	free(fields);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'open311.key_revoke'"), 1);
}

/* GETs @p path (and @p query) and fails if the draft title is in the answer. */
static void no_draft(struct tsrv *t, const char *path, const char *query)
{
	struct mq_http_response resp;
	char *text;

	tsrv_request(t, "GET", path, query, NULL, 0, NULL, 0, &resp);
	assert_true(resp.status == 200);
	text = body_str(&resp);
	if (strstr(text, DRAFT))
		fail_msg("%s shows the unpublished topic title", path);
	free(text);
	mq_http_response_finish(&resp);
}

/* A topic's title reaches no public output before its result is published:
 * tracking page and JSON, Open311 JSON and XML (list and one), the board,
 * the calendar; after publication it may. */
static void test_draft_topic_title_on_no_public_output(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct mq_sig_headers sig;
	struct sess s;
	char *text, path[96];
	const char *loc;

	login(t, "hubin", &s);
	assert_int_equal(post_form(t, &s, "/console/opinions/" OP1 "/triage",
				   "action=topic_new&title=" DRAFT_FORM "&public_note=x", NULL), 303);
	no_draft(t, "/t/" TOK1, NULL);
	no_draft(t, "/api/v1/track/" TOK1, NULL);
	no_draft(t, "/open311/v2/requests.json", NULL);
	no_draft(t, "/open311/v2/requests.xml", NULL);
	no_draft(t, "/open311/v2/requests/" OP1 ".json", NULL);
	no_draft(t, "/open311/v2/requests/" OP1 ".xml", NULL);
	no_draft(t, "/open311/v2/tokens/" TOK1 ".json", NULL);
	no_draft(t, "/board/hubin", NULL);
	signed_req(t, "GET", "/api/v1/kiosk/state", "since=0", NULL, t->key, t->now, &sig, &resp);
	text = body_str(&resp);
	assert_null(strstr(text, DRAFT));
	free(text);
	mq_http_response_finish(&resp);
	/* the tracking page still says the opinion joined a topic, by number */
	tsrv_request(t, "GET", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	text = body_str(&resp);
	assert_non_null(strstr(text, "号议题"));
	free(text);
	mq_http_response_finish(&resp);
	/* published: now it is public */
	tsrv_request(t, "GET", "/console/topics", NULL,
		     (struct thdr[]){ { "Cookie", s.cookie } }, 1, NULL, 0, &resp);
	text = body_str(&resp);
	loc = strstr(text, "/console/topics/");
	assert_non_null(loc);
	snprintf(path, sizeof path, "%.52s", loc);
	free(text);
	mq_http_response_finish(&resp);
	assert_int_equal(post_form(t, &s, path, "action=feedback&result=done", NULL), 303);
	tsrv_request(t, "GET", "/open311/v2/requests.json", NULL, NULL, 0, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, DRAFT));
	mq_http_response_finish(&resp);
}

/* Growing delays: 3 free failures, then 2, 4, 8 ... s, up to the cap. */
static void test_throttle_delays_grow(void **state)
{
	const struct mq_throttle_policy *p = &mq_account_login_throttle;

	(void)state;
	assert_int_equal(mq_throttle_delay(p, 3), 0);
	assert_int_equal(mq_throttle_delay(p, 4), 2);
	assert_int_equal(mq_throttle_delay(p, 5), 4);
	assert_int_equal(mq_throttle_delay(p, 6), 8);
	assert_int_equal(mq_throttle_delay(p, 12), 512);
	assert_int_equal(mq_throttle_delay(p, 13), 900);
	assert_int_equal(mq_throttle_delay(p, 1000), 900);
}

/* A guesser from one address slows down; staff from another are let in. */
static void test_throttle_by_address(void **state)
{
	struct tsrv *t = *state;
	struct sess s;

	t->client = "203.0.113.50";
	for (int i = 0; i < 10; i++)
		(void)try_login(t, "admin", "guess", NULL);
	assert_int_equal(try_login(t, "admin", PASSWORD, NULL), 429);
	t->client = "198.51.100.1";
	assert_int_equal(try_login(t, "admin", PASSWORD, &s), 303);
	t->client = NULL;
}

/* POST /api/v1/enroll from @p client with @p code; the status (and
 * Retry-After into @p retry_after when not NULL). */
static unsigned int enroll_from(struct tsrv *t, const char *client, const char *code,
				char *retry_after, size_t size)
{
	struct mq_http_response resp;
	char body[64];
	unsigned int status;

	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	t->client = client;
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	status = resp.status;
	if (retry_after) {
		const char *ra = mq_http_response_header(&resp, "Retry-After");
		snprintf(retry_after, size, "%s", ra ? ra : "");
	}
	mq_http_response_finish(&resp);
	t->client = NULL;
	return status;
}

/* Enrollment codes guessed from one address: ten slips are free, then the
 * address waits longer and longer (even with a right code), while another
 * address enrolls at once; after the wait the first one may try again. */
static void test_enroll_throttled(void **state)
{
	struct tsrv *t = *state;
	char code[MQ_ENROLL_CODE_SHOWN + 1], code2[MQ_ENROLL_CODE_SHOWN + 1], after[24];

	assert_int_equal(mq_enroll_code_create(t->db, "hubin", t->now, code), MQ_OK);
	assert_int_equal(mq_enroll_code_create(t->db, "hubin", t->now, code2), MQ_OK);
	for (int i = 0; i < 11; i++)
		assert_int_equal(enroll_from(t, "203.0.113.9", "ZZZZ-ZZZZ-ZZZZ", NULL, 0), 403);
	assert_int_equal(enroll_from(t, "203.0.113.9", code, after, sizeof after), 429);
	assert_string_equal(after, "2");
	assert_int_equal(enroll_from(t, "203.0.113.10", code, NULL, 0), 200);
	t->now += 2;
	assert_int_equal(enroll_from(t, "203.0.113.9", code2, NULL, 0), 200);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM throttle WHERE purpose = 'enroll'"
				       " AND failures > 0"), 0);
}

/* Secure cookies and HSTS whenever browsers come over https; frame-ancestors. */
static void test_cookie_secure_and_headers(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	const char *csp, *public_url = t->srv.public_url;

	t->srv.public_url = "http://minqing.example.gov.cn";
	tsrv_request(t, "GET", "/console/login", NULL, NULL, 0, NULL, 0, &resp);
	assert_null(strstr(mq_http_response_header(&resp, "Set-Cookie"), "Secure"));
	assert_null(mq_http_response_header(&resp, "Strict-Transport-Security"));
	csp = mq_http_response_header(&resp, "Content-Security-Policy");
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	mq_http_response_finish(&resp);
	t->srv.tls = true;
	tsrv_request(t, "GET", "/console/login", NULL, NULL, 0, NULL, 0, &resp);
	assert_non_null(strstr(mq_http_response_header(&resp, "Set-Cookie"), "; Secure"));
	assert_non_null(mq_http_response_header(&resp, "Strict-Transport-Security"));
	mq_http_response_finish(&resp);
	t->srv.tls = false;
	t->srv.public_url = "https://minqing.example.gov.cn";
	tsrv_request(t, "GET", "/console/login", NULL, NULL, 0, NULL, 0, &resp);
	assert_non_null(strstr(mq_http_response_header(&resp, "Set-Cookie"), "; Secure"));
	mq_http_response_finish(&resp);
	t->srv.public_url = public_url;
	tsrv_request(t, "GET", "/t/" TOK1, NULL, NULL, 0, NULL, 0, &resp);
	assert_non_null(strstr(mq_http_response_header(&resp, "Content-Security-Policy"),
			       "frame-ancestors 'none'"));
	mq_http_response_finish(&resp);
}

/* /metrics: loopback without a proxy, or the bearer token. */
static void test_metrics_access(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	struct thdr right = { "Authorization", "Bearer 0123456789abcdef-metrics" };
	struct thdr wrong = { "Authorization", "Bearer 0123456789abcdef-metricz" };

	t->client = "198.51.100.3";
	tsrv_request(t, "GET", "/metrics", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 403);
	mq_http_response_finish(&resp);
	t->srv.metrics_token = "0123456789abcdef-metrics";
	tsrv_request(t, "GET", "/metrics", NULL, &wrong, 1, NULL, 0, &resp);
	assert_int_equal(resp.status, 401);
	assert_null(strstr(resp.body, "minqing_kiosk"));
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/metrics", NULL, &right, 1, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "minqing_kiosk_last_seen_age_seconds"));
	mq_http_response_finish(&resp);
	t->client = "127.0.0.1";
	tsrv_request(t, "GET", "/metrics", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	t->client = NULL;
	t->srv.metrics_token = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answers_are_signed, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_state_carries_no_token, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_revoked_kiosk, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_console_revokes_kiosk_and_open311_key, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_draft_topic_title_on_no_public_output, setup,
						tsrv_teardown_state),
		cmocka_unit_test(test_throttle_delays_grow),
		cmocka_unit_test_setup_teardown(test_throttle_by_address, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_enroll_throttled, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_cookie_secure_and_headers, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_metrics_access, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
