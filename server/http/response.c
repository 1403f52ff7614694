/* response.c — requests' headers and the answers handlers give (mq_http.h):
 * the response's header table and the reply helpers, so that every JSON
 * error, page and redirect carries the same headers. */
#include "mq_http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mq_log.h"

bool mq_http_server_is_https(const struct mq_server *srv)
{
	return srv->tls || (srv->public_url && strncmp(srv->public_url, "https://", 8) == 0);
}

const char *mq_http_request_header(const struct mq_http_request *req, const char *name)
{
	return req->header ? req->header(req->header_cls, name) : NULL;
}

void mq_http_response_init(struct mq_http_response *resp)
{
	memset(resp, 0, sizeof *resp);
}

void mq_http_response_finish(struct mq_http_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
	json_decref(resp->request_json);
	memset(resp, 0, sizeof *resp);
}

const char *mq_http_response_header(const struct mq_http_response *resp, const char *name)
{
	for (unsigned int i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

bool mq_http_add_header(struct mq_http_response *resp, const char *name, const char *value)
{
	struct mq_http_header *h;
	size_t name_len, value_len;

	for (unsigned int i = 0; i < resp->n_headers; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			h = &resp->headers[i];
			goto set;
		}
	}
	if (resp->n_headers >= MQ_HTTP_MAX_HEADERS) {
		mq_log_error("http", "response header table full, dropping %s", name);
		return false;
	}
	h = &resp->headers[resp->n_headers++];
set:
	name_len = strlen(name);
	value_len = strlen(value);
	if (name_len >= sizeof h->name || value_len >= sizeof h->value) {
		mq_log_error("http", "response header %s too long", name);
		return false;
	}
	memcpy(h->name, name, name_len + 1);
	memcpy(h->value, value, value_len + 1);
	return true;
}

void mq_http_reply_raw(struct mq_http_response *resp, unsigned int status, const char *type,
		       char *body, size_t len)
{
	free(resp->body);
	resp->status = status;
	resp->content_type = type;
	resp->body = body;
	resp->len = body ? len : 0;
}

void mq_http_reply_json(struct mq_http_response *resp, unsigned int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!text) {
		static const char oom[] =
			"{\"error\":\"internal\",\"message\":\"out of memory\"}";
		mq_log_error("http", "cannot serialise a JSON answer");
		text = strdup(oom);
		status = 500;
	}
	mq_http_reply_raw(resp, status, "application/json; charset=utf-8", text,
			  text ? strlen(text) : 0);
}

void mq_http_reply_error(struct mq_http_response *resp, unsigned int status, const char *code,
			 const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Parser messages may quote the offending bytes and truncation may split a
	 * character: JSON needs valid UTF-8, so fall back to ASCII. */
	if (mq_utf8_length(msg) < 0)
		for (char *p = msg; *p; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
	mq_http_reply_json(resp, status, json_pack("{s:s, s:s}", "error", code, "message", msg));
}

void mq_http_reply_html(struct mq_http_response *resp, unsigned int status, char *html,
			size_t len)
{
	if (!html) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_raw(resp, status, "text/html; charset=utf-8", html, len);
	/* Pages carry a bearer token in their URL: keep it out of Referer and
	 * caches, allow nothing but the inline style, and let no other site
	 * frame them (clickjacking a rating or a console form). */
	mq_http_add_header(resp, "Referrer-Policy", "no-referrer");
	mq_http_add_header(resp, "Cache-Control", "no-store");
	mq_http_add_header(resp, "Content-Security-Policy",
			   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
			   " frame-ancestors 'none'");
	mq_http_add_header(resp, "X-Content-Type-Options", "nosniff");
}

void mq_http_reply_redirect(struct mq_http_response *resp, const char *location)
{
	mq_http_reply_raw(resp, 303, "text/plain; charset=utf-8", NULL, 0);
	mq_http_add_header(resp, "Location", location);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}

void mq_http_reply_unavailable(struct mq_http_response *resp)
{
	mq_http_reply_error(resp, 503, "db_unavailable",
			    "the database did not answer; nothing was stored, try again later");
	mq_http_add_header(resp, "Retry-After", "5");
}
