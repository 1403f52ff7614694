/* mq_supervise.h — one pass of `minqing-server supervise --once` (督查),
 * run by a systemd timer every 15 minutes:
 *
 *   1. judges every open opinion against its deadlines (mq_deadline.h);
 *   2. escalates to the district's list each topic (or opinion in no topic)
 *      overdue by more than the district's threshold, once per deadline,
 *      all in one transaction with one message to the district's robot
 *      listing them (not one message an item: switching this on over a
 *      backlog must not flood the robot);
 *   3. owes a resident who left a phone number (with consent) one SMS when
 *      the opinion gets its first public answer and one when its result is
 *      published, each with the tracking link; never anything else, never
 *      at night, never twice (an event more than MQ_SUPERVISE_SMS_HORIZON_S
 *      old when first seen gets none);
 *   4. on a working day from 08:30, queues each street group's daily digest
 *      (new, due soon, overdue — labelled 超期) and the district's;
 *   5. sends what is owed (mq_notice_deliver).
 * Everything queued is queued once per key, so runs may overlap or repeat. */
#ifndef MQ_SUPERVISE_H
#define MQ_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_delivery.h"
#include "mq_notice.h"

#define MQ_SUPERVISE_DIGEST_MINUTE (8 * 60 + 30)    /* local time digests are due */
#define MQ_SUPERVISE_SMS_HORIZON_S (7 * 86400)

/** How one pass runs. */
struct mq_supervise_config {
	const char *public_url;      /* base of tracking and console links; SMS need it */
	const char *webhook;         /* every message to this URL (plain JSON), or NULL */
	const char *sms_url;         /* the SMS gateway when the console names none, or NULL */
	mq_delivery_send_fn send;
	void *send_cls;
};

/** What one pass did. */
struct mq_supervise_result {
	unsigned int open;           /* opinions with a deadline still open */
	unsigned int overdue;        /* of which past it */
	unsigned int escalated;      /* newly escalated items */
	unsigned int sms_queued;
	unsigned int sms_unsendable; /* owed, but no SMS gateway or no public URL */
	unsigned int digests_queued;
	struct mq_notice_result sent;
};

/** Run one pass at @p now. MQ_OK (see @p res for what was not delivered),
 *  MQ_ERR_NOMEM or the storage error. */
enum mq_err mq_supervise_run(struct mq_db *db, const struct mq_supervise_config *cfg,
			     int64_t now, struct mq_supervise_result *res) MQ_MUST_CHECK;

#endif
