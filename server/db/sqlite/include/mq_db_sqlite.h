/* mq_db_sqlite.h — the SQLite plugin of the storage interface (mq_db.h).
 * The server reaches it through mq_db_open("sqlite:PATH"); tests that want
 * a database file without a URL call it directly. */
#ifndef MQ_DB_SQLITE_H
#define MQ_DB_SQLITE_H

#include "mq_db.h"

/**
 * Open the SQLite database at @p path (created if missing) in WAL mode with
 * foreign keys on and a busy timeout, and apply pending migrations.
 * On success *@p out holds a handle to free with mq_db_destroy().
 * Returns MQ_ERR_IO when the file cannot be opened, MQ_ERR_NOMEM, or
 * MQ_ERR_DB otherwise.
 */
enum mq_err mq_db_sqlite_open(const char *path, struct mq_db **out) MQ_MUST_CHECK;

#endif
