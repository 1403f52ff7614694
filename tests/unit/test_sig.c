/* test_sig.c — RFC 9421/9530 signing and verification (common/mq_sig). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "mq_id.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
