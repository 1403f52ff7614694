/* core.c — the SQLite implementation of the core block of struct mq_db
 * (mq_db.h): studios, enrollment codes, devices and nonces, the records'
 * idempotency rows, categories, communities and members, opinions and their
 * stage history. Every statement is named in the table below with its
 * caller, on the connection of conn.c. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_sqlite.h"

enum stmt_id {
	S_PING,
	S_STUDIO_GET,
	S_ENROLL_CODE_INSERT,
	S_ENROLL_CODE_GET,
	S_ENROLL_CODE_USE,
	S_DEVICE_INSERT,
	S_DEVICE_GET,
	S_DEVICE_TOUCH,
	S_NONCE_PURGE,
	S_NONCE_INSERT,
	S_RECORD_GET,
	S_RECORD_INSERT,
	S_CATEGORY_GET,
	S_COMMUNITY_GET,
	S_MEMBER_GET,
	S_OPINION_INSERT,
	S_OPINION_GET_BY_TOKEN,
	S_STAGE_EVENT_INSERT,
	S_STAGE_EVENTS_OF,
	S_CATEGORIES_ALL,
	S_COMMUNITIES_OF,
	S_MEMBERS_OF,
	S_STAGE_CHANGES_SINCE,
	S_COUNT
};

/* Every statement this backend runs; the comment names its caller. */
static const struct mq_sqlite_stmt_def stmt_sql[S_COUNT] = {
	/* caller: db_ping */
	[S_PING] = { "ping", "SELECT 1" },
	/* caller: db_studio_get */
	[S_STUDIO_GET] = { "studio_get",
		"SELECT s.id, s.name, s.street, t.name, s.hours FROM studios s"
		" JOIN streets t ON t.key = s.street WHERE s.id = ?1" },
	/* caller: db_enroll_code_insert */
	[S_ENROLL_CODE_INSERT] = { "enroll_code_insert",
		"INSERT INTO enroll_codes (code, studio, created_at, expires_at)"
		" VALUES (?1, ?2, ?3, ?4)" },
	/* caller: db_enroll_code_get */
	[S_ENROLL_CODE_GET] = { "enroll_code_get",
		"SELECT code, studio, created_at, expires_at, coalesce(used_at, 0)"
		" FROM enroll_codes WHERE code = ?1" },
	/* caller: db_enroll_code_use */
	[S_ENROLL_CODE_USE] = { "enroll_code_use",
		"UPDATE enroll_codes SET used_at = ?2 WHERE code = ?1 AND used_at IS NULL" },
	/* caller: db_device_insert */
	[S_DEVICE_INSERT] = { "device_insert",
		"INSERT INTO devices (id, key, studio, created_at, last_seen)"
		" VALUES (?1, ?2, ?3, ?4, ?5)" },
	/* caller: db_device_get */
	[S_DEVICE_GET] = { "device_get",
		"SELECT id, key, studio, created_at, coalesce(last_seen, 0), coalesce(revoked_at, 0)"
		" FROM devices WHERE id = ?1" },
	/* caller: db_device_touch */
	[S_DEVICE_TOUCH] = { "device_touch",
		"UPDATE devices SET last_seen = ?2 WHERE id = ?1" },
	/* caller: db_nonce_remember */
	[S_NONCE_PURGE] = { "nonce_purge",
		"DELETE FROM nonces WHERE created_at < ?1" },
	/* caller: db_nonce_remember */
	[S_NONCE_INSERT] = { "nonce_insert",
		"INSERT OR IGNORE INTO nonces (keyid, nonce, created_at) VALUES (?1, ?2, ?3)" },
	/* caller: db_record_get */
	[S_RECORD_GET] = { "record_get",
		"SELECT id, device, kind, created_at, content_sha256, received_at"
		" FROM records WHERE id = ?1" },
	/* caller: db_record_insert */
	[S_RECORD_INSERT] = { "record_insert",
		"INSERT INTO records (id, device, kind, created_at, content_sha256, received_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	/* caller: db_category_get */
	[S_CATEGORY_GET] = { "category_get",
		"SELECT key, name FROM categories WHERE key = ?1" },
	/* caller: db_community_get */
	[S_COMMUNITY_GET] = { "community_get",
		"SELECT key, name FROM communities WHERE studio = ?1 AND key = ?2" },
	/* caller: db_member_get */
	[S_MEMBER_GET] = { "member_get",
		"SELECT key, name, sector, expertise, studio FROM members"
		" WHERE studio = ?1 AND key = ?2" },
	/* caller: db_opinion_insert */
	[S_OPINION_INSERT] = { "opinion_insert",
		"INSERT INTO opinions (id, token, short_code, studio, community, category, text,"
		" member, contact_name, contact_phone, channel, created_at, stage, seq)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" (SELECT coalesce(max(seq), 0) + 1 FROM opinions))" },
	/* caller: db_opinion_get_by_token */
	[S_OPINION_GET_BY_TOKEN] = { "opinion_get_by_token",
		"SELECT o.id, o.token, o.short_code, o.studio, o.community, o.category, o.text,"
		" o.member, o.contact_name, o.contact_phone, o.channel, o.stage, o.created_at,"
		" (SELECT name FROM studios WHERE id = o.studio),"
		" (SELECT name FROM categories WHERE key = o.category),"
		" (SELECT name FROM communities WHERE studio = o.studio AND key = o.community)"
		" FROM opinions o WHERE o.token = ?1" },
	/* caller: db_stage_event_insert. OR FAIL: with the default (ABORT) the
	 * stage trigger made SQLite keep a statement journal, to undo the row if
	 * the trigger's UPDATE failed. Nothing can fail after the row is written:
	 * its NOT NULLs and CHECKs are tested before, and the UPDATE only sets
	 * opinions.stage to the stage the same CHECK list just let through
	 * (no key changes, no foreign key to test). An error still rolls back
	 * the caller's transaction. An opinion's event carries the opinion's seq,
	 * its key in stage_events_opinion (0016). */
	[S_STAGE_EVENT_INSERT] = { "stage_event_insert",
		"INSERT OR FAIL INTO stage_events (subject_kind, subject, subject_seq, stage, at,"
		" actor_role, public_note, internal_note) VALUES (?1, ?2,"
		" CASE ?1 WHEN 'opinion' THEN (SELECT seq FROM opinions WHERE id = ?2) END,"
		" ?3, ?4, ?5, ?6, ?7)" },
	/* caller: db_stage_events_iterate; the subject is an opinion or a topic,
	 * each kind through its own index */
	[S_STAGE_EVENTS_OF] = { "stage_events_of",
		"SELECT id, subject_kind, subject, stage, at, actor_role, public_note, internal_note"
		" FROM stage_events WHERE subject_kind = 'opinion'"
		" AND subject_seq = (SELECT seq FROM opinions WHERE id = ?1)"
		" UNION ALL"
		" SELECT id, subject_kind, subject, stage, at, actor_role, public_note, internal_note"
		" FROM stage_events WHERE subject_kind = 'topic' AND subject = ?1 ORDER BY id" },
	/* caller: db_categories_iterate */
	[S_CATEGORIES_ALL] = { "categories_all",
		"SELECT key, name FROM categories ORDER BY sort, key" },
	/* caller: db_communities_iterate */
	[S_COMMUNITIES_OF] = { "communities_of",
		"SELECT key, name FROM communities WHERE studio = ?1 ORDER BY sort, key" },
	/* caller: db_members_iterate */
	[S_MEMBERS_OF] = { "members_of",
		"SELECT key, name, sector, expertise, studio FROM members WHERE studio = ?1"
		" ORDER BY sort, key" },
	/* caller: db_stage_changes_iterate */
	[S_STAGE_CHANGES_SINCE] = { "stage_changes_since",
		"SELECT e.id, o.id, e.stage, e.at, e.public_note FROM stage_events e"
		" JOIN opinions o ON o.id = e.subject"
		" WHERE e.subject_kind = 'opinion' AND o.studio = ?1 AND e.id > ?2"
		" ORDER BY e.id LIMIT ?3" },
};

/* This block's statement @p id (mq_sqlite_stmt). */
static sqlite3_stmt *stmt(void *cls, enum stmt_id id)
{
	return mq_sqlite_stmt(cls, MQ_SQLITE_CORE, id);
}

/* ---- operations ---------------------------------------------------------- */

static enum mq_err db_ping(void *cls)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_PING)))
		err = mq_sqlite_step_row(cls, s) == MQ_OK ? MQ_OK : MQ_ERR_DB;
	if (s)
		sqlite3_reset(s);
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_studio_get(void *cls, const char *id, struct mq_db_studio *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_STUDIO_GET))) {
		mq_sqlite_bind_text(s, 1, id);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			mq_sqlite_col_copy(s, 0, out->id, sizeof out->id);
			mq_sqlite_col_copy(s, 1, out->name, sizeof out->name);
			mq_sqlite_col_copy(s, 2, out->street, sizeof out->street);
			mq_sqlite_col_copy(s, 3, out->street_name, sizeof out->street_name);
			mq_sqlite_col_copy(s, 4, out->hours, sizeof out->hours);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_enroll_code_insert(void *cls, const struct mq_db_enroll_code *code)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_ENROLL_CODE_INSERT))) {
		mq_sqlite_bind_text(s, 1, code->code);
		mq_sqlite_bind_text(s, 2, code->studio);
		sqlite3_bind_int64(s, 3, code->created_at);
		sqlite3_bind_int64(s, 4, code->expires_at);
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_enroll_code_get(void *cls, const char *code,
				      struct mq_db_enroll_code *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_ENROLL_CODE_GET))) {
		mq_sqlite_bind_text(s, 1, code);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			mq_sqlite_col_copy(s, 0, out->code, sizeof out->code);
			mq_sqlite_col_copy(s, 1, out->studio, sizeof out->studio);
			out->created_at = sqlite3_column_int64(s, 2);
			out->expires_at = sqlite3_column_int64(s, 3);
			out->used_at = sqlite3_column_int64(s, 4);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_enroll_code_use(void *cls, const char *code, int64_t now)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_ENROLL_CODE_USE))) {
		mq_sqlite_bind_text(s, 1, code);
		sqlite3_bind_int64(s, 2, now);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_CONFLICT);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_device_insert(void *cls, const struct mq_db_device *dev)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_DEVICE_INSERT))) {
		mq_sqlite_bind_text(s, 1, dev->id);
		sqlite3_bind_blob(s, 2, dev->key, MQ_SIG_KEY_BYTES, SQLITE_TRANSIENT);
		mq_sqlite_bind_text(s, 3, dev->studio);
		sqlite3_bind_int64(s, 4, dev->created_at);
		if (dev->last_seen)
			sqlite3_bind_int64(s, 5, dev->last_seen);
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_device_get(void *cls, const char *id, struct mq_db_device *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_DEVICE_GET))) {
		mq_sqlite_bind_text(s, 1, id);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			if (sqlite3_column_bytes(s, 1) != MQ_SIG_KEY_BYTES) {
				mq_log_error("db", "device %s has a malformed key", id);
				err = MQ_ERR_DB;
			} else {
				mq_sqlite_col_copy(s, 0, out->id, sizeof out->id);
				memcpy(out->key, sqlite3_column_blob(s, 1), MQ_SIG_KEY_BYTES);
				mq_sqlite_col_copy(s, 2, out->studio, sizeof out->studio);
				out->created_at = sqlite3_column_int64(s, 3);
				out->last_seen = sqlite3_column_int64(s, 4);
				out->revoked_at = sqlite3_column_int64(s, 5);
			}
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_device_touch(void *cls, const char *id, int64_t now)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_DEVICE_TOUCH))) {
		mq_sqlite_bind_text(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_NOT_FOUND);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_nonce_remember(void *cls, const char *keyid, const char *nonce,
				     int64_t now, int64_t forget_before)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_NONCE_PURGE))) {
		sqlite3_bind_int64(s, 1, forget_before);
		err = mq_sqlite_exec(cls, s);
	}
	if (err == MQ_OK && (s = stmt(cls, S_NONCE_INSERT))) {
		mq_sqlite_bind_text(s, 1, keyid);
		mq_sqlite_bind_text(s, 2, nonce);
		sqlite3_bind_int64(s, 3, now);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_CONFLICT);
	} else if (err == MQ_OK) {
		err = MQ_ERR_DB;
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_record_get(void *cls, const char *id, struct mq_db_record *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_RECORD_GET))) {
		mq_sqlite_bind_borrowed(s, 1, id);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			mq_sqlite_col_copy(s, 0, out->id, sizeof out->id);
			mq_sqlite_col_copy(s, 1, out->device, sizeof out->device);
			mq_sqlite_col_copy(s, 2, out->kind, sizeof out->kind);
			out->created_at = sqlite3_column_int64(s, 3);
			mq_sqlite_col_copy(s, 4, out->content_sha256, sizeof out->content_sha256);
			out->received_at = sqlite3_column_int64(s, 5);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_record_insert(void *cls, const struct mq_db_record *rec)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_RECORD_INSERT))) {
		mq_sqlite_bind_borrowed(s, 1, rec->id);
		mq_sqlite_bind_borrowed(s, 2, rec->device);
		mq_sqlite_bind_borrowed(s, 3, rec->kind);
		sqlite3_bind_int64(s, 4, rec->created_at);
		mq_sqlite_bind_borrowed(s, 5, rec->content_sha256);
		sqlite3_bind_int64(s, 6, rec->received_at);
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

/* Shared body of category_get / community_get: a (key, name) row. */
static enum mq_err named_get(void *cls, enum stmt_id id, const char *a,
			     const char *b, struct mq_db_named *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, id))) {
		mq_sqlite_bind_borrowed(s, 1, a);
		if (b)
			mq_sqlite_bind_borrowed(s, 2, b);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK)
			mq_sqlite_read_named(s, out);
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_category_get(void *cls, const char *key, struct mq_db_named *out)
{
	return named_get(cls, S_CATEGORY_GET, key, NULL, out);
}

static enum mq_err db_community_get(void *cls, const char *studio, const char *key,
				    struct mq_db_named *out)
{
	return named_get(cls, S_COMMUNITY_GET, studio, key, out);
}

static enum mq_err db_member_get(void *cls, const char *studio, const char *key,
				 struct mq_db_member *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_MEMBER_GET))) {
		mq_sqlite_bind_borrowed(s, 1, studio);
		mq_sqlite_bind_borrowed(s, 2, key);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK)
			mq_sqlite_read_member(s, out);
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_opinion_insert(void *cls, const struct mq_db_opinion *op)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_OPINION_INSERT))) {
		mq_sqlite_bind_borrowed(s, 1, op->id);
		mq_sqlite_bind_borrowed(s, 2, op->token);
		mq_sqlite_bind_borrowed(s, 3, op->short_code);
		mq_sqlite_bind_borrowed(s, 4, op->studio);
		mq_sqlite_bind_borrowed(s, 5, op->community);
		mq_sqlite_bind_borrowed(s, 6, op->category);
		mq_sqlite_bind_borrowed(s, 7, op->text);
		mq_sqlite_bind_borrowed(s, 8, op->member);
		mq_sqlite_bind_borrowed(s, 9, op->contact_name);
		mq_sqlite_bind_borrowed(s, 10, op->contact_phone);
		mq_sqlite_bind_borrowed(s, 11, op->channel);
		sqlite3_bind_int64(s, 12, op->created_at);
		mq_sqlite_bind_borrowed(s, 13, mq_stage_key(op->stage));
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_opinion_get_by_token(void *cls, const char *token, mq_db_opinion_cb cb,
					   void *cb_cls)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_read_lock(cls);
	if ((s = stmt(cls, S_OPINION_GET_BY_TOKEN))) {
		mq_sqlite_bind_borrowed(s, 1, token);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			struct mq_db_opinion op = {
				.id = mq_sqlite_col_text(s, 0),
				.token = mq_sqlite_col_text(s, 1),
				.short_code = mq_sqlite_col_text(s, 2),
				.studio = mq_sqlite_col_text(s, 3),
				.community = mq_sqlite_col_text(s, 4),
				.category = mq_sqlite_col_text(s, 5),
				.text = mq_sqlite_col_text(s, 6),
				.member = mq_sqlite_col_text(s, 7),
				.contact_name = mq_sqlite_col_text(s, 8),
				.contact_phone = mq_sqlite_col_text(s, 9),
				.channel = mq_sqlite_col_text(s, 10),
				.stage = mq_sqlite_col_stage(s, 11),
				.created_at = sqlite3_column_int64(s, 12),
				.studio_name = mq_sqlite_col_text(s, 13),
				.category_name = mq_sqlite_col_text(s, 14),
				.community_name = mq_sqlite_col_text(s, 15),
			};
			cb(cb_cls, &op);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_read_unlock(cls);
	return err;
}

static enum mq_err db_stage_event_insert(void *cls, const struct mq_db_stage_event *ev)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_STAGE_EVENT_INSERT))) {
		mq_sqlite_bind_borrowed(s, 1, ev->subject_kind);
		mq_sqlite_bind_borrowed(s, 2, ev->subject);
		mq_sqlite_bind_borrowed(s, 3, mq_stage_key(ev->stage));
		sqlite3_bind_int64(s, 4, ev->at);
		mq_sqlite_bind_borrowed(s, 5, ev->actor_role);
		mq_sqlite_bind_borrowed(s, 6, ev->public_note);
		mq_sqlite_bind_borrowed(s, 7, ev->internal_note);
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static bool stage_event_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_stage_event ev = {
		.id = sqlite3_column_int64(s, 0),
		.subject_kind = mq_sqlite_col_text(s, 1),
		.subject = mq_sqlite_col_text(s, 2),
		.stage = mq_sqlite_col_stage(s, 3),
		.at = sqlite3_column_int64(s, 4),
		.actor_role = mq_sqlite_col_text(s, 5),
		.public_note = mq_sqlite_col_text(s, 6),
		.internal_note = mq_sqlite_col_text(s, 7),
	};

	return ((mq_db_stage_event_cb)cb)(cb_cls, &ev);
}

static enum mq_err db_stage_events_iterate(void *cls, const char *subject,
					   mq_db_stage_event_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CORE, S_STAGE_EVENTS_OF, subject, stage_event_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_categories_iterate(void *cls, mq_db_named_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CORE, S_CATEGORIES_ALL, NULL, mq_sqlite_named_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_communities_iterate(void *cls, const char *studio, mq_db_named_cb cb,
					  void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CORE, S_COMMUNITIES_OF, studio, mq_sqlite_named_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_members_iterate(void *cls, const char *studio, mq_db_member_cb cb,
				      void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CORE, S_MEMBERS_OF, studio, mq_sqlite_member_row,
				     (void *)cb, cb_cls);
}

static bool stage_change_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_stage_change row = {
		.id = sqlite3_column_int64(s, 0),
		.opinion = mq_sqlite_col_text(s, 1),
		.stage = mq_sqlite_col_stage(s, 2),
		.at = sqlite3_column_int64(s, 3),
		.public_note = mq_sqlite_col_text(s, 4),
	};

	return ((mq_db_stage_change_cb)cb)(cb_cls, &row);
}

static enum mq_err db_stage_changes_iterate(void *cls, const char *studio, int64_t since,
					    unsigned int limit, mq_db_stage_change_cb cb,
					    void *cb_cls)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = stmt(cls, S_STAGE_CHANGES_SINCE))) {
		mq_sqlite_bind_text(s, 1, studio);
		sqlite3_bind_int64(s, 2, since);
		sqlite3_bind_int64(s, 3, limit);
		err = mq_sqlite_iterate(cls, s, stage_change_row, (void *)cb, cb_cls);
	}
	mq_sqlite_unlock(cls);
	return err;
}

/* ---- lifecycle ----------------------------------------------------------- */

/* ---- the block ----------------------------------------------------------- */

enum mq_err mq_sqlite_core_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_CORE, stmt_sql, S_COUNT);

	if (err != MQ_OK)
		return err;
	iface->ping = db_ping;
	iface->studio_get = db_studio_get;
	iface->enroll_code_insert = db_enroll_code_insert;
	iface->enroll_code_get = db_enroll_code_get;
	iface->enroll_code_use = db_enroll_code_use;
	iface->device_insert = db_device_insert;
	iface->device_get = db_device_get;
	iface->device_touch = db_device_touch;
	iface->nonce_remember = db_nonce_remember;
	iface->record_get = db_record_get;
	iface->record_insert = db_record_insert;
	iface->category_get = db_category_get;
	iface->community_get = db_community_get;
	iface->member_get = db_member_get;
	iface->opinion_insert = db_opinion_insert;
	iface->opinion_get_by_token = db_opinion_get_by_token;
	iface->stage_event_insert = db_stage_event_insert;
	iface->stage_events_iterate = db_stage_events_iterate;
	iface->categories_iterate = db_categories_iterate;
	iface->communities_iterate = db_communities_iterate;
	iface->members_iterate = db_members_iterate;
	iface->stage_changes_iterate = db_stage_changes_iterate;
	return MQ_OK;
}
