/* auth.c — verification of kiosk requests signed per RFC 9421 (mq_auth.h).
 *
 * Order matters: parse, look the key up, verify digest + HMAC + clock window
 * (mq_sig_verify), refuse a revoked device, and only then remember the
 * nonce, so that unsigned junk cannot fill the nonce table. Every refusal
 * answers 401 with a JSON error; the dispatcher adds the Date header the
 * kiosk uses to correct its clock, and signs the refusals of requests whose
 * HMAC was right (revoked, stale), so the kiosk may believe them. */
#include "mq_auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_time.h"

#define NONCE_MIN 8

/* Answers 401 with the server's time in the body as well as in Date. */
static void reject(const struct mq_http_request *req, struct mq_http_response *resp,
		   const char *code, const char *keyid, const char *why)
{
	char now[MQ_RFC3339_LEN + 1];

	mq_time_format_rfc3339(req->now, now);
	mq_log_warn("auth", "%s %s refused (%s, keyid %s): %s", req->method, req->path, code,
		    keyid && keyid[0] ? keyid : "-", why);
	mq_http_reply_json(resp, 401, json_pack("{s:s, s:s, s:s}", "error", code, "message", why,
					   "server_time", now));
	mq_http_add_header(resp, "WWW-Authenticate", "Signature");
}

static bool is_hex_nonce(const char *s)
{
	size_t n = strlen(s);

	if (n < NONCE_MIN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

/* False, having answered 401, when verifying @p sig gave @p r other than OK,
 * or the device of a genuine signature is revoked. */
static bool verified(const struct mq_http_request *req, struct mq_http_response *resp,
		     const struct mq_sig_parsed *sig, const struct mq_db_device *device,
		     enum mq_sig_result r)
{
	if ((r == MQ_SIG_OK || r == MQ_SIG_STALE) && device->revoked_at) {
		reject(req, resp, "revoked", sig->keyid,
		       "this device was revoked by the district; it may no longer send or receive"
		       " anything: enroll a replacement with a new code");
		return false;
	}
	switch (r) {
	case MQ_SIG_OK:
		return true;
	case MQ_SIG_MISSING:
		reject(req, resp, "missing_content_digest", sig->keyid,
		       "the Content-Digest header is missing");
		return false;
	case MQ_SIG_BAD_DIGEST:
		reject(req, resp, mq_sig_result_code(r), sig->keyid,
		       "Content-Digest does not match the body");
		return false;
	case MQ_SIG_STALE:
		reject(req, resp, mq_sig_result_code(r), sig->keyid,
		       "the signature's created time is more than 300 s away from the server's"
		       " clock; correct the clock from the Date header and sign again");
		return false;
	default:
		reject(req, resp, mq_sig_result_code(r), sig->keyid,
		       "the signature does not match this request and the device key");
		return false;
	}
}

bool mq_auth_check(struct mq_db *db, const struct mq_http_request *req,
		   struct mq_db_device *device, bool *authentic, struct mq_http_response *resp)
{
	struct mq_sig_parsed sig;
	enum mq_sig_result r;
	enum mq_err err;
	const char *sig_input = mq_http_request_header(req, "Signature-Input");
	const char *signature = mq_http_request_header(req, "Signature");
	const char *digest = mq_http_request_header(req, "Content-Digest");

	*authentic = false;
	r = mq_sig_parse(sig_input, signature, &sig);
	if (r == MQ_SIG_MISSING) {
		reject(req, resp, mq_sig_result_code(r), NULL,
		       "this request must be signed: Signature-Input and Signature headers are missing");
		return false;
	}
	if (r != MQ_SIG_OK) {
		reject(req, resp, mq_sig_result_code(r), NULL,
		       "the Signature-Input or Signature header does not have the required form");
		return false;
	}
	if (!is_hex_nonce(sig.nonce)) {
		reject(req, resp, "malformed_signature", sig.keyid,
		       "the signature nonce must be at least 8 hexadecimal digits");
		return false;
	}
	err = db->device_get(db->cls, sig.keyid, device);
	if (err == MQ_ERR_NOT_FOUND) {
		reject(req, resp, "unknown_key", sig.keyid,
		       "this device is not enrolled here; enroll it again with a new code");
		return false;
	}
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return false;
	}
	r = mq_sig_verify(&sig, device->key, req->method, req->path, req->query, digest,
			  req->body, req->len, req->now);
	*authentic = r == MQ_SIG_OK || r == MQ_SIG_STALE;
	if (!verified(req, resp, &sig, device, r))
		return false;
	/* A nonce must be remembered for as long as its signature could still be
	 * accepted: created may lie up to one window ahead of now. */
	err = db->nonce_remember(db->cls, sig.keyid, sig.nonce, req->now,
				 req->now - 2 * MQ_SIG_WINDOW_S);
	if (err == MQ_ERR_CONFLICT) {
		*authentic = false;   /* the first answer to this signature was the real one */
		reject(req, resp, "replayed_nonce", sig.keyid,
		       "this signature nonce was already used; sign every request with a new nonce");
		return false;
	}
	if (err != MQ_OK || db->device_touch(db->cls, device->id, req->now) != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return false;
	}
	return true;
}

void mq_auth_sign_answer(const struct mq_http_request *req, const struct mq_db_device *device,
			 struct mq_http_response *resp)
{
	struct mq_sig_headers h;

	if (!mq_sig_sign_response(device->key, device->id, resp->status, resp->body, resp->len,
				  mq_http_request_header(req, "Signature"), req->now, &h) ||
	    !mq_http_add_header(resp, "Content-Digest", h.content_digest) ||
	    !mq_http_add_header(resp, "Signature-Input", h.signature_input) ||
	    !mq_http_add_header(resp, "Signature", h.signature))
		mq_log_error("auth", "%s %s: cannot sign the answer for %s", req->method, req->path,
			     device->id);
	sodium_memzero(&h, sizeof h);
}
