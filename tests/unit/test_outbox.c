/* test_outbox.c — batches, settling by result, personal data wiped on acknowledgement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
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

static void test_batch_oldest_first_and_bounded(void **state)
{
	struct store_fixture *f = *state;
	json_t *batch;

	assert_int_equal(mq_outbox_batch(f->store, 3, 1 << 20, &batch), MQ_OK);
	assert_int_equal(json_array_size(batch), 3);
	for (int i = 0; i < 3; i++) {
		json_t *rec = json_array_get(batch, (size_t)i);
		assert_string_equal(json_string_value(json_object_get(rec, "id")), RECEIPTS(f)[i].id);
		assert_string_equal(json_string_value(json_object_get(rec, "kind")), "opinion");
		assert_true(json_is_object(json_object_get(rec, "data")));
	}
	json_decref(batch);
	/* a byte budget smaller than one record still lets one through */
	assert_int_equal(mq_outbox_batch(f->store, 100, 10, &batch), MQ_OK);
	assert_int_equal(json_array_size(batch), 1);
	json_decref(batch);
}

static void test_settle_rules(void **state)
{
	struct store_fixture *f = *state;
	struct mq_outbox_stats st;
	json_t *batch;

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
	assert_int_equal(mq_outbox_batch(f->store, 100, 1 << 20, &batch), MQ_OK);
	assert_int_equal(json_array_size(batch), 2);
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
		cmocka_unit_test_setup_teardown(test_settle_rules, setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ack_wipes_name_and_phone, setup, store_fixture_teardown),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
