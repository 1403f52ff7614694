/* requests_post.c — POST /open311/v2/requests.{json,xml}: file a
 * service request as an opinion of channel `web`, through an API key made
 * in the console (one studio each; a revoked key gets 401 "revoked").
 * Form fields of the spec: api_key,
 * service_code (a category), description (1..2000 characters; required
 * here), attribute[community] (a community of the key's studio: the service
 * definition's one attribute), address_string, lat, long, ... Personal fields (first_name,
 * last_name, email, phone) are NOT stored: GeoReport has no consent, and
 * DESIGN §7 keeps personal data only with explicit consent. Answer:
 * [{"service_request_id","service_notice"}] — the notice carries the
 * tracking link the submitter can pass on to the resident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_digest.h"
#include "mq_form.h"
#include "mq_log.h"
#include "mq_opinion.h"
#include "open311.h"

/* The service definition's attribute: a community of the key's @p studio,
 * into *@p out (NULL when not given). MQ_ERR_INVALID for any other. */
static enum mq_err community_of(struct mq_db *db, struct mq_form *form, const char *studio,
				const char **out)
{
	const char *c = mq_form_text(form, "attribute[community]");
	struct mq_db_named row;
	enum mq_err err;

	*out = NULL;
	if (!c || !*c)
		return MQ_OK;
	if (!mq_wire_is_key(c))
		return MQ_ERR_INVALID;
	err = db->community_get(db->cls, studio, c, &row);
	if (err == MQ_OK)
		*out = c;
	return err == MQ_ERR_NOT_FOUND ? MQ_ERR_INVALID : err;
}

void mq_open311_requests_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const char *base = hc->srv->public_url;
	struct mq_form form;
	struct mq_db_open311_key key;
	struct mq_db_named cat;
	struct mq_opinion_file_in in = { .key = &key, .now = hc->req->now };
	struct mq_opinion_filed filed;
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
	mq_digest_text(api_key, hash);
	err = db->open311_key_get(db->cls, hash, &key);
	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_warn("open311", "POST with an unknown api_key refused");
		mq_open311_error(resp, xml, 403, "this api_key is not valid");
		goto out;
	}
	if (err != MQ_OK)
		goto busy;
	if (key.revoked_at) {
		mq_log_warn("open311", "POST with the revoked key of %s refused", key.device);
		mq_open311_error(resp, xml, 401, "revoked: this api_key was withdrawn by the district");
		goto out;
	}
	in.category = mq_form_text(&form, "service_code");
	if (!in.category || !mq_wire_is_key(in.category) ||
	    (err = db->category_get(db->cls, in.category, &cat)) == MQ_ERR_NOT_FOUND) {
		mq_open311_error(resp, xml, 400, "service_code must be one of GET services");
		goto out;
	}
	if (err != MQ_OK)
		goto busy;
	err = community_of(db, &form, key.studio, &in.community);
	if (err == MQ_ERR_INVALID) {
		mq_open311_error(resp, xml, 400, "attribute[community] must be one of the service "
				 "definition's values, of your api_key's street");
		goto out;
	}
	if (err != MQ_OK)
		goto busy;
	in.text = mq_form_text(&form, "description");
	n = in.text ? mq_utf8_length(in.text) : 0;
	if (n < 1 || n > MQ_OPINION_TEXT_MAX) {
		mq_open311_error(resp, xml, 400, "description must be 1..2000 characters");
		goto out;
	}
	if ((err = mq_opinion_file(db, &in, &filed)) != MQ_OK)
		goto busy;
	mq_log_info("open311", "request %s filed through %s", filed.id, key.device);
	if (base && base[0])
		snprintf(notice, sizeof notice, "已收到。查询码 %s，进度查询：%s/t/%s", filed.short_code, base,
			 filed.token);
	else
		snprintf(notice, sizeof notice, "已收到。查询码 %s，进度查询：/t/%s", filed.short_code,
			 filed.token);
	mq_open311_reply(resp, 201, xml, "service_requests", "request",
			 json_pack("[{s:s, s:s, s:s}]", "service_request_id", filed.id, "token", filed.token,
				   "service_notice", notice));
	goto out;
busy:
	mq_open311_error(resp, xml, 503, "the database did not answer; nothing was stored, try again");
out:
	mq_form_finish(&form);
}
