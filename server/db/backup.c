/* backup.c — backup (mq_db_tools.h): a SQLite database copied with SQLite's
 * online backup API while the server serves it.
 *
 * The copy is taken in one backup step, inside one read transaction of the
 * source: in WAL mode the server's writers go on meanwhile, and the copy is
 * the database as it was when the step began, every transaction committed
 * before it included, none half. It is written next to the target, checked
 * (integrity_check), synced and renamed into place, so a crash or a full
 * disk leaves the previous backup untouched. */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_db_tools.h"

#define BUSY_TIMEOUT_MS 10000

/* Syncs file @p path (and so its rename's directory entry follows). */
static bool sync_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	bool ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* integrity_check of @p db: true when it answers "ok". */
static bool intact(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	bool ok = false;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	return ok;
}

/* Copies @p src into the new file @p tmp; false with @p why. */
static bool copy_into(sqlite3 *src, const char *tmp, int64_t *pages, char *why, size_t size)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc = SQLITE_ERROR;
	bool ok;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(why, size, "cannot create %s: %s", tmp, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return false;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main"))) {
		rc = sqlite3_backup_step(b, -1);   /* all pages in one step: one snapshot */
		*pages = sqlite3_backup_pagecount(b);
		sqlite3_backup_finish(b);
	}
	ok = rc == SQLITE_DONE;
	if (!ok)
		snprintf(why, size, "backup failed: %s", sqlite3_errmsg(dst));
	else if (!(ok = intact(dst)))
		snprintf(why, size, "the copy in %s fails integrity_check", tmp);
	/* a backup is one file: no WAL beside it */
	if (ok)
		sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return ok;
}

enum mq_err mq_db_backup(const char *url, const char *file, int64_t *pages, char *why,
			 size_t size)
{
	char tmp[4096];
	sqlite3 *src = NULL;
	bool ok;

	*pages = 0;
	if (mq_db_url_is_pg(url)) {
		snprintf(why, size, "backup copies a SQLite database; back up PostgreSQL with"
			 " pg_dump or the DBAs' base backups and WAL archive (docs/DEPLOY.md)");
		return MQ_ERR_CONFIG;
	}
	if (strncmp(url, "sqlite:", 7) != 0 || !url[7]) {
		snprintf(why, size, "--db must be sqlite:PATH (got '%.80s')", url);
		return MQ_ERR_CONFIG;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int)sizeof tmp) {
		snprintf(why, size, "the backup file name is too long");
		return MQ_ERR_CONFIG;
	}
	if (sqlite3_open_v2(url + 7, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, size, "cannot open %s: %s", url + 7, sqlite3_errmsg(src));
		sqlite3_close(src);
		return MQ_ERR_IO;
	}
	sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
	unlink(tmp);
	ok = copy_into(src, tmp, pages, why, size);
	sqlite3_close(src);
	if (ok && (!sync_file(tmp) || rename(tmp, file) != 0)) {
		snprintf(why, size, "cannot write %s (disk full, or the directory missing?)", file);
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		return MQ_ERR_IO;
	}
	return MQ_OK;
}
