/* test_outbox.c — batches, settling by result, personal data wiped on acknowledgement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_outbox.h"
#include "mq_store.h"
#include "store_fixture.h"

/* the five opinions every test starts with, in filing order */
#define RECEIPTS(f) ((struct mq_receipt *)(f)->extra)

static int setup(void **state)
{
	struct mq_opinion_draft d = { .category = "other", .text = "楼道灯不亮",
				      .contact_name = "李先生", .contact_phone = "13912345678" };
	struct store_fixture *f;

	store_fixture_setup(state);
	f = *state;
	f->extra = calloc(5, sizeof(struct mq_receipt));
	for (int i = 0; i < 5; i++)
		assert_int_equal(mq_store_add_opinion(f->store, &d, 1790000000 + i,
						      &RECEIPTS(f)[i]), MQ_OK);
	return 0;
}

/* The records of upload body @p body (checked to be {"records": [...]}, of
 * @p n wire records), as a new array. */
static json_t *body_records(char *body, size_t n)
{
	json_t *doc = json_loads(body, 0, NULL);
	json_t *records = json_incref(json_object_get(doc, "records"));

	assert_non_null(doc);
	assert_int_equal(json_object_size(doc), 1);
	assert_true(json_is_array(records));
	assert_int_equal(json_array_size(records), n);
	json_decref(doc);
	free(body);
	return records;
}

/* mq_outbox_batch from the head of the queue: its body (caller frees), its
 * record count in *@p n. */
static char *head_batch(struct store_fixture *f, size_t max, size_t max_bytes, size_t *n)
{
	struct mq_outbox_batch b;
	char *body;

	assert_int_equal(mq_outbox_batch(f->store, NULL, max, max_bytes, &b), MQ_OK);
	assert_int_equal(strlen(b.body), b.len);
	*n = b.count;
	body = b.body;
	b.body = NULL;
	mq_outbox_batch_free(&b);
	return body;
}

static void test_batch_oldest_first_and_bounded(void **state)
{
	struct store_fixture *f = *state;
	json_t *batch;
	char *body;
	size_t n;

	body = head_batch(f, 3, 1 << 20, &n);
	assert_int_equal(n, 3);
	batch = body_records(body, 3);
	for (int i = 0; i < 3; i++) {
		json_t *rec = json_array_get(batch, (size_t)i);
		json_t *data = json_object_get(rec, "data");
		assert_int_equal(json_object_size(rec), 4);
		assert_string_equal(json_string_value(json_object_get(rec, "id")), RECEIPTS(f)[i].id);
		assert_string_equal(json_string_value(json_object_get(rec, "kind")), "opinion");
		assert_non_null(json_string_value(json_object_get(rec, "created_at")));
		/* the stored data, as filed: contact and all */
		assert_string_equal(json_string_value(json_object_get(data, "text")), "楼道灯不亮");
		assert_string_equal(json_string_value(json_object_get(
			json_object_get(data, "contact"), "phone")), "13912345678");
	}
	json_decref(batch);
	/* a byte budget smaller than one record still lets one through */
	body = head_batch(f, 100, 10, &n);
	assert_int_equal(n, 1);
	json_decref(body_records(body, 1));
	/* each record sent counts an upload attempt: twice for the first */
	assert_int_equal(store_fixture_int(f->path, "SELECT attempts FROM outbox ORDER BY rowid"),
			 2);
	assert_int_equal(store_fixture_int(f->path, "SELECT SUM(attempts) FROM outbox"), 4);
}

/* A batch read ahead starts after the one before it, which is still queued
 * (in flight), in queue order — rows filed in the same second by rowid —
 * and one that never went out has its upload attempt taken back. */
static void test_batch_after_and_unsent(void **state)
{
	struct store_fixture *f = *state;
	struct mq_outbox_batch b[4];
	json_t *batch;

	/* all five filed in the same second: the order is the rowid's */
	assert_int_equal(store_fixture_int(f->path, "UPDATE outbox SET queued_at = 1790000000"),
			 -1);
	assert_int_equal(mq_outbox_batch(f->store, NULL, 2, 1 << 20, &b[0]), MQ_OK);
	for (int i = 1; i < 4; i++)
		assert_int_equal(mq_outbox_batch(f->store, &b[i - 1], 2, 1 << 20, &b[i]), MQ_OK);
	assert_int_equal(b[0].count, 2);
	assert_int_equal(b[1].count, 2);
	assert_int_equal(b[2].count, 1);
	assert_int_equal(b[3].count, 0);
	for (int i = 0; i < 3; i++) {
		batch = body_records(b[i].body, b[i].count);
		b[i].body = NULL;
		for (size_t j = 0; j < json_array_size(batch); j++)
			assert_string_equal(json_string_value(json_object_get(
				json_array_get(batch, j), "id")), RECEIPTS(f)[2 * i + (int)j].id);
		json_decref(batch);
	}
	assert_string_equal(b[3].body, "{\"records\":[]}");
	assert_int_equal(store_fixture_int(f->path, "SELECT SUM(attempts) FROM outbox"), 5);
	/* the last one never went out */
	mq_outbox_batch_unsent(f->store, &b[2]);
	assert_int_equal(store_fixture_int(f->path, "SELECT SUM(attempts) FROM outbox"), 4);
	assert_int_equal(store_fixture_int(f->path, "SELECT attempts FROM outbox ORDER BY rowid "
					   "DESC LIMIT 1"), 0);
	for (int i = 0; i < 4; i++)
		mq_outbox_batch_free(&b[i]);
}

/* A batch that goes out beside another takes opinions only: it stops
 * (held) before the first record of another kind, even when that is its
 * first, and still ends where the one before it ended; the next ordinary
 * batch starts at that record. */
static void test_batch_beside_holds_at_other_kinds(void **state)
{
	struct store_fixture *f = *state;
	struct mq_outbox_batch b[3];

	/* the third of five is a check-in (the store files opinions here) */
	assert_int_equal(store_fixture_int(f->path, "UPDATE outbox SET kind = 'checkin' "
					   "WHERE rowid = (SELECT rowid FROM outbox ORDER BY rowid "
					   "LIMIT 1 OFFSET 2)"), -1);
	assert_int_equal(mq_outbox_batch_beside(f->store, NULL, 10, 1 << 20, &b[0]), MQ_OK);
	assert_int_equal(b[0].count, 2);
	assert_true(b[0].held);
	assert_int_equal(mq_outbox_batch_beside(f->store, &b[0], 10, 1 << 20, &b[1]), MQ_OK);
	assert_int_equal(b[1].count, 0);
	assert_true(b[1].held);
	assert_string_equal(b[1].body, "{\"records\":[]}");
	assert_true(b[1].last_rowid == b[0].last_rowid &&
		    b[1].last_queued_at == b[0].last_queued_at);
	assert_int_equal(mq_outbox_batch(f->store, &b[1], 10, 1 << 20, &b[2]), MQ_OK);
	assert_int_equal(b[2].count, 3);
	assert_false(b[2].held);
	assert_non_null(strstr(b[2].body, RECEIPTS(f)[2].id));
	assert_ptr_equal(strstr(b[2].body, "\"kind\":\"checkin\""),
			 strstr(b[2].body, "\"kind\":"));   /* the check-in comes first */
	assert_int_equal(store_fixture_int(f->path, "SELECT SUM(attempts) FROM outbox"), 5);
	for (int i = 0; i < 3; i++)
		mq_outbox_batch_free(&b[i]);
}

/* A row whose data is no JSON (edited by hand) stays queued and out of the
 * body: the body the server gets is always JSON. */
static void test_batch_skips_damaged_data(void **state)
{
	struct store_fixture *f = *state;
	char sql[160], *body;
	size_t n;
	json_t *batch;

	snprintf(sql, sizeof sql, "UPDATE outbox SET data = '{\"text\": \"cut' WHERE id = '%s'",
		 RECEIPTS(f)[1].id);
	assert_int_equal(store_fixture_int(f->path, sql), -1);   /* no row: an UPDATE */
	body = head_batch(f, 3, 1 << 20, &n);
	assert_int_equal(n, 2);
	batch = body_records(body, 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(batch, 0), "id")),
			    RECEIPTS(f)[0].id);
	assert_string_equal(json_string_value(json_object_get(json_array_get(batch, 1), "id")),
			    RECEIPTS(f)[2].id);
	json_decref(batch);
	assert_int_equal(store_fixture_int(f->path, "SELECT COUNT(*) FROM outbox WHERE "
					   "state = 'queued'"), 5);
}

static void test_settle_rules(void **state)
{
	struct store_fixture *f = *state;
	struct mq_outbox_stats st;
	json_t *batch;
	char *body;
	size_t n;

	assert_int_equal(mq_outbox_stats(f->store, &st), MQ_OK);
	assert_int_equal(st.queued, 5);
	assert_int_equal(st.oldest_queued_at, 1790000000);

	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[0].id, "stored", NULL, 5), MQ_OK);
	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[1].id, "duplicate", NULL, 5), MQ_OK);
	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[2].id, "invalid", "bad category", 5),
			 MQ_OK);
	/* results that do not name a queued record change nothing */
	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[0].id, "stored", NULL, 5),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_outbox_settle(f->store, "00000000-0000-4000-8000-000000000000",
					  "stored", NULL, 5), MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[3].id, "ok", NULL, 5), MQ_ERR_INVALID);

	assert_int_equal(mq_outbox_stats(f->store, &st), MQ_OK);
	assert_int_equal(st.queued, 2);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.oldest_queued_at, 1790000003);
	body = head_batch(f, 100, 1 << 20, &n);
	batch = body_records(body, 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(batch, 0), "id")),
			    RECEIPTS(f)[3].id);
	json_decref(batch);
}

static void test_ack_wipes_name_and_phone(void **state)
{
	struct store_fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *st;
	int with_phone = -1;

	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[0].id, "stored", NULL, 5), MQ_OK);
	assert_int_equal(mq_outbox_settle(f->store, RECEIPTS(f)[1].id, "conflict", "differs", 5), MQ_OK);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM outbox WHERE "
					    "data LIKE '%13912345678%' OR data LIKE '%李先生%'",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	with_phone = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* 3 still queued + 1 rejected keep theirs; the acknowledged one does not */
	assert_int_equal(with_phone, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_oldest_first_and_bounded, setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batch_after_and_unsent, setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batch_beside_holds_at_other_kinds, setup,
						store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batch_skips_damaged_data, setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_settle_rules, setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ack_wipes_name_and_phone, setup, store_fixture_teardown),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
