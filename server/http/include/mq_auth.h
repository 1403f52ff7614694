/* mq_auth.h — verification of kiosk requests signed per RFC 9421 and RFC
 * 9530 (DESIGN.md §5), for the routes the dispatcher marks MQ_ROUTE_SIGNED. */
#ifndef MQ_AUTH_H
#define MQ_AUTH_H

#include <stdbool.h>

#include "mq_db.h"
#include "mq_http.h"

/**
 * Verify the signature of @p req: its form, the device's key in @p db, the
 * content digest and HMAC, the clock window, that the device is not revoked
 * (401 "revoked") and that its nonce is new. On success fills @p device,
 * remembers the nonce, touches the device's last_seen and returns true;
 * otherwise answers 401 with a JSON error (or 503 when storage fails) into
 * @p resp and returns false. *@p authentic tells whether the request was
 * made with @p device's key (right HMAC, or a stale or revoked but genuine
 * one): then its answer may be signed (mq_auth_sign_answer).
 */
bool mq_auth_check(struct mq_db *db, const struct mq_http_request *req,
		   struct mq_db_device *device, bool *authentic, struct mq_http_response *resp);

/**
 * Sign @p resp, the answer to the authentic signed request @p req of
 * @p device, per RFC 9421 §2.4 (mq_sig_sign_response): adds Content-Digest,
 * Signature-Input and Signature. Logs (and leaves the answer unsigned, which
 * the kiosk will not believe) when they cannot be made.
 */
void mq_auth_sign_answer(const struct mq_http_request *req, const struct mq_db_device *device,
			 struct mq_http_response *resp);

#endif
