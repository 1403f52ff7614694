/* mq_http.h — the server's transport-independent HTTP layer: requests and
 * answers, the reply helpers handlers answer with, and the router.
 *
 * An adapter (mq_mhd.h for libmicrohttpd, the tests for themselves) fills a
 * struct mq_http_request with a fully received, size-capped body and hands
 * it to mq_http_dispatch() with a route table, which picks one handler per
 * route+method and fills a struct mq_http_response. No sockets here, and no
 * pages: where an error must answer as a page, the table's owner answers it
 * (struct mq_http_router.page). */
#ifndef MQ_HTTP_H
#define MQ_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_net.h"

#define MQ_HTTP_MAX_HEADERS 12
/* What an adapter may buffer before giving up: the protocol's 1 MiB plus
 * slack, so that a body just over the limit still gets a precise 413. */
#define MQ_HTTP_BODY_CAP (MQ_WIRE_MAX_BODY + 4096)
/* Bytes of a route's {token} segment, with its NUL. */
#define MQ_HTTP_PARAM_MAX 128

/** What the handlers share for the server's life. Not owned by the HTTP layer. */
struct mq_server {
	struct mq_db *db;            /* storage */
	const char *public_url;      /* base of tracking links, no trailing '/'; NULL if unset */
	bool tls;                    /* the server itself speaks HTTPS */
	const struct mq_net_list *trusted_proxy;  /* reverse proxies whose X-Forwarded-For
						   * is believed (mq_net.h); NULL: none */
	const char *metrics_token;   /* bearer token that opens /metrics from afar; NULL: only
				      * loopback without a proxy in between */
	const char *bundle_dir;      /* [server] bundle_dir: RAUC bundles, and uploads while
				      * they arrive; NULL: updates are off */
	const char *update_keyring;  /* [server] update_keyring: PEM a bundle must verify against */
	const char *update_compatible; /* [server] update_compatible: the kiosks' RAUC compatible */
	int64_t bundle_max_bytes;    /* [server] bundle_max_mb: the upload cap */
};

/** True when pages of @p srv reach browsers over https: it speaks TLS or its
 *  public URL is https (behind a TLS-terminating proxy). Cookies are then
 *  Secure and pages carry Strict-Transport-Security. */
bool mq_http_server_is_https(const struct mq_server *srv);

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
	/* MQ_ROUTE_UPLOAD routes: the adapter streamed the multipart form's file
	 * field to this file in srv->bundle_dir (the handler moves or removes it;
	 * the adapter removes what is left) and put the other fields in body,
	 * form-encoded. NULL when no file came. */
	const char *upload_path;
	int64_t upload_len;          /* bytes of it */
	bool upload_too_big;         /* the file passed srv->bundle_max_bytes and was dropped */
};

/** One extra response header. */
struct mq_http_header {
	char name[32];
	char value[256];
};

/** The answer. Initialise with mq_http_response_init, release with _finish. */
struct mq_http_response {
	unsigned int status;         /* 0 until a handler answers */
	const char *content_type;    /* static string */
	char *body;                  /* owned, malloc'd; NULL for an empty body */
	size_t len;
	unsigned int n_headers;
	struct mq_http_header headers[MQ_HTTP_MAX_HEADERS];
	/* The request's parsed JSON body, which the dispatcher hands over
	 * rather than freeing it before the answer is queued: freeing a batch's
	 * tree costs ~4 k instructions a record (~40 free() calls), which the
	 * adapter spends after the answer is sent (mhd.c), not while the kiosk
	 * waits for it. */
	json_t *request_json;
};

/** Request header @p name of @p req (case-insensitive), or NULL when absent. */
const char *mq_http_request_header(const struct mq_http_request *req, const char *name);

/** Prepare @p resp to be filled (empty, status 0). */
void mq_http_response_init(struct mq_http_response *resp);

/** Free what @p resp owns (request_json too) and reset it. NULL is a no-op. */
void mq_http_response_finish(struct mq_http_response *resp);

/** The value of response header @p name (case-insensitive), or NULL. */
const char *mq_http_response_header(const struct mq_http_response *resp, const char *name);

/** Add a response header, or replace one of the same name; false (and
 *  logged) when the table is full or the header too long. */
bool mq_http_add_header(struct mq_http_response *resp, const char *name, const char *value);

/* ---- answering ----------------------------------------------------------- */

/** Answer @p status with @p body (malloc'd, stolen; NULL for none) of @p type (static). */
void mq_http_reply_raw(struct mq_http_response *resp, unsigned int status, const char *type,
		       char *body, size_t len);

/** Answer @p status with @p body serialised compactly; steals @p body. */
void mq_http_reply_json(struct mq_http_response *resp, unsigned int status, json_t *body);

/** Answer @p status with {"error":code,"message":...}; the message is printf-formatted. */
void mq_http_reply_error(struct mq_http_response *resp, unsigned int status, const char *code,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Answer @p status with @p html (malloc'd, stolen; NULL: 500 out of memory)
 *  as text/html, with the headers every page carries (no Referer, no cache,
 *  the CSP, nosniff). */
void mq_http_reply_html(struct mq_http_response *resp, unsigned int status, char *html,
			size_t len);

/** Answer 303 See Other to @p location (a path on this server), not cached. */
void mq_http_reply_redirect(struct mq_http_response *resp, const char *location);

/** Answer 503 with Retry-After for a storage failure (JSON). */
void mq_http_reply_unavailable(struct mq_http_response *resp);

/* ---- routing ------------------------------------------------------------- */

/** What a handler receives. Everything is borrowed for the call. */
struct mq_handler_ctx {
	const struct mq_server *srv;
	const struct mq_http_request *req;
	json_t *json;                        /* parsed body (routes that take JSON), else NULL */
	const char *param;                   /* the {token} path segment, else NULL */
	const struct mq_db_device *device;   /* the signer (signed routes), else NULL */
};

/** A route handler: fills @p resp (status and body). */
typedef void (*mq_handler_fn)(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** How the dispatcher treats a route before its handler runs. */
enum mq_http_route_flags {
	MQ_ROUTE_JSON = 1 << 0,      /* the body is a JSON document, parsed by the dispatcher */
	MQ_ROUTE_SIGNED = 1 << 1,    /* RFC 9421 signed by an enrolled kiosk (mq_auth.h) */
	MQ_ROUTE_HTML = 1 << 2,      /* a page: the dispatcher's errors answer as pages */
	MQ_ROUTE_UPLOAD = 1 << 3,    /* a multipart form with a file: streamed to disk by the
				      * adapter (mq_http_request.upload_path), capped at
				      * srv->bundle_max_bytes instead of MQ_WIRE_MAX_BODY */
};

/** One row of a route table. */
struct mq_http_route {
	const char *method;          /* "GET", "POST", ...; HEAD is served by GET */
	const char *pattern;         /* literal segments and at most one "{token}" segment */
	mq_handler_fn handler;
	unsigned int flags;          /* enum mq_http_route_flags */
};

/** The errors the dispatcher lets the route table's owner answer as pages. */
enum mq_http_page {
	MQ_HTTP_PAGE_NOT_FOUND,      /* no route has this path */
	MQ_HTTP_PAGE_NOT_ALLOWED,    /* 405 on a path of MQ_ROUTE_HTML routes */
	MQ_HTTP_PAGE_TOO_LARGE,      /* 413 on an MQ_ROUTE_HTML route */
};

/** Answers error @p page for @p req as a page into @p resp and returns true,
 *  or returns false to let the dispatcher answer JSON. */
typedef bool (*mq_http_page_fn)(enum mq_http_page page, const struct mq_http_request *req,
				struct mq_http_response *resp);

/** A route table and the page answers that go with it. */
struct mq_http_router {
	const struct mq_http_route *routes;
	size_t n;
	mq_http_page_fn page;        /* may be NULL: every error answers JSON */
};

/**
 * True if @p path matches route @p pattern: literal text, or one "{token}"
 * segment (1..MQ_HTTP_PARAM_MAX - 1 bytes, no '/') followed by literal text,
 * in which "{n}" stands for a number (1..18 digits; the handler reads it
 * from the path). The segment is copied into @p param and *@p has set when
 * the pattern has one.
 */
bool mq_http_route_match(const char *pattern, const char *path, char param[MQ_HTTP_PARAM_MAX],
			 bool *has);

/** The flags (enum mq_http_route_flags) of the route of @p router that
 *  takes @p method on @p path; 0 when none does. Adapters ask before the
 *  body arrives. */
unsigned int mq_http_route_flags(const struct mq_http_router *router, const char *path,
				 const char *method);

/**
 * Route @p req through @p router and answer it into @p resp (initialised by
 * the caller): 404 for an unknown path, 405 for a method no route of the
 * path takes, 413 for a body over MQ_WIRE_MAX_BODY, 401 for a bad signature
 * on a signed route, 400 when a JSON route's body is not JSON, else the
 * handler's answer. Never fails: every problem becomes an answer. Every
 * answer carries a Date header. Logs one line and counts the request for
 * /metrics.
 */
void mq_http_dispatch(const struct mq_http_router *router, const struct mq_server *srv,
		      const struct mq_http_request *req, struct mq_http_response *resp);

#endif
