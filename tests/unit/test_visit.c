/* test_visit.c — the rules behind booking and check-in (mq_visit.h): free
 * places net of unanswered bookings, which slots are offered, member
 * numbers, and the PIN lockout by the UI clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mq_visit.h"

static void test_slot_free(void **state)
{
	(void)state;
	assert_int_equal(mq_visit_slot_free(2, 0), 2);
	assert_int_equal(mq_visit_slot_free(2, 1), 1);
	assert_int_equal(mq_visit_slot_free(2, 2), 0);
	assert_int_equal(mq_visit_slot_free(1, 3), 0);      /* never below 0 */
	assert_int_equal(mq_visit_slot_free(0, 0), 0);
	assert_int_equal(mq_visit_slot_free(-1, 0), 0);     /* a bad state value */
	assert_int_equal(mq_visit_slot_free(2, -1), 2);     /* the store could not count */
}

static void test_slot_offered(void **state)
{
	(void)state;
	assert_true(mq_visit_slot_offered(1001, 1000));
	assert_false(mq_visit_slot_offered(1000, 1000));    /* begun */
	assert_false(mq_visit_slot_offered(999, 1000));
}

static void test_member_number(void **state)
{
	char n[16];

	(void)state;
	mq_visit_member_number("hubin-01", n, sizeof(n));
	assert_string_equal(n, "01");
	mq_visit_member_number("xiao-ying-12", n, sizeof(n));
	assert_string_equal(n, "12");
	mq_visit_member_number("nodigits", n, sizeof(n));
	assert_string_equal(n, "");
	mq_visit_member_number("hubin-a1", n, sizeof(n));
	assert_string_equal(n, "");
	assert_true(mq_visit_member_number_matches("hubin-01", "01"));
	assert_true(mq_visit_member_number_matches("hubin-01", "1"));
	assert_true(mq_visit_member_number_matches("hubin-01", "0001"));
	assert_false(mq_visit_member_number_matches("hubin-01", "10"));
	assert_false(mq_visit_member_number_matches("hubin-10", "1"));
	assert_true(mq_visit_member_number_matches("hubin-10", "10"));
	assert_false(mq_visit_member_number_matches("hubin-01", ""));
	assert_false(mq_visit_member_number_matches("hubin-01", "x1"));
	assert_false(mq_visit_member_number_matches(NULL, "1"));
}

static void test_pin_lockout(void **state)
{
	struct mq_visit_pin_guard g;
	int64_t t = 1000000;

	(void)state;
	memset(&g, 0, sizeof(g));
	assert_int_equal(mq_visit_pin_guard_wait(&g, "hubin-01", t), 0);
	for (int i = 1; i < MQ_VISIT_PIN_TRIES; i++)
		assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", t + i), MQ_VISIT_PIN_TRIES - i);
	assert_int_equal(mq_visit_pin_guard_wait(&g, "hubin-01", t + 10), 0);
	/* the fifth wrong try locks the member and the pad for 5 minutes */
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", t + 10), 0);
	assert_int_equal(mq_visit_pin_guard_wait(&g, "hubin-01", t + 10), MQ_VISIT_PIN_LOCK_MS);
	assert_true(mq_visit_pin_guard_wait(&g, "hubin-02", t + 11) > 0);   /* the pad */
	assert_true(mq_visit_pin_guard_wait(&g, NULL, t + 11) > 0);
	assert_true(mq_visit_pin_guard_wait(&g, "hubin-01", t + 10 + MQ_VISIT_PIN_LOCK_MS - 1) == 1);
	/* 5 minutes later (clock +301 in a script) it opens, with a fresh count */
	assert_int_equal(mq_visit_pin_guard_wait(&g, "hubin-01", t + 10 + MQ_VISIT_PIN_LOCK_MS), 0);
	assert_int_equal(mq_visit_pin_guard_wait(&g, NULL, t + 10 + MQ_VISIT_PIN_LOCK_MS), 0);
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", t + 400000), MQ_VISIT_PIN_TRIES - 1);
	/* a right PIN forgets the wrong tries */
	mq_visit_pin_guard_ok(&g, "hubin-01");
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", t + 400001), MQ_VISIT_PIN_TRIES - 1);
}

static void test_pin_guard_members_apart(void **state)
{
	struct mq_visit_pin_guard g;
	char key[16];

	(void)state;
	memset(&g, 0, sizeof(g));
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", 1), MQ_VISIT_PIN_TRIES - 1);
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-02", 2), MQ_VISIT_PIN_TRIES - 1);
	assert_int_equal(mq_visit_pin_guard_fail(&g, "hubin-01", 3), MQ_VISIT_PIN_TRIES - 2);
	/* more members than entries: still counts, never overflows */
	for (int i = 0; i < MQ_VISIT_PIN_GUARD_MAX * 2; i++) {
		snprintf(key, sizeof(key), "m-%d", i);
		assert_int_equal(mq_visit_pin_guard_fail(&g, key, 10 + i), MQ_VISIT_PIN_TRIES - 1);
	}
}

/* The track screen's code lookup: 5 misses lock it for 1 minute, the next
 * lock lasts 2, then 4 ... up to 30; a find resets the misses, not the
 * growth; an hour of quiet starts over. */
static void test_code_guard_grows(void **state)
{
	struct mq_visit_code_guard g = { 0 };
	int64_t now = 1000;
	int64_t locks[7];

	(void)state;
	for (int k = 0; k < 7; k++) {
		for (int i = 1; i < MQ_VISIT_CODE_TRIES; i++)
			assert_int_equal(mq_visit_code_guard_miss(&g, now), MQ_VISIT_CODE_TRIES - i);
		assert_int_equal(mq_visit_code_guard_wait(&g, now), 0);
		assert_int_equal(mq_visit_code_guard_miss(&g, now), 0);
		locks[k] = mq_visit_code_guard_wait(&g, now);
		now += locks[k];
		assert_int_equal(mq_visit_code_guard_wait(&g, now), 0);
	}
	assert_int_equal(locks[0], 60 * 1000);
	assert_int_equal(locks[1], 120 * 1000);
	assert_int_equal(locks[2], 240 * 1000);
	assert_int_equal(locks[5], MQ_VISIT_CODE_LOCK_MAX_MS);
	assert_int_equal(locks[6], MQ_VISIT_CODE_LOCK_MAX_MS);
	/* a found code: the misses start over, the next lock is still long */
	assert_int_equal(mq_visit_code_guard_miss(&g, now), MQ_VISIT_CODE_TRIES - 1);
	mq_visit_code_guard_found(&g);
	for (int i = 1; i < MQ_VISIT_CODE_TRIES; i++)
		(void)mq_visit_code_guard_miss(&g, now);
	assert_int_equal(mq_visit_code_guard_miss(&g, now), 0);
	assert_int_equal(mq_visit_code_guard_wait(&g, now), MQ_VISIT_CODE_LOCK_MAX_MS);
	/* an hour of quiet after the lock: a fresh start */
	now += MQ_VISIT_CODE_LOCK_MAX_MS + MQ_VISIT_CODE_FORGET_MS + 1;
	for (int i = 1; i < MQ_VISIT_CODE_TRIES; i++)
		(void)mq_visit_code_guard_miss(&g, now);
	assert_int_equal(mq_visit_code_guard_miss(&g, now), 0);
	assert_int_equal(mq_visit_code_guard_wait(&g, now), MQ_VISIT_CODE_LOCK_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot_free),
		cmocka_unit_test(test_slot_offered),
		cmocka_unit_test(test_member_number),
		cmocka_unit_test(test_pin_lockout),
		cmocka_unit_test(test_pin_guard_members_apart),
		cmocka_unit_test(test_code_guard_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
