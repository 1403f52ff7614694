/* mq_enroll.h — how clients get their credentials: one-time enrollment
 * codes that a kiosk trades for a device id and an HMAC key (DESIGN.md §5,
 * §6), and the API keys of Open311 clients. A code is 12 characters from an
 * unambiguous alphabet, shown as K7QM-3WXT-9HPC; it works once and expires
 * after MQ_ENROLL_CODE_TTL_S. */
#ifndef MQ_ENROLL_H
#define MQ_ENROLL_H

#include <stddef.h>
#include <stdint.h>

#include "mq_badge.h"
#include "mq_db.h"
#include "mq_throttle.h"
#include "mq_sig.h"

#define MQ_ENROLL_CODE_TTL_S (24 * 3600)
#define MQ_ENROLL_CODE_CHARS MQ_WIRE_ENROLL_CODE_CHARS
#define MQ_ENROLL_CODE_SHOWN MQ_WIRE_ENROLL_CODE_SHOWN     /* with the two dashes */

/**
 * Create and store a fresh code for studio @p studio at @p now and write it,
 * grouped with dashes, into @p out (MQ_ENROLL_CODE_SHOWN + 1 bytes).
 * Returns MQ_ERR_NOT_FOUND when the studio does not exist, MQ_ERR_DB otherwise.
 */
enum mq_err mq_enroll_code_create(struct mq_db *db, const char *studio, int64_t now,
				  char out[MQ_ENROLL_CODE_SHOWN + 1]) MQ_MUST_CHECK;

/** What trading a code gave. */
enum mq_enroll_outcome {
	MQ_ENROLLED,               /* a new device: see the device */
	MQ_ENROLL_UNKNOWN_CODE,
	MQ_ENROLL_USED_CODE,
	MQ_ENROLL_EXPIRED_CODE,
};

/** How enrollment attempts are throttled per client address (mq_throttle.h):
 *  a technician's typing slips cost nothing, a guesser waits longer and
 *  longer. The enrollment handler applies it around mq_enroll_device. */
extern const struct mq_throttle_policy mq_enroll_throttle;

/**
 * Trade code @p code (normalised, mq_wire_enroll_code_normalise) at @p now for a
 * new device of the code's studio with a fresh key: the code is checked and
 * spent, and the device stored, in one transaction, so two kiosks racing
 * for one code cannot both win. MQ_OK with *@p outcome set (and @p dev
 * filled when MQ_ENROLLED; the caller wipes its key), or the storage error.
 */
enum mq_err mq_enroll_device(struct mq_db *db, const char *code, int64_t now,
			     enum mq_enroll_outcome *outcome,
			     struct mq_db_device *dev) MQ_MUST_CHECK;

/** mq_enroll_code_create for account @p who in one transaction with its
 *  audit entry ("kiosk.enroll_code"). */
enum mq_err mq_enroll_code_issue(struct mq_db *db, const struct mq_db_staff *who,
				 const char *studio, int64_t now,
				 char out[MQ_ENROLL_CODE_SHOWN + 1]) MQ_MUST_CHECK;

#define MQ_ENROLL_KEY_MAX 64       /* bytes of an Open311 API key, with its NUL */

/**
 * A new Open311 API key of @p studio labelled @p label for account @p who
 * at @p now: stored only as its SHA-256, bound to a device of its own (whose
 * HMAC key nobody gets), audited as "open311.key_create"; one transaction.
 * The key itself, to show once, into @p key. MQ_ERR_NOT_FOUND for an
 * unknown studio.
 */
enum mq_err mq_enroll_open311_key(struct mq_db *db, const struct mq_db_staff *who,
				  const char *studio, const char *label, int64_t now,
				  char key[MQ_ENROLL_KEY_MAX]) MQ_MUST_CHECK;

/**
 * Revoke device @p device (a kiosk, or an Open311 key's device, which
 * withdraws the key) for account @p who (NULL: the command line, audited as
 * "cli") at @p now, in one transaction with its audit entry ("kiosk.revoke"
 * or "open311.key_revoke"). From then on every signed request of the device
 * is answered 401 "revoked", and the key is refused. MQ_ERR_NOT_FOUND when
 * there is no such device, MQ_ERR_CONFLICT when it is revoked already.
 */
enum mq_err mq_enroll_revoke(struct mq_db *db, const struct mq_db_staff *who,
			     const char *device, int64_t now) MQ_MUST_CHECK;

/**
 * The badge key of studio @p studio into @p key: HMAC-SHA-256 of the studio
 * id under the server's "badge" secret (made on first use), so each studio's
 * kiosks get their own key and never the badge codes (mq_badge.h).
 */
enum mq_err mq_enroll_badge_key(struct mq_db *db, const char *studio,
				unsigned char key[MQ_BADGE_KEY_BYTES]) MQ_MUST_CHECK;

/** True when @p device is the id of an Open311 key's device (not a kiosk). */
bool mq_enroll_is_open311_device(const char *device);

#endif
