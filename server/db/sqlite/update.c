/* update.c — the SQLite implementation of the updates block of struct
 * mq_db (mq_db.h, rows in mq_db_update.h): RAUC bundles, their rollouts,
 * and each kiosk's update state. Every statement is named in the table
 * below with its caller. */
#include <string.h>

#include "mq_sqlite.h"

enum ustmt_id {
	U_BUNDLE_INSERT,
	U_BUNDLE_GET,
	U_BUNDLES,
	U_ROLLOUT_INSERT,
	U_ROLLOUT_GET,
	U_ROLLOUT_SET,
	U_ROLLOUTS,
	U_OFFER,
	U_STATUS_PUT,
	U_STATUSES,
	U_COUNT
};

#define BUNDLE_COLS "b.id, b.version, b.compatible, b.sha256, b.size, b.uploaded_by, b.uploaded_at"
#define ROLLOUT_COLS "r.id, r.bundle, b.version, r.scope, r.target, r.state, r.created_by," \
	" r.created_at, r.changed_at FROM update_rollouts r JOIN update_bundles b ON b.id = r.bundle"

/* Every statement of this block; the comment names its caller. */
static const struct mq_sqlite_stmt_def stmt_sql[U_COUNT] = {
	/* caller: db_bundle_insert */
	[U_BUNDLE_INSERT] = { "bundle_insert",
		"INSERT INTO update_bundles (version, compatible, sha256, size, uploaded_by,"
		" uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id" },
	/* caller: db_bundle_get */
	[U_BUNDLE_GET] = { "bundle_get",
		"SELECT " BUNDLE_COLS " FROM update_bundles b WHERE b.id = ?1" },
	/* caller: db_bundles_iterate */
	[U_BUNDLES] = { "bundles",
		"SELECT " BUNDLE_COLS " FROM update_bundles b ORDER BY b.id DESC" },
	/* caller: db_rollout_insert */
	[U_ROLLOUT_INSERT] = { "rollout_insert",
		"INSERT INTO update_rollouts (bundle, scope, target, state, created_by, created_at,"
		" changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id" },
	/* caller: db_rollout_get */
	[U_ROLLOUT_GET] = { "rollout_get",
		"SELECT " ROLLOUT_COLS " WHERE r.id = ?1" },
	/* caller: db_rollout_set_state: a withdrawn rollout stays withdrawn */
	[U_ROLLOUT_SET] = { "rollout_set",
		"UPDATE update_rollouts SET state = ?2, changed_at = ?3"
		" WHERE id = ?1 AND state <> 'withdrawn'" },
	/* caller: db_rollouts_iterate */
	[U_ROLLOUTS] = { "rollouts",
		"SELECT " ROLLOUT_COLS " ORDER BY r.id DESC" },
	/* caller: db_update_offer_get: the newest active rollout that names the
	 * kiosk, its studio's street, or every kiosk */
	[U_OFFER] = { "update_offer",
		"SELECT " BUNDLE_COLS " FROM update_rollouts r JOIN update_bundles b ON b.id = r.bundle"
		" WHERE r.state = 'active' AND (r.scope = 'all'"
		" OR (r.scope = 'device' AND r.target = ?1)"
		" OR (r.scope = 'street' AND r.target = (SELECT s.street FROM devices d"
		"     JOIN studios s ON s.id = d.studio WHERE d.id = ?1)))"
		" ORDER BY r.id DESC LIMIT 1" },
	/* caller: db_update_status_put */
	[U_STATUS_PUT] = { "update_status_put",
		"INSERT INTO update_status (device, state, running, version, percent, reason,"
		" booted_slot, slot_a, slot_b, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		" ON CONFLICT (device) DO UPDATE SET state = excluded.state,"
		" running = excluded.running, version = excluded.version,"
		" percent = excluded.percent, reason = excluded.reason,"
		" booted_slot = excluded.booted_slot, slot_a = excluded.slot_a,"
		" slot_b = excluded.slot_b, at = excluded.at" },
	/* caller: db_update_status_iterate */
	[U_STATUSES] = { "update_statuses",
		"SELECT d.id, s.name, u.device IS NOT NULL, u.state, u.running, u.version,"
		" coalesce(u.percent, 0), u.reason, u.booted_slot, u.slot_a, u.slot_b,"
		" coalesce(u.at, 0) FROM devices d JOIN studios s ON s.id = d.studio"
		" LEFT JOIN update_status u ON u.device = d.id"
		" WHERE d.revoked_at IS NULL AND d.id NOT IN (SELECT device FROM open311_keys)"
		" ORDER BY s.street, s.id, d.id" },
};

/* Row function of one expected row: @p found (a bool) is set, the bundle
 * read into @p out. */
static bool bundle_out(sqlite3_stmt *s, void *found, void *out)
{
	struct mq_db_bundle *b = out;

	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(s, 0);
	mq_sqlite_col_copy(s, 1, b->version, sizeof b->version);
	mq_sqlite_col_copy(s, 2, b->compatible, sizeof b->compatible);
	mq_sqlite_col_copy(s, 3, b->sha256, sizeof b->sha256);
	b->size = sqlite3_column_int64(s, 4);
	mq_sqlite_col_copy(s, 5, b->uploaded_by, sizeof b->uploaded_by);
	b->uploaded_at = sqlite3_column_int64(s, 6);
	*(bool *)found = true;
	return false;
}

static bool bundle_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_bundle b;
	bool found;

	bundle_out(s, &found, &b);
	return ((mq_db_bundle_cb)cb)(cb_cls, &b);
}

static bool rollout_out(sqlite3_stmt *s, void *found, void *out)
{
	struct mq_db_rollout *r = out;

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->bundle = sqlite3_column_int64(s, 1);
	mq_sqlite_col_copy(s, 2, r->version, sizeof r->version);
	if (!mq_db_rollout_scope_parse(mq_sqlite_col_str(s, 3), &r->scope))
		r->scope = MQ_ROLLOUT_DEVICE;     /* the schema's CHECK allows no other */
	mq_sqlite_col_copy(s, 4, r->target, sizeof r->target);
	if (!mq_db_rollout_state_parse(mq_sqlite_col_str(s, 5), &r->state))
		r->state = MQ_ROLLOUT_WITHDRAWN;
	mq_sqlite_col_copy(s, 6, r->created_by, sizeof r->created_by);
	r->created_at = sqlite3_column_int64(s, 7);
	r->changed_at = sqlite3_column_int64(s, 8);
	*(bool *)found = true;
	return false;
}

static bool rollout_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_rollout r;
	bool found;

	rollout_out(s, &found, &r);
	return ((mq_db_rollout_cb)cb)(cb_cls, &r);
}

/* One row expected of statement @p id with @p args, read by @p row into
 * @p out: MQ_ERR_NOT_FOUND when there is none. */
static enum mq_err query_one(void *cls, enum ustmt_id id, const struct mq_sqlite_arg *args,
			     size_t n, mq_sqlite_row_fn row, void *out)
{
	bool found = false;
	enum mq_err err = mq_sqlite_query(cls, MQ_SQLITE_UPDATE, id, args, n, row, &found, out);

	return err == MQ_OK && !found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_bundle_insert(void *cls, const struct mq_db_bundle *b, int64_t *id)
{
	return mq_sqlite_insert_id(cls, MQ_SQLITE_UPDATE, U_BUNDLE_INSERT,
		      MQ_SQLITE_ARGS(MQ_TEXT(b->version), MQ_TEXT(b->compatible),
				     MQ_TEXT(b->sha256), MQ_INT(b->size), MQ_TEXT(b->uploaded_by),
				     MQ_INT(b->uploaded_at)),
		      id);
}

static enum mq_err db_bundle_get(void *cls, int64_t id, struct mq_db_bundle *out)
{
	return query_one(cls, U_BUNDLE_GET, MQ_SQLITE_ARGS(MQ_INT(id)), bundle_out, out);
}

static enum mq_err db_bundles_iterate(void *cls, mq_db_bundle_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_UPDATE, U_BUNDLES, NULL, bundle_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_rollout_insert(void *cls, const struct mq_db_rollout *r, int64_t *id)
{
	return mq_sqlite_insert_id(cls, MQ_SQLITE_UPDATE, U_ROLLOUT_INSERT,
		      MQ_SQLITE_ARGS(MQ_INT(r->bundle), MQ_TEXT(mq_db_rollout_scope_key(r->scope)),
				     MQ_TEXT(r->target), MQ_TEXT(mq_db_rollout_state_key(r->state)),
				     MQ_TEXT(r->created_by), MQ_INT(r->created_at)),
		      id);
}

static enum mq_err db_rollout_get(void *cls, int64_t id, struct mq_db_rollout *out)
{
	return query_one(cls, U_ROLLOUT_GET, MQ_SQLITE_ARGS(MQ_INT(id)), rollout_out, out);
}

static enum mq_err db_rollout_set_state(void *cls, int64_t id, enum mq_db_rollout_state state,
					int64_t now)
{
	return mq_sqlite_run(cls, MQ_SQLITE_UPDATE, U_ROLLOUT_SET, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_INT(id), MQ_TEXT(mq_db_rollout_state_key(state)),
					    MQ_INT(now)));
}

static enum mq_err db_rollouts_iterate(void *cls, mq_db_rollout_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_UPDATE, U_ROLLOUTS, NULL, rollout_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_update_offer_get(void *cls, const char *device, struct mq_db_bundle *out)
{
	return query_one(cls, U_OFFER, MQ_SQLITE_ARGS(MQ_TEXT(device)), bundle_out, out);
}

static enum mq_err db_update_status_put(void *cls, const struct mq_db_update_status *st)
{
	return mq_sqlite_run(cls, MQ_SQLITE_UPDATE, U_STATUS_PUT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(st->device), MQ_TEXT(st->state),
					    MQ_TEXT(st->running), MQ_OPT(st->version),
					    MQ_INT(st->percent), MQ_OPT(st->reason),
					    MQ_OPT(st->booted_slot), MQ_OPT(st->slot_a),
					    MQ_OPT(st->slot_b), MQ_INT(st->at)));
}

static bool status_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_update_status st = {
		.device = mq_sqlite_col_str(s, 0),
		.studio_name = mq_sqlite_col_str(s, 1),
		.has_status = sqlite3_column_int(s, 2) != 0,
		.state = mq_sqlite_col_text(s, 3),
		.running = mq_sqlite_col_text(s, 4),
		.version = mq_sqlite_col_text(s, 5),
		.percent = sqlite3_column_int64(s, 6),
		.reason = mq_sqlite_col_text(s, 7),
		.booted_slot = mq_sqlite_col_text(s, 8),
		.slot_a = mq_sqlite_col_text(s, 9),
		.slot_b = mq_sqlite_col_text(s, 10),
		.at = sqlite3_column_int64(s, 11),
	};

	return ((mq_db_update_status_cb)cb)(cb_cls, &st);
}

static enum mq_err db_update_status_iterate(void *cls, mq_db_update_status_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_UPDATE, U_STATUSES, NULL, status_row,
				     (void *)cb, cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

enum mq_err mq_sqlite_update_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_UPDATE, stmt_sql, U_COUNT);

	if (err != MQ_OK)
		return err;
	iface->bundle_insert = db_bundle_insert;
	iface->bundle_get = db_bundle_get;
	iface->bundles_iterate = db_bundles_iterate;
	iface->rollout_insert = db_rollout_insert;
	iface->rollout_get = db_rollout_get;
	iface->rollout_set_state = db_rollout_set_state;
	iface->rollouts_iterate = db_rollouts_iterate;
	iface->update_offer_get = db_update_offer_get;
	iface->update_status_put = db_update_status_put;
	iface->update_status_iterate = db_update_status_iterate;
	return MQ_OK;
}
