/* main.c — minqing-server (DESIGN.md §6): the command dispatch. Each
 * command is the command line's (server/cli/); serve answers THE route
 * table (routes.c).
 *
 *   minqing-server serve | seed-demo | kiosk-code | kiosk-revoke | staff-add |
 *                  roster-import | report | reminders | supervise |
 *                  calendar-import | survey-import | migrate-db | backup  [ARGS...]
 *
 * Exit status: 0 success, 1 failure (told on stderr), 2 usage error. */
#include <stdio.h>
#include <string.h>

#include "mq_cli.h"
#include "mq_id.h"
#include "mq_log.h"
#include "mq_server.h"
#include "mq_sha256.h"

/* Every command but serve, which is given the route table. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "seed-demo", mq_cli_seed_demo },
	{ "kiosk-code", mq_cli_kiosk_code },
	{ "kiosk-revoke", mq_cli_kiosk_revoke },
	{ "staff-add", mq_cli_staff_add },
	{ "roster-import", mq_cli_roster_import },
	{ "report", mq_cli_report },
	{ "reminders", mq_cli_reminders },
	{ "supervise", mq_cli_supervise },
	{ "calendar-import", mq_cli_calendar_import },
	{ "survey-import", mq_cli_survey_import },
	{ "migrate-db", mq_cli_migrate_db },
	{ "backup", mq_cli_backup },
};

int main(int argc, char **argv)
{
	const char *cmd;
	char msg[96];

	if (argc < 2)
		return mq_cli_usage(NULL);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		mq_cli_usage_print(stdout);
		return 0;
	}
	if (!mq_id_init()) {
		fprintf(stderr, "minqing-server: cannot initialise libsodium\n");
		return 1;
	}
	if (strcmp(cmd, "serve") == 0) {
		/* the digests of signed requests and records (mq_sha256.h) */
		if (!mq_sha256_use_libcrypto(true))
			mq_log_warn("server", "cannot load libcrypto.so.3 (libssl3): SHA-256 by"
				    " libsodium, slower");
		return mq_cli_serve(mq_server_router(), argc - 2, argv + 2);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	snprintf(msg, sizeof msg, "unknown command '%.40s'", cmd);
	return mq_cli_usage(msg);
}
