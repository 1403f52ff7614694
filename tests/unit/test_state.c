/* test_state.c — the kiosk state parsed into structs (mq_state.h): the
 * empty state before the first sync, every list of a full document, what
 * an absent or malformed value becomes, and the lookups the screens use. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mq_state.h"

static const char doc_text[] =
	"{\"studio\":{\"id\":\"hubin\",\"name\":\"湖滨街道委员工作室\",\"street\":\"湖滨街道\"},"
	"\"categories\":[{\"key\":\"traffic\",\"name\":\"交通出行\"},{\"key\":\"x\",\"name\":\"\"},"
	"{\"key\":\"x\",\"name\":\"后来的名字\"},7],"
	"\"communities\":[{\"key\":\"yongjin\",\"name\":\"涌金社区\"}],"
	"\"members\":[{\"key\":\"hubin-01\",\"name\":\"王建国\",\"sector\":\"经济界\","
	"\"expertise\":\"商贸\",\"badge_hash\":\"aa11\",\"pin_hash\":\"$argon2id$x\"},"
	"{\"key\":\"hubin-02\"}],"
	"\"shifts\":[{\"id\":\"s1\",\"member\":\"hubin-01\",\"start\":\"2026-11-19T01:00:00Z\","
	"\"end\":\"2026-11-19T03:00:00Z\",\"slots\":[{\"id\":\"v1\",\"start\":\"2026-11-19T01:00:00Z\","
	"\"end\":\"bad\",\"free\":2}],\"bookings\":[{\"id\":\"b1\",\"slot\":\"v1\",\"name\":\"王**\","
	"\"topic\":\"\",\"status\":\"booked\"}]},{\"id\":\"s2\",\"start\":3}],"
	"\"resolved\":[{\"category\":\"traffic\",\"title\":\"红绿灯\",\"outcome\":\"已延长\"}],"
	"\"stages\":[{\"token\":\"T\",\"stage\":\"research\",\"at\":\"2026-11-19T01:00:00Z\"}],"
	"\"cursor\":\"42\",\"service_pin_hash\":\"$argon2id$technician\"}";

static void test_empty(void **state)
{
	struct mq_state *st = mq_state_from_json(NULL);

	(void)state;
	assert_non_null(st);
	assert_null(st->studio.name);
	assert_null(st->service_pin_hash);            /* no technician PIN before a sync */
	assert_int_equal(st->n_categories + st->n_communities + st->n_members + st->n_shifts +
				 st->n_resolved + st->n_stages, 0);
	assert_null(mq_state_member(st, "hubin-01"));
	assert_null(mq_state_slot_find(st, "v1", NULL));
	mq_state_destroy(st);
	mq_state_destroy(NULL);
}

static void test_full(void **state)
{
	json_t *doc = json_loads(doc_text, 0, NULL);
	struct mq_state *st = mq_state_from_json(doc);
	const struct mq_state_shift *sh;

	(void)state;
	json_decref(doc);              /* the state keeps its own reference */
	assert_non_null(st);
	assert_string_equal(st->studio.street, "湖滨街道");
	assert_string_equal(st->cursor, "42");
	assert_string_equal(st->service_pin_hash, "$argon2id$technician");
	assert_int_equal(st->n_categories, 4);
	assert_null(st->categories[3].key);           /* 7 is no object */
	assert_int_equal(st->n_members, 2);
	assert_string_equal(st->members[0].badge_hash, "aa11");
	assert_null(st->members[1].name);
	assert_int_equal(st->n_shifts, 2);
	sh = &st->shifts[0];
	assert_true(sh->at.has_start && sh->at.has_end);
	assert_int_equal(sh->at.end - sh->at.start, 7200);
	assert_int_equal(sh->n_slots, 1);
	assert_true(sh->slots[0].at.has_start);
	assert_false(sh->slots[0].at.has_end);
	assert_int_equal(sh->slots[0].at.end, 0);
	assert_int_equal(sh->slots[0].free, 2);
	assert_true(sh->lists_bookings);
	assert_string_equal(sh->bookings[0].name, "王**");
	assert_false(st->shifts[1].lists_bookings);   /* an older server sends none */
	assert_false(st->shifts[1].at.has_start);
	assert_null(st->shifts[1].member);
	assert_string_equal(st->resolved[0].outcome, "已延长");
	assert_string_equal(st->stages[0].stage, "research");
	mq_state_destroy(st);
}

static void test_lookups(void **state)
{
	json_t *doc = json_loads(doc_text, 0, NULL);
	struct mq_state *st = mq_state_from_json(doc);
	const struct mq_state_shift *sh = NULL;

	(void)state;
	json_decref(doc);
	assert_non_null(st);
	assert_string_equal(mq_state_member(st, "hubin-01")->name, "王建国");
	assert_null(mq_state_member(st, NULL));
	assert_string_equal(mq_state_member_name(st, "hubin-01"), "王建国");
	assert_null(mq_state_member_name(st, "hubin-02"));       /* no name */
	assert_null(mq_state_member_name(st, ""));
	assert_string_equal(mq_state_named_find(st->categories, st->n_categories, "traffic"),
			    "交通出行");
	/* an entry without a name is passed over for a later one with one */
	assert_string_equal(mq_state_named_find(st->categories, st->n_categories, "x"),
			    "后来的名字");
	assert_null(mq_state_named_find(st->categories, st->n_categories, NULL));
	assert_non_null(mq_state_slot_find(st, "v1", &sh));
	assert_string_equal(sh->id, "s1");
	sh = NULL;
	assert_null(mq_state_slot_find(st, "nope", &sh));
	assert_null(sh);
	mq_state_destroy(st);
}

/* The district's limits and the official calendar from the state pull: the
 * kiosk promises the same day as the server — the example: filed on
 * Tue 2026-09-29, 分析研判 is due on Mon 2026-10-12. */
static void test_deadlines(void **state)
{
	static const char with[] =
		"{\"deadlines\":{\"triage\":5,\"answer\":15,\"close\":30},\"calendar\":{\"years\":[2026],"
		"\"holidays\":[\"2026-10-01\",\"2026-10-02\",\"2026-10-03\",\"2026-10-04\",\"2026-10-05\","
		"\"2026-10-06\",\"2026-10-07\",\"bad\",3],\"workdays\":[\"2026-09-20\",\"2026-10-10\"]}}";
	static const char odd[] = "{\"deadlines\":{\"triage\":-3,\"answer\":\"x\"},\"calendar\":7}";
	json_t *doc = json_loads(with, 0, NULL);
	struct mq_state *st = mq_state_from_json(doc);
	int64_t filed = mq_workday_midnight(mq_workday_day(2026, 9, 29)) + 10 * 3600;
	char out[11];

	(void)state;
	assert_non_null(st);
	assert_int_equal(st->limits.triage, 5);
	assert_true(mq_calendar_knows_year(st->calendar, 2026));
	mq_workday_format(mq_state_triage_due_day(st, filed), out);
	assert_string_equal(out, "2026-10-12");
	mq_state_destroy(st);
	json_decref(doc);
	/* nonsense and absence: the defaults, Monday to Friday */
	doc = json_loads(odd, 0, NULL);
	st = mq_state_from_json(doc);
	assert_non_null(st);
	assert_int_equal(st->limits.triage, 5);
	assert_int_equal(st->limits.answer, 15);
	assert_int_equal(st->limits.close, 30);
	mq_workday_format(mq_state_triage_due_day(st, filed), out);
	assert_string_equal(out, "2026-10-06");
	mq_state_destroy(st);
	json_decref(doc);
	st = mq_state_from_json(NULL);
	assert_non_null(st->calendar);
	mq_state_destroy(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_deadlines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
