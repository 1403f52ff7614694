/* h_enroll_post.c — POST /api/v1/enroll {"code":...} (unsigned).
 *
 * Trades a one-time code for a device id and a fresh 32-byte HMAC key:
 * 200 {"device_id","key","studio"}. The code is checked and spent, and the
 * device stored, in one transaction, so two kiosks racing for one code
 * cannot both win. Unknown, spent or expired codes answer 403. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_enroll.h"
#include "mq_handlers.h"
#include "mq_log.h"

enum outcome { ENROLLED, UNKNOWN_CODE, USED_CODE, EXPIRED_CODE };

struct enroll_tx {
	struct mq_db *db;
	const char *code;
	int64_t now;
	struct mq_db_device dev;     /* filled on ENROLLED */
	enum outcome outcome;
};

static enum mq_err enroll_cb(void *cls)
{
	struct enroll_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_enroll_code code;
	char hex[17];
	enum mq_err err;

	err = db->enroll_code_get(db->cls, tx->code, &code);
	if (err == MQ_ERR_NOT_FOUND) {
		tx->outcome = UNKNOWN_CODE;
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	if (code.used_at) {
		tx->outcome = USED_CODE;
		return MQ_OK;
	}
	if (tx->now >= code.expires_at) {
		tx->outcome = EXPIRED_CODE;
		return MQ_OK;
	}
	err = db->enroll_code_use(db->cls, tx->code, tx->now);
	if (err == MQ_ERR_CONFLICT) {
		tx->outcome = USED_CODE;
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	memset(&tx->dev, 0, sizeof tx->dev);
	mq_id_random_hex(hex, 8);
	snprintf(tx->dev.id, sizeof tx->dev.id, "kiosk-%s-%s", code.studio, hex);
	randombytes_buf(tx->dev.key, sizeof tx->dev.key);
	snprintf(tx->dev.studio, sizeof tx->dev.studio, "%s", code.studio);
	tx->dev.created_at = tx->now;
	err = db->device_insert(db->cls, &tx->dev);
	if (err != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	tx->outcome = ENROLLED;
	return MQ_OK;
}

void mq_h_enroll_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const json_t *code = json_object_get(hc->json, "code");
	char norm[MQ_ENROLL_CODE_CHARS + 1];
	char key_b64[sodium_base64_ENCODED_LEN(MQ_SIG_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	struct enroll_tx tx = { .db = db, .code = norm, .now = hc->req->now };
	enum mq_err err;

	if (!json_is_object(hc->json) || !json_is_string(code)) {
		mq_log_warn("enroll", "refused: body is not {\"code\": string}");
		mq_http_reply_error(resp, 400, "invalid_request",
				    "send a JSON object {\"code\": \"K7QM-3WXT-9HPC\"}");
		return;
	}
	if (!mq_enroll_code_normalise(json_string_value(code), norm)) {
		mq_log_warn("enroll", "refused: not an enrollment code");
		mq_http_reply_error(resp, 403, "invalid_code",
				    "this is not a valid enrollment code; ask for a new one with"
				    " minqing-server kiosk-code");
		return;
	}
	err = db->run_tx(db->cls, "enroll", enroll_cb, &tx);
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	switch (tx.outcome) {
	case UNKNOWN_CODE:
		mq_log_warn("enroll", "refused: unknown code");
		mq_http_reply_error(resp, 403, "invalid_code",
				    "this enrollment code is unknown; check it or ask for a new one");
		return;
	case USED_CODE:
		mq_log_warn("enroll", "refused: code already used");
		mq_http_reply_error(resp, 403, "code_used",
				    "this enrollment code was already used; ask for a new one");
		return;
	case EXPIRED_CODE:
		mq_log_warn("enroll", "refused: code expired");
		mq_http_reply_error(resp, 403, "code_expired",
				    "this enrollment code has expired (codes last 24 hours); ask for a new one");
		return;
	case ENROLLED:
		break;
	}
	sodium_bin2base64(key_b64, sizeof key_b64, tx.dev.key, sizeof tx.dev.key,
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(tx.dev.key, sizeof tx.dev.key);
	mq_log_info("enroll", "enrolled %s for studio %s", tx.dev.id, tx.dev.studio);
	mq_http_reply_json(resp, 200, json_pack("{s:s, s:s, s:s}", "device_id", tx.dev.id, "key",
					   key_b64, "studio", tx.dev.studio));
	sodium_memzero(key_b64, sizeof key_b64);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}
