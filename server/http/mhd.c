/* mhd.c — the libmicrohttpd adapter (mq_mhd.h).
 *
 * The raw request URI comes from MHD's URI log callback, because the
 * signature covers "@path" and "@query" exactly as the kiosk sent them and
 * MHD would otherwise hand us an unescaped path and parsed arguments. The
 * body is collected up to MQ_HTTP_BODY_CAP; a larger one is discarded as it
 * streams in (or refused from its Content-Length) and answered 413.
 *
 * Against one client holding every connection (slowloris), the guard
 * (guard.h) limits open connections per address and gives each request a
 * deadline for its head and its body that trickling bytes do not move.
 * The client address handed to the handlers is the one behind the
 * [server] trusted_proxy reverse proxies (mq_net_client).
 *
 * A route flagged MQ_ROUTE_UPLOAD (a bundle upload in the console) is a
 * multipart form: libmicrohttpd's post processor streams its file field to
 * a temporary file in [server] bundle_dir, capped at bundle_max_mb, and the
 * other fields (the CSRF token, the action) become an ordinary
 * form-encoded body, so the console reads them as it reads every form. */
#include "mq_mhd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guard.h"
#include "mq_log.h"
#include "mq_time.h"

#define CONNECTION_TIMEOUT_S 15     /* idle: no byte either way */
#define CONNECTION_LIMIT 512        /* in all; MQ_GUARD_PER_ADDRESS per address */

struct mq_mhd {
	struct MHD_Daemon *daemon;
	const struct mq_http_router *router;
	const struct mq_server *srv;
	struct mq_guard *guard;
};

/* One request in flight (MHD's con_cls). */
struct conn_req {
	char *uri;            /* raw request target */
	char *body;
	size_t len;
	size_t cap;
	bool started;         /* the access handler has seen the headers */
	bool too_big;         /* stopped buffering: answer 413 */
	bool answered;        /* a response was queued early */
	json_t *request_json; /* the parsed body, freed once the answer is sent */
	/* MQ_ROUTE_UPLOAD only */
	const struct mq_server *srv;
	struct MHD_PostProcessor *post;
	int upload_fd;        /* the file field's temporary file, -1 when none */
	char upload_path[4096];
	int64_t upload_len;
	bool upload_too_big;
};

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct conn_req *r = calloc(1, sizeof *r);

	(void)cls;
	(void)con;
	if (r && !(r->uri = strdup(uri ? uri : "/"))) {
		free(r);
		r = NULL;
	}
	if (r)
		r->upload_fd = -1;
	return r;
}

/* The guard's record of connection @p con (NULL when it has none). */
static struct mq_guard_conn *watched(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct mq_mhd *d = cls;
	struct conn_req *r = *con_cls;

	(void)toe;
	/* a kept-alive connection's next request starts now */
	mq_guard_next(d->guard, watched(con));
	if (!r)
		return;
	if (r->post)
		MHD_destroy_post_processor(r->post);
	if (r->upload_fd >= 0)
		close(r->upload_fd);
	if (r->upload_path[0])
		unlink(r->upload_path);     /* what no handler took */
	json_decref(r->request_json);
	free(r->uri);
	free(r->body);
	free(r);
	*con_cls = NULL;
}

static const char *header_get(void *cls, const char *name)
{
	return MHD_lookup_connection_value(cls, MHD_HEADER_KIND, name);
}

/* Appends upload data while under the cap; past it, keeps only the flag. */
static void collect(struct conn_req *r, const char *data, size_t size)
{
	size_t need;
	char *p;

	if (r->too_big)
		return;
	if (size > MQ_HTTP_BODY_CAP - r->len) {
		r->too_big = true;
		free(r->body);
		r->body = NULL;
		r->len = r->cap = 0;
		return;
	}
	need = r->len + size;
	if (need > r->cap) {
		size_t cap = r->cap ? r->cap : 16384;
		while (cap < need)
			cap *= 2;
		if (cap > MQ_HTTP_BODY_CAP)
			cap = MQ_HTTP_BODY_CAP;
		p = realloc(r->body, cap);
		if (!p) {
			/* Treat as too big: the answer is a clear 413, not a crash. */
			r->too_big = true;
			free(r->body);
			r->body = NULL;
			r->len = r->cap = 0;
			return;
		}
		r->body = p;
		r->cap = cap;
	}
	memcpy(r->body + r->len, data, size);
	r->len = need;
}

/* Appends @p data form-encoded (RFC 3986 unreserved kept, the rest %XX). */
static void collect_encoded(struct conn_req *r, const char *data, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < size && !r->too_big; i++) {
		unsigned char c = (unsigned char)data[i];
		char esc[3] = { '%', hex[c >> 4], hex[c & 15] };

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			collect(r, (const char *)&c, 1);
		else
			collect(r, esc, 3);
	}
}

/* Writes a piece of the file field to the temporary file, dropping it
 * all once it passes the cap. */
static void upload_write(const struct mq_server *srv, struct conn_req *r, const char *data,
			 size_t size)
{
	if (r->upload_too_big)
		return;
	if (r->upload_fd < 0 && !r->upload_path[0]) {
		snprintf(r->upload_path, sizeof r->upload_path, "%s/.upload-XXXXXX", srv->bundle_dir);
		r->upload_fd = mkstemp(r->upload_path);
		if (r->upload_fd < 0) {
			mq_log_error("http", "cannot create an upload file in %s: %s",
				     srv->bundle_dir, strerror(errno));
			r->upload_path[0] = '\0';
			r->upload_too_big = true;   /* answered as a refusal, never a crash */
			return;
		}
	}
	if ((int64_t)size > srv->bundle_max_bytes - r->upload_len) {
		mq_log_warn("http", "upload over %lld bytes dropped", (long long)srv->bundle_max_bytes);
		r->upload_too_big = true;
	}
	while (!r->upload_too_big && size > 0) {
		ssize_t w = write(r->upload_fd, data, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			mq_log_error("http", "cannot write the upload: %s", strerror(errno));
			r->upload_too_big = true;
			break;
		}
		data += w;
		size -= (size_t)w;
		r->upload_len += w;
	}
	if (r->upload_too_big) {
		close(r->upload_fd);
		r->upload_fd = -1;
		unlink(r->upload_path);
		r->upload_path[0] = '\0';
	}
}

/* libmicrohttpd's post processor hands each field piece by piece: the file
 * to disk, the others into the form-encoded body. */
static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	struct conn_req *r = cls;
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (filename) {
		upload_write(r->srv, r, data, size);
		return MHD_YES;
	}
	if (off == 0) {
		if (r->len)
			collect(r, "&", 1);
		collect_encoded(r, key, strlen(key));
		collect(r, "=", 1);
	}
	collect_encoded(r, data, size);
	return MHD_YES;
}

/* Queues @p resp; its body passes to libmicrohttpd, which frees it once
 * sent (no copy of the page). */
static enum MHD_Result send_response(struct MHD_Connection *con,
				     struct mq_http_response *resp)
{
	struct MHD_Response *m;
	enum MHD_Result ret;

	if (resp->body) {
		m = MHD_create_response_from_buffer(resp->len, resp->body, MHD_RESPMEM_MUST_FREE);
		if (m)
			resp->body = NULL;
	} else {
		m = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!m)
		return MHD_NO;
	if (resp->content_type && resp->status != 304)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	for (unsigned int i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(m, resp->headers[i].name, resp->headers[i].value);
	ret = MHD_queue_response(con, resp->status, m);
	MHD_destroy_response(m);
	return ret;
}

/* Answers 413 straight from the adapter (no dispatch: the body is gone). */
static enum MHD_Result too_big(struct MHD_Connection *con, const char *method)
{
	struct mq_http_response resp;
	char date[30];
	enum MHD_Result ret;

	mq_http_response_init(&resp);
	mq_http_reply_error(&resp, 413, "body_too_large",
			    "the request body is larger than %d bytes; send fewer records at once",
			    MQ_WIRE_MAX_BODY);
	mq_time_format_http_date(mq_time_now(), date);
	mq_http_add_header(&resp, "Date", date);
	mq_http_add_header(&resp, "Connection", "close");
	mq_log_warn("http", "%s: body over %d bytes refused", method, MQ_HTTP_BODY_CAP);
	ret = send_response(con, &resp);
	mq_http_response_finish(&resp);
	return ret;
}

/* The peer's socket address, or NULL. */
static const struct sockaddr *peer_of(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	return ci ? ci->client_addr : NULL;
}

/* The client's numeric address into @p out: the peer, or the one behind it
 * when the peer is a trusted proxy; NULL when it cannot be had. */
static const char *client_address(const struct mq_mhd *d, struct MHD_Connection *con,
				  char out[MQ_NET_ADDR_MAX])
{
	char peer[MQ_NET_ADDR_MAX];

	if (!mq_guard_address(peer_of(con), peer))
		return NULL;
	return mq_net_client(peer, MHD_lookup_connection_value(con, MHD_HEADER_KIND,
							       "X-Forwarded-For"),
			     d->srv->trusted_proxy, out);
}

/* Accept policy: the per-address connection limit. */
static enum MHD_Result admit(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct mq_mhd *d = cls;

	(void)len;
	return mq_guard_admit(d->guard, sa) ? MHD_YES : MHD_NO;
}

/* Connections opened and closed: the guard watches each one. */
static void notify_connection(void *cls, struct MHD_Connection *con, void **socket_context,
			      enum MHD_ConnectionNotificationCode code)
{
	struct mq_mhd *d = cls;
	const union MHD_ConnectionInfo *fd;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		fd = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = fd ? mq_guard_open(d->guard, peer_of(con), fd->connect_fd) : NULL;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		mq_guard_close(d->guard, *socket_context);
		*socket_context = NULL;
	}
}

/* For an MQ_ROUTE_UPLOAD route with updates on and a multipart body:
 * start the post processor. True when it did. */
static bool start_upload(struct mq_mhd *d, struct MHD_Connection *con, const char *method,
			 struct conn_req *r)
{
	char path[512];
	size_t n = strcspn(r->uri, "?");

	if (!d->srv->bundle_dir || n >= sizeof path)
		return false;
	memcpy(path, r->uri, n);
	path[n] = '\0';
	if (!(mq_http_route_flags(d->router, path, method) & MQ_ROUTE_UPLOAD))
		return false;
	r->srv = d->srv;
	r->post = MHD_create_post_processor(con, 65536, post_field, r);
	return r->post != NULL;
}

/* The request's head arrived: its deadline, an upload's post processor, and
 * a 413 straight away for a Content-Length over the cap. */
static enum MHD_Result head_arrived(struct mq_mhd *d, struct MHD_Connection *con,
				    const char *method, struct conn_req *r)
{
	const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long cap = MQ_HTTP_BODY_CAP;

	r->started = true;
	mq_guard_head(d->guard, watched(con));
	if (start_upload(d, con, method, r)) {
		mq_guard_upload(d->guard, watched(con));
		/* the form's other fields and multipart's framing on top */
		cap = (unsigned long long)d->srv->bundle_max_bytes + MQ_HTTP_BODY_CAP;
	}
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end == '\0' && n > cap) {
			r->answered = true;   /* the body, if sent, keeps its deadline */
			return too_big(con, method);
		}
	}
	return MHD_YES;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *con, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_data_size,
				      void **con_cls)
{
	struct mq_mhd *d = cls;
	struct conn_req *r = *con_cls;
	struct mq_http_request req;
	struct mq_http_response resp;
	char client[MQ_NET_ADDR_MAX];
	char *query;
	enum MHD_Result ret;

	(void)url;
	(void)version;
	if (!r)
		return MHD_NO;   /* out of memory in uri_logger: drop the connection */
	if (!r->started)
		return head_arrived(d, con, method, r);
	if (*upload_data_size) {
		if (!r->answered && r->post)
			(void)MHD_post_process(r->post, upload_data, *upload_data_size);
		else if (!r->answered)
			collect(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->post) {
		MHD_destroy_post_processor(r->post);   /* hands the last pieces */
		r->post = NULL;
		if (r->upload_fd >= 0)
			close(r->upload_fd);
		r->upload_fd = -1;
	}
	mq_guard_received(d->guard, watched(con));
	if (r->answered)
		return MHD_YES;
	if (r->too_big) {
		r->answered = true;
		return too_big(con, method);
	}

	memset(&req, 0, sizeof req);
	query = strchr(r->uri, '?');
	if (query)
		*query++ = '\0';   /* r->uri is now the path */
	req.method = method;
	req.path = r->uri;
	req.query = query;
	req.header = header_get;
	req.header_cls = con;
	req.body = r->body;
	req.len = r->len;
	req.now = mq_time_now();
	req.client = client_address(d, con, client);
	req.upload_path = r->upload_path[0] ? r->upload_path : NULL;
	req.upload_len = r->upload_len;
	req.upload_too_big = r->upload_too_big;
	mq_http_response_init(&resp);
	mq_http_dispatch(d->router, d->srv, &req, &resp);
	if (r->upload_path[0]) {
		unlink(r->upload_path);      /* what the handler did not keep */
		r->upload_path[0] = '\0';
	}
	r->answered = true;
	ret = send_response(con, &resp);
	/* MHD sends the answer after this returns, then calls completed() */
	r->request_json = resp.request_json;
	resp.request_json = NULL;
	mq_http_response_finish(&resp);
	return ret;
}

/* Splits "HOST:PORT" / "[V6]:PORT" and resolves it. */
static enum mq_err resolve(const char *listen, struct addrinfo **out)
{
	char host[256], *end;
	const char *port, *colon;
	struct addrinfo hints;
	long p;
	int rc;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
			return MQ_ERR_CONFIG;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port = close + 2;
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host || colon == listen)
			return MQ_ERR_CONFIG;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port = colon + 1;
	}
	p = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || p < 1 || p > 65535)
		return MQ_ERR_CONFIG;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, out);
	if (rc != 0) {
		mq_log_error("http", "cannot resolve %s: %s", host, gai_strerror(rc));
		return MQ_ERR_CONFIG;
	}
	return MQ_OK;
}

/* Reads a whole (small) file into a NUL-terminated string; NULL on error. */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long size;

	if (!f)
		goto fail;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || size > 1024 * 1024 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
		goto fail;
	text[size] = '\0';
	fclose(f);
	return text;
fail:
	fprintf(stderr, "minqing-server: cannot read %s: %s\n", path,
		errno ? strerror(errno) : "too large or unreadable");
	free(text);
	if (f)
		fclose(f);
	return NULL;
}

bool mq_mhd_tls_load(const char *cert_path, const char *key_path, struct mq_mhd_tls *tls)
{
	tls->cert_pem = read_pem(cert_path);
	tls->key_pem = tls->cert_pem ? read_pem(key_path) : NULL;
	if (tls->key_pem)
		return true;
	mq_mhd_tls_finish(tls);
	return false;
}

void mq_mhd_tls_finish(struct mq_mhd_tls *tls)
{
	if (tls->key_pem)
		sodium_memzero(tls->key_pem, strlen(tls->key_pem));
	free(tls->key_pem);
	free(tls->cert_pem);
	tls->key_pem = tls->cert_pem = NULL;
}

enum mq_err mq_mhd_start(const struct mq_http_router *router, const struct mq_server *srv,
			 const char *listen, const struct mq_mhd_tls *tls, struct mq_mhd **out)
{
	struct mq_mhd *d;
	struct addrinfo *ai = NULL;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem tls_options[3] = { { MHD_OPTION_END, 0, NULL },
						 { MHD_OPTION_END, 0, NULL },
						 { MHD_OPTION_END, 0, NULL } };
	enum mq_err err;

	*out = NULL;
	err = resolve(listen, &ai);
	if (err != MQ_OK)
		return err;
	d = calloc(1, sizeof *d);
	if (!d) {
		freeaddrinfo(ai);
		return MQ_ERR_NOMEM;
	}
	d->router = router;
	d->srv = srv;
	if (mq_guard_create(srv->trusted_proxy, &d->guard) != MQ_OK) {
		freeaddrinfo(ai);
		free(d);
		return MQ_ERR_NOMEM;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (tls) {
		flags |= MHD_USE_TLS;
		tls_options[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
							  tls->cert_pem };
		tls_options[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
							  tls->key_pem };
	}
	d->daemon = MHD_start_daemon(
		flags, 0, admit, d, access_handler, d,
		MHD_OPTION_SOCK_ADDR, ai->ai_addr,
		MHD_OPTION_ARRAY, tls_options,
		MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, completed, d,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, d,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONNECTION_TIMEOUT_S,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)MQ_MHD_THREADS,
		MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!d->daemon) {
		mq_log_error("http", "cannot listen on %s (address in use, or not allowed?)", listen);
		mq_guard_destroy(d->guard);
		free(d);
		return MQ_ERR_IO;
	}
	*out = d;
	return MQ_OK;
}

void mq_mhd_stop(struct mq_mhd *d)
{
	if (!d)
		return;
	MHD_stop_daemon(d->daemon);
	mq_guard_destroy(d->guard);
	free(d);
}
