/* store_fixture.h — a kiosk store in a fresh temporary directory for the
 * sync/ unit tests, and reads of what is on disk through a second,
 * independent connection. Include after cmocka.h. */
#ifndef MQ_TEST_STORE_FIXTURE_H
#define MQ_TEST_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "mq_store.h"
#include "tmpdir.h"

struct store_fixture {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];    /* DIR/kiosk.db */
	struct mq_store *store;
	void *extra;                 /* the test's own state */
};

/** cmocka setup: an opened, migrated, empty store. */
static inline int store_fixture_setup(void **state)
{
	struct store_fixture *f = calloc(1, sizeof *f);

	tmpdir_make(f->dir);
	snprintf(f->path, sizeof f->path, "%s/kiosk.db", f->dir);
	assert_int_equal(mq_store_open(f->path, &f->store), MQ_OK);
	*state = f;
	return 0;
}

/** cmocka teardown: close and remove everything. */
static inline int store_fixture_teardown(void **state)
{
	struct store_fixture *f = *state;

	mq_store_close(f->store);
	tmpdir_remove(f->dir);
	free(f->extra);
	free(f);
	return 0;
}

/** The first column of the first row of @p sql, read from @p path (-1 if no row). */
static inline long long store_fixture_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/** As store_fixture_int, as text into @p out (empty if no row); returns @p out. */
static inline const char *store_fixture_text(const char *path, const char *sql, char *out,
					     size_t size)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	out[0] = '\0';
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

#endif
