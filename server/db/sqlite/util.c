/* util.c — the bind, column and step helpers every block of the SQLite
 * plugin uses (mq_sqlite.h): one place that maps SQLite's results to enum
 * mq_err and logs a failing statement by its name. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_sqlite.h"

void mq_sqlite_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void mq_sqlite_bind_borrowed(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

void mq_sqlite_bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	mq_sqlite_bind_text(s, i, v && v[0] ? v : NULL);
}

const char *mq_sqlite_col_text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

const char *mq_sqlite_col_str(sqlite3_stmt *s, int col)
{
	const char *v = mq_sqlite_col_text(s, col);

	return v ? v : "";
}

void mq_sqlite_col_copy(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const char *v = mq_sqlite_col_str(s, col);
	size_t n = strnlen(v, size - 1);   /* cut as snprintf would */

	memcpy(out, v, n);
	out[n] = '\0';
}

bool mq_sqlite_int_out(sqlite3_stmt *s, void *out, void *unused)
{
	(void)unused;
	*(int64_t *)out = sqlite3_column_int64(s, 0);
	return false;
}

enum mq_stage mq_sqlite_col_stage(sqlite3_stmt *s, int col)
{
	enum mq_stage st = MQ_STAGE_COLLECTED;

	if (!mq_stage_parse(mq_sqlite_col_text(s, col), &st))
		mq_log_error("db", "a row with an unknown stage '%.20s'", mq_sqlite_col_str(s, col));
	return st;
}

void mq_sqlite_read_named(sqlite3_stmt *s, struct mq_db_named *out)
{
	mq_sqlite_col_copy(s, 0, out->key, sizeof out->key);
	mq_sqlite_col_copy(s, 1, out->name, sizeof out->name);
}

void mq_sqlite_read_member(sqlite3_stmt *s, struct mq_db_member *out)
{
	mq_sqlite_col_copy(s, 0, out->key, sizeof out->key);
	mq_sqlite_col_copy(s, 1, out->name, sizeof out->name);
	mq_sqlite_col_copy(s, 2, out->sector, sizeof out->sector);
	mq_sqlite_col_copy(s, 3, out->expertise, sizeof out->expertise);
	mq_sqlite_col_copy(s, 4, out->studio, sizeof out->studio);
}

bool mq_sqlite_named_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_named row;

	mq_sqlite_read_named(s, &row);
	return ((mq_db_named_cb)cb)(cb_cls, &row);
}

bool mq_sqlite_member_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_member row;

	mq_sqlite_read_member(s, &row);
	return ((mq_db_member_cb)cb)(cb_cls, &row);
}

/* The result of @p s's last step @p rc (it has no more rows): MQ_OK,
 * MQ_ERR_CONFLICT for a constraint (logged as a warning), else MQ_ERR_DB
 * (logged). Resets @p s. */
static enum mq_err step_done(void *cls, sqlite3_stmt *s, int rc)
{
	enum mq_err err = MQ_OK;

	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		mq_log_warn("db", "%s: %s", mq_sqlite_stmt_name(cls, s),
			    sqlite3_errmsg(mq_sqlite_conn(cls)));
		err = MQ_ERR_CONFLICT;
	} else if (rc != SQLITE_DONE) {
		mq_sqlite_note_failure(cls, mq_sqlite_stmt_name(cls, s), rc);
		err = MQ_ERR_DB;
	}
	sqlite3_reset(s);
	return err;
}

enum mq_err mq_sqlite_exec(void *cls, sqlite3_stmt *s)
{
	return step_done(cls, s, sqlite3_step(s));
}

enum mq_err mq_sqlite_exec_one(void *cls, sqlite3_stmt *s, enum mq_err none)
{
	enum mq_err err = mq_sqlite_exec(cls, s);

	if (err == MQ_OK && sqlite3_changes(mq_sqlite_conn(cls)) != 1)
		err = none;
	return err;
}

enum mq_err mq_sqlite_insert_returning(void *cls, sqlite3_stmt *s, int64_t *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	return step_done(cls, s, rc);
}

enum mq_err mq_sqlite_step_row(void *cls, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return MQ_OK;
	if (rc == SQLITE_DONE)
		return MQ_ERR_NOT_FOUND;
	mq_sqlite_note_failure(cls, mq_sqlite_stmt_name(cls, s), rc);
	return MQ_ERR_DB;
}

enum mq_err mq_sqlite_iterate(void *cls, sqlite3_stmt *s, mq_sqlite_row_fn row, void *cb,
			      void *cb_cls)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!row(s, cb, cb_cls)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		mq_sqlite_note_failure(cls, mq_sqlite_stmt_name(cls, s), rc);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? MQ_OK : MQ_ERR_DB;
}

enum mq_err mq_sqlite_iterate_key(void *cls, enum mq_sqlite_block block, unsigned int id,
				  const char *key, mq_sqlite_row_fn row, void *cb, void *cb_cls)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_read_lock(cls);
	if ((s = mq_sqlite_stmt(cls, block, id))) {
		if (sqlite3_bind_parameter_count(s) > 0)
			mq_sqlite_bind_text(s, 1, key);
		err = mq_sqlite_iterate(cls, s, row, cb, cb_cls);
	}
	mq_sqlite_read_unlock(cls);
	return err;
}

/* Binds @p args to ?1..?n of @p s. */
static void bind_args(sqlite3_stmt *s, const struct mq_sqlite_arg *args, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int pos = (int)i + 1;

		if (args[i].kind == MQ_SQLITE_INT)
			sqlite3_bind_int64(s, pos, args[i].num);
		else if (args[i].kind == MQ_SQLITE_OPT)
			mq_sqlite_bind_opt(s, pos, args[i].text);
		else
			mq_sqlite_bind_text(s, pos, args[i].text);
	}
}

enum mq_err mq_sqlite_run(void *cls, enum mq_sqlite_block block, unsigned int id,
			  enum mq_err none, const struct mq_sqlite_arg *args, size_t n)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = mq_sqlite_stmt(cls, block, id))) {
		bind_args(s, args, n);
		err = none == MQ_OK ? mq_sqlite_exec(cls, s) : mq_sqlite_exec_one(cls, s, none);
	}
	mq_sqlite_unlock(cls);
	return err;
}

enum mq_err mq_sqlite_insert_id(void *cls, enum mq_sqlite_block block, unsigned int id,
				const struct mq_sqlite_arg *args, size_t n, int64_t *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = mq_sqlite_stmt(cls, block, id))) {
		bind_args(s, args, n);
		err = mq_sqlite_insert_returning(cls, s, out);
	}
	mq_sqlite_unlock(cls);
	return err;
}

enum mq_err mq_sqlite_query(void *cls, enum mq_sqlite_block block, unsigned int id,
			    const struct mq_sqlite_arg *args, size_t n, mq_sqlite_row_fn row,
			    void *cb, void *cb_cls)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_read_lock(cls);
	if ((s = mq_sqlite_stmt(cls, block, id))) {
		bind_args(s, args, n);
		err = mq_sqlite_iterate(cls, s, row, cb, cb_cls);
	}
	mq_sqlite_read_unlock(cls);
	return err;
}
