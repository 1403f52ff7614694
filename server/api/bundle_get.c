/* bundle_get.c — GET /api/v1/kiosk/bundle/{id} (signed): a piece of the
 * system update bundle offered to this kiosk, by HTTP Range (RFC 9110
 * §14), at most MQ_API_BUNDLE_CHUNK bytes an answer, 206 with
 * Content-Range. Each piece is a request of its own, signed, and its
 * answer is signed back like every kiosk answer, so the download runs over
 * the same authenticated channel as the records and resumes from the bytes
 * a kiosk already has; the kiosk checks the whole file's SHA-256 (from
 * the state pull) and RAUC checks its signature before installing. Only the
 * bundle offered to the asking kiosk is served (404 otherwise: paused,
 * withdrawn, or another kiosk's canary). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mq_api.h"
#include "mq_log.h"
#include "mq_update.h"

/* Reads "bytes=FIRST-[LAST]" into @p first, @p last (-1 when open). */
static bool parse_range(const char *h, int64_t *first, int64_t *last)
{
	char *end;
	long long a, b = -1;

	if (!h || strncmp(h, "bytes=", 6) != 0 || h[6] < '0' || h[6] > '9')
		return false;
	errno = 0;
	a = strtoll(h + 6, &end, 10);
	if (errno || *end != '-')
		return false;
	if (end[1]) {
		char *e2;
		if (end[1] < '0' || end[1] > '9')
			return false;
		b = strtoll(end + 1, &e2, 10);
		if (errno || *e2 || b < a)
			return false;
	}
	*first = a;
	*last = b;
	return true;
}

/* Reads @p len bytes at @p off of @p path into a new buffer; NULL on failure. */
static char *read_piece(const char *path, int64_t off, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = fd >= 0 ? malloc(len ? len : 1) : NULL;
	size_t got = 0;

	while (buf && got < len) {
		ssize_t r = pread(fd, buf + got, len - got, (off_t)(off + (int64_t)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			buf = NULL;
		} else {
			got += (size_t)r;
		}
	}
	if (fd >= 0)
		close(fd);
	return buf;
}

void mq_api_bundle_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	const struct mq_server *srv = hc->srv;
	struct mq_update_store st = { srv->bundle_dir, srv->update_keyring,
				      srv->update_compatible };
	struct mq_db_bundle b;
	char path[4096], range[96], *end, *body;
	int64_t first, last;
	long long id;
	enum mq_err err;

	id = hc->param ? strtoll(hc->param, &end, 10) : 0;
	if (!srv->bundle_dir || id <= 0 || *end) {
		mq_http_reply_error(resp, 404, "not_offered", "no such update is offered to this kiosk");
		return;
	}
	err = srv->db->update_offer_get(srv->db->cls, hc->device->id, &b);
	if (err == MQ_OK && b.id != id)
		err = MQ_ERR_NOT_FOUND;
	if (err == MQ_ERR_NOT_FOUND) {
		mq_http_reply_error(resp, 404, "not_offered",
				    "this update is not (or no longer) offered to this kiosk");
		return;
	}
	if (err != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	if (!parse_range(mq_http_request_header(hc->req, "Range"), &first, &last) ||
	    first >= b.size) {
		mq_http_reply_error(resp, 416, "bad_range",
				    "ask for bytes=FIRST-LAST within the bundle's %lld bytes",
				    (long long)b.size);
		snprintf(range, sizeof range, "bytes */%lld", (long long)b.size);
		mq_http_add_header(resp, "Content-Range", range);
		return;
	}
	if (last < 0 || last >= b.size)
		last = b.size - 1;
	if (last - first + 1 > MQ_API_BUNDLE_CHUNK)
		last = first + MQ_API_BUNDLE_CHUNK - 1;
	if (!mq_update_bundle_path(&st, &b, path, sizeof path) ||
	    !(body = read_piece(path, first, (size_t)(last - first + 1)))) {
		mq_log_error("update", "bundle %lld: cannot read %s", id, path);
		mq_http_reply_error(resp, 500, "bundle_unreadable",
				    "the server cannot read this bundle; tell the district");
		return;
	}
	mq_http_reply_raw(resp, 206, "application/octet-stream", body, (size_t)(last - first + 1));
	snprintf(range, sizeof range, "bytes %lld-%lld/%lld", (long long)first, (long long)last,
		 (long long)b.size);
	mq_http_add_header(resp, "Content-Range", range);
	mq_http_add_header(resp, "Cache-Control", "no-store");
}
