/* mq_time.c — clocks and date formats. timegm() keeps us independent of TZ. */
#include "mq_time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t mq_time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t mq_time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void mq_time_format_rfc3339(int64_t t, char out[MQ_RFC3339_LEN + 1])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, MQ_RFC3339_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool mq_time_parse_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool mq_time_parse_rfc3339(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	struct tm tm;
	const char *p;

	if (!s || strlen(s) < 20)
		return false;
	if (!mq_time_parse_digits(s, 4, &y) || s[4] != '-' ||
	    !mq_time_parse_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !mq_time_parse_digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !mq_time_parse_digits(s + 11, 2, &h) || s[13] != ':' ||
	    !mq_time_parse_digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !mq_time_parse_digits(s + 17, 2, &sec))
		return false;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		sign = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
		   mq_time_parse_digits(p + 1, 2, &oh) && p[3] == ':' &&
		   mq_time_parse_digits(p + 4, 2, &om)) {
		sign = *p == '+' ? 1 : -1;
	} else {
		return false;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    oh > 23 || om > 59)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	{
		/* timegm quietly turns 31 February into March: refuse what moved */
		time_t t = timegm(&tm);
		struct tm back;
		gmtime_r(&t, &back);
		if (back.tm_mday != d || back.tm_mon != mo - 1)
			return false;
		*out = (int64_t)t - sign * (oh * 3600 + om * 60);
	}
	return true;
}

void mq_time_format_shanghai(int64_t t, const char *fmt, char *out, size_t size)
{
	time_t tt = (time_t)(t + MQ_SHANGHAI_OFFSET_S);
	struct tm tm;

	gmtime_r(&tt, &tm);
	/* fmt is checked at our callers through the strftime format attribute */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(out, size, fmt, &tm) == 0 && size)
		out[0] = '\0';
#pragma GCC diagnostic pop
}

static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

bool mq_time_parse_http_date(const char *s, int64_t *out)
{
	char wday[4], mon[4];
	int d, y, h, mi, sec, n = 0;
	struct tm tm;

	if (!s || sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", wday, &d, mon, &y, &h, &mi,
			 &sec, &n) != 7 || n == 0)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_mon = -1;
	for (int i = 0; i < 12; i++)
		if (strcmp(mon, month_names[i]) == 0)
			tm.tm_mon = i;
	if (tm.tm_mon < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm);
	return true;
}

void mq_time_format_http_date(int64_t t, char out[30])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];

	gmtime_r(&tt, &tm);
	/* always 29 characters for years 1000..9999 */
	snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
		 tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
	memcpy(out, buf, 29);
	out[29] = '\0';
}
