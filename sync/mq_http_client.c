/* mq_http_client.c — libcurl easy handle, reused for keep-alive; signing per request.
 *
 * libcurl is loaded, and the handle made, at a client's first request
 * (curl_lib.h): in the sync thread, not before the kiosk's first frame.
 *
 * Uploads use a low-speed limit rather than a hard timeout: a slow but moving
 * link finishes, a stalled one is cut after 30 s. Redirects stay off: a kiosk
 * must not follow a captive portal anywhere. */
#include "mq_http_client.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "curl_lib.h"
#include "mq_id.h"
#include "mq_log.h"
#include "mq_time.h"

struct mq_http {
	const struct mq_curl *cu;   /* with curl: libcurl, loaded at the first request */
	CURL *curl;                 /* NULL until the first request */
	char base_url[512];
	char ca_file[4096];
	char pinned_pubkey[256];
	long stall_s;
};

/* True when the host of http:// URL @p url (after the scheme) is loopback. */
static bool loopback_host(const char *url)
{
	const char *host = url + 7, *end;
	char name[64];
	size_t n;

	if (*host == '[') {
		end = strchr(host, ']');
		host++;
	} else {
		end = host + strcspn(host, ":/?#");
	}
	if (!end || memchr(host, '@', (size_t)(end - host)))
		return false;   /* no userinfo tricks: http://127.0.0.1@evil/ */
	n = (size_t)(end - host);
	if (n == 0 || n >= sizeof name)
		return false;
	memcpy(name, host, n);
	name[n] = '\0';
	if (strcasecmp(name, "localhost") == 0 || strcmp(name, "::1") == 0)
		return true;
	/* 127.0.0.0/8 as dotted digits only: a name like 127.0.0.1.evil.example is not */
	return strncmp(name, "127.", 4) == 0 && strspn(name, "0123456789.") == n;
}

enum mq_err mq_http_check_url(const char *url, bool allow_insecure_http)
{
	if (!url)
		return MQ_ERR_CONFIG;
	if (strncasecmp(url, "https://", 8) == 0)
		return MQ_OK;
	if (strncasecmp(url, "http://", 7) != 0)
		return MQ_ERR_CONFIG;
	if (loopback_host(url) || allow_insecure_http)
		return MQ_OK;
	return MQ_ERR_INSECURE;
}

enum mq_err mq_http_create(const struct mq_http_options *opt, struct mq_http **out)
{
	struct mq_http *http;
	const char *base_url = opt->base_url ? opt->base_url : "";
	enum mq_err err = mq_http_check_url(base_url, opt->allow_insecure_http);
	size_t n;

	*out = NULL;
	if (err == MQ_ERR_CONFIG) {
		mq_log_error("http", "server URL '%s' must start with http:// or https://",
			     base_url);
		return MQ_ERR_CONFIG;
	}
	if (err == MQ_ERR_INSECURE) {
		mq_log_error("http", "server URL '%s' is plain http:// to another machine: refused"
			     " (use https://, or allow_insecure_http = true in a lab)", base_url);
		return MQ_ERR_INSECURE;
	}
	if (strncasecmp(base_url, "http://", 7) == 0 && !loopback_host(base_url))
		mq_log_warn("http", "allow_insecure_http: talking plain http:// to %s (lab only)",
			    base_url);
	http = calloc(1, sizeof *http);
	if (!http)
		return MQ_ERR_NOMEM;
	http->stall_s = opt->stall_seconds > 0 ? opt->stall_seconds : 30;
	snprintf(http->ca_file, sizeof http->ca_file, "%s", opt->ca_file ? opt->ca_file : "");
	snprintf(http->pinned_pubkey, sizeof http->pinned_pubkey, "%s",
		 opt->pinned_pubkey ? opt->pinned_pubkey : "");
	snprintf(http->base_url, sizeof http->base_url, "%s", base_url);
	n = strlen(http->base_url);
	while (n > 0 && http->base_url[n - 1] == '/')
		http->base_url[--n] = '\0';
	*out = http;
	return MQ_OK;
}

enum mq_err mq_http_clone(const struct mq_http *http, struct mq_http **out)
{
	struct mq_http *twin = malloc(sizeof *twin);

	*out = NULL;
	if (!twin)
		return MQ_ERR_NOMEM;
	*twin = *http;
	twin->cu = NULL;
	twin->curl = NULL;   /* its own handle, and so its own connection */
	*out = twin;
	return MQ_OK;
}

void mq_http_destroy(struct mq_http *http)
{
	if (!http)
		return;
	if (http->curl)
		http->cu->easy_cleanup(http->curl);
	free(http);
}

void mq_http_cleanup(void)
{
	mq_curl_cleanup();
}

int mq_http_retry_after_s(const struct mq_http_reply *reply, int64_t now)
{
	const char *v = reply->retry_after;
	char *end;
	long long secs;
	int64_t when;

	if (!v[0])
		return 0;
	if (v[0] >= '0' && v[0] <= '9') {
		secs = strtoll(v, &end, 10);
		if (*end != '\0')
			return 0;
	} else if (mq_time_parse_http_date(v, &when)) {
		secs = when - now;
	} else {
		return 0;
	}
	if (secs < 0)
		return 0;
	return secs > 86400 ? 86400 : (int)secs;
}

void mq_http_reply_finish(struct mq_http_reply *reply)
{
	free(reply->body);
	reply->body = NULL;
	reply->len = 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *cls)
{
	struct mq_http_reply *reply = cls;
	size_t add = size * n;
	char *grown;

	if (reply->len + add > MQ_HTTP_MAX_ANSWER)
		return 0;   /* aborts the transfer: CURLE_WRITE_ERROR */
	grown = realloc(reply->body, reply->len + add + 1);
	if (!grown)
		return 0;
	memcpy(grown + reply->len, data, add);
	reply->body = grown;
	reply->len += add;
	reply->body[reply->len] = '\0';
	return add;
}

/* Copies the value of header @p name from line @p line into @p out if it matches. */
static void take_header(const char *line, size_t len, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	size_t vlen;

	if (len <= nlen + 1 || strncasecmp(line, name, nlen) != 0 || line[nlen] != ':')
		return;
	line += nlen + 1;
	len -= nlen + 1;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	vlen = len;
	while (vlen && (line[vlen - 1] == '\r' || line[vlen - 1] == '\n' || line[vlen - 1] == ' '))
		vlen--;
	if (vlen >= size)
		vlen = size - 1;
	memcpy(out, line, vlen);
	out[vlen] = '\0';
}

static size_t on_header(char *line, size_t size, size_t n, void *cls)
{
	struct mq_http_reply *reply = cls;
	size_t len = size * n;

	take_header(line, len, "Content-Type", reply->content_type, sizeof reply->content_type);
	take_header(line, len, "ETag", reply->etag, sizeof reply->etag);
	take_header(line, len, "Date", reply->date, sizeof reply->date);
	take_header(line, len, "Retry-After", reply->retry_after, sizeof reply->retry_after);
	take_header(line, len, "Content-Digest", reply->content_digest,
		    sizeof reply->content_digest);
	take_header(line, len, "Signature-Input", reply->signature_input,
		    sizeof reply->signature_input);
	take_header(line, len, "Signature", reply->signature, sizeof reply->signature);
	return len;
}

/* Adds "Name: value" to @p list; returns the new list or NULL (list freed) on OOM. */
static struct curl_slist *add_header(struct curl_slist *list, const char *name,
				     const char *value)
{
	char line[1024];
	struct curl_slist *grown;

	snprintf(line, sizeof line, "%s: %s", name, value);
	grown = mq_curl_get()->slist_append(list, line);
	if (!grown)
		mq_curl_get()->slist_free_all(list);
	return grown;
}

/* The request's headers, signed with @p dev's key into @p sig when @p dev is
 * not NULL. Returns the list (the caller frees it) or NULL: *err says why. */
static struct curl_slist *request_headers(const struct mq_device *dev, int64_t clock_offset_s,
					  const char *method, const char *path, const char *query,
					  const char *body, size_t len, const char *if_none_match,
					  struct mq_sig_headers *sig, enum mq_err *err)
{
	struct curl_slist *headers = NULL;
	char nonce[33];

	*err = MQ_ERR_NOMEM;
	headers = add_header(headers, "Accept", "application/json");
	if (headers && body)
		headers = add_header(headers, "Content-Type", "application/json");
	if (headers && if_none_match && *if_none_match)
		headers = add_header(headers, "If-None-Match", if_none_match);
	if (headers)
		headers = add_header(headers, "Expect", "");   /* no 100-continue round trip */
	if (!headers || !dev)
		return headers;
	mq_id_random_hex(nonce, 16);
	if (!mq_sig_sign(dev->key, dev->id, method, path, query, body, len,
			 mq_time_now() + clock_offset_s, nonce, sig)) {
		mq_curl_get()->slist_free_all(headers);
		*err = MQ_ERR_INVALID;
		return NULL;
	}
	headers = add_header(headers, "Content-Digest", sig->content_digest);
	if (headers)
		headers = add_header(headers, "Signature-Input", sig->signature_input);
	if (headers)
		headers = add_header(headers, "Signature", sig->signature);
	return headers;
}

/* Whether the answer in @p reply to the request signed as @p sig carries the
 * server's signature for it (reply->signed_ok); says so in the log if not. */
static void check_answer(const struct mq_device *dev, const struct mq_sig_headers *sig,
			 const char *method, const char *path, struct mq_http_reply *reply)
{
	enum mq_sig_result r;

	if (reply->status < 0 || reply->status > 999)
		return;
	r = mq_sig_verify_response(dev->key, dev->id, (unsigned int)reply->status,
				   reply->content_digest[0] ? reply->content_digest : NULL,
				   reply->signature_input[0] ? reply->signature_input : NULL,
				   reply->signature[0] ? reply->signature : NULL, reply->body,
				   reply->len, sig->signature);
	reply->signed_ok = r == MQ_SIG_OK;
	if (!reply->signed_ok)
		mq_log_warn("http", "%s %s: the answer (HTTP %ld) is not signed for this request"
			    " by the server (%s): believed in nothing", method, path, reply->status,
			    mq_sig_result_code(r));
}

/* Everything libcurl needs for one request on the reused handle. */
static void set_options(struct mq_http *http, const char *url, const char *method,
			const char *body, size_t len, struct curl_slist *headers,
			struct mq_http_reply *reply)
{
	CURL *c = http->curl;
	CURLcode (*setopt)(CURL *, CURLoption, ...) = http->cu->easy_setopt;

	http->cu->easy_reset(c);   /* keeps the connection cache: keep-alive survives */
	setopt(c, CURLOPT_URL, url);
	setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		setopt(c, CURLOPT_POSTFIELDS, body);
		setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	} else if (strcmp(method, "GET") == 0) {
		setopt(c, CURLOPT_HTTPGET, 1L);
	}
	setopt(c, CURLOPT_HTTPHEADER, headers);
	setopt(c, CURLOPT_NOSIGNAL, 1L);
	setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	setopt(c, CURLOPT_CONNECTTIMEOUT, http->stall_s < 10 ? http->stall_s : 10L);
	setopt(c, CURLOPT_LOW_SPEED_LIMIT, 64L);
	setopt(c, CURLOPT_LOW_SPEED_TIME, http->stall_s);
	setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (http->ca_file[0])
		setopt(c, CURLOPT_CAINFO, http->ca_file);
	if (http->pinned_pubkey[0])
		setopt(c, CURLOPT_PINNEDPUBLICKEY, http->pinned_pubkey);
	setopt(c, CURLOPT_USERAGENT, "minqing-kiosk/" MQ_VERSION);
	setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	setopt(c, CURLOPT_WRITEDATA, reply);
	setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	setopt(c, CURLOPT_HEADERDATA, reply);
}

/* True when @p base_url's host is this machine (127.0.0.0/8, ::1, localhost):
 * no network is needed to reach it. */
static bool host_is_loopback(const char *base_url)
{
	const char *host = strstr(base_url, "://");

	host = host ? host + 3 : base_url;
	return strncmp(host, "127.", 4) == 0 || strncmp(host, "[::1]", 5) == 0 ||
	       (strncmp(host, "localhost", 9) == 0 && strchr(":/", host[9]));
}

bool mq_http_have_network(void)
{
	struct ifaddrs *all, *a;
	bool up = false;

	if (getifaddrs(&all) != 0)
		return true;    /* cannot tell: do not claim there is none */
	for (a = all; a && !up; a = a->ifa_next) {
		if (!a->ifa_addr || (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP) ||
		    !(a->ifa_flags & IFF_RUNNING))
			continue;
		if (a->ifa_addr->sa_family == AF_INET)
			up = true;
		else if (a->ifa_addr->sa_family == AF_INET6)
			/* a link-local address comes with any cable: it routes nowhere */
			up = !IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)(void *)a->ifa_addr)->sin6_addr);
	}
	freeifaddrs(all);
	return up;
}

/* What a failed transfer means to whoever must act on it: a certificate or
 * pinned key that does not match (MQ_ERR_TLS), a machine with no network at
 * all (MQ_ERR_OFFLINE), an answer too large (MQ_ERR_SERVER), or a server that
 * cannot be reached (MQ_ERR_NETWORK). */
static enum mq_err transport_error(const struct mq_http *http, CURLcode rc)
{
	long os_errno = 0;

	switch (rc) {
	case CURLE_WRITE_ERROR:
		return MQ_ERR_SERVER;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		return MQ_ERR_TLS;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
		(void)http->cu->easy_getinfo(http->curl, CURLINFO_OS_ERRNO, &os_errno);
		if (host_is_loopback(http->base_url))
			return MQ_ERR_NETWORK;
		if (os_errno == ENETUNREACH || !mq_http_have_network())
			return MQ_ERR_OFFLINE;
		return MQ_ERR_NETWORK;
	default:
		return MQ_ERR_NETWORK;
	}
}

/* libcurl and the client's handle, at its first request. */
static enum mq_err open_handle(struct mq_http *http, struct mq_http_reply *reply)
{
	if (http->curl)
		return MQ_OK;
	http->cu = mq_curl_get();
	if (!http->cu) {
		snprintf(reply->error, sizeof reply->error, "cannot load libcurl");
		return MQ_ERR_NETWORK;
	}
	http->curl = http->cu->easy_init();
	return http->curl ? MQ_OK : MQ_ERR_NOMEM;
}

/* mq_http_request with an optional Range header @p range ("bytes=A-B"). */
static enum mq_err perform(struct mq_http *http, const struct mq_device *dev,
			   int64_t clock_offset_s, const char *method, const char *path,
			   const char *query, const char *body, size_t len,
			   const char *if_none_match, const char *range, struct mq_http_reply *reply)
{
	struct curl_slist *headers;
	struct mq_sig_headers sig = { 0 };
	char url[2048];
	CURL *c;
	CURLcode rc;
	enum mq_err err;

	memset(reply, 0, sizeof *reply);
	err = open_handle(http, reply);
	if (err != MQ_OK)
		return err;
	c = http->curl;
	snprintf(url, sizeof url, "%s%s%s%s", http->base_url, path, query && *query ? "?" : "",
		 query && *query ? query : "");
	headers = request_headers(dev, clock_offset_s, method, path, query, body, len,
				  if_none_match, &sig, &err);
	if (!headers) {
		if (err == MQ_ERR_INVALID)
			snprintf(reply->error, sizeof reply->error, "cannot sign request");
		return err;
	}
	if (range)
		headers = add_header(headers, "Range", range);
	if (!headers)
		return MQ_ERR_NOMEM;
	set_options(http, url, method, body, len, headers, reply);
	rc = http->cu->easy_perform(c);
	http->cu->slist_free_all(headers);
	http->cu->easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	if (rc != CURLE_OK) {
		bool too_big = rc == CURLE_WRITE_ERROR;
		snprintf(reply->error, sizeof reply->error, "%s %s: %s", method, path,
			 too_big ? "answer too large" : http->cu->easy_strerror(rc));
		mq_http_reply_finish(reply);
		reply->status = 0;
		return transport_error(http, rc);
	}
	http->cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
	if (!reply->body) {
		reply->body = calloc(1, 1);
		if (!reply->body)
			return MQ_ERR_NOMEM;
	}
	if (dev)
		check_answer(dev, &sig, method, path, reply);
	mq_log_debug("http", "%s %s -> %ld (%zu bytes%s)", method, path, reply->status,
		     reply->len, dev ? (reply->signed_ok ? ", signed" : ", NOT signed") : "");
	return MQ_OK;
}

enum mq_err mq_http_request(struct mq_http *http, const struct mq_device *dev,
			    int64_t clock_offset_s, const char *method, const char *path,
			    const char *query, const char *body, size_t len,
			    const char *if_none_match, struct mq_http_reply *reply)
{
	return perform(http, dev, clock_offset_s, method, path, query, body, len, if_none_match,
		       NULL, reply);
}

enum mq_err mq_http_get_range(struct mq_http *http, const struct mq_device *dev,
			      int64_t clock_offset_s, const char *path, int64_t first, int64_t last,
			      struct mq_http_reply *reply)
{
	char range[64];

	snprintf(range, sizeof range, "bytes=%lld-%lld", (long long)first, (long long)last);
	return perform(http, dev, clock_offset_s, "GET", path, NULL, NULL, 0, NULL, range, reply);
}
