/* test_sync.c — the sync client against a scripted HTTP server on loopback:
 * only results naming a record's id settle it; HTML, truncated JSON, partial
 * results, 5xx and 401 settle nothing; requests are signed; state is kept.
 * The server signs its answers as the real one does (RFC 9421 §2.4); an
 * answer unsigned, signed with another key or for another request settles
 * nothing and changes neither the state nor the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "mq_device.h"
#include "mq_http_client.h"
#include "mq_outbox.h"
#include "mq_sig.h"
#include "mq_store.h"
#include "mq_sync.h"
#include "mq_time.h"
#include "tmpdir.h"

enum mode { ACK_ALL, HTML_200, TRUNCATED, ACK_FIRST_ONLY, ERROR_500, UNAUTHORIZED, STALE_ONCE,
	    REVOKED, REPLAYED_ONCE, REPLAYED };

/* How the answers are signed: as the server does, or forged. */
enum signing { SIGN_RIGHT, SIGN_NONE, SIGN_WRONG_KEY, SIGN_OTHER_REQUEST };

static enum mode mode;
static enum signing signing;
static int requests, bad_signatures;
static const unsigned char key[32] = "kiosk-test-key-kiosk-test-key-32";
static const unsigned char other_key[32] = "an-attacker-key-an-attacker-key!";
static char previous_signature[64];   /* the Signature of the request before */

struct upload {
	char *body;
	size_t len;
};

static char *results_for(const char *body, bool first_only)
{
	json_t *req = json_loads(body, 0, NULL), *rec, *results = json_array();
	size_t i;
	char *out;

	json_array_foreach(json_object_get(req, "records"), i, rec) {
		if (first_only && i > 0)
			break;
		json_array_append_new(results, json_pack("{s:O, s:s}", "id",
							 json_object_get(rec, "id"), "result",
							 "stored"));
	}
	json_decref(req);
	req = json_pack("{s:o, s:s}", "results", results, "server_time",
			"2026-11-26T00:00:00Z");
	out = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	return out;
}

/* Signs the answer as `signing` says (for the request's Signature @p req_sig). */
static void sign(struct MHD_Response *r, unsigned status, const char *body, const char *req_sig)
{
	struct mq_sig_headers h;
	const unsigned char *k = signing == SIGN_WRONG_KEY ? other_key : key;
	const char *for_sig = signing == SIGN_OTHER_REQUEST ? previous_signature : req_sig;

	if (signing == SIGN_NONE || !for_sig || !for_sig[0] ||
	    !mq_sig_sign_response(k, "kiosk-t", status, body, strlen(body), for_sig, mq_time_now(),
				  &h))
		return;
	MHD_add_response_header(r, "Content-Digest", h.content_digest);
	MHD_add_response_header(r, "Signature-Input", h.signature_input);
	MHD_add_response_header(r, "Signature", h.signature);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body,
			     const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	const char *req_sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Signature");
	char date[30];
	enum MHD_Result ret;

	sign(r, status, body, req_sig);
	if (req_sig)
		snprintf(previous_signature, sizeof previous_signature, "%s", req_sig);

	MHD_add_response_header(r, "Content-Type", type);
	mq_time_format_http_date(mq_time_now(), date);
	MHD_add_response_header(r, "Date", date);
	if (strstr(body, "\"studio\""))
		MHD_add_response_header(r, "ETag", "\"s1\"");
	if (status == 503)
		MHD_add_response_header(r, "Retry-After", "7");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Set by a test: when an upload has arrived, before it is answered, the
 * server reads the kiosk's database on a connection of its own (committed
 * data only) and counts the upload's records whose attempt is not counted
 * there yet. */
static char attempts_db[PATH_MAX + 16];
static int uploads, attempts_uncommitted;

static void check_attempts_committed(const char *body)
{
	json_t *req = json_loads(body, 0, NULL), *rec;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t i;

	uploads++;
	if (sqlite3_open_v2(attempts_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT attempts FROM outbox WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		attempts_uncommitted += 1000;   /* cannot tell: fail loudly */
	json_array_foreach(st ? json_object_get(req, "records") : NULL, i, rec) {
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(rec, "id")), -1,
				  SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) < 1)
			attempts_uncommitted++;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	json_decref(req);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **con_cls)
{
	struct upload *up = *con_cls;
	struct mq_sig_parsed sig;
	const char *query = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	char q[64] = "";
	enum MHD_Result ret;

	if (!up) {
		*con_cls = up = calloc(1, sizeof *up);
		return MHD_YES;
	}
	if (*size) {
		up->body = realloc(up->body, up->len + *size + 1);
		memcpy(up->body + up->len, data, *size);
		up->len += *size;
		up->body[up->len] = '\0';
		*size = 0;
		return MHD_YES;
	}
	requests++;
	if (query)
		snprintf(q, sizeof q, "since=%s", query);
	if (mq_sig_parse(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Signature-Input"),
			 MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Signature"),
			 &sig) != MQ_SIG_OK ||
	    strcmp(sig.keyid, "kiosk-t") != 0 ||
	    mq_sig_verify(&sig, key, method, url, q,
			  MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Digest"),
			  up->body, up->len, mq_time_now()) != MQ_SIG_OK)
		bad_signatures++;

	if (strcmp(url, "/api/v1/kiosk/state") == 0) {
		const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
		if (inm && strcmp(inm, "\"s1\"") == 0)
			ret = reply(c, 304, "", "application/json");
		else
			ret = reply(c, 200, "{\"studio\":{\"id\":\"hubin\",\"name\":\"湖滨\"},"
				    "\"categories\":[{\"key\":\"other\",\"name\":\"其他\"}],"
				    "\"stages\":[],\"cursor\":\"7\"}", "application/json");
	} else if (mode == ACK_ALL || mode == ACK_FIRST_ONLY) {
		char *body;

		if (attempts_db[0] && strcmp(url, "/api/v1/records") == 0)
			check_attempts_committed(up->body ? up->body : "{}");
		body = results_for(up->body ? up->body : "{}", mode == ACK_FIRST_ONLY);
		ret = reply(c, 200, body, "application/json");
		free(body);
	} else if (mode == HTML_200) {
		ret = reply(c, 200, "<html><body>Welcome to the hotel wifi</body></html>",
			    "text/html");
	} else if (mode == TRUNCATED) {
		ret = reply(c, 200, "{\"results\":[{\"id\":\"", "application/json");
	} else if (mode == ERROR_500) {
		ret = reply(c, 503, "{\"error\":\"db\",\"message\":\"busy\"}", "application/json");
	} else if (mode == STALE_ONCE) {
		mode = ACK_ALL;
		ret = reply(c, 401, "{\"error\":\"stale_signature\",\"message\":\"clock\"}",
			    "application/json");
	} else if (mode == REPLAYED_ONCE || mode == REPLAYED) {
		if (mode == REPLAYED_ONCE)
			mode = ACK_ALL;
		ret = reply(c, 401, "{\"error\":\"replayed_nonce\",\"message\":\"seen\"}",
			    "application/json");
	} else if (mode == REVOKED) {
		ret = reply(c, 401, "{\"error\":\"revoked\",\"message\":\"stolen\"}",
			    "application/json");
	} else {
		ret = reply(c, 401, "{\"error\":\"unknown_key\",\"message\":\"who?\"}",
			    "application/json");
	}
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	if (up) {
		free(up->body);
		free(up);
	}
	*con_cls = NULL;
}

struct fixture {
	char dir[PATH_MAX];
	struct MHD_Daemon *daemon;
	struct mq_store *store;
	struct mq_sync *sync;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct mq_device dev = { .id = "kiosk-t", .studio = "hubin" };
	struct mq_opinion_draft d = { .category = "other", .text = "test" };
	struct mq_sync_config cfg;
	struct mq_receipt r;
	char url[64], db[PATH_MAX + 16];
	const union MHD_DaemonInfo *info;

	tmpdir_make(f->dir);
	f->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL,
				     NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed,
				     NULL, MHD_OPTION_END);
	assert_non_null(f->daemon);
	info = MHD_get_daemon_info(f->daemon, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)info->port);
	memcpy(dev.key, key, 32);
	snprintf(dev.server_url, sizeof dev.server_url, "%s", url);
	assert_int_equal(mq_device_save(f->dir, &dev), MQ_OK);

	snprintf(db, sizeof db, "%s/kiosk.db", f->dir);
	assert_int_equal(mq_store_open(db, &f->store), MQ_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mq_store_add_opinion(f->store, &d, mq_time_now(), &r), MQ_OK);
	cfg.data_dir = f->dir;
	cfg.server_url = NULL;   /* the one in device.json */
	cfg.ca_file = cfg.pinned_pubkey = NULL;
	cfg.stall_seconds = 0;
	cfg.batch = 0;
	cfg.allow_insecure_http = false;   /* loopback needs no permission */
	assert_int_equal(mq_sync_create(&cfg, &f->sync), MQ_OK);
	requests = bad_signatures = 0;
	signing = SIGN_RIGHT;
	previous_signature[0] = '\0';
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mq_sync_destroy(f->sync);
	mq_store_close(f->store);
	MHD_stop_daemon(f->daemon);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static int queued(struct fixture *f)
{
	struct mq_outbox_stats st;

	assert_int_equal(mq_outbox_stats(f->store, &st), MQ_OK);
	return st.queued;
}

static void test_all_acknowledged_then_state(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;
	json_t *s;

	mode = ACK_ALL;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
	assert_int_equal(rep.pushed, 3);
	assert_int_equal(rep.queued, 0);
	assert_int_equal(queued(f), 0);
	assert_int_equal(bad_signatures, 0);
	s = mq_store_state(f->store);
	assert_string_equal(json_string_value(json_object_get(json_object_get(s, "studio"), "id")),
			    "hubin");
	json_decref(s);
	/* the second round sends the ETag and gets 304: the state stays */
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
	s = mq_store_state(f->store);
	assert_non_null(s);
	json_decref(s);
}

static void expect_nothing_settled(void **state, enum mode m, enum mq_err want)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = m;
	assert_int_equal(mq_sync_once(f->sync, &rep), want);
	assert_int_equal(rep.pushed, 0);
	assert_int_equal(queued(f), 3);
	assert_true(rep.error[0] != '\0');
	/* and the records go through once the server behaves */
	mode = ACK_ALL;
	signing = SIGN_RIGHT;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
	assert_int_equal(queued(f), 0);
}

static void test_html_200_settles_nothing(void **state)
{
	expect_nothing_settled(state, HTML_200, MQ_ERR_SERVER);
}

static void test_truncated_settles_nothing(void **state)
{
	expect_nothing_settled(state, TRUNCATED, MQ_ERR_SERVER);
}

static void test_5xx_settles_nothing(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = ERROR_500;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_SERVER);
	assert_int_equal(rep.retry_after_s, 7);   /* the server's wish reaches the backoff */
	expect_nothing_settled(state, ERROR_500, MQ_ERR_SERVER);
}

static void test_retry_after_forms(void **state)
{
	struct mq_http_reply r = { 0 };

	(void)state;
	snprintf(r.retry_after, sizeof r.retry_after, "120");
	assert_int_equal(mq_http_retry_after_s(&r, 0), 120);
	snprintf(r.retry_after, sizeof r.retry_after, "Thu, 26 Nov 2026 07:05:30 GMT");
	assert_int_equal(mq_http_retry_after_s(&r, 1795676700), 30);   /* 07:05:00Z */
	assert_int_equal(mq_http_retry_after_s(&r, 1795676800), 0);    /* in the past */
	snprintf(r.retry_after, sizeof r.retry_after, "9999999");
	assert_int_equal(mq_http_retry_after_s(&r, 0), 86400);         /* capped at a day */
	snprintf(r.retry_after, sizeof r.retry_after, "soon");
	assert_int_equal(mq_http_retry_after_s(&r, 0), 0);
	snprintf(r.retry_after, sizeof r.retry_after, "12abc");
	assert_int_equal(mq_http_retry_after_s(&r, 0), 0);
}

static void test_401_stops(void **state)
{
	expect_nothing_settled(state, UNAUTHORIZED, MQ_ERR_AUTH);
}

/* A replayed nonce says nothing about our credentials: the request is signed
 * anew at once, and should that be refused too, the round fails like a 5xx
 * (the backoff retries) instead of stopping the queue. */
static void test_replayed_nonce_signed_anew(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = REPLAYED_ONCE;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
	assert_int_equal(queued(f), 0);
	assert_int_equal(bad_signatures, 0);
}

static void test_replayed_nonce_backs_off(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = REPLAYED;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_SERVER);
	assert_int_equal(queued(f), 3);
	assert_int_equal(requests, 2 + 2);   /* upload and heartbeat, each signed anew once */
}

/* More than one record a request: two batches in flight, and the one after
 * them read ahead in the transaction that settles the oldest — yet every
 * upload's records have their attempt counted and committed by the time the
 * upload arrives, and counted once. */
static void test_attempts_committed_before_upload(void **state)
{
	struct fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "test" };
	struct mq_sync_config cfg = { .data_dir = f->dir, .batch = 5 };
	struct mq_sync *sync;
	struct mq_sync_report rep;
	struct mq_receipt r;
	sqlite3 *db;
	sqlite3_stmt *st;

	for (int i = 0; i < 47; i++)   /* 50 records: 10 uploads */
		assert_int_equal(mq_store_add_opinion(f->store, &d, mq_time_now(), &r), MQ_OK);
	assert_int_equal(mq_sync_create(&cfg, &sync), MQ_OK);
	snprintf(attempts_db, sizeof attempts_db, "%s/kiosk.db", f->dir);
	uploads = attempts_uncommitted = 0;
	mode = ACK_ALL;
	assert_int_equal(mq_sync_once(sync, &rep), MQ_OK);
	mq_sync_destroy(sync);
	assert_int_equal(rep.pushed, 50);
	assert_int_equal(uploads, 10);
	assert_int_equal(attempts_uncommitted, 0);
	assert_int_equal(bad_signatures, 0);
	assert_int_equal(sqlite3_open(attempts_db, &db), SQLITE_OK);
	attempts_db[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM outbox WHERE attempts <> 1",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_partial_results(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = ACK_FIRST_ONLY;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_SERVER);
	assert_int_equal(rep.pushed, 1);
	assert_int_equal(queued(f), 2);
}

/* A fake server answers "stored" for every record: unsigned, signed with
 * another key, or signed for another request (a replay). Nothing is
 * acknowledged, no contact is wiped, and the state and clock stay. */
static void forged(void **state, enum signing how)
{
	struct fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "x", .contact_name = "王",
				      .contact_phone = "13800000000" };
	struct mq_sync_report rep;
	struct mq_receipt r;

	if (how == SIGN_OTHER_REQUEST) {
		/* a first, genuine round gives the forger a real signature to reuse */
		mode = ACK_ALL;
		assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
		for (int i = 0; i < 3; i++)
			assert_int_equal(mq_store_add_opinion(f->store, &d, mq_time_now(), &r), MQ_OK);
	}
	signing = how;
	expect_nothing_settled(state, ACK_ALL, MQ_ERR_SERVER);
}

static void test_unsigned_answer_settles_nothing(void **state)
{
	forged(state, SIGN_NONE);
}

static void test_wrong_key_answer_settles_nothing(void **state)
{
	forged(state, SIGN_WRONG_KEY);
}

static void test_answer_for_another_request_settles_nothing(void **state)
{
	forged(state, SIGN_OTHER_REQUEST);
}

/* A forged state is not kept, and a forged "stale" 401 moves no clock. */
static void test_forged_state_and_clock_ignored(void **state)
{
	struct fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "x" };
	struct mq_sync_report rep;
	struct mq_receipt r;
	char offset[32];

	mode = ACK_ALL;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);   /* the queue drained */
	assert_int_equal(mq_store_put(f->store, "state", NULL), MQ_OK);
	assert_int_equal(mq_store_put(f->store, "state_etag", NULL), MQ_OK);
	signing = SIGN_WRONG_KEY;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_SERVER);
	assert_null(mq_store_state(f->store));
	assert_int_equal(mq_store_add_opinion(f->store, &d, mq_time_now(), &r), MQ_OK);
	mode = STALE_ONCE;
	signing = SIGN_NONE;
	assert_int_equal(mq_store_put(f->store, "clock_offset", NULL), MQ_OK);
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_AUTH);
	assert_int_equal(mq_store_get(f->store, "clock_offset", offset, sizeof offset), MQ_OK);
	assert_string_equal(offset, "");
	assert_int_equal(queued(f), 1);
}

/* A signed 401 "revoked" is remembered for the service screen; an unsigned
 * one is not believed. */
static void test_revoked_remembered_when_signed(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;
	char revoked[80];

	mode = REVOKED;
	signing = SIGN_NONE;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_AUTH);
	assert_int_equal(mq_store_get(f->store, MQ_SYNC_REVOKED_KEY, revoked, sizeof revoked),
			 MQ_OK);
	assert_string_equal(revoked, "");
	signing = SIGN_RIGHT;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_AUTH);
	assert_int_equal(mq_store_get(f->store, MQ_SYNC_REVOKED_KEY, revoked, sizeof revoked),
			 MQ_OK);
	assert_string_equal(revoked, "kiosk-t");
	assert_int_equal(queued(f), 3);
}

/* Plain http:// only to loopback, unless allowed (a lab). */
static void test_insecure_url_refused(void **state)
{
	(void)state;
	assert_int_equal(mq_http_check_url("https://minqing.example.gov.cn", false), MQ_OK);
	assert_int_equal(mq_http_check_url("http://127.0.0.1:8080", false), MQ_OK);
	assert_int_equal(mq_http_check_url("http://127.3.2.1/", false), MQ_OK);
	assert_int_equal(mq_http_check_url("http://[::1]:80/", false), MQ_OK);
	assert_int_equal(mq_http_check_url("http://localhost:8080", false), MQ_OK);
	assert_int_equal(mq_http_check_url("http://10.0.0.5:8080", false), MQ_ERR_INSECURE);
	assert_int_equal(mq_http_check_url("http://127.0.0.1.evil.example/", false),
			 MQ_ERR_INSECURE);
	assert_int_equal(mq_http_check_url("http://127.0.0.1@evil.example/", false),
			 MQ_ERR_INSECURE);
	assert_int_equal(mq_http_check_url("http://minqing.example.gov.cn", false),
			 MQ_ERR_INSECURE);
	assert_int_equal(mq_http_check_url("http://minqing.example.gov.cn", true), MQ_OK);
	assert_int_equal(mq_http_check_url("ftp://x", true), MQ_ERR_CONFIG);
}

static void test_stale_clock_retried_once(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	mode = STALE_ONCE;
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_OK);
	assert_int_equal(queued(f), 0);
}

/* notify() counts finished rounds; the test waits on it with a bound. */
static pthread_mutex_t rounds_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rounds_cond = PTHREAD_COND_INITIALIZER;
static int rounds;

static void count_round(void *cls)
{
	(void)cls;
	pthread_mutex_lock(&rounds_lock);
	rounds++;
	pthread_cond_signal(&rounds_cond);
	pthread_mutex_unlock(&rounds_lock);
}

static bool wait_rounds(int n)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&rounds_lock);
	while (rounds < n &&
	       pthread_cond_timedwait(&rounds_cond, &rounds_lock, &until) == 0)
		;
	ok = rounds >= n;
	pthread_mutex_unlock(&rounds_lock);
	return ok;
}

static void test_background_thread_and_kick(void **state)
{
	struct fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "after the first round" };
	struct mq_receipt r;
	struct mq_sync_report last;

	mode = ACK_ALL;
	rounds = 0;
	assert_int_equal(mq_sync_start(f->sync, count_round, NULL), MQ_OK);
	assert_true(wait_rounds(1));
	assert_int_equal(queued(f), 0);
	/* a record filed now goes out on the kick, not a minute later */
	assert_int_equal(mq_store_add_opinion(f->store, &d, mq_time_now(), &r), MQ_OK);
	mq_sync_kick(f->sync);
	assert_true(wait_rounds(2));
	assert_int_equal(queued(f), 0);
	mq_sync_last(f->sync, &last);
	assert_int_equal(last.err, MQ_OK);
}

static void test_unreachable_server(void **state)
{
	struct fixture *f = *state;
	struct mq_sync_report rep;

	MHD_stop_daemon(f->daemon);
	f->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handle,
				     NULL, MHD_OPTION_END);   /* a new port: the old one is dead */
	assert_int_equal(mq_sync_once(f->sync, &rep), MQ_ERR_NETWORK);
	assert_int_equal(queued(f), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_acknowledged_then_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_200_settles_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_settles_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_5xx_settles_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_401_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replayed_nonce_signed_anew, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replayed_nonce_backs_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts_committed_before_upload, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale_clock_retried_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsigned_answer_settles_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key_answer_settles_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_for_another_request_settles_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forged_state_and_clock_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoked_remembered_when_signed, setup, teardown),
		cmocka_unit_test(test_insecure_url_refused),
		cmocka_unit_test_setup_teardown(test_unreachable_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_background_thread_and_kick, setup, teardown),
		cmocka_unit_test(test_retry_after_forms),
	};

	if (!mq_id_init() || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
