/* digest.c — SHA-256 as hex (mq_digest.h), by mq_sha256. */
#include "mq_digest.h"

#include <sodium.h>
#include <string.h>

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

void mq_digest_begin(struct mq_digest *d)
{
	mq_sha256_init(&d->sha);
	d->len = 0;
}

void mq_digest_add(struct mq_digest *d, const char *data, size_t len)
{
	if (len > sizeof d->buf - d->len) {
		mq_sha256_update(&d->sha, d->buf, d->len);
		d->len = 0;
	}
	if (len > sizeof d->buf) {
		mq_sha256_update(&d->sha, data, len);
		return;
	}
	memcpy(d->buf + d->len, data, len);
	d->len += len;
}

/* json_dump_callback's callback: jansson hands the text a few bytes at a time. */
static int dump_piece(const char *buffer, size_t size, void *data)
{
	mq_digest_add(data, buffer, size);
	return 0;
}

bool mq_digest_add_json(struct mq_digest *d, const json_t *json, size_t flags)
{
	return json_dump_callback(json, dump_piece, d, flags | JSON_ENCODE_ANY) == 0;
}

bool mq_digest_end(struct mq_digest *d, char out[MQ_DIGEST_HEX + 1])
{
	unsigned char h[MQ_SHA256_BYTES];

	mq_sha256_update(&d->sha, d->buf, d->len);
	if (!mq_sha256_final(&d->sha, h))
		return false;
	sodium_bin2hex(out, MQ_DIGEST_HEX + 1, h, sizeof h);
	return true;
}
