/* mq_roster_cli.h — minqing-server's roster commands (roster_cli.c), for main.c. */
#ifndef MQ_ROSTER_CLI_H
#define MQ_ROSTER_CLI_H

/** The usage lines of the roster commands. */
extern const char mq_roster_cli_usage[];

/**
 * Run roster command @p cmd ("roster-import", "report", "reminders") with the
 * arguments after it. Returns its exit status (0, 1, or 2 for a usage error),
 * or -1 when @p cmd is not a roster command.
 */
int mq_roster_cli(const char *cmd, int argc, char **argv);

#endif
