/* core.c — the PostgreSQL implementation of the core block of struct mq_db
 * (mq_db.h), as server/db/sqlite/core.c: studios, enrollment codes, devices
 * and nonces, the records' idempotency rows, categories, communities and
 * members, opinions and their stage history. Every statement is named in
 * the table below with its caller, on the pool of conn.c. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

enum stmt_id {
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

/* Every statement this block runs; the comment names its caller. */
static const struct mq_pg_stmt_def stmt_sql[S_COUNT] = {
	/* caller: db_studio_get */
	[S_STUDIO_GET] = { "studio_get",
		"SELECT s.id, s.name, s.street, t.name, s.hours FROM studios s"
		" JOIN streets t ON t.key = s.street WHERE s.id = $1" },
	/* caller: db_enroll_code_insert */
	[S_ENROLL_CODE_INSERT] = { "enroll_code_insert",
		"INSERT INTO enroll_codes (code, studio, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4)" },
	/* caller: db_enroll_code_get */
	[S_ENROLL_CODE_GET] = { "enroll_code_get",
		"SELECT code, studio, created_at, expires_at, coalesce(used_at, 0)"
		" FROM enroll_codes WHERE code = $1" },
	/* caller: db_enroll_code_use */
	[S_ENROLL_CODE_USE] = { "enroll_code_use",
		"UPDATE enroll_codes SET used_at = $2 WHERE code = $1 AND used_at IS NULL" },
	/* caller: db_device_insert */
	[S_DEVICE_INSERT] = { "device_insert",
		"INSERT INTO devices (id, key, studio, created_at, last_seen)"
		" VALUES ($1, $2, $3, $4, nullif($5::bigint, 0))" },
	/* caller: db_device_get */
	[S_DEVICE_GET] = { "device_get",
		"SELECT id, encode(key, 'hex'), studio, created_at, coalesce(last_seen, 0),"
		" coalesce(revoked_at, 0) FROM devices WHERE id = $1" },
	/* caller: db_device_touch */
	[S_DEVICE_TOUCH] = { "device_touch",
		"UPDATE devices SET last_seen = $2 WHERE id = $1" },
	/* caller: db_nonce_remember */
	[S_NONCE_PURGE] = { "nonce_purge",
		"DELETE FROM nonces WHERE created_at < $1" },
	/* caller: db_nonce_remember: no row inserted means the pair was there: a
	 * replay, through whichever instance saw it first */
	[S_NONCE_INSERT] = { "nonce_insert",
		"INSERT INTO nonces (keyid, nonce, created_at) VALUES ($1, $2, $3)"
		" ON CONFLICT DO NOTHING" },
	/* caller: db_record_get */
	[S_RECORD_GET] = { "record_get",
		"SELECT id, device, kind, created_at, content_sha256, received_at"
		" FROM records WHERE id = $1" },
	/* caller: db_record_insert */
	[S_RECORD_INSERT] = { "record_insert",
		"INSERT INTO records (id, device, kind, created_at, content_sha256, received_at)"
		" VALUES ($1, $2, $3, $4, $5, $6)" },
	/* caller: db_category_get */
	[S_CATEGORY_GET] = { "category_get",
		"SELECT key, name FROM categories WHERE key = $1" },
	/* caller: db_community_get */
	[S_COMMUNITY_GET] = { "community_get",
		"SELECT key, name FROM communities WHERE studio = $1 AND key = $2" },
	/* caller: db_member_get */
	[S_MEMBER_GET] = { "member_get",
		"SELECT key, name, sector, expertise, studio FROM members"
		" WHERE studio = $1 AND key = $2" },
	/* caller: db_opinion_insert */
	[S_OPINION_INSERT] = { "opinion_insert",
		"INSERT INTO opinions (id, token, short_code, studio, community, category, text,"
		" member, contact_name, contact_phone, channel, created_at, stage)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)" },
	/* caller: db_opinion_get_by_token */
	[S_OPINION_GET_BY_TOKEN] = { "opinion_get_by_token",
		"SELECT o.id, o.token, o.short_code, o.studio, o.community, o.category, o.text,"
		" o.member, o.contact_name, o.contact_phone, o.channel, o.stage, o.created_at,"
		" s.name, c.name, m.name"
		" FROM opinions o JOIN studios s ON s.id = o.studio"
		" JOIN categories c ON c.key = o.category"
		" LEFT JOIN communities m ON m.studio = o.studio AND m.key = o.community"
		" WHERE o.token = $1" },
	/* caller: db_stage_event_insert (the id is drawn by the table's trigger) */
	[S_STAGE_EVENT_INSERT] = { "stage_event_insert",
		"INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role,"
		" public_note, internal_note) VALUES ($1, $2, $3, $4, $5, $6, $7)" },
	/* caller: db_stage_events_iterate */
	[S_STAGE_EVENTS_OF] = { "stage_events_of",
		"SELECT id, subject_kind, subject, stage, at, actor_role, public_note, internal_note"
		" FROM stage_events WHERE subject = $1 ORDER BY id" },
	/* caller: db_categories_iterate */
	[S_CATEGORIES_ALL] = { "categories_all",
		"SELECT key, name FROM categories ORDER BY sort, key" },
	/* caller: db_communities_iterate */
	[S_COMMUNITIES_OF] = { "communities_of",
		"SELECT key, name FROM communities WHERE studio = $1 ORDER BY sort, key" },
	/* caller: db_members_iterate */
	[S_MEMBERS_OF] = { "members_of",
		"SELECT key, name, sector, expertise, studio FROM members WHERE studio = $1"
		" ORDER BY sort, key" },
	/* caller: db_stage_changes_iterate */
	[S_STAGE_CHANGES_SINCE] = { "stage_changes_since",
		"SELECT e.id, o.id, e.stage, e.at, e.public_note FROM stage_events e"
		" JOIN opinions o ON o.id = e.subject"
		" WHERE e.subject_kind = 'opinion' AND o.studio = $1 AND e.id > $2"
		" ORDER BY e.id LIMIT $3" },
};

#define Q(id, args, row, out) mq_pg_query_one(cls, MQ_PG_CORE, id, args, row, out, NULL)

/* ---- operations ---------------------------------------------------------- */

static bool studio_row(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_studio *out = o;

	mq_pg_copy(r, 0, out->id, sizeof out->id);
	mq_pg_copy(r, 1, out->name, sizeof out->name);
	mq_pg_copy(r, 2, out->street, sizeof out->street);
	mq_pg_copy(r, 3, out->street_name, sizeof out->street_name);
	mq_pg_copy(r, 4, out->hours, sizeof out->hours);
	return false;
}

static enum mq_err db_studio_get(void *cls, const char *id, struct mq_db_studio *out)
{
	return Q(S_STUDIO_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)), studio_row, out);
}

static enum mq_err db_enroll_code_insert(void *cls, const struct mq_db_enroll_code *code)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_ENROLL_CODE_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(code->code), MQ_PG_TEXT(code->studio),
				    MQ_PG_INT(code->created_at), MQ_PG_INT(code->expires_at)));
}

static bool enroll_code_row(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_enroll_code *out = o;

	mq_pg_copy(r, 0, out->code, sizeof out->code);
	mq_pg_copy(r, 1, out->studio, sizeof out->studio);
	out->created_at = mq_pg_int(r, 2);
	out->expires_at = mq_pg_int(r, 3);
	out->used_at = mq_pg_int(r, 4);
	return false;
}

static enum mq_err db_enroll_code_get(void *cls, const char *code,
				      struct mq_db_enroll_code *out)
{
	return Q(S_ENROLL_CODE_GET, MQ_PG_ARGS(MQ_PG_TEXT(code)), enroll_code_row, out);
}

static enum mq_err db_enroll_code_use(void *cls, const char *code, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_ENROLL_CODE_USE, MQ_ERR_CONFLICT,
			 MQ_PG_ARGS(MQ_PG_TEXT(code), MQ_PG_INT(now)));
}

static enum mq_err db_device_insert(void *cls, const struct mq_db_device *dev)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_DEVICE_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(dev->id), MQ_PG_BYTES(dev->key, MQ_SIG_KEY_BYTES),
				    MQ_PG_TEXT(dev->studio), MQ_PG_INT(dev->created_at),
				    MQ_PG_INT(dev->last_seen)));
}

static bool device_row(const struct mq_pg_row *r, void *o, void *ok)
{
	struct mq_db_device *out = o;

	*(bool *)ok = mq_pg_hex(mq_pg_str(r, 1), out->key, MQ_SIG_KEY_BYTES);
	mq_pg_copy(r, 0, out->id, sizeof out->id);
	mq_pg_copy(r, 2, out->studio, sizeof out->studio);
	out->created_at = mq_pg_int(r, 3);
	out->last_seen = mq_pg_int(r, 4);
	out->revoked_at = mq_pg_int(r, 5);
	return false;
}

static enum mq_err db_device_get(void *cls, const char *id, struct mq_db_device *out)
{
	bool ok = false;
	enum mq_err err = mq_pg_query_one(cls, MQ_PG_CORE, S_DEVICE_GET,
					  MQ_PG_ARGS(MQ_PG_TEXT(id)), device_row, out, &ok);

	if (err == MQ_OK && !ok) {
		mq_log_error("db", "device %s has a malformed key", id);
		err = MQ_ERR_DB;
	}
	return err;
}

static enum mq_err db_device_touch(void *cls, const char *id, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_DEVICE_TOUCH, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_INT(now)));
}

static enum mq_err db_nonce_remember(void *cls, const char *keyid, const char *nonce,
				     int64_t now, int64_t forget_before)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_CORE, S_NONCE_PURGE, MQ_OK,
			   MQ_PG_ARGS(MQ_PG_INT(forget_before)), NULL);
	if (err == MQ_OK)
		err = mq_pg_run_on(c, MQ_PG_CORE, S_NONCE_INSERT, MQ_ERR_CONFLICT,
				   MQ_PG_ARGS(MQ_PG_TEXT(keyid), MQ_PG_TEXT(nonce), MQ_PG_INT(now)),
				   NULL);
	mq_pg_release(cls, c);
	return err;
}

static bool record_row(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_record *out = o;

	mq_pg_copy(r, 0, out->id, sizeof out->id);
	mq_pg_copy(r, 1, out->device, sizeof out->device);
	mq_pg_copy(r, 2, out->kind, sizeof out->kind);
	out->created_at = mq_pg_int(r, 3);
	mq_pg_copy(r, 4, out->content_sha256, sizeof out->content_sha256);
	out->received_at = mq_pg_int(r, 5);
	return false;
}

static enum mq_err db_record_get(void *cls, const char *id, struct mq_db_record *out)
{
	return Q(S_RECORD_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)), record_row, out);
}

static enum mq_err db_record_insert(void *cls, const struct mq_db_record *rec)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_RECORD_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(rec->id), MQ_PG_TEXT(rec->device),
				    MQ_PG_TEXT(rec->kind), MQ_PG_INT(rec->created_at),
				    MQ_PG_TEXT(rec->content_sha256), MQ_PG_INT(rec->received_at)));
}

static bool named_out(const struct mq_pg_row *r, void *o, void *unused)
{
	mq_pg_read_named(r, o);
	return false;
}

static bool member_out(const struct mq_pg_row *r, void *o, void *unused)
{
	mq_pg_read_member(r, o);
	return false;
}

static enum mq_err db_category_get(void *cls, const char *key, struct mq_db_named *out)
{
	return Q(S_CATEGORY_GET, MQ_PG_ARGS(MQ_PG_TEXT(key)), named_out, out);
}

static enum mq_err db_community_get(void *cls, const char *studio, const char *key,
				    struct mq_db_named *out)
{
	return Q(S_COMMUNITY_GET, MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(key)), named_out, out);
}

static enum mq_err db_member_get(void *cls, const char *studio, const char *key,
				 struct mq_db_member *out)
{
	return Q(S_MEMBER_GET, MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(key)), member_out, out);
}

static enum mq_err db_opinion_insert(void *cls, const struct mq_db_opinion *op)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_OPINION_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(op->id), MQ_PG_TEXT(op->token),
				    MQ_PG_TEXT(op->short_code), MQ_PG_TEXT(op->studio),
				    MQ_PG_TEXT(op->community), MQ_PG_TEXT(op->category),
				    MQ_PG_TEXT(op->text), MQ_PG_TEXT(op->member),
				    MQ_PG_TEXT(op->contact_name), MQ_PG_TEXT(op->contact_phone),
				    MQ_PG_TEXT(op->channel), MQ_PG_INT(op->created_at),
				    MQ_PG_TEXT(mq_stage_key(op->stage))));
}

static bool opinion_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_opinion op = {
		.id = mq_pg_text(r, 0),
		.token = mq_pg_text(r, 1),
		.short_code = mq_pg_text(r, 2),
		.studio = mq_pg_text(r, 3),
		.community = mq_pg_text(r, 4),
		.category = mq_pg_text(r, 5),
		.text = mq_pg_text(r, 6),
		.member = mq_pg_text(r, 7),
		.contact_name = mq_pg_text(r, 8),
		.contact_phone = mq_pg_text(r, 9),
		.channel = mq_pg_text(r, 10),
		.stage = mq_pg_stage(r, 11),
		.created_at = mq_pg_int(r, 12),
		.studio_name = mq_pg_text(r, 13),
		.category_name = mq_pg_text(r, 14),
		.community_name = mq_pg_text(r, 15),
	};

	((mq_db_opinion_cb)cb)(cb_cls, &op);
	return false;
}

static enum mq_err db_opinion_get_by_token(void *cls, const char *token, mq_db_opinion_cb cb,
					   void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_CORE, S_OPINION_GET_BY_TOKEN,
			       MQ_PG_ARGS(MQ_PG_TEXT(token)), opinion_row, (void *)cb, cb_cls);
}

static enum mq_err db_stage_event_insert(void *cls, const struct mq_db_stage_event *ev)
{
	return mq_pg_run(cls, MQ_PG_CORE, S_STAGE_EVENT_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(ev->subject_kind), MQ_PG_TEXT(ev->subject),
				    MQ_PG_TEXT(mq_stage_key(ev->stage)), MQ_PG_INT(ev->at),
				    MQ_PG_TEXT(ev->actor_role), MQ_PG_TEXT(ev->public_note),
				    MQ_PG_TEXT(ev->internal_note)));
}

static bool stage_event_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_stage_event ev = {
		.id = mq_pg_int(r, 0),
		.subject_kind = mq_pg_text(r, 1),
		.subject = mq_pg_text(r, 2),
		.stage = mq_pg_stage(r, 3),
		.at = mq_pg_int(r, 4),
		.actor_role = mq_pg_text(r, 5),
		.public_note = mq_pg_text(r, 6),
		.internal_note = mq_pg_text(r, 7),
	};

	return ((mq_db_stage_event_cb)cb)(cb_cls, &ev);
}

static enum mq_err db_stage_events_iterate(void *cls, const char *subject,
					   mq_db_stage_event_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CORE, S_STAGE_EVENTS_OF, MQ_PG_ARGS(MQ_PG_TEXT(subject)),
			   stage_event_row, (void *)cb, cb_cls);
}

static enum mq_err db_categories_iterate(void *cls, mq_db_named_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CORE, S_CATEGORIES_ALL, MQ_PG_NO_ARGS, mq_pg_named_row,
			   (void *)cb, cb_cls);
}

static enum mq_err db_communities_iterate(void *cls, const char *studio, mq_db_named_cb cb,
					  void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CORE, S_COMMUNITIES_OF, MQ_PG_ARGS(MQ_PG_TEXT(studio)),
			   mq_pg_named_row, (void *)cb, cb_cls);
}

static enum mq_err db_members_iterate(void *cls, const char *studio, mq_db_member_cb cb,
				      void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CORE, S_MEMBERS_OF, MQ_PG_ARGS(MQ_PG_TEXT(studio)),
			   mq_pg_member_row, (void *)cb, cb_cls);
}

static bool stage_change_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_stage_change row = {
		.id = mq_pg_int(r, 0),
		.opinion = mq_pg_text(r, 1),
		.stage = mq_pg_stage(r, 2),
		.at = mq_pg_int(r, 3),
		.public_note = mq_pg_text(r, 4),
	};

	return ((mq_db_stage_change_cb)cb)(cb_cls, &row);
}

static enum mq_err db_stage_changes_iterate(void *cls, const char *studio, int64_t since,
					    unsigned int limit, mq_db_stage_change_cb cb,
					    void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CORE, S_STAGE_CHANGES_SINCE,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_INT(since), MQ_PG_INT(limit)),
			   stage_change_row, (void *)cb, cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_core_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_CORE, stmt_sql, S_COUNT);
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
}
