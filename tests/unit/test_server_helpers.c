/* test_server_helpers.c — a throwaway server for the server unit tests: a
 * seeded database (SQLite in a temporary directory, or a fresh database in
 * the test PostgreSQL cluster when MQ_TEST_DB=pg), an enrolled kiosk, and
 * requests (plain or signed per RFC 9421) handed straight to
 * mq_server_dispatch(). Linked into each test_server_* binary. */
#include <jansson.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_db_pg.h"
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

/** Posts one record of @p kind (record id @p id, data JSON @p data) and
 *  returns the server's result for it: "stored", "duplicate", "invalid"
 *  (static buffer; aborts the test on any answer but 200). */
const char *tsrv_record_result(struct tsrv *t, const char *kind, const char *id, const char *data)
{
	static char result[32];
	struct mq_http_response resp;
	char body[2048];
	json_t *j;

	if ((size_t)snprintf(body, sizeof body, "{\"records\":[{\"id\":\"%s\",\"kind\":\"%s\","
			     "\"created_at\":\"2026-11-19T07:59:00Z\",\"data\":%s}]}", id, kind,
			     data) >= sizeof body)
		die("record %s: data too long for the test's buffer", id);
	tsrv_post_records(t, body, &resp);
	if (resp.status != 200)
		die("record %s: answered %u", id, resp.status);
	j = tsrv_json(&resp);
	snprintf(result, sizeof result, "%s",
		 json_string_value(json_object_get(
			 json_array_get(json_object_get(j, "results"), 0), "result")));
	json_decref(j);
	mq_http_response_finish(&resp);
	return result;
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

/* ---- PostgreSQL ------------------------------------------------------------ */

bool tsrv_on_pg(void)
{
	const char *b = getenv("MQ_TEST_DB");

	return b && strcmp(b, "pg") == 0;
}

/* The admin URL of the test cluster (MQ_TEST_PG_STATE/url), static. */
static const char *pg_admin_url(void)
{
	static char url[512];
	const char *state = getenv("MQ_TEST_PG_STATE");
	char path[512];
	FILE *f;
	size_t n;

	if (url[0])
		return url;
	if (!state)
		die("MQ_TEST_DB=pg needs MQ_TEST_PG_STATE (tests/pg/cluster.sh start DIR)");
	snprintf(path, sizeof path, "%s/url", state);
	if (!(f = fopen(path, "r")) || !fgets(url, sizeof url, f))
		die("no cluster URL in %s: is the test cluster running?", path);
	fclose(f);
	n = strlen(url);
	while (n && (url[n - 1] == '\n' || url[n - 1] == '\r'))
		url[--n] = '\0';
	return url;
}

/* The URL of database @p name in the test cluster into @p out. */
static void pg_url_of(const char *name, char *out, size_t size)
{
	const char *admin = pg_admin_url();
	const char *q = strchr(admin, '?');

	snprintf(out, size, "postgresql:///%s%s", name, q ? q : "");
}

/* Runs @p sql on database @p url; the result (caller clears), dies when the
 * server cannot be reached. */
static PGresult *pg_run(const char *url, const char *sql, const char *param)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK)
		die("cannot connect to %s: %s", url, PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	if (param)
		r = PQexecParams(c, sql, 1, NULL, &param, NULL, NULL, 0);
	else
		r = PQexec(c, sql);
	PQfinish(c);
	return r;
}

static void pg_admin(const char *sql)
{
	PGresult *r = pg_run(pg_admin_url(), sql, NULL);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

/* A migrated, seeded template database for this process, made once: each
 * test's database is a copy of it (CREATE DATABASE ... TEMPLATE), much
 * faster than migrating and seeding anew. */
static char pg_template[64];

static void pg_template_drop(void)
{
	char sql[128];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_template);
	pg_admin(sql);
}

static void pg_template_make(void)
{
	char sql[160], url[640];
	struct mq_db *db = NULL;

	if (pg_template[0])
		return;
	snprintf(pg_template, sizeof pg_template, "mqt_tpl_%ld", (long)getpid());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_template);
	pg_admin(sql);
	atexit(pg_template_drop);
	pg_url_of(pg_template, url, sizeof url);
	if (mq_db_pg_open(url, 1, &db) != MQ_OK || db->seed_demo(db->cls) != MQ_OK)
		die("cannot migrate and seed %s", url);
	mq_db_destroy(db);
	/* The few SQLite functions the tests' own SQL uses, for reading behind
	 * the server's back on both backends (not the server's: it never needs them). */
	PQclear(pg_run(url, "CREATE FUNCTION json_extract(doc text, path text) RETURNS text"
			    " LANGUAGE sql IMMUTABLE AS"
			    " $$ SELECT doc::jsonb #>> string_to_array(substr(path, 3), '.') $$;"
			    " CREATE FUNCTION instr(a text, b text) RETURNS integer"
			    " LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(a, b) $$", NULL));
}

/* A fresh database for @p t, copied from the template. */
static void pg_setup(struct tsrv *t)
{
	static unsigned int n;
	char sql[192];

	pg_template_make();
	snprintf(t->pg_name, sizeof t->pg_name, "mqt_%ld_%u", (long)getpid(), n++);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", t->pg_name, pg_template);
	pg_admin(sql);
	pg_url_of(t->pg_name, t->url, sizeof t->url);
	if (mq_db_pg_open(t->url, 4, &t->db) != MQ_OK)
		die("cannot open %s", t->url);
}

void tsrv_pg_database(const char *tag, char *url, size_t size)
{
	char sql[160], name[96];

	snprintf(name, sizeof name, "mqt_%ld_%s", (long)getpid(), tag);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pg_admin(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	pg_admin(sql);
	pg_url_of(name, url, size);
}

void tsrv_pg_admin(const char *sql)
{
	PGresult *r = pg_run(pg_admin_url(), sql, NULL);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		die("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

void tsrv_pg_drop_database(const char *tag)
{
	char sql[160];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS mqt_%ld_%s WITH (FORCE)",
		 (long)getpid(), tag);
	pg_admin(sql);
}

/* ---- reading and writing behind the server's back -------------------------- */

/** A single integer from @p sql, read through a separate connection. */
long tsrv_count(struct tsrv *t, const char *sql)
{
	return tsrv_count_text(t, sql, NULL);
}

/* @p sql with ?1 written $1, for PostgreSQL (static buffer). */
static const char *dollar_params(const char *sql)
{
	static char out[2048];
	size_t j = 0;

	for (size_t i = 0; sql[i] && j + 1 < sizeof out; i++)
		out[j++] = sql[i] == '?' ? '$' : sql[i];
	out[j] = '\0';
	return out;
}

long tsrv_count_text(struct tsrv *t, const char *sql, const char *text)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	long n;

	if (t->pg_name[0]) {
		PGresult *r = pg_run(t->url, dollar_params(sql), text);

		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
			die("count %s: %s", sql, PQresultErrorMessage(r));
		n = PQgetisnull(r, 0, 0) ? 0 : strtol(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		return n;
	}
	if (sqlite3_open_v2(t->path, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c, sql, -1, &s, NULL) != SQLITE_OK)
		die("count %s: %s", sql, c ? sqlite3_errmsg(c) : "open failed");
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		die("count %s: %s", sql, sqlite3_errmsg(c));
	n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(c);
	return n;
}

enum mq_err tsrv_exec(struct tsrv *t, const char *sql)
{
	sqlite3 *c = NULL;
	int rc;

	if (t->pg_name[0]) {
		PGresult *r = pg_run(t->url, sql, NULL);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		enum mq_err err = MQ_OK;

		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			err = state && strncmp(state, "23", 2) == 0 ? MQ_ERR_CONFLICT : MQ_ERR_DB;
		PQclear(r);
		return err;
	}
	if (sqlite3_open(t->path, &c) != SQLITE_OK)
		die("cannot open %s", t->path);
	sqlite3_busy_timeout(c, 5000);
	sqlite3_exec(c, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	rc = sqlite3_exec(c, sql, NULL, NULL, NULL);
	sqlite3_close(c);
	return rc == SQLITE_OK ? MQ_OK : (rc & 0xff) == SQLITE_CONSTRAINT ? MQ_ERR_CONFLICT
									 : MQ_ERR_DB;
}

void tsrv_break_stage_events(struct tsrv *t, const char *subject)
{
	char sql[512];

	if (t->pg_name[0] && subject)
		snprintf(sql, sizeof sql,
			 "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
			 " RAISE EXCEPTION 'disk trouble'; END $$;"
			 " CREATE TRIGGER boom BEFORE INSERT ON stage_events FOR EACH ROW"
			 " WHEN (NEW.subject = '%s') EXECUTE FUNCTION boom()", subject);
	else if (t->pg_name[0])
		snprintf(sql, sizeof sql, "DROP TRIGGER boom ON stage_events; DROP FUNCTION boom()");
	else if (subject)
		snprintf(sql, sizeof sql, "CREATE TRIGGER boom BEFORE INSERT ON stage_events"
			 " WHEN NEW.subject = '%s' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
			 subject);
	else
		snprintf(sql, sizeof sql, "DROP TRIGGER boom");
	if (tsrv_exec(t, sql) != MQ_OK)
		die("cannot %s the stage_events fault", subject ? "make" : "remove");
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
	if (tsrv_on_pg()) {
		pg_setup(t);
	} else {
		snprintf(t->path, sizeof t->path, "%s/server.db", t->dir);
		snprintf(t->url, sizeof t->url, "sqlite:%s", t->path);
		if (mq_db_sqlite_open(t->path, &t->db) != MQ_OK)
			die("cannot open %s", t->path);
	}
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
	if (t->pg_name[0]) {
		snprintf(p, sizeof p, "DROP DATABASE %s WITH (FORCE)", t->pg_name);
		pg_admin(p);
	}
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

void tsrv_clear_participation(struct tsrv *t)
{
	if (tsrv_exec(t, "DELETE FROM candidate_supports; DELETE FROM candidates;"
			 " DELETE FROM topic_volunteers; DELETE FROM topic_calls") != MQ_OK)
		die("cannot clear the seeded candidates");
}
