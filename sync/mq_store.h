/* mq_store.h — the kiosk's local store: DATA_DIR/kiosk.db (SQLite, WAL,
 * synchronous=FULL, schema versioned by user_version from sync/sql/NNNN_*.sql).
 * Holds the residents' records with their outbox entries, the last state
 * pulled from the server, and small sync bookkeeping. One handle per thread. */
#ifndef MQ_STORE_H
#define MQ_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_id.h"

struct mq_store;

/** Open (creating and migrating as needed) the store at @p path. */
enum mq_err mq_store_open(const char *path, struct mq_store **out) MQ_MUST_CHECK;

/** Close the store. NULL is a no-op. */
void mq_store_close(struct mq_store *store);

/** What a resident filed at the touchscreen. Optional fields may be NULL or "". */
struct mq_opinion_draft {
	const char *category;       /* key, required */
	const char *community;      /* key, optional */
	const char *text;           /* 1..2000 characters, required */
	const char *member;         /* key, optional (委员信箱) */
	const char *contact_name;   /* optional, only with consent */
	const char *contact_phone;  /* optional, only with consent */
};

/** What the resident takes away: ids made on the kiosk. */
struct mq_receipt {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
};

/**
 * Queue a new opinion: the record and its outbox entry in one transaction.
 * @p now is wall-clock unix seconds (created_at). Returns MQ_ERR_INVALID when
 * the draft is not a well-formed opinion, MQ_ERR_DISK_FULL when there is no
 * room (nothing is written), MQ_ERR_DB otherwise. Fills @p out on MQ_OK.
 */
enum mq_err mq_store_add_opinion(struct mq_store *store, const struct mq_opinion_draft *draft,
				 int64_t now, struct mq_receipt *out) MQ_MUST_CHECK;

/**
 * The last state pulled from the server (GET /api/v1/kiosk/state), or NULL
 * if there is none yet. The caller owns the reference (json_decref).
 */
json_t *mq_store_state(struct mq_store *store);

/** Replace the cached state and its ETag (may be NULL). Takes no reference. */
enum mq_err mq_store_set_state(struct mq_store *store, json_t *state,
			       const char *etag) MQ_MUST_CHECK;

/**
 * Group several writes (e.g. settling a batch of acknowledgements) into one
 * transaction: one durable commit instead of one per write. Not nestable.
 */
enum mq_err mq_store_begin(struct mq_store *store) MQ_MUST_CHECK;

/** Commit what mq_store_begin started. On failure the writes are rolled back. */
enum mq_err mq_store_commit(struct mq_store *store) MQ_MUST_CHECK;

/** Abandon what mq_store_begin started. */
void mq_store_rollback(struct mq_store *store);

/** Small settings: read @p key into @p out (empty if absent). */
enum mq_err mq_store_get(struct mq_store *store, const char *key, char *out,
			 size_t size) MQ_MUST_CHECK;

/** Small settings: write @p key = @p value (NULL deletes). */
enum mq_err mq_store_put(struct mq_store *store, const char *key,
			 const char *value) MQ_MUST_CHECK;

#endif
