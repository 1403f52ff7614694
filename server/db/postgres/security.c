/* security.c — the PostgreSQL implementation of the security block of
 * struct mq_db (mq_db.h), as server/db/sqlite/security.c: failure counts
 * for throttling, revoking devices and Open311 keys, and the server's own
 * secrets. These rows are shared by every server instance on the
 * database: a failure counted on one delays the next attempt on all, a
 * device revoked through one is refused by all, and all derive their
 * badge keys from the one secret the first of them made. Every statement is
 * named in the table below with its caller. */
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

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
static const struct mq_pg_stmt_def stmt_sql[X_COUNT] = {
	/* caller: db_throttle_get */
	[X_THROTTLE_GET] = { "throttle_get",
		"SELECT failures, last_at FROM throttle"
		" WHERE purpose = $1 AND subject = $2 AND address = $3" },
	/* caller: db_throttle_fail: rows quiet since $1, but none another
	 * instance is counting on right now (it would wait for its lock) */
	[X_THROTTLE_PURGE] = { "throttle_purge",
		"DELETE FROM throttle WHERE ctid IN (SELECT ctid FROM throttle"
		" WHERE last_at < $1 FOR UPDATE SKIP LOCKED)" },
	/* caller: db_throttle_fail: one more failure, counted under the row's
	 * lock; a row the purge skipped but that is quiet since $5 starts again */
	[X_THROTTLE_FAIL] = { "throttle_fail",
		"INSERT INTO throttle (purpose, subject, address, failures, last_at)"
		" VALUES ($1, $2, $3, 1, $4) ON CONFLICT (purpose, subject, address)"
		" DO UPDATE SET failures = CASE WHEN throttle.last_at < $5::bigint THEN 1"
		" ELSE throttle.failures + 1 END,"
		" last_at = greatest(throttle.last_at, excluded.last_at)" },
	/* caller: db_throttle_clear */
	[X_THROTTLE_CLEAR] = { "throttle_clear",
		"DELETE FROM throttle WHERE purpose = $1 AND subject = $2 AND address = $3" },
	/* caller: db_device_revoke */
	[X_DEVICE_REVOKE] = { "device_revoke",
		"UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL" },
	/* caller: db_device_revoke (nothing changed: unknown, or revoked before?) */
	[X_DEVICE_EXISTS] = { "device_exists",
		"SELECT 1 FROM devices WHERE id = $1" },
	/* caller: db_device_revoke (an Open311 key's device) */
	[X_OPEN311_KEY_REVOKE] = { "open311_key_revoke",
		"UPDATE open311_keys SET revoked_at = $2 WHERE device = $1 AND revoked_at IS NULL" },
	/* caller: db_open311_keys_iterate */
	[X_OPEN311_KEYS] = { "open311_keys",
		"SELECT key_hash, studio, device, label, created_at, coalesce(revoked_at, 0)"
		" FROM open311_keys WHERE $1::text IS NULL OR studio = $1"
		" ORDER BY created_at DESC, device" },
	/* caller: db_secret_get: the first instance's value wins a race */
	[X_SECRET_PUT] = { "secret_put",
		"INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING" },
	/* caller: db_secret_get */
	[X_SECRET_GET] = { "secret_get",
		"SELECT encode(value, 'hex') FROM secrets WHERE name = $1" },
};

/* ---- throttling ---------------------------------------------------------- */

static bool throttle_out(const struct mq_pg_row *r, void *failures, void *last_at)
{
	*(int64_t *)failures = mq_pg_int(r, 0);
	*(int64_t *)last_at = mq_pg_int(r, 1);
	return false;
}

static enum mq_err db_throttle_get(void *cls, const char *purpose, const char *subject,
				   const char *address, int64_t *failures, int64_t *last_at)
{
	enum mq_err err;

	*failures = *last_at = 0;
	err = mq_pg_query_one(cls, MQ_PG_SECURITY, X_THROTTLE_GET,
			      MQ_PG_ARGS(MQ_PG_TEXT(purpose), MQ_PG_TEXT(subject),
					 MQ_PG_TEXT(address)),
			      throttle_out, failures, last_at);
	return err == MQ_ERR_NOT_FOUND ? MQ_OK : err;
}

static enum mq_err db_throttle_fail(void *cls, const char *purpose, const char *subject,
				    const char *address, int64_t now, int64_t forget_before)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_SECURITY, X_THROTTLE_PURGE, MQ_OK,
			   MQ_PG_ARGS(MQ_PG_INT(forget_before)), NULL);
	if (err == MQ_OK)
		err = mq_pg_run_on(c, MQ_PG_SECURITY, X_THROTTLE_FAIL, MQ_OK,
				   MQ_PG_ARGS(MQ_PG_TEXT(purpose), MQ_PG_TEXT(subject),
					      MQ_PG_TEXT(address), MQ_PG_INT(now),
					      MQ_PG_INT(forget_before)),
				   NULL);
	mq_pg_release(cls, c);
	return err;
}

static enum mq_err db_throttle_clear(void *cls, const char *purpose, const char *subject,
				     const char *address)
{
	return mq_pg_run(cls, MQ_PG_SECURITY, X_THROTTLE_CLEAR, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(purpose), MQ_PG_TEXT(subject), MQ_PG_TEXT(address)));
}

/* ---- revocation ---------------------------------------------------------- */

static bool exists_out(const struct mq_pg_row *r, void *o, void *unused)
{
	(void)r;
	(void)o;
	(void)unused;
	return false;
}

static enum mq_err db_device_revoke(void *cls, const char *id, int64_t now)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_SECURITY, X_DEVICE_REVOKE, MQ_ERR_NOT_FOUND,
			   MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_INT(now)), NULL);
	mq_pg_release(cls, c);
	/* nothing changed: no such device, or revoked before */
	if (err == MQ_ERR_NOT_FOUND &&
	    (err = mq_pg_query_one(cls, MQ_PG_SECURITY, X_DEVICE_EXISTS,
				   MQ_PG_ARGS(MQ_PG_TEXT(id)), exists_out, NULL, NULL)) == MQ_OK)
		err = MQ_ERR_CONFLICT;
	if (err == MQ_OK)
		err = mq_pg_run(cls, MQ_PG_SECURITY, X_OPEN311_KEY_REVOKE, MQ_OK,
				MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_INT(now)));
	return err;
}

static bool open311_key_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_open311_key k;

	memset(&k, 0, sizeof k);
	mq_pg_copy(r, 0, k.key_hash, sizeof k.key_hash);
	mq_pg_copy(r, 1, k.studio, sizeof k.studio);
	mq_pg_copy(r, 2, k.device, sizeof k.device);
	mq_pg_copy(r, 3, k.label, sizeof k.label);
	k.created_at = mq_pg_int(r, 4);
	k.revoked_at = mq_pg_int(r, 5);
	return ((mq_db_open311_key_cb)cb)(cb_cls, &k);
}

static enum mq_err db_open311_keys_iterate(void *cls, const char *studio,
					   mq_db_open311_key_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_SECURITY, X_OPEN311_KEYS, MQ_PG_ARGS(MQ_PG_OPT(studio)),
			   open311_key_row, (void *)cb, cb_cls);
}

/* ---- secrets ------------------------------------------------------------- */

static bool secret_out(const struct mq_pg_row *r, void *out, void *ok)
{
	*(bool *)ok = mq_pg_hex(mq_pg_str(r, 0), out, 32);
	return false;
}

/* Two statements, not one: at READ COMMITTED the SELECT's own snapshot sees
 * the row a racing instance committed while the INSERT waited for it (in a
 * serializable transaction the INSERT fails instead, and run_tx retries). */
static enum mq_err db_secret_get(void *cls, const char *name, const unsigned char *fresh,
				 unsigned char out[32])
{
	bool ok = false;
	enum mq_err err = MQ_OK;

	if (fresh)
		err = mq_pg_run(cls, MQ_PG_SECURITY, X_SECRET_PUT, MQ_OK,
				MQ_PG_ARGS(MQ_PG_TEXT(name), MQ_PG_BYTES(fresh, 32)));
	if (err == MQ_OK)
		err = mq_pg_query_one(cls, MQ_PG_SECURITY, X_SECRET_GET,
				      MQ_PG_ARGS(MQ_PG_TEXT(name)), secret_out, out, &ok);
	if (err == MQ_OK && !ok) {
		mq_log_error("db", "secret %s is malformed", name);
		err = MQ_ERR_DB;
	}
	return err;
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_security_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_SECURITY, stmt_sql, X_COUNT);
	iface->throttle_get = db_throttle_get;
	iface->throttle_fail = db_throttle_fail;
	iface->throttle_clear = db_throttle_clear;
	iface->device_revoke = db_device_revoke;
	iface->open311_keys_iterate = db_open311_keys_iterate;
	iface->secret_get = db_secret_get;
}
