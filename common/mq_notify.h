/* mq_notify.h — telling systemd how the program is (sd_notify(3), libsystemd):
 * READY=1 once it serves (the server listens, the kiosk drew its first frame),
 * WATCHDOG=1 from its main loop while that loop runs and is healthy, STATUS=
 * lines for `systemctl status`, STOPPING=1 on the way out. Outside systemd
 * (no NOTIFY_SOCKET in the environment) every call does nothing.
 *
 * The watchdog is the unit's WatchdogSec= (systemd passes it as
 * WATCHDOG_USEC, for this process only: WATCHDOG_PID). A loop that stops
 * pinging for that long is killed and restarted. Call from one thread: the
 * main loop's. */
#ifndef MQ_NOTIFY_H
#define MQ_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/**
 * Read the watchdog settings from the environment (WATCHDOG_USEC,
 * WATCHDOG_PID) once, at start-up. Safe to call again.
 */
void mq_notify_init(void);

/**
 * How often the main loop must come round to ping, in ms: half the
 * watchdog's timeout; 0 when there is no watchdog. A loop waiting for
 * events caps its wait at this.
 */
int64_t mq_notify_watchdog_period_ms(void);

/**
 * A start that may outlast the watchdog's timeout (the kiosk's fonts,
 * dictionaries and first frame on a slow or emulated CPU): until READY=1
 * the timeout is lifted to @p start_s seconds (WATCHDOG_USEC=, systemd 236
 * and later), and READY=1 puts the unit's own back. The unit's
 * TimeoutStartSec= still bounds the start; the watchdog guards the running
 * loop. Does nothing without a watchdog or when it is that long already.
 */
void mq_notify_slow_start(int64_t start_s);

/** Tell systemd the program is ready (READY=1), with @p status (may be NULL). Once only. */
void mq_notify_ready(const char *status);

/** True once mq_notify_ready was called. */
bool mq_notify_is_ready(void);

/**
 * Ping the watchdog (WATCHDOG=1) when half a period passed since the last
 * ping: call it every time round the main loop; it sends at most one
 * datagram per half period. @p now_ms is a monotonic clock in ms.
 */
void mq_notify_watchdog(int64_t now_ms);

/** A STATUS= line for `systemctl status` (printf-style, one line). */
void mq_notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Tell systemd the program is stopping (STOPPING=1). */
void mq_notify_stopping(void);

#endif
