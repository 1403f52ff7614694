/* mq_date.h — calendar dates and times as the district shows them:
 * Asia/Shanghai (UTC+8, no daylight saving since 1991), stored as UTC unix
 * seconds. Parsing of the dates rosters and forms carry, arithmetic on
 * local dates, and the fixed Chinese formats the pages, the calendar entry,
 * the reminders and the reports print. */
#ifndef MQ_DATE_H
#define MQ_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** A calendar date in Asia/Shanghai. */
struct mq_date {
	int y, m, d;
};

/** Parse "YYYY-MM-DD" (a real date, years 2000..2099) into @p out; false otherwise. */
bool mq_date_parse(const char *s, struct mq_date *out);

/** Parse "HH:MM" (00:00..24:00) into minutes after midnight; false otherwise. */
bool mq_date_parse_hhmm(const char *s, int *minutes);

/** Parse "YYYY-MM" into the UTC bounds [*@p from, *@p to) of that local month;
 *  false when it is not a month of 2000..2099. */
bool mq_date_parse_month(const char *s, int64_t *from, int64_t *to);

/** UTC unix seconds of @p minutes after local midnight of @p d. */
int64_t mq_date_local_time(const struct mq_date *d, int minutes);

/** The local date of UTC time @p t into @p out. */
void mq_date_of(int64_t t, struct mq_date *out);

/** @p d plus @p days days (negative: earlier). */
struct mq_date mq_date_add(const struct mq_date *d, int days);

/** ISO weekday of @p d: 1 Monday .. 7 Sunday. */
int mq_date_weekday(const struct mq_date *d);

/** "YYYY-MM-DD" of @p d into @p out. */
void mq_date_format(const struct mq_date *d, char out[11]);

/** The local day of @p t into @p out (@p size bytes): "2026年11月20日（周五）",
 *  or "11月20日 周五" without the year. */
void mq_date_format_day(int64_t t, bool with_year, char *out, size_t size);

/** "09:00–09:30", the local hours of [@p start, @p end), into @p out. */
void mq_date_format_hours(int64_t start, int64_t end, char *out, size_t size);

/** "2026年11月20日（周五）09:00–09:30" for a slot, local time, into @p out. */
void mq_date_format_span(int64_t start, int64_t end, char *out, size_t size);

/** "2026年11月26日" (no leading zeros on month and day), followed by " 15:04"
 *  when @p with_time, local time, into @p out: the public pages' dates. */
void mq_date_format_zh(int64_t t, bool with_time, char *out, size_t size);

/** "2026-11-19 15:04", local time, into @p out (17 bytes at least); "" for 0:
 *  the console's times. */
void mq_date_format_minute(int64_t t, char *out, size_t size);

#endif
