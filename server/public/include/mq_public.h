/* mq_public.h — the residents' pages (zh-CN, phone first, no login, no
 * JavaScript): the tracking page of the QR code, its rating form, the
 * booking page with its cancel and calendar entry, a studio's board, and
 * the phone side (民情E点通) where residents file and book themselves.
 * One handler per route and method, for the route table. */
#ifndef MQ_PUBLIC_H
#define MQ_PUBLIC_H

#include "mq_http.h"

/** GET /t/{token}: the tracking page with the five-step timeline. */
void mq_public_track_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /t/{token}/rating: the resident's satisfaction with the result. */
void mq_public_track_rating_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /b/{token}: the booking page. */
void mq_public_booking_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /b/{token}/cancel: cancel a booking, with a confirmation step. */
void mq_public_booking_cancel_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /b/{token}/calendar.ics: the booking as an iCalendar entry. */
void mq_public_booking_ics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /board/{studio}: a studio's public board of resolved issues (办理公示). */
void mq_public_board_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /f/{studio}: the phone side's opinion form (民情E点通), no app, no
 *  JavaScript; ?size=large is the 大字版. */
void mq_public_phone_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /f/{studio}: the opinion form's review and submit steps; a filed
 *  opinion answers 303 to /t/{token}?new=1. */
void mq_public_phone_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /f/{studio}/book: the studio's bookable slots, to book from the phone. */
void mq_public_phone_book_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /f/{studio}/book: book a slot; answers 303 to /b/{token}. */
void mq_public_phone_book_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** Answer 404 with the friendly "not synced yet" tracking page: what a
 *  tracking link the server does not know yet opens (DESIGN.md §6). */
void mq_public_not_synced(struct mq_http_response *resp);

/** GET /f/{studio}/topics: the studio's open candidate topics (大家来选议题),
 *  each with a button to back it. */
void mq_public_phone_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /f/{studio}/topics: back candidate `candidate`, once per browser
 *  (the cookie mq_voter), behind the phone side's guard. */
void mq_public_phone_topics_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /f/{studio}/survey/{id}: questionnaire {id}, open at the studio today,
 *  as a form without JavaScript (问卷调查). */
void mq_public_phone_survey_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /f/{studio}/survey/{id}: the answers, once per browser (the voter
 *  cookie's digest), behind the phone side's guard. */
void mq_public_phone_survey_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

#endif
