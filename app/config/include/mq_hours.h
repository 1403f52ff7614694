/* mq_hours.h — a studio's opening hours, as a technician writes them in the
 * site file (kiosk.ini's opening_hours), in Asia/Shanghai local time:
 *
 *   Mon-Fri 08:30-17:30, Sat 09:00-12:00
 *   Mo-Fr 08:30-12:00,14:00-17:30; Sa 09:00-12:00      (OpenStreetMap style)
 *   always                                             (the default)
 *
 * Entries are separated by ';' or ','; each is a day or a range of days
 * (Mon Tue Wed Thu Fri Sat Sun, or Mo Tu We Th Fr Sa Su, any case; Mon-Fri,
 * Fri-Mon wraps the week; "daily" for every day) and one or more time ranges
 * HH:MM-HH:MM (end after start; 24:00 ends the day), separated by spaces or
 * ','. Days not named are closed. Outside the hours the kiosk may turn its
 * panel off once nobody has touched it for idle_seconds. */
#ifndef MQ_HOURS_H
#define MQ_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Most time ranges one specification holds (a range over 3 days counts 3). */
#define MQ_HOURS_MAX 64

/** Opening hours: "always open", or ranges in minutes of the week (Monday 00:00 = 0). */
struct mq_hours {
	bool always;
	size_t n;
	struct {
		int from, to;        /* [from, to) minutes of the week, to <= 7 * 1440 */
	} open[MQ_HOURS_MAX];
};

/** @p h is always open (what an empty or missing opening_hours means). */
void mq_hours_always(struct mq_hours *h);

/**
 * Parse @p spec into @p h. On a malformed spec, returns false with @p h
 * always open and @p err (@p err_size bytes) saying what is wrong and how
 * to write it.
 */
bool mq_hours_parse(const char *spec, struct mq_hours *h, char *err, size_t err_size);

/** True when the studio is open at unix time @p t (Asia/Shanghai). */
bool mq_hours_open_at(const struct mq_hours *h, int64_t t);

/**
 * The first unix time after @p t when the studio opens or closes; INT64_MAX
 * when that never changes (always open, or never open).
 */
int64_t mq_hours_next_change(const struct mq_hours *h, int64_t t);

#endif
