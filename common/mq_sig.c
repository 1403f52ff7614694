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
	unsigned char hash[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];

	crypto_hash_sha256(hash, body ? body : (const void *)"", len);
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

bool mq_sig_sign(const unsigned char key[MQ_SIG_KEY_BYTES], const char *keyid,
		 const char *method, const char *path, const char *query,
		 const void *body, size_t len, int64_t created, const char *nonce,
		 struct mq_sig_headers *out)
{
	char params[sizeof out->signature_input];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
	char *base;
	int n;

	if (strlen(keyid) > MQ_SIG_KEYID_MAX || strlen(nonce) > MQ_SIG_NONCE_MAX)
		return false;
	mq_sig_content_digest(body, len, out->content_digest);
	n = snprintf(params, sizeof params,
		     COMPONENTS ";created=%lld;nonce=\"%s\";keyid=\"%s\";alg=\"hmac-sha256\"",
		     (long long)created, nonce, keyid);
	if (n < 0 || (size_t)n >= sizeof params - 5)
		return false;
	base = signature_base(method, path, query, out->content_digest, params);
	if (!base)
		return false;
	hmac(key, base, mac);
	free(base);
	sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	memcpy(out->signature_input, "sig1=", 5);
	memcpy(out->signature_input + 5, params, (size_t)n + 1);
	snprintf(out->signature, sizeof out->signature, "sig1=:%s:", b64);
	return true;
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

enum mq_sig_result mq_sig_parse(const char *signature_input, const char *signature,
				struct mq_sig_parsed *out)
{
	const char *p;
	char alg[32] = "";
	bool have_created = false;
	size_t blen;
	const char *b64;

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
	p = out->params + strlen(COMPONENTS);
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
			out->created = v;
			have_created = true;
			p = end;
		} else if (strncmp(p, "nonce=", 6) == 0) {
			p += 6;
			if (!read_quoted(&p, out->nonce, sizeof out->nonce))
				return MQ_SIG_MALFORMED;
		} else if (strncmp(p, "keyid=", 6) == 0) {
			p += 6;
			if (!read_quoted(&p, out->keyid, sizeof out->keyid))
				return MQ_SIG_MALFORMED;
		} else if (strncmp(p, "alg=", 4) == 0) {
			p += 4;
			if (!read_quoted(&p, alg, sizeof alg))
				return MQ_SIG_MALFORMED;
		} else {
			return MQ_SIG_MALFORMED;
		}
	}
	if (*p != '\0' || !have_created || !out->nonce[0] || !out->keyid[0] ||
	    strcmp(alg, "hmac-sha256") != 0)
		return MQ_SIG_MALFORMED;

	b64 = signature + 6;
	blen = strlen(b64);
	if (blen < 2 || b64[blen - 1] != ':')
		return MQ_SIG_MALFORMED;
	{
		size_t mac_len = 0;
		if (sodium_base642bin(out->mac, sizeof out->mac, b64, blen - 1, NULL, &mac_len,
				      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    mac_len != sizeof out->mac)
			return MQ_SIG_MALFORMED;
	}
	return MQ_SIG_OK;
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
