/* open.c — the PostgreSQL plugin's one entry (mq_db_pg.h): a pool (conn.c)
 * with every block of struct mq_db on it, migrated. The top of the plugin:
 * it alone knows all the blocks. */
#include "mq_db_pg.h"

#include "mq_pg.h"

enum mq_err mq_db_pg_open(const char *conninfo, unsigned int connections, struct mq_db **out)
{
	struct mq_db *db = NULL;
	enum mq_err err;

	*out = NULL;
	if ((err = mq_pg_pool_open(conninfo, connections, &db)) != MQ_OK)
		return err;
	mq_pg_core_init(db);
	mq_pg_console_init(db);
	mq_pg_roster_init(db);
	mq_pg_security_init(db);
	mq_pg_deadline_init(db);
	mq_pg_update_init(db);
	mq_pg_part_init(db);
	mq_pg_survey_init(db);
	if ((err = db->migrate(db->cls)) != MQ_OK) {
		db->close(db->cls);
		return err;
	}
	*out = db;
	return MQ_OK;
}
