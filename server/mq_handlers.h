/* mq_handlers.h — private to server/: one handler per route+method (h_*.c). */
#ifndef MQ_HANDLERS_H
#define MQ_HANDLERS_H

#include <jansson.h>

#include "mq_http.h"

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

#endif
