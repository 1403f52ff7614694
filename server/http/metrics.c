/* metrics.c — request counters and latency histograms for /metrics
 * (mq_metrics.h). Routes are the routing table's static patterns, so a
 * bearer token never becomes a label; the table is small and fixed.
 *
 * These are the only numbers a server process keeps in memory: with
 * several instances behind a load balancer each counts its own requests
 * and says so in its HELP text; Prometheus scrapes every instance and
 * labels each series with the target's instance, so sum() gives the city.
 * Everything else an instance decides on (nonces, sessions, login
 * failures) is in the shared database. */
#include "mq_metrics.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define SLOTS 96            /* distinct (route, status) pairs kept */
#define ROUTES 64           /* distinct routes with a histogram */

static const double bounds[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
	const char *route;
	unsigned int status;
	uint64_t n;
} counts[SLOTS];

static struct {
	const char *route;
	uint64_t bucket[N_BOUNDS];
	uint64_t n;
	double sum;
} hist[ROUTES];

uint64_t mq_metrics_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void mq_metrics_observe(const char *route, unsigned int status, uint64_t ns)
{
	double s = (double)ns / 1e9;
	size_t i;

	if (!route)
		route = "(none)";
	pthread_mutex_lock(&lock);
	for (i = 0; i < SLOTS && counts[i].route; i++)
		if (counts[i].route == route && counts[i].status == status)
			break;
	if (i < SLOTS) {
		counts[i].route = route;
		counts[i].status = status;
		counts[i].n++;
	}
	for (i = 0; i < ROUTES && hist[i].route && hist[i].route != route; i++)
		;
	if (i < ROUTES) {
		hist[i].route = route;
		hist[i].n++;
		hist[i].sum += s;
		for (size_t k = 0; k < N_BOUNDS; k++)
			if (s <= bounds[k])
				hist[i].bucket[k]++;
	}
	pthread_mutex_unlock(&lock);
}

void mq_metrics_write(struct mq_buf *b)
{
	pthread_mutex_lock(&lock);
	mq_buf_add(b, "# HELP minqing_http_requests_total HTTP requests this server instance answered,"
		      " by route and status (each instance counts its own: sum over instance).\n"
		      "# TYPE minqing_http_requests_total counter\n");
	for (size_t i = 0; i < SLOTS && counts[i].route; i++)
		mq_buf_printf(b, "minqing_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
			      counts[i].route, counts[i].status, (unsigned long long)counts[i].n);
	mq_buf_add(b, "# HELP minqing_http_request_duration_seconds Time this server instance took"
		      " to answer a request (per instance).\n"
		      "# TYPE minqing_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < ROUTES && hist[i].route; i++) {
		for (size_t k = 0; k < N_BOUNDS; k++)
			mq_buf_printf(b, "minqing_http_request_duration_seconds_bucket{route=\"%s\","
				      "le=\"%g\"} %llu\n", hist[i].route, bounds[k],
				      (unsigned long long)hist[i].bucket[k]);
		mq_buf_printf(b, "minqing_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"}"
			      " %llu\nminqing_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
			      "minqing_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			      hist[i].route, (unsigned long long)hist[i].n, hist[i].route, hist[i].sum,
			      hist[i].route, (unsigned long long)hist[i].n);
	}
	pthread_mutex_unlock(&lock);
}
