/* test_sig.c — RFC 9421/9530 signing and verification of requests and of the
 * server's answers (common/mq_sig), SHA-256 by libsodium and by libcrypto
 * (common/mq_sha256), and badge hashes (common/mq_badge). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "mq_badge.h"
#include "mq_id.h"
#include "mq_sha256.h"
#include "mq_sig.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const char body[] = "{\"records\":[]}";

static void sign(struct mq_sig_headers *h, int64_t created)
{
	assert_true(mq_sig_sign(key, "kiosk-1", "POST", "/api/v1/records", NULL, body,
				strlen(body), created, "00ff", h));
}

static enum mq_sig_result verify(const struct mq_sig_headers *h, const unsigned char *k,
				 const char *method, const char *path, const char *query,
				 const char *b, int64_t now)
{
	struct mq_sig_parsed p;
	enum mq_sig_result r = mq_sig_parse(h->signature_input, h->signature, &p);

	if (r != MQ_SIG_OK)
		return r;
	return mq_sig_verify(&p, k, method, path, query, h->content_digest, b, strlen(b), now);
}

/* RFC 9530 §2 example value for an empty body would be the SHA-256 of "". */
static void test_digest_of_empty_body(void **state)
{
	char d[64];

	(void)state;
	mq_sig_content_digest(NULL, 0, d);
	assert_string_equal(d, "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
}

/* mq_sha256 gives libsodium's digests before libcrypto is taken and after:
 * FIPS 180-2's "abc", the empty input, and lengths around the block size
 * and past a batch body. */
static void test_sha256_same_by_either_library(void **state)
{
	static const unsigned char abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad };
	static const size_t lengths[] = { 0, 1, 55, 56, 63, 64, 65, 1000, 300000 };
	static unsigned char data[300000];
	unsigned char got[MQ_SHA256_BYTES], want[MQ_SHA256_BYTES];

	(void)state;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 31 + (i >> 8));
	for (int pass = 0; pass < 2; pass++) {
		mq_sha256("abc", 3, got);
		assert_memory_equal(got, abc, sizeof abc);
		for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
			crypto_hash_sha256(want, data, lengths[i]);
			mq_sha256(lengths[i] ? data : NULL, lengths[i], got);
			assert_memory_equal(got, want, sizeof want);
		}
		/* libcrypto is there wherever the tests run (libcurl needs it) */
		assert_true(mq_sha256_use_libcrypto(true));
	}
}

/* mq_sha256_init/update/final give mq_sha256's digest of the pieces joined,
 * by libsodium and then by libcrypto, however the input is cut (empty pieces,
 * pieces across a block, one byte at a time), and a context started before
 * libcrypto is taken still ends by libsodium. */
static void test_sha256_pieces_same_as_whole(void **state)
{
	static const size_t cuts[][4] = { { 0, 0, 0, 0 }, { 1, 0, 63, 65 }, { 64, 64, 64, 64 },
					   { 7, 500, 0, 3000 }, { 1000, 1, 1, 1 } };
	static unsigned char data[5000];
	unsigned char got[MQ_SHA256_BYTES], want[MQ_SHA256_BYTES];
	struct mq_sha256_ctx c, early;

	(void)state;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + (i >> 5));
	mq_sha256_init(&early);
	mq_sha256_update(&early, data, 100);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
			size_t at = 0;

			mq_sha256_init(&c);
			for (int j = 0; j < 4; j++) {
				mq_sha256_update(&c, data + at, cuts[k][j]);
				at += cuts[k][j];
			}
			mq_sha256_update(&c, data + at, sizeof data - at);
			assert_true(mq_sha256_final(&c, got));
			mq_sha256(data, sizeof data, want);
			assert_memory_equal(got, want, sizeof want);
			crypto_hash_sha256(want, data, sizeof data);
			assert_memory_equal(got, want, sizeof want);
		}
		mq_sha256_init(&c);
		for (size_t i = 0; i < 200; i++)
			mq_sha256_update(&c, data + i, 1);
		assert_true(mq_sha256_final(&c, got));
		crypto_hash_sha256(want, data, 200);
		assert_memory_equal(got, want, sizeof want);
		mq_sha256_init(&c);
		assert_true(mq_sha256_final(&c, got));
		crypto_hash_sha256(want, NULL, 0);
		assert_memory_equal(got, want, sizeof want);
		if (pass == 0) {
			assert_null(c.evp);     /* libsodium's until libcrypto is taken */
			assert_true(mq_sha256_use_libcrypto(true));
			mq_sha256_init(&c);
			assert_non_null(c.evp);
			assert_true(mq_sha256_final(&c, got));
		}
	}
	mq_sha256_update(&early, data + 100, 100);
	assert_true(mq_sha256_final(&early, got));
	crypto_hash_sha256(want, data, 200);
	assert_memory_equal(got, want, sizeof want);
}

static void test_header_shape(void **state)
{
	struct mq_sig_headers h;

	(void)state;
	sign(&h, 1700000000);
	assert_string_equal(h.signature_input,
			    "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\")"
			    ";created=1700000000;nonce=\"00ff\";keyid=\"kiosk-1\";alg=\"hmac-sha256\"");
	assert_memory_equal(h.signature, "sig1=:", 6);
	assert_int_equal(h.signature[strlen(h.signature) - 1], ':');
}

static void test_roundtrip_and_tampering(void **state)
{
	struct mq_sig_headers h;
	unsigned char other[32];

	(void)state;
	sign(&h, 1700000000);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", NULL, body, 1700000000),
			 MQ_SIG_OK);
	/* each covered component matters */
	assert_int_equal(verify(&h, key, "GET", "/api/v1/records", NULL, body, 1700000000),
			 MQ_SIG_BAD_SIGNATURE);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/record", NULL, body, 1700000000),
			 MQ_SIG_BAD_SIGNATURE);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", "a=1", body, 1700000000),
			 MQ_SIG_BAD_SIGNATURE);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", NULL, "{}", 1700000000),
			 MQ_SIG_BAD_DIGEST);
	memcpy(other, key, 32);
	other[0] ^= 1;
	assert_int_equal(verify(&h, other, "POST", "/api/v1/records", NULL, body, 1700000000),
			 MQ_SIG_BAD_SIGNATURE);
	/* the created window is 300 s either way */
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", NULL, body, 1700000300),
			 MQ_SIG_OK);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", NULL, body, 1700000301),
			 MQ_SIG_STALE);
	assert_int_equal(verify(&h, key, "POST", "/api/v1/records", NULL, body, 1699999699),
			 MQ_SIG_STALE);
}

static void test_query_is_covered(void **state)
{
	struct mq_sig_headers h;

	(void)state;
	assert_true(mq_sig_sign(key, "k", "GET", "/api/v1/kiosk/state", "since=5", NULL, 0,
				100, "ab", &h));
	assert_int_equal(verify(&h, key, "GET", "/api/v1/kiosk/state", "since=5", "", 100),
			 MQ_SIG_OK);
	assert_int_equal(verify(&h, key, "GET", "/api/v1/kiosk/state", "since=6", "", 100),
			 MQ_SIG_BAD_SIGNATURE);
}

static void test_malformed_headers(void **state)
{
	struct mq_sig_parsed p;
	struct mq_sig_headers h;
	char bad[400];
	static const char *const inputs[] = {
		"sig2=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"a\";keyid=\"k\";alg=\"hmac-sha256\"",
		"sig1=(\"@method\" \"@path\");created=1;nonce=\"a\";keyid=\"k\";alg=\"hmac-sha256\"",
		"sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");nonce=\"a\";keyid=\"k\";alg=\"hmac-sha256\"",
		"sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"a\";keyid=\"k\";alg=\"rsa-pss-sha512\"",
		"sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"a\";keyid=\"k",
		"sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=x;nonce=\"a\";keyid=\"k\";alg=\"hmac-sha256\"",
		"sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");created=1;nonce=\"a\";keyid=\"k\";alg=\"hmac-sha256\";extra=1",
		"",
	};

	(void)state;
	sign(&h, 1);
	assert_int_equal(mq_sig_parse(NULL, h.signature, &p), MQ_SIG_MISSING);
	assert_int_equal(mq_sig_parse(h.signature_input, NULL, &p), MQ_SIG_MISSING);
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
		assert_int_equal(mq_sig_parse(inputs[i], h.signature, &p), MQ_SIG_MALFORMED);
	assert_int_equal(mq_sig_parse(h.signature_input, "sig1=:notbase64!:", &p),
			 MQ_SIG_MALFORMED);
	assert_int_equal(mq_sig_parse(h.signature_input, "sig1=:YWJj:", &p), MQ_SIG_MALFORMED);
	memset(bad, 'a', sizeof bad - 1);
	bad[sizeof bad - 1] = '\0';
	memcpy(bad, "sig1=", 5);
	assert_int_equal(mq_sig_parse(bad, h.signature, &p), MQ_SIG_MALFORMED);
}

/* ---- answers (RFC 9421 §2.4) --------------------------------------------- */

static const char answer[] = "{\"results\":[]}";

/* The answer's headers are exactly DESIGN §9's, and the HMAC is over the
 * signature base written out here by hand. */
static void test_response_shape_and_base(void **state)
{
	struct mq_sig_headers req, h;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char base[1024], b64[64], expect[80];

	(void)state;
	sign(&req, 1700000000);
	assert_true(mq_sig_sign_response(key, "kiosk-1", 200, answer, strlen(answer), req.signature,
					 1700000001, &h));
	assert_string_equal(h.signature_input,
			    "sig1=(\"@status\" \"content-digest\" \"signature\";req;key=\"sig1\")"
			    ";created=1700000001;keyid=\"kiosk-1\";alg=\"hmac-sha256\"");
	snprintf(base, sizeof base,
		 "\"@status\": 200\n\"content-digest\": %s\n\"signature\";req;key=\"sig1\": %s\n"
		 "\"@signature-params\": %s", h.content_digest, req.signature + 5,
		 h.signature_input + 5);
	crypto_auth_hmacsha256(mac, (const unsigned char *)base, strlen(base), key);
	sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	snprintf(expect, sizeof expect, "sig1=:%s:", b64);
	assert_string_equal(h.signature, expect);
}

static enum mq_sig_result verify_answer(const struct mq_sig_headers *h, const unsigned char *k,
					const char *keyid, unsigned int status, const char *b,
					const char *req_sig)
{
	return mq_sig_verify_response(k, keyid, status, h->content_digest, h->signature_input,
				      h->signature, b, strlen(b), req_sig);
}

/* An answer verifies only for its status, body, key, device and request. */
static void test_response_roundtrip_and_tampering(void **state)
{
	struct mq_sig_headers req, req2, h;
	unsigned char other[32];

	(void)state;
	sign(&req, 1700000000);
	assert_true(mq_sig_sign(key, "kiosk-1", "POST", "/api/v1/records", NULL, body, strlen(body),
				1700000000, "11ee", &req2));
	assert_true(mq_sig_sign_response(key, "kiosk-1", 200, answer, strlen(answer), req.signature,
					 1700000001, &h));
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 200, answer, req.signature), MQ_SIG_OK);
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 201, answer, req.signature),
			 MQ_SIG_BAD_SIGNATURE);
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 200, "{\"results\":[1]}", req.signature),
			 MQ_SIG_BAD_DIGEST);
	assert_int_equal(verify_answer(&h, key, "kiosk-2", 200, answer, req.signature),
			 MQ_SIG_BAD_SIGNATURE);
	/* signed for another request (another nonce): a replay */
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 200, answer, req2.signature),
			 MQ_SIG_BAD_SIGNATURE);
	memcpy(other, key, 32);
	other[31] ^= 0x80;
	assert_int_equal(verify_answer(&h, other, "kiosk-1", 200, answer, req.signature),
			 MQ_SIG_BAD_SIGNATURE);
	/* missing or malformed headers */
	assert_int_equal(mq_sig_verify_response(key, "kiosk-1", 200, NULL, h.signature_input,
						h.signature, answer, strlen(answer), req.signature),
			 MQ_SIG_MISSING);
	assert_int_equal(mq_sig_verify_response(key, "kiosk-1", 200, h.content_digest,
						req.signature_input, h.signature, answer,
						strlen(answer), req.signature),
			 MQ_SIG_MALFORMED);   /* a request's component list */
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 200, answer, "sig1=nothing"),
			 MQ_SIG_MALFORMED);
	/* an empty answer (a 304) is signed too */
	assert_true(mq_sig_sign_response(key, "kiosk-1", 304, NULL, 0, req.signature, 5, &h));
	assert_int_equal(verify_answer(&h, key, "kiosk-1", 304, "", req.signature), MQ_SIG_OK);
	assert_false(mq_sig_sign_response(key, "kiosk-1", 200, "", 0, "not a signature", 5, &h));
}

/* Badge codes as keyed hashes: normalised like a scanner types them, and
 * worthless without the key. */
static void test_badge_hash(void **state)
{
	char h1[MQ_BADGE_HASH_HEX + 1], h2[MQ_BADGE_HASH_HEX + 1];
	unsigned char other[32];

	(void)state;
	assert_true(mq_badge_hash(key, "MQHB0001", h1));
	assert_int_equal(strlen(h1), 64);
	assert_true(mq_badge_hash(key, "  mqhb0001\r\n", h2));
	assert_string_equal(h1, h2);
	assert_true(mq_badge_matches(key, "mqhb0001\n", h1));
	assert_false(mq_badge_matches(key, "MQHB0002", h1));
	memcpy(other, key, 32);
	other[0] ^= 1;
	assert_false(mq_badge_matches(other, "MQHB0001", h1));
	assert_false(mq_badge_matches(key, "MQHB0001", NULL));
	assert_false(mq_badge_matches(key, "MQHB0001", "abc"));
	assert_false(mq_badge_hash(key, " \r\n", h2));
	assert_string_equal(h2, "");
	assert_null(strstr(h1, "MQHB"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_response_shape_and_base),
		cmocka_unit_test(test_response_roundtrip_and_tampering),
		cmocka_unit_test(test_badge_hash),
		/* before libcrypto is taken: the pieces' test starts on libsodium */
		cmocka_unit_test(test_sha256_pieces_same_as_whole),
		cmocka_unit_test(test_sha256_same_by_either_library),
		cmocka_unit_test(test_digest_of_empty_body),
		cmocka_unit_test(test_header_shape),
		cmocka_unit_test(test_roundtrip_and_tampering),
		cmocka_unit_test(test_query_is_covered),
		cmocka_unit_test(test_malformed_headers),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
