/* util.c — the column, run and query helpers every block of the PostgreSQL
 * plugin uses (mq_pg.h): one place that takes and gives back a connection,
 * wraps a write inside a transaction in a savepoint, and walks rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

const char *mq_pg_str(const struct mq_pg_row *r, int col)
{
	const char *v = mq_pg_text(r, col);

	return v ? v : "";
}

int64_t mq_pg_int(const struct mq_pg_row *r, int col)
{
	const char *v = mq_pg_text(r, col);

	if (!v)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	return strtoll(v, NULL, 10);
}

double mq_pg_double(const struct mq_pg_row *r, int col)
{
	const char *v = mq_pg_text(r, col);

	return v ? strtod(v, NULL) : 0;
}

bool mq_pg_bool(const struct mq_pg_row *r, int col)
{
	return mq_pg_int(r, col) != 0;
}

void mq_pg_copy(const struct mq_pg_row *r, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", mq_pg_str(r, col));
}

enum mq_stage mq_pg_stage(const struct mq_pg_row *r, int col)
{
	enum mq_stage st = MQ_STAGE_COLLECTED;

	if (!mq_stage_parse(mq_pg_text(r, col), &st))
		mq_log_error("db", "a row with an unknown stage '%.20s'", mq_pg_str(r, col));
	return st;
}

/* Two hex digits into a byte; false unless both are (lowercase) hex. */
static bool hex_byte(const char *h, unsigned char *out)
{
	unsigned int v = 0;

	for (int i = 0; i < 2; i++) {
		char ch = h[i];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned int)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned int)(ch - 'a' + 10);
		else
			return false;
	}
	*out = (unsigned char)v;
	return true;
}

bool mq_pg_hex(const char *hex, unsigned char *out, size_t n)
{
	bool ok = strlen(hex) == 2 * n;

	for (size_t i = 0; ok && i < n; i++)
		ok = hex_byte(hex + 2 * i, &out[i]);
	return ok;
}

void mq_pg_read_named(const struct mq_pg_row *r, struct mq_db_named *out)
{
	mq_pg_copy(r, 0, out->key, sizeof out->key);
	mq_pg_copy(r, 1, out->name, sizeof out->name);
}

void mq_pg_read_member(const struct mq_pg_row *r, struct mq_db_member *out)
{
	mq_pg_copy(r, 0, out->key, sizeof out->key);
	mq_pg_copy(r, 1, out->name, sizeof out->name);
	mq_pg_copy(r, 2, out->sector, sizeof out->sector);
	mq_pg_copy(r, 3, out->expertise, sizeof out->expertise);
	mq_pg_copy(r, 4, out->studio, sizeof out->studio);
}

bool mq_pg_int_out(const struct mq_pg_row *r, void *out, void *unused)
{
	(void)unused;
	*(int64_t *)out = mq_pg_int(r, 0);
	return false;
}

bool mq_pg_named_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_named row;

	mq_pg_read_named(r, &row);
	return ((mq_db_named_cb)cb)(cb_cls, &row);
}

bool mq_pg_member_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_member row;

	mq_pg_read_member(r, &row);
	return ((mq_db_member_cb)cb)(cb_cls, &row);
}

enum mq_err mq_pg_run_on(struct mq_pg_conn *c, enum mq_pg_block block, unsigned int id,
			 enum mq_err none, const struct mq_pg_arg *args, size_t n,
			 int64_t *changed)
{
	struct mq_pg_result *res = NULL;
	enum mq_err err = mq_pg_exec(c, block, id, args, n, mq_pg_in_tx(c), &res);

	if (err == MQ_OK) {
		int64_t k = mq_pg_result_changed(res);

		if (changed)
			*changed = k;
		if (none != MQ_OK && k != 1)
			err = none;
	}
	mq_pg_result_free(res);
	return err;
}

enum mq_err mq_pg_run_changed(void *cls, enum mq_pg_block block, unsigned int id,
			      enum mq_err none, const struct mq_pg_arg *args, size_t n,
			      int64_t *changed)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, block, id, none, args, n, changed);
	mq_pg_release(cls, c);
	return err;
}

enum mq_err mq_pg_run(void *cls, enum mq_pg_block block, unsigned int id, enum mq_err none,
		      const struct mq_pg_arg *args, size_t n)
{
	return mq_pg_run_changed(cls, block, id, none, args, n, NULL);
}

/* Runs a query and walks its rows; @p one: exactly one row expected;
 * @p write: it writes (INSERT ... RETURNING), under a savepoint in a
 * transaction, and may be refused (MQ_ERR_CONFLICT). */
static enum mq_err query(void *cls, enum mq_pg_block block, unsigned int id,
			 const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			 void *cb_cls, bool one, bool write)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	struct mq_pg_result *res = NULL;
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_exec(c, block, id, args, n, write && mq_pg_in_tx(c), &res);
	if (err == MQ_ERR_CONFLICT && !write)
		err = MQ_ERR_DB;   /* a query breaks no rule: whatever it was, it failed */
	if (err == MQ_ERR_DB && !write && !mq_pg_in_tx(c) && mq_pg_lost(c)) {
		/* A read outside a transaction on a connection the server closed
		 * (restart, failover) changed nothing: read again on a new one. */
		mq_pg_result_free(res);
		mq_pg_release(cls, c);
		if (!(c = mq_pg_acquire(cls)))
			return MQ_ERR_DB;
		res = NULL;
		err = mq_pg_exec(c, block, id, args, n, false, &res);
	}
	if (err == MQ_OK) {
		int rows = mq_pg_result_rows(res);

		if (one && rows == 0)
			err = MQ_ERR_NOT_FOUND;
		for (int i = 0; i < rows && (!one || i == 0); i++) {
			struct mq_pg_row r = { res, i };
			if (!row(&r, cb, cb_cls))
				break;
		}
	}
	mq_pg_result_free(res);
	mq_pg_release(cls, c);
	return err;
}

enum mq_err mq_pg_query(void *cls, enum mq_pg_block block, unsigned int id,
			const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			void *cb_cls)
{
	return query(cls, block, id, args, n, row, cb, cb_cls, false, false);
}

enum mq_err mq_pg_query_one(void *cls, enum mq_pg_block block, unsigned int id,
			    const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			    void *cb_cls)
{
	return query(cls, block, id, args, n, row, cb, cb_cls, true, false);
}

enum mq_err mq_pg_write_one(void *cls, enum mq_pg_block block, unsigned int id,
			    const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			    void *cb_cls)
{
	return query(cls, block, id, args, n, row, cb, cb_cls, true, true);
}
