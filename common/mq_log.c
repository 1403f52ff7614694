/* mq_log.c — stderr logger. One fprintf per line so threads do not interleave. */
#include "mq_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum mq_log_level min_level = MQ_LOG_INFO;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void read_env(void)
{
	const char *env = getenv("MQ_LOG");

	if (env && strcmp(env, "debug") == 0)
		min_level = MQ_LOG_DEBUG;
}

void mq_log_set_level(enum mq_log_level level)
{
	pthread_once(&env_once, read_env);
	min_level = level;
}

static enum mq_log_level current_level(void)
{
	pthread_once(&env_once, read_env);
	return min_level;
}

void mq_log(enum mq_log_level level, const char *module, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char msg[1024], stamp[32];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (level < current_level())
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ %-5s %s: %s\n", stamp, ts.tv_nsec / 1000000L,
		names[level], module, msg);
}
