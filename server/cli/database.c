/* database.c — `minqing-server migrate-db --from sqlite:PATH --to
 * postgresql://...` (a district's database copied and verified) and
 * `minqing-server backup --db sqlite:PATH --to FILE` (an online backup),
 * both on mq_db_tools.h. */
#include <stdio.h>

#include "cli.h"
#include "mq_cli.h"
#include "mq_db_tools.h"

static int migrate_db(const struct mq_cli_options *o)
{
	char why[512];
	enum mq_err err;

	if (!o->from || !o->to)
		return mq_cli_usage("migrate-db needs --from sqlite:PATH and --to postgresql://...");
	err = mq_db_copy(o->from, o->to, stdout, why, sizeof why);
	if (err == MQ_ERR_CONFIG)
		return mq_cli_usage(why);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: migrate-db: %s\n", why);
		return 1;
	}
	fprintf(stderr, "minqing-server: %s copied into the PostgreSQL database and verified"
		" (rows and checksums above)\n", o->from);
	return 0;
}

int mq_cli_migrate_db(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "from to", &o);

	if (rc == 0)
		rc = migrate_db(&o);
	mq_cli_options_finish(&o);
	return rc;
}

static int backup(const struct mq_cli_options *o)
{
	const char *db = o->db ? o->db : MQ_CLI_DEFAULT_DB;
	char why[512];
	int64_t pages = 0;
	enum mq_err err;

	if (!o->to)
		return mq_cli_usage("backup needs --to FILE");
	err = mq_db_backup(db, o->to, &pages, why, sizeof why);
	if (err == MQ_ERR_CONFIG)
		return mq_cli_usage(why);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: backup: %s\n", why);
		return 1;
	}
	fprintf(stderr, "minqing-server: %s backed up to %s (%lld pages, integrity ok)\n", db,
		o->to, (long long)pages);
	return 0;
}

int mq_cli_backup(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "db to", &o);

	if (rc == 0)
		rc = backup(&o);
	mq_cli_options_finish(&o);
	return rc;
}
