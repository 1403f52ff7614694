/* mq_metrics.h — request counters and latency histograms for /metrics:
 * the dispatcher counts every answer by route pattern (never by path: a
 * path may hold a bearer token) and status. */
#ifndef MQ_METRICS_H
#define MQ_METRICS_H

#include <stdint.h>

#include "mq_buf.h"

/** Monotonic nanoseconds, for request timing. */
uint64_t mq_metrics_clock(void);

/** Count one answered request of route @p route (a static string, or NULL
 *  for no route) with @p status that took @p ns nanoseconds. Thread-safe. */
void mq_metrics_observe(const char *route, unsigned int status, uint64_t ns);

/** Append the request metrics to @p b in Prometheus text format (0.0.4). */
void mq_metrics_write(struct mq_buf *b);

#endif
