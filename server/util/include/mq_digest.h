/* mq_digest.h — SHA-256 as lowercase hex: what the server stores instead of
 * a secret (session cookies, Open311 keys) and what it compares records by. */
#ifndef MQ_DIGEST_H
#define MQ_DIGEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "mq_sha256.h"

#define MQ_DIGEST_HEX 64   /* hex digits of a SHA-256 */

/** SHA-256 of the @p len bytes at @p data as lowercase hex into @p out. */
void mq_digest_sha256_hex(const void *data, size_t len, char out[MQ_DIGEST_HEX + 1]);

/** mq_digest_sha256_hex of the string @p text (without its NUL). */
void mq_digest_text(const char *text, char out[MQ_DIGEST_HEX + 1]);

/** A digest of text written piece by piece (JSON dumped straight into it,
 * without the text in memory): the same hex as mq_digest_text of the whole. */
struct mq_digest {
	struct mq_sha256_ctx sha;
	size_t len;                 /* bytes waiting in buf */
	char buf[1024];             /* small pieces joined before they are hashed */
};

void mq_digest_begin(struct mq_digest *d);

/** Adds the @p len bytes at @p data. */
void mq_digest_add(struct mq_digest *d, const char *data, size_t len);

/** Adds json_dumps(@p json, @p flags)'s text (JSON_ENCODE_ANY is added);
 * false when jansson could not dump it. */
bool mq_digest_add_json(struct mq_digest *d, const json_t *json, size_t flags);

/** The hex digest into @p out; false when it could not be computed (out of
 * memory). Ends @p d in any case. */
bool mq_digest_end(struct mq_digest *d, char out[MQ_DIGEST_HEX + 1]);

#endif
