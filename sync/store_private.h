/* store_private.h — the kiosk store's insides, shared by mq_store.c and mq_outbox.c.
 * Every SQL statement is named here and prepared once when the store opens. */
#ifndef MQ_STORE_PRIVATE_H
#define MQ_STORE_PRIVATE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "mq_error.h"

enum store_stmt {
	ST_BEGIN,               /* transactions around writes */
	ST_COMMIT,
	ST_ROLLBACK,
	ST_OUTBOX_INSERT,       /* mq_store_add_opinion */
	ST_OPINION_INSERT,      /* mq_store_add_opinion */
	ST_SETTING_GET,         /* mq_store_get */
	ST_SETTING_PUT,         /* mq_store_put */
	ST_SETTING_DELETE,      /* mq_store_put (NULL) */
	ST_OPINION_SET_STAGE,   /* mq_store_apply_stage */
	ST_OUTBOX_BATCH,        /* mq_outbox_batch */
	ST_OUTBOX_BATCH_SAME,   /* mq_outbox_batch */
	ST_OUTBOX_ATTEMPT,      /* mq_outbox_batch */
	ST_OUTBOX_SETTLE,       /* mq_outbox_settle */
	ST_OUTBOX_STATS,        /* mq_outbox_stats */
	ST_OPINION_BY_CODE,     /* mq_store_find_opinion (mq_store_lookup.c) */
	ST_OPINION_BY_TOKEN,    /* mq_store_find_opinion_by_token (mq_store_lookup.c) */
	ST_BOOKING_INSERT,      /* mq_store_add_booking (mq_store_visit.c) */
	ST_BOOKING_CANCEL,      /* mq_store_cancel_booking */
	ST_BOOKING_SETTLE,      /* mq_outbox_settle: a booking's answer */
	ST_BOOKING_PENDING,     /* mq_store_slot_pending */
	ST_BOOKING_BY_CODE,     /* mq_store_find_booking */
	ST_BOOKINGS_OPEN,       /* mq_store_bookings_iterate */
	ST_BOOKING_FOR_CANCEL,  /* mq_store_cancel_by_code */
	ST_BOOKING_RELEASED,    /* mq_store_slot_released */
	ST_ATTENDANCE_INSERT,   /* mq_store_add_attendance */
	ST_ATTENDANCE_LAST,     /* mq_store_member_present */
	ST_COUNT
};

struct mq_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	char reserve_path[4096];     /* see store_reserve.c */
};

/** Map a SQLite result code to enum mq_err (SQLITE_FULL → MQ_ERR_DISK_FULL). */
enum mq_err store_err(int rc);

/** The named statement @p which, reset and with its bindings cleared. */
sqlite3_stmt *store_stmt(struct mq_store *store, enum store_stmt which);

/** DATA_DIR/kiosk.reserve for the database at @p db_path. */
void store_reserve_path(const char *db_path, char *out, size_t size);

/** True when the disk reserve is in place (creating it if there is room). */
bool store_reserve_ensure(struct mq_store *store);

/** Give the reserve up to free room; true if there was one to give. */
bool store_reserve_release(const char *reserve_path);

/**
 * Write a new record: its outbox entry (@p kind, @p data) and, through
 * @p local (may be NULL) with @p cls, its local row — in one transaction.
 * Checks the disk reserve first. Fills @p id (and created, for @p local).
 */
enum mq_err store_queue_record(struct mq_store *store, const char *kind, json_t *data,
			       int64_t now, char id[37],
			       int (*local)(struct mq_store *store, const char *id,
					    const char *created, void *cls),
			       void *cls);

/** Run a statement that returns no rows (BEGIN/COMMIT/...); a SQLite code. */
int store_step_done(struct mq_store *store, enum store_stmt which);

#endif
