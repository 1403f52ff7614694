/* mq_booking.h — visits booked with the member on duty: what a resident's
 * phone may see of a booking (booking.c), and cancelling it there. The
 * record kinds (kind_booking.c, kind_checkin.c) are declared in
 * mq_records.h.
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

/** The resident cancels booking @p bk from its page at @p now, in one
 *  transaction. MQ_ERR_NOT_FOUND when it was not (or no longer) booked. */
enum mq_err mq_booking_cancel_by_resident(struct mq_db *db, const struct mq_booking_info *bk,
					  int64_t now) MQ_MUST_CHECK;

#endif
