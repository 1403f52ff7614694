/* enroll_post.c — POST /api/v1/enroll {"code":...} (unsigned).
 *
 * Trades a one-time code for a device id and a fresh 32-byte HMAC key
 * (mq_enroll_device): 200 {"device_id","key","studio"}. Unknown, spent or
 * expired codes answer 403. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_api.h"
#include "mq_enroll.h"
#include "mq_log.h"

void mq_api_enroll_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const json_t *code = json_object_get(hc->json, "code");
	char norm[MQ_ENROLL_CODE_CHARS + 1];
	char key_b64[sodium_base64_ENCODED_LEN(MQ_SIG_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	enum mq_enroll_outcome outcome;
	struct mq_db_device dev;
	enum mq_err err;

	if (!json_is_object(hc->json) || !json_is_string(code)) {
		mq_log_warn("enroll", "refused: body is not {\"code\": string}");
		mq_http_reply_error(resp, 400, "invalid_request",
				    "send a JSON object {\"code\": \"K7QM-3WXT-9HPC\"}");
		return;
	}
	if (!mq_wire_enroll_code_normalise(json_string_value(code), norm)) {
		mq_log_warn("enroll", "refused: not an enrollment code");
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
