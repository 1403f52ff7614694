/* kiosk_state_get.c — GET /api/v1/kiosk/state?since=CURSOR (signed).
 *
 * What a kiosk shows offline: its studio, the categories, the studio's
 * communities and members (with badge codes and PIN hashes), the coming duty
 * shifts with their slots' free places (roster_state.c), the stage
 * changes of this studio's opinions after the cursor (paged), the public
 * board of resolved issues (topics with a published result) and the next cursor.
 * The ETag is a hash of the body; If-None-Match with it answers 304. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_board.h"
#include "mq_api.h"
#include "mq_api.h"
#include "mq_log.h"
#include "mq_roster.h"
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
	if (json_array_append_new(b->list, json_pack("{s:s, s:s, s:s}", "token", row->token,
						     "stage", row->stage, "at", at)) != 0)
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

void mq_api_kiosk_state_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const char *studio_id = hc->device->studio;
	struct mq_db_studio studio;
	struct state_build cats = { 0 }, comms = { 0 }, members = { 0 }, stages = { 0 };
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], etag[2 * crypto_hash_sha256_BYTES + 3], cursor[24];
	const char *inm;
	int64_t since;
	json_t *body = NULL;
	json_t *shifts = NULL;    /* issue 4: roster_state.c */
	json_t *resolved = NULL;  /* issue 6: the public board (h_board_get.c) */
	char *text = NULL;
	enum mq_err err;

	if (!parse_since(hc->req->query, &since) || since < 0) {
		mq_log_warn("state", "%s: malformed since", hc->device->id);
		mq_http_reply_error(resp, 400, "invalid_cursor",
				    "since must be a cursor this server handed out (digits)");
		return;
	}
	cats.list = json_array();
	comms.list = json_array();
	members.list = json_array();
	stages.list = json_array();
	stages.last_id = since;
	if (!cats.list || !comms.list || !members.list || !stages.list)
		goto oom;
	err = db->studio_get(db->cls, studio_id, &studio);
	if (err == MQ_OK)
		err = db->categories_iterate(db->cls, add_named, &cats);
	if (err == MQ_OK)
		err = db->communities_iterate(db->cls, studio_id, add_named, &comms);
	if (err == MQ_OK)
		err = db->members_iterate(db->cls, studio_id, add_member, &members);
	if (err == MQ_OK)
		err = db->stage_changes_iterate(db->cls, studio_id, since, STAGES_PAGE, add_stage,
						&stages);
	/* issue 4: members' badge codes and PIN hashes, and the coming duty shifts */
	if (err == MQ_OK && !members.failed)
		err = mq_roster_state_credentials(db, studio_id, members.list);
	if (err == MQ_OK)
		err = mq_roster_state_shifts(db, studio_id, hc->req->now, &shifts);
	if (err == MQ_OK)
		err = mq_board_json(db, studio_id, 10, &resolved);
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		goto done;
	}
	if (cats.failed || comms.failed || members.failed || stages.failed)
		goto oom;
	snprintf(cursor, sizeof cursor, "%lld", (long long)stages.last_id);
	body = json_pack("{s:{s:s, s:s, s:s}, s:O, s:O, s:O, s:O, s:O, s:O, s:s}",
			 "studio", "id", studio.id, "name", studio.name, "street", studio.street,
			 "categories", cats.list, "communities", comms.list, "members", members.list,
			 "shifts", shifts, "stages", stages.list, "resolved", resolved, "cursor", cursor);
	if (!body || !(text = json_dumps(body, JSON_COMPACT)))
		goto oom;
	crypto_hash_sha256(hash, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, sizeof hex, hash, 16);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	inm = mq_http_request_header(hc->req, "If-None-Match");
	if (etag_matches(inm, etag)) {
		resp->status = 304;
		resp->content_type = "application/json; charset=utf-8";
		free(text);
	} else {
		mq_http_reply_raw(resp, 200, "application/json; charset=utf-8", text, strlen(text));
	}
	mq_http_add_header(resp, "ETag", etag);
	mq_http_add_header(resp, "Cache-Control", "no-cache");
	goto done;

oom:
	mq_http_reply_error(resp, 500, "internal", "out of memory");
done:
	json_decref(body);
	json_decref(shifts);
	json_decref(resolved);
	json_decref(cats.list);
	json_decref(comms.list);
	json_decref(members.list);
	json_decref(stages.list);
}
