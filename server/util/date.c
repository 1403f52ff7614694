/* date.c — Asia/Shanghai dates and their formats (mq_date.h).
 * China has had no daylight saving since 1991, so local time is UTC+8 and the
 * civil-date conversions (common/mq_workday.c) need no tzdata. */
#include "mq_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_time.h"
#include "mq_workday.h"

/* The day number arithmetic is the shared calendar's (mq_workday.h). */
static int64_t days_from_civil(int y, int m, int d)
{
	return mq_workday_day(y, m, d);
}

static struct mq_date civil_from_days(int64_t z)
{
	struct mq_date out;

	mq_workday_date(z, &out.y, &out.m, &out.d);
	return out;
}

bool mq_date_parse(const char *s, struct mq_date *out)
{
	int64_t day;

	if (!mq_workday_parse(s, &day))
		return false;
	*out = civil_from_days(day);
	return true;
}

bool mq_date_parse_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (!s || strlen(s) != 5 || s[2] != ':' || !mq_time_parse_digits(s, 2, &h) ||
	    !mq_time_parse_digits(s + 3, 2, &m))
		return false;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}

int64_t mq_date_local_time(const struct mq_date *d, int minutes)
{
	return days_from_civil(d->y, d->m, d->d) * 86400 + (int64_t)minutes * 60 -
	       MQ_SHANGHAI_OFFSET_S;
}

void mq_date_of(int64_t t, struct mq_date *out)
{
	*out = civil_from_days(mq_workday_day_of(t));
}

struct mq_date mq_date_add(const struct mq_date *d, int days)
{
	return civil_from_days(days_from_civil(d->y, d->m, d->d) + days);
}

int mq_date_weekday(const struct mq_date *d)
{
	return mq_workday_weekday(days_from_civil(d->y, d->m, d->d));
}

void mq_date_format(const struct mq_date *d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", d->y % 10000, d->m % 100, d->d % 100);
}

bool mq_date_parse_month(const char *s, int64_t *from, int64_t *to)
{
	struct mq_date d = { 0, 0, 1 }, next;

	if (!s || strlen(s) != 7 || s[4] != '-' || !mq_time_parse_digits(s, 4, &d.y) ||
	    !mq_time_parse_digits(s + 5, 2, &d.m))
		return false;
	if (d.y < 2000 || d.y > 2099 || d.m < 1 || d.m > 12)
		return false;
	next = (struct mq_date){ d.m == 12 ? d.y + 1 : d.y, d.m == 12 ? 1 : d.m + 1, 1 };
	*from = mq_date_local_time(&d, 0);
	*to = mq_date_local_time(&next, 0);
	return true;
}

static const char *const weekday_zh[7] = { "一", "二", "三", "四", "五", "六", "日" };

void mq_date_format_day(int64_t t, bool with_year, char *out, size_t size)
{
	struct mq_date d;

	mq_date_of(t, &d);
	if (with_year)
		snprintf(out, size, "%d年%d月%d日（周%s）", d.y, d.m, d.d,
			 weekday_zh[mq_date_weekday(&d) - 1]);
	else
		snprintf(out, size, "%d月%d日 周%s", d.m, d.d, weekday_zh[mq_date_weekday(&d) - 1]);
}

void mq_date_format_hours(int64_t start, int64_t end, char *out, size_t size)
{
	char a[8], b[8];

	mq_time_format_shanghai(start, "%H:%M", a, sizeof a);
	mq_time_format_shanghai(end, "%H:%M", b, sizeof b);
	snprintf(out, size, "%s–%s", a, b);
}

void mq_date_format_span(int64_t start, int64_t end, char *out, size_t size)
{
	char day[64], hours[32];

	mq_date_format_day(start, true, day, sizeof day);
	mq_date_format_hours(start, end, hours, sizeof hours);
	snprintf(out, size, "%s%s", day, hours);
}

void mq_date_format_zh(int64_t t, bool with_time, char *out, size_t size)
{
	char raw[32];
	long y, m, d;
	char *p;

	mq_time_format_shanghai(t, "%Y %m %d %H:%M", raw, sizeof raw);
	y = strtol(raw, &p, 10);
	m = strtol(p, &p, 10);
	d = strtol(p, &p, 10);
	while (*p == ' ')
		p++;
	if (with_time)
		snprintf(out, size, "%ld年%ld月%ld日 %s", y, m, d, p);
	else
		snprintf(out, size, "%ld年%ld月%ld日", y, m, d);
}

void mq_date_format_minute(int64_t t, char *out, size_t size)
{
	if (!t) {
		snprintf(out, size, "%s", "");
		return;
	}
	mq_time_format_shanghai(t, "%Y-%m-%d %H:%M", out, size);
}
