/* http.c — the routing table, the dispatcher and the reply helpers.
 *
 * Dispatch order: route by path (404), then method (405), then body size
 * (413), then the signature for signed routes (401), then the JSON body is
 * parsed once for routes that take one (400), then the handler. */
#include "mq_http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mq_console.h"
#include "mq_handlers.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_time.h"

enum route_flags {
	R_JSON = 1 << 0,     /* the body is a JSON document, parsed by the dispatcher */
	R_SIGNED = 1 << 1,   /* RFC 9421 signed by an enrolled kiosk */
	R_HTML = 1 << 2,     /* a page: errors answer HTML */
};

struct route {
	const char *method;
	const char *pattern;     /* literal segments and at most one "{token}" segment */
	mq_handler_fn handler;
	unsigned int flags;
};

/* Every URL the server answers. Keep in step with DESIGN.md §5-§6. */
static const struct route routes[] = {
	{ "GET", "/healthz", mq_h_healthz_get, 0 },
	{ "POST", "/api/v1/enroll", mq_h_enroll_post, R_JSON },
	{ "POST", "/api/v1/records", mq_h_records_post, R_JSON | R_SIGNED },
	{ "GET", "/api/v1/kiosk/state", mq_h_kiosk_state_get, R_SIGNED },
	{ "GET", "/api/v1/track/{token}", mq_h_track_get, 0 },
	{ "GET", "/t/{token}", mq_h_track_page, R_HTML },
	/* issue 4: the resident's booking page (h_booking_*.c, mq_booking.h) */
	{ "GET", "/b/{token}", mq_h_booking_page, R_HTML },
	{ "POST", "/b/{token}/cancel", mq_h_booking_cancel_post, R_HTML },
	{ "GET", "/b/{token}/calendar.ics", mq_h_booking_ics_get, R_HTML },
	{ "GET", "/console/attendance", mq_h_roster_attendance_get, R_HTML },
	{ "GET", "/console/roster", mq_h_console_roster_get, R_HTML },
	{ "POST", "/console/roster/import", mq_h_console_roster_import_post, R_HTML },
	{ "POST", "/console/roster/shift", mq_h_console_roster_shift_post, R_HTML },
	/* issue 6: the staff console and the public side (mq_console.h) */
	{ "GET", "/console", mq_h_console_root_get, R_HTML },
	{ "GET", "/console/", mq_h_console_root_get, R_HTML },
	{ "GET", "/console/login", mq_h_console_login_get, R_HTML },
	{ "POST", "/console/login", mq_h_console_login_post, R_HTML },
	{ "POST", "/console/logout", mq_h_console_logout_post, R_HTML },
	{ "GET", "/console/inbox", mq_h_console_inbox_get, R_HTML },
	{ "GET", "/console/opinions/{token}", mq_h_console_opinion_get, R_HTML },
	{ "POST", "/console/opinions/{token}/triage", mq_h_console_triage_post, R_HTML },
	{ "GET", "/console/topics", mq_h_console_topics_get, R_HTML },
	{ "GET", "/console/topics/{token}", mq_h_console_topic_get, R_HTML },
	{ "POST", "/console/topics/{token}", mq_h_console_topic_post, R_HTML },
	{ "GET", "/console/members", mq_h_console_members_get, R_HTML },
	{ "GET", "/console/members/{token}", mq_h_console_member_get, R_HTML },
	{ "POST", "/console/members/{token}", mq_h_console_member_post, R_HTML },
	{ "GET", "/console/kiosks", mq_h_console_kiosks_get, R_HTML },
	{ "POST", "/console/kiosks", mq_h_console_kiosks_post, R_HTML },
	{ "GET", "/console/stats", mq_h_console_stats_get, R_HTML },
	{ "GET", "/console/stats/{token}", mq_h_console_stats_csv_get, R_HTML },
	{ "GET", "/console/audit", mq_h_console_audit_get, R_HTML },
	{ "GET", "/console/staff", mq_h_console_staff_get, R_HTML },
	{ "POST", "/console/staff", mq_h_console_staff_post, R_HTML },
	{ "GET", "/console/password", mq_h_console_password_get, R_HTML },
	{ "POST", "/console/password", mq_h_console_password_post, R_HTML },
	{ "POST", "/t/{token}/rating", mq_h_track_rating_post, R_HTML },
	{ "GET", "/board/{token}", mq_h_board_get, R_HTML },
	{ "POST", "/api/v1/heartbeat", mq_h_heartbeat_post, R_JSON | R_SIGNED },
	{ "GET", "/metrics", mq_h_metrics_get, 0 },
	{ "GET", "/open311/v2/services.json", mq_h_open311_services_get, 0 },
	{ "GET", "/open311/v2/services.xml", mq_h_open311_services_get, 0 },
	{ "GET", "/open311/v2/requests.json", mq_h_open311_requests_get, 0 },
	{ "GET", "/open311/v2/requests.xml", mq_h_open311_requests_get, 0 },
	{ "POST", "/open311/v2/requests.json", mq_h_open311_requests_post, 0 },
	{ "POST", "/open311/v2/requests.xml", mq_h_open311_requests_post, 0 },
	{ "GET", "/open311/v2/requests/{token}", mq_h_open311_request_get, 0 },
	{ "GET", "/open311/v2/tokens/{token}", mq_h_open311_token_get, 0 },
};

#define N_ROUTES (sizeof routes / sizeof routes[0])
#define PARAM_MAX 128

void mq_http_response_init(struct mq_http_response *resp)
{
	memset(resp, 0, sizeof *resp);
}

void mq_http_response_finish(struct mq_http_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
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
	if (strlen(name) >= sizeof h->name || strlen(value) >= sizeof h->value) {
		mq_log_error("http", "response header %s too long", name);
		return false;
	}
	snprintf(h->name, sizeof h->name, "%s", name);
	snprintf(h->value, sizeof h->value, "%s", value);
	return true;
}

void mq_reply_raw(struct mq_http_response *resp, unsigned int status, const char *type,
		     char *body, size_t len)
{
	free(resp->body);
	resp->status = status;
	resp->content_type = type;
	resp->body = body;
	resp->len = body ? len : 0;
}

void mq_reply_json(struct mq_http_response *resp, unsigned int status, json_t *body)
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
	mq_reply_raw(resp, status, "application/json; charset=utf-8", text, text ? strlen(text) : 0);
}

void mq_reply_error(struct mq_http_response *resp, unsigned int status, const char *code,
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
	mq_reply_json(resp, status, json_pack("{s:s, s:s}", "error", code, "message", msg));
}

void mq_reply_html(struct mq_http_response *resp, unsigned int status, char *html, size_t len)
{
	if (!html) {
		mq_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_reply_raw(resp, status, "text/html; charset=utf-8", html, len);
	/* Pages carry a bearer token in their URL: keep it out of Referer and
	 * caches, and allow nothing but the inline style. */
	mq_http_add_header(resp, "Referrer-Policy", "no-referrer");
	mq_http_add_header(resp, "Cache-Control", "no-store");
	mq_http_add_header(resp, "Content-Security-Policy",
			   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:");
	mq_http_add_header(resp, "X-Content-Type-Options", "nosniff");
}

void mq_reply_unavailable(struct mq_http_response *resp)
{
	mq_reply_error(resp, 503, "db_unavailable",
		       "the database did not answer; nothing was stored, try again later");
	mq_http_add_header(resp, "Retry-After", "5");
}

/* Matches @p path against @p pattern; copies the {token} segment into @p param.
 * Literal text may follow the segment ("/t/{token}/rating"). */
static bool match(const char *pattern, const char *path, char param[PARAM_MAX], bool *has)
{
	const char *brace = strchr(pattern, '{');
	const char *suffix;
	size_t prefix, seg;

	*has = false;
	if (!brace)
		return strcmp(pattern, path) == 0;
	suffix = strchr(brace, '}') + 1;
	prefix = (size_t)(brace - pattern);
	if (strncmp(pattern, path, prefix) != 0)
		return false;
	path += prefix;
	seg = strcspn(path, "/");
	if (seg == 0 || strcmp(path + seg, suffix) != 0 || seg >= PARAM_MAX)
		return false;
	memcpy(param, path, seg);
	param[seg] = '\0';
	*has = true;
	return true;
}

/* Copies @p in for a log line: at most 80 printable ASCII characters. */
static void loggable(const char *in, char out[96])
{
	size_t n = 0;

	for (; *in && n < 80; in++)
		out[n++] = (*in > 0x20 && *in < 0x7f) ? *in : '?';
	if (*in) {
		out[n++] = '.';
		out[n++] = '.';
	}
	out[n] = '\0';
}

/* An answer for a URL no route knows: a page for browsers under /t/, JSON elsewhere. */
static void not_found(const struct mq_http_request *req, struct mq_http_response *resp)
{
	char path[96];

	if (strncmp(req->path, "/t/", 3) == 0) {
		mq_page_not_synced(resp);
	} else {
		loggable(req->path, path);
		mq_reply_error(resp, 404, "not_found", "no such URL: %s", path);
	}
}

void mq_http_dispatch(const struct mq_server *srv, const struct mq_http_request *req,
		      struct mq_http_response *resp)
{
	const struct route *route = NULL;
	char param[PARAM_MAX] = "";
	char allow[64] = "";
	char date[30], logpath[96];
	bool has_param = false, path_known = false, html = false;
	const char *method = req->method;
	struct mq_db_device device;
	struct mq_handler_ctx hc = { .srv = srv, .req = req };
	json_t *json = NULL;
	uint64_t started = mq_metrics_clock();   /* issue 6: /metrics */

	if (strcmp(method, "HEAD") == 0)
		method = "GET";   /* the adapter drops the body */
	for (size_t i = 0; i < N_ROUTES; i++) {
		bool has;
		char p[PARAM_MAX];

		if (!match(routes[i].pattern, req->path, p, &has))
			continue;
		path_known = true;
		html = html || (routes[i].flags & R_HTML);
		if (strcmp(routes[i].method, method) == 0) {
			route = &routes[i];
			has_param = has;
			if (has)
				memcpy(param, p, sizeof param);
			break;
		}
		if (!strstr(allow, routes[i].method)) {
			size_t n = strlen(allow);
			snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "",
				 routes[i].method);
			if (strcmp(routes[i].method, "GET") == 0 && !strstr(allow, "HEAD")) {
				n = strlen(allow);
				snprintf(allow + n, sizeof allow - n, ", HEAD");
			}
		}
	}

	if (!route) {
		if (path_known) {
			if (html)
				mq_page_message(resp, 405, "无法打开", "此页面不支持这种访问方式。",
						"请直接在浏览器中打开链接。");
			else
				mq_reply_error(resp, 405, "method_not_allowed",
					       "%s is not allowed here; use %s", req->method, allow);
			mq_http_add_header(resp, "Allow", allow);
		} else {
			not_found(req, resp);
		}
		goto out;
	}
	if (req->body_too_big || req->len > MQ_WIRE_MAX_BODY) {
		mq_log_warn("http", "%s %s: body over %d bytes refused", req->method, route->pattern,
			    MQ_WIRE_MAX_BODY);
		if (route->flags & R_HTML)
			mq_page_message(resp, 413, "无法打开", "请求内容过大。", "请直接在浏览器中打开链接。");
		else
			mq_reply_error(resp, 413, "body_too_large",
				       "the request body is larger than %d bytes; send fewer records at"
				       " once", MQ_WIRE_MAX_BODY);
		goto out;
	}
	if (route->flags & R_SIGNED) {
		if (!mq_auth_check(srv, req, &device, resp))
			goto out;
		hc.device = &device;
	}
	if (route->flags & R_JSON) {
		json_error_t jerr;

		json = json_loadb(req->body ? req->body : "", req->len,
				  JSON_REJECT_DUPLICATES, &jerr);
		if (!json) {
			mq_log_warn("http", "%s %s: body is not JSON: %s (line %d, column %d)",
				    req->method, route->pattern, jerr.text, jerr.line, jerr.column);
			mq_reply_error(resp, 400, "invalid_json",
				       "the body is not valid JSON (UTF-8): %s at line %d, column %d",
				       jerr.text, jerr.line, jerr.column);
			goto out;
		}
		hc.json = json;
	}
	hc.param = has_param ? param : NULL;
	route->handler(&hc, resp);
	if (resp->status == 0) {
		mq_log_error("http", "%s %s: handler gave no answer", req->method, route->pattern);
		mq_reply_error(resp, 500, "internal", "the server gave no answer");
	}

out:
	json_decref(json);
	mq_time_format_http_date(req->now, date);
	mq_http_add_header(resp, "Date", date);
	/* A token in the path is a bearer secret: log the route pattern instead. */
	loggable(route && has_param ? route->pattern : req->path, logpath);
	mq_log_info("http", "%s %s %u", req->method, logpath, resp->status);
	mq_metrics_observe(route ? route->pattern : NULL, resp->status,
			   mq_metrics_clock() - started);
}
