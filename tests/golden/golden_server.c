/* golden_server.c — every route of the district server answered for one
 * seeded district, written out byte for byte, so that a change meant to
 * move code and not behaviour can be shown to change no answer.
 *
 *   golden_server OUT_DIR
 *
 * writes OUT_DIR/NNN-<what>.txt: the request line, the status, every
 * response header and the body. tests/golden/check.sh compares the folder
 * with tests/golden/server/ (MQ_GOLDEN_UPDATE=1 rewrites that instead).
 *
 * To be byte for byte repeatable the program replaces libsodium's random
 * source with a seeded stream (tokens, session ids, CSRF tokens, salts and
 * codes then repeat), fixes every request's clock, and imports a fixed duty
 * roster instead of seed-demo's (which follows the real date). It talks to
 * the server only through mq_server_dispatch() and sets up accounts and the
 * roster with plain SQL, so that it depends on as little of the code it
 * checks as it can. */
#define _GNU_SOURCE   /* asprintf, open_memstream */
#include <jansson.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_db_pg.h"
#include "mq_db_sqlite.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_sig.h"

#define NOW 1795075200   /* 2026-11-19T08:00:00Z, Thursday 16:00 in Shanghai */
#define PASSWORD "correct horse battery"

#define OP1 "a1111111-1111-4111-8111-111111111111"
#define OP2 "a2222222-2222-4222-8222-222222222222"
#define OP3 "a3333333-3333-4333-8333-333333333333"
#define OP4 "a4444444-4444-4444-8444-444444444444"
#define BK1 "b1111111-1111-4111-8111-111111111111"
#define BK2 "b2222222-2222-4222-8222-222222222222"
#define CI1 "c1111111-1111-4111-8111-111111111111"
#define CO1 "c2222222-2222-4222-8222-222222222222"
#define TOK1 "Tok1_aaaaaaaaaaaaaaaaa"
#define TOK2 "Tok2_bbbbbbbbbbbbbbbbb"
#define TOK3 "Tok3_ccccccccccccccccc"
#define TOK4 "Tok4_ddddddddddddddddd"
#define BTOK1 "Bk1_aaaaaaaaaaaaaaaaaa"
#define BTOK2 "Bk2_bbbbbbbbbbbbbbbbbb"
#define XSS "<script>alert(1)</script><img src=x onerror=alert(2)>"

/* ---- a seeded random source ---------------------------------------------- */

static uint64_t draws;

static void seeded_buf(void *buf, size_t size)
{
	unsigned char seed[randombytes_SEEDBYTES] = { 'm', 'q', 'g', 'o', 'l', 'd' };

	draws++;
	memcpy(seed + 8, &draws, sizeof draws);
	randombytes_buf_deterministic(buf, size, seed);
}

static uint32_t seeded_random(void)
{
	uint32_t r;

	seeded_buf(&r, sizeof r);
	return r;
}

static const char *seeded_name(void)
{
	return "golden";
}

static struct randombytes_implementation seeded = {
	.implementation_name = seeded_name,
	.random = seeded_random,
	.buf = seeded_buf,
};

/* ---- the district ----------------------------------------------------------- */

static struct {
	char dir[128];
	char db_path[192];
	const char *out;
	struct mq_db *db;
	struct mq_server srv;
	int n;                                   /* answers written */
	char device[MQ_SIG_KEYID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
	int64_t now;
	const char *client;
	char topic[64];                          /* the topic the walk makes */
} g;

/* A signed-in console account: its cookie and CSRF token. */
struct sess {
	char cookie[200];
	char csrf[100];
	char home[32];          /* where its login led */
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("golden_server: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- the database: SQLite, or with MQ_TEST_DB=pg the test PostgreSQL
 * cluster (tests/pg/cluster.sh): the same answers, byte for byte ---------- */

static char pg_admin[512];      /* the cluster's admin URL; "" on SQLite */
static char pg_url[640];        /* this run's database */

static void pg_exec(const char *url, const char *text)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, text) : NULL;

	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK))
		die("%s: %s", text, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sql(const char *fmt, ...)
{
	sqlite3 *c = NULL;
	char *text = NULL, *err = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	if (pg_admin[0]) {
		pg_exec(pg_url, text);
		free(text);
		return;
	}
	if (sqlite3_open(g.db_path, &c) != SQLITE_OK ||
	    sqlite3_busy_timeout(c, 5000) != SQLITE_OK ||
	    sqlite3_exec(c, text, NULL, NULL, &err) != SQLITE_OK)
		die("%s: %s", text, err ? err : sqlite3_errmsg(c));
	sqlite3_close(c);
	free(text);
}

/* Opens and seeds the run's database in g.dir (SQLite) or the cluster. */
static void open_db(void)
{
	const char *state = getenv("MQ_TEST_PG_STATE"), *q;
	char path[512];
	FILE *f;

	if (!getenv("MQ_TEST_DB") || strcmp(getenv("MQ_TEST_DB"), "pg") != 0) {
		snprintf(g.db_path, sizeof g.db_path, "%s/server.db", g.dir);
		if (mq_db_sqlite_open(g.db_path, &g.db) != MQ_OK ||
		    g.db->seed_demo(g.db->cls) != MQ_OK)
			die("cannot open and seed %s", g.db_path);
		return;
	}
	snprintf(path, sizeof path, "%s/url", state ? state : ".");
	if (!(f = fopen(path, "r")) || !fgets(pg_admin, sizeof pg_admin, f))
		die("MQ_TEST_DB=pg: no cluster URL in %s", path);
	fclose(f);
	pg_admin[strcspn(pg_admin, "\r\n")] = '\0';
	q = strchr(pg_admin, '?');
	snprintf(pg_url, sizeof pg_url, "postgresql:///mqg_%ld%s", (long)getpid(), q ? q : "");
	snprintf(path, sizeof path, "CREATE DATABASE mqg_%ld", (long)getpid());
	pg_exec(pg_admin, path);
	if (mq_db_pg_open(pg_url, 4, &g.db) != MQ_OK || g.db->seed_demo(g.db->cls) != MQ_OK)
		die("cannot open and seed %s", pg_url);
}

static void close_db(void)
{
	char p[256];

	mq_db_destroy(g.db);
	if (pg_admin[0]) {
		snprintf(p, sizeof p, "DROP DATABASE mqg_%ld WITH (FORCE)", (long)getpid());
		pg_exec(pg_admin, p);
	} else {
		unlink(g.db_path);
		snprintf(p, sizeof p, "%s-wal", g.db_path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", g.db_path);
		unlink(p);
	}
	rmdir(g.dir);
}

struct hdrs {
	const char *const (*h)[2];
	size_t n;
};

static const char *hdr_get(void *cls, const char *name)
{
	const struct hdrs *h = cls;

	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->h[i][0], name) == 0)
			return h->h[i][1];
	return NULL;
}

/* /metrics without the latency histograms: their figures are measured time. */
static void write_metrics(FILE *f, const char *body, size_t len)
{
	const char *end = body + len;

	while (body < end) {
		const char *nl = memchr(body, '\n', (size_t)(end - body));
		size_t n = nl ? (size_t)(nl - body) + 1 : (size_t)(end - body);

		if (!memmem(body, n, "duration_seconds_", strlen("duration_seconds_")))
			fwrite(body, 1, n, f);
		body += n;
	}
}

/* Writes one answer to OUT/NNN-<label>.txt. */
static void record(const char *label, const char *method, const char *path, const char *query,
		   const struct mq_http_response *resp)
{
	char name[512];
	FILE *f;

	snprintf(name, sizeof name, "%s/%03d-%s.txt", g.out, ++g.n, label);
	f = fopen(name, "w");
	if (!f)
		die("cannot write %s", name);
	fprintf(f, "%s %s%s%s\nstatus: %u\ncontent-type: %s\n", method, path,
		query && *query ? "?" : "", query && *query ? query : "", resp->status,
		resp->content_type ? resp->content_type : "");
	for (unsigned int i = 0; i < resp->n_headers; i++)
		fprintf(f, "%s: %s\n", resp->headers[i].name, resp->headers[i].value);
	fputc('\n', f);
	if (resp->len && strcmp(path, "/metrics") == 0)
		write_metrics(f, resp->body, resp->len);
	else if (resp->len)
		fwrite(resp->body, 1, resp->len, f);
	fclose(f);
}

/* Dispatches one request; the answer stays in @p resp (caller finishes it). */
static void dispatch(const char *method, const char *path, const char *query,
		     const char *const (*headers)[2], size_t n_headers, const char *body,
		     struct mq_http_response *resp)
{
	struct hdrs h = { headers, n_headers };
	struct mq_http_request req = {
		.method = method, .path = path, .query = query,
		.header = hdr_get, .header_cls = &h,
		.body = body, .len = body ? strlen(body) : 0,
		.now = g.now, .client = g.client,
	};

	mq_http_response_init(resp);
	mq_server_dispatch(&g.srv, &req, resp);
}

/* One request written out as @p label; returns the status. @p s signs in
 * (NULL: nobody); a POST body gets the session's CSRF token first when
 * @p csrf. */
static unsigned int call(const char *label, const struct sess *s, const char *method,
			 const char *path, const char *query, const char *body, bool csrf,
			 struct mq_http_response *keep)
{
	const char *const h[][2] = {
		{ "Cookie", s ? s->cookie : "" },
		{ "Content-Type", "application/x-www-form-urlencoded" },
	};
	struct mq_http_response resp;
	char *full = NULL;
	unsigned int status;

	if (csrf && s) {
		if (asprintf(&full, "csrf=%s&%s", s->csrf, body ? body : "") < 0)
			die("out of memory");
		body = full;
	}
	dispatch(method, path, query, h, s ? 2 : 1, body, &resp);
	record(label, method, path, query, &resp);
	status = resp.status;
	if (keep)
		*keep = resp;
	else
		mq_http_response_finish(&resp);
	free(full);
	return status;
}

static unsigned int get(const char *label, const struct sess *s, const char *path,
			const char *query)
{
	return call(label, s, "GET", path, query, NULL, false, NULL);
}

static unsigned int form(const char *label, const struct sess *s, const char *path,
			 const char *fields)
{
	return call(label, s, "POST", path, NULL, fields, true, NULL);
}

/* A signed kiosk request (RFC 9421, as a kiosk sends it). */
static unsigned int signed_call(const char *label, const char *method, const char *path,
				const char *query, const char *body)
{
	struct mq_sig_headers sh;
	struct mq_http_response resp;
	char nonce[33];
	unsigned char raw[16];
	unsigned int status;

	seeded_buf(raw, sizeof raw);
	sodium_bin2hex(nonce, sizeof nonce, raw, sizeof raw);
	if (!mq_sig_sign(g.key, g.device, method, path, query, body, body ? strlen(body) : 0,
			 g.now, nonce, &sh))
		die("cannot sign");
	{
		const char *const h[][2] = {
			{ "Content-Digest", sh.content_digest },
			{ "Signature-Input", sh.signature_input },
			{ "Signature", sh.signature },
		};
		dispatch(method, path, query, h, 3, body, &resp);
	}
	record(label, method, path, query, &resp);
	status = resp.status;
	mq_http_response_finish(&resp);
	return status;
}

/* Copies cookie @p name's "name=value" out of @p resp's Set-Cookie. */
static void cookie_of(const struct mq_http_response *resp, const char *name, char *out,
		      size_t size)
{
	const char *sc = mq_http_response_header(resp, "Set-Cookie");

	if (!sc || strncmp(sc, name, strlen(name)) != 0)
		die("no %s cookie", name);
	snprintf(out, size, "%.*s", (int)strcspn(sc, ";"), sc);
}

/* The first hidden csrf value of a page. */
static void csrf_of(const struct mq_http_response *resp, char *out, size_t size)
{
	const char *p = resp->body ? strstr(resp->body, "name=\"csrf\" value=\"") : NULL;

	if (!p)
		die("no csrf field");
	p += strlen("name=\"csrf\" value=\"");
	snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
}

/* Signs @p user in through the login page, writing both answers out. */
static void login(const char *user, struct sess *s)
{
	struct mq_http_response resp;
	char login_cookie[200], csrf[100], *body = NULL, label[64];

	snprintf(label, sizeof label, "login-page-%s", user);
	call(label, NULL, "GET", "/console/login", NULL, NULL, false, &resp);
	cookie_of(&resp, "mq_login", login_cookie, sizeof login_cookie);
	csrf_of(&resp, csrf, sizeof csrf);
	mq_http_response_finish(&resp);
	if (asprintf(&body, "csrf=%s&username=%s&password=%s", csrf, user, PASSWORD) < 0)
		die("out of memory");
	{
		const char *const h[][2] = { { "Cookie", login_cookie } };
		dispatch("POST", "/console/login", NULL, h, 1, body, &resp);
	}
	snprintf(label, sizeof label, "login-%s", user);
	record(label, "POST", "/console/login", NULL, &resp);
	if (resp.status != 303)
		die("login %s: %u", user, resp.status);
	cookie_of(&resp, "mq_session", s->cookie, sizeof s->cookie);
	/* where logins lead: the inbox (a liaison officer's: the filing form) */
	snprintf(s->home, sizeof s->home, "%s", mq_http_response_header(&resp, "Location"));
	mq_http_response_finish(&resp);
	free(body);
	snprintf(label, sizeof label, "%s-%s", strcmp(s->home, "/console/inbox") ? "home" : "inbox",
		 user);
	call(label, s, "GET", s->home, NULL, NULL, false, &resp);
	csrf_of(&resp, s->csrf, sizeof s->csrf);
	mq_http_response_finish(&resp);
}

static void add_staff(const char *user, const char *role, const char *studio, const char *member)
{
	static char hash[crypto_pwhash_STRBYTES];

	if (!hash[0] && crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
					  crypto_pwhash_OPSLIMIT_INTERACTIVE,
					  crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		die("cannot hash");
	sql("INSERT INTO staff (username, role, studio, member, pw_hash, created_at) VALUES"
	    " ('%s', '%s', %s%s%s, %s%s%s, '%s', %d)", user, role,
	    studio ? "'" : "", studio ? studio : "NULL", studio ? "'" : "",
	    member ? "'" : "", member ? member : "NULL", member ? "'" : "", hash, NOW);
}

/* Enrolls a kiosk of @p studio through POST /api/v1/enroll. */
static void enroll(const char *studio)
{
	struct mq_http_response resp;
	char body[96];
	size_t len = 0;
	json_t *j;
	const char *key;

	sql("INSERT INTO enroll_codes (code, studio, created_at, expires_at) VALUES"
	    " ('GXDNHVBN2345', '%s', %d, %d)", studio, NOW, NOW + 86400);
	snprintf(body, sizeof body, "{\"code\":\"GXDN-HVBN-2345\"}");
	dispatch("POST", "/api/v1/enroll", NULL, NULL, 0, body, &resp);
	record("enroll", "POST", "/api/v1/enroll", NULL, &resp);
	j = json_loadb(resp.body, resp.len, 0, NULL);
	key = json_string_value(json_object_get(j, "key"));
	if (resp.status != 200 || !key)
		die("enroll answered %u", resp.status);
	snprintf(g.device, sizeof g.device, "%s", json_string_value(json_object_get(j, "device_id")));
	if (sodium_base642bin(g.key, sizeof g.key, key, strlen(key), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof g.key)
		die("enroll key");
	json_decref(j);
	mq_http_response_finish(&resp);
}

/* ---- the walk ---------------------------------------------------------------- */

static const char roster_csv[] =
	"csv=kind%2Cstudio%2Cmember%2Cdate%2Cstart%2Cend%2Cslot_minutes%2Ccapacity%2Cuntil%2Cnote%0A"
	"shift%2Chubin%2Chubin-01%2C2026-11-20%2C09%3A00%2C11%3A00%2C30%2C2%2C%2C%0A"
	"shift%2Chubin%2Chubin-02%2C2026-11-20%2C14%3A00%2C16%3A00%2C60%2C3%2C%2C%0A"
	"weekly%2Chubin%2Chubin-03%2C2026-11-23%2C09%3A00%2C11%3A30%2C30%2C2%2C2026-12-14%2C%E6%AF%8F%E5%91%A8%E4%B8%80%0A"
	"skip%2Chubin%2Chubin-03%2C2026-11-30%2C%2C%2C%2C%2C%2C%E5%BC%80%E4%BC%9A%0A"
	"closed%2Chubin%2C%2C2026-12-07%2C%2C%2C%2C%2C%2C%E5%85%AC%E4%BC%91%0A";

static const char records_body[] =
	"{\"records\":["
	"{\"id\":\"" OP1 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:04:05Z\","
	"\"data\":{\"token\":\"" TOK1 "\",\"short_code\":\"11112222\",\"category\":\"traffic\","
	"\"community\":\"dongpolu\",\"text\":\"东坡路口红绿灯太短，老人过马路来不及\","
	"\"contact\":{\"name\":\"赵秀梅\",\"phone\":\"13912345678\",\"consent\":true}}},"
	"{\"id\":\"" OP2 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:10:00Z\","
	"\"data\":{\"token\":\"" TOK2 "\",\"short_code\":\"33334444\",\"category\":\"traffic\","
	"\"community\":\"yuewanglu\",\"member\":\"hubin-02\",\"text\":\"岳王路口信号灯时间太短\"}},"
	"{\"id\":\"" OP3 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:20:00Z\","
	"\"data\":{\"token\":\"" TOK3 "\",\"short_code\":\"55556666\",\"category\":\"other\","
	"\"text\":\"" XSS " '); DROP TABLE opinions; --\"}},"
	"{\"id\":\"" OP4 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:30:00Z\","
	"\"data\":{\"token\":\"" TOK4 "\",\"short_code\":\"77778888\",\"category\":\"environment\","
	"\"text\":\"垃圾分类点太远\"}},"
	"{\"id\":\"" BK1 "\",\"kind\":\"booking\",\"created_at\":\"2026-11-19T07:40:00Z\","
	"\"data\":{\"token\":\"" BTOK1 "\",\"short_code\":\"12121212\",\"slot\":\"hubin-20261120-0900\","
	"\"name\":\"孙大爷\",\"phone\":\"13811112222\",\"topic\":\"加装电梯\"}},"
	"{\"id\":\"" BK2 "\",\"kind\":\"booking\",\"created_at\":\"2026-11-19T07:41:00Z\","
	"\"data\":{\"token\":\"" BTOK2 "\",\"short_code\":\"34343434\",\"slot\":\"hubin-20261120-1400\","
	"\"name\":\"李阿姨\",\"phone\":\"13833334444\",\"topic\":\"停车难\"}},"
	"{\"id\":\"" OP1 "\",\"kind\":\"opinion\",\"created_at\":\"2026-11-19T07:04:05Z\","
	"\"data\":{\"token\":\"" TOK1 "\",\"short_code\":\"11112222\",\"category\":\"traffic\","
	"\"text\":\"changed\"}},"
	"{\"id\":\"d0000000-0000-4000-8000-000000000000\",\"kind\":\"teleport\","
	"\"created_at\":\"2026-11-19T07:50:00Z\",\"data\":{}}"
	"]}";

static void public_pages(const char *when)
{
	char label[64];

	snprintf(label, sizeof label, "track-page-%s", when);
	get(label, NULL, "/t/" TOK1, NULL);
	snprintf(label, sizeof label, "track-page2-%s", when);
	get(label, NULL, "/t/" TOK2, NULL);
	snprintf(label, sizeof label, "track-json-%s", when);
	get(label, NULL, "/api/v1/track/" TOK2, NULL);
	snprintf(label, sizeof label, "board-%s", when);
	get(label, NULL, "/board/hubin", NULL);
	snprintf(label, sizeof label, "open311-requests-%s", when);
	get(label, NULL, "/open311/v2/requests.json", NULL);
	snprintf(label, sizeof label, "open311-requests-xml-%s", when);
	get(label, NULL, "/open311/v2/requests.xml", NULL);
	snprintf(label, sizeof label, "kiosk-state-%s", when);
	signed_call(label, "GET", "/api/v1/kiosk/state", NULL, NULL);
}

static void kiosk_side(void)
{
	get("healthz", NULL, "/healthz", NULL);
	get("track-not-synced", NULL, "/t/" TOK1, NULL);
	get("track-json-unknown", NULL, "/api/v1/track/" TOK1, NULL);
	signed_call("kiosk-state-empty", "GET", "/api/v1/kiosk/state", NULL, NULL);
	signed_call("records", "POST", "/api/v1/records", NULL, records_body);
	signed_call("records-again", "POST", "/api/v1/records", NULL, records_body);
	signed_call("records-not-json", "POST", "/api/v1/records", NULL, "{\"records\":[");
	signed_call("heartbeat", "POST", "/api/v1/heartbeat", NULL,
		    "{\"version\":\"0.1.0\",\"uptime_s\":3600,\"queue_depth\":2,"
		    "\"oldest_queued_age_s\":30,\"disk_free_bytes\":900000000,\"last_error\":null}");
	signed_call("kiosk-state-since", "GET", "/api/v1/kiosk/state", "since=0", NULL);
	get("booking-page", NULL, "/b/" BTOK1, NULL);
	get("booking-ics", NULL, "/b/" BTOK1 "/calendar.ics", NULL);
	get("booking-unknown", NULL, "/b/Unknown_aaaaaaaaaaaaa", NULL);
	call("booking-cancel-ask", NULL, "POST", "/b/" BTOK2 "/cancel", NULL, "", false, NULL);
	call("booking-cancel", NULL, "POST", "/b/" BTOK2 "/cancel", NULL, "confirm=yes", false, NULL);
	get("booking-cancelled", NULL, "/b/" BTOK2, NULL);
	public_pages("collected");
	get("open311-services", NULL, "/open311/v2/services.json", NULL);
	get("open311-services-xml", NULL, "/open311/v2/services.xml", NULL);
	get("open311-service", NULL, "/open311/v2/services/other.json", NULL);
	get("open311-service-xml", NULL, "/open311/v2/services/other.xml", NULL);
	get("open311-service-unknown", NULL, "/open311/v2/services/nosuch.json", NULL);
	get("open311-request", NULL, "/open311/v2/requests/" OP1 ".json", NULL);
	get("open311-token", NULL, "/open311/v2/tokens/" TOK1 ".json", NULL);
	call("open311-post-nokey", NULL, "POST", "/open311/v2/requests.json", NULL,
	     "service_code=traffic&description=x", false, NULL);
}

/* The next day: the member on duty checks in and out and marks a visit. */
static void next_day(void)
{
	struct sess hubin;

	g.now = NOW + 16 * 3600 + 3 * 3600 + 5 * 60;   /* 2026-11-20T03:05Z, 11:05 in Shanghai */
	signed_call("checkin", "POST", "/api/v1/records", NULL,
		    "{\"records\":[{\"id\":\"" CI1 "\",\"kind\":\"checkin\","
		    "\"created_at\":\"2026-11-20T00:58:00Z\",\"data\":{\"member\":\"hubin-01\","
		    "\"method\":\"pin\",\"at\":\"2026-11-20T00:58:00Z\"}},"
		    "{\"id\":\"" CO1 "\",\"kind\":\"checkout\",\"created_at\":\"2026-11-20T03:01:00Z\","
		    "\"data\":{\"member\":\"hubin-01\",\"method\":\"pin\",\"at\":\"2026-11-20T03:01:00Z\","
		    "\"bookings\":[{\"booking\":\"" BK1 "\",\"status\":\"attended\"}]}}]}");
	get("booking-attended", NULL, "/b/" BTOK1, NULL);
	login("hubin", &hubin);
	get("next-day-attendance", &hubin, "/console/attendance", "month=2026-11");
	get("next-day-attendance-csv", &hubin, "/console/attendance", "month=2026-11&format=csv");
	get("next-day-roster", &hubin, "/console/roster", "studio=hubin&week=2026-11-16");
	signed_call("kiosk-state-next-day", "GET", "/api/v1/kiosk/state", NULL, NULL);
}

/* System updates: the console's page (admins only) before and after a
 * kiosk reported its update state, the refusals of its forms, and a bundle
 * offered to the kiosk: in its state, and served only by Range. The bundle
 * store is a temporary folder (the pages do not name it). */
static void updates(void)
{
	static const char bundle[] = "not really a bundle, but bytes to serve";
	char dir[] = "/tmp/mq-golden-bundles-XXXXXX", path[128], sha[65];
	struct sess admin, hubin;
	FILE *f;

	if (!mkdtemp(dir))
		die("cannot make a bundle folder");
	get("updates-off", NULL, "/console/kiosks/updates", NULL);
	login("admin", &admin);
	login("hubin", &hubin);
	get("updates-page-off", &admin, "/console/kiosks/updates", NULL);
	g.srv.bundle_dir = dir;
	g.srv.update_keyring = "/nonexistent/keyring.pem";
	g.srv.update_compatible = "minqing-kiosk-arm64";
	g.srv.bundle_max_bytes = 64LL * 1024 * 1024;
	get("updates-page", &admin, "/console/kiosks/updates", NULL);
	get("updates-page-street", &hubin, "/console/kiosks/updates", NULL);
	form("updates-bundle-no-file", &admin, "/console/kiosks/updates/bundle", "");
	form("updates-rollout-no-bundle", &admin, "/console/kiosks/updates",
	     "action=rollout&bundle=99&target=all%3A");
	form("updates-rollout-no-target", &admin, "/console/kiosks/updates",
	     "action=rollout&bundle=1&target=");
	form("updates-pause-nothing", &admin, "/console/kiosks/updates", "action=pause&rollout=99");
	signed_call("bundle-not-offered", "GET", "/api/v1/kiosk/bundle/1", NULL, NULL);
	{
		unsigned char md[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(md, (const unsigned char *)bundle, sizeof bundle - 1);
		sodium_bin2hex(sha, sizeof sha, md, sizeof md);
	}
	snprintf(path, sizeof path, "%s/%s.raucb", dir, sha);
	if (!(f = fopen(path, "w")) || fputs(bundle, f) < 0 || fclose(f) != 0)
		die("cannot write %s", path);
	sql("INSERT INTO update_bundles (version, compatible, sha256, size, uploaded_by,"
	    " uploaded_at) VALUES ('2.0.0', 'minqing-kiosk-arm64', '%s', %zu, 'admin', %lld)",
	    sha, sizeof bundle - 1, (long long)g.now);
	form("updates-rollout-street", &admin, "/console/kiosks/updates",
	     "action=rollout&bundle=1&target=street%3Ahubin");
	signed_call("kiosk-state-update-offered", "GET", "/api/v1/kiosk/state", NULL, NULL);
	signed_call("bundle-no-range", "GET", "/api/v1/kiosk/bundle/1", NULL, NULL);
	signed_call("heartbeat-update", "POST", "/api/v1/heartbeat", NULL,
		    "{\"version\":\"0.1.0\",\"uptime_s\":60,\"queue_depth\":0,"
		    "\"oldest_queued_age_s\":0,\"disk_free_bytes\":900000000,\"last_error\":null,"
		    "\"update\":{\"state\":\"rolled_back\",\"running\":\"1.0.0\",\"version\":\"2.0.0\","
		    "\"percent\":100,\"reason\":\"新版本 2.0.0（B 分区）没能正常启动\",\"booted\":\"A\","
		    "\"slot_a\":\"1.0.0\",\"slot_b\":\"2.0.0\"}}");
	signed_call("heartbeat-update-bad", "POST", "/api/v1/heartbeat", NULL,
		    "{\"version\":\"0.1.0\",\"uptime_s\":61,\"queue_depth\":0,"
		    "\"oldest_queued_age_s\":0,\"disk_free_bytes\":900000000,\"last_error\":null,"
		    "\"update\":{\"state\":\"exploded\"}}");
	form("updates-pause", &admin, "/console/kiosks/updates", "action=pause&rollout=1");
	signed_call("bundle-paused", "GET", "/api/v1/kiosk/bundle/1", NULL, NULL);
	form("updates-withdraw", &admin, "/console/kiosks/updates", "action=withdraw&rollout=1");
	form("updates-resume-withdrawn", &admin, "/console/kiosks/updates", "action=resume&rollout=1");
	get("updates-page-reported", &admin, "/console/kiosks/updates", NULL);
	unlink(path);
	rmdir(dir);
	g.srv.bundle_dir = NULL;
}

/* The technician PIN: only admins make one, for every studio or one; a
 * studio's own reaches its kiosks in the state until it is dropped. */
static void technician_pins(void)
{
	struct sess admin, hubin;

	login("admin", &admin);
	login("hubin", &hubin);
	form("service-pin-by-street", &hubin, "/console/kiosks", "action=service_pin&scope=hubin");
	form("service-pin-all", &admin, "/console/kiosks", "action=service_pin&scope=");
	form("service-pin-studio", &admin, "/console/kiosks", "action=service_pin&scope=hubin");
	signed_call("kiosk-state-studio-pin", "GET", "/api/v1/kiosk/state", NULL, NULL);
	form("service-pin-nowhere", &admin, "/console/kiosks", "action=service_pin&scope=nowhere");
	form("service-pin-clear", &admin, "/console/kiosks", "action=service_pin_clear&scope=hubin");
	form("service-pin-clear-again", &admin, "/console/kiosks",
	     "action=service_pin_clear&scope=hubin");
	get("service-pin-audit", &admin, "/console/audit", NULL);
}

static void errors(void)
{
	get("not-found", NULL, "/nowhere", NULL);
	get("not-found-page", NULL, "/t/", NULL);
	call("method-not-allowed", NULL, "DELETE", "/healthz", NULL, NULL, false, NULL);
	call("method-not-allowed-page", NULL, "PUT", "/t/" TOK1, NULL, NULL, false, NULL);
	call("unsigned-records", NULL, "POST", "/api/v1/records", NULL, "{}", false, NULL);
	call("enroll-bad-code", NULL, "POST", "/api/v1/enroll", NULL, "{\"code\":\"NOPE\"}", false,
	     NULL);
	call("enroll-not-json", NULL, "POST", "/api/v1/enroll", NULL, "code=1", false, NULL);
	get("console-logged-out", NULL, "/console/inbox", NULL);
	call("console-post-logged-out", NULL, "POST", "/console/opinions/" OP1 "/triage", NULL,
	     "action=reject", false, NULL);
}

static void console_reads(const char *who, const struct sess *s)
{
	static const char *const pages[][3] = {
		{ "root", "/console", NULL },
		{ "inbox-filtered", "/console/inbox", "category=traffic&stage=collected" },
		{ "opinion", "/console/opinions/" OP1, NULL },
		{ "opinion3", "/console/opinions/" OP3, NULL },
		{ "topics", "/console/topics", NULL },
		{ "topics-closed", "/console/topics", "stage=closed" },
		{ "members", "/console/members", NULL },
		{ "member", "/console/members/hubin-02", NULL },
		{ "kiosks", "/console/kiosks", NULL },
		{ "stats", "/console/stats", NULL },
		{ "audit", "/console/audit", NULL },
		{ "roster", "/console/roster", "studio=hubin&week=2026-11-16" },
		{ "roster-next", "/console/roster", "studio=hubin&week=2026-11-23" },
		{ "attendance", "/console/attendance", "month=2026-11" },
		{ "staff", "/console/staff", NULL },
		{ "password", "/console/password", NULL },
		{ "inbox-by-time", "/console/inbox", "sort=time" },
		{ "supervision", "/console/supervision", NULL },
		{ "calendar", "/console/calendar", NULL },
		{ "webhooks", "/console/webhooks", NULL },
		{ "stats-period", "/console/stats", "period=2026-11" },
	};
	char label[96];

	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		snprintf(label, sizeof label, "%s-%s", who, pages[i][0]);
		get(label, s, pages[i][1], pages[i][2]);
	}
}

static void stats_csv(const struct sess *s)
{
	static const char *const tables[] = { "ontime", "orders", "street", "category", "month",
					      "stages", "satisfaction", "members", "nope" };
	char label[64], path[64];

	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(label, sizeof label, "stats-csv-%s", tables[i]);
		snprintf(path, sizeof path, "/console/stats/%s.csv", tables[i]);
		get(label, s, path, NULL);
	}
}

/* The topic id out of the redirect a triage answers with. */
static void triage_topic(const struct sess *s, char topic[64])
{
	struct mq_http_response resp;
	const char *loc;

	call("triage-topic-new", s, "POST", "/console/opinions/" OP1 "/triage", NULL,
	     "action=topic_new&title=%E4%BF%A1%E5%8F%B7%E7%81%AF%E9%85%8D%E6%97%B6&also=" OP2
	     "&assigned=hubin-02&public_note=%E5%B7%B2%E7%AB%8B%E9%A1%B9&internal_note=secret+plan",
	     true, &resp);
	loc = mq_http_response_header(&resp, "Location");
	if (resp.status != 303 || !loc || strncmp(loc, "/console/topics/", 16) != 0)
		die("triage answered %u", resp.status);
	snprintf(topic, 64, "%.36s", loc + 16);
	mq_http_response_finish(&resp);
}

static void workflow(const struct sess *hubin)
{
	char topic[64], path[128];

	triage_topic(hubin, topic);
	snprintf(g.topic, sizeof g.topic, "%s", topic);
	form("triage-again", hubin, "/console/opinions/" OP1 "/triage", "action=reject&public_note=no");
	form("triage-refer", hubin, "/console/opinions/" OP4 "/triage",
	     "action=refer&department=%E5%9F%8E%E7%AE%A1%E5%B1%80&public_note=%E5%B7%B2%E8%BD%AC");
	form("triage-bad", hubin, "/console/opinions/" OP3 "/triage", "action=fly");
	snprintf(path, sizeof path, "/console/topics/%s", topic);
	get("topic-new", hubin, path, NULL);
	form("topic-research", hubin, path, "action=research&visits_planned=3&visits_done=2"
	     "&members=hubin-01&members=hubin-02&public_note=%E5%A7%94%E5%91%98%E5%B7%B2%E8%B5%B0%E8%AE%BF");
	public_pages("research");
	form("topic-consult-bad", hubin, path, "action=consult&consult_form=nonsense");
	form("topic-close-early", hubin, path, "action=close");
	form("topic-consult", hubin, path, "action=consult&consult_form=mediation"
	     "&consult_date=2026-11-25&participants=%E4%BA%A4%E8%AD%A6");
	form("topic-feedback", hubin, path, "action=feedback&result=%E5%B7%B2%E5%BB%B6%E9%95%BF"
	     "%E7%BB%BF%E7%81%AF%E6%97%B6%E9%97%B4&followup_due=2026-12-31");
	get("topic-feedback-page", hubin, path, NULL);
	public_pages("feedback");
	call("rating", NULL, "POST", "/t/" TOK2 "/rating", NULL,
	     "stars=5&comment=%E8%B0%A2%E8%B0%A2", false, NULL);
	get("track-rated", NULL, "/t/" TOK2, "rated=1");
	call("rating-again", NULL, "POST", "/t/" TOK2 "/rating", NULL, "stars=1", false, NULL);
	call("rating-bad", NULL, "POST", "/t/" TOK1 "/rating", NULL, "stars=9", false, NULL);
	form("topic-close", hubin, path, "action=close");
	public_pages("closed");
	form("topic-title", hubin, path, "action=title&title=" XSS);
	get("topic-closed-page", hubin, path, NULL);
}

static void console_writes(const struct sess *admin, const struct sess *hubin)
{
	form("roster-import-bad", hubin, "/console/roster/import",
	     "csv=kind%2Cstudio%0Ashift%2Cnowhere%0A");
	form("roster-shift-cancel", hubin, "/console/roster/shift",
	     "shift=hubin-20261123-0900-1130&reason=%E4%BC%9A%E8%AE%AE");
	form("member-edit", hubin, "/console/members/hubin-02",
	     "sector=%E7%BB%8F%E6%B5%8E%E7%95%8C&expertise=%E4%BA%A4%E9%80%9A&badge_code=B-0002"
	     "&communities=dongpolu&communities=yuewanglu");
	form("member-pin", hubin, "/console/members/hubin-03", "reset_pin=1&sector=%E7%A7%91%E6%8A%80%E7%95%8C&expertise=");
	form("kiosk-code", hubin, "/console/kiosks", "action=enroll_code");
	form("open311-key", admin, "/console/kiosks", "action=open311_key&studio=hubin&label=%E5%B8%82%E6%B0%91%E7%83%AD%E7%BA%BF");
	form("staff-create", admin, "/console/staff", "action=create&username=zhou&role=street"
	     "&studio=hubin&member=&password=another+long+pw&password2=another+long+pw");
	form("staff-create-bad", admin, "/console/staff", "action=create&username=Bad+Name&role=admin");
	form("staff-disable", admin, "/console/staff", "action=disable&username=zhou");
	form("staff-by-street", hubin, "/console/staff", "action=enable&username=zhou");
	form("password-wrong", hubin, "/console/password",
	     "current=wrong&password=a+new+password&password2=a+new+password");
	call("csrf-missing", hubin, "POST", "/console/logout", NULL, "", false, NULL);
	call("csrf-wrong", hubin, "POST", "/console/logout", NULL, "csrf=nope", false, NULL);
}

/* What the attack review added: /metrics only on loopback, and revoking a
 * kiosk in the console (admins, behind the confirm box): its next pull is a
 * signed 401 "revoked". */
static void revocation(void)
{
	struct sess admin_s, hubin_s, *admin = &admin_s, *hubin = &hubin_s;
	char fields[160];

	login("admin", admin);    /* the next day: yesterday's sessions ended */
	login("hubin", hubin);
	g.client = "198.51.100.7";
	get("metrics-from-afar", NULL, "/metrics", NULL);
	g.client = "127.0.0.1";
	snprintf(fields, sizeof fields, "action=revoke&confirm=yes&device=%s", g.device);
	form("kiosk-revoke-by-street", hubin, "/console/kiosks", fields);
	snprintf(fields, sizeof fields, "action=revoke&device=%s", g.device);
	form("kiosk-revoke-unconfirmed", admin, "/console/kiosks", fields);
	snprintf(fields, sizeof fields, "action=revoke&confirm=yes&device=%s", g.device);
	form("kiosk-revoke", admin, "/console/kiosks", fields);
	get("kiosks-revoked", admin, "/console/kiosks", NULL);
	signed_call("kiosk-state-revoked", "GET", "/api/v1/kiosk/state", NULL, NULL);
}

/* 督查: the district issues an order on an open opinion (not on the
 * closed topic), the street group signs for it and answers; an admin sets
 * the time limits, imports a year's notice (a bad one first) and a street
 * group's webhook. */
static void supervision(const struct sess *admin, const struct sess *hubin)
{
	struct mq_http_response resp;
	char body[256], path[128];
	const char *loc;

	snprintf(body, sizeof body, "topic=%s&note=x&due_day=2026-11-26", g.topic);
	form("order-on-closed-topic", admin, "/console/supervision", body);
	snprintf(body, sizeof body, "csrf=%s&opinion=" OP3 "&note=%%E8%%AF%%B7%%E5%%8A%%A0%%E5%%BF%%AB"
		 "&due_day=2026-11-26", admin->csrf);
	call("order-issue", admin, "POST", "/console/supervision", NULL, body, false, &resp);
	loc = mq_http_response_header(&resp, "Location");
	if (resp.status != 303 || !loc || strncmp(loc, "/console/supervision/", 21) != 0)
		die("order answered %u", resp.status);
	snprintf(path, sizeof path, "/console/supervision/%.36s", loc + 21);
	mq_http_response_finish(&resp);
	form("order-issue-by-street", hubin, "/console/supervision", "opinion=" OP3
	     "&note=x&due_day=2026-11-26");
	get("order-page", hubin, path, NULL);
	form("order-ack", hubin, path, "action=ack");
	form("order-answer-empty", hubin, path, "action=answer&answer=");
	form("order-answer", hubin, path, "action=answer&answer=%E5%B7%B2%E8%B0%83%E7%A0%94");
	get("order-answered", admin, path, NULL);
	get("supervision-admin", admin, "/console/supervision", NULL);
	form("limits-bad", admin, "/console/calendar",
	     "action=limits&triage=30&answer=10&close=20&escalate=2&soon=1");
	form("limits", admin, "/console/calendar",
	     "action=limits&triage=5&answer=15&close=30&escalate=3&soon=2");
	form("calendar-import-bad", admin, "/console/calendar",
	     "action=import&csv=date%2Ckind%0A2027-01-01%2Choliday%0A2027-02-30%2Choliday%0A");
	form("calendar-import", admin, "/console/calendar",
	     "action=import&csv=date%2Ckind%0A2027-01-01%2Choliday%0A2027-02-07%2Cworkday%0A");
	form("calendar-by-street", hubin, "/console/calendar",
	     "action=limits&triage=1&answer=2&close=3&escalate=0&soon=0");
	form("webhook-set", admin, "/console/webhooks",
	     "scope=hubin&url=https%3A%2F%2Fqyapi.weixin.qq.com%2Fcgi-bin%2Fwebhook%2Fsend%3Fkey%3Dk3y&format=wecom");
	form("webhook-bad", admin, "/console/webhooks", "scope=hubin&url=ftp%3A%2F%2Fx&format=wecom");
	get("webhooks-after", admin, "/console/webhooks", NULL);
	get("opinion-with-order", hubin, "/console/opinions/" OP3, NULL);
}

/* ---- the phone side (民情E点通) ------------------------------------------- */

/* GET @p path as @p label; the form token of its page into @p tok. */
static void phone_form(const char *label, const char *path, char *tok, size_t size)
{
	struct mq_http_response resp;
	const char *p, *end;
	char *html;

	call(label, NULL, "GET", path, NULL, NULL, false, &resp);
	html = strndup(resp.body ? resp.body : "", resp.len);
	p = html ? strstr(html, "name=\"form\" value=\"") : NULL;
	if (!p || !(end = strchr(p += 19, '"')))
		die("%s: no form token", path);
	snprintf(tok, size, "%.*s", (int)(end - p), p);
	free(html);
	mq_http_response_finish(&resp);
}

/* POST the phone form @p fields with token @p tok to @p path as @p label;
 * the path of its Location into @p where unless NULL. */
static unsigned int phone_post_to(const char *label, const char *path, const char *tok,
				  const char *fields, char *where, size_t size)
{
	struct mq_http_response resp;
	const char *loc;
	char *body = NULL;
	unsigned int status;

	if (asprintf(&body, "form=%s&%s", tok, fields) < 0)
		die("out of memory");
	status = call(label, NULL, "POST", path, NULL, body, false, &resp);
	loc = mq_http_response_header(&resp, "Location");
	if (where)
		snprintf(where, size, "%.*s", loc ? (int)strcspn(loc, "?") : 0, loc ? loc : "");
	mq_http_response_finish(&resp);
	free(body);
	return status;
}

static unsigned int phone_post(const char *label, const char *path, const char *tok,
			       const char *fields)
{
	return phone_post_to(label, path, tok, fields, NULL, 0);
}

/* A resident files, reviews, is refused and books from the phone; a robot
 * is dropped and slowed; staff find it as 手机 and print the poster. */
static void phone_side(void)
{
	static const char opinion[] =
		"category=traffic&community=dongpolu&member=hubin-02&text=%E8%B7%AF%E7%81%AF"
		"%3Cscript%3Ealert(1)%3C%2Fscript%3E&contact=yes&name=%E5%91%A8%E5%BB%BA%E5%9B%BD"
		"&phone=139+1234+5678&consent=yes&homepage=";
	struct sess admin, hubin;
	char tok[128], body[512], where[64];
	int guard = 0;

	phone_form("phone-form", "/f/hubin", tok, sizeof tok);
	get("phone-form-large", NULL, "/f/hubin", "size=large");
	get("phone-unknown-studio", NULL, "/f/nowhere", NULL);
	snprintf(body, sizeof body, "%s&step=review", opinion);
	phone_post("phone-review", "/f/hubin", tok, body);
	phone_post("phone-refused", "/f/hubin", tok,
		   "category=traffic&text=x&contact=yes&phone=12345&step=review&homepage=");
	snprintf(body, sizeof body, "%s&step=submit", opinion);
	phone_post_to("phone-submit", "/f/hubin", tok, body, where, sizeof where);
	phone_post("phone-submit-again", "/f/hubin", tok, body);
	get("phone-tracking", NULL, where, "new=1");
	phone_post("phone-forged", "/f/hubin", "1795075200.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
		   body);
	phone_form("phone-form-robot", "/f/hubin", tok, sizeof tok);
	phone_post("phone-honeypot", "/f/hubin", tok,
		   "category=traffic&text=spam&step=submit&homepage=http%3A%2F%2Fspam.example");
	phone_form("phone-book-form", "/f/hubin/book", tok, sizeof tok);
	phone_post_to("phone-book", "/f/hubin/book", tok,
		      "slot=hubin-20261120-1400&name=%E5%91%A8%E5%BB%BA%E5%9B%BD&phone=13912345678"
		      "&topic=%E8%B7%AF%E7%81%AF&homepage=", where, sizeof where);
	get("phone-booking-page", NULL, where, NULL);
	login("hubin", &hubin);
	login("admin", &admin);
	get("phone-inbox", &hubin, "/console/inbox", "channel=phone");
	get("phone-kiosks-posters", &hubin, "/console/kiosks", NULL);
	get("poster-admin", &admin, "/console/poster/hubin", NULL);
	get("poster-hubin-other-street", &hubin, "/console/poster/xiaoying", NULL);
	g.client = "127.0.0.7";
	while (phone_post("phone-burst", "/f/hubin", tok, "step=review") != 429 && ++guard < 100)
		g.n--;   /* only the refusal is kept */
	g.client = "127.0.0.1";
}

/* The value of the first field @p name of console page @p path into
 * @p out, the page written out as @p label. */
static void page_field(const char *label, const struct sess *s, const char *path,
		       const char *name, char *out, size_t size)
{
	struct mq_http_response resp;
	const char *p, *end;
	char *html, marker[64];

	snprintf(marker, sizeof marker, "name=\"%s\" value=\"", name);
	call(label, s, "GET", path, NULL, NULL, false, &resp);
	html = strndup(resp.body ? resp.body : "", resp.len);
	p = html ? strstr(html, marker) : NULL;
	if (!p || !(end = strchr(p += strlen(marker), '"')))
		die("%s: no field %s", path, name);
	snprintf(out, size, "%.*s", (int)(end - p), p);
	free(html);
	mq_http_response_finish(&resp);
}

/* Participation: candidate topics published, ranked and promoted; the
 * topic opened for members (征集), a member volunteering and chosen; the
 * public candidates page; a liaison officer's filing, list and refusals. */
static void participation(void)
{
	static const char seeded_topic[] = "/console/topics/d1000000-0000-4000-8000-000000000007";
	struct sess hubin, chen, li;
	char tok[128], body[512], path[128], id[24];

	add_staff("li", "liaison", "hubin", NULL);
	login("hubin", &hubin);
	login("chen", &chen);
	get("candidates", &hubin, "/console/candidates", NULL);
	form("candidate-create", &hubin, "/console/candidates",
	     "action=create&title=%E8%B7%AF%E7%81%AF%E5%A4%AA%E6%9A%97&description=x"
	     "&closes=2026-11-20");
	form("candidate-create-refused", &hubin, "/console/candidates",
	     "action=create&title=&closes=2026-01-01");
	get("candidates-chen", &chen, "/console/candidates", NULL);
	get("public-candidates", NULL, "/f/hubin/topics", NULL);
	g.now += 2 * 86400;
	login("hubin", &hubin);
	login("chen", &chen);
	page_field("candidates-ranking", &hubin, "/console/candidates", "id", id, sizeof id);
	{
		struct mq_http_response resp;
		const char *loc;

		snprintf(body, sizeof body, "action=promote&id=%s", id);
		call("candidate-promote", &hubin, "POST", "/console/candidates", NULL, body, true,
		     &resp);
		loc = mq_http_response_header(&resp, "Location");
		snprintf(path, sizeof path, "%.*s", loc ? (int)strcspn(loc, "?") : 0,
			 loc ? loc : "");
		mq_http_response_finish(&resp);
	}
	get("candidate-topic", &hubin, path, NULL);
	snprintf(body, sizeof body, "%s/recruit", path);
	form("recruit-open", &hubin, body, "action=open&note=%E8%AF%B7%E6%8A%A5%E5%90%8D");
	get("topics-calls-chen", &chen, "/console/topics", NULL);
	form("recruit-volunteer", &chen, body, "action=volunteer");
	form("recruit-volunteer-again", &chen, body, "action=volunteer");
	form("recruit-choose-by-member", &chen, body, "action=choose&member=hubin-02");
	form("recruit-choose", &hubin, body, "action=choose&member=hubin-02");
	get("recruit-topic", &hubin, path, NULL);
	get("recruit-seeded-topic", &hubin, seeded_topic, NULL);
	get("recruit-members-csv", &hubin, "/console/stats/members.csv", NULL);

	login("li", &li);
	page_field("liaison-form-again", &li, "/console/file", "form", tok, sizeof tok);
	snprintf(body, sizeof body, "form=%s&category=traffic&community=dongpolu"
		 "&text=%%E6%%A5%%BC%%E9%%81%%93%%E7%%81%%AF&consent=yes&name=%%E7%%8E%%8B"
		 "&phone=13912345678", tok);
	form("liaison-file", &li, "/console/file", body);
	form("liaison-file-bad-token", &li, "/console/file",
	     "form=x&category=traffic&community=dongpolu&text=x");
	snprintf(body, sizeof body, "form=%s&category=traffic&community=dongpolu&text=x&name=x", tok);
	form("liaison-file-no-consent", &li, "/console/file", body);
	get("liaison-filings", &li, "/console/filings", "ok=1");
	get("liaison-inbox", &li, "/console/inbox", NULL);
	get("liaison-topics", &li, "/console/topics", NULL);
	get("liaison-inbox-by-street", &hubin, "/console/inbox", "channel=liaison");
	get("liaison-form-by-street", &hubin, "/console/file", NULL);
}

/* ---- participation: 大家来选议题 and 问卷调查 -------------------------------- */

#define SURVEY_FORM \
	"scope=studio%3Ahubin&title=%E7%A4%BE%E5%8C%BA%E9%A3%9F%E5%A0%82%3C%E6%84%8F%E8%A7%81" \
	"%3E%E8%B0%83%E6%9F%A5&starts=2026-11-20&ends=2026-11-30&q1=%E6%82%A8%E5%A4%9A%E4%B9%85" \
	"%E5%8E%BB%E4%B8%80%E6%AC%A1%E7%A4%BE%E5%8C%BA%E9%A3%9F%E5%A0%82%EF%BC%9F&q1kind=single" \
	"&q1opts=%E6%AF%8F%E5%A4%A9%0A%E6%AF%8F%E5%91%A8%E5%87%A0%E6%AC%A1%0A%E5%BE%88%E5%B0%91" \
	"%E5%8E%BB&q2=%E8%BF%98%E6%9C%89%E4%BB%80%E4%B9%88%E5%BB%BA%E8%AE%AE%EF%BC%9F&q2kind=text"

/* A candidate topic backed from a phone; a questionnaire defined in the
 * console (and one refused), answered from a phone (twice: counted once),
 * in the kiosk's state, its results, a free-text answer hidden. */
static void surveys(void)
{
	struct sess hubin, chen;
	char tok[128];

	sql("INSERT INTO candidates (studio, title, description, closes, created_by, created_at)"
	    " VALUES ('hubin', '老旧小区加装电梯', '费用怎么分摊', '2026-11-30', 'hubin', %lld)",
	    (long long)g.now);
	phone_form("phone-topics", "/f/hubin/topics", tok, sizeof tok);
	phone_post("phone-topics-back", "/f/hubin/topics", tok, "candidate=2&homepage=");
	login("hubin", &hubin);
	login("chen", &chen);
	get("surveys-empty", &hubin, "/console/surveys", NULL);
	form("survey-create-refused", &hubin, "/console/surveys",
	     "scope=studio%3Ahubin&title=x&starts=2026-11-20&ends=2026-11-30&q1=a&q1kind=single"
	     "&q1opts=only");
	form("survey-create", &hubin, "/console/surveys", SURVEY_FORM);
	get("surveys", &hubin, "/console/surveys", NULL);
	get("surveys-member", &chen, "/console/surveys", NULL);
	phone_form("phone-survey", "/f/hubin/survey/1", tok, sizeof tok);
	phone_post("phone-survey-refused", "/f/hubin/survey/1", tok, "q2t=x&homepage=");
	phone_post("phone-survey-answer", "/f/hubin/survey/1", tok,
		   "q1=2&q2t=%E9%A5%AD%E8%8F%9C%3Cb%3E%E5%B0%91%E6%B2%B9%3C%2Fb%3E&homepage=");
	get("phone-survey-other-studio", NULL, "/f/xiaoying/survey/1", NULL);
	/* the kiosk was revoked above: its replacement pulls the state */
	sql("DELETE FROM enroll_codes WHERE code = 'GXDNHVBN2345'");
	enroll("hubin");
	signed_call("kiosk-state-participation", "GET", "/api/v1/kiosk/state", NULL, NULL);
	get("survey-results", &hubin, "/console/surveys/1", NULL);
	form("survey-hide-text", &hubin, "/console/surveys/1", "action=hide&answer=2");
	get("survey-results-hidden", &hubin, "/console/surveys/1", NULL);
	get("survey-unknown", &hubin, "/console/surveys/9", NULL);
	get("phone-form-participation", NULL, "/f/hubin", NULL);
}

int main(int argc, char **argv)
{
	struct sess admin, hubin, chen;

	if (argc != 2)
		die("usage: golden_server OUT_DIR");
	g.out = argv[1];
	if (mkdir(g.out, 0700) != 0)
		die("cannot make %s (it must not exist)", g.out);
	if (randombytes_set_implementation(&seeded) != 0 || sodium_init() < 0)
		die("cannot seed libsodium");
	snprintf(g.dir, sizeof g.dir, "%s/db", g.out);
	if (mkdir(g.dir, 0700) != 0)
		die("cannot make %s", g.dir);
	open_db();
	g.srv.db = g.db;
	g.srv.public_url = "https://minqing.example.cn";
	g.now = NOW;
	g.client = "127.0.0.1";
	sql("DELETE FROM duty_slots; DELETE FROM duty_shifts WHERE source = 'seed';");
	/* seed-demo's candidates around the real date too */
	sql("DELETE FROM candidate_supports WHERE candidate IN"
	    " (SELECT id FROM candidates WHERE topic IS NULL);"
	    " DELETE FROM candidates WHERE topic IS NULL;");
	if (pg_admin[0])   /* the next id as SQLite's max + 1 gives it */
		sql("SELECT setval(pg_get_serial_sequence('candidates', 'id'),"
		    " (SELECT max(id) FROM candidates))");
	add_staff("admin", "admin", NULL, NULL);
	add_staff("hubin", "street", "hubin", NULL);
	add_staff("xiaoying", "street", "xiaoying", NULL);
	add_staff("chen", "member", NULL, "hubin-02");

	errors();
	login("hubin", &hubin);
	form("roster-import", &hubin, "/console/roster/import", roster_csv);
	enroll("hubin");
	kiosk_side();
	login("admin", &admin);
	login("chen", &chen);
	console_reads("hubin", &hubin);
	workflow(&hubin);
	console_writes(&admin, &hubin);
	supervision(&admin, &hubin);
	stats_csv(&hubin);
	console_reads("admin", &admin);
	console_reads("chen", &chen);
	form("logout", &chen, "/console/logout", NULL);
	get("after-logout", &chen, "/console/inbox", NULL);
	next_day();
	get("metrics", NULL, "/metrics", NULL);
	technician_pins();
	updates();
	revocation();
	phone_side();
	surveys();
	participation();

	close_db();
	printf("golden_server: %d answers in %s\n", g.n, g.out);
	return 0;
}
