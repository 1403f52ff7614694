/* mq_http_client.h — the kiosk's HTTP client: one reused libcurl handle (libcurl
 * loaded and initialised at the first request, from any thread), requests
 * signed per RFC 9421 with the device key, answers checked for the server's
 * signature (RFC 9421 §2.4) and bounded. Plain http:// only to loopback,
 * unless the configuration allows it (a lab). */
#ifndef MQ_HTTP_CLIENT_H
#define MQ_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_device.h"
#include "mq_error.h"

#define MQ_HTTP_MAX_ANSWER (8 * 1024 * 1024)

struct mq_http;

/** An answer. body is NUL-terminated (owned; freed by mq_http_reply_finish). */
struct mq_http_reply {
	long status;                 /* 0 when no HTTP answer arrived */
	char *body;
	size_t len;
	char content_type[128];
	char etag[128];
	char date[64];               /* the server's Date header */
	char retry_after[64];
	char content_digest[64];     /* the answer's signature headers, as received */
	char signature_input[320];
	char signature[64];
	bool signed_ok;              /* a signed request's answer carries the server's valid
				      * signature for exactly that request (device key) */
	char error[256];             /* transport error text when status is 0 */
};

/** Where and how to connect. Strings are copied. */
struct mq_http_options {
	const char *base_url;       /* e.g. "https://minqing.example.gov.cn" */
	const char *ca_file;        /* NULL/"": the system CA store; peers are always verified */
	const char *pinned_pubkey;  /* NULL/"": none; "sha256//B64": fail closed on another key */
	int stall_seconds;          /* 0: 30; cut a connect or transfer stalled this long */
	bool allow_insecure_http;   /* true: plain http:// to any host (lab only) */
};

/**
 * Whether @p url may be used: https://, or http:// to a loopback host
 * (127.0.0.0/8, [::1], localhost), or any http:// with @p allow_insecure_http.
 * MQ_OK; MQ_ERR_INSECURE for a plain http:// URL that is refused;
 * MQ_ERR_CONFIG when it is neither http:// nor https://.
 */
enum mq_err mq_http_check_url(const char *url, bool allow_insecure_http) MQ_MUST_CHECK;

/** Create a client. MQ_ERR_CONFIG when base_url is not http(s)://, MQ_ERR_INSECURE
 *  when it is plain http:// and not allowed (mq_http_check_url). */
enum mq_err mq_http_create(const struct mq_http_options *opt, struct mq_http **out) MQ_MUST_CHECK;

/** A second client for the same server with the same options, with a
 *  connection of its own (one client serves one request at a time). */
enum mq_err mq_http_clone(const struct mq_http *http, struct mq_http **out) MQ_MUST_CHECK;

/** Destroy the client. NULL is a no-op. */
void mq_http_destroy(struct mq_http *http);

/** At exit, once every client is destroyed: libcurl's global cleanup when a
 *  client's request loaded libcurl; nothing otherwise. */
void mq_http_cleanup(void);

/**
 * Send one request and wait for the answer. When @p dev is not NULL the
 * request is signed with created = wall clock + @p clock_offset_s. @p query is
 * without '?', NULL for none. @p if_none_match (may be NULL) becomes that header.
 * Returns MQ_OK whenever an HTTP answer arrived (look at reply->status); on
 * transport errors (reply->error says which) MQ_ERR_TLS when the server's
 * certificate or pinned key does not match, MQ_ERR_OFFLINE when this machine
 * has no network (no route, no interface up; never for a loopback server),
 * MQ_ERR_NETWORK when the server cannot be reached otherwise; MQ_ERR_SERVER
 * when the answer exceeded MQ_HTTP_MAX_ANSWER.
 */
enum mq_err mq_http_request(struct mq_http *http, const struct mq_device *dev,
			    int64_t clock_offset_s, const char *method, const char *path,
			    const char *query, const char *body, size_t len,
			    const char *if_none_match, struct mq_http_reply *reply) MQ_MUST_CHECK;

/**
 * A signed GET of bytes @p first..@p last (inclusive) of @p path (HTTP
 * Range): the answer as mq_http_request's; a 206 carries the piece.
 */
enum mq_err mq_http_get_range(struct mq_http *http, const struct mq_device *dev,
			      int64_t clock_offset_s, const char *path, int64_t first, int64_t last,
			      struct mq_http_reply *reply) MQ_MUST_CHECK;

/**
 * Seconds the server asked to wait in a Retry-After header (delay-seconds or
 * an HTTP date, RFC 9110 §10.2.3) relative to @p now, capped at a day;
 * 0 when absent or malformed.
 */
int mq_http_retry_after_s(const struct mq_http_reply *reply, int64_t now);

/**
 * True when some interface other than loopback is up with an address that
 * routes (IPv4, or IPv6 other than link-local); also when it cannot be told.
 */
bool mq_http_have_network(void);

/** Free what a reply holds; the struct itself is the caller's. */
void mq_http_reply_finish(struct mq_http_reply *reply);

#endif
