/* enroll_post.c — POST /api/v1/enroll {"code":...} (unsigned).
 *
 * Trades a one-time code for a device id and a fresh 32-byte HMAC key
 * (mq_enroll_device): 200 {"device_id","key","studio"}. Unknown, spent or
 * expired codes answer 403 and count against the client's address
 * (mq_enroll_throttle): past a few, the address waits longer and longer,
 * answered 429 with Retry-After and nothing checked. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_api.h"
#include "mq_enroll.h"
#include "mq_log.h"

/* False, having answered 429, while the client's address must still wait. */
static bool throttle_ok(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	int64_t wait = 0;
	char after[24];

	if (mq_throttle_wait(hc->srv->db, &mq_enroll_throttle, "", hc->req->client, hc->req->now,
			     &wait) != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return false;
	}
	if (wait <= 0)
		return true;
	mq_log_warn("enroll", "refused: too many attempts from this address, %lld s to wait",
		    (long long)wait);
	mq_http_reply_error(resp, 429, "too_many_attempts",
			    "too many enrollment attempts from this address; try again in %lld seconds",
			    (long long)wait);
	snprintf(after, sizeof after, "%lld", (long long)wait);
	mq_http_add_header(resp, "Retry-After", after);
	return false;
}

/* Counts a wrong code against the client's address. */
static void count_failure(struct mq_handler_ctx *hc)
{
	if (mq_throttle_fail(hc->srv->db, &mq_enroll_throttle, "", hc->req->client,
			     hc->req->now) != MQ_OK)
		mq_log_warn("enroll", "could not count a failed attempt");
}

void mq_api_enroll_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const json_t *code = json_object_get(hc->json, "code");
	char norm[MQ_ENROLL_CODE_CHARS + 1];
	char key_b64[sodium_base64_ENCODED_LEN(MQ_SIG_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	enum mq_enroll_outcome outcome;
	struct mq_db_device dev;
	enum mq_err err;

	if (!throttle_ok(hc, resp))
		return;
	if (!json_is_object(hc->json) || !json_is_string(code)) {
		mq_log_warn("enroll", "refused: body is not {\"code\": string}");
		mq_http_reply_error(resp, 400, "invalid_request",
				    "send a JSON object {\"code\": \"K7QM-3WXT-9HPC\"}");
		return;
	}
	if (!mq_wire_enroll_code_normalise(json_string_value(code), norm)) {
		mq_log_warn("enroll", "refused: not an enrollment code");
		count_failure(hc);
		mq_http_reply_error(resp, 403, "invalid_code",
				    "this is not a valid enrollment code; ask for a new one with"
				    " minqing-server kiosk-code");
		return;
	}
	err = mq_enroll_device(db, norm, hc->req->now, &outcome, &dev);
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	if (outcome != MQ_ENROLLED)
		count_failure(hc);
	else if (mq_throttle_clear(db, &mq_enroll_throttle, "", hc->req->client) != MQ_OK)
		mq_log_warn("enroll", "could not forget the address's failed attempts");
	switch (outcome) {
	case MQ_ENROLL_UNKNOWN_CODE:
		mq_log_warn("enroll", "refused: unknown code");
		mq_http_reply_error(resp, 403, "invalid_code",
				    "this enrollment code is unknown; check it or ask for a new one");
		return;
	case MQ_ENROLL_USED_CODE:
		mq_log_warn("enroll", "refused: code already used");
		mq_http_reply_error(resp, 403, "code_used",
				    "this enrollment code was already used; ask for a new one");
		return;
	case MQ_ENROLL_EXPIRED_CODE:
		mq_log_warn("enroll", "refused: code expired");
		mq_http_reply_error(resp, 403, "code_expired",
				    "this enrollment code has expired (codes last 24 hours); ask for a new one");
		return;
	case MQ_ENROLLED:
		break;
	}
	sodium_bin2base64(key_b64, sizeof key_b64, dev.key, sizeof dev.key,
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(dev.key, sizeof dev.key);
	mq_log_info("enroll", "enrolled %s for studio %s", dev.id, dev.studio);
	mq_http_reply_json(resp, 200, json_pack("{s:s, s:s, s:s}", "device_id", dev.id, "key",
					   key_b64, "studio", dev.studio));
	sodium_memzero(key_b64, sizeof key_b64);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}
