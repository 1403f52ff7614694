/* public.h — private to server/public/: what the residents' pages share:
 * the booking pages' frame and messages, and the booking's calendar entry. */
#ifndef MQ_PUBLIC_PRIVATE_H
#define MQ_PUBLIC_PRIVATE_H

#include "mq_booking.h"
#include "mq_buf.h"
#include "mq_http.h"
#include "mq_public.h"

/** The booking pages' style sheets, after the shared one (mq_page_begin_ex). */
extern const char *const mq_booking_css[];

/** The brand line of the booking pages. */
#define MQ_BOOKING_BRAND "民情 · 预约来访"

/** Answer @p status with a whole booking-branded page: @p heading, a bold
 *  @p lead line and a paragraph @p text (all escaped). */
void mq_booking_message(struct mq_http_response *resp, unsigned int status, const char *heading,
			const char *lead, const char *text);

/** Answer 404 with the friendly "not synced yet" booking page. */
void mq_booking_not_synced(struct mq_http_response *resp);

/**
 * The iCalendar (RFC 5545) document of booking @p bk: one VEVENT whose UID is
 * stable (from the booking's id), SEQUENCE its sequence, STATUS CONFIRMED or
 * CANCELLED; CRLF line ends, lines folded at 75 octets. @p url is the booking
 * page (may be NULL). Appended to @p b.
 */
void mq_ics_booking(struct mq_buf *b, const struct mq_booking_info *bk, const char *url);

#endif
