/* mq_workday.h — working days of China's official calendar (DESIGN.md §9),
 * shared by the kiosk and the server so that both work out the same due
 * date: the kiosk promises it on the confirmation screen offline, the
 * server shows it on the tracking page and judges it in the console.
 *
 * A working day is Monday to Friday, except the public holidays of the
 * State Council's notice for its year, plus the weekend days that notice
 * makes working days (调休上班). A calendar holds those exceptions for the
 * years whose notice was imported; any other year is Monday to Friday.
 *
 * Days are local (Asia/Shanghai) dates counted as days since 1970-01-01:
 * "day numbers". A deadline of N working days after an event is the end
 * of the N-th working day after the event's local day: counting starts on
 * the working day after the event, whatever the hour of the event. */
#ifndef MQ_WORKDAY_H
#define MQ_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"

#define MQ_WORKDAY_YEAR_MIN 2000
#define MQ_WORKDAY_YEAR_MAX 2099
#define MQ_WORKDAY_LIMIT_MAX 250          /* working days: about a year */

/** The time limits of the stages, in working days from collection. */
struct mq_workday_limits {
	int triage;                       /* 分析研判 */
	int answer;                       /* the first public answer */
	int close;                        /* 办结 */
};

/** The defaults: 5, 15 and 30 working days. */
#define MQ_WORKDAY_LIMITS_DEFAULT ((struct mq_workday_limits){ 5, 15, 30 })

/** A calendar: the exceptions of the years it knows. Opaque; NULL stands
 *  for the empty calendar (Monday to Friday every year). */
struct mq_calendar;

/** An empty calendar, or NULL when out of memory. Free with mq_calendar_destroy. */
struct mq_calendar *mq_calendar_create(void);

/** Free @p c. NULL is a no-op. */
void mq_calendar_destroy(struct mq_calendar *c);

/** Mark @p year as one whose notice the calendar holds (its days are then
 *  those added, the rest Monday to Friday). False when out of memory or
 *  the year is outside MQ_WORKDAY_YEAR_MIN..MAX. */
bool mq_calendar_add_year(struct mq_calendar *c, int year) MQ_MUST_CHECK;

/** Make day number @p day a holiday (@p workday false) or a working day
 *  (@p workday true), replacing what was said of it before. False when out
 *  of memory. */
bool mq_calendar_add_day(struct mq_calendar *c, int64_t day, bool workday) MQ_MUST_CHECK;

/** True if the calendar holds the notice of @p year (false for NULL). */
bool mq_calendar_knows_year(const struct mq_calendar *c, int year);

/** The exceptions the calendar holds, in day order: *@p days and
 *  *@p workday (parallel, borrowed), their count returned. */
size_t mq_calendar_days(const struct mq_calendar *c, const int64_t **days,
			const bool **workday);

/** The years the calendar knows, in order (borrowed), their count returned. */
size_t mq_calendar_years(const struct mq_calendar *c, const int **years);

/** The day number of local date @p y-@p m-@p d (a real date assumed). */
int64_t mq_workday_day(int y, int m, int d);

/** The local date of day number @p day into @p y, @p m, @p d. */
void mq_workday_date(int64_t day, int *y, int *m, int *d);

/** The local day number of UTC unix time @p t. */
int64_t mq_workday_day_of(int64_t t);

/** UTC unix seconds of the local midnight starting day number @p day. */
int64_t mq_workday_midnight(int64_t day);

/** Parse "YYYY-MM-DD" (a real date of MQ_WORKDAY_YEAR_MIN..MAX) into a day
 *  number; false otherwise. */
bool mq_workday_parse(const char *s, int64_t *day);

/** "YYYY-MM-DD" of day number @p day into @p out. */
void mq_workday_format(int64_t day, char out[11]);

/** "10月12日" (no leading zeros) of day number @p day into @p out: how the
 *  kiosk and the tracking page tell a resident the due date. */
void mq_workday_format_md(int64_t day, char *out, size_t size);

/** ISO weekday of day number @p day: 1 Monday .. 7 Sunday. */
int mq_workday_weekday(int64_t day);

/** True if day number @p day is a working day of calendar @p c (may be NULL). */
bool mq_workday_is_workday(const struct mq_calendar *c, int64_t day);

/** The @p n-th working day after day number @p day (n >= 1; less counts as 1). */
int64_t mq_workday_nth(const struct mq_calendar *c, int64_t day, int n);

/** The due day of something that happened at UTC time @p event with a limit
 *  of @p n working days: the day number of its last allowed day. */
int64_t mq_workday_due_day(const struct mq_calendar *c, int64_t event, int n);

/** The deadline itself: UTC unix seconds of the end of the due day (the
 *  local midnight after it). Done before this instant is on time. */
int64_t mq_workday_due(const struct mq_calendar *c, int64_t event, int n);

/** The number of working days in (@p from, @p to] (day numbers); 0 when
 *  @p to <= @p from. */
int mq_workday_count(const struct mq_calendar *c, int64_t from, int64_t to);

#endif
