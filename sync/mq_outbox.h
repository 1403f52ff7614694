/* mq_outbox.h — the kiosk's queue of records waiting for the server.
 * A record leaves the queue only when a server result names its id:
 * stored/duplicate acknowledge it (and wipe personal data from the kiosk),
 * conflict/invalid reject it (kept, visible to the technician, never resent). */
#ifndef MQ_OUTBOX_H
#define MQ_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_store.h"

/** A batch read from the queue: the upload's body and the rows it holds. */
struct mq_outbox_batch {
	char *body;                  /* {"records": [...]}, NUL-terminated */
	size_t len;                  /* strlen(body) */
	size_t count;                /* records in it */
	int64_t *rowids;             /* their outbox rows, @p count of them */
	int64_t last_queued_at;      /* where it ended in queue order (queued_at, */
	int64_t last_rowid;          /* rowid): the next batch starts after it */
	bool held;                   /* mq_outbox_batch_beside stopped before a record
				      * that must wait until nothing else is in flight */
};

/**
 * The oldest queued records after batch @p after (NULL: from the head of the
 * queue), at most @p max of them and about @p max_bytes of JSON, into
 * @p out: the upload's body {"records": [{"id","kind","created_at","data"},
 * ...]} and the rows. Each record's stored data goes in as it is, unparsed.
 * Counts an upload attempt on each, in one commit — or, inside a
 * transaction the caller holds (mq_store_begin), in that one: the count is
 * durable only once the caller commits. An empty queue gives
 * {"records":[]} and a count of 0. The caller frees @p out with
 * mq_outbox_batch_free; on failure it is empty.
 */
enum mq_err mq_outbox_batch(struct mq_store *store, const struct mq_outbox_batch *after,
			    size_t max, size_t max_bytes, struct mq_outbox_batch *out) MQ_MUST_CHECK;

/**
 * mq_outbox_batch for a batch that goes out while another batch is still
 * in flight: only the records that may travel beside another (opinions:
 * they depend on no other record and compete for nothing; the rule is in
 * mq_outbox.c), stopping before the first that may not, with @p out->held
 * set. Such a batch may be empty (count 0, held) although the queue is not;
 * it still ends where @p after ended.
 */
enum mq_err mq_outbox_batch_beside(struct mq_store *store, const struct mq_outbox_batch *after,
				   size_t max, size_t max_bytes,
				   struct mq_outbox_batch *out) MQ_MUST_CHECK;

/** Takes back the upload attempt counted on @p batch's records: it was read
 *  ahead and never went out. Best effort, one commit. */
void mq_outbox_batch_unsent(struct mq_store *store, const struct mq_outbox_batch *batch);

/** Frees what mq_outbox_batch put into @p batch and empties it. */
void mq_outbox_batch_free(struct mq_outbox_batch *batch);

/**
 * Settle queued record @p id with the server's @p result: "stored" or
 * "duplicate" acknowledge it, "conflict" or "invalid" reject it with @p error.
 * A record that is not queued (unknown, already settled) is left alone and
 * MQ_ERR_NOT_FOUND returned; any other result string is MQ_ERR_INVALID.
 */
enum mq_err mq_outbox_settle(struct mq_store *store, const char *id, const char *result,
			     const char *error, int64_t now) MQ_MUST_CHECK;

/** Queue figures for status and heartbeat. */
struct mq_outbox_stats {
	int queued;                  /* waiting for the server */
	int rejected;                /* refused by the server, kept for the technician */
	int64_t oldest_queued_at;    /* unix seconds, 0 when nothing is queued */
};

/** Read the queue figures. */
enum mq_err mq_outbox_stats(struct mq_store *store, struct mq_outbox_stats *out) MQ_MUST_CHECK;

#endif
