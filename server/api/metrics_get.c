/* metrics_get.c — GET /metrics in Prometheus text format (0.0.4):
 * requests by route and status, latency histograms (metrics.c), records
 * stored, and each kiosk's queue as it last reported it. No personal data:
 * labels are route patterns, device ids and studio ids — still, device ids
 * and traffic are nobody else's business: the answer goes only to a client
 * on loopback that came through no proxy (no X-Forwarded-For, no Forwarded),
 * or to one with "Authorization: Bearer" and the [server] metrics_token. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_api.h"
#include "mq_buf.h"
#include "mq_metrics.h"

struct kiosks {
	struct mq_buf *b;
	int64_t now;
	int pass;
};

static bool kiosk_row(void *cls, const struct mq_db_kiosk *k)
{
	struct kiosks *x = cls;

	if (x->pass == 0)
		mq_buf_printf(x->b, "minqing_kiosk_last_seen_age_seconds{device=\"%s\",studio=\"%s\"} %lld\n",
			      k->id, k->studio, (long long)(k->last_seen ? x->now - k->last_seen : -1));
	else if (k->has_heartbeat && x->pass == 1)
		mq_buf_printf(x->b, "minqing_kiosk_queue_depth{device=\"%s\",studio=\"%s\"} %lld\n",
			      k->id, k->studio, (long long)k->hb.queue_depth);
	else if (k->has_heartbeat && x->pass == 2)
		mq_buf_printf(x->b, "minqing_kiosk_oldest_queued_age_seconds{device=\"%s\",studio=\"%s\"} %lld\n",
			      k->id, k->studio, (long long)k->hb.oldest_queued_age_s);
	else if (k->has_heartbeat && x->pass == 3)
		mq_buf_printf(x->b, "minqing_kiosk_disk_free_bytes{device=\"%s\",studio=\"%s\"} %lld\n",
			      k->id, k->studio, (long long)k->hb.disk_free_bytes);
	return true;
}

/* True when the request may read the metrics; otherwise answered 401/403. */
static bool allowed(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	const struct mq_http_request *req = hc->req;
	const char *token = hc->srv->metrics_token;
	const char *auth = mq_http_request_header(req, "Authorization");
	bool proxied = mq_http_request_header(req, "X-Forwarded-For") ||
		       mq_http_request_header(req, "Forwarded");

	if (auth && token && token[0] && strncmp(auth, "Bearer ", 7) == 0 &&
	    strlen(auth + 7) == strlen(token) && sodium_memcmp(auth + 7, token, strlen(token)) == 0)
		return true;
	if (!auth && !proxied && mq_net_is_loopback(req->client))
		return true;
	if (token && token[0]) {
		mq_http_reply_error(resp, 401, "unauthorized",
				    "/metrics needs \"Authorization: Bearer\" with the metrics_token");
		mq_http_add_header(resp, "WWW-Authenticate", "Bearer realm=\"metrics\"");
	} else {
		mq_http_reply_error(resp, 403, "forbidden",
				    "/metrics answers only on loopback; set metrics_token in [server]"
				    " to read it from elsewhere");
	}
	return false;
}

void mq_api_metrics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	static const char *const help[] = {
		"# HELP minqing_kiosk_last_seen_age_seconds Seconds since the kiosk was last heard (-1: never).\n"
		"# TYPE minqing_kiosk_last_seen_age_seconds gauge\n",
		"# HELP minqing_kiosk_queue_depth Records waiting on the kiosk, as last reported.\n"
		"# TYPE minqing_kiosk_queue_depth gauge\n",
		"# HELP minqing_kiosk_oldest_queued_age_seconds Age of the oldest queued record, as last reported.\n"
		"# TYPE minqing_kiosk_oldest_queued_age_seconds gauge\n",
		"# HELP minqing_kiosk_disk_free_bytes Free disk on the kiosk, as last reported.\n"
		"# TYPE minqing_kiosk_disk_free_bytes gauge\n",
	};
	struct mq_db *db = hc->srv->db;
	struct mq_db_counts c;
	struct mq_buf b;
	struct kiosks x = { .b = &b, .now = hc->req->now };
	enum mq_err err;
	char *text;
	size_t len = 0;

	if (!allowed(hc, resp))
		return;
	mq_buf_init(&b);
	mq_metrics_write(&b);
	err = db->counts_get(db->cls, &c);
	if (err == MQ_OK)
		mq_buf_printf(&b, "# HELP minqing_records_stored Rows stored in the database, by kind"
			      " (shared: every instance on it reports the same).\n"
			      "# TYPE minqing_records_stored gauge\n"
			      "minqing_records_stored{kind=\"sync_record\"} %lld\n"
			      "minqing_records_stored{kind=\"opinion\"} %lld\n"
			      "minqing_records_stored{kind=\"topic\"} %lld\n"
			      "minqing_records_stored{kind=\"rating\"} %lld\n"
			      "# HELP minqing_kiosks Enrolled kiosks.\n# TYPE minqing_kiosks gauge\n"
			      "minqing_kiosks %lld\n",
			      (long long)c.records, (long long)c.opinions, (long long)c.topics,
			      (long long)c.ratings, (long long)c.devices);
	for (x.pass = 0; err == MQ_OK && x.pass < 4; x.pass++) {
		mq_buf_add(&b, help[x.pass]);
		err = db->kiosks_iterate(db->cls, NULL, kiosk_row, &x);
	}
	if (err != MQ_OK) {
		mq_buf_finish(&b);
		mq_http_reply_unavailable(resp);
		return;
	}
	text = mq_buf_steal(&b, &len);
	if (!text) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_raw(resp, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}
