/* mq_supervision.h — 督办: a district admin's supervision order on a topic
 * or an opinion, sent to the street group that has it, with a note and the
 * day by which it must be answered. The street group signs for it (签收)
 * and answers it (答复) in the console; the order shows on the topic (or
 * opinion), on the district's and the street's 督办 pages, and in the
 * statistics. Issuing queues an immediate message to the street group's
 * robot, answering one to the district's, in the same transaction as the
 * order and its audit entry (a message is never lost or sent twice). */
#ifndef MQ_SUPERVISION_H
#define MQ_SUPERVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_ORDER_NOTE_MAX 1000          /* characters of a note or an answer */

/** A new order. Exactly one of topic and opinion. */
struct mq_order_in {
	const char *topic;              /* topic id */
	const char *opinion;            /* opinion (record) id */
	const char *note;               /* what the district asks, 1..MQ_ORDER_NOTE_MAX chars */
	const char *due_day;            /* YYYY-MM-DD, today or later */
};

/**
 * Issue order @p in for admin @p who at @p now; @p public_url (may be NULL)
 * makes the console link in the street group's message. Its id into
 * @p id_out and number into *@p no. MQ_ERR_AUTH when @p who is no admin,
 * MQ_ERR_NOT_FOUND when the topic or opinion does not exist, MQ_ERR_INVALID
 * with a Chinese explanation in @p msg for a bad note or day.
 */
enum mq_err mq_order_issue(struct mq_db *db, const struct mq_db_staff *who,
			   const struct mq_order_in *in, const char *public_url, int64_t now,
			   char id_out[MQ_UUID_LEN + 1], int64_t *no, char *msg,
			   size_t size) MQ_MUST_CHECK;

/** What a street group does with an order. */
enum mq_order_action {
	MQ_ORDER_ACKNOWLEDGE,           /* 签收 */
	MQ_ORDER_ANSWER,                /* 答复 (signs for it too, when not yet) */
};

/**
 * Apply @p action to order @p id for @p who (its street group, or an admin)
 * at @p now, with @p answer for MQ_ORDER_ANSWER; audited as "order.ack" or
 * "order.answer"; an answer queues a message to the district's robot.
 * MQ_ERR_NOT_FOUND when the order is out of @p who's scope, MQ_ERR_AUTH for
 * a member account, MQ_ERR_INVALID with @p msg when it is answered already
 * or the answer is empty or too long.
 */
enum mq_err mq_order_act(struct mq_db *db, const struct mq_db_staff *who, const char *id,
			 enum mq_order_action action, const char *answer, const char *public_url,
			 int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/** True if order @p o is answered late, or open past the end of its due day at @p now. */
bool mq_order_late(const struct mq_db_order *o, int64_t now);

/** The day (number) of order @p o's due day; the day of @p o->issued_at when malformed. */
int64_t mq_order_due_day(const struct mq_db_order *o);

#endif
