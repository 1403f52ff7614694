/* kiosk_state_get.c — GET /api/v1/kiosk/state?since=CURSOR (signed).
 *
 * What a kiosk shows offline: its studio, the categories, the studio's
 * communities and members (with badge hashes and PIN hashes), the studio's
 * badge key to hash a scanned badge with (mq_badge.h), the coming duty
 * shifts with their slots' free places (mq_roster_state_shifts), the stage
 * changes of this studio's opinions after the cursor (paged; by record id,
 * never by token: a kiosk holds no other resident's token), the public
 * board of resolved issues (mq_board_json), the time limits and the
 * official calendar (mq_deadline_kiosk_json: the kiosk promises a due date
 * offline), the next cursor, and the hash of the technician PIN the
 * district set (service_pin_hash; absent until it sets one), and the system
 * update offered to this kiosk (update: version, size, sha256, url; absent
 * when none is, or the server keeps no bundles: mq_update.h).
 * The ETag is a hash of the body; If-None-Match with it answers 304. The
 * answer is signed with the device key like every signed route's. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_api.h"
#include "mq_board.h"
#include "mq_candidate.h"
#include "mq_deadline.h"
#include "mq_digest.h"
#include "mq_enroll.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_survey.h"
#include "mq_time.h"

#define STAGES_PAGE 500

struct state_build {
	json_t *list;
	bool failed;
	int64_t last_id;
};

static bool add_named(void *cls, const struct mq_db_named *row)
{
	struct state_build *b = cls;

	if (json_array_append_new(b->list, json_pack("{s:s, s:s}", "key", row->key, "name",
						     row->name)) != 0)
		b->failed = true;
	return !b->failed;
}

static bool add_member(void *cls, const struct mq_db_member *row)
{
	struct state_build *b = cls;

	if (json_array_append_new(b->list, json_pack("{s:s, s:s, s:s, s:s}", "key", row->key,
						     "name", row->name, "sector", row->sector,
						     "expertise", row->expertise)) != 0)
		b->failed = true;
	return !b->failed;
}

static bool add_stage(void *cls, const struct mq_db_stage_change *row)
{
	struct state_build *b = cls;
	char at[MQ_RFC3339_LEN + 1];

	mq_time_format_rfc3339(row->at, at);
	if (json_array_append_new(b->list, json_pack("{s:s, s:s, s:s, s:s?}", "id", row->opinion,
						     "stage", mq_stage_key(row->stage), "at", at, "note",
						     row->public_note && row->public_note[0]
							     ? row->public_note : NULL)) != 0)
		b->failed = true;
	b->last_id = row->id;
	return !b->failed;
}

/* Reads since=N from the query (absent → 0). False when malformed. */
static bool parse_since(const char *query, int64_t *out)
{
	const char *p = query;

	*out = 0;
	while (p && *p) {
		size_t n = strcspn(p, "&");
		if (strncmp(p, "since=", 6) == 0 && n >= 6) {
			char *end;
			long long v;
			if (n == 6)
				return true;
			if (p[6] < '0' || p[6] > '9' || n - 6 > 18)
				return false;
			v = strtoll(p + 6, &end, 10);
			if (end != p + n)
				return false;
			*out = v;
			return true;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	return true;
}

/* True if the If-None-Match list @p inm contains @p etag (or is "*"). */
static bool etag_matches(const char *inm, const char *etag)
{
	size_t elen = strlen(etag);

	while (inm && *inm) {
		size_t n;
		while (*inm == ' ' || *inm == ',' || *inm == '\t')
			inm++;
		if (strncmp(inm, "W/", 2) == 0)
			inm += 2;
		n = strcspn(inm, ",");
		while (n && (inm[n - 1] == ' ' || inm[n - 1] == '\t'))
			n--;
		if ((n == 1 && inm[0] == '*') || (n == elen && strncmp(inm, etag, n) == 0))
			return true;
		inm += strcspn(inm, ",");
	}
	return false;
}

/* What a state holds, read for one studio. */
struct state {
	struct mq_db_studio studio;
	unsigned char badge_key[MQ_BADGE_KEY_BYTES];
	struct state_build cats, comms, members, stages;
	json_t *shifts;              /* the coming duty shifts (mq_roster_state_shifts) */
	json_t *resolved;            /* the public board (mq_board_json) */
	char service_pin[MQ_DB_PWHASH_MAX];  /* the technician PIN's hash, "" when none */
	json_t *limits, *calendar;   /* mq_deadline_kiosk_json */
	json_t *candidates;          /* open candidate topics (mq_candidate_open_json) */
	json_t *surveys;             /* open questionnaires (mq_survey_open_json) */
	bool has_offer;              /* a system update is offered to this kiosk */
	struct mq_db_bundle offer;
	bool oom;                    /* a list could not be built */
};

static void state_finish(struct state *st)
{
	sodium_memzero(st->badge_key, sizeof st->badge_key);
	json_decref(st->shifts);
	json_decref(st->resolved);
	json_decref(st->limits);
	json_decref(st->calendar);
	json_decref(st->candidates);
	json_decref(st->surveys);
	json_decref(st->cats.list);
	json_decref(st->comms.list);
	json_decref(st->members.list);
	json_decref(st->stages.list);
}

/* Reads the state of @p studio after cursor @p since at @p now into @p st:
 * the storage error, or MQ_OK (with st->oom when memory ran out). */
static enum mq_err read_state(struct mq_db *db, const char *studio, int64_t since, int64_t now,
			      struct state *st)
{
	enum mq_err err;

	st->cats.list = json_array();
	st->comms.list = json_array();
	st->members.list = json_array();
	st->stages.list = json_array();
	st->stages.last_id = since;
	if (!st->cats.list || !st->comms.list || !st->members.list || !st->stages.list) {
		st->oom = true;
		return MQ_OK;
	}
	err = db->studio_get(db->cls, studio, &st->studio);
	if (err == MQ_OK)
		err = db->categories_iterate(db->cls, add_named, &st->cats);
	if (err == MQ_OK)
		err = db->communities_iterate(db->cls, studio, add_named, &st->comms);
	if (err == MQ_OK)
		err = db->members_iterate(db->cls, studio, add_member, &st->members);
	if (err == MQ_OK)
		err = db->stage_changes_iterate(db->cls, studio, since, STAGES_PAGE, add_stage,
						&st->stages);
	/* members' badge and PIN hashes, so the kiosk can check them offline */
	if (err == MQ_OK)
		err = mq_enroll_badge_key(db, studio, st->badge_key);
	if (err == MQ_OK && !st->members.failed)
		err = mq_roster_state_credentials(db, studio, st->badge_key, st->members.list);
	if (err == MQ_OK)
		err = mq_roster_state_shifts(db, studio, now, &st->shifts);
	if (err == MQ_OK)
		err = mq_board_json(db, studio, 10, &st->resolved);
	if (err == MQ_OK) {
		err = db->service_pin_get(db->cls, studio, st->service_pin);
		if (err == MQ_ERR_NOT_FOUND) {       /* the district has set none yet */
			st->service_pin[0] = '\0';
			err = MQ_OK;
		}
	}
	if (err == MQ_OK)
		err = mq_deadline_kiosk_json(db, &st->limits, &st->calendar);
	if (err == MQ_OK)
		err = mq_candidate_open_json(db, studio, now, &st->candidates);
	if (err == MQ_OK)
		err = mq_survey_open_json(db, studio, now, &st->surveys);
	st->oom = st->cats.failed || st->comms.failed || st->members.failed || st->stages.failed;
	return err;
}

/* The state as compact JSON (malloc'd), or NULL when memory runs out. */
static char *state_text(const struct state *st)
{
	char cursor[24], *text;
	char key[sodium_base64_ENCODED_LEN(MQ_BADGE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	json_t *body;

	snprintf(cursor, sizeof cursor, "%lld", (long long)st->stages.last_id);
	sodium_bin2base64(key, sizeof key, st->badge_key, sizeof st->badge_key,
			  sodium_base64_VARIANT_ORIGINAL);
	body = json_pack("{s:{s:s, s:s, s:s, s:s}, s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:s}",
			 "studio", "id", st->studio.id, "name", st->studio.name, "street",
			 st->studio.street, "street_name", st->studio.street_name, "categories", st->cats.list, "communities",
			 st->comms.list, "members", st->members.list, "badge_key", key, "shifts",
			 st->shifts, "stages", st->stages.list, "resolved", st->resolved,
			 "deadlines", st->limits, "calendar", st->calendar, "cursor", cursor);
	sodium_memzero(key, sizeof key);
	if (body && (json_object_set(body, "candidates", st->candidates) != 0 ||
		     json_object_set(body, "surveys", st->surveys) != 0)) {
		json_decref(body);
		body = NULL;
	}
	if (body && st->service_pin[0] &&
	    json_object_set_new(body, "service_pin_hash", json_string(st->service_pin)) != 0) {
		json_decref(body);
		body = NULL;
	}
	if (body && st->has_offer) {
		char url[64];
		snprintf(url, sizeof url, "/api/v1/kiosk/bundle/%lld", (long long)st->offer.id);
		if (json_object_set_new(body, "update",
					json_pack("{s:s, s:I, s:s, s:s}", "version", st->offer.version,
						  "size", (json_int_t)st->offer.size, "sha256",
						  st->offer.sha256, "url", url)) != 0) {
			json_decref(body);
			body = NULL;
		}
	}
	text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return text;
}

/* Answers @p text (stolen) with its ETag, or 304 when If-None-Match has it. */
static void reply_tagged(const struct mq_http_request *req, struct mq_http_response *resp,
			 char *text)
{
	char hex[MQ_DIGEST_HEX + 1], etag[MQ_DIGEST_HEX + 3];

	/* the first half of the body's SHA-256 is tag enough */
	mq_digest_text(text, hex);
	snprintf(etag, sizeof etag, "\"%.32s\"", hex);
	if (etag_matches(mq_http_request_header(req, "If-None-Match"), etag)) {
		resp->status = 304;
		resp->content_type = "application/json; charset=utf-8";
		free(text);
	} else {
		mq_http_reply_raw(resp, 200, "application/json; charset=utf-8", text, strlen(text));
	}
	mq_http_add_header(resp, "ETag", etag);
	mq_http_add_header(resp, "Cache-Control", "no-cache");
}

void mq_api_kiosk_state_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct state st = { 0 };
	int64_t since;
	char *text;
	enum mq_err err;

	if (!parse_since(hc->req->query, &since) || since < 0) {
		mq_log_warn("state", "%s: malformed since", hc->device->id);
		mq_http_reply_error(resp, 400, "invalid_cursor",
				    "since must be a cursor this server handed out (digits)");
		return;
	}
	err = read_state(hc->srv->db, hc->device->studio, since, hc->req->now, &st);
	if (err == MQ_OK && hc->srv->bundle_dir) {
		err = hc->srv->db->update_offer_get(hc->srv->db->cls, hc->device->id, &st.offer);
		st.has_offer = err == MQ_OK;
		if (err == MQ_ERR_NOT_FOUND)
			err = MQ_OK;
	}
	if (err != MQ_OK)
		mq_http_reply_unavailable(resp);
	else if (!st.oom && (text = state_text(&st)))
		reply_tagged(hc->req, resp, text);
	else
		mq_http_reply_error(resp, 500, "internal", "out of memory");
	state_finish(&st);
}
