/* mq_outbox.h — the kiosk's queue of records waiting for the server.
 * A record leaves the queue only when a server result names its id:
 * stored/duplicate acknowledge it (and wipe personal data from the kiosk),
 * conflict/invalid reject it (kept, visible to the technician, never resent). */
#ifndef MQ_OUTBOX_H
#define MQ_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_store.h"

/**
 * The oldest queued records, at most @p max of them and about @p max_bytes of
 * JSON, as the upload's body {"records": [{"id","kind","created_at","data"},
 * ...]} in a new string @p body (caller frees), with their number in
 * @p count. Each record's stored data goes in as it is, unparsed. Counts an
 * upload attempt on each. An empty queue gives {"records":[]} and 0.
 */
enum mq_err mq_outbox_batch(struct mq_store *store, size_t max, size_t max_bytes,
			    char **body, size_t *count) MQ_MUST_CHECK;

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
