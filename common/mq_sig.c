/* mq_sig.c — RFC 9421 signature base, HMAC-SHA256 and RFC 9530 digests via libsodium.
 *
 * The signature base (RFC 9421 §2.5) for our fixed component list is:
 *   "@method": POST
 *   "@path": /api/v1/records
 *   "@query": ?since=abc            ("?" when the request has no query, §2.2.7)
 *   "content-digest": sha-256=:...:
 *   "@signature-params": ("@method" "@path" "@query" "content-digest");created=...
 * lines joined by LF, no trailing LF. The server rebuilds it from the received
 * parameters string verbatim, so any serialisation the kiosk chose is covered. */
#include "mq_sig.h"

#include "mq_sha256.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMPONENTS "(\"@method\" \"@path\" \"@query\" \"content-digest\")"

const char *mq_sig_result_code(enum mq_sig_result r)
{
	switch (r) {
	case MQ_SIG_OK: return "ok";
	case MQ_SIG_MISSING: return "missing_signature";
	case MQ_SIG_MALFORMED: return "malformed_signature";
	case MQ_SIG_BAD_DIGEST: return "bad_content_digest";
	case MQ_SIG_BAD_SIGNATURE: return "bad_signature";
	case MQ_SIG_STALE: return "stale_signature";
	}
	return "bad_signature";
}

void mq_sig_content_digest(const void *body, size_t len, char out[64])
{
	unsigned char hash[MQ_SHA256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(MQ_SHA256_BYTES, sodium_base64_VARIANT_ORIGINAL)];

	mq_sha256(body, len, hash);
	sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, 64, "sha-256=:%s:", b64);
}

/* Writes the signature base into a malloc'd string; NULL on overflow/OOM. */
static char *signature_base(const char *method, const char *path, const char *query,
			    const char *content_digest, const char *params)
{
	const char *q = query ? query : "";
	size_t size = strlen(method) + strlen(path) + strlen(q) + strlen(content_digest) +
		      strlen(params) + 128;
	char *base = malloc(size);
	int n;

	if (!base)
		return NULL;
	n = snprintf(base, size,
		     "\"@method\": %s\n\"@path\": %s\n\"@query\": ?%s\n"
		     "\"content-digest\": %s\n\"@signature-params\": %s",
		     method, path, q, content_digest, params);
	if (n < 0 || (size_t)n >= size) {
		free(base);
		return NULL;
	}
	return base;
}

static void hmac(const unsigned char key[MQ_SIG_KEY_BYTES], const char *msg,
		 unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, MQ_SIG_KEY_BYTES);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof st);
}

/* Signs signature base @p base (malloc'd, freed here; NULL: false) with
 * @p key into @p out's Signature, and writes "sig1=" @p params as its
 * Signature-Input. */
static bool finish(const unsigned char key[MQ_SIG_KEY_BYTES], char *base, const char *params,
		   struct mq_sig_headers *out)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];

	if (!base)
		return false;
	hmac(key, base, mac);
	free(base);
	sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out->signature_input, sizeof out->signature_input, "sig1=%s", params);
	snprintf(out->signature, sizeof out->signature, "sig1=:%s:", b64);
	sodium_memzero(mac, sizeof mac);
	return true;
}

bool mq_sig_sign(const unsigned char key[MQ_SIG_KEY_BYTES], const char *keyid,
		 const char *method, const char *path, const char *query,
		 const void *body, size_t len, int64_t created, const char *nonce,
		 struct mq_sig_headers *out)
{
	char params[sizeof out->signature_input];
	int n;

	if (strlen(keyid) > MQ_SIG_KEYID_MAX || strlen(nonce) > MQ_SIG_NONCE_MAX)
		return false;
	mq_sig_content_digest(body, len, out->content_digest);
	n = snprintf(params, sizeof params,
		     COMPONENTS ";created=%lld;nonce=\"%s\";keyid=\"%s\";alg=\"hmac-sha256\"",
		     (long long)created, nonce, keyid);
	if (n < 0 || (size_t)n >= sizeof params - 5)
		return false;
	return finish(key, signature_base(method, path, query, out->content_digest, params),
		      params, out);
}

/* Reads a quoted sf-string parameter value at *p into out; advances *p. */
static bool read_quoted(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	if (*s != '"')
		return false;
	for (s++; *s && *s != '"'; s++) {
		if (*s == '\\' || (unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;   /* our values never need escapes: refuse them */
		if (n + 1 >= size)
			return false;
		out[n++] = *s;
	}
	if (*s != '"')
		return false;
	out[n] = '\0';
	*p = s + 1;
	return true;
}

/* Reads the parameters after the component list at @p p (";created=..;nonce=..;
 * keyid=..;alg=.."), the nonce only when @p nonce is not NULL. */
static enum mq_sig_result read_params(const char *p, int64_t *created, char *nonce,
				      char keyid[MQ_SIG_KEYID_MAX + 1])
{
	char alg[32] = "";
	bool have_created = false;

	while (*p == ';') {
		p++;
		if (strncmp(p, "created=", 8) == 0) {
			char *end;
			long long v;
			p += 8;
			if (*p < '0' || *p > '9')
				return MQ_SIG_MALFORMED;
			v = strtoll(p, &end, 10);
			if (end - p > 15)
				return MQ_SIG_MALFORMED;
			*created = v;
			have_created = true;
			p = end;
		} else if (nonce && strncmp(p, "nonce=", 6) == 0) {
			p += 6;
			if (!read_quoted(&p, nonce, MQ_SIG_NONCE_MAX + 1))
				return MQ_SIG_MALFORMED;
		} else if (strncmp(p, "keyid=", 6) == 0) {
			p += 6;
			if (!read_quoted(&p, keyid, MQ_SIG_KEYID_MAX + 1))
				return MQ_SIG_MALFORMED;
		} else if (strncmp(p, "alg=", 4) == 0) {
			p += 4;
			if (!read_quoted(&p, alg, sizeof alg))
				return MQ_SIG_MALFORMED;
		} else {
			return MQ_SIG_MALFORMED;
		}
	}
	if (*p != '\0' || !have_created || (nonce && !nonce[0]) || !keyid[0] ||
	    strcmp(alg, "hmac-sha256") != 0)
		return MQ_SIG_MALFORMED;
	return MQ_SIG_OK;
}

/* Decodes a Signature header "sig1=:B64:" into @p mac. */
static enum mq_sig_result read_mac(const char *signature, unsigned char mac[32])
{
	const char *b64;
	size_t blen, mac_len = 0;

	if (strncmp(signature, "sig1=:", 6) != 0)
		return MQ_SIG_MALFORMED;
	b64 = signature + 6;
	blen = strlen(b64);
	if (blen < 2 || b64[blen - 1] != ':')
		return MQ_SIG_MALFORMED;
	if (sodium_base642bin(mac, 32, b64, blen - 1, NULL, &mac_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    mac_len != 32)
		return MQ_SIG_MALFORMED;
	return MQ_SIG_OK;
}

enum mq_sig_result mq_sig_parse(const char *signature_input, const char *signature,
				struct mq_sig_parsed *out)
{
	enum mq_sig_result r;

	memset(out, 0, sizeof *out);
	if (!signature_input || !signature)
		return MQ_SIG_MISSING;
	if (strncmp(signature_input, "sig1=", 5) != 0 || strncmp(signature, "sig1=:", 6) != 0)
		return MQ_SIG_MALFORMED;
	if (strlen(signature_input + 5) >= sizeof out->params)
		return MQ_SIG_MALFORMED;
	snprintf(out->params, sizeof out->params, "%s", signature_input + 5);
	if (strncmp(out->params, COMPONENTS, strlen(COMPONENTS)) != 0)
		return MQ_SIG_MALFORMED;
	r = read_params(out->params + strlen(COMPONENTS), &out->created, out->nonce, out->keyid);
	if (r != MQ_SIG_OK)
		return r;
	return read_mac(signature, out->mac);
}

enum mq_sig_result mq_sig_verify(const struct mq_sig_parsed *sig,
				 const unsigned char key[MQ_SIG_KEY_BYTES],
				 const char *method, const char *path, const char *query,
				 const char *content_digest, const void *body, size_t len,
				 int64_t now)
{
	char expect[64];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char *base;
	int ok;

	if (!content_digest)
		return MQ_SIG_MISSING;
	mq_sig_content_digest(body, len, expect);
	if (strcmp(expect, content_digest) != 0)
		return MQ_SIG_BAD_DIGEST;
	base = signature_base(method, path, query, content_digest, sig->params);
	if (!base)
		return MQ_SIG_MALFORMED;
	hmac(key, base, mac);
	free(base);
	ok = sodium_memcmp(mac, sig->mac, sizeof mac) == 0;
	if (!ok)
		return MQ_SIG_BAD_SIGNATURE;
	if (sig->created > now + MQ_SIG_WINDOW_S || sig->created < now - MQ_SIG_WINDOW_S)
		return MQ_SIG_STALE;
	return MQ_SIG_OK;
}

/* ---- answers to signed requests (RFC 9421 §2.4) ---------------------------
 *
 * The server signs its answer to a signed request with the same device key,
 * covering the status, the answer's Content-Digest and the request's own
 * signature (the "signature";req;key="sig1" component), so an answer cannot
 * be replayed to another request: the request's signature carries a fresh
 * nonce. The signature base is
 *   "@status": 200
 *   "content-digest": sha-256=:...:
 *   "signature";req;key="sig1": :B64 of the request's HMAC:
 *   "@signature-params": ("@status" "content-digest" "signature";req;key="sig1");created=...
 */
#define RESPONSE_COMPONENTS "(\"@status\" \"content-digest\" \"signature\";req;key=\"sig1\")"

/* The value of the request's sig1 member (":B64:") in its Signature header, or NULL. */
static const char *request_sig_value(const char *request_signature)
{
	size_t n;

	if (!request_signature || strncmp(request_signature, "sig1=:", 6) != 0)
		return NULL;
	n = strlen(request_signature);
	if (n < 8 || n > 200 || request_signature[n - 1] != ':')
		return NULL;
	return request_signature + 5;
}

/* The response's signature base (malloc'd), or NULL on overflow/OOM. */
static char *response_base(unsigned int status, const char *content_digest,
			   const char *req_sig, const char *params)
{
	size_t size = strlen(content_digest) + strlen(req_sig) + strlen(params) + 160;
	char *base = malloc(size);
	int n;

	if (!base)
		return NULL;
	n = snprintf(base, size,
		     "\"@status\": %03u\n\"content-digest\": %s\n"
		     "\"signature\";req;key=\"sig1\": %s\n\"@signature-params\": %s",
		     status, content_digest, req_sig, params);
	if (n < 0 || (size_t)n >= size) {
		free(base);
		return NULL;
	}
	return base;
}

bool mq_sig_sign_response(const unsigned char key[MQ_SIG_KEY_BYTES], const char *keyid,
			  unsigned int status, const void *body, size_t len,
			  const char *request_signature, int64_t created,
			  struct mq_sig_headers *out)
{
	const char *req_sig = request_sig_value(request_signature);
	char params[sizeof out->signature_input];
	int n;

	if (!req_sig || strlen(keyid) > MQ_SIG_KEYID_MAX || status > 999)
		return false;
	mq_sig_content_digest(body, len, out->content_digest);
	n = snprintf(params, sizeof params,
		     RESPONSE_COMPONENTS ";created=%lld;keyid=\"%s\";alg=\"hmac-sha256\"",
		     (long long)created, keyid);
	if (n < 0 || (size_t)n >= sizeof params - 5)
		return false;
	return finish(key, response_base(status, out->content_digest, req_sig, params), params,
		      out);
}

enum mq_sig_result mq_sig_verify_response(const unsigned char key[MQ_SIG_KEY_BYTES],
					  const char *keyid, unsigned int status,
					  const char *content_digest, const char *signature_input,
					  const char *signature, const void *body, size_t len,
					  const char *request_signature)
{
	const char *req_sig = request_sig_value(request_signature);
	char got_keyid[MQ_SIG_KEYID_MAX + 1] = "", expect[64];
	unsigned char mac[32], want[crypto_auth_hmacsha256_BYTES];
	const char *params;
	int64_t created = 0;
	enum mq_sig_result r;
	char *base;
	int ok;

	if (!content_digest || !signature_input || !signature)
		return MQ_SIG_MISSING;
	if (!req_sig || strncmp(signature_input, "sig1=", 5) != 0 ||
	    strlen(signature_input) >= sizeof ((struct mq_sig_headers *)0)->signature_input)
		return MQ_SIG_MALFORMED;
	params = signature_input + 5;
	if (strncmp(params, RESPONSE_COMPONENTS, strlen(RESPONSE_COMPONENTS)) != 0)
		return MQ_SIG_MALFORMED;
	r = read_params(params + strlen(RESPONSE_COMPONENTS), &created, NULL, got_keyid);
	if (r == MQ_SIG_OK)
		r = read_mac(signature, mac);
	if (r != MQ_SIG_OK)
		return r;
	if (strcmp(got_keyid, keyid) != 0)
		return MQ_SIG_BAD_SIGNATURE;
	mq_sig_content_digest(body, len, expect);
	if (strcmp(expect, content_digest) != 0)
		return MQ_SIG_BAD_DIGEST;
	base = response_base(status, content_digest, req_sig, params);
	if (!base)
		return MQ_SIG_MALFORMED;
	hmac(key, base, want);
	free(base);
	ok = sodium_memcmp(want, mac, sizeof want) == 0;
	sodium_memzero(want, sizeof want);
	return ok ? MQ_SIG_OK : MQ_SIG_BAD_SIGNATURE;
}
