/* fuzz_sig.c — libFuzzer target: the server's RFC 9421 header parser and
 * verifier (common/mq_sig) on arbitrary Signature-Input / Signature values,
 * and the kiosk's check of the server's signed answers (RFC 9421 §2.4) on
 * the same values as the answer's headers. Input: the two header values
 * separated by a NUL byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mq_sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[MQ_SIG_KEY_BYTES] = { 1, 2, 3 };
	char *input = malloc(size + 2);
	const char *signature;
	struct mq_sig_parsed p;

	if (!input)
		return 0;
	memcpy(input, data, size);
	input[size] = input[size + 1] = '\0';
	signature = input + strlen(input) + 1;
	if (mq_sig_parse(input, signature, &p) == MQ_SIG_OK) {
		enum mq_sig_result r = mq_sig_verify(
			&p, key, "POST", "/api/v1/records", NULL,
			"sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", "", 0, p.created);
		if (r == MQ_SIG_OK)   /* a random MAC never matches a key it was not made with */
			abort();
	}
	if (mq_sig_verify_response(key, "kiosk-f", 200,
				   "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", input,
				   signature, "", 0, "sig1=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:") ==
	    MQ_SIG_OK)
		abort();       /* neither does it for an answer */
	free(input);
	return 0;
}
