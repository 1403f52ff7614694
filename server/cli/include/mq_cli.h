/* mq_cli.h — minqing-server's commands (DESIGN.md §6), for main.c: each
 * runs with the arguments after its name and returns the exit status:
 * 0 success, 1 failure (told on stderr), 2 usage error. */
#ifndef MQ_CLI_H
#define MQ_CLI_H

#include <stdio.h>

#include "mq_http.h"

/** Print the usage of every command and the options they share to @p out. */
void mq_cli_usage_print(FILE *out);

/** Tell stderr @p why (unless NULL) and the usage; returns 2. */
int mq_cli_usage(const char *why);

/** serve [--db ...] [--listen HOST:PORT] [--config FILE] [--public-url URL]
 *  [--tls-cert FILE --tls-key FILE]: answer @p router until SIGINT or SIGTERM. */
int mq_cli_serve(const struct mq_http_router *router, int argc, char **argv);

/** seed-demo [--db ...]: load the demo district (idempotent). */
int mq_cli_seed_demo(int argc, char **argv);

/** kiosk-code --studio ID [--db ...]: print a one-time enrollment code. */
int mq_cli_kiosk_code(int argc, char **argv);

/** kiosk-revoke --device ID [--db ...]: revoke a kiosk (or an Open311
 *  key's device): it gets 401 "revoked" from then on. Audited. */
int mq_cli_kiosk_revoke(int argc, char **argv);

/** staff-add USER --role admin|street|member|liaison [--street KEY] [--member KEY]
 *  [--db ...]: a console account, its password one line on stdin. */
int mq_cli_staff_add(int argc, char **argv);

/** roster-import FILE [--db ...]: a duty roster CSV, all or nothing. */
int mq_cli_roster_import(int argc, char **argv);

/** report attendance --month YYYY-MM [--studio ID] [--shifts] [--now T] [--db ...]:
 *  the monthly attendance report as CSV; report survey --id ID [--db ...]:
 *  a questionnaire's counts as CSV. */
int mq_cli_report(int argc, char **argv);

/** reminders --once [--db ...] [--config FILE] [--webhook URL] [--public-url URL]
 *  [--now T]: send the visit reminders that are due. */
int mq_cli_reminders(int argc, char **argv);

/** supervise --once [--now T] [--webhook URL] [--db ...] [--config FILE]
 *  [--public-url URL]: one pass of 督查 — escalate, queue and send what is owed. */
int mq_cli_supervise(int argc, char **argv);

/** calendar-import FILE [--db ...]: a year's holidays and 调休 working days. */
int mq_cli_calendar_import(int argc, char **argv);

/** survey-import FILE [--db ...] [--now T]: a questionnaire from a JSON file
 *  (DESIGN §9); prints its new id alone on the last line. */
int mq_cli_survey_import(int argc, char **argv);
/** migrate-db --from sqlite:PATH --to postgresql://...: copy a district's
 *  database into an empty PostgreSQL database, verified table by table. */
int mq_cli_migrate_db(int argc, char **argv);

/** backup [--db sqlite:PATH] --to FILE: an online backup of a SQLite database. */
int mq_cli_backup(int argc, char **argv);

#endif
