/* store_private.h — the kiosk store's insides, shared by mq_store.c and mq_outbox.c.
 * Every SQL statement is named here and prepared once when the store opens. */
#ifndef MQ_STORE_PRIVATE_H
#define MQ_STORE_PRIVATE_H

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
	ST_OUTBOX_ATTEMPT,      /* mq_outbox_batch */
	ST_OUTBOX_GET,          /* mq_outbox_settle */
	ST_OUTBOX_SETTLE,       /* mq_outbox_settle */
	ST_OUTBOX_STATS,        /* mq_outbox_stats */
	ST_OPINION_BY_CODE,     /* mq_store_find_opinion (mq_store_lookup.c) */
	ST_OPINION_BY_TOKEN,    /* mq_store_find_opinion_by_token (mq_store_lookup.c) */
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

/** Run a statement that returns no rows (BEGIN/COMMIT/...); a SQLite code. */
int store_step_done(struct mq_store *store, enum store_stmt which);

#endif
