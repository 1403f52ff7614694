/* db.c — the database a --db URL names (mq_db.h): the one place that knows
 * the storage plugins. SQLite is the plugin this build has (sqlite/); a
 * PostgreSQL plugin would be wired in here beside it. */
#include "mq_db.h"

#include <stdio.h>
#include <string.h>

#include "mq_db_sqlite.h"

enum mq_err mq_db_open(const char *url, struct mq_db **out, char *why, size_t size)
{
	enum mq_err err;

	*out = NULL;
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		snprintf(why, size, "this build has only the SQLite backend; use --db sqlite:PATH");
		return MQ_ERR_NOT_FOUND;
	}
	if (strncmp(url, "sqlite:", 7) != 0 || url[7] == '\0') {
		snprintf(why, size, "--db must be sqlite:PATH (got '%.80s')", url);
		return MQ_ERR_CONFIG;
	}
	err = mq_db_sqlite_open(url + 7, out);
	if (err != MQ_OK)
		snprintf(why, size, "cannot open the database %s: %s", url + 7, mq_strerror(err));
	return err;
}

void mq_db_destroy(struct mq_db *db)
{
	if (!db)
		return;
	db->close(db->cls);
}
