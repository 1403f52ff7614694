/* mq_mhd.h — serves mq_http_dispatch() over HTTP with libmicrohttpd. */
#ifndef MQ_MHD_H
#define MQ_MHD_H

#include "mq_error.h"
#include "mq_http.h"

struct mq_mhd;

/**
 * Start listening on @p listen ("HOST:PORT", "[v6addr]:PORT"; HOST numeric or
 * a name) and answer requests with @p srv, which must outlive the daemon.
 * Bodies are buffered up to MQ_HTTP_BODY_CAP; beyond that the request gets
 * 413 without being buffered further. Returns MQ_ERR_CONFIG for a malformed
 * address, MQ_ERR_IO when the socket cannot be opened.
 */
enum mq_err mq_mhd_start(const struct mq_server *srv, const char *listen,
			 struct mq_mhd **out) MQ_MUST_CHECK;

/** Stop answering, wait for running requests, free. NULL is a no-op. */
void mq_mhd_stop(struct mq_mhd *d);

#endif
