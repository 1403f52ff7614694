/* mq_sync.c — one sync round (push the outbox, pull the state) and the
 * background thread that runs rounds beside the UI.
 *
 * The rule that keeps records safe: a record is settled only by a result that
 * names its id, in a well-formed JSON answer to the batch that carried it.
 * Anything else — an HTML page, a proxy's 200, a cut-off body — settles
 * nothing, and the batch is simply sent again later; the server's idempotency
 * (same id + same content = duplicate) makes the resend harmless. And the
 * answer must carry the server's signature for exactly that request (RFC
 * 9421 §2.4, with the device key): a fake or replaying server acknowledges
 * nothing, wipes nothing, and changes neither the state nor the clock. */
#include "mq_sync.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "mq_answer.h"
#include "mq_badge.h"
#include "mq_device.h"
#include "mq_http_client.h"
#include "mq_log.h"
#include "mq_outbox.h"
#include "mq_store.h"
#include "mq_time.h"
#include "mq_wire.h"

#define BATCH_BYTES (MQ_WIRE_MAX_BODY - 64 * 1024)   /* headroom under the server's cap */
#define ROUND_EVERY_MS (60 * 1000)                    /* pull state this often when idle */
#define BACKOFF_BASE_MS 1000
#define BACKOFF_CAP_MS (5 * 60 * 1000)

struct mq_sync {
	struct mq_device dev;
	char data_dir[4096];
	int64_t started_ms;          /* monotonic, for the heartbeat's uptime */
	struct mq_store *store;      /* this client's own connection */
	struct mq_http *http;
	struct mq_http *http2;       /* the second batch in flight's connection; lazily */
	int64_t clock_offset_s;      /* server time - our time, learned from 401s */
	size_t batch;                /* records per upload */

	pthread_t thread;
	bool running, stopping, kicked;
	pthread_mutex_t lock;        /* guards the fields below and the three above */
	pthread_cond_t wake;
	struct mq_sync_report last;
	void (*notify)(void *cls);
	void *notify_cls;
};

static void report_error(struct mq_sync_report *r, enum mq_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_error(struct mq_sync_report *r, enum mq_err err, const char *fmt, ...)
{
	va_list ap;

	r->err = err;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof r->error, fmt, ap);
	va_end(ap);
}

enum mq_err mq_sync_create(const struct mq_sync_config *cfg, struct mq_sync **out)
{
	struct mq_sync *sync;
	char db_path[4096];
	const char *url;
	enum mq_err err;

	*out = NULL;
	sync = calloc(1, sizeof *sync);
	if (!sync)
		return MQ_ERR_NOMEM;
	pthread_mutex_init(&sync->lock, NULL);
	{
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&sync->wake, &attr);
		pthread_condattr_destroy(&attr);
	}
	err = mq_device_load(cfg->data_dir, &sync->dev);
	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_warn("sync", "kiosk is not enrolled: run `minqing-kiosk enroll`");
		err = MQ_ERR_CONFIG;
	}
	if (err != MQ_OK)
		goto fail;
	url = cfg->server_url && *cfg->server_url ? cfg->server_url : sync->dev.server_url;
	snprintf(sync->data_dir, sizeof sync->data_dir, "%s", cfg->data_dir);
	sync->batch = cfg->batch > 0 && cfg->batch < MQ_WIRE_MAX_RECORDS ? (size_t)cfg->batch
									  : MQ_WIRE_MAX_RECORDS;
	sync->started_ms = mq_time_mono_ms();
	if (!*url) {
		mq_log_error("sync", "no server_url in the config or device.json");
		err = MQ_ERR_CONFIG;
		goto fail;
	}
	snprintf(db_path, sizeof db_path, "%s/kiosk.db", cfg->data_dir);
	err = mq_store_open(db_path, &sync->store);
	if (err == MQ_OK) {
		struct mq_http_options ho = { url, cfg->ca_file, cfg->pinned_pubkey,
					      cfg->stall_seconds, cfg->allow_insecure_http };
		err = mq_http_create(&ho, &sync->http);
	}
	if (err != MQ_OK)
		goto fail;
	{
		char offset[32];
		if (mq_store_get(sync->store, "clock_offset", offset, sizeof offset) == MQ_OK &&
		    *offset)
			sync->clock_offset_s = strtoll(offset, NULL, 10);
	}
	*out = sync;
	return MQ_OK;
fail:
	mq_sync_destroy(sync);
	return err;
}

void mq_sync_destroy(struct mq_sync *sync)
{
	if (!sync)
		return;
	pthread_mutex_lock(&sync->lock);
	sync->stopping = true;
	pthread_cond_signal(&sync->wake);
	pthread_mutex_unlock(&sync->lock);
	if (sync->running)
		pthread_join(sync->thread, NULL);
	mq_http_destroy(sync->http);
	mq_http_destroy(sync->http2);
	mq_store_close(sync->store);
	pthread_cond_destroy(&sync->wake);
	pthread_mutex_destroy(&sync->lock);
	sodium_memzero(&sync->dev, sizeof sync->dev);
	free(sync);
}

/* The server's Date tells how far our clock is off; remember it across restarts. */
static void learn_clock(struct mq_sync *sync, const struct mq_http_reply *reply)
{
	int64_t server_now;
	char text[32];

	if (!mq_time_parse_http_date(reply->date, &server_now))
		return;
	sync->clock_offset_s = server_now - mq_time_now();
	snprintf(text, sizeof text, "%lld", (long long)sync->clock_offset_s);
	if (mq_store_put(sync->store, "clock_offset", text) != MQ_OK)
		mq_log_warn("sync", "cannot remember the clock offset");
	mq_log_info("sync", "clock offset to the server is now %lld s",
		    (long long)sync->clock_offset_s);
}

/* The machine-readable "error" of a JSON answer, copied into @p out ("" when
 * there is none). */
static void answer_code(const struct mq_http_reply *reply, char *out, size_t size)
{
	json_t *doc = json_loads(reply->body, 0, NULL);
	const char *code = json_string_value(json_object_get(doc, "error"));

	snprintf(out, size, "%s", code ? code : "");
	json_decref(doc);
}

/* A 401 that says nothing about our credentials: the server saw this very
 * signature before. That happens when an answer was lost and the same bytes
 * went out again (libcurl re-sends a request on a reused connection that
 * turned out dead); signing anew with a fresh nonce is all it takes. */
static bool is_replay_refusal(const struct mq_http_reply *reply)
{
	char code[32];

	if (reply->status != 401)
		return false;
	answer_code(reply, code, sizeof code);
	return strcmp(code, "replayed_nonce") == 0;
}

/* Given the answer (@p err, @p reply) to a signed request, decides on a 401:
 * one for a stale signature is retried once with the clock corrected from
 * the server's Date (a kiosk a day off still syncs), and one for a replayed
 * nonce once with a fresh signature (records are idempotent by id: what the
 * lost answer stored comes back "duplicate"). The last answer stays in
 * @p reply. */
static enum mq_err signed_retry(struct mq_sync *sync, struct mq_http *http, const char *method,
				const char *path, const char *query, const char *body, size_t len,
				const char *if_none_match, enum mq_err err,
				struct mq_http_reply *reply)
{
	bool stale_retried = false, replay_retried = false;

	for (;;) {
		char code[32];

		if (err != MQ_OK || reply->status != 401)
			return err;
		answer_code(reply, code, sizeof code);
		/* only the real server (its signed answer) may move our clock */
		if (!stale_retried && reply->signed_ok && strcmp(code, "stale_signature") == 0) {
			stale_retried = true;
			learn_clock(sync, reply);
		} else if (!replay_retried && strcmp(code, "replayed_nonce") == 0) {
			replay_retried = true;
			mq_log_warn("sync", "%s %s: the server had seen this signature (an answer"
				    " was lost and the request went out twice); signing anew",
				    method, path);
		} else {
			return err;
		}
		mq_http_reply_finish(reply);
		err = mq_http_request(http, &sync->dev, sync->clock_offset_s, method, path, query,
				      body, len, if_none_match, reply);
	}
}

/* Sends a signed request, retried as signed_retry says. */
static enum mq_err signed_request(struct mq_sync *sync, const char *method, const char *path,
				  const char *query, const char *body, size_t len,
				  const char *if_none_match, struct mq_http_reply *reply)
{
	enum mq_err err = mq_http_request(sync->http, &sync->dev, sync->clock_offset_s, method,
					  path, query, body, len, if_none_match, reply);

	return signed_retry(sync, sync->http, method, path, query, body, len, if_none_match, err,
			    reply);
}

/* The server revoked this device (its signed word): remember it for the
 * service screen. */
static void note_revoked(struct mq_sync *sync)
{
	mq_log_error("sync", "the server revoked this device (%s): nothing more will be sent;"
		     " enroll it again with a new code", sync->dev.id);
	if (mq_store_put(sync->store, MQ_SYNC_REVOKED_KEY, sync->dev.id) != MQ_OK)
		mq_log_warn("sync", "cannot remember the revocation");
}

/* Maps a non-200 answer to an error for the report. */
static enum mq_err answer_error(struct mq_sync *sync, const struct mq_http_reply *reply,
				const char *what, struct mq_sync_report *report)
{
	json_t *doc = json_loads(reply->body, 0, NULL);
	const char *msg = json_string_value(json_object_get(doc, "message"));
	const char *code = json_string_value(json_object_get(doc, "error"));
	enum mq_err err;

	if (reply->status == 401 && reply->signed_ok && code && strcmp(code, "revoked") == 0)
		note_revoked(sync);
	if (is_replay_refusal(reply))
		err = MQ_ERR_SERVER;    /* not our credentials: sign anew after the backoff */
	else if (reply->status == 401 || reply->status == 403)
		err = MQ_ERR_AUTH;      /* stops the queue: a technician must re-enroll */
	else if (reply->status >= 500 || reply->status == 429)
		err = MQ_ERR_SERVER;
	else
		err = MQ_ERR_INVALID;
	report->retry_after_s = mq_http_retry_after_s(reply, mq_time_now());
	report_error(report, err, "%s: HTTP %ld%s%s", what, reply->status, msg ? ": " : "",
		     msg ? msg : "");
	json_decref(doc);
	return err;
}

struct settle_ctx {
	struct mq_sync *sync;
	struct mq_sync_report *report;
	size_t settled;
	int pushed, rejected;        /* counted into the report once committed */
};

/* Records one server result; results naming no queued record change nothing. */
static enum mq_err settle_one(void *cls, const struct mq_answer_result *r)
{
	struct settle_ctx *ctx = cls;
	enum mq_err err = mq_outbox_settle(ctx->sync->store, r->id, r->result, r->error,
					   mq_time_now());

	if (err == MQ_ERR_NOT_FOUND || err == MQ_ERR_INVALID)
		return MQ_OK;
	if (err != MQ_OK)
		return err;
	ctx->settled++;
	if (strcmp(r->result, "stored") == 0 || strcmp(r->result, "duplicate") == 0)
		ctx->pushed++;
	else
		ctx->rejected++;
	return MQ_OK;
}

/* An upload of one batch. With more than one record a request it is a lane:
 * a connection of its own (its HTTP client) and a thread, living for one
 * push_all, that sends whatever batch it is given; two lanes carry two
 * batches at a time. With one record a request it is sent from the sync
 * thread. */
struct upload {
	struct mq_sync *sync;
	struct mq_http *http;        /* the connection it goes out on */
	struct mq_outbox_batch batch;
	struct mq_http_reply reply;
	int64_t clock_offset_s;      /* the sync thread's, when it was handed over */
	enum mq_err err;             /* of the first request, as the sender left it */
	pthread_t thread;
	pthread_mutex_t lock;        /* guards the two flags below */
	pthread_cond_t cond;
	bool sending, quit;
	bool threaded;               /* a lane thread sends it */
};

static void upload_send(struct upload *up)
{
	up->err = mq_http_request(up->http, &up->sync->dev, up->clock_offset_s, "POST",
				  "/api/v1/records", NULL, up->batch.body, up->batch.len, NULL,
				  &up->reply);
}

/* A lane's thread: sends each batch it is handed until told to quit. */
static void *lane_thread(void *cls)
{
	struct upload *up = cls;

	pthread_mutex_lock(&up->lock);
	for (;;) {
		while (!up->sending && !up->quit)
			pthread_cond_wait(&up->cond, &up->lock);
		if (!up->sending)
			break;
		pthread_mutex_unlock(&up->lock);
		upload_send(up);
		pthread_mutex_lock(&up->lock);
		up->sending = false;
		pthread_cond_broadcast(&up->cond);
	}
	pthread_mutex_unlock(&up->lock);
	return NULL;
}

/* Makes @p up a lane on @p http; false when its thread cannot be had. */
static bool lane_open(struct upload *up, struct mq_http *http)
{
	up->http = http;
	pthread_mutex_init(&up->lock, NULL);
	pthread_cond_init(&up->cond, NULL);
	up->threaded = pthread_create(&up->thread, NULL, lane_thread, up) == 0;
	if (!up->threaded) {
		pthread_cond_destroy(&up->cond);
		pthread_mutex_destroy(&up->lock);
	}
	return up->threaded;
}

static void lane_close(struct upload *up)
{
	if (!up->threaded)
		return;
	pthread_mutex_lock(&up->lock);
	up->quit = true;
	pthread_cond_broadcast(&up->cond);
	pthread_mutex_unlock(&up->lock);
	pthread_join(up->thread, NULL);
	pthread_cond_destroy(&up->cond);
	pthread_mutex_destroy(&up->lock);
	up->threaded = false;
}

/* Sends @p up's batch: handed to its lane's thread, or sent here. */
static void upload_start(struct upload *up)
{
	up->clock_offset_s = up->sync->clock_offset_s;
	if (!up->threaded) {
		upload_send(up);
		return;
	}
	pthread_mutex_lock(&up->lock);
	up->sending = true;
	pthread_cond_broadcast(&up->cond);
	pthread_mutex_unlock(&up->lock);
}

/* Waits for @p up's answer and checks it: 200, signed by the server for this
 * very request (a 401 retried as signed_retry says, from here). MQ_OK with
 * the answer in up->reply (the caller finishes it); otherwise the error,
 * reported, and nothing to finish. */
static enum mq_err upload_finish(struct upload *up, struct mq_sync_report *report)
{
	struct mq_sync *sync = up->sync;
	struct mq_http_reply *reply = &up->reply;
	enum mq_err err;

	if (up->threaded) {
		pthread_mutex_lock(&up->lock);
		while (up->sending)
			pthread_cond_wait(&up->cond, &up->lock);
		pthread_mutex_unlock(&up->lock);
	}
	err = signed_retry(sync, up->http, "POST", "/api/v1/records", NULL, up->batch.body,
			   up->batch.len, NULL, up->err, reply);
	if (err != MQ_OK) {
		report_error(report, err, "%s", reply->error);
		return err;
	}
	if (reply->status != 200) {
		err = answer_error(sync, reply, "upload", report);
		mq_http_reply_finish(reply);
		return err;
	}
	if (!reply->signed_ok) {
		/* a fake server, a proxy, or an answer to another request */
		report_error(report, MQ_ERR_SERVER, "upload: the answer is not signed by the server"
			     " for this request: nothing acknowledged");
		mq_http_reply_finish(reply);
		return MQ_ERR_SERVER;
	}
	return MQ_OK;
}

/* A push of the queue: the batches in flight, oldest first, and the one
 * read ahead. */
struct push {
	struct mq_sync *sync;
	struct mq_sync_report *report;
	struct upload lanes[2];
	size_t n_lanes;              /* batches that may be in flight at once */
	struct upload *flying[2];    /* in flight, oldest first */
	size_t n_flying;
	struct mq_outbox_batch ahead;   /* read, its attempt counted, not sent yet */
	struct mq_outbox_batch cursor;  /* where the last batch read ended */
	bool read_any;               /* cursor is set (else: the head of the queue) */
	bool end;                    /* the queue has nothing after the cursor */
	bool held;                   /* the next record waits until nothing is in flight */
	enum mq_err err;             /* the first failure: no more batches go out */
};

static void push_fail(struct push *p, enum mq_err err)
{
	if (p->err == MQ_OK)
		p->err = err;
}

/* Reads the next batch into p->ahead: with a batch in flight, only records
 * that may travel beside it (mq_outbox_batch_beside); else anything. Sets
 * p->end or p->held when it takes nothing. */
static void read_ahead(struct push *p)
{
	struct mq_sync *sync = p->sync;
	const struct mq_outbox_batch *after = p->read_any ? &p->cursor : NULL;
	struct mq_outbox_batch *b = &p->ahead;
	enum mq_err err = p->n_flying
				  ? mq_outbox_batch_beside(sync->store, after, sync->batch,
							   BATCH_BYTES, b)
				  : mq_outbox_batch(sync->store, after, sync->batch, BATCH_BYTES, b);

	if (err != MQ_OK) {
		report_error(p->report, err, "cannot read the queue: %s", mq_strerror(err));
		push_fail(p, err);
		return;
	}
	if (b->count == 0) {
		if (b->held)
			p->held = true;
		else
			p->end = true;
		mq_outbox_batch_free(b);
		return;
	}
	p->cursor.last_queued_at = b->last_queued_at;
	p->cursor.last_rowid = b->last_rowid;
	p->read_any = true;
}

/* Whether the batch after the ones in flight is read now: both lanes busy,
 * nothing read ahead yet, and the queue may give one. */
static bool may_read_ahead(const struct push *p)
{
	return p->err == MQ_OK && p->n_lanes > 1 && p->n_flying == p->n_lanes &&
	       p->ahead.count == 0 && !p->end && !p->held;
}

/* The push's reading state, to put back when the transaction a batch was
 * read in rolls back (its attempt count with it: it must not go out). */
struct read_state {
	struct mq_outbox_batch cursor;
	bool read_any, end, held;
};

static struct read_state read_state_save(const struct push *p)
{
	return (struct read_state){ p->cursor, p->read_any, p->end, p->held };
}

static void read_state_undo(struct push *p, const struct read_state *s)
{
	mq_outbox_batch_free(&p->ahead);
	p->cursor = s->cursor;
	p->read_any = s->read_any;
	p->end = s->end;
	p->held = s->held;
}

/* Settles the records of @p batch from its answer @p reply (checked by
 * upload_finish) and finishes the answer. With both lanes busy the batch
 * after them is read ahead in the same transaction: its attempt count and
 * this settling go to disk in one commit — one kiosk fsync a batch instead
 * of two — and the count is still durable before that batch is sent (the
 * next answer sends it). MQ_OK only when every record sent was settled. */
static enum mq_err settle_batch(struct push *p, const struct mq_outbox_batch *batch,
				struct mq_http_reply *reply, struct mq_sync_report *report)
{
	struct mq_sync *sync = p->sync;
	struct settle_ctx settle = { 0 };
	struct read_state before = read_state_save(p);
	enum mq_err err = MQ_OK;

	/* One commit for the whole batch: a power cut before it only means a
	 * resend, which the server answers `duplicate`. A full disk rolls the
	 * batch back after the store gave up its reserve: the second pass fits. */
	for (int pass = 0; pass < 2; pass++) {
		bool read = false;

		settle = (struct settle_ctx){ sync, report, 0, 0, 0 };
		err = mq_store_begin(sync->store);
		if (err == MQ_OK) {
			err = mq_answer_results(reply->body, reply->len, settle_one, &settle);
			if (err == MQ_OK && may_read_ahead(p)) {
				read_ahead(p);   /* a failure to read is the push's, not the settling's */
				read = true;
			}
			if (err == MQ_OK)
				err = mq_store_commit(sync->store);
			else
				mq_store_rollback(sync->store);
		}
		if (err != MQ_OK && read)
			read_state_undo(p, &before);
		if (err != MQ_ERR_DISK_FULL && err != MQ_ERR_IO)
			break;
	}
	if (err == MQ_OK) {
		report->pushed += settle.pushed;
		report->rejected += settle.rejected;
	}
	mq_http_reply_finish(reply);
	if (err == MQ_ERR_SERVER) {
		/* a captive portal's page or a cut-off body: settles nothing */
		report_error(report, MQ_ERR_SERVER, "upload: the answer was not a result list");
		return MQ_ERR_SERVER;
	}
	if (err != MQ_OK) {
		report_error(report, err, "cannot record the server's answer: %s",
			     mq_strerror(err));
		return err;
	}
	if (settle.settled < batch->count) {
		report_error(report, MQ_ERR_SERVER, "upload: %zu of %zu records not acknowledged",
			     batch->count - settle.settled, batch->count);
		return MQ_ERR_SERVER;
	}
	return MQ_OK;
}

/* Sends the batch read ahead on the lane after the ones in flight. */
static void send_ahead(struct push *p)
{
	struct upload *up = p->n_flying && p->flying[0] == &p->lanes[0] ? &p->lanes[1]
									   : &p->lanes[0];

	up->batch = p->ahead;
	memset(&p->ahead, 0, sizeof p->ahead);
	upload_start(up);
	p->flying[p->n_flying++] = up;
}

/* Sends what may go now: the batch read ahead (or one read now) on each
 * free lane, until the lanes are full, the queue is done, or the next
 * record must wait until nothing is in flight. */
static void top_up(struct push *p)
{
	while (p->err == MQ_OK && p->n_flying < p->n_lanes) {
		if (p->ahead.count == 0 && !p->end && !(p->held && p->n_flying))
			read_ahead(p);
		if (p->ahead.count == 0)
			break;
		send_ahead(p);
	}
}

/* Waits for the oldest batch in flight; once its answer checks out, hands
 * its lane the next batch (with two lanes; with one, the next goes out
 * after the settling, as before) and settles it from that signed answer.
 * After a failure a batch still in flight is settled all the same when its
 * own signed answer is good; its errors are not reported. */
static void land_oldest(struct push *p)
{
	struct upload *up = p->flying[0];
	struct mq_outbox_batch batch;
	struct mq_http_reply reply;
	struct mq_sync_report quiet = { 0 };
	struct mq_sync_report *report = p->err == MQ_OK ? p->report : &quiet;
	enum mq_err err;

	p->flying[0] = p->flying[1];
	p->n_flying--;
	err = upload_finish(up, report);
	/* the lane is free: its batch and answer move out */
	batch = up->batch;
	reply = up->reply;
	memset(&up->batch, 0, sizeof up->batch);
	memset(&up->reply, 0, sizeof up->reply);
	if (p->n_flying == 0)
		p->held = false;
	if (err == MQ_OK && p->n_lanes > 1)
		top_up(p);
	if (err == MQ_OK)
		err = settle_batch(p, &batch, &reply, report);
	p->report->pushed += quiet.pushed;
	p->report->rejected += quiet.rejected;
	if (err != MQ_OK)
		push_fail(p, err);
	mq_outbox_batch_free(&batch);
}

/* Two lanes with more than one record a request: the sync thread's own
 * connection and a second one. False (one batch at a time, sent from the
 * sync thread) with one record a request, or when a lane cannot be had. */
static bool open_lanes(struct push *p)
{
	struct mq_sync *sync = p->sync;

	if (sync->batch <= 1)
		return false;
	if (!sync->http2 && mq_http_clone(sync->http, &sync->http2) != MQ_OK)
		return false;
	if (!lane_open(&p->lanes[0], sync->http))
		return false;
	if (!lane_open(&p->lanes[1], sync->http2)) {
		lane_close(&p->lanes[0]);
		return false;
	}
	return true;
}

/* Pushes the queue, batch after batch, until it is empty or a batch fails.
 *
 * With more than one record a request two batches are in flight at a time,
 * each on a connection of its own, so that the server reads and checks one
 * while it commits the other, and the one after them is read (its attempt
 * counted and committed) before the oldest's answer comes: that answer
 * sends it at once, then is settled in one transaction with reading the
 * next one ahead (settle_batch): one kiosk commit a batch, not two. The
 * server may store the later batch first, so a batch that goes out beside
 * another holds only records that may travel so (mq_outbox_batch_beside:
 * opinions); at the first record that may not (a rating, a booking, ...)
 * the push waits until nothing is in flight and sends it then. A failure
 * stops the push: no more batches go out, the one read ahead has its attempt
 * taken back, and a batch still in flight is settled from its own signed
 * answer if it has one (else sent again next round: `duplicate`).
 *
 * With one record a request there is no work to hide, only the two sides'
 * fsyncs to overlap, and overlapping them slowed that drain on a busy disk
 * (bench/README.md, Sync): one batch at a time, sent from the sync thread. */
static enum mq_err push_all(struct mq_sync *sync, struct mq_sync_report *report)
{
	struct push p = { .sync = sync, .report = report };

	p.lanes[0] = (struct upload){ .sync = sync, .http = sync->http };
	p.lanes[1] = (struct upload){ .sync = sync };
	p.n_lanes = 1;
	read_ahead(&p);   /* lane threads only when there is something to send */
	if (p.ahead.count > 0 && open_lanes(&p))
		p.n_lanes = 2;
	for (;;) {
		top_up(&p);
		if (may_read_ahead(&p))
			read_ahead(&p);   /* when no settling did: the first batches */
		if (p.n_flying == 0)
			break;
		land_oldest(&p);
	}
	if (p.ahead.count > 0)
		mq_outbox_batch_unsent(sync->store, &p.ahead);
	mq_outbox_batch_free(&p.ahead);
	lane_close(&p.lanes[0]);
	lane_close(&p.lanes[1]);
	return p.err;
}

/* Takes the studio's badge key out of @p state (it is not cached with the
 * state in kiosk.db) into DATA_DIR/badge.key, 0600, when it changed. */
static enum mq_err keep_badge_key(struct mq_sync *sync, json_t *state)
{
	const char *b64 = json_string_value(json_object_get(state, "badge_key"));
	unsigned char key[MQ_BADGE_KEY_BYTES], old[MQ_BADGE_KEY_BYTES];
	size_t n = 0;
	enum mq_err err = MQ_OK;

	if (!b64)
		return MQ_OK;   /* a server that sends none: badges are then not accepted */
	if (sodium_base642bin(key, sizeof key, b64, strlen(b64), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || n != sizeof key) {
		mq_log_warn("sync", "ignored a malformed badge key in the state");
	} else if (mq_device_badge_key_load(sync->data_dir, old) != MQ_OK ||
		   sodium_memcmp(old, key, sizeof key) != 0) {
		err = mq_device_badge_key_save(sync->data_dir, key);
	}
	sodium_memzero(key, sizeof key);
	sodium_memzero(old, sizeof old);
	json_object_del(state, "badge_key");
	return err;
}

static enum mq_err pull_state(struct mq_sync *sync, struct mq_sync_report *report)
{
	char etag[128], cursor[64], query[96];
	struct mq_http_reply reply;
	json_t *state;
	enum mq_err err;

	if (mq_store_get(sync->store, "state_etag", etag, sizeof etag) != MQ_OK ||
	    mq_store_get(sync->store, "state_cursor", cursor, sizeof cursor) != MQ_OK)
		return MQ_ERR_DB;
	snprintf(query, sizeof query, "since=%s", *cursor ? cursor : "0");
	err = signed_request(sync, "GET", "/api/v1/kiosk/state", query, NULL, 0, etag, &reply);
	if (err != MQ_OK) {
		report_error(report, err, "%s", reply.error);
		return err;
	}
	if (reply.status != 200 && reply.status != 304) {
		err = answer_error(sync, &reply, "state", report);
		mq_http_reply_finish(&reply);
		return err;
	}
	if (!reply.signed_ok) {
		report_error(report, MQ_ERR_SERVER, "state: the answer is not signed by the server"
			     " for this request: ignored");
		mq_http_reply_finish(&reply);
		return MQ_ERR_SERVER;
	}
	if (reply.status == 304) {
		mq_http_reply_finish(&reply);
		return MQ_OK;
	}
	state = mq_answer_state(reply.body, reply.len);
	if (!state) {
		report_error(report, MQ_ERR_SERVER, "state: the answer was not a kiosk state");
		mq_http_reply_finish(&reply);
		return MQ_ERR_SERVER;
	}
	err = keep_badge_key(sync, state);
	if (err == MQ_OK)
		err = mq_store_set_state(sync->store, state, reply.etag[0] ? reply.etag : NULL);
	if (err == MQ_OK && json_is_string(json_object_get(state, "cursor")))
		err = mq_store_put(sync->store, "state_cursor",
				   json_string_value(json_object_get(state, "cursor")));
	if (err != MQ_OK)
		report_error(report, err, "cannot keep the state: %s", mq_strerror(err));
	json_decref(state);
	mq_http_reply_finish(&reply);
	return err;
}

/* Adds the update module's last report (the store setting
 * MQ_SYNC_UPDATE_REPORT_KEY, a JSON object) to heartbeat @p doc as
 * "update"; nothing when there is none or it does not parse. */
static void add_update_report(struct mq_sync *sync, json_t *doc)
{
	char text[2048];
	json_t *report;

	if (!doc || mq_store_get(sync->store, MQ_SYNC_UPDATE_REPORT_KEY, text, sizeof text) != MQ_OK ||
	    !text[0])
		return;
	report = json_loads(text, 0, NULL);
	if (json_is_object(report))
		json_object_set(doc, "update", report);
	json_decref(report);
}

/* Tells the server how this kiosk is doing (fleet health). Best effort: a
 * failed heartbeat is logged, never fails the round. */
static void heartbeat(struct mq_sync *sync, const struct mq_sync_report *report)
{
	struct mq_outbox_stats stats = { 0 };
	struct mq_http_reply reply;
	struct statvfs fs;
	json_t *doc;
	char *body;
	int64_t now = mq_time_now();

	if (mq_outbox_stats(sync->store, &stats) != MQ_OK)
		return;
	doc = json_pack("{s:s, s:I, s:i, s:I, s:I, s:s?}", "version", MQ_VERSION,
			"uptime_s", (json_int_t)((mq_time_mono_ms() - sync->started_ms) / 1000),
			"queue_depth", stats.queued,
			"oldest_queued_age_s",
			(json_int_t)(stats.queued ? now - stats.oldest_queued_at : 0),
			"disk_free_bytes",
			(json_int_t)(statvfs(sync->data_dir, &fs) == 0
					     ? (int64_t)fs.f_bavail * (int64_t)fs.f_frsize : -1),
			"last_error", report->err == MQ_OK ? NULL : report->error);
	add_update_report(sync, doc);
	body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!body)
		return;
	if (signed_request(sync, "POST", "/api/v1/heartbeat", NULL, body, strlen(body), NULL,
			   &reply) == MQ_OK) {
		if (reply.status != 200 && reply.status != 204)
			mq_log_debug("sync", "heartbeat answered HTTP %ld", reply.status);
		mq_http_reply_finish(&reply);
	}
	free(body);
}

enum mq_err mq_sync_once(struct mq_sync *sync, struct mq_sync_report *report)
{
	struct mq_outbox_stats stats;
	char stamp[MQ_RFC3339_LEN + 1];
	enum mq_err err;

	memset(report, 0, sizeof *report);
	err = push_all(sync, report);
	if (err == MQ_OK)
		err = pull_state(sync, report);
	if (mq_outbox_stats(sync->store, &stats) == MQ_OK)
		report->queued = stats.queued;
	report->err = err;
	if (err == MQ_OK || err == MQ_ERR_SERVER)   /* the server is there to hear it */
		heartbeat(sync, report);

	mq_time_format_rfc3339(mq_time_now(), stamp);
	if (err == MQ_OK) {
		if (mq_store_put(sync->store, "last_sync_at", stamp) != MQ_OK ||
		    mq_store_put(sync->store, "last_error", NULL) != MQ_OK)
			mq_log_warn("sync", "cannot record the sync time");
		mq_log_info("sync", "round done: %d acknowledged, %d refused, %d queued",
			    report->pushed, report->rejected, report->queued);
	} else {
		if (mq_store_put(sync->store, "last_error", report->error) != MQ_OK ||
		    mq_store_put(sync->store, "last_error_at", stamp) != MQ_OK)
			mq_log_warn("sync", "cannot record the sync error");
		mq_log_warn("sync", "round failed (%s): %s; %d queued", mq_strerror(err),
			    report->error, report->queued);
	}
	pthread_mutex_lock(&sync->lock);
	sync->last = *report;
	pthread_mutex_unlock(&sync->lock);
	return err;
}

/* Full jitter (AWS architecture blog's "exponential backoff and jitter"):
 * a random wait in [0, min(cap, base * 2^failures)], so kiosks that lost the
 * network together do not come back in lock-step. */
static int64_t backoff_ms(int failures)
{
	int64_t ceiling = BACKOFF_BASE_MS;

	for (int i = 0; i < failures && ceiling < BACKOFF_CAP_MS; i++)
		ceiling *= 2;
	if (ceiling > BACKOFF_CAP_MS)
		ceiling = BACKOFF_CAP_MS;
	return (int64_t)randombytes_uniform((uint32_t)ceiling + 1);
}

/* Waits until kicked, stopped, or @p wait_ms passed (forever when negative).
 * Returns false when the client is stopping. */
static bool wait_for_kick(struct mq_sync *sync, int64_t wait_ms)
{
	struct timespec until;
	bool go_on;

	clock_gettime(CLOCK_MONOTONIC, &until);
	if (wait_ms > 0) {
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&sync->lock);
	while (!sync->stopping && !sync->kicked) {
		if (wait_ms < 0)
			pthread_cond_wait(&sync->wake, &sync->lock);
		else if (pthread_cond_timedwait(&sync->wake, &sync->lock, &until) != 0)
			break;
	}
	go_on = !sync->stopping;
	pthread_mutex_unlock(&sync->lock);
	return go_on;
}

static void *sync_thread(void *cls)
{
	struct mq_sync *sync = cls;
	int failures = 0;

	for (;;) {
		struct mq_sync_report report;
		int64_t wait_ms;
		enum mq_err err;

		pthread_mutex_lock(&sync->lock);
		sync->kicked = false;
		pthread_mutex_unlock(&sync->lock);

		err = mq_sync_once(sync, &report);
		if (sync->notify)
			sync->notify(sync->notify_cls);
		if (err == MQ_OK) {
			failures = 0;
			wait_ms = ROUND_EVERY_MS;
		} else if (err == MQ_ERR_AUTH) {
			/* credentials refused: retrying cannot help. The queue stops
			 * (the service screen shows why) until a kick: "sync now",
			 * or a new record after the technician re-enrolled. */
			wait_ms = -1;
		} else {
			wait_ms = backoff_ms(failures);
			if (failures < 30)
				failures++;
		}
		/* the server's Retry-After is a floor under our own backoff */
		if (wait_ms >= 0 && report.retry_after_s > 0 &&
		    wait_ms < report.retry_after_s * 1000LL)
			wait_ms = report.retry_after_s * 1000LL;

		if (!wait_for_kick(sync, wait_ms))
			return NULL;
	}
}

enum mq_err mq_sync_start(struct mq_sync *sync, void (*notify)(void *cls), void *cls)
{
	sync->notify = notify;
	sync->notify_cls = cls;
	if (pthread_create(&sync->thread, NULL, sync_thread, sync) != 0)
		return MQ_ERR_NOMEM;
	sync->running = true;
	return MQ_OK;
}

void mq_sync_kick(struct mq_sync *sync)
{
	if (!sync)
		return;
	pthread_mutex_lock(&sync->lock);
	sync->kicked = true;
	pthread_cond_signal(&sync->wake);
	pthread_mutex_unlock(&sync->lock);
}

void mq_sync_last(struct mq_sync *sync, struct mq_sync_report *out)
{
	pthread_mutex_lock(&sync->lock);
	*out = sync->last;
	pthread_mutex_unlock(&sync->lock);
}

/* What the server's refusal of an enrollment (@p reply, not 200) means: a code
 * that expired (MQ_ERR_EXPIRED), one it does not know or that was used
 * (MQ_ERR_AUTH), too many attempts from here (MQ_ERR_LIMITED), or trouble on
 * its side or something that is no minqing server (MQ_ERR_SERVER). */
static enum mq_err enroll_refused(const struct mq_http_reply *reply, const char *server_url,
				  char *err_text, size_t err_size)
{
	json_t *answer = json_loads(reply->body, 0, NULL);
	const char *code = json_string_value(json_object_get(answer, "error"));
	const char *msg = json_string_value(json_object_get(answer, "message"));
	enum mq_err err;

	if (reply->status == 429)
		err = MQ_ERR_LIMITED;
	else if (!code || reply->status >= 500)
		err = MQ_ERR_SERVER;    /* a 404 page without our error code: another server */
	else if (strcmp(code, "code_expired") == 0)
		err = MQ_ERR_EXPIRED;
	else if (reply->status == 400 || reply->status == 401 || reply->status == 403 ||
		 reply->status == 404)
		err = MQ_ERR_AUTH;
	else
		err = MQ_ERR_SERVER;
	if (err == MQ_ERR_SERVER && !code)
		snprintf(err_text, err_size, "%s answered HTTP %ld without a minqing error: "
			 "is it the district server's address?", server_url, reply->status);
	else
		snprintf(err_text, err_size, "the server refused the code (HTTP %ld%s%s): "
			 "ask for a new one with `minqing-server kiosk-code`", reply->status,
			 msg ? ": " : "", msg ? msg : "");
	json_decref(answer);
	return err;
}

enum mq_err mq_sync_enroll(const struct mq_sync_config *cfg, const char *code, char *err_text,
			   size_t err_size)
{
	struct mq_http_options ho = { cfg->server_url, cfg->ca_file, cfg->pinned_pubkey,
				      cfg->stall_seconds, cfg->allow_insecure_http };
	const char *data_dir = cfg->data_dir, *server_url = cfg->server_url;
	struct mq_http *http = NULL;
	struct mq_http_reply reply = { 0 };
	struct mq_device dev;
	json_t *answer = NULL;
	char *body = NULL;
	enum mq_err err;

	err = mq_http_create(&ho, &http);
	if (err == MQ_ERR_INSECURE) {
		snprintf(err_text, err_size, "'%s' is plain http:// to another machine: use https://"
			 " (or, in a lab only, allow_insecure_http = true in kiosk.ini)", server_url);
		goto out;
	}
	if (err != MQ_OK) {
		snprintf(err_text, err_size, "'%s' is not an http:// or https:// URL", server_url);
		goto out;
	}
	answer = json_pack("{s:s}", "code", code);
	body = answer ? json_dumps(answer, JSON_COMPACT) : NULL;
	json_decref(answer);
	answer = NULL;
	if (!body) {
		err = MQ_ERR_NOMEM;
		goto out;
	}
	err = mq_http_request(http, NULL, 0, "POST", "/api/v1/enroll", NULL, body, strlen(body),
			      NULL, &reply);
	if (err != MQ_OK) {
		snprintf(err_text, err_size, "cannot reach %s (%s): %s", server_url, reply.error,
			 err == MQ_ERR_TLS ? "check the address and the server's certificate"
			 : err == MQ_ERR_OFFLINE ? "this kiosk has no network: check the cable or Wi-Fi"
						 : "check the address and network");
		goto out;
	}
	if (reply.status != 200) {
		err = enroll_refused(&reply, server_url, err_text, err_size);
		goto out;
	}
	answer = json_loads(reply.body, 0, NULL);
	err = mq_device_from_json(answer, server_url, &dev);
	if (err != MQ_OK) {
		snprintf(err_text, err_size, "the server's answer lacks device_id/key/studio: "
			 "is %s a minqing server?", server_url);
		err = MQ_ERR_SERVER;
		goto out;
	}
	err = mq_device_save(data_dir, &dev);
	sodium_memzero(&dev, sizeof dev);
	if (err != MQ_OK)
		snprintf(err_text, err_size, "cannot write %s/device.json: %s", data_dir,
			 mq_strerror(err));
out:
	json_decref(answer);
	free(body);
	mq_http_reply_finish(&reply);
	mq_http_destroy(http);
	return err;
}
