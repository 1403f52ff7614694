/* mq_debug_port.h — a line channel for labs and the disk image's boot test
 * (config key debug_port; off by default and never set in production): the
 * kiosk opens PATH — a character device such as a virtio-serial port
 * (/dev/virtio-ports/mq.debug) or a serial tty (put in raw mode), or a Unix
 * stream socket — reads one command a line and answers one line:
 *
 *   dump            the dump JSON of the screen (as the script's dump) on one line
 *   screen          the current screen's name ("enroll", "home", ...)
 *   freeze SECONDS  stop the UI loop that long (to see the watchdog act), then "ok"
 *
 * anything else answers "error: ...". A thread does the reading and
 * writing; the UI loop only builds answers between events (mq_app_post), so
 * a port nobody reads never stalls the screen. When the other end goes away
 * the port is opened again every second. */
#ifndef MQ_DEBUG_PORT_H
#define MQ_DEBUG_PORT_H

struct mq_app;
struct mq_debug_port;

/** Longest command line; longer ones are answered with an error and dropped. */
#define MQ_DEBUG_PORT_LINE_MAX 256

/**
 * Start serving @p path for @p app on a thread. Returns NULL (logged) when
 * the thread cannot start; a port that cannot be opened yet is retried.
 * Stop it with mq_debug_port_stop before destroying @p app.
 */
struct mq_debug_port *mq_debug_port_start(struct mq_app *app, const char *path);

/** Stop the thread, close the port, free @p port. NULL is a no-op. */
void mq_debug_port_stop(struct mq_debug_port *port);

#endif
