/* mq_mhd.h — serves a route table (mq_http_dispatch) over HTTP and HTTPS
 * with libmicrohttpd. */
#ifndef MQ_MHD_H
#define MQ_MHD_H

#include <stdbool.h>

#include "mq_error.h"
#include "mq_http.h"

/** The HTTP worker threads serve runs; a PostgreSQL pool gets one connection
 *  each, so no request waits for a connection another thread holds idle. */
#define MQ_MHD_THREADS 4

struct mq_mhd;

/** A PEM certificate (chain) and private key for HTTPS (GnuTLS inside libmicrohttpd). */
struct mq_mhd_tls {
	char *cert_pem;
	char *key_pem;
};

/**
 * Read @p cert_path and @p key_path into @p tls (freed by mq_mhd_tls_finish).
 * Returns false, having said which file and why on stderr, on failure.
 */
bool mq_mhd_tls_load(const char *cert_path, const char *key_path, struct mq_mhd_tls *tls);

/** Free (and wipe the key of) @p tls; an empty one is fine. */
void mq_mhd_tls_finish(struct mq_mhd_tls *tls);

/**
 * Start listening on @p listen ("HOST:PORT", "[v6addr]:PORT"; HOST numeric or
 * a name) and answer requests through @p router with @p srv, which must both
 * outlive the daemon.
 * With @p tls (may be NULL) it serves HTTPS only; the PEM text is copied.
 * Bodies are buffered up to MQ_HTTP_BODY_CAP; beyond that the request gets
 * 413 without being buffered further. Returns MQ_ERR_CONFIG for a malformed
 * address, MQ_ERR_IO when the socket cannot be opened.
 */
enum mq_err mq_mhd_start(const struct mq_http_router *router, const struct mq_server *srv,
			 const char *listen, const struct mq_mhd_tls *tls,
			 struct mq_mhd **out) MQ_MUST_CHECK;

/** Stop answering, wait for running requests, free. NULL is a no-op. */
void mq_mhd_stop(struct mq_mhd *d);

#endif
