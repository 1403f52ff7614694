/* mq_db_pg.h — the PostgreSQL plugin of the storage interface (mq_db.h).
 * The server reaches it through mq_db_open("postgresql://...") or
 * mq_db_open_pool; tests and tools that hold a libpq connection string call
 * it directly. */
#ifndef MQ_DB_PG_H
#define MQ_DB_PG_H

#include "mq_db.h"

/**
 * Open the PostgreSQL database named by libpq connection string or URI
 * @p conninfo ("postgresql:///minqing?host=/run/postgresql", "host=... dbname=..."),
 * with a pool of at most @p connections connections (0: 4), and apply
 * pending migrations. On success *@p out holds a handle to free with
 * mq_db_destroy(). MQ_ERR_IO when the server cannot be reached,
 * MQ_ERR_NOMEM, or MQ_ERR_DB otherwise (logged).
 */
enum mq_err mq_db_pg_open(const char *conninfo, unsigned int connections, struct mq_db **out)
	MQ_MUST_CHECK;

#endif
