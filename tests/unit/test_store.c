/* test_store.c — the kiosk store: migrations, one-transaction queueing, settings, state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mq_outbox.h"
#include "mq_store.h"
#include "store_fixture.h"

static void test_schema_and_pragmas(void **state)
{
	struct store_fixture *f = *state;
	char mode[16];
	struct stat st;

	assert_int_equal(store_fixture_int(f->path, "PRAGMA user_version"), 5);
	/* created private: it caches PIN hashes and contacts until acknowledged */
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(store_fixture_text(f->path, "PRAGMA journal_mode", mode, sizeof mode), "wal");
	/* reopening an up-to-date store applies nothing and keeps the data */
	mq_store_close(f->store);
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	assert_int_equal(store_fixture_int(f->path, "PRAGMA user_version"), 5);
	/* version 5 wrote the outbox's state CHECK without an IN list: still in force */
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM sqlite_schema WHERE "
					   "name = 'outbox' AND sql LIKE '%state IN (%'"), 0);
	assert_int_equal(store_fixture_int(f->path, "INSERT INTO outbox (id, kind, created_at, "
					   "data, state, queued_at) VALUES ('x', 'opinion', '', "
					   "'{}', 'lost', 1)"), -1);
	assert_int_equal(store_fixture_int(f->path, "INSERT INTO outbox (id, kind, created_at, "
					   "data, state, queued_at) VALUES ('y', 'opinion', '', "
					   "'{}', 'rejected', 1)"), -1);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE id = 'x'"), 0);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE id = 'y'"), 1);
}

/* A store an older version left world-readable is made 0600 on opening,
 * with its WAL. */
static void test_readable_store_made_private(void **state)
{
	struct store_fixture *f = *state;
	char wal[PATH_MAX + 8];
	struct stat st;

	snprintf(wal, sizeof wal, "%s-wal", f->path);
	mq_store_close(f->store);
	assert_int_equal(chmod(f->path, 0644), 0);
	if (stat(wal, &st) == 0)
		assert_int_equal(chmod(wal, 0644), 0);
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	if (stat(wal, &st) == 0)
		assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_opinion_and_outbox_together(void **state)
{
	struct store_fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "路灯坏了三天了",
				      .contact_name = "王阿姨", .contact_phone = "13800001111" };
	struct mq_receipt r;
	char data[1024], sql[256];

	assert_int_equal(mq_store_add_opinion(f->store, &d, 1790000000, &r), MQ_OK);
	assert_true(mq_id_is_uuid(r.id));
	assert_true(mq_id_is_token(r.token));
	assert_true(mq_id_is_short_code(r.short_code));
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE state='queued'"), 1);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM opinions"), 1);
	snprintf(sql, sizeof sql, "SELECT data FROM outbox WHERE id='%s'", r.id);
	store_fixture_text(f->path, sql, data, sizeof data);
	assert_non_null(strstr(data, "\"consent\":true"));
	assert_non_null(strstr(data, r.token));
	/* the personal data is nowhere but the outbox entry */
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM opinions WHERE "
				   "token||short_code||category LIKE '%1380000%'"), 0);
}

/* A store of version 4 with a queued opinion (the outbox's CHECK still an IN
 * list) opens as version 5 with the record still queued and its rule in force. */
static void test_version_4_store_upgraded(void **state)
{
	struct store_fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "井盖松了" };
	struct mq_receipt r;
	sqlite3 *db;

	assert_int_equal(mq_store_add_opinion(f->store, &d, 1790000000, &r), MQ_OK);
	mq_store_close(f->store);
	f->store = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, "
		"'CHECK (state = ''queued'' OR state = ''acked'' OR state = ''rejected'')', "
		"'CHECK (state IN (''queued'', ''acked'', ''rejected''))') WHERE name = 'outbox'; "
		"PRAGMA writable_schema = OFF; PRAGMA user_version = 4", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM sqlite_schema WHERE "
					   "name = 'outbox' AND sql LIKE '%state IN (%'"), 1);
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	assert_int_equal(store_fixture_int(f->path, "PRAGMA user_version"), 5);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM sqlite_schema WHERE "
					   "name = 'outbox' AND sql LIKE '%state IN (%'"), 0);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE "
					   "state = 'queued'"), 1);
	assert_int_equal(mq_outbox_settle(f->store, r.id, "stored", NULL, 5), MQ_OK);
	assert_int_equal(store_fixture_int(f->path, "UPDATE outbox SET state = 'lost'"), -1);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE "
					   "state = 'acked'"), 1);
}

static void test_invalid_draft_writes_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct mq_receipt r;
	struct mq_opinion_draft empty = { .category = "other", .text = "" };
	struct mq_opinion_draft badcat = { .category = "Not A Key", .text = "x" };
	struct mq_opinion_draft badphone = { .category = "other", .text = "x",
					     .contact_phone = "call me" };

	assert_int_equal(mq_store_add_opinion(f->store, &empty, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(mq_store_add_opinion(f->store, &badcat, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(mq_store_add_opinion(f->store, &badphone, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox"), 0);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM opinions"), 0);
}

static void test_failed_transaction_leaves_nothing_half_written(void **state)
{
	struct store_fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "x" };
	struct mq_receipt r;
	sqlite3 *db;

	/* make the second insert of the pair fail: the first must roll back with it */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON opinions "
				      "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	mq_store_close(f->store);   /* reopen to pick up the schema change */
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	assert_int_not_equal(mq_store_add_opinion(f->store, &d, 1, &r), MQ_OK);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox"), 0);
	/* and the store still works afterwards */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_exec(db, "DROP TRIGGER boom", NULL, NULL, NULL);
	sqlite3_close(db);
	mq_store_close(f->store);
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	assert_int_equal(mq_store_add_opinion(f->store, &d, 1, &r), MQ_OK);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox"), 1);
}

static void test_settings_and_state(void **state)
{
	struct store_fixture *f = *state;
	struct mq_opinion_draft d = { .category = "other", .text = "x" };
	struct mq_receipt r;
	char v[64], sql[256], stage[128];
	json_t *s, *back;

	assert_int_equal(mq_store_get(f->store, "nothing", v, sizeof v), MQ_OK);
	assert_string_equal(v, "");
	assert_int_equal(mq_store_put(f->store, "k", "v1"), MQ_OK);
	assert_int_equal(mq_store_put(f->store, "k", "v2"), MQ_OK);
	assert_int_equal(mq_store_get(f->store, "k", v, sizeof v), MQ_OK);
	assert_string_equal(v, "v2");
	assert_int_equal(mq_store_put(f->store, "k", NULL), MQ_OK);
	assert_int_equal(mq_store_get(f->store, "k", v, sizeof v), MQ_OK);
	assert_string_equal(v, "");

	assert_null(mq_store_state(f->store));
	assert_int_equal(mq_store_add_opinion(f->store, &d, 1, &r), MQ_OK);
	s = json_pack("{s:{s:s}, s:[], s:[{s:s, s:s, s:s, s:s}]}", "studio", "id", "hubin",
		      "categories", "stages", "id", r.id, "stage", "triaged", "at",
		      "2026-11-20T02:00:00Z", "note", "已转交区城管局");
	assert_int_equal(mq_store_set_state(f->store, s, "\"e1\""), MQ_OK);
	back = mq_store_state(f->store);
	assert_true(json_equal(s, back));
	assert_int_equal(mq_store_get(f->store, "state_etag", v, sizeof v), MQ_OK);
	assert_string_equal(v, "\"e1\"");
	/* the state's stage changes move the kiosk's own opinion on */
	snprintf(sql, sizeof sql, "SELECT stage || ' ' || stage_at || ' ' || stage_note"
				  " FROM opinions WHERE id='%s'", r.id);
	assert_string_equal(store_fixture_text(f->path, sql, stage, sizeof stage),
			    "triaged 2026-11-20T02:00:00Z 已转交区城管局");
	json_decref(s);
	json_decref(back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_and_pragmas, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_readable_store_made_private, store_fixture_setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_opinion_and_outbox_together, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_version_4_store_upgraded, store_fixture_setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_draft_writes_nothing, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failed_transaction_leaves_nothing_half_written,
						store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_settings_and_state, store_fixture_setup, store_fixture_teardown),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
