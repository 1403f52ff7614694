/* test_workday.c — working days of the official calendar (common/mq_workday),
 * the arithmetic the kiosk and the server share, against the State
 * Council's 2026 notice (国务院办公厅, 2025-11-04) as the issue tabulates it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "mq_time.h"
#include "mq_workday.h"

/* The 2026 notice: holidays, then the weekend days that are working days. */
static const char *const holidays_2026[] = {
	"2026-01-01", "2026-01-02", "2026-01-03",                                 /* 元旦 */
	"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",     /* 春节 */
	"2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
	"2026-04-04", "2026-04-05", "2026-04-06",                                 /* 清明 */
	"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",     /* 劳动节 */
	"2026-06-19", "2026-06-20", "2026-06-21",                                 /* 端午 */
	"2026-09-25", "2026-09-26", "2026-09-27",                                 /* 中秋 */
	"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05",     /* 国庆 */
	"2026-10-06", "2026-10-07",
};
static const char *const workdays_2026[] = {
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};

static int64_t day(const char *s)
{
	int64_t d = 0;

	assert_true(mq_workday_parse(s, &d));
	return d;
}

static struct mq_calendar *calendar_2026(void)
{
	struct mq_calendar *c = mq_calendar_create();

	assert_non_null(c);
	assert_true(mq_calendar_add_year(c, 2026));
	/* added out of order on purpose: the calendar keeps them sorted */
	for (size_t i = sizeof holidays_2026 / sizeof holidays_2026[0]; i-- > 0;)
		assert_true(mq_calendar_add_day(c, day(holidays_2026[i]), false));
	for (size_t i = 0; i < sizeof workdays_2026 / sizeof workdays_2026[0]; i++)
		assert_true(mq_calendar_add_day(c, day(workdays_2026[i]), true));
	return c;
}

/* UTC unix time of local (Asia/Shanghai) @p date at @p hh:@p mm. */
static int64_t local(const char *date, int hh, int mm)
{
	return mq_workday_midnight(day(date)) + hh * 3600 + mm * 60;
}

static void fmt(int64_t d, char out[11])
{
	mq_workday_format(d, out);
}

/* The issue's example: collected on Tuesday 2026-09-29, 分析研判 within 5
 * working days is due at the end of Monday 2026-10-12 (Sep 30, then the
 * 调休 Saturday Oct 10, Oct 8, 9, 12); Monday to Friday alone says Oct 6. */
static void test_issue_example(void **state)
{
	struct mq_calendar *c = calendar_2026();
	int64_t collected = local("2026-09-29", 10, 30);
	char out[11], md[32];

	(void)state;
	fmt(mq_workday_due_day(c, collected, 5), out);
	assert_string_equal(out, "2026-10-12");
	assert_int_equal(mq_workday_due(c, collected, 5), local("2026-10-13", 0, 0));
	mq_workday_format_md(mq_workday_due_day(c, collected, 5), md, sizeof md);
	assert_string_equal(md, "10月12日");
	fmt(mq_workday_due_day(NULL, collected, 5), out);
	assert_string_equal(out, "2026-10-06");
	/* late on the 29th local time is still the 29th: counting starts on the 30th */
	fmt(mq_workday_due_day(c, local("2026-09-29", 23, 59), 5), out);
	assert_string_equal(out, "2026-10-12");
	/* one minute after local midnight is the 30th already */
	fmt(mq_workday_due_day(c, local("2026-09-30", 0, 1), 5), out);
	assert_string_equal(out, "2026-10-13");
	mq_calendar_destroy(c);
}

static void test_which_days_work(void **state)
{
	struct mq_calendar *c = calendar_2026();

	(void)state;
	assert_false(mq_workday_is_workday(c, day("2026-10-01")));    /* 国庆, a Thursday */
	assert_true(mq_workday_is_workday(c, day("2026-10-10")));     /* 调休, a Saturday */
	assert_true(mq_workday_is_workday(c, day("2026-09-20")));     /* 调休, a Sunday */
	assert_false(mq_workday_is_workday(c, day("2026-10-11")));    /* a plain Sunday */
	assert_true(mq_workday_is_workday(c, day("2026-10-09")));     /* a plain Friday */
	assert_false(mq_workday_is_workday(c, day("2026-02-23")));    /* 春节, a Monday */
	/* a year without a notice is Monday to Friday: 2027-01-01 is a Friday */
	assert_false(mq_calendar_knows_year(c, 2027));
	assert_true(mq_workday_is_workday(c, day("2027-01-01")));
	assert_int_equal(mq_workday_weekday(day("2026-09-29")), 2);
	/* the whole year: 365 days, 104 of them weekend days; 33 holidays of
	 * which 19 fall on a weekday; 6 weekend days worked: 261 - 19 + 6 */
	assert_int_equal(mq_workday_count(c, day("2025-12-31"), day("2026-12-31")), 248);
	assert_int_equal(mq_workday_count(c, day("2026-10-12"), day("2026-10-12")), 0);
	assert_int_equal(mq_workday_count(c, day("2026-10-12"), day("2026-10-11")), 0);
	mq_calendar_destroy(c);
}

static void test_the_three_limits(void **state)
{
	struct mq_calendar *c = calendar_2026();
	struct mq_workday_limits l = MQ_WORKDAY_LIMITS_DEFAULT;
	int64_t collected = local("2026-09-29", 9, 0);
	char out[11];

	(void)state;
	assert_int_equal(l.triage, 5);
	assert_int_equal(l.answer, 15);
	assert_int_equal(l.close, 30);
	fmt(mq_workday_due_day(c, collected, l.answer), out);
	assert_string_equal(out, "2026-10-26");
	fmt(mq_workday_due_day(c, collected, l.close), out);
	assert_string_equal(out, "2026-11-16");
	/* over 春节: collected Friday Feb 13, the 调休 Saturday 14th is day one,
	 * the holiday runs to the 23rd, then 24, 25, 26, 27 */
	fmt(mq_workday_due_day(c, local("2026-02-13", 15, 0), 5), out);
	assert_string_equal(out, "2026-02-27");
	/* collected on a holiday: counting starts on the next working day */
	fmt(mq_workday_due_day(c, local("2026-10-03", 11, 0), 1), out);
	assert_string_equal(out, "2026-10-08");
	/* a limit below one counts as one */
	fmt(mq_workday_due_day(c, local("2026-10-09", 11, 0), 0), out);
	assert_string_equal(out, "2026-10-10");
	mq_calendar_destroy(c);
}

static void test_calendar_building(void **state)
{
	struct mq_calendar *c = mq_calendar_create();
	const int64_t *days;
	const bool *work;
	const int *years;
	int64_t d = day("2026-03-02");
	int y, m, dd;

	(void)state;
	assert_true(mq_calendar_add_day(c, d + 1, false));
	assert_true(mq_calendar_add_day(c, d, false));
	assert_true(mq_calendar_add_day(c, d, true));                 /* replaces */
	assert_int_equal(mq_calendar_days(c, &days, &work), 2);
	assert_true(days[0] == d && work[0] && days[1] == d + 1 && !work[1]);
	assert_true(mq_calendar_add_year(c, 2027));
	assert_true(mq_calendar_add_year(c, 2026));
	assert_true(mq_calendar_add_year(c, 2026));
	assert_false(mq_calendar_add_year(c, 1999));
	assert_int_equal(mq_calendar_years(c, &years), 2);
	assert_true(years[0] == 2026 && years[1] == 2027);
	assert_int_equal(mq_calendar_days(NULL, &days, &work), 0);
	assert_false(mq_calendar_knows_year(NULL, 2026));
	mq_workday_date(day("2028-02-29"), &y, &m, &dd);
	assert_true(y == 2028 && m == 2 && dd == 29);
	assert_false(mq_workday_parse("2027-02-29", &d));
	assert_false(mq_workday_parse("2026-13-01", &d));
	assert_false(mq_workday_parse("1999-01-01", &d));
	assert_false(mq_workday_parse("2026-1-01", &d));
	assert_false(mq_workday_parse(NULL, &d));
	mq_calendar_destroy(c);
	mq_calendar_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_example),
		cmocka_unit_test(test_which_days_work),
		cmocka_unit_test(test_the_three_limits),
		cmocka_unit_test(test_calendar_building),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
