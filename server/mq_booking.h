/* mq_booking.h — private to server/: visit bookings and member attendance
 * (issue 4): the record kinds (kind_booking.c, kind_checkin.c), what the
 * public booking page may show (booking_view.c) and its iCalendar entry
 * (ics.c).
 *
 * Record data (DESIGN.md §5, as this server reads it):
 *   booking        {"token","short_code","slot","name","phone","topic"?}
 *   booking_cancel {"booking": record id of the booking}
 *   checkin/checkout {"member": member key or badge code, "method":"badge"|"pin",
 *                     "at": RFC 3339, "bookings"?: [{"booking": id,
 *                     "status": "attended"|"no_show"}]}
 * A booking that finds its slot full (or its shift cancelled) is stored as
 * refused and answered `conflict`; its page then says so. */
#ifndef MQ_BOOKING_H
#define MQ_BOOKING_H

#include <stddef.h>
#include <stdint.h>

#include "mq_buf.h"
#include "mq_http.h"
#include "mq_db.h"
#include "mq_records.h"

#define MQ_BOOKING_MARKS_MAX 50       /* booking marks in one check-in/out */

/** The answer's error text for a booking that found no place. The kinds'
 *  functions (kind_booking.c, kind_checkin.c) are declared in mq_records.h. */
extern const char mq_booking_refusal[];

/** The Chinese word for booking status @p status ("已预约", ...). */
const char *mq_booking_status_name(const char *status);

/** What the public booking page and calendar entry may show: the resident's
 *  name and phone only masked (loaded by mq_booking_load). */
struct mq_booking_info {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char slot[MQ_DB_SLOT_ID_MAX + 1];
	char studio[MQ_KEY_MAX + 1];
	char status[16];
	char cancel_reason[MQ_DB_NOTE_MAX];
	char member_name[MQ_DB_NAME_MAX];
	char member_sector[MQ_DB_NAME_MAX];
	char studio_name[MQ_DB_NAME_MAX];
	char studio_address[MQ_DB_NAME_MAX];
	char name_masked[64];
	char phone_masked[32];
	char topic[4 * MQ_BOOKING_TOPIC_MAX + 1];
	int64_t slot_start;
	int64_t slot_end;
	int64_t sequence;
	int64_t created_at;
	int64_t updated_at;
	bool shift_active;
};

/** Load the booking with token @p token (MQ_ERR_NOT_FOUND also for a token of
 *  the wrong shape). */
enum mq_err mq_booking_load(struct mq_db *db, const char *token,
			    struct mq_booking_info *out) MQ_MUST_CHECK;

/**
 * The iCalendar (RFC 5545) document of booking @p bk: one VEVENT whose UID is
 * stable (from the booking's id), SEQUENCE its sequence, STATUS CONFIRMED or
 * CANCELLED; CRLF line ends, lines folded at 75 octets. @p url is the booking
 * page (may be NULL). Appended to @p b.
 */
void mq_ics_booking(struct mq_buf *b, const struct mq_booking_info *bk, const char *url);

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

#endif
