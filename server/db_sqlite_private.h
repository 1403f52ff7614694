/* db_sqlite_private.h — private to the SQLite backend: what db_sqlite.c
 * lends the files that implement further blocks of struct mq_db on the same
 * connection (db_sqlite_console.c). Not for handlers. */
#ifndef MQ_DB_SQLITE_PRIVATE_H
#define MQ_DB_SQLITE_PRIVATE_H

#include <sqlite3.h>

#include "mq_db.h"

/** The connection of backend @p cls (struct mq_db.cls). Use it only between
 *  mq_sqlite_lock() and mq_sqlite_unlock(). */
sqlite3 *mq_sqlite_conn(void *cls);

/** Take the backend's (recursive) connection lock. */
void mq_sqlite_lock(void *cls);

/** Release the lock taken by mq_sqlite_lock(). */
void mq_sqlite_unlock(void *cls);

/** Log a failed step of statement @p what with result @p rc, and remember
 *  whether it was contention, so that run_tx retries the transaction. */
void mq_sqlite_note_failure(void *cls, const char *what, int rc);

/** The slot where db_sqlite_console.c keeps its prepared statements
 *  (NULL until mq_sqlite_console_init). */
void **mq_sqlite_console_slot(void *cls);

/** Fill the console block of @p iface (its cls set) and prepare its state.
 *  MQ_ERR_NOMEM on failure. Defined in db_sqlite_console.c. */
enum mq_err mq_sqlite_console_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Finalise what mq_sqlite_console_init prepared; before the connection
 *  closes. Safe when init never ran. Defined in db_sqlite_console.c. */
void mq_sqlite_console_close(void *cls);

/* ---- the roster block (issue 4), same pattern as the console's ---- */

/** The slot where db_sqlite_roster.c keeps its prepared statements
 *  (NULL until mq_sqlite_roster_init). */
void **mq_sqlite_roster_slot(void *cls);

/** Fill the roster block of @p iface (its cls set) and prepare its state.
 *  MQ_ERR_NOMEM on failure. Defined in db_sqlite_roster.c. */
enum mq_err mq_sqlite_roster_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Finalise what mq_sqlite_roster_init prepared; before the connection
 *  closes. Safe when init never ran. Defined in db_sqlite_roster.c. */
void mq_sqlite_roster_close(void *cls);

#endif
