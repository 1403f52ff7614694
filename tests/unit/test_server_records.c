/* test_server_records.c — enrollment, request signing and POST /api/v1/records
 * through mq_server_dispatch(): what is stored, what is refused and why, and
 * that nothing already stored changes when a request is refused. */
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
#include <unistd.h>

#include "mq_db.h"
#include "mq_digest.h"
#include "mq_enroll.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_id.h"
#include "mq_sig.h"
#include "mq_wire.h"

#include "test_server_helpers.h"

#define ID1 "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"
#define ID2 "7a1c2e3f-5b6d-4e8f-9a0b-1c2d3e4f5a6b"
#define TOK1 "AAAAAAAAAAAAAAAAAAAAAA"
#define TOK2 "BBBBBBBBBBBBBBBBBBBBBB"
#define PINNED_ID2_HASH "66379a65eeb184fff0f71a7f6ae301cee1717894e5859565f7350f2da4392829"
#define DUPLICATES3 "{\"results\":[{\"id\":\"" ID1 "\",\"result\":\"duplicate\"},{\"id\":\"" \
	ID2 "\",\"result\":\"duplicate\"},{\"id\":\"11111111-1111-4111-8111-111111111111\"," \
	"\"result\":\"duplicate\"}],\"server_time\":\"2026-11-19T08:00:00Z\"}"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	*state = t;
	return 0;
}

/* Posts {"records":[@p rec]} and returns the one result object (caller decrefs). */
static json_t *post_one(struct tsrv *t, const char *rec)
{
	struct mq_http_response resp;
	char *body = NULL;
	json_t *j, *r;

	assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
	tsrv_post_records(t, body, &resp);
	free(body);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_int_equal(json_array_size(json_object_get(j, "results")), 1);
	assert_string_equal(json_string_value(json_object_get(j, "server_time")),
			    "2026-11-19T08:00:00Z");
	r = json_incref(json_array_get(json_object_get(j, "results"), 0));
	json_decref(j);
	mq_http_response_finish(&resp);
	return r;
}

static const char *result_of(const json_t *r)
{
	return json_string_value(json_object_get(r, "result"));
}

static void test_stored_duplicate_conflict(void **state)
{
	struct tsrv *t = *state;
	char *rec = tsrv_opinion(ID1, TOK1, "东坡路路口早高峰没有交警，老人过马路很危险",
				 ",\"community\":\"dongpolu\",\"member\":\"hubin-01\","
				 "\"contact\":{\"name\":\"王小明\",\"phone\":\"13800001234\","
				 "\"consent\":true}");
	json_t *r;

	assert_int_equal(tsrv_rows(t), 0);
	r = post_one(t, rec);
	assert_string_equal(json_string_value(json_object_get(r, "id")), ID1);
	assert_string_equal(result_of(r), "stored");
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(tsrv_rows(t), 1001001);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE id = '" ID1 "'"
				       " AND token = '" TOK1 "' AND studio = 'hubin'"
				       " AND community = 'dongpolu' AND member = 'hubin-01'"
				       " AND contact_phone = '13800001234' AND channel = 'kiosk'"
				       " AND stage = 'collected'"),
			 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events WHERE subject = '" ID1
				       "' AND stage = 'collected' AND at = 1795071845"),
			 1);

	/* the same record again: duplicate, nothing new stored */
	r = post_one(t, rec);
	assert_string_equal(result_of(r), "duplicate");
	json_decref(r);
	assert_int_equal(tsrv_rows(t), 1001001);
	free(rec);

	/* same id, other content: conflict, the stored text stays */
	rec = tsrv_opinion(ID1, TOK1, "改过的内容", "");
	r = post_one(t, rec);
	assert_string_equal(result_of(r), "conflict");
	assert_non_null(json_string_value(json_object_get(r, "error")));
	json_decref(r);
	assert_int_equal(tsrv_rows(t), 1001001);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM opinions WHERE text = '改过的内容'"), 0);
	free(rec);

	/* uppercase spelling of the same id with the same content is still that record */
	rec = tsrv_opinion("3F2B8C1E-4D5A-4B6C-8D7E-9F0A1B2C3D4E", TOK1, "改过的内容", "");
	r = post_one(t, rec);
	assert_string_equal(json_string_value(json_object_get(r, "id")),
			    "3F2B8C1E-4D5A-4B6C-8D7E-9F0A1B2C3D4E");
	assert_string_equal(result_of(r), "conflict");
	json_decref(r);
	free(rec);

	/* the very same record from another kiosk: conflict */
	rec = tsrv_opinion(ID1, TOK1, "东坡路路口早高峰没有交警，老人过马路很危险",
			   ",\"community\":\"dongpolu\",\"member\":\"hubin-01\","
			   "\"contact\":{\"name\":\"王小明\",\"phone\":\"13800001234\","
			   "\"consent\":true}");
	tsrv_enroll(t, "hubin");
	r = post_one(t, rec);
	assert_string_equal(result_of(r), "conflict");
	json_decref(r);
	assert_int_equal(tsrv_rows(t), 1001001);
	free(rec);
}

/* Each entry: a record and the exact result (and error substring) it must get. */
static const struct {
	const char *record;
	const char *result;
	const char *error;
} batch[] = {
	{ "{\"id\":\"" ID2 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T15:04:05+08:00\","
	  "\"data\":{\"token\":\"" TOK2 "\",\"short_code\":\"87654321\",\"category\":\"other\","
	  "\"text\":\"小区电梯经常坏\"}}", "stored", NULL },
	{ "{\"id\":\"not-a-uuid\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:04:05Z\","
	  "\"data\":{}}", "invalid", "id must be a UUID" },
	{ "{\"kind\":\"opinion\"}", "invalid", "id must be a UUID" },
	{ "{\"id\":42}", "invalid", "id must be a UUID" },
	{ "\"just a string\"", "invalid", "must be a JSON object" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111111\",\"kind\":\"booking\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{}}",
	  "invalid", "token must be 22 base64url characters" },   /* booking */
	{ "{\"id\":\"11111111-1111-4111-8111-111111111112\",\"kind\":\"rating\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{}}",
	  "invalid", "opinion must be the opinion's record id" },   /* rating */
	{ "{\"id\":\"11111111-1111-4111-8111-111111111113\",\"kind\":\"teleport\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{}}", "invalid", "unknown kind 'teleport'" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111114\",\"kind\":7,"
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{}}", "invalid", "kind must be a string" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111115\",\"kind\":\"opinion\","
	  "\"created_at\":\"yesterday\",\"data\":{}}", "invalid", "created_at must be an RFC 3339" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111116\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"text\":\"\"}}",
	  "invalid", "text must be 1..2000 characters" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111117\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"weather\",\"text\":\"x\"}}",
	  "invalid", "unknown category 'weather'" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111118\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"community\":\"xiaoyingxiang\","
	  "\"text\":\"x\"}}", "invalid", "unknown community 'xiaoyingxiang' for studio 'hubin'" },
	{ "{\"id\":\"11111111-1111-4111-8111-111111111119\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"member\":\"qingbo-01\","
	  "\"text\":\"x\"}}", "invalid", "unknown member 'qingbo-01' for studio 'hubin'" },
	{ "{\"id\":\"11111111-1111-4111-8111-11111111111a\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"" TOK2 "\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"text\":\"x\"}}",
	  "invalid", "token is already used by another record" },
	{ "{\"id\":\"11111111-1111-4111-8111-11111111111b\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"text\":\"x\",\"color\":\"red\"}}",
	  "invalid", "opinion data has an unknown field" },
	{ "{\"id\":\"11111111-1111-4111-8111-11111111111c\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\","
	  "\"short_code\":\"12345678\",\"category\":\"traffic\",\"text\":\"x\","
	  "\"contact\":{\"phone\":\"13800001234\"}}}", "invalid", "contact requires consent:true" },
	{ "{\"id\":\"11111111-1111-4111-8111-11111111111d\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\"}", "invalid", "data is missing" },
	{ "{\"id\":\"11111111-1111-4111-8111-11111111111e\",\"kind\":\"opinion\","
	  "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{},\"extra\":1}",
	  "invalid", "only the fields id, kind, created_at and data" },
	{ "{\"id\":\"" ID2 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T15:04:05+08:00\","
	  "\"data\":{\"token\":\"" TOK2 "\",\"short_code\":\"87654321\",\"category\":\"other\","
	  "\"text\":\"小区电梯经常坏\"}}", "duplicate", NULL },
};

static void test_mixed_batch(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char *body = NULL;
	size_t n = sizeof batch / sizeof batch[0], len = 0;
	FILE *f = open_memstream(&body, &len);
	json_t *j, *results;

	fputs("{\"records\":[", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", batch[i].record);
	fputs("]}", f);
	fclose(f);

	tsrv_post_records(t, body, &resp);
	free(body);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	results = json_object_get(j, "results");
	assert_int_equal(json_array_size(results), n);
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(results, i);
		const char *err = json_string_value(json_object_get(r, "error"));

		print_message("record %zu: %s %s\n", i, result_of(r), err ? err : "");
		assert_string_equal(result_of(r), batch[i].result);
		if (batch[i].error) {
			assert_non_null(err);
			assert_non_null(strstr(err, batch[i].error));
		} else {
			assert_null(err);
		}
	}
	/* ids are echoed; a missing or non-string id is answered as null */
	assert_string_equal(json_string_value(json_object_get(json_array_get(results, 1), "id")),
			    "not-a-uuid");
	assert_true(json_is_null(json_object_get(json_array_get(results, 2), "id")));
	assert_true(json_is_null(json_object_get(json_array_get(results, 3), "id")));
	json_decref(j);
	mq_http_response_finish(&resp);
	/* only the first record was stored (+08:00 normalised to UTC) */
	assert_int_equal(tsrv_rows(t), 1001001);
	assert_int_equal(tsrv_count(t, "SELECT created_at FROM opinions WHERE id = '" ID2 "'"),
			 1795071845);
}

/* The content hash as the server computed it before it streamed the dump
 * into the digest: json_dumps of a {kind, created_at, data} object, sorted
 * keys, compact. */
static void old_content_hash(const char *record, char out[MQ_DIGEST_HEX + 1])
{
	json_t *rec = json_loads(record, JSON_REJECT_DUPLICATES, NULL), *canon = json_object();
	static const char *const fields[] = { "kind", "created_at", "data" };
	char *text;

	assert_non_null(rec);
	for (size_t i = 0; i < 3; i++)
		if (json_object_get(rec, fields[i]))
			json_object_set(canon, fields[i], json_object_get(rec, fields[i]));
	text = json_dumps(canon, JSON_SORT_KEYS | JSON_COMPACT);
	assert_non_null(text);
	mq_digest_text(text, out);
	free(text);
	json_decref(canon);
	json_decref(rec);
}

/* Stored content hashes are what they were: for the same record the
 * server stores the hash the old code stored (computed here as it did, and
 * one pinned), so a resend to a database filled before is a duplicate. */
static void test_content_hash_unchanged(void **state)
{
	struct tsrv *t = *state;
	const char *ids[] = { ID1, ID2, "11111111-1111-4111-8111-111111111111" };
	char *recs[3], *body = NULL, want[MQ_DIGEST_HEX + 1];
	struct mq_http_response resp;

	recs[0] = tsrv_opinion(ids[0], TOK1, "路灯不亮了 \\\"引号\\\" \\\\ 斜杠/ \\n新行\\t\\u0001 😀 "
			       "\\u00e9", ",\"member\":\"hubin-01\",\"community\":\"dongpolu\","
			       "\"contact\":{\"phone\":\"13800001234\",\"name\":\"王小明\","
			       "\"consent\":true}");
	recs[1] = tsrv_opinion(ids[1], TOK2, "小区电梯经常坏", "");
	/* members in another order, blanks between them */
	assert_true(asprintf(&recs[2], "{ \"data\" : {\"text\":\"x\",\"category\":\"other\","
			     "\"short_code\":\"12345678\",\"token\":\"CCCCCCCCCCCCCCCCCCCCCC\"},"
			     "\"created_at\":\"2026-11-19T07:04:05Z\", \"kind\":\"opinion\","
			     "\"id\":\"%s\"}", ids[2]) > 0);
	assert_true(asprintf(&body, "{\"records\":[%s,%s,%s]}", recs[0], recs[1], recs[2]) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	for (size_t i = 0; i < 3; i++) {
		char sql[160];

		old_content_hash(recs[i], want);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM records WHERE id = '%s'"
			 " AND content_sha256 = ?1", ids[i]);
		assert_int_equal(tsrv_count_text(t, sql, want), 1);
	}
	/* and pinned: SHA-256 of {"created_at":"2026-11-19T07:04:05Z","data":{"category":
	 * "traffic","short_code":"12345678","text":"小区电梯经常坏","token":"BBB…"},
	 * "kind":"opinion"}, whatever jansson's version */
	assert_int_equal(tsrv_count_text(t, "SELECT count(*) FROM records WHERE id = '" ID2 "'"
					 " AND content_sha256 = ?1", PINNED_ID2_HASH), 1);
	/* and the same batch again: all three duplicates */
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.len, strlen(DUPLICATES3));
	assert_memory_equal(resp.body, DUPLICATES3, strlen(DUPLICATES3));
	mq_http_response_finish(&resp);
	free(body);
	for (size_t i = 0; i < 3; i++)
		free(recs[i]);
}

/* Posts @p body (signed) and checks status, error code and that nothing changed. */
static void refused(struct tsrv *t, const char *body, size_t len, unsigned int status,
		    const char *code)
{
	struct mq_http_response resp;
	long before = tsrv_rows(t);

	tsrv_signed(t, "POST", "/api/v1/records", NULL, body, len, &resp);
	assert_int_equal(resp.status, status);
	assert_string_equal(tsrv_error_code(&resp), code);
	assert_non_null(strstr(resp.content_type, "application/json"));
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_rows(t), before);
}

static void test_whole_request_refused(void **state)
{
	struct tsrv *t = *state;
	char *good = tsrv_opinion(ID1, TOK1, "有效的记录", "");
	char *body = NULL, *big;
	size_t len = 0;
	FILE *f;
	static const char bad_utf8[] = "{\"records\":[{\"id\":\"" ID1 "\",\"kind\":\"opinion\","
				       "\"created_at\":\"2026-11-19T07:04:05Z\",\"data\":{\"token\":\""
				       TOK1 "\",\"short_code\":\"12345678\",\"category\":\"traffic\","
				       "\"text\":\"\xff\xfe bad\"}}]}";
	struct {
		const char *body;
		unsigned int status;
		const char *code;
	} cases[] = {
		{ "{\"records\":[", 400, "invalid_json" },
		{ "", 400, "invalid_json" },
		{ "not json at all", 400, "invalid_json" },
		{ bad_utf8, 400, "invalid_json" },
		{ "{\"records\":[],\"records\":[]}", 400, "invalid_json" },
		{ "[]", 400, "invalid_request" },
		{ "\xff\xfe{", 400, "invalid_json" },
		{ "{\"records\":[\xc3]}", 400, "invalid_json" },
		{ "\"records\"", 400, "invalid_json" },   /* only objects/arrays at the top */
		{ "{}", 400, "invalid_request" },
		{ "{\"records\":{}}", 400, "invalid_request" },
		{ "{\"records\":\"x\"}", 400, "invalid_request" },
		{ "{\"records\":null}", 400, "invalid_request" },
		{ "{\"records\":[]}", 400, "invalid_request" },
		{ "{\"records\":[],\"more\":1}", 400, "invalid_request" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		print_message("case %zu\n", i);
		refused(t, cases[i].body, strlen(cases[i].body), cases[i].status, cases[i].code);
	}

	/* 101 records: refused as a whole even though each one is fine */
	f = open_memstream(&body, &len);
	fputs("{\"records\":[", f);
	for (int i = 0; i <= MQ_WIRE_MAX_RECORDS; i++) {
		char id[MQ_UUID_LEN + 1], tok[MQ_TOKEN_LEN + 1];
		char *rec;
		mq_id_uuid4(id);
		mq_id_token(tok);
		rec = tsrv_opinion(id, tok, "一条", "");
		fprintf(f, "%s%s", i ? "," : "", rec);
		free(rec);
	}
	fputs("]}", f);
	fclose(f);
	refused(t, body, len, 400, "invalid_request");
	free(body);

	/* over 1 MiB: 413, even though it is valid JSON */
	big = malloc(MQ_WIRE_MAX_BODY + 2);
	assert_non_null(big);
	memset(big, ' ', MQ_WIRE_MAX_BODY + 1);
	memcpy(big, "{\"records\":[", 12);
	memcpy(big + MQ_WIRE_MAX_BODY + 1 - 3 - strlen(good), good, strlen(good));
	memcpy(big + MQ_WIRE_MAX_BODY + 1 - 3, "]} ", 3);
	big[MQ_WIRE_MAX_BODY + 1] = '\0';
	refused(t, big, MQ_WIRE_MAX_BODY + 1, 413, "body_too_large");
	free(big);
	free(good);
	assert_int_equal(tsrv_rows(t), 0);
}

/* Signed-request refusals: every one is 401, carries Date, and stores nothing. */
static void expect_401(struct tsrv *t, struct mq_http_response *resp, const char *code,
		       long rows_before)
{
	json_t *j;

	assert_int_equal(resp->status, 401);
	assert_string_equal(tsrv_error_code(resp), code);
	assert_string_equal(mq_http_response_header(resp, "Date"), "Thu, 19 Nov 2026 08:00:00 GMT");
	j = tsrv_json(resp);
	assert_string_equal(json_string_value(json_object_get(j, "server_time")),
			    "2026-11-19T08:00:00Z");
	json_decref(j);
	mq_http_response_finish(resp);
	assert_int_equal(tsrv_rows(t), rows_before);
}

static void test_signature_refused(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char *rec = tsrv_opinion(ID1, TOK1, "签名测试", "");
	char *body = NULL;
	struct mq_sig_headers sh;
	unsigned char good_key[MQ_SIG_KEY_BYTES];
	char good_id[sizeof t->device_id];
	long before = tsrv_rows(t);
	size_t len;

	assert_true(asprintf(&body, "{\"records\":[%s]}", rec) > 0);
	len = strlen(body);

	/* no signature at all */
	tsrv_request(t, "POST", "/api/v1/records", NULL, NULL, 0, body, len, &resp);
	expect_401(t, &resp, "missing_signature", before);

	/* garbage signature headers */
	{
		struct thdr h[] = { { "Signature-Input", "sig1=(\"@method\");created=1" },
				    { "Signature", "sig1=:AAAA:" },
				    { "Content-Digest", "sha-256=:x:" } };
		tsrv_request(t, "POST", "/api/v1/records", NULL, h, 3, body, len, &resp);
		expect_401(t, &resp, "malformed_signature", before);
	}

	/* signed with the wrong key */
	memcpy(good_key, t->key, sizeof good_key);
	t->key[0] ^= 1;
	tsrv_signed(t, "POST", "/api/v1/records", NULL, body, len, &resp);
	expect_401(t, &resp, "bad_signature", before);
	memcpy(t->key, good_key, sizeof good_key);

	/* signed for another path */
	assert_true(mq_sig_sign(t->key, t->device_id, "POST", "/api/v1/other", NULL, body, len,
				t->now, "00112233445566778899aabbccddeeff", &sh));
	{
		struct thdr h[] = { { "Content-Digest", sh.content_digest },
				    { "Signature-Input", sh.signature_input },
				    { "Signature", sh.signature } };
		tsrv_request(t, "POST", "/api/v1/records", NULL, h, 3, body, len, &resp);
		expect_401(t, &resp, "bad_signature", before);
	}

	/* a Content-Digest that does not match the body actually sent */
	assert_true(mq_sig_sign(t->key, t->device_id, "POST", "/api/v1/records", NULL, body, len,
				t->now, "00112233445566778899aabbccddee01", &sh));
	{
		struct thdr h[] = { { "Content-Digest", sh.content_digest },
				    { "Signature-Input", sh.signature_input },
				    { "Signature", sh.signature } };
		tsrv_request(t, "POST", "/api/v1/records", NULL, h, 3, "{\"records\":[]}", 14, &resp);
		expect_401(t, &resp, "bad_content_digest", before);
		/* and one missing entirely */
		tsrv_request(t, "POST", "/api/v1/records", NULL, h + 1, 2, body, len, &resp);
		expect_401(t, &resp, "missing_content_digest", before);
	}

	/* created too far in the past and in the future */
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now - 301,
		       "aaaaaaaaaaaaaaaa0001", NULL, 0, &resp);
	expect_401(t, &resp, "stale_signature", before);
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now + 301,
		       "aaaaaaaaaaaaaaaa0002", NULL, 0, &resp);
	expect_401(t, &resp, "stale_signature", before);

	/* a nonce that is not hex */
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now, "nothexnothex",
		       NULL, 0, &resp);
	expect_401(t, &resp, "malformed_signature", before);

	/* unknown device */
	memcpy(good_id, t->device_id, sizeof good_id);
	snprintf(t->device_id, sizeof t->device_id, "kiosk-hubin-0000000000000000");
	tsrv_signed(t, "POST", "/api/v1/records", NULL, body, len, &resp);
	expect_401(t, &resp, "unknown_key", before);
	memcpy(t->device_id, good_id, sizeof good_id);

	/* a replayed nonce: the first use works, the second is refused */
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now - 299,
		       "feedfacefeedface", NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	before = tsrv_rows(t);
	assert_int_equal(before, 1001001);
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now - 299,
		       "feedfacefeedface", NULL, 0, &resp);
	expect_401(t, &resp, "replayed_nonce", before);
	/* the nonce is remembered for two windows after its use, then forgotten:
	 * a fresh signature may use it again (the old one is stale by then) */
	t->now += 2 * MQ_SIG_WINDOW_S;
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now, "feedfacefeedface",
		       NULL, 0, &resp);
	assert_int_equal(resp.status, 401);
	assert_string_equal(tsrv_error_code(&resp), "replayed_nonce");
	mq_http_response_finish(&resp);
	t->now += 1;
	tsrv_signed_ex(t, "POST", "/api/v1/records", NULL, body, len, t->now, "feedfacefeedface",
		       NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_rows(t), before);
	t->now -= 2 * MQ_SIG_WINDOW_S + 1;

	/* last_seen was updated by the accepted requests */
	assert_int_equal(tsrv_count(t, "SELECT max(last_seen) FROM devices"),
			 t->now + 2 * MQ_SIG_WINDOW_S + 1);
	free(body);
	free(rec);
}

static void test_enroll(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char code[MQ_ENROLL_CODE_SHOWN + 1], body[128], lower[MQ_ENROLL_CODE_SHOWN + 1];
	long devices = tsrv_count(t, "SELECT count(*) FROM devices");
	json_t *j;

	assert_int_equal(mq_enroll_code_create(t->db, "nowhere", t->now, code), MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_enroll_code_create(t->db, "xiaoying", t->now, code), MQ_OK);
	assert_int_equal(strlen(code), 14);
	assert_true(code[4] == '-' && code[9] == '-');

	/* lower case and without dashes still works, once */
	for (size_t i = 0, k = 0; i <= strlen(code); i++)
		if (code[i] != '-')
			lower[k++] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", lower);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	assert_string_equal(json_string_value(json_object_get(j, "studio")), "xiaoying");
	assert_int_equal(strncmp(json_string_value(json_object_get(j, "device_id")), "kiosk-", 6),
			 0);
	assert_int_equal(strlen(json_string_value(json_object_get(j, "key"))), 44);
	json_decref(j);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM devices"), devices + 1);

	/* the same code again */
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	assert_int_equal(resp.status, 403);
	assert_string_equal(tsrv_error_code(&resp), "code_used");
	mq_http_response_finish(&resp);

	/* an unknown code, a malformed one, a body without a code, not JSON */
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0,
		     "{\"code\":\"2345-6789-ABCD\"}", 25, &resp);
	assert_int_equal(resp.status, 403);
	assert_string_equal(tsrv_error_code(&resp), "invalid_code");
	mq_http_response_finish(&resp);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, "{\"code\":\"0000\"}", 15, &resp);
	assert_int_equal(resp.status, 403);
	assert_string_equal(tsrv_error_code(&resp), "invalid_code");
	mq_http_response_finish(&resp);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, "{\"code\":5}", 10, &resp);
	assert_int_equal(resp.status, 400);
	assert_string_equal(tsrv_error_code(&resp), "invalid_request");
	mq_http_response_finish(&resp);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, "code=1", 6, &resp);
	assert_int_equal(resp.status, 400);
	assert_string_equal(tsrv_error_code(&resp), "invalid_json");
	mq_http_response_finish(&resp);

	/* a code used one second before it expires works; one at expiry does not */
	assert_int_equal(mq_enroll_code_create(t->db, "hubin", t->now, code), MQ_OK);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	t->now += MQ_ENROLL_CODE_TTL_S;
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	assert_int_equal(resp.status, 403);
	assert_string_equal(tsrv_error_code(&resp), "code_expired");
	mq_http_response_finish(&resp);
	t->now -= 1;
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	t->now -= MQ_ENROLL_CODE_TTL_S - 1;
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM devices"), devices + 2);
}

/* The log says when a new enrollment code expires as the technician reads
 * a clock in the district: a date and time in Asia/Shanghai, not seconds. */
static void test_enroll_log_date(void **state)
{
	struct tsrv *t = *state;
	char code[MQ_ENROLL_CODE_SHOWN + 1], log[4096];
	FILE *f = tmpfile();
	int saved;
	size_t n;

	assert_non_null(f);
	fflush(stderr);
	saved = dup(fileno(stderr));
	assert_true(saved >= 0);
	assert_true(dup2(fileno(f), fileno(stderr)) >= 0);
	/* T_NOW is 2026-11-19 08:00 UTC; the code lives 24 hours: 16:00 the next day there */
	assert_int_equal(mq_enroll_code_create(t->db, "hubin", t->now, code), MQ_OK);
	fflush(stderr);
	assert_true(dup2(saved, fileno(stderr)) >= 0);
	close(saved);
	rewind(f);
	n = fread(log, 1, sizeof log - 1, f);
	log[n] = '\0';
	fclose(f);
	assert_non_null(strstr(log, "new enrollment code for studio hubin, "
				    "valid until 2026-11-20 16:00:00 (Asia/Shanghai)"));
}

/* A storage failure mid-batch: 503 with Retry-After, nothing acknowledged or kept. */
static void test_db_failure_rolls_back(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;
	char *a = tsrv_opinion(ID1, TOK1, "第一条", "");
	char *b = tsrv_opinion(ID2, TOK2, "第二条", "");
	char *body = NULL;

	/* the second opinion's history insert fails */
	tsrv_break_stage_events(t, ID2);
	assert_true(asprintf(&body, "{\"records\":[%s,%s]}", a, b) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 503);
	assert_string_equal(tsrv_error_code(&resp), "db_unavailable");
	assert_non_null(mq_http_response_header(&resp, "Retry-After"));
	assert_null(strstr(resp.body, ID1));
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_rows(t), 0);

	/* once the fault is gone the same batch is stored */
	tsrv_break_stage_events(t, NULL);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	mq_http_response_finish(&resp);
	assert_int_equal(tsrv_rows(t), 2002002);
	free(body);
	free(a);
	free(b);
}

/* The schema's rules on what a stored opinion may be (written without IN
 * lists on SQLite since 0014_check_lists, as IN lists on PostgreSQL) still
 * refuse every value outside them and take every value inside. */
static void test_opinion_checks_hold(void **state)
{
	struct tsrv *t = *state;
	static const char *const refused[] = {
		"UPDATE opinions SET channel = 'fax' WHERE id = '" ID1 "'",
		"UPDATE opinions SET stage = 'lost' WHERE id = '" ID1 "'",
		"UPDATE opinions SET disposition = 'ignored' WHERE id = '" ID1 "'",
		"INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role)"
		" VALUES ('opinion', '" ID1 "', 'lost', 1, 'staff')",
	};
	char *a = tsrv_opinion(ID1, TOK1, "第一条", "");
	json_t *r = post_one(t, a);

	assert_string_equal(result_of(r), "stored");
	json_decref(r);
	free(a);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		assert_int_equal(tsrv_exec(t, refused[i]), MQ_ERR_CONFLICT);
	assert_int_equal(tsrv_exec(t, "UPDATE opinions SET channel = 'liaison', disposition ="
				   " 'rejected', stage = 'feedback' WHERE id = '" ID1 "'"), MQ_OK);
	assert_int_equal(tsrv_exec(t, "UPDATE opinions SET disposition = NULL WHERE id = '"
				   ID1 "'"), MQ_OK);
	assert_int_equal(tsrv_exec(t, "INSERT INTO stage_events (subject_kind, subject, stage, at,"
				   " actor_role) VALUES ('opinion', '" ID1 "', 'triaged', 1, 'staff')"),
			 MQ_OK);
}

/* The newest stage event sets an opinion's stage, on both backends (since
 * 0015 the trigger leaves a row alone when its stage stays): stored at
 * collected with its first event, moved on, and moved back. */
static void test_stage_trigger(void **state)
{
	struct tsrv *t = *state;
	char *a = tsrv_opinion(ID1, TOK1, "第一条", "");
	json_t *r = post_one(t, a);
	static const char *const stage_is[] = {
		"SELECT count(*) FROM opinions WHERE id = '" ID1 "' AND stage = 'collected'",
		"SELECT count(*) FROM opinions WHERE id = '" ID1 "' AND stage = 'triaged'",
	};

	assert_string_equal(result_of(r), "stored");
	json_decref(r);
	free(a);
	assert_int_equal(tsrv_count(t, stage_is[0]), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events WHERE subject = '" ID1
				   "' AND stage = 'collected'"), 1);
	assert_int_equal(tsrv_exec(t, "INSERT INTO stage_events (subject_kind, subject, stage, at,"
				   " actor_role) VALUES ('opinion', '" ID1 "', 'triaged', 2, 'street')"),
			 MQ_OK);
	assert_int_equal(tsrv_count(t, stage_is[1]), 1);
	assert_int_equal(tsrv_exec(t, "INSERT INTO stage_events (subject_kind, subject, stage, at,"
				   " actor_role) VALUES ('opinion', '" ID1 "', 'collected', 3, 'street')"),
			 MQ_OK);
	assert_int_equal(tsrv_count(t, stage_is[0]), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM stage_events WHERE subject = '" ID1
				   "'"), 3);
}

static void test_routing(void **state)
{
	struct tsrv *t = *state;
	struct mq_http_response resp;

	tsrv_request(t, "GET", "/api/v1/records", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 405);
	assert_string_equal(mq_http_response_header(&resp, "Allow"), "POST");
	assert_string_equal(tsrv_error_code(&resp), "method_not_allowed");
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/api/v1/nothing", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 404);
	assert_string_equal(tsrv_error_code(&resp), "not_found");
	mq_http_response_finish(&resp);
	tsrv_request(t, "GET", "/healthz", NULL, NULL, 0, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.len, strlen("{\"status\":\"ok\"}"));
	assert_memory_equal(resp.body, "{\"status\":\"ok\"}", resp.len);
	mq_http_response_finish(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stored_duplicate_conflict, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_mixed_batch, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_content_hash_unchanged, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_whole_request_refused, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_signature_refused, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_enroll, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_enroll_log_date, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_db_failure_rolls_back, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_opinion_checks_hold, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_stage_trigger, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_routing, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
