/* db.c — the database a --db URL names (mq_db.h): the one place that knows
 * the storage plugins: SQLite (sqlite/, "sqlite:PATH") and PostgreSQL
 * (postgres/, libpq URIs "postgresql://..." and "postgres://..."). */
#include "mq_db.h"

#include <stdio.h>
#include <string.h>

#include "mq_db_pg.h"
#include "mq_db_sqlite.h"

bool mq_db_url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

enum mq_err mq_db_open_pool(const char *url, unsigned int connections, struct mq_db **out,
			    char *why, size_t size)
{
	enum mq_err err;

	*out = NULL;
	if (mq_db_url_is_pg(url)) {
		err = mq_db_pg_open(url, connections, out);
		if (err != MQ_OK)
			snprintf(why, size, "cannot open the PostgreSQL database %s: %s (the log"
				 " above says why)", url, mq_strerror(err));
		return err;
	}
	if (strncmp(url, "sqlite:", 7) != 0 || url[7] == '\0') {
		snprintf(why, size, "--db must be sqlite:PATH or postgresql://... (got '%.80s')",
			 url);
		return MQ_ERR_CONFIG;
	}
	err = mq_db_sqlite_open(url + 7, out);
	if (err != MQ_OK)
		snprintf(why, size, "cannot open the database %s: %s", url + 7, mq_strerror(err));
	return err;
}

enum mq_err mq_db_open(const char *url, struct mq_db **out, char *why, size_t size)
{
	return mq_db_open_pool(url, 0, out, why, size);
}

void mq_db_destroy(struct mq_db *db)
{
	if (!db)
		return;
	db->close(db->cls);
}
