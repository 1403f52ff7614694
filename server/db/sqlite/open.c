/* open.c — the SQLite plugin's one entry (mq_db_sqlite.h): a connection
 * (conn.c) with every block of struct mq_db on it, migrated. The top of the
 * plugin: it alone knows all the blocks. */
#include "mq_db_sqlite.h"

#include "mq_sqlite.h"

enum mq_err mq_db_sqlite_open(const char *path, struct mq_db **out)
{
	struct mq_db *db = NULL;
	enum mq_err err;

	*out = NULL;
	if ((err = mq_sqlite_conn_open(path, &db)) != MQ_OK)
		return err;
	if ((err = mq_sqlite_core_init(db)) != MQ_OK ||
	    (err = mq_sqlite_console_init(db)) != MQ_OK ||
	    (err = mq_sqlite_roster_init(db)) != MQ_OK ||
	    (err = mq_sqlite_security_init(db)) != MQ_OK ||
	    (err = mq_sqlite_deadline_init(db)) != MQ_OK ||
	    (err = mq_sqlite_update_init(db)) != MQ_OK ||
	    (err = mq_sqlite_part_init(db)) != MQ_OK ||
	    (err = mq_sqlite_survey_init(db)) != MQ_OK ||
	    (err = db->migrate(db->cls)) != MQ_OK) {
		db->close(db->cls);
		return err;
	}
	*out = db;
	return MQ_OK;
}
