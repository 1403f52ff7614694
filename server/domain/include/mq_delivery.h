/* mq_delivery.h — delivering one outbound message through a webhook with
 * the discipline that makes "never twice" hold: visit reminders
 * (mq_reminder.h) and notifications (mq_notice.h) both go through it.
 *
 * The message's row is claimed in a transaction before its request goes
 * out (the claim fails when another run has it, or it is done), the
 * request is made outside any transaction so the database is never held
 * while a gateway is slow, and the outcome is recorded: sent; or retry at
 * a growing delay (1, 2, 4 ... minutes, at most an hour); or failed for
 * good after the item's last attempt or its time runs out. A crash after
 * the claim leaves the row claimed: never sent again by itself (the
 * console shows it). Every request carries "Idempotency-Key: KEY" so a
 * gateway can also drop the repeat of a request whose answer was lost. */
#ifndef MQ_DELIVERY_H
#define MQ_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_DELIVERY_BACKOFF_BASE_S 60
#define MQ_DELIVERY_BACKOFF_MAX_S 3600

/**
 * Sends one message: POST @p body (JSON) to @p url (NULL: the sender's own
 * URL) with "Idempotency-Key: @p key". True when it was accepted (2xx);
 * else false with what went wrong in @p why (@p size bytes).
 */
typedef bool (*mq_delivery_send_fn)(void *cls, const char *url, const char *key,
				    const char *body, char *why, size_t size);

/** Claims row @p key for sending at @p now: MQ_ERR_CONFLICT when the caller
 *  must not send (struct mq_db's reminder_claim, notice_claim). */
typedef enum mq_err (*mq_delivery_claim_fn)(void *cls, const char *key, int64_t now);

/** Records how a claimed row went (struct mq_db's reminder_finish, notice_finish). */
typedef enum mq_err (*mq_delivery_finish_fn)(void *cls, const char *key, const char *state,
					     int64_t attempts, int64_t next_at, int64_t now,
					     const char *error);

/** Where and how one message is delivered. */
struct mq_delivery {
	const char *what;                /* for logs: "reminder", "notice" */
	mq_delivery_claim_fn claim;
	mq_delivery_finish_fn finish;
	mq_delivery_send_fn send;
	void *send_cls;
};

/** One message. */
struct mq_delivery_item {
	const char *key;                 /* its row and its idempotency key */
	const char *url;                 /* NULL: the sender's own */
	const char *body;
	int64_t attempts;                /* made before this one */
	int max_attempts;
	int64_t retry_until;             /* no retry later than this; 0: no such limit */
	int64_t (*hold)(int64_t t);      /* moves a retry time out of hours it must
					    not be sent in; NULL: none */
};

/** What became of one message. */
enum mq_delivery_outcome {
	MQ_DELIVERY_SENT,
	MQ_DELIVERY_RETRY,               /* failed, will be retried */
	MQ_DELIVERY_FAILED,              /* failed for good */
	MQ_DELIVERY_TAKEN,               /* claimed by another run, or done meanwhile */
};

/** Counts of what became of messages. */
struct mq_delivery_counts {
	unsigned int sent;
	unsigned int retry;              /* failed, will be retried */
	unsigned int failed;             /* failed for good */
};

/**
 * Claim, send and record @p it through @p d on @p db at @p now; what became
 * of it into *@p out. Returns MQ_OK (whatever the outcome) or the storage
 * error (the message is then neither sent nor recorded as sent).
 */
enum mq_err mq_delivery_run(struct mq_db *db, const struct mq_delivery *d,
			    const struct mq_delivery_item *it, int64_t now,
			    enum mq_delivery_outcome *out) MQ_MUST_CHECK;

/** mq_delivery_run, counting the outcome into @p counts. */
enum mq_err mq_delivery_count(struct mq_db *db, const struct mq_delivery *d,
			      const struct mq_delivery_item *it, int64_t now,
			      struct mq_delivery_counts *counts) MQ_MUST_CHECK;

#endif
