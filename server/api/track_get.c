/* track_get.c — GET /api/v1/track/{token}: the public view as JSON, with
 * "due": {"what": "triage"|"answer"|"close", "date": "YYYY-MM-DD"} while
 * the district still owes the resident something.
 * Unknown tokens answer 404 {"error":"not_synced"}: the kiosk may simply not
 * have delivered the record yet. Never carries contact details. */
#include <stdio.h>

#include "mq_api.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_track.h"
#include "mq_workday.h"

static json_t *timeline(const struct mq_track *t)
{
	json_t *list = json_array();

	for (int i = 0; list && i < MQ_STAGE_COUNT; i++) {
		const struct mq_track_step *s = &t->steps[i];
		char at[MQ_RFC3339_LEN + 1];
		json_t *step;

		mq_time_format_rfc3339(s->at, at);
		step = json_pack("{s:s, s:s, s:b, s:s?, s:s, s:s?}", "stage",
				 mq_stage_key((enum mq_stage)i), "name",
				 mq_stage_name((enum mq_stage)i), "reached", s->reached, "at",
				 s->at ? at : NULL, "state",
				 s->current ? "active" : (s->reached ? "done" : "pending"),
				 "note", s->note);
		if (json_array_append_new(list, step) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

/* What triage decided, the topic the opinion joined and its published
 * result — the same public facts the tracking page shows. */
static void add_outcome(json_t *body, const struct mq_track *t)
{
	char at[MQ_RFC3339_LEN + 1];

	if (t->disposition[0])
		json_object_set_new(body, "disposition", json_string(t->disposition));
	if (t->department[0])
		json_object_set_new(body, "department", json_string(t->department));
	if (t->topic_no)
		json_object_set_new(body, "topic",
				    json_pack("{s:I, s:s?, s:s}", "number", (json_int_t)t->topic_no,
					      "title", t->topic_title[0] ? t->topic_title : NULL,
					      "stage", mq_stage_key(t->topic_stage)));
	if (t->result) {
		mq_time_format_rfc3339(t->published_at, at);
		json_object_set_new(body, "outcome",
				    json_pack("{s:s, s:s}", "result", t->result, "published_at", at));
	}
	json_object_set_new(body, "closed", json_boolean(t->closed));
	if (t->has_due && !t->closed) {
		char day[11];

		mq_workday_format(t->due_day, day);
		json_object_set_new(body, "due", json_pack("{s:s, s:s}", "what",
							   mq_deadline_kind_key(t->due_kind),
							   "date", day));
	}
	if (t->stars)
		json_object_set_new(body, "rating", json_integer(t->stars));
}

void mq_api_track_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_track t;
	char created[MQ_RFC3339_LEN + 1], url[512];
	const char *base = hc->srv->public_url;
	json_t *body;
	enum mq_err err = mq_track_load(hc->srv->db, hc->param, hc->req->now, &t);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_info("track", "token not (yet) known");
		mq_http_reply_error(resp, 404, "not_synced",
				    "this record has not reached the server yet; kiosks send it as soon as"
				    " they are online, try again later");
		return;
	}
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_time_format_rfc3339(t.created_at, created);
	if (base && base[0])
		snprintf(url, sizeof url, "%s/t/%s", base, t.token);
	body = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:o, s:s?}",
			 "token", t.token, "short_code", t.short_code,
			 "studio", "id", t.studio_id, "name", t.studio_name,
			 "category", "key", t.category_key, "name", t.category_name,
			 "created_at", created, "stage", mq_stage_key(t.stage), "timeline",
			 timeline(&t),
			 "url", base && base[0] ? url : NULL);
	if (body)
		add_outcome(body, &t);
	mq_track_finish(&t);
	if (!body) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_json(resp, 200, body);
	mq_http_add_header(resp, "Cache-Control", "no-store");
	mq_http_add_header(resp, "Referrer-Policy", "no-referrer");
}
