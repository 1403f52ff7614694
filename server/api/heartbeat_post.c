/* heartbeat_post.c — POST /api/v1/heartbeat (signed), DESIGN.md §5: a
 * kiosk reports its health, kept as its latest heartbeat for the console's
 * fleet page and /metrics. Body:
 *   {"version":"0.1.0","uptime_s":N,"queue_depth":N,"oldest_queued_age_s":N,
 *    "disk_free_bytes":N,"last_error":null|"..."}
 * Unknown fields are ignored (newer kiosks may say more). */
#include <string.h>

#include "mq_api.h"
#include "mq_log.h"
#include "mq_time.h"

#define VERSION_MAX 64      /* characters */
#define LAST_ERROR_MAX 500  /* characters */

/* A non-negative integer field into *@p out; false when absent or wrong. */
static bool count(const json_t *body, const char *name, int64_t *out)
{
	const json_t *v = json_object_get(body, name);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

void mq_api_heartbeat_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const json_t *body = hc->json;
	const json_t *err_v = json_object_get(body, "last_error");
	struct mq_db_heartbeat hb = { .device = hc->device->id, .at = hc->req->now };
	char now[MQ_RFC3339_LEN + 1];
	long n;

	hb.version = json_string_value(json_object_get(body, "version"));
	if (!json_is_object(body) || !hb.version || (n = mq_utf8_length(hb.version)) < 1 ||
	    n > VERSION_MAX || !count(body, "uptime_s", &hb.uptime_s) ||
	    !count(body, "queue_depth", &hb.queue_depth) ||
	    !count(body, "oldest_queued_age_s", &hb.oldest_queued_age_s) ||
	    !count(body, "disk_free_bytes", &hb.disk_free_bytes)) {
		mq_log_warn("heartbeat", "%s: malformed heartbeat", hc->device->id);
		mq_http_reply_error(resp, 400, "invalid_request",
				    "send {\"version\": string, \"uptime_s\", \"queue_depth\","
				    " \"oldest_queued_age_s\", \"disk_free_bytes\": non-negative integers,"
				    " \"last_error\": string or null}");
		return;
	}
	if (err_v && !json_is_null(err_v)) {
		hb.last_error = json_string_value(err_v);
		if (!hb.last_error || (n = mq_utf8_length(hb.last_error)) < 0 || n > LAST_ERROR_MAX) {
			mq_http_reply_error(resp, 400, "invalid_request",
					    "last_error must be null or a string of at most %d characters",
					    LAST_ERROR_MAX);
			return;
		}
		if (!hb.last_error[0])
			hb.last_error = NULL;
	}
	if (db->heartbeat_put(db->cls, &hb) != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_time_format_rfc3339(hc->req->now, now);
	mq_http_reply_json(resp, 200, json_pack("{s:b, s:s}", "ok", 1, "server_time", now));
}
