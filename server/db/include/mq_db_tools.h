/* mq_db_tools.h — whole-database operations beside struct mq_db: copying a
 * district from SQLite to PostgreSQL (migrate-db) and backing up a SQLite
 * database while the server serves it (backup). */
#ifndef MQ_DB_TOOLS_H
#define MQ_DB_TOOLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mq_error.h"

/**
 * Copy every table of the SQLite database @p from ("sqlite:PATH") into the
 * PostgreSQL database @p to (a libpq URI), both migrated first to this
 * program's schema. Refuses (MQ_ERR_CONFLICT) a target that holds any row.
 * The copy is one transaction; afterwards each table is verified by its
 * row count and a checksum of its rows (order-independent: SHA-256 of each
 * row's canonical text, summed), on both sides, and one line per table goes
 * to @p report: "TABLE ROWS CHECKSUM ok". The identity sequences continue
 * after the copied ids. On failure @p why (@p size bytes) says what to do;
 * MQ_ERR_CONFIG for URLs of the wrong kinds, MQ_ERR_CONFLICT for a
 * non-empty target, MQ_ERR_INVALID when a checksum differs, MQ_ERR_DB or
 * MQ_ERR_IO otherwise.
 */
enum mq_err mq_db_copy(const char *from, const char *to, FILE *report, char *why, size_t size)
	MQ_MUST_CHECK;

/**
 * Back up the SQLite database @p url ("sqlite:PATH") into the file @p file
 * with SQLite's online backup API: one consistent snapshot, taken while
 * the server goes on writing (WAL), written to FILE.tmp, checked with
 * PRAGMA integrity_check, synced and renamed into place. *@p pages gets
 * the pages copied. A PostgreSQL URL is refused (MQ_ERR_CONFIG: pg_dump,
 * docs/DEPLOY.md). On failure @p why (@p size bytes) says what to do.
 */
enum mq_err mq_db_backup(const char *url, const char *file, int64_t *pages, char *why,
			 size_t size) MQ_MUST_CHECK;

#endif
