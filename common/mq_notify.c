/* mq_notify.c — sd_notify(3) through libsystemd (mq_notify.h). libsystemd0 is
 * on every Debian system systemd runs; its sd_notify speaks the documented
 * datagram protocol to $NOTIFY_SOCKET (abstract or path sockets, credentials)
 * and sd_watchdog_enabled reads WATCHDOG_USEC/WATCHDOG_PID for this process. */
#include "mq_notify.h"

#include <stdarg.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

#include "mq_log.h"

static struct {
	bool init;
	bool ready;
	int64_t period_ms;           /* half of WATCHDOG_USEC; 0: no watchdog */
	uint64_t usec;               /* the unit's WatchdogSec= */
	bool lifted;                 /* mq_notify_slow_start lifted it until READY */
	int64_t last_ping_ms;
	bool pinged;
} nt;

void mq_notify_init(void)
{
	uint64_t usec = 0;
	int rc;

	if (nt.init)
		return;
	nt.init = true;
	rc = sd_watchdog_enabled(0, &usec);
	if (rc > 0 && usec >= 2000) {
		nt.period_ms = (int64_t)(usec / 2000);
		nt.usec = usec;
		mq_log_info("notify", "systemd watchdog: %lld ms, pinging every %lld ms at most",
			    (long long)(usec / 1000), (long long)nt.period_ms / 2);
	} else if (rc < 0) {
		mq_log_warn("notify", "WATCHDOG_USEC is malformed: no watchdog pings");
	}
}

int64_t mq_notify_watchdog_period_ms(void)
{
	mq_notify_init();
	return nt.period_ms;
}

/* One notification; a failure is logged, never fatal (systemd may be gone). */
static void send_state(const char *state)
{
	int rc = sd_notify(0, state);

	if (rc < 0)
		mq_log_warn("notify", "cannot notify systemd (%s): error %d", state, -rc);
}

void mq_notify_slow_start(int64_t start_s)
{
	char line[64];

	mq_notify_init();
	if (nt.ready || nt.period_ms <= 0 || start_s <= 0 || (uint64_t)start_s * 1000000u <= nt.usec)
		return;
	snprintf(line, sizeof line, "WATCHDOG_USEC=%llu", (unsigned long long)start_s * 1000000u);
	send_state(line);
	nt.lifted = true;
}

void mq_notify_ready(const char *status)
{
	char line[512];
	char watchdog[64] = "";

	mq_notify_init();
	if (nt.ready)
		return;
	nt.ready = true;
	if (nt.lifted)      /* the unit's own timeout again, from now on */
		snprintf(watchdog, sizeof watchdog, "\nWATCHDOG_USEC=%llu", (unsigned long long)nt.usec);
	if (status)
		snprintf(line, sizeof line, "READY=1\nSTATUS=%s%s", status, watchdog);
	else
		snprintf(line, sizeof line, "READY=1%s", watchdog);
	send_state(line);
}

bool mq_notify_is_ready(void)
{
	return nt.ready;
}

void mq_notify_watchdog(int64_t now_ms)
{
	mq_notify_init();
	if (nt.period_ms <= 0)
		return;
	if (nt.pinged && now_ms - nt.last_ping_ms < nt.period_ms / 2)
		return;
	nt.pinged = true;
	nt.last_ping_ms = now_ms;
	send_state("WATCHDOG=1");
}

void mq_notify_status(const char *fmt, ...)
{
	char line[512];
	int n = snprintf(line, sizeof line, "STATUS=");
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	send_state(line);
}

void mq_notify_stopping(void)
{
	send_state("STOPPING=1");
}
