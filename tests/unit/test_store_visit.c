/* test_store_visit.c — bookings and attendance in the kiosk store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "mq_outbox.h"
#include "mq_store.h"
#include "mq_store_visit.h"
#include "store_fixture.h"

#define SLOT "hubin-20261127-0900"

static long long count(struct store_fixture *f, const char *sql)
{
	return store_fixture_int(f->path, sql);
}

static void book(struct store_fixture *f, struct mq_receipt *r)
{
	struct mq_booking_draft d = { SLOT, "王阿姨", "13800001111", "加装电梯", NULL };

	assert_int_equal(mq_store_add_booking(f->store, &d, 1790000000, r), MQ_OK);
}

static void test_booking_lifecycle(void **state)
{
	struct store_fixture *f = *state;
	struct mq_receipt r1, r2;
	struct mq_store_booking_view v;

	book(f, &r1);
	book(f, &r2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking'"), 2);
	assert_int_equal(mq_store_slot_pending(f->store, SLOT), 2);
	assert_int_equal(mq_store_find_booking(f->store, r1.short_code, &v), MQ_OK);
	assert_string_equal(v.status, "pending");
	assert_string_equal(v.token, r1.token);

	/* the server's answers: one place, one refusal */
	assert_int_equal(mq_outbox_settle(f->store, r1.id, "stored", NULL, 5), MQ_OK);
	assert_int_equal(mq_outbox_settle(f->store, r2.id, "conflict", "no place left", 5), MQ_OK);
	assert_int_equal(mq_store_slot_pending(f->store, SLOT), 0);
	assert_int_equal(mq_store_find_booking(f->store, r1.short_code, &v), MQ_OK);
	assert_string_equal(v.status, "booked");
	assert_int_equal(mq_store_find_booking(f->store, r2.short_code, &v), MQ_OK);
	assert_string_equal(v.status, "refused");
	/* acknowledged: name and phone are gone from the kiosk */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE data LIKE '%13800001111%'"), 1);

	/* cancel: a record of its own, once */
	assert_int_equal(mq_store_cancel_booking(f->store, r1.id, 6), MQ_OK);
	assert_int_equal(mq_store_find_booking(f->store, r1.short_code, &v), MQ_OK);
	assert_string_equal(v.status, "cancelled");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking_cancel'"), 1);
	assert_int_equal(mq_store_cancel_booking(f->store, r1.id, 7), MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_store_cancel_booking(f->store, "00000000-0000-4000-8000-000000000000",
						 7), MQ_ERR_NOT_FOUND);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking_cancel'"), 1);
}

static void test_bad_bookings_write_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct mq_receipt r;
	struct mq_booking_draft bad_phone = { SLOT, "王", "call me", NULL, NULL };
	struct mq_booking_draft no_name = { SLOT, NULL, "13800001111", NULL, NULL };
	struct mq_booking_draft bad_slot = { "Not A Slot", "王", "13800001111", NULL, NULL };
	struct mq_booking_draft two_lines = { SLOT, "王", "13800001111", "a\nb", NULL };

	assert_int_equal(mq_store_add_booking(f->store, &bad_phone, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(mq_store_add_booking(f->store, &no_name, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(mq_store_add_booking(f->store, &bad_slot, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(mq_store_add_booking(f->store, &two_lines, 1, &r), MQ_ERR_INVALID);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM bookings"), 0);
}

static void test_attendance(void **state)
{
	struct store_fixture *f = *state;
	struct mq_receipt r;
	char id[MQ_UUID_LEN + 1];
	struct mq_attendance_draft in = { false, "hubin-01", true, NULL, 0 };
	struct mq_booking_mark marks[1];
	struct mq_attendance_draft out = { true, "hubin-01", false, marks, 1 };
	struct mq_booking_mark bad = { "not-a-uuid", true };
	struct mq_attendance_draft bad_mark = { true, "hubin-01", false, &bad, 1 };

	assert_false(mq_store_member_present(f->store, "hubin-01", 0));
	assert_int_equal(mq_store_add_attendance(f->store, &in, 1790000000, id), MQ_OK);
	assert_true(mq_store_member_present(f->store, "hubin-01", 1789990000));
	assert_false(mq_store_member_present(f->store, "hubin-01", 1790000001));   /* not today */
	book(f, &r);
	marks[0] = (struct mq_booking_mark){ r.id, true };
	assert_int_equal(mq_store_add_attendance(f->store, &out, 1790003600, id), MQ_OK);
	assert_false(mq_store_member_present(f->store, "hubin-01", 1789990000));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='checkout' AND "
				  "json_extract(data, '$.bookings[0].status') = 'attended' AND "
				  "json_extract(data, '$.method') = 'pin'"), 1);
	assert_int_equal(mq_store_add_attendance(f->store, &bad_mark, 1, id), MQ_ERR_INVALID);
	in.member = "Not a key";
	assert_int_equal(mq_store_add_attendance(f->store, &in, 1, id), MQ_ERR_INVALID);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM attendance"), 2);
}

static const unsigned char key[32] = "device key device key device ke";

/* The id of the one booking_cancel record into @p out. */
static void cancel_id(struct store_fixture *f, char out[MQ_UUID_LEN + 1])
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM outbox WHERE kind='booking_cancel'",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, MQ_UUID_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* A resident cancels at the kiosk with the code and the phone's last 4
 * digits: only the HMAC of those stays once the booking is acknowledged,
 * a wrong code and wrong digits look the same, the place comes back to
 * the slot at once and stays counted until the server has the cancel. */
static void test_cancel_by_code(void **state)
{
	struct store_fixture *f = *state;
	struct mq_booking_draft d = { SLOT, "王阿姨", "13800001111", NULL, key };
	struct mq_booking_draft other_key = { SLOT, "李", "13900002222", NULL, NULL };
	struct mq_receipt r, r2;
	struct mq_store_booking_view v;
	unsigned char wrong_key[32] = { 0 };
	char id[MQ_UUID_LEN + 1];

	assert_int_equal(mq_store_add_booking(f->store, &d, 1790000000, &r), MQ_OK);
	assert_int_equal(mq_store_add_booking(f->store, &other_key, 1790000000, &r2), MQ_OK);
	assert_int_equal(mq_outbox_settle(f->store, r.id, "stored", NULL, 5), MQ_OK);
	/* acknowledged: the phone is wiped, the HMAC (not the digits) stays */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE data LIKE '%1111%'"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM bookings WHERE length(phone_tail_mac) = 64 "
				  "AND phone_tail_mac NOT LIKE '%1111%'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM bookings WHERE phone_tail_mac IS NULL"), 1);
	assert_int_equal(mq_store_slot_released(f->store, SLOT), 0);

	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "1112", key, 6, &v),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "1111", wrong_key, 6, &v),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_store_cancel_by_code(f->store, "00000000", "1111", key, 6, &v),
			 MQ_ERR_NOT_FOUND);
	/* booked without a key: not cancellable here, and said like a wrong number */
	assert_int_equal(mq_store_cancel_by_code(f->store, r2.short_code, "2222", key, 6, &v),
			 MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "111", key, 6, &v),
			 MQ_ERR_INVALID);
	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "11a1", key, 6, &v),
			 MQ_ERR_INVALID);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking_cancel'"), 0);

	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "1111", key, 7, &v),
			 MQ_OK);
	assert_string_equal(v.id, r.id);
	assert_string_equal(v.status, "cancelled");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking_cancel' AND "
				  "state='queued' AND json_extract(data, '$.booking') = "
				  "(SELECT id FROM bookings WHERE phone_tail_mac IS NOT NULL)"), 1);
	/* the server counted the booking: the kiosk gives the place back itself */
	assert_int_equal(mq_store_slot_released(f->store, SLOT), 1);
	/* twice: the right booking, already cancelled */
	assert_int_equal(mq_store_cancel_by_code(f->store, r.short_code, "1111", key, 8, &v),
			 MQ_ERR_CONFLICT);
	assert_string_equal(v.status, "cancelled");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE kind='booking_cancel'"), 1);
	/* the server has the cancel: its own count says so from now on */
	cancel_id(f, id);
	assert_int_equal(mq_outbox_settle(f->store, id, "stored", NULL, 9), MQ_OK);
	assert_int_equal(mq_store_slot_released(f->store, SLOT), 0);
}

static void test_schema_is_version_5(void **state)
{
	struct store_fixture *f = *state;

	assert_int_equal(count(f, "PRAGMA user_version"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_booking_lifecycle, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_bookings_write_nothing, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_attendance, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cancel_by_code, store_fixture_setup, store_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_schema_is_version_5, store_fixture_setup, store_fixture_teardown),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
