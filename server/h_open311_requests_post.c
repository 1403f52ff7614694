/* h_open311_requests_post.c — POST /open311/v2/requests.{json,xml}: file a
 * service request as an opinion of channel `web`, through an API key made
 * in the console (one studio each). Form fields of the spec: api_key,
 * service_code (a category), description (1..2000 characters; required
 * here), address_string, lat, long, ... Personal fields (first_name,
 * last_name, email, phone) are NOT stored: GeoReport has no consent, and
 * DESIGN §7 keeps personal data only with explicit consent. Answer:
 * [{"service_request_id","service_notice"}] — the notice carries the
 * tracking link the submitter can pass on to the resident. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

struct post_tx {
	struct mq_db *db;
	const struct mq_db_open311_key *key;
	const char *category;
	const char *text;
	int64_t now;
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
};

static enum mq_err post_cb(void *cls)
{
	struct post_tx *tx = cls;
	struct mq_db *db = tx->db;
	unsigned char h[crypto_hash_sha256_BYTES];
	struct mq_db_record rec = { .created_at = tx->now, .received_at = tx->now };
	struct mq_db_opinion op = { 0 };
	struct mq_db_stage_event ev = { 0 };
	json_t *data;
	char *canon;
	enum mq_err err;

	mq_id_uuid4(tx->id);
	mq_id_token(tx->token);
	mq_id_short_code(tx->short_code);
	data = json_pack("{s:s, s:s, s:s}", "category", tx->category, "text", tx->text, "token",
			 tx->token);
	canon = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(data);
	if (!canon)
		return MQ_ERR_NOMEM;
	crypto_hash_sha256(h, (const unsigned char *)canon, strlen(canon));
	free(canon);
	snprintf(rec.id, sizeof rec.id, "%s", tx->id);
	snprintf(rec.device, sizeof rec.device, "%s", tx->key->device);
	snprintf(rec.kind, sizeof rec.kind, "opinion");
	sodium_bin2hex(rec.content_sha256, sizeof rec.content_sha256, h, sizeof h);
	op.id = tx->id;
	op.token = tx->token;
	op.short_code = tx->short_code;
	op.studio = tx->key->studio;
	op.category = tx->category;
	op.text = tx->text;
	op.channel = "web";
	op.stage = "collected";
	op.created_at = tx->now;
	ev.subject_kind = "opinion";
	ev.subject = tx->id;
	ev.stage = "collected";
	ev.at = tx->now;
	ev.actor_role = "open311";
	if ((err = db->record_insert(db->cls, &rec)) != MQ_OK ||
	    (err = db->opinion_insert(db->cls, &op)) != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	return db->stage_event_insert(db->cls, &ev);
}

void mq_h_open311_requests_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const char *base = hc->srv->public_url;
	struct mq_form form;
	struct mq_db_open311_key key;
	struct mq_db_named cat;
	struct post_tx tx = { .db = db, .key = &key, .now = hc->req->now };
	unsigned char h[crypto_hash_sha256_BYTES];
	char hash[MQ_DB_SECRET_HEX + 1], notice[256];
	const char *api_key;
	size_t stem;
	bool xml = mq_open311_format(hc->req->path, &stem);
	long n;
	enum mq_err err;

	if (!mq_form_parse(hc->req->body, hc->req->len, &form)) {
		mq_open311_error(resp, xml, 400, "send the fields form-encoded"
				 " (application/x-www-form-urlencoded, UTF-8)");
		return;
	}
	api_key = mq_form_text(&form, "api_key");
	if (!api_key) {
		mq_open311_error(resp, xml, 403, "api_key is required; ask the district for one");
		goto out;
	}
	crypto_hash_sha256(h, (const unsigned char *)api_key, strlen(api_key));
	sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	err = db->open311_key_get(db->cls, hash, &key);
	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_warn("open311", "POST with an unknown api_key refused");
		mq_open311_error(resp, xml, 403, "this api_key is not valid");
		goto out;
	}
	if (err != MQ_OK)
		goto busy;
	tx.category = mq_form_text(&form, "service_code");
	if (!tx.category || !mq_wire_is_key(tx.category) ||
	    (err = db->category_get(db->cls, tx.category, &cat)) == MQ_ERR_NOT_FOUND) {
		mq_open311_error(resp, xml, 400, "service_code must be one of GET services");
		goto out;
	}
	if (err != MQ_OK)
		goto busy;
	tx.text = mq_form_text(&form, "description");
	n = tx.text ? mq_utf8_length(tx.text) : 0;
	if (n < 1 || n > MQ_OPINION_TEXT_MAX) {
		mq_open311_error(resp, xml, 400, "description must be 1..2000 characters");
		goto out;
	}
	if ((err = db->run_tx(db->cls, "open311", post_cb, &tx)) != MQ_OK)
		goto busy;
	mq_log_info("open311", "request %s filed through %s", tx.id, key.device);
	if (base && base[0])
		snprintf(notice, sizeof notice, "已收到。查询码 %s，进度查询：%s/t/%s", tx.short_code, base,
			 tx.token);
	else
		snprintf(notice, sizeof notice, "已收到。查询码 %s，进度查询：/t/%s", tx.short_code,
			 tx.token);
	mq_open311_reply(resp, 201, xml, "service_requests", "request",
			 json_pack("[{s:s, s:s, s:s}]", "service_request_id", tx.id, "token", tx.token,
				   "service_notice", notice));
	goto out;
busy:
	mq_open311_error(resp, xml, 503, "the database did not answer; nothing was stored, try again");
out:
	mq_form_finish(&form);
}
