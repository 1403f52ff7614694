/* mq_id.h — identifiers: record ids (UUIDv4), tracking tokens, short codes, nonces.
 * All randomness comes from libsodium's CSPRNG; call sodium_init() first (mq_id_init). */
#ifndef MQ_ID_H
#define MQ_ID_H

#include <stdbool.h>
#include <stddef.h>

#define MQ_UUID_LEN 36        /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" */
#define MQ_TOKEN_LEN 22       /* 128 random bits, base64url without padding */
#define MQ_SHORT_CODE_LEN 8   /* digits, for reading aloud; never opens a record alone */

/** Initialise the random source. Returns false if libsodium cannot start. */
bool mq_id_init(void);

/** Write a new random UUIDv4 (lowercase) into @p out (MQ_UUID_LEN + 1 bytes). */
void mq_id_uuid4(char out[MQ_UUID_LEN + 1]);

/** Write a new tracking token: 16 random bytes as base64url, no padding. */
void mq_id_token(char out[MQ_TOKEN_LEN + 1]);

/** Write a new short code: MQ_SHORT_CODE_LEN random decimal digits. */
void mq_id_short_code(char out[MQ_SHORT_CODE_LEN + 1]);

/** Write @p nbytes random bytes as lowercase hex into @p out (2*nbytes+1 bytes). */
void mq_id_random_hex(char *out, size_t nbytes);

/** True if @p s is a UUID in canonical 8-4-4-4-12 hex form (any version, either case). */
bool mq_id_is_uuid(const char *s);

/** True if @p s has the shape of a tracking token (22 base64url characters). */
bool mq_id_is_token(const char *s);

/** True if @p s is exactly MQ_SHORT_CODE_LEN digits. */
bool mq_id_is_short_code(const char *s);

#endif
