/* router.c — the dispatcher (mq_http.h): a route table and a request in,
 * one handler's answer out.
 *
 * Dispatch order: route by path (404), then method (405), then body size
 * (413), then the signature for signed routes (401), then the JSON body is
 * parsed once for routes that take one (400), then the handler; the answer
 * to a genuine signed request is signed back (RFC 9421 §2.4). The
 * dispatcher knows no pages: where a page should answer an error, it asks
 * the table's owner (struct mq_http_router.page). */
#include "mq_http.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_auth.h"
#include "mq_log.h"
#include "mq_metrics.h"
#include "mq_time.h"

/* True if @p path is the literal @p suffix, where "{n}" matches 1..18 digits. */
static bool suffix_match(const char *suffix, const char *path)
{
	const char *n = strstr(suffix, "{n}");
	size_t lit = n ? (size_t)(n - suffix) : strlen(suffix), digits;

	if (strncmp(suffix, path, lit) != 0)
		return false;
	if (!n)
		return path[lit] == '\0';
	digits = strspn(path + lit, "0123456789");
	return digits >= 1 && digits <= 18 && suffix_match(n + 3, path + lit + digits);
}

bool mq_http_route_match(const char *pattern, const char *path, char param[MQ_HTTP_PARAM_MAX],
			 bool *has)
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
	if (seg == 0 || !suffix_match(suffix, path + seg) || seg >= MQ_HTTP_PARAM_MAX)
		return false;
	memcpy(param, path, seg);
	param[seg] = '\0';
	*has = true;
	return true;
}

/* What the route table says about a request's path and method. */
struct lookup {
	const struct mq_http_route *route;   /* of this path and method; NULL when none */
	char param[MQ_HTTP_PARAM_MAX];       /* its {token} segment */
	bool has_param;
	bool path_known;                     /* some route has this path */
	bool html;                           /* some route of this path is a page */
	char allow[64];                      /* the methods of this path, for a 405 */
};

/* Adds @p method (and HEAD after GET) to the Allow list @p allow once. */
static void allow_add(char allow[64], const char *method)
{
	size_t n = strlen(allow);

	if (strstr(allow, method))
		return;
	snprintf(allow + n, 64 - n, "%s%s", n ? ", " : "", method);
	if (strcmp(method, "GET") == 0 && !strstr(allow, "HEAD")) {
		n = strlen(allow);
		snprintf(allow + n, 64 - n, ", HEAD");
	}
}

/* The first route of @p router with @p path and @p method into @p l; the
 * methods of the routes before it with the same path into l->allow. */
static void lookup(const struct mq_http_router *router, const char *path, const char *method,
		   struct lookup *l)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < router->n; i++) {
		const struct mq_http_route *r = &router->routes[i];
		char p[MQ_HTTP_PARAM_MAX];
		bool has;

		if (!mq_http_route_match(r->pattern, path, p, &has))
			continue;
		l->path_known = true;
		l->html = l->html || (r->flags & MQ_ROUTE_HTML);
		if (strcmp(r->method, method) == 0) {
			l->route = r;
			l->has_param = has;
			if (has)
				memcpy(l->param, p, sizeof l->param);
			return;
		}
		allow_add(l->allow, r->method);
	}
}

unsigned int mq_http_route_flags(const struct mq_http_router *router, const char *path,
				 const char *method)
{
	struct lookup l;

	lookup(router, path, strcmp(method, "HEAD") == 0 ? "GET" : method, &l);
	return l.route ? l.route->flags : 0;
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

/* True when the table's owner answered error @p page as a page. */
static bool as_page(const struct mq_http_router *router, enum mq_http_page page,
		    const struct mq_http_request *req, struct mq_http_response *resp)
{
	return router->page && router->page(page, req, resp);
}

/* The answer when no route takes the request: 404, or 405 with Allow. */
static void no_route(const struct mq_http_router *router, const struct mq_http_request *req,
		     const struct lookup *l, struct mq_http_response *resp)
{
	char path[96];

	if (!l->path_known) {
		if (!as_page(router, MQ_HTTP_PAGE_NOT_FOUND, req, resp)) {
			loggable(req->path, path);
			mq_http_reply_error(resp, 404, "not_found", "no such URL: %s", path);
		}
		return;
	}
	if (!l->html || !as_page(router, MQ_HTTP_PAGE_NOT_ALLOWED, req, resp))
		mq_http_reply_error(resp, 405, "method_not_allowed", "%s is not allowed here; use %s",
				    req->method, l->allow);
	mq_http_add_header(resp, "Allow", l->allow);
}

/* False, having answered 413, when the body is over the protocol's limit. */
static bool body_fits(const struct mq_http_router *router, const struct mq_http_route *route,
		      const struct mq_http_request *req, struct mq_http_response *resp)
{
	if (!req->body_too_big && req->len <= MQ_WIRE_MAX_BODY)
		return true;
	if (route->flags & MQ_ROUTE_UPLOAD)
		return true;     /* the handler says what was too big, as a page */
	mq_log_warn("http", "%s %s: body over %d bytes refused", req->method, route->pattern,
		    MQ_WIRE_MAX_BODY);
	if (!(route->flags & MQ_ROUTE_HTML) || !as_page(router, MQ_HTTP_PAGE_TOO_LARGE, req, resp))
		mq_http_reply_error(resp, 413, "body_too_large",
				    "the request body is larger than %d bytes; send fewer records at"
				    " once", MQ_WIRE_MAX_BODY);
	return false;
}

/* The body parsed as JSON, or NULL having answered 400. */
static json_t *parse_json(const struct mq_http_route *route, const struct mq_http_request *req,
			  struct mq_http_response *resp)
{
	json_error_t jerr;
	json_t *json = json_loadb(req->body ? req->body : "", req->len, JSON_REJECT_DUPLICATES,
				  &jerr);

	if (!json) {
		mq_log_warn("http", "%s %s: body is not JSON: %s (line %d, column %d)",
			    req->method, route->pattern, jerr.text, jerr.line, jerr.column);
		mq_http_reply_error(resp, 400, "invalid_json",
				    "the body is not valid JSON (UTF-8): %s at line %d, column %d",
				    jerr.text, jerr.line, jerr.column);
	}
	return json;
}

/* Checks the signature and the JSON body the route asks for, then runs its handler. */
static void run(const struct mq_http_route *route, const struct lookup *l,
		struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	const struct mq_http_request *req = hc->req;
	struct mq_db_device device;
	bool authentic = false;

	if (route->flags & MQ_ROUTE_SIGNED) {
		if (!mq_auth_check(hc->srv->db, req, &device, &authentic, resp)) {
			if (authentic)
				mq_auth_sign_answer(req, &device, resp);
			sodium_memzero(&device, sizeof device);
			return;
		}
		hc->device = &device;
	}
	if ((route->flags & MQ_ROUTE_JSON) && !(hc->json = parse_json(route, req, resp))) {
		/* a kiosk believes nothing unsigned: sign its refusals too */
	} else {
		hc->param = l->has_param ? l->param : NULL;
		route->handler(hc, resp);
		resp->request_json = hc->json;   /* freed once the answer is sent */
	}
	if (resp->status == 0) {
		mq_log_error("http", "%s %s: handler gave no answer", req->method, route->pattern);
		mq_http_reply_error(resp, 500, "internal", "the server gave no answer");
	}
	if (hc->device) {
		mq_auth_sign_answer(req, &device, resp);
		sodium_memzero(&device, sizeof device);
		hc->device = NULL;
	}
}

/* The Date header for @p now: formatted once a second by each thread. */
static const char *http_date(int64_t now)
{
	static __thread int64_t at = -1;
	static __thread char date[30];

	if (now != at) {
		mq_time_format_http_date(now, date);
		at = now;
	}
	return date;
}

void mq_http_dispatch(const struct mq_http_router *router, const struct mq_server *srv,
		      const struct mq_http_request *req, struct mq_http_response *resp)
{
	struct mq_handler_ctx hc = { .srv = srv, .req = req };
	/* HEAD is answered as GET; the adapter drops the body */
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	uint64_t started = mq_metrics_clock();
	char logpath[96];
	struct lookup l;

	lookup(router, req->path, method, &l);
	if (!l.route)
		no_route(router, req, &l, resp);
	else if (body_fits(router, l.route, req, resp))
		run(l.route, &l, &hc, resp);
	mq_http_add_header(resp, "Date", http_date(req->now));
	if (mq_http_server_is_https(srv))
		mq_http_add_header(resp, "Strict-Transport-Security", "max-age=31536000");
	/* A token in the path is a bearer secret: log the route pattern instead. */
	loggable(l.route && l.has_param ? l.route->pattern : req->path, logpath);
	mq_log_info("http", "%s %s %u", req->method, logpath, resp->status);
	mq_metrics_observe(l.route ? l.route->pattern : NULL, resp->status,
			   mq_metrics_clock() - started);
}
