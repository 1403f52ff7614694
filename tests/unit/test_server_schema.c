/* test_server_schema.c — an existing SQLite database migrating with its
 * data: a district at schema 14 (built by the shipped migrations 0001–0014
 * and the demo seed, then opinions, topics and their stage history written
 * as that schema wrote them) opened by this server, which applies 0015
 * (stage_events without AUTOINCREMENT, the stage trigger leaving an
 * unchanged stage alone, opinions_topic only for opinions with a topic) and
 * 0016 (opinions numbered by `seq`, their events keyed by it).
 * Every event keeps its id and fields, the next id follows the largest, the
 * history stays append-only, the newest event still sets an opinion's
 * stage, an opinion is still found by its topic through the index, and the
 * events of an opinion or a topic through theirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_embed.h"

extern const struct mq_embedded mq_sqlite_migrations[];
extern const struct mq_embedded mq_sqlite_seed[];

#define OP_A "aaaaaaaa-0000-4000-8000-000000000001"
#define OP_B "bbbbbbbb-0000-4000-8000-000000000002"
#define DEVICE "dddddddd-0000-4000-8000-000000000003"
#define OP_C "cccccccc-0000-4000-8000-000000000004"

/* What schema 14 holds: two opinions, the seeded topic's events, and a
 * history in which opinion A moved on to triaged (its ids with gaps, as a
 * copied or hand-mended history may have). */
static const char *const district_14 =
	"INSERT INTO devices (id, key, studio, created_at) VALUES"
	" ('" DEVICE "', zeroblob(32), 'hubin', 1);"
	"INSERT INTO records (id, device, kind, created_at, content_sha256, received_at) VALUES"
	" ('" OP_A "', '" DEVICE "', 'opinion', 10, 'h1', 11),"
	" ('" OP_B "', '" DEVICE "', 'opinion', 20, 'h2', 21);"
	"INSERT INTO opinions (id, token, short_code, studio, category, text, channel, created_at,"
	" stage) VALUES"
	" ('" OP_A "', 'TokA', '10000001', 'hubin', 'traffic', '红绿灯', 'kiosk', 10, 'collected'),"
	" ('" OP_B "', 'TokB', '10000002', 'hubin', 'elderly', '食堂', 'kiosk', 20, 'collected');"
	"INSERT INTO stage_events (id, subject_kind, subject, stage, at, actor_role, public_note,"
	" internal_note) VALUES"
	" (1, 'opinion', '" OP_A "', 'collected', 10, 'kiosk', NULL, NULL),"
	" (2, 'topic', 'T-1', 'research', 15, 'street', '调研', '内部'),"
	" (5, 'opinion', '" OP_B "', 'collected', 20, 'kiosk', NULL, NULL),"
	" (9, 'opinion', '" OP_A "', 'triaged', 30, 'street', '已研判', NULL);";

#define EVENTS "SELECT group_concat(id || '|' || subject_kind || '|' || subject || '|' ||" \
	" stage || '|' || at || '|' || actor_role || '|' || coalesce(public_note, '-') ||" \
	" '|' || coalesce(internal_note, '-'), ';') FROM (SELECT * FROM stage_events ORDER BY id)"

struct fixture {
	char dir[64];
	char path[128];
	char url[160];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/mq-schema-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/server.db", f->dir);
	snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[160];

	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void exec_ok(sqlite3 *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fail_msg("%.60s...: %s", sql, msg ? msg : sqlite3_errstr(rc));
}

/* The text of the first column of @p sql's first row, into @p out. */
static void text_of(sqlite3 *c, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0)
							    : "");
	sqlite3_finalize(s);
}

static long long int_of(sqlite3 *c, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Whether SQLite's plan for @p sql names @p index. */
static bool plan_uses(sqlite3 *c, const char *sql, const char *index)
{
	char eqp[256];
	sqlite3_stmt *s = NULL;
	bool found = false;

	snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(c, eqp, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		found = found || strstr((const char *)sqlite3_column_text(s, 3), index);
	sqlite3_finalize(s);
	return found;
}

/* A database as a server of schema 14 left it, with the district's data. */
static void build_schema_14(const char *path)
{
	sqlite3 *c = NULL;

	assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
	exec_ok(c, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; BEGIN");
	for (const struct mq_embedded *m = mq_sqlite_migrations; m->name; m++)
		if (mq_embed_number(m->name) <= 14)
			exec_ok(c, m->data);
	exec_ok(c, "PRAGMA user_version = 14");
	for (const struct mq_embedded *m = mq_sqlite_seed; m->name; m++)
		exec_ok(c, m->data);
	exec_ok(c, district_14);
	exec_ok(c, "COMMIT");
	assert_int_equal(int_of(c, "SELECT seq FROM sqlite_sequence WHERE name = 'stage_events'"),
			 9);
	sqlite3_close(c);
}

static bool count_event(void *cls, const struct mq_db_stage_event *ev)
{
	(void)ev;
	++*(int *)cls;
	return true;
}

static void migrates_with_data(void **state)
{
	struct fixture *f = *state;
	char before[1024], after[1024], sql[1024], why[256];
	struct mq_db *db = NULL;
	sqlite3 *c = NULL;
	int n = 0;
	struct mq_db_stage_event ev = {
		.subject_kind = "opinion", .subject = OP_B, .stage = MQ_STAGE_TRIAGED, .at = 40,
		.actor_role = "street",
	};
	const struct mq_db_opinion op = {
		.id = OP_C, .token = "TokC", .short_code = "10000003", .studio = "hubin",
		.category = "traffic", .text = "路灯", .channel = "kiosk", .created_at = 50,
	};

	build_schema_14(f->path);
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	text_of(c, EVENTS, before, sizeof before);
	sqlite3_close(c);

	assert_int_equal(mq_db_open(f->url, &db, why, sizeof why), MQ_OK);
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	assert_int_equal(int_of(c, "PRAGMA user_version"), 16);
	text_of(c, EVENTS, after, sizeof after);
	assert_string_equal(after, before);
	text_of(c, "SELECT sql FROM sqlite_schema WHERE name = 'stage_events'", sql, sizeof sql);
	assert_null(strstr(sql, "AUTOINCREMENT"));
	assert_int_equal(int_of(c, "SELECT count(*) FROM sqlite_sequence WHERE name = 'stage_events'"),
			 0);
	assert_int_equal(int_of(c, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'stage_events'"
				" AND name IN ('stage_events_opinion', 'stage_events_topic',"
				" 'stage_events_no_update', 'stage_events_no_delete',"
				" 'stage_events_move_opinion')"), 5);
	assert_int_equal(int_of(c, "SELECT count(*) FROM sqlite_schema"
				" WHERE name = 'stage_events_subject'"), 0);
	assert_int_equal(int_of(c, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	text_of(c, "SELECT sql FROM sqlite_schema WHERE name = 'opinions_topic'", sql, sizeof sql);
	assert_non_null(strstr(sql, "WHERE topic IS NOT NULL"));
	exec_ok(c, "UPDATE opinions SET topic = (SELECT min(id) FROM topics) WHERE id = '" OP_B "'");
	assert_true(plan_uses(c, "SELECT id FROM opinions WHERE topic = ?1", "opinions_topic"));
	assert_int_equal(int_of(c, "SELECT count(*) FROM opinions WHERE topic = (SELECT min(id)"
				" FROM topics)"), 1);

	/* 0016: opinions numbered in the order they were stored, their events
	 * carry the number, a topic's none; lookups take the partial indexes */
	text_of(c, "SELECT group_concat(o.id || '=' || o.seq, ';') FROM"
		" (SELECT id, seq FROM opinions ORDER BY seq) o", sql, sizeof sql);
	assert_string_equal(sql, OP_A "=1;" OP_B "=2");
	text_of(c, "SELECT group_concat(id || ':' || coalesce(subject_seq, '-'), ';') FROM"
		" (SELECT id, subject_seq FROM stage_events ORDER BY id)", sql, sizeof sql);
	assert_string_equal(sql, "1:1;2:-;5:2;9:1");
	assert_true(plan_uses(c, "SELECT e.at FROM opinions o JOIN stage_events e"
			      " ON e.subject_kind = 'opinion' AND e.subject_seq = o.seq"
			      " WHERE o.id = ?1", "stage_events_opinion"));
	assert_true(plan_uses(c, "SELECT id FROM stage_events WHERE subject_kind = 'topic'"
			      " AND subject = ?1", "stage_events_topic"));
	assert_int_equal(db->stage_events_iterate(db->cls, "T-1", count_event, &n), MQ_OK);
	assert_int_equal(n, 1);
	n = 0;

	/* the next event follows the largest id and moves opinion B on */
	assert_int_equal(db->stage_event_insert(db->cls, &ev), MQ_OK);
	assert_int_equal(int_of(c, "SELECT max(id) FROM stage_events WHERE subject = '" OP_B "'"), 10);
	assert_int_equal(int_of(c, "SELECT subject_seq FROM stage_events WHERE id = 10"), 2);
	assert_int_equal(int_of(c, "SELECT count(*) FROM opinions WHERE stage = 'triaged'"), 2);
	/* the newest event sets the stage, back to collected too */
	ev.subject = OP_A;
	ev.stage = MQ_STAGE_COLLECTED;
	assert_int_equal(db->stage_event_insert(db->cls, &ev), MQ_OK);
	assert_int_equal(int_of(c, "SELECT max(id) FROM stage_events"), 11);
	assert_int_equal(int_of(c, "SELECT count(*) FROM opinions WHERE id = '" OP_A "'"
				" AND stage = 'collected'"), 1);
	assert_int_equal(db->stage_events_iterate(db->cls, OP_A, count_event, &n), MQ_OK);
	assert_int_equal(n, 3);

	/* a new opinion takes the next number, and its first event with it */
	exec_ok(c, "INSERT INTO records (id, device, kind, created_at, content_sha256, received_at)"
		" VALUES ('" OP_C "', '" DEVICE "', 'opinion', 50, 'h3', 51)");
	assert_int_equal(db->opinion_insert(db->cls, &op), MQ_OK);
	ev.subject = OP_C;
	assert_int_equal(db->stage_event_insert(db->cls, &ev), MQ_OK);
	assert_int_equal(int_of(c, "SELECT seq FROM opinions WHERE id = '" OP_C "'"), 3);
	assert_int_equal(int_of(c, "SELECT subject_seq FROM stage_events WHERE id = 12"), 3);
	n = 0;
	assert_int_equal(db->stage_events_iterate(db->cls, OP_C, count_event, &n), MQ_OK);
	assert_int_equal(n, 1);

	/* still append-only */
	assert_int_equal(sqlite3_exec(c, "UPDATE stage_events SET stage = 'feedback' WHERE id = 1",
				      NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(c, "DELETE FROM stage_events WHERE id = 11", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(int_of(c, "SELECT count(*) FROM stage_events"), 7);
	sqlite3_close(c);
	mq_db_destroy(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrates_with_data, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
