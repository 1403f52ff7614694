/* mq_time.h — wall and monotonic clocks, RFC 3339 and Asia/Shanghai display.
 * Times are stored as UTC unix seconds; China has no DST, so display is UTC+8. */
#ifndef MQ_TIME_H
#define MQ_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MQ_RFC3339_LEN 20   /* "2026-11-26T07:05:00Z" */
#define MQ_SHANGHAI_OFFSET_S (8 * 3600)

/** Wall-clock unix seconds (UTC). */
int64_t mq_time_now(void);

/** Monotonic milliseconds since an arbitrary start: for timers and backoff. */
int64_t mq_time_mono_ms(void);

/** Format @p t as "YYYY-MM-DDTHH:MM:SSZ" into @p out (MQ_RFC3339_LEN + 1 bytes). */
void mq_time_format_rfc3339(int64_t t, char out[MQ_RFC3339_LEN + 1]);

/** Parse an RFC 3339 date-time ("Z" or ±hh:mm offset, optional fraction).
 *  Returns false, leaving @p out alone, on anything else. */
bool mq_time_parse_rfc3339(const char *s, int64_t *out);

/** Format @p t in Asia/Shanghai with strftime @p fmt into @p out. */
void mq_time_format_shanghai(int64_t t, const char *fmt, char *out, size_t size)
	__attribute__((format(strftime, 2, 0)));

/** Read exactly @p n decimal digits at @p s into @p out. Returns false,
 *  leaving @p out alone, when any of them is not a digit. */
bool mq_time_parse_digits(const char *s, int n, int *out);

/** Parse an HTTP date (IMF-fixdate, RFC 9110 §5.6.7). Returns false if malformed. */
bool mq_time_parse_http_date(const char *s, int64_t *out);

/** Format @p t as an IMF-fixdate ("Thu, 26 Nov 2026 07:05:00 GMT"), 30 bytes. */
void mq_time_format_http_date(int64_t t, char out[30]);

#endif
