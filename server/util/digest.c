/* digest.c — SHA-256 as hex (mq_digest.h), by mq_sha256. */
#include "mq_digest.h"

#include <sodium.h>
#include <string.h>

#include "mq_sha256.h"

void mq_digest_sha256_hex(const void *data, size_t len, char out[MQ_DIGEST_HEX + 1])
{
	unsigned char h[MQ_SHA256_BYTES];

	mq_sha256(data, len, h);
	sodium_bin2hex(out, MQ_DIGEST_HEX + 1, h, sizeof h);
}

void mq_digest_text(const char *text, char out[MQ_DIGEST_HEX + 1])
{
	mq_digest_sha256_hex(text, strlen(text), out);
}
