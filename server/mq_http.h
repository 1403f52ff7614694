/* mq_http.h — the server's transport-independent HTTP layer.
 *
 * An adapter (mhd.c for libmicrohttpd, the unit tests for themselves) fills a
 * struct mq_http_request with a fully received, size-capped body and calls
 * mq_http_dispatch(), which routes it through a static table to one handler
 * per route+method and fills a struct mq_http_response. No sockets here. */
#ifndef MQ_HTTP_H
#define MQ_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_HTTP_MAX_HEADERS 8
/* What an adapter may buffer before giving up: the protocol's 1 MiB plus
 * slack, so that a body just over the limit still gets a precise 413. */
#define MQ_HTTP_BODY_CAP (MQ_WIRE_MAX_BODY + 4096)

/** What the handlers share for the server's life. Not owned by the HTTP layer. */
struct mq_server {
	struct mq_db *db;            /* storage */
	const char *public_url;      /* base of tracking links, no trailing '/'; NULL if unset */
};

/** Looks up request header @p name (case-insensitive); NULL when absent. */
typedef const char *(*mq_http_header_fn)(void *cls, const char *name);

/** One received request. All pointers are borrowed for the dispatch call. */
struct mq_http_request {
	const char *method;          /* "GET", "POST", ... */
	const char *path;            /* as received, without the query: "/api/v1/records" */
	const char *query;           /* as received, without '?'; NULL or "" when none */
	mq_http_header_fn header;    /* header getter */
	void *header_cls;            /* its closure */
	const char *body;            /* may be NULL when len is 0; need not be NUL-terminated */
	size_t len;
	bool body_too_big;           /* the adapter stopped buffering at MQ_HTTP_BODY_CAP */
	int64_t now;                 /* wall-clock unix seconds for this request */
	const char *client;          /* the peer's numeric address; NULL when unknown */
};

/** One extra response header. */
struct mq_http_header {
	char name[32];
	char value[192];
};

/** The answer. Initialise with mq_http_response_init, release with _finish. */
struct mq_http_response {
	unsigned int status;         /* 0 until a handler answers */
	const char *content_type;    /* static string */
	char *body;                  /* owned, malloc'd; NULL for an empty body */
	size_t len;
	unsigned int n_headers;
	struct mq_http_header headers[MQ_HTTP_MAX_HEADERS];
};

/** Prepare @p resp to be filled (empty, status 0). */
void mq_http_response_init(struct mq_http_response *resp);

/** Free what @p resp owns and reset it. NULL is a no-op. */
void mq_http_response_finish(struct mq_http_response *resp);

/** The value of response header @p name (case-insensitive), or NULL. */
const char *mq_http_response_header(const struct mq_http_response *resp, const char *name);

/**
 * Route @p req and answer it into @p resp (initialised by the caller). Never
 * fails: every problem becomes an HTTP error answer (JSON for the API, an HTML
 * page for pages). Every answer carries a Date header. Logs one line.
 */
void mq_http_dispatch(const struct mq_server *srv, const struct mq_http_request *req,
		      struct mq_http_response *resp);

#endif
