/* service_pin.c — the technician PIN (mq_service_pin.h): made at random,
 * hashed before the transaction (argon2id is slow on purpose), stored and
 * audited in one. */
#include "mq_service_pin.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

struct pin_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *scope;
	const char *hash;            /* NULL: clear */
	int64_t now;
};

static bool is_all(const char *scope)
{
	return strcmp(scope, MQ_DB_SERVICE_PIN_ALL) == 0;
}

static enum mq_err pin_cb(void *cls)
{
	struct pin_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_studio studio;
	const char *in_studio = is_all(tx->scope) ? NULL : tx->scope;
	enum mq_err err = MQ_OK;

	if (in_studio)
		err = db->studio_get(db->cls, tx->scope, &studio);
	if (err == MQ_OK)
		err = tx->hash ? db->service_pin_set(db->cls, tx->scope, tx->hash, tx->now,
						     tx->who->username)
			       : db->service_pin_clear(db->cls, tx->scope);
	if (err == MQ_OK)
		err = mq_audit(db, tx->who, tx->now, in_studio,
			       tx->hash ? "kiosk.service_pin" : "kiosk.service_pin_clear", tx->scope,
			       NULL, json_pack("{s:s}", "scope", tx->scope));
	return err;
}

/* The checks both operations make before their transaction. */
static enum mq_err allowed(const struct mq_db_staff *who, const char *scope)
{
	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	if (!scope || (!is_all(scope) && !mq_wire_is_key(scope)))
		return MQ_ERR_NOT_FOUND;
	return MQ_OK;
}

enum mq_err mq_service_pin_issue(struct mq_db *db, const struct mq_db_staff *who,
				 const char *scope, int64_t now,
				 char pin[MQ_SERVICE_PIN_DIGITS + 1])
{
	char hash[MQ_DB_PWHASH_MAX];
	struct pin_tx tx = { db, who, scope, hash, now };
	enum mq_err err = allowed(who, scope);

	pin[0] = '\0';
	if (err != MQ_OK)
		return err;
	snprintf(pin, MQ_SERVICE_PIN_DIGITS + 1, "%08u", (unsigned)randombytes_uniform(100000000));
	if (!mq_account_password_hash(pin, hash)) {
		sodium_memzero(pin, MQ_SERVICE_PIN_DIGITS + 1);
		return MQ_ERR_NOMEM;
	}
	err = db->run_tx(db->cls, "service_pin", pin_cb, &tx);
	sodium_memzero(hash, sizeof hash);
	if (err != MQ_OK)
		sodium_memzero(pin, MQ_SERVICE_PIN_DIGITS + 1);
	else
		mq_log_info("console", "%s set a new technician PIN for %s", who->username,
			    is_all(scope) ? "every studio" : scope);
	return err;
}

enum mq_err mq_service_pin_clear(struct mq_db *db, const struct mq_db_staff *who,
				 const char *scope, int64_t now)
{
	struct pin_tx tx = { db, who, scope, NULL, now };
	enum mq_err err = allowed(who, scope);

	if (err != MQ_OK)
		return err;
	err = db->run_tx(db->cls, "service_pin_clear", pin_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s removed the technician PIN of %s", who->username,
			    is_all(scope) ? "every studio" : scope);
	return err;
}
