/* mq_badge.h — members' badge codes as keyed hashes: the server hands a
 * kiosk HMAC-SHA-256(studio badge key, code) for each member, never the
 * codes; the kiosk hashes what the scanner typed with the same key and
 * compares. A fast keyed hash, not a password hash: a badge is checked on
 * every scan, and the key (not slowness) is what keeps the codes unknown. */
#ifndef MQ_BADGE_H
#define MQ_BADGE_H

#include <stdbool.h>

#define MQ_BADGE_KEY_BYTES 32
#define MQ_BADGE_HASH_HEX 64
#define MQ_BADGE_CODE_MAX 64    /* bytes of a badge code, normalised */

/**
 * The badge hash of @p code under @p key as lowercase hex into @p out.
 * The code is normalised first as a scanner types it: leading and trailing
 * blanks and line ends dropped, ASCII letters upper-cased. False (and @p out
 * empty) when nothing is left or it is longer than MQ_BADGE_CODE_MAX.
 */
bool mq_badge_hash(const unsigned char key[MQ_BADGE_KEY_BYTES], const char *code,
		   char out[MQ_BADGE_HASH_HEX + 1]);

/** True when @p code hashes to @p hash (hex) under @p key; compared in
 *  constant time. False for a NULL or malformed @p hash. */
bool mq_badge_matches(const unsigned char key[MQ_BADGE_KEY_BYTES], const char *code,
		      const char *hash);

#endif
