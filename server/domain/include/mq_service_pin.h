/* mq_service_pin.h — the technician PIN (维护密码) that opens a kiosk's
 * service screen. No image ships one: a district admin makes it in the
 * console, for every studio or for one studio (which then has its own);
 * the server keeps its argon2id hash only, shows the PIN once, audits who
 * made it, and the state pull hands the hash to the studio's kiosks
 * (struct mq_db's service_pin_get), which check it offline. */
#ifndef MQ_SERVICE_PIN_H
#define MQ_SERVICE_PIN_H

#include <stdint.h>

#include "mq_db.h"

/** Digits of a technician PIN. */
#define MQ_SERVICE_PIN_DIGITS 8

/**
 * Make a fresh random PIN for @p scope (MQ_DB_SERVICE_PIN_ALL or a studio
 * id) as admin @p who at @p now: store its hash, replacing the scope's old
 * one, audit it ("kiosk.service_pin"; never the PIN), and write the PIN into
 * @p pin to be shown once. MQ_ERR_AUTH when @p who is no admin,
 * MQ_ERR_NOT_FOUND when there is no such studio, MQ_ERR_NOMEM when it
 * cannot be hashed, else the storage's error.
 */
enum mq_err mq_service_pin_issue(struct mq_db *db, const struct mq_db_staff *who,
				 const char *scope, int64_t now,
				 char pin[MQ_SERVICE_PIN_DIGITS + 1]) MQ_MUST_CHECK;

/**
 * Remove the PIN of @p scope as admin @p who at @p now (audited
 * "kiosk.service_pin_clear"): a studio then uses the one for every studio.
 * MQ_ERR_AUTH when @p who is no admin, MQ_ERR_NOT_FOUND when the scope had
 * none, else the storage's error.
 */
enum mq_err mq_service_pin_clear(struct mq_db *db, const struct mq_db_staff *who,
				 const char *scope, int64_t now) MQ_MUST_CHECK;

#endif
