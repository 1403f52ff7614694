/* guard.h — private to the HTTP layer: what keeps one client from taking
 * the server down (a slowloris). Two rules, kept for every connection the
 * libmicrohttpd adapter (mhd.c) accepts:
 *
 *  - at most MQ_GUARD_PER_ADDRESS open connections per address group (an
 *    IPv4 address, an IPv6 /64; mq_net_group), except from the reverse
 *    proxies of [server] trusted_proxy, behind which everyone is;
 *  - a request's head must have arrived within MQ_GUARD_HEAD_S of the
 *    request's start (the connection's opening, or the end of the answer
 *    before it on a kept-alive connection), and the whole request, body
 *    included, within MQ_GUARD_REQUEST_S. A deadline does not move when
 *    bytes trickle in, unlike libmicrohttpd's idle timeout: a watcher
 *    thread shuts down the socket of a connection past its deadline, and
 *    libmicrohttpd then closes it as a client that went away.
 */
#ifndef MQ_HTTP_GUARD_H
#define MQ_HTTP_GUARD_H

#include <stdbool.h>
#include <sys/socket.h>

#include "mq_error.h"
#include "mq_net.h"

#define MQ_GUARD_PER_ADDRESS 32
#define MQ_GUARD_HEAD_S 10
#define MQ_GUARD_REQUEST_S 60
#define MQ_GUARD_UPLOAD_S 1800    /* a bundle upload: hundreds of MB over a slow line */

struct mq_guard;
struct mq_guard_conn;

/** Start guarding (and the watcher thread). @p trusted (may be NULL) must
 *  outlive the guard. */
enum mq_err mq_guard_create(const struct mq_net_list *trusted,
			    struct mq_guard **out) MQ_MUST_CHECK;

/** Stop the watcher and free the guard; every connection must be closed
 *  (mq_guard_close) before. NULL is a no-op. */
void mq_guard_destroy(struct mq_guard *g);

/** The numeric text of @p sa into @p out (MQ_NET_ADDR_MAX); NULL when it is
 *  no IPv4/IPv6 address. */
const char *mq_guard_address(const struct sockaddr *sa, char out[MQ_NET_ADDR_MAX]);

/** Whether a connection from @p sa may be accepted now (the per-address
 *  limit); a refusal is logged, at most once a minute per address. */
bool mq_guard_admit(struct mq_guard *g, const struct sockaddr *sa);

/** A connection from @p sa on socket @p fd was opened: watch it (its first
 *  request's head deadline starts now). NULL when memory runs out (it is
 *  then neither counted nor watched). */
struct mq_guard_conn *mq_guard_open(struct mq_guard *g, const struct sockaddr *sa, int fd);

/** The connection was closed: forget it. NULL is a no-op. */
void mq_guard_close(struct mq_guard *g, struct mq_guard_conn *c);

/** The current request's head arrived: its body has until the request
 *  deadline. */
void mq_guard_head(struct mq_guard *g, struct mq_guard_conn *c);

/** The current request is an upload (a bundle): its body has until
 *  MQ_GUARD_UPLOAD_S after the request's start. */
void mq_guard_upload(struct mq_guard *g, struct mq_guard_conn *c);

/** The current request arrived whole: no deadline while it is answered. */
void mq_guard_received(struct mq_guard *g, struct mq_guard_conn *c);

/** The answer went out: the next request on this connection starts now. */
void mq_guard_next(struct mq_guard *g, struct mq_guard_conn *c);

#endif
