/* mq_store.c — the kiosk's SQLite store: open, migrate, queue opinions, settings.
 * secure_delete makes SQLite overwrite freed content, so personal data wiped
 * after acknowledgement does not linger in free pages.
 *
 * Durability matters more than speed here: a resident's opinion must survive a
 * power cut the moment the confirmation screen shows. So: WAL with
 * synchronous=FULL, and the record plus its outbox entry in one transaction.
 * The file is the kiosk user's alone (0600). */
#include "mq_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_embed.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_wire.h"
#include "store_private.h"

extern const struct mq_embedded mq_kiosk_migrations[];

/* An outbox row as the batch reads it: its wire text built in SQL (the
 * stored data embedded unparsed; NULL when it is not JSON), its place in
 * the queue and its kind; the caller adds the rest of the WHERE. */
#define OUTBOX_WIRE                                                                       \
	"SELECT rowid, id, CASE WHEN json_valid(data) THEN "                       \
	"'{\"id\":' || json_quote(id) || ',\"kind\":' || json_quote(kind) || "          \
	"',\"created_at\":' || json_quote(created_at) || ',\"data\":' || data || '}' END, " \
	"queued_at, kind FROM outbox WHERE state = 'queued' AND "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_OUTBOX_INSERT] =
		"INSERT INTO outbox (id, kind, created_at, data, queued_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_OPINION_INSERT] =
		"INSERT INTO opinions (id, token, short_code, category, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
	[ST_SETTING_PUT] =
		"INSERT INTO settings (key, value) VALUES (?1, ?2) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_SETTING_DELETE] = "DELETE FROM settings WHERE key = ?1",
	[ST_BOOKING_INSERT] =
		"INSERT INTO bookings (id, token, short_code, slot, topic, created_at, name_masked, "
		"phone_tail_mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_BOOKING_CANCEL] =
		"UPDATE bookings SET status = 'cancelled', cancel_id = ?2 "
		"WHERE id = ?1 AND status <> 'cancelled'",
	[ST_BOOKING_FOR_CANCEL] =
		"SELECT id, token, short_code, slot, status, phone_tail_mac FROM bookings "
		"WHERE short_code = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
	/* cancelled here after the server had the booking, the cancel not yet acknowledged */
	[ST_BOOKING_RELEASED] =
		"SELECT COUNT(*) FROM bookings b JOIN outbox o ON o.id = b.id "
		"JOIN outbox c ON c.id = b.cancel_id "
		"WHERE b.slot = ?1 AND b.status = 'cancelled' AND o.state = 'acked' "
		"AND c.state = 'queued'",
	[ST_BOOKING_SETTLE] =
		"UPDATE bookings SET status = CASE ?2 WHEN 'conflict' THEN 'refused' "
		"WHEN 'invalid' THEN 'refused' ELSE 'booked' END "
		"WHERE id = ?1 AND status = 'pending'",
	[ST_BOOKING_PENDING] =
		"SELECT COUNT(*) FROM bookings WHERE slot = ?1 AND status = 'pending'",
	[ST_BOOKING_BY_CODE] =
		"SELECT id, token, short_code, slot, status FROM bookings WHERE short_code = ?1 "
		"ORDER BY created_at DESC, rowid DESC LIMIT 1",
	[ST_BOOKINGS_OPEN] =
		"SELECT id, short_code, slot, name_masked, coalesce(topic, ''), status "
		"FROM bookings WHERE status IN ('pending', 'booked') ORDER BY created_at, rowid",
	[ST_ATTENDANCE_INSERT] =
		"INSERT INTO attendance (id, kind, member, method, at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_ATTENDANCE_LAST] =
		"SELECT kind FROM attendance WHERE member = ?1 AND at >= ?2 "
		"ORDER BY at DESC, rowid DESC LIMIT 1",
	[ST_OPINION_SET_STAGE] =
		"UPDATE opinions SET stage = ?2, stage_at = ?3, stage_note = ?4 WHERE id = ?1",
	/* each record as its wire text, the stored data embedded as it is (it
	 * is JSON written by jansson; json_valid keeps a damaged row back) */
	/* a batch after (?2, ?3) in queue order is the rest of second ?2 by
	 * rowid, then the later seconds: two index seeks (a row value
	 * (queued_at, rowid) > (?2, ?3) seeks on queued_at only, and scans a
	 * whole second's records every time) */
	[ST_OUTBOX_BATCH_SAME] =
		OUTBOX_WIRE "queued_at = ?2 AND rowid > ?3 ORDER BY rowid LIMIT ?1",
	[ST_OUTBOX_BATCH] = OUTBOX_WIRE "queued_at > ?2 ORDER BY queued_at, rowid LIMIT ?1",
	[ST_OUTBOX_ATTEMPT] = "UPDATE outbox SET attempts = attempts + ?2 WHERE rowid = ?1",
	/* an acknowledged record's personal data goes; a rejected one keeps
	 * everything: a person may need to re-enter it */
	[ST_OUTBOX_SETTLE] =
		"UPDATE outbox SET state = ?2, result = ?3, error = ?4, settled_at = ?5, "
		"data = CASE ?2 WHEN 'acked' THEN json_remove(data, '$.contact', '$.name', "
		"'$.phone') ELSE data END WHERE id = ?1 AND state = 'queued'",
	[ST_OUTBOX_STATS] =
		"SELECT COUNT(*) FILTER (WHERE state = 'queued'), "
		"MIN(queued_at) FILTER (WHERE state = 'queued'), "
		"COUNT(*) FILTER (WHERE state = 'rejected') FROM outbox",
	[ST_OPINION_BY_CODE] =
		"SELECT id, token, short_code, category, created_at, stage, stage_at, stage_note "
		"FROM opinions WHERE short_code = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
	[ST_OPINION_BY_TOKEN] =
		"SELECT id, token, short_code, category, created_at, stage, stage_at, stage_note "
		"FROM opinions WHERE token = ?1",
};

enum mq_err store_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return MQ_OK;
	case SQLITE_FULL:
		return MQ_ERR_DISK_FULL;
	case SQLITE_NOMEM:
		return MQ_ERR_NOMEM;
	case SQLITE_CONSTRAINT:
		return MQ_ERR_CONFLICT;
	case SQLITE_NOTFOUND:   /* our own: a local row that should exist does not */
		return MQ_ERR_NOT_FOUND;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return MQ_ERR_IO;
	default:
		return MQ_ERR_DB;
	}
}

sqlite3_stmt *store_stmt(struct mq_store *store, enum store_stmt which)
{
	sqlite3_stmt *st = store->stmt[which];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

int store_step_done(struct mq_store *store, enum store_stmt which)
{
	sqlite3_stmt *st = store_stmt(store, which);
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Applies every embedded migration numbered above the file's user_version,
 * each in its own transaction together with the version bump. */
static enum mq_err migrate(sqlite3 *db)
{
	sqlite3_stmt *st;
	int version = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return MQ_ERR_DB;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);

	for (const struct mq_embedded *m = mq_kiosk_migrations; m->name; m++) {
		char *end, bump[64], *errmsg = NULL;
		long number = strtol(m->name, &end, 10);
		int rc;

		if (end == m->name || number <= version)
			continue;
		snprintf(bump, sizeof bump, "PRAGMA user_version = %ld", number);
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, m->data, NULL, NULL, &errmsg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, bump, NULL, NULL, &errmsg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &errmsg);
		if (rc != SQLITE_OK) {
			mq_log_error("store", "migration %s failed: %s", m->name,
				     errmsg ? errmsg : sqlite3_errmsg(db));
			sqlite3_free(errmsg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return store_err(rc);
		}
		mq_log_info("store", "applied migration %s", m->name);
	}
	return MQ_OK;
}

static enum mq_err open_once(const char *path, struct mq_store **out)
{
	struct mq_store *store;
	enum mq_err err = MQ_ERR_DB;
	int rc;

	*out = NULL;
	store = calloc(1, sizeof *store);
	if (!store)
		return MQ_ERR_NOMEM;
	rc = sqlite3_open_v2(path, &store->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		mq_log_error("store", "cannot open %s: %s", path,
			     store->db ? sqlite3_errmsg(store->db) : "out of memory");
		err = store_err(rc);
		goto fail;
	}
	sqlite3_busy_timeout(store->db, 5000);
	rc = sqlite3_exec(store->db,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
			  "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		mq_log_error("store", "cannot set up %s: %s", path, sqlite3_errmsg(store->db));
		err = store_err(rc);
		goto fail;
	}
	err = migrate(store->db);
	if (err != MQ_OK)
		goto fail;
	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(store->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &store->stmt[i], NULL) != SQLITE_OK) {
			mq_log_error("store", "statement %d: %s", i, sqlite3_errmsg(store->db));
			err = MQ_ERR_DB;
			goto fail;
		}
	}
	*out = store;
	return MQ_OK;
fail:
	mq_store_close(store);
	return err;
}

/* kiosk.db holds PIN hashes and residents' contacts until acknowledged: it
 * is created 0600 (SQLite gives its -wal and -shm the database's mode), and
 * an older, readable one is made 0600 again, with its companions. */
static void make_private(const char *path)
{
	static const char *const companions[] = { "", "-wal", "-shm", "-journal" };
	char name[4200];
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, companions[i]);
		if (chmod(name, 0600) != 0 && errno != ENOENT)
			mq_log_warn("store", "cannot make %s private (0600): %s", name,
				    strerror(errno));
	}
}

enum mq_err mq_store_open(const char *path, struct mq_store **out)
{
	char reserve[4096];
	enum mq_err err;

	store_reserve_path(path, reserve, sizeof reserve);
	make_private(path);
	err = open_once(path, out);
	/* on a full disk SQLite cannot create its WAL index: make room and retry */
	if ((err == MQ_ERR_IO || err == MQ_ERR_DISK_FULL || err == MQ_ERR_DB) &&
	    store_reserve_release(reserve))
		err = open_once(path, out);
	if (err != MQ_OK)
		return err;
	snprintf((*out)->reserve_path, sizeof (*out)->reserve_path, "%s", reserve);
	(void)store_reserve_ensure(*out);
	return MQ_OK;
}

void mq_store_close(struct mq_store *store)
{
	if (!store)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(store->stmt[i]);
	sqlite3_close(store->db);
	free(store);
}

static bool present(const char *s)
{
	return s && *s;
}

/* Builds the wire "data" object of an opinion from a draft and fresh ids. */
static json_t *opinion_data(const struct mq_opinion_draft *d, const struct mq_receipt *r)
{
	json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "token", r->token, "short_code",
				 r->short_code, "category", d->category ? d->category : "",
				 "text", d->text ? d->text : "");

	if (!data)
		return NULL;
	if (present(d->community))
		json_object_set_new(data, "community", json_string(d->community));
	if (present(d->member))
		json_object_set_new(data, "member", json_string(d->member));
	if (present(d->contact_name) || present(d->contact_phone)) {
		json_t *c = json_object();
		if (present(d->contact_name))
			json_object_set_new(c, "name", json_string(d->contact_name));
		if (present(d->contact_phone))
			json_object_set_new(c, "phone", json_string(d->contact_phone));
		json_object_set_new(c, "consent", json_true());
		json_object_set_new(data, "contact", c);
	}
	return data;
}

enum mq_err store_queue_record(struct mq_store *store, const char *kind, json_t *data,
			       int64_t now, char id[37],
			       int (*local)(struct mq_store *store, const char *id,
					    const char *created, void *cls),
			       void *cls)
{
	char created[MQ_RFC3339_LEN + 1];
	char *text;
	sqlite3_stmt *st;
	int rc;

	if (!store_reserve_ensure(store))
		return MQ_ERR_DISK_FULL;   /* what is already queued keeps its room */
	text = json_dumps(data, JSON_COMPACT);
	if (!text)
		return MQ_ERR_NOMEM;
	mq_id_uuid4(id);
	mq_time_format_rfc3339(now, created);

	rc = store_step_done(store, ST_BEGIN);
	if (rc != SQLITE_OK)
		goto done;
	st = store_stmt(store, ST_OUTBOX_INSERT);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && local)
		rc = local(store, id, created, cls);
	if (rc == SQLITE_DONE)
		rc = store_step_done(store, ST_COMMIT);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		store_step_done(store, ST_ROLLBACK);
done:
	free(text);
	if (rc == SQLITE_NOTFOUND)
		return MQ_ERR_NOT_FOUND;
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		mq_log_error("store", "cannot queue %s: %s", kind, sqlite3_errmsg(store->db));
		return store_err(rc);
	}
	return MQ_OK;
}

struct opinion_row {
	const struct mq_opinion_draft *draft;
	const struct mq_receipt *receipt;
};

/* The opinion's local row, inside store_queue_record's transaction. */
static int insert_opinion(struct mq_store *store, const char *id, const char *created,
			  void *cls)
{
	const struct opinion_row *row = cls;
	sqlite3_stmt *st = store_stmt(store, ST_OPINION_INSERT);

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, row->receipt->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->receipt->short_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, row->draft->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
	return sqlite3_step(st);
}

enum mq_err mq_store_add_opinion(struct mq_store *store, const struct mq_opinion_draft *draft,
				 int64_t now, struct mq_receipt *out)
{
	struct opinion_row row = { draft, out };
	const char *problem;
	enum mq_err err;
	json_t *data;

	mq_id_token(out->token);
	mq_id_short_code(out->short_code);
	data = opinion_data(draft, out);
	if (!data)
		return MQ_ERR_NOMEM;
	problem = mq_wire_opinion_check(data);
	if (problem) {
		mq_log_warn("store", "opinion refused: %s", problem);
		json_decref(data);
		return MQ_ERR_INVALID;
	}
	err = store_queue_record(store, "opinion", data, now, out->id, insert_opinion, &row);
	json_decref(data);
	if (err == MQ_OK)
		mq_log_info("store", "queued opinion %s (code %s)", out->id, out->short_code);
	return err;
}

enum mq_err mq_store_begin(struct mq_store *store)
{
	return store_err(store_step_done(store, ST_BEGIN));
}

enum mq_err mq_store_commit(struct mq_store *store)
{
	enum mq_err err = store_err(store_step_done(store, ST_COMMIT));

	if (err != MQ_OK)
		mq_store_rollback(store);
	return err;
}

void mq_store_rollback(struct mq_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		store_step_done(store, ST_ROLLBACK);
}

enum mq_err mq_store_get(struct mq_store *store, const char *key, char *out, size_t size)
{
	sqlite3_stmt *st = store_stmt(store, ST_SETTING_GET);
	int rc;

	if (size)
		out[0] = '\0';
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, size, "%s", v ? v : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return store_err(rc);
}

enum mq_err mq_store_put(struct mq_store *store, const char *key, const char *value)
{
	sqlite3_stmt *st = store_stmt(store, value ? ST_SETTING_PUT : ST_SETTING_DELETE);
	int rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return store_err(rc);
}

/* The state JSON can be large (members, shifts): read it without a fixed buffer. */
json_t *mq_store_state(struct mq_store *store)
{
	sqlite3_stmt *st = store_stmt(store, ST_SETTING_GET);
	json_t *state = NULL;

	sqlite3_bind_text(st, 1, "state", -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		state = v ? json_loads(v, 0, NULL) : NULL;
	}
	sqlite3_reset(st);
	return state;
}

enum mq_err mq_store_set_state(struct mq_store *store, json_t *state, const char *etag)
{
	char *text = json_dumps(state, JSON_COMPACT);
	enum mq_err err;

	if (!text)
		return MQ_ERR_NOMEM;
	err = store_err(store_step_done(store, ST_BEGIN));
	if (err == MQ_OK)
		err = mq_store_put(store, "state", text);
	if (err == MQ_OK)
		err = mq_store_put(store, "state_etag", etag);
	if (err == MQ_OK) {
		json_t *stages = json_object_get(state, "stages");
		size_t i;
		json_t *ev;

		/* the cached state's stage changes move the kiosk's own opinions on
		 * (by record id: other studios' and other kiosks' ids match nothing) */
		json_array_foreach(stages, i, ev) {
			const char *id = json_string_value(json_object_get(ev, "id"));
			const char *stage = json_string_value(json_object_get(ev, "stage"));
			sqlite3_stmt *st;

			if (!id || !stage)
				continue;
			st = store_stmt(store, ST_OPINION_SET_STAGE);
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, json_string_value(json_object_get(ev, "at")), -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 4, json_string_value(json_object_get(ev, "note")), -1,
					  SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) {
				err = MQ_ERR_DB;
				break;
			}
		}
	}
	if (err == MQ_OK)
		err = store_err(store_step_done(store, ST_COMMIT));
	if (err != MQ_OK)
		store_step_done(store, ST_ROLLBACK);
	free(text);
	return err;
}
