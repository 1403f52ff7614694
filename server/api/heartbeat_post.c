/* heartbeat_post.c — POST /api/v1/heartbeat (signed), DESIGN.md §5: a
 * kiosk reports its health, kept as its latest heartbeat for the console's
 * fleet page and /metrics. Body:
 *   {"version":"0.1.0","uptime_s":N,"queue_depth":N,"oldest_queued_age_s":N,
 *    "disk_free_bytes":N,"last_error":null|"...",
 *    "update":{"state":"downloading","running":"1.0.0","version":"1.1.0",
 *              "percent":40,"reason":null,"booted":"A","slot_a":"1.0.0",
 *              "slot_b":null}}
 * "update" is optional (kiosks before system updates do not send it); a
 * malformed one is logged and dropped, never the heartbeat with it.
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

static const char *const update_states[] = {
	"idle", "offered", "downloading", "downloaded", "installing", "installed",
	"booted", "good", "rolled_back", "failed",
};

/* An optional string field of at most @p max characters into *@p out
 * (NULL when absent, null or ""); false when it is something else. */
static bool short_text(const json_t *obj, const char *name, long max, const char **out)
{
	const json_t *v = json_object_get(obj, name);
	long n;

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	*out = json_string_value(v);
	if (!*out || (n = mq_utf8_length(*out)) < 0 || n > max)
		return false;
	if (!**out)
		*out = NULL;
	return true;
}

/* The heartbeat's "update" object into @p st; false when malformed. */
static bool update_status(const json_t *u, struct mq_db_update_status *st)
{
	const json_t *pct = json_object_get(u, "percent");
	bool known = false;

	if (!json_is_object(u) || !short_text(u, "state", 16, &st->state) || !st->state ||
	    !short_text(u, "running", VERSION_MAX, &st->running) ||
	    !short_text(u, "version", VERSION_MAX, &st->version) ||
	    !short_text(u, "reason", LAST_ERROR_MAX, &st->reason) ||
	    !short_text(u, "booted", 8, &st->booted_slot) ||
	    !short_text(u, "slot_a", VERSION_MAX, &st->slot_a) ||
	    !short_text(u, "slot_b", VERSION_MAX, &st->slot_b))
		return false;
	for (size_t i = 0; i < sizeof update_states / sizeof *update_states; i++)
		known = known || strcmp(st->state, update_states[i]) == 0;
	if (!known || (pct && (!json_is_integer(pct) || json_integer_value(pct) < 0 ||
			       json_integer_value(pct) > 100)))
		return false;
	st->percent = pct ? (int64_t)json_integer_value(pct) : 0;
	if (!st->running)
		st->running = "";
	return true;
}

/* Stores the update state the heartbeat @p body carries, if any. */
static void store_update(struct mq_handler_ctx *hc, const json_t *body)
{
	struct mq_db *db = hc->srv->db;
	const json_t *u = json_object_get(body, "update");
	struct mq_db_update_status st = { .device = hc->device->id, .at = hc->req->now };

	if (!u || json_is_null(u))
		return;
	if (!update_status(u, &st)) {
		mq_log_warn("heartbeat", "%s: malformed update state dropped", hc->device->id);
		return;
	}
	if (db->update_status_put(db->cls, &st) != MQ_OK)
		mq_log_warn("heartbeat", "%s: update state not stored", hc->device->id);
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
	store_update(hc, body);
	mq_time_format_rfc3339(hc->req->now, now);
	mq_http_reply_json(resp, 200, json_pack("{s:b, s:s}", "ok", 1, "server_time", now));
}
