/* test_server_helpers.c — a throwaway server for the server unit tests: a
 * seeded SQLite database in a temporary directory, an enrolled kiosk, and
 * requests (plain or signed per RFC 9421) handed straight to
 * mq_server_dispatch(). Linked into each test_server_* binary. */
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_db_sqlite.h"
#include "mq_enroll.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_id.h"
#include "mq_sig.h"
#include "mq_time.h"
#include "test_server_helpers.h"

#define T_NOW 1795075200   /* 2026-11-19T08:00:00Z (Thursday): the clock of every request */


struct hdrs {
	const struct thdr *h;
	size_t n;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static const char *hdr_get(void *cls, const char *name)
{
	const struct hdrs *h = cls;

	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->h[i].name, name) == 0)
			return h->h[i].value;
	return NULL;
}

/** Dispatch one request with the given headers; @p resp must be finished by the caller. */
void tsrv_request(struct tsrv *t, const char *method, const char *path, const char *query,
		  const struct thdr *headers, size_t n_headers, const char *body, size_t len,
		  struct mq_http_response *resp)
{
	struct hdrs h = { headers, n_headers };
	struct mq_http_request req = {
		.method = method,
		.path = path,
		.query = query,
		.header = hdr_get,
		.header_cls = &h,
		.body = body,
		.len = len,
		.now = t->now,
		.client = t->client,
	};

	mq_http_response_init(resp);
	mq_server_dispatch(&t->srv, &req, resp);
}

/** Sign (key, keyid, created, nonce as given) and dispatch. @p extra headers are added. */
void tsrv_signed_ex(struct tsrv *t, const char *method, const char *path, const char *query,
		    const char *body, size_t len, int64_t created, const char *nonce,
		    const struct thdr *extra, size_t n_extra, struct mq_http_response *resp)
{
	struct mq_sig_headers sh;
	struct thdr h[8];
	size_t n = 0;

	if (!mq_sig_sign(t->key, t->device_id, method, path, query, body, len, created, nonce,
			 &sh))
		die("mq_sig_sign failed");
	h[n++] = (struct thdr){ "Content-Digest", sh.content_digest };
	h[n++] = (struct thdr){ "Signature-Input", sh.signature_input };
	h[n++] = (struct thdr){ "Signature", sh.signature };
	for (size_t i = 0; i < n_extra && n < 8; i++)
		h[n++] = extra[i];
	tsrv_request(t, method, path, query, h, n, body, len, resp);
}

/** Sign with the enrolled key, created = now and a fresh nonce, and dispatch. */
void tsrv_signed(struct tsrv *t, const char *method, const char *path, const char *query,
		 const char *body, size_t len, struct mq_http_response *resp)
{
	char nonce[33];

	mq_id_random_hex(nonce, 16);
	tsrv_signed_ex(t, method, path, query, body, len, t->now, nonce, NULL, 0, resp);
}

/** POST /api/v1/records with @p body (NUL-terminated), signed. */
void tsrv_post_records(struct tsrv *t, const char *body, struct mq_http_response *resp)
{
	tsrv_signed(t, "POST", "/api/v1/records", NULL, body, strlen(body), resp);
}

/** The response body as JSON (aborts the test if it is not JSON). */
json_t *tsrv_json(const struct mq_http_response *resp)
{
	json_error_t err;
	json_t *j = json_loadb(resp->body ? resp->body : "", resp->len, 0, &err);

	if (!j)
		die("response %u is not JSON: %s: %.*s", resp->status, err.text, (int)resp->len,
		    resp->body ? resp->body : "");
	return j;
}

/** The "error" code of a JSON error answer (static buffer). */
const char *tsrv_error_code(const struct mq_http_response *resp)
{
	static char code[64];
	json_t *j = tsrv_json(resp);

	snprintf(code, sizeof code, "%s", json_string_value(json_object_get(j, "error"))
						  ? json_string_value(json_object_get(j, "error"))
						  : "(none)");
	if (!json_is_string(json_object_get(j, "message")))
		die("error answer without a message");
	json_decref(j);
	return code;
}

/** A single integer from @p sql, read through a separate connection. */
long tsrv_count(struct tsrv *t, const char *sql)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	long n;

	if (sqlite3_open_v2(t->path, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c, sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		die("count %s: %s", sql, c ? sqlite3_errmsg(c) : "open failed");
	n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(c);
	return n;
}

/** Total rows in the tables a sync request may touch: a fingerprint of stored data. */
long tsrv_rows(struct tsrv *t)
{
	return tsrv_count(t, "SELECT (SELECT count(*) FROM records) * 1000000 +"
			     " (SELECT count(*) FROM opinions) * 1000 +"
			     " (SELECT count(*) FROM stage_events)");
}

/** Enroll a kiosk of @p studio through POST /api/v1/enroll; fills device_id and key. */
void tsrv_enroll(struct tsrv *t, const char *studio)
{
	char code[MQ_ENROLL_CODE_SHOWN + 1], body[128];
	struct mq_http_response resp;
	const char *key_b64;
	size_t key_len = 0;
	json_t *j;

	if (mq_enroll_code_create(t->db, studio, t->now, code) != MQ_OK)
		die("cannot create an enrollment code");
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	tsrv_request(t, "POST", "/api/v1/enroll", NULL, NULL, 0, body, strlen(body), &resp);
	if (resp.status != 200)
		die("enroll answered %u", resp.status);
	j = tsrv_json(&resp);
	snprintf(t->device_id, sizeof t->device_id, "%s",
		 json_string_value(json_object_get(j, "device_id")));
	key_b64 = json_string_value(json_object_get(j, "key"));
	if (!key_b64 || sodium_base642bin(t->key, sizeof t->key, key_b64, strlen(key_b64), NULL,
					  &key_len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    key_len != sizeof t->key)
		die("enroll key is not base64 of 32 bytes");
	json_decref(j);
	mq_http_response_finish(&resp);
}

/** Create the fixture: temp dir, migrated + seeded database, enrolled hubin kiosk. */
void tsrv_setup(struct tsrv *t)
{
	memset(t, 0, sizeof *t);
	if (!mq_id_init())
		die("sodium_init failed");
	snprintf(t->dir, sizeof t->dir, "/tmp/mq-server-test-XXXXXX");
	if (!mkdtemp(t->dir))
		die("mkdtemp failed");
	snprintf(t->path, sizeof t->path, "%s/server.db", t->dir);
	if (mq_db_sqlite_open(t->path, &t->db) != MQ_OK)
		die("cannot open %s", t->path);
	if (t->db->seed_demo(t->db->cls) != MQ_OK)
		die("seed failed");
	t->srv.db = t->db;
	t->srv.public_url = "https://minqing.example.cn";
	t->now = T_NOW;
	tsrv_enroll(t, "hubin");
}

/** Remove everything tsrv_setup made. */
void tsrv_teardown(struct tsrv *t)
{
	char p[256];
	static const char *const files[] = { "server.db", "server.db-wal", "server.db-shm" };

	mq_db_destroy(t->db);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", t->dir, files[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

int tsrv_teardown_state(void **state)
{
	tsrv_teardown(*state);
	free(*state);
	return 0;
}

/** A well-formed opinion record as JSON text (malloc'd). @p extra_data is spliced
 *  into the data object (e.g. ",\"community\":\"dongpolu\"") or "". */
char *tsrv_opinion(const char *id, const char *token, const char *text, const char *extra_data)
{
	char *out = NULL;
	size_t n;
	FILE *f = open_memstream(&out, &n);

	if (!f)
		die("open_memstream");
	fprintf(f,
		"{\"id\":\"%s\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:04:05Z\","
		"\"data\":{\"token\":\"%s\",\"short_code\":\"12345678\",\"category\":\"traffic\","
		"\"text\":\"%s\"%s}}",
		id, token, text, extra_data);
	fclose(f);
	return out;
}
