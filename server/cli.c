/* cli.c — what minqing-server's commands share (mq_cli.h). */
#include "mq_cli.h"

#include <stdio.h>
#include <string.h>

int mq_cli_open_db(const char *spec, struct mq_db **db)
{
	enum mq_err err;

	if (strncmp(spec, "sqlite:", 7) != 0 || spec[7] == '\0') {
		fprintf(stderr, "minqing-server: --db must be sqlite:PATH (got '%.80s')\n", spec);
		return 2;
	}
	err = mq_db_sqlite_open(spec + 7, db);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: cannot open the database %s: %s\n", spec + 7,
			mq_strerror(err));
		return 1;
	}
	return 0;
}
