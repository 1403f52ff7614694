/* mq_workday.c — working days of the official calendar (mq_workday.h).
 * The civil-date conversions are Howard Hinnant's algorithms; China has had
 * no daylight saving since 1991, so local time is UTC+8 and needs no tzdata.
 * The server's date helpers (server/util/date.c) use the same conversions. */
#include "mq_workday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_time.h"

struct mq_calendar {
	int64_t *days;          /* sorted, unique */
	bool *workday;          /* parallel to days */
	size_t n;
	int *years;             /* sorted, unique */
	size_t n_years;
};

int64_t mq_workday_day(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void mq_workday_date(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t mq_workday_day_of(int64_t t)
{
	int64_t local = t + MQ_SHANGHAI_OFFSET_S;

	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

int64_t mq_workday_midnight(int64_t day)
{
	return day * 86400 - MQ_SHANGHAI_OFFSET_S;
}

static int days_in_month(int y, int m)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

bool mq_workday_parse(const char *s, int64_t *day)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !mq_time_parse_digits(s, 4, &y) || !mq_time_parse_digits(s + 5, 2, &m) ||
	    !mq_time_parse_digits(s + 8, 2, &d))
		return false;
	if (y < MQ_WORKDAY_YEAR_MIN || y > MQ_WORKDAY_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return false;
	*day = mq_workday_day(y, m, d);
	return true;
}

void mq_workday_format(int64_t day, char out[11])
{
	int y, m, d;

	mq_workday_date(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

void mq_workday_format_md(int64_t day, char *out, size_t size)
{
	int y, m, d;

	mq_workday_date(day, &y, &m, &d);
	snprintf(out, size, "%d月%d日", m, d);
}

int mq_workday_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday */
	return (int)(((day % 7) + 7 + 3) % 7) + 1;
}

/* ---- the calendar -------------------------------------------------------- */

struct mq_calendar *mq_calendar_create(void)
{
	return calloc(1, sizeof(struct mq_calendar));
}

void mq_calendar_destroy(struct mq_calendar *c)
{
	if (!c)
		return;
	free(c->days);
	free(c->workday);
	free(c->years);
	free(c);
}

bool mq_calendar_add_year(struct mq_calendar *c, int year)
{
	size_t i = 0;

	if (year < MQ_WORKDAY_YEAR_MIN || year > MQ_WORKDAY_YEAR_MAX)
		return false;
	while (i < c->n_years && c->years[i] < year)
		i++;
	if (i < c->n_years && c->years[i] == year)
		return true;
	if (!mq_array_reserve(&c->years, c->n_years, sizeof *c->years))
		return false;
	memmove(c->years + i + 1, c->years + i, (c->n_years - i) * sizeof *c->years);
	c->years[i] = year;
	c->n_years++;
	return true;
}

/* The index of the first exception not before @p day. */
static size_t lower_bound(const struct mq_calendar *c, int64_t day)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool mq_calendar_add_day(struct mq_calendar *c, int64_t day, bool workday)
{
	size_t i = lower_bound(c, day);

	if (i < c->n && c->days[i] == day) {
		c->workday[i] = workday;
		return true;
	}
	if (!mq_array_reserve(&c->days, c->n, sizeof *c->days) ||
	    !mq_array_reserve(&c->workday, c->n, sizeof *c->workday))
		return false;
	memmove(c->days + i + 1, c->days + i, (c->n - i) * sizeof *c->days);
	memmove(c->workday + i + 1, c->workday + i, (c->n - i) * sizeof *c->workday);
	c->days[i] = day;
	c->workday[i] = workday;
	c->n++;
	return true;
}

bool mq_calendar_knows_year(const struct mq_calendar *c, int year)
{
	for (size_t i = 0; c && i < c->n_years; i++)
		if (c->years[i] == year)
			return true;
	return false;
}

size_t mq_calendar_days(const struct mq_calendar *c, const int64_t **days, const bool **workday)
{
	*days = c ? c->days : NULL;
	*workday = c ? c->workday : NULL;
	return c ? c->n : 0;
}

size_t mq_calendar_years(const struct mq_calendar *c, const int **years)
{
	*years = c ? c->years : NULL;
	return c ? c->n_years : 0;
}

/* ---- counting ------------------------------------------------------------ */

bool mq_workday_is_workday(const struct mq_calendar *c, int64_t day)
{
	size_t i;

	if (c && c->n) {
		i = lower_bound(c, day);
		if (i < c->n && c->days[i] == day)
			return c->workday[i];
	}
	return mq_workday_weekday(day) <= 5;
}

int64_t mq_workday_nth(const struct mq_calendar *c, int64_t day, int n)
{
	int64_t d = day;

	if (n < 1)
		n = 1;
	while (n > 0) {
		d++;
		if (mq_workday_is_workday(c, d))
			n--;
	}
	return d;
}

int64_t mq_workday_due_day(const struct mq_calendar *c, int64_t event, int n)
{
	return mq_workday_nth(c, mq_workday_day_of(event), n);
}

int64_t mq_workday_due(const struct mq_calendar *c, int64_t event, int n)
{
	return mq_workday_midnight(mq_workday_due_day(c, event, n) + 1);
}

int mq_workday_count(const struct mq_calendar *c, int64_t from, int64_t to)
{
	int n = 0;

	for (int64_t d = from + 1; d <= to; d++)
		if (mq_workday_is_workday(c, d))
			n++;
	return n;
}
