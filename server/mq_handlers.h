/* mq_handlers.h — private to server/: what the dispatcher hands a route
 * handler, the reply helpers, and one handler per route+method (h_*.c). */
#ifndef MQ_HANDLERS_H
#define MQ_HANDLERS_H

#include <jansson.h>

#include "mq_http.h"

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

/** Answer @p status with @p body (malloc'd, stolen; NULL for none) of @p type (static). */
void mq_reply_raw(struct mq_http_response *resp, unsigned int status, const char *type,
		  char *body, size_t len);

/** Answer @p status with @p body serialised compactly; steals @p body. */
void mq_reply_json(struct mq_http_response *resp, unsigned int status, json_t *body);

/** Answer @p status with {"error":code,"message":...}; the message is printf-formatted. */
void mq_reply_error(struct mq_http_response *resp, unsigned int status, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Answer @p status with @p html (malloc'd, stolen) as text/html. */
void mq_reply_html(struct mq_http_response *resp, unsigned int status, char *html, size_t len);

/** Answer 503 with Retry-After for a storage failure (JSON). */
void mq_reply_unavailable(struct mq_http_response *resp);

/** Add a response header; false (and logged) when the table is full or too long. */
bool mq_http_add_header(struct mq_http_response *resp, const char *name, const char *value);

/** Verify a signed kiosk request (DESIGN §5): signature, key, clock window,
 *  nonce replay. On success fills @p device, touches last_seen and returns
 *  true; otherwise answers 401 (or 503) into @p resp and returns false. */
bool mq_auth_check(const struct mq_server *srv, const struct mq_http_request *req,
		   struct mq_db_device *device, struct mq_http_response *resp);

/** GET /healthz */
void mq_h_healthz_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /api/v1/enroll */
void mq_h_enroll_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /api/v1/records (signed) */
void mq_h_records_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /api/v1/kiosk/state (signed) */
void mq_h_kiosk_state_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /api/v1/track/{token} */
void mq_h_track_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /t/{token} — the public tracking page */
void mq_h_track_page(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /b/{token} — the public booking page (issue 4) */
void mq_h_booking_page(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /b/{token}/cancel — cancel a booking, with a confirmation step */
void mq_h_booking_cancel_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /b/{token}/calendar.ics — the booking as an iCalendar entry */
void mq_h_booking_ics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/attendance — the monthly attendance report in the console (issue 4) */
void mq_h_roster_attendance_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** Answer 404 with the full, friendly "not synced yet" tracking page. */
void mq_page_not_synced(struct mq_http_response *resp);

#endif
