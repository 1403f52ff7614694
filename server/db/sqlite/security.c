/* security.c — the SQLite implementation of the security block of struct
 * mq_db (mq_db.h): failure counts for throttling, revoking devices and
 * Open311 keys, and the server's own secrets. Every statement is named in
 * the table below with its caller. */
#include <string.h>

#include "mq_log.h"
#include "mq_sqlite.h"

enum sstmt_id {
	X_THROTTLE_GET,
	X_THROTTLE_PURGE,
	X_THROTTLE_FAIL,
	X_THROTTLE_CLEAR,
	X_DEVICE_REVOKE,
	X_DEVICE_EXISTS,
	X_OPEN311_KEY_REVOKE,
	X_OPEN311_KEYS,
	X_SECRET_PUT,
	X_SECRET_GET,
	X_COUNT
};

/* Every statement of this block; the comment names its caller. */
static const struct mq_sqlite_stmt_def stmt_sql[X_COUNT] = {
	/* caller: db_throttle_get */
	[X_THROTTLE_GET] = { "throttle_get",
		"SELECT failures, last_at FROM throttle"
		" WHERE purpose = ?1 AND subject = ?2 AND address = ?3" },
	/* caller: db_throttle_fail */
	[X_THROTTLE_PURGE] = { "throttle_purge",
		"DELETE FROM throttle WHERE last_at < ?1" },
	/* caller: db_throttle_fail */
	[X_THROTTLE_FAIL] = { "throttle_fail",
		"INSERT INTO throttle (purpose, subject, address, failures, last_at)"
		" VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (purpose, subject, address)"
		" DO UPDATE SET failures = failures + 1, last_at = max(last_at, excluded.last_at)" },
	/* caller: db_throttle_clear */
	[X_THROTTLE_CLEAR] = { "throttle_clear",
		"DELETE FROM throttle WHERE purpose = ?1 AND subject = ?2 AND address = ?3" },
	/* caller: db_device_revoke */
	[X_DEVICE_REVOKE] = { "device_revoke",
		"UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL" },
	/* caller: db_device_revoke (nothing changed: unknown, or revoked before?) */
	[X_DEVICE_EXISTS] = { "device_exists",
		"SELECT 1 FROM devices WHERE id = ?1" },
	/* caller: db_device_revoke (an Open311 key's device) */
	[X_OPEN311_KEY_REVOKE] = { "open311_key_revoke",
		"UPDATE open311_keys SET revoked_at = ?2 WHERE device = ?1 AND revoked_at IS NULL" },
	/* caller: db_open311_keys_iterate */
	[X_OPEN311_KEYS] = { "open311_keys",
		"SELECT key_hash, studio, device, label, created_at, coalesce(revoked_at, 0)"
		" FROM open311_keys WHERE ?1 IS NULL OR studio = ?1"
		" ORDER BY created_at DESC, device" },
	/* caller: db_secret_get */
	[X_SECRET_PUT] = { "secret_put",
		"INSERT OR IGNORE INTO secrets (name, value) VALUES (?1, ?2)" },
	/* caller: db_secret_get */
	[X_SECRET_GET] = { "secret_get",
		"SELECT value FROM secrets WHERE name = ?1" },
};

static sqlite3_stmt *sstmt(void *cls, enum sstmt_id id)
{
	return mq_sqlite_stmt(cls, MQ_SQLITE_SECURITY, id);
}

/* ---- throttling ---------------------------------------------------------- */

static enum mq_err db_throttle_get(void *cls, const char *purpose, const char *subject,
				   const char *address, int64_t *failures, int64_t *last_at)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	*failures = *last_at = 0;
	mq_sqlite_lock(cls);
	if ((s = sstmt(cls, X_THROTTLE_GET))) {
		mq_sqlite_bind_text(s, 1, purpose);
		mq_sqlite_bind_text(s, 2, subject);
		mq_sqlite_bind_text(s, 3, address);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			*failures = sqlite3_column_int64(s, 0);
			*last_at = sqlite3_column_int64(s, 1);
		} else if (err == MQ_ERR_NOT_FOUND) {
			err = MQ_OK;
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_throttle_fail(void *cls, const char *purpose, const char *subject,
				    const char *address, int64_t now, int64_t forget_before)
{
	enum mq_err err = mq_sqlite_run(cls, MQ_SQLITE_SECURITY, X_THROTTLE_PURGE, MQ_OK,
					MQ_SQLITE_ARGS(MQ_INT(forget_before)));

	if (err == MQ_OK)
		err = mq_sqlite_run(cls, MQ_SQLITE_SECURITY, X_THROTTLE_FAIL, MQ_OK,
				    MQ_SQLITE_ARGS(MQ_TEXT(purpose), MQ_TEXT(subject),
						   MQ_TEXT(address), MQ_INT(now)));
	return err;
}

static enum mq_err db_throttle_clear(void *cls, const char *purpose, const char *subject,
				     const char *address)
{
	return mq_sqlite_run(cls, MQ_SQLITE_SECURITY, X_THROTTLE_CLEAR, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(purpose), MQ_TEXT(subject), MQ_TEXT(address)));
}

/* ---- revocation ---------------------------------------------------------- */

static enum mq_err db_device_revoke(void *cls, const char *id, int64_t now)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = sstmt(cls, X_DEVICE_REVOKE))) {
		mq_sqlite_bind_text(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_NOT_FOUND);
	}
	/* nothing changed: no such device, or revoked before */
	if (err == MQ_ERR_NOT_FOUND && (s = sstmt(cls, X_DEVICE_EXISTS))) {
		mq_sqlite_bind_text(s, 1, id);
		err = mq_sqlite_step_row(cls, s);
		sqlite3_reset(s);
		if (err == MQ_OK)
			err = MQ_ERR_CONFLICT;
	}
	if (err == MQ_OK)
		err = mq_sqlite_run(cls, MQ_SQLITE_SECURITY, X_OPEN311_KEY_REVOKE, MQ_OK,
				    MQ_SQLITE_ARGS(MQ_TEXT(id), MQ_INT(now)));
	mq_sqlite_unlock(cls);
	return err;
}

static bool open311_key_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_open311_key k;

	memset(&k, 0, sizeof k);
	mq_sqlite_col_copy(s, 0, k.key_hash, sizeof k.key_hash);
	mq_sqlite_col_copy(s, 1, k.studio, sizeof k.studio);
	mq_sqlite_col_copy(s, 2, k.device, sizeof k.device);
	mq_sqlite_col_copy(s, 3, k.label, sizeof k.label);
	k.created_at = sqlite3_column_int64(s, 4);
	k.revoked_at = sqlite3_column_int64(s, 5);
	return ((mq_db_open311_key_cb)cb)(cb_cls, &k);
}

static enum mq_err db_open311_keys_iterate(void *cls, const char *studio,
					   mq_db_open311_key_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_SECURITY, X_OPEN311_KEYS,
			       MQ_SQLITE_ARGS(MQ_OPT(studio)), open311_key_row, (void *)cb, cb_cls);
}

/* ---- secrets ------------------------------------------------------------- */

static enum mq_err db_secret_get(void *cls, const char *name, const unsigned char *fresh,
				 unsigned char out[32])
{
	sqlite3_stmt *s = NULL;
	enum mq_err err = MQ_OK;

	mq_sqlite_lock(cls);
	if (fresh && (s = sstmt(cls, X_SECRET_PUT))) {
		mq_sqlite_bind_text(s, 1, name);
		sqlite3_bind_blob(s, 2, fresh, 32, SQLITE_TRANSIENT);
		err = mq_sqlite_exec(cls, s);
	} else if (fresh) {
		err = MQ_ERR_DB;
	}
	if (err == MQ_OK && !(s = sstmt(cls, X_SECRET_GET)))
		err = MQ_ERR_DB;
	if (err == MQ_OK) {
		mq_sqlite_bind_text(s, 1, name);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK && sqlite3_column_bytes(s, 0) == 32) {
			memcpy(out, sqlite3_column_blob(s, 0), 32);
		} else if (err == MQ_OK) {
			mq_log_error("db", "secret %s is malformed", name);
			err = MQ_ERR_DB;
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

/* ---- the block ----------------------------------------------------------- */

enum mq_err mq_sqlite_security_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_SECURITY, stmt_sql, X_COUNT);

	if (err != MQ_OK)
		return err;
	iface->throttle_get = db_throttle_get;
	iface->throttle_fail = db_throttle_fail;
	iface->throttle_clear = db_throttle_clear;
	iface->device_revoke = db_device_revoke;
	iface->open311_keys_iterate = db_open311_keys_iterate;
	iface->secret_get = db_secret_get;
	return MQ_OK;
}
