/* mq_sig.h — RFC 9421 HTTP Message Signatures (hmac-sha256) with RFC 9530
 * Content-Digest, exactly as DESIGN.md §5 fixes them. The kiosk signs, the
 * server verifies; both build the signature base through the same code. */
#ifndef MQ_SIG_H
#define MQ_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"

#define MQ_SIG_KEY_BYTES 32
#define MQ_SIG_WINDOW_S 300       /* |created - now| allowed */
#define MQ_SIG_KEYID_MAX 64
#define MQ_SIG_NONCE_MAX 64

/** The three headers a signed request carries (NUL-terminated values). */
struct mq_sig_headers {
	char content_digest[64];     /* "sha-256=:B64:" */
	char signature_input[320];   /* "sig1=(...);created=..;nonce=..;keyid=..;alg=.." */
	char signature[64];          /* "sig1=:B64:" */
};

/** What the server read from Signature-Input / Signature. */
struct mq_sig_parsed {
	char params[320];            /* the inner list with parameters, after "sig1=" */
	char keyid[MQ_SIG_KEYID_MAX + 1];
	char nonce[MQ_SIG_NONCE_MAX + 1];
	int64_t created;
	unsigned char mac[32];
};

enum mq_sig_result {
	MQ_SIG_OK = 0,
	MQ_SIG_MISSING,        /* a header is absent */
	MQ_SIG_MALFORMED,      /* a header does not parse, or covers other components */
	MQ_SIG_BAD_DIGEST,     /* Content-Digest does not match the body */
	MQ_SIG_BAD_SIGNATURE,  /* HMAC does not match */
	MQ_SIG_STALE,          /* created is more than MQ_SIG_WINDOW_S away from now */
};

/** A stable machine-readable code for @p r ("missing_signature", ...). */
const char *mq_sig_result_code(enum mq_sig_result r);

/** Compute "sha-256=:B64:" for @p body (may be NULL when @p len is 0) into @p out (64 bytes). */
void mq_sig_content_digest(const void *body, size_t len, char out[64]);

/**
 * Sign a request. @p path is the request path without query; @p query is the
 * query string without '?' (NULL or "" when there is none). @p nonce is hex.
 * Returns false if an argument is too long for the header buffers.
 */
bool mq_sig_sign(const unsigned char key[MQ_SIG_KEY_BYTES], const char *keyid,
		 const char *method, const char *path, const char *query,
		 const void *body, size_t len, int64_t created, const char *nonce,
		 struct mq_sig_headers *out) MQ_MUST_CHECK;

/**
 * Parse the Signature-Input and Signature headers (either may be NULL: MISSING).
 * Only the label sig1 with exactly the components
 * ("@method" "@path" "@query" "content-digest") and alg="hmac-sha256" is accepted.
 */
enum mq_sig_result mq_sig_parse(const char *signature_input, const char *signature,
				struct mq_sig_parsed *out) MQ_MUST_CHECK;

/**
 * Verify a parsed signature against the request and @p key: the Content-Digest
 * header must match the body, the HMAC must match (constant time) and created
 * must lie within MQ_SIG_WINDOW_S of @p now. Nonce replay is the caller's
 * business (it needs a store).
 */
enum mq_sig_result mq_sig_verify(const struct mq_sig_parsed *sig,
				 const unsigned char key[MQ_SIG_KEY_BYTES],
				 const char *method, const char *path, const char *query,
				 const char *content_digest, const void *body, size_t len,
				 int64_t now) MQ_MUST_CHECK;

/**
 * Sign the answer (@p status, @p body of @p len bytes) to a request that
 * carried the Signature header @p request_signature ("sig1=:B64:"), with the
 * device's @p key and @p keyid, per RFC 9421 §2.4 as DESIGN.md §9 fixes it:
 * Content-Digest of the answer, Signature-Input
 * sig1=("@status" "content-digest" "signature";req;key="sig1");created=..;
 * keyid="..";alg="hmac-sha256", Signature sig1=:B64:. False when an argument
 * does not fit (or @p request_signature is not a sig1 signature).
 */
bool mq_sig_sign_response(const unsigned char key[MQ_SIG_KEY_BYTES], const char *keyid,
			  unsigned int status, const void *body, size_t len,
			  const char *request_signature, int64_t created,
			  struct mq_sig_headers *out) MQ_MUST_CHECK;

/**
 * Verify an answer's signature headers (any may be NULL: MISSING) against
 * its @p status and @p body, the request's own Signature header
 * @p request_signature, and the device's @p key and @p keyid: MQ_SIG_OK only
 * when the answer was signed with @p key for exactly that request. There is
 * no clock check: the request's fresh nonce makes the answer fresh.
 */
enum mq_sig_result mq_sig_verify_response(const unsigned char key[MQ_SIG_KEY_BYTES],
					  const char *keyid, unsigned int status,
					  const char *content_digest, const char *signature_input,
					  const char *signature, const void *body, size_t len,
					  const char *request_signature) MQ_MUST_CHECK;

#endif
