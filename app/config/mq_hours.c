/* mq_hours.c — opening hours parsed into minutes of the week (mq_hours.h).
 * China keeps no daylight saving time: Asia/Shanghai is UTC+8 all year. */
#include "mq_hours.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mq_time.h"

#define DAY_MIN 1440
#define WEEK_MIN (7 * DAY_MIN)

static const char *const days3[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

void mq_hours_always(struct mq_hours *h)
{
	memset(h, 0, sizeof(*h));
	h->always = true;
}

/* A day name at *s (3 or 2 letters, any case) into 0 (Monday) .. 6; moves *s. */
static bool parse_day(const char **s, int *day)
{
	for (int d = 0; d < 7; d++) {
		size_t len = strncasecmp(*s, days3[d], 3) == 0 ? 3
			   : strncasecmp(*s, days3[d], 2) == 0 ? 2 : 0;
		char next = len ? (*s)[len] : 'x';

		if (len && !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))) {
			*day = d;
			*s += len;
			return true;
		}
	}
	return false;
}

/* H:MM or HH:MM (0:00 .. 24:00) at *s into minutes of the day; moves *s. */
static bool parse_time(const char **s, int *min)
{
	const char *p = *s;
	int hh = 0, mm, digits = 0;

	while (*p >= '0' && *p <= '9' && digits < 3) {
		hh = hh * 10 + (*p++ - '0');
		digits++;
	}
	if (digits < 1 || digits > 2 || *p != ':' || !mq_time_parse_digits(p + 1, 2, &mm) ||
	    mm > 59 || hh > 24 || (hh == 24 && mm) || (p[3] >= '0' && p[3] <= '9'))
		return false;
	*min = hh * 60 + mm;
	*s = p + 3;
	return true;
}

static const char *skip(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Add [from, to) of day @p d to @p h. */
static bool add(struct mq_hours *h, int d, int from, int to)
{
	if (h->n >= MQ_HOURS_MAX)
		return false;
	h->open[h->n].from = d * DAY_MIN + from;
	h->open[h->n].to = d * DAY_MIN + to;
	h->n++;
	return true;
}

/* One entry at *s: days, then time ranges. Moves *s past it (to ';', ',' or
 * the end); says what is wrong in @p why otherwise. */
static bool parse_entry(const char **s, struct mq_hours *h, char *why, size_t size)
{
	const char *p = skip(*s);
	int first, last;
	bool any = false;

	if (strncasecmp(p, "daily", 5) == 0) {
		first = 0;
		last = 6;
		p += 5;
	} else if (parse_day(&p, &first)) {
		last = first;
		if (*p == '-' && (p++, !parse_day(&p, &last))) {
			snprintf(why, size, "a day range needs two days, e.g. Mon-Fri");
			return false;
		}
	} else {
		snprintf(why, size, "\"%.12s\" is not a day (Mon Tue Wed Thu Fri Sat Sun, or daily)", p);
		return false;
	}
	for (;;) {
		int from, to;
		const char *q = skip(p);

		if (*q == ',' && skip(q + 1)[0] >= '0' && skip(q + 1)[0] <= '9')
			q = skip(q + 1);       /* "08:00-12:00,14:00-17:30": more ranges */
		if (!(*q >= '0' && *q <= '9'))
			break;
		if (!parse_time(&q, &from) || *q != '-' || (q++, !parse_time(&q, &to))) {
			snprintf(why, size, "\"%.14s\" is not a time range like 08:30-17:30", skip(p));
			return false;
		}
		if (to <= from) {
			snprintf(why, size, "a time range must end after it starts (\"%.11s\")", skip(p));
			return false;
		}
		for (int d = first;; d = (d + 1) % 7) {
			if (!add(h, d, from, to)) {
				snprintf(why, size, "more than %d opening times", MQ_HOURS_MAX);
				return false;
			}
			if (d == last)
				break;
		}
		any = true;
		p = q;
	}
	if (!any) {
		snprintf(why, size, "the days need a time range after them, e.g. Mon-Fri 08:30-17:30");
		return false;
	}
	*s = skip(p);
	return true;
}

bool mq_hours_parse(const char *spec, struct mq_hours *h, char *err, size_t err_size)
{
	const char *s = skip(spec ? spec : "");
	char why[160];

	mq_hours_always(h);
	if (*s == '\0' || (strncasecmp(s, "always", 6) == 0 && *skip(s + 6) == '\0'))
		return true;
	h->always = false;
	for (;;) {
		if (!parse_entry(&s, h, why, sizeof(why)))
			goto bad;
		if (*s == '\0')
			return true;
		if (*s != ';' && *s != ',') {
			snprintf(why, sizeof(why), "unexpected \"%.12s\" (separate entries with ',' or ';')", s);
			goto bad;
		}
		s++;
	}
bad:
	snprintf(err, err_size, "opening_hours \"%s\": %s; write it like "
		 "\"Mon-Fri 08:30-17:30, Sat 09:00-12:00\"", spec, why);
	mq_hours_always(h);
	return false;
}

/* Minutes of the week (Monday 00:00 Asia/Shanghai = 0) at unix time @p t. */
static int week_minute(int64_t t, int64_t *week_start)
{
	int64_t local = t + MQ_SHANGHAI_OFFSET_S;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t weekday = ((days + 3) % 7 + 7) % 7;      /* 1970-01-01 was a Thursday */
	int64_t sec = local - days * 86400;

	*week_start = (days - weekday) * 86400 - MQ_SHANGHAI_OFFSET_S;
	return (int)(weekday * DAY_MIN + sec / 60);
}

static bool open_minute(const struct mq_hours *h, int m)
{
	for (size_t i = 0; i < h->n; i++)
		if (m >= h->open[i].from && m < h->open[i].to)
			return true;
	return false;
}

bool mq_hours_open_at(const struct mq_hours *h, int64_t t)
{
	int64_t week_start;

	return h->always || open_minute(h, week_minute(t, &week_start));
}

int64_t mq_hours_next_change(const struct mq_hours *h, int64_t t)
{
	int64_t week_start;
	int m = week_minute(t, &week_start);
	bool now_open = open_minute(h, m);
	int best = 0;

	if (h->always || h->n == 0)
		return INT64_MAX;
	/* the state can change only where a range starts or ends: of those after
	 * now (within a week), the nearest where it really changes */
	for (size_t i = 0; i < 2 * h->n; i++) {
		int edge = i % 2 ? h->open[i / 2].to : h->open[i / 2].from;
		int ahead = ((edge - m) % WEEK_MIN + WEEK_MIN) % WEEK_MIN;

		if (ahead == 0)
			ahead = WEEK_MIN;
		if ((best == 0 || ahead < best) && open_minute(h, (m + ahead) % WEEK_MIN) != now_open)
			best = ahead;
	}
	return best ? week_start + (int64_t)(m + best) * 60 : INT64_MAX;
}
