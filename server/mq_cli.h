/* mq_cli.h — private to minqing-server's command line (main.c, roster_cli.c):
 * what every command shares. */
#ifndef MQ_CLI_H
#define MQ_CLI_H

#include "mq_db.h"

/** The database of every command when --db (and the config) names none. */
#define MQ_CLI_DEFAULT_DB "sqlite:/var/lib/minqing/server.db"

/**
 * Open the database named by @p spec (mq_db_open) into @p db. Returns 0,
 * or the exit status after telling stderr why: 2 for a malformed @p spec,
 * 1 when the database cannot be opened. The caller destroys @p db.
 */
int mq_cli_open_db(const char *spec, struct mq_db **db);

#endif
