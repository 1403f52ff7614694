/* mq_digest.h — SHA-256 as lowercase hex: what the server stores instead of
 * a secret (session cookies, Open311 keys) and what it compares records by. */
#ifndef MQ_DIGEST_H
#define MQ_DIGEST_H

#include <stddef.h>

#define MQ_DIGEST_HEX 64   /* hex digits of a SHA-256 */

/** SHA-256 of the @p len bytes at @p data as lowercase hex into @p out. */
void mq_digest_sha256_hex(const void *data, size_t len, char out[MQ_DIGEST_HEX + 1]);

/** mq_digest_sha256_hex of the string @p text (without its NUL). */
void mq_digest_text(const char *text, char out[MQ_DIGEST_HEX + 1]);

#endif
