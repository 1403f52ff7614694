/* mq_reminder.h — visit reminders through an outbound webhook (for an SMS
 * gateway), run by `minqing-server reminders --once` from a timer. This
 * decides what is due and keeps the state; the command line's sender
 * delivers.
 *
 * A booking gets one reminder, on the day before its date (Asia/Shanghai),
 * from 10:00, and only if it was made before that date. Each reminder is
 * delivered with the discipline of mq_delivery.h: claimed in the database
 * before its request goes out, so it is never sent twice, not by two runs
 * at once, not after a crash; a cancelled booking is never claimed. A
 * failed request (transport error, non-2xx answer) is retried by later runs
 * with growing delays, at most 6 times and not later than 2 hours before
 * the visit. Requests carry `Idempotency-Key: <booking id>` so that a
 * gateway can also drop the repeat of a request whose answer was lost.
 *
 * The webhook gets POST application/json:
 *   {"type":"booking_reminder","id":BOOKING_ID,"phone":PHONE,"text":SMS_TEXT,
 *    "start":RFC3339,"end":RFC3339,"studio":STUDIO_ID,"short_code":CODE,
 *    "url":BOOKING_PAGE_URL_or_null}
 * The phone number goes nowhere else: never into a log. */
#ifndef MQ_REMINDER_H
#define MQ_REMINDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_delivery.h"

#define MQ_REMINDER_HOUR 10               /* local hour the day before, from which due */
#define MQ_REMINDER_ATTEMPTS 6
#define MQ_REMINDER_CUTOFF_S (2 * 3600)   /* no reminder this close to the visit */

/** How to send: @p send delivers the JSON above to its own URL (url NULL)
 *  with the booking's id as the idempotency key. */
struct mq_reminder_config {
	const char *public_url;               /* base of booking links, or NULL */
	mq_delivery_send_fn send;
	void *send_cls;                       /* its closure */
};

/** What one run did. */
struct mq_reminder_result {
	struct mq_delivery_counts n;          /* sent, retry, failed */
	unsigned int not_due;                 /* candidates not due yet (or booked too late) */
};

/**
 * Send the reminders due at @p now through cfg->send. Returns MQ_OK (even
 * when some were not delivered: see @p res), MQ_ERR_NOMEM or MQ_ERR_DB.
 */
enum mq_err mq_reminders_run(struct mq_db *db, const struct mq_reminder_config *cfg,
			     int64_t now, struct mq_reminder_result *res) MQ_MUST_CHECK;

#endif
