/* mq_store_visit.h — visits in the kiosk store: a resident books a slot with
 * the duty member, cancels it, and duty members check in and out (marking
 * the residents they received). Each is a record queued in the outbox in
 * the same transaction as its local row, like an opinion (mq_store.h). */
#ifndef MQ_STORE_VISIT_H
#define MQ_STORE_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_store.h"
#include "mq_time.h"

/** What a resident enters to book a visit. topic may be NULL or "". */
struct mq_booking_draft {
	const char *slot;            /* slot id from the kiosk state */
	const char *name;
	const char *phone;
	const char *topic;
	/* the device key (MQ_SIG_KEY_BYTES): an HMAC of the phone's last 4
	 * digits under it stays beside the booking, so the resident can cancel
	 * at this kiosk (mq_store_cancel_by_code); NULL: only by phone */
	const unsigned char *key;
};

/**
 * Queue a booking (record kind `booking`); its local status is `pending`
 * (待确认) until the server answers: `booked`, or `refused` when the server
 * found no place left. Errors as mq_store_add_opinion.
 */
enum mq_err mq_store_add_booking(struct mq_store *store, const struct mq_booking_draft *draft,
				 int64_t now, struct mq_receipt *out) MQ_MUST_CHECK;

/**
 * Queue the cancellation (kind `booking_cancel`) of booking record @p booking_id
 * made at this kiosk; its local status becomes `cancelled`. MQ_ERR_NOT_FOUND
 * for a booking this kiosk does not hold or that is already cancelled.
 */
enum mq_err mq_store_cancel_booking(struct mq_store *store, const char *booking_id,
				    int64_t now) MQ_MUST_CHECK;

/** Digits of the phone number that prove a booking is one's own at the kiosk. */
#define MQ_STORE_PHONE_TAIL 4

/** Places of @p slot this kiosk gave back (cancelled here after the server
 *  counted them, the cancellation not yet acknowledged): what the cached
 *  free count does not know about yet. -1 on error. */
int mq_store_slot_released(struct mq_store *store, const char *slot);

/** A duty member's mark on a resident's booking at check-in or check-out. */
struct mq_booking_mark {
	const char *booking;         /* booking record id */
	bool attended;               /* false: no_show */
};

/** A check-in or check-out. */
struct mq_attendance_draft {
	bool checkout;               /* false: checkin */
	const char *member;          /* member key (resolved from badge or number) */
	bool by_badge;               /* false: by PIN */
	const struct mq_booking_mark *marks;
	size_t n_marks;
};

/** Queue a check-in or check-out at @p now (kind `checkin`/`checkout`). */
enum mq_err mq_store_add_attendance(struct mq_store *store,
				    const struct mq_attendance_draft *draft, int64_t now,
				    char out_id[MQ_UUID_LEN + 1]) MQ_MUST_CHECK;

/** Bookings for @p slot made here and not yet answered by the server: what
 *  the cached free count does not know about yet. -1 on error. */
int mq_store_slot_pending(struct mq_store *store, const char *slot);

/** A booking as the kiosk shows it (no personal data). */
struct mq_store_booking_view {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char slot[64];
	char status[16];             /* pending, booked, refused, cancelled */
};

/** The booking with @p short_code made here, newest first. MQ_ERR_NOT_FOUND if none. */
enum mq_err mq_store_find_booking(struct mq_store *store, const char *short_code,
				  struct mq_store_booking_view *out) MQ_MUST_CHECK;

/**
 * Cancel at this kiosk the booking with @p short_code made here, for a
 * resident who gives the last MQ_STORE_PHONE_TAIL digits @p phone_tail of
 * the phone they booked with: they are checked against the HMAC kept with
 * the booking under @p key (the device key), in constant time, and the
 * cancellation is queued as mq_store_cancel_booking does. Fills @p out with
 * the booking (also when it cannot be cancelled). MQ_OK: cancelled now;
 * MQ_ERR_NOT_FOUND: no booking with that code here, or the digits do not
 * match (the two are not told apart, so a guesser learns nothing);
 * MQ_ERR_CONFLICT: the right booking, but already cancelled or refused
 * (out->status says which); MQ_ERR_INVALID: malformed input.
 */
enum mq_err mq_store_cancel_by_code(struct mq_store *store, const char *short_code,
				    const char *phone_tail, const unsigned char *key, int64_t now,
				    struct mq_store_booking_view *out) MQ_MUST_CHECK;

/** A booking made here that still holds (or waits for) a place. */
struct mq_store_open_booking {
	const char *id;
	const char *short_code;
	const char *slot;
	const char *name_masked;     /* 王** */
	const char *topic;           /* "" when none */
	const char *status;          /* pending or booked */
};

/**
 * Hand every booking made here that is pending or booked to @p fn, oldest
 * first (what the duty member's list needs before the server's state has
 * it). Strings live for the call only.
 */
enum mq_err mq_store_bookings_iterate(struct mq_store *store,
				      void (*fn)(void *cls, const struct mq_store_open_booking *b),
				      void *cls) MQ_MUST_CHECK;

/** Whether @p member last checked in (true) or out/never (false) at this kiosk
 *  since @p since (unix seconds), e.g. the start of today. */
bool mq_store_member_present(struct mq_store *store, const char *member, int64_t since);

#endif
