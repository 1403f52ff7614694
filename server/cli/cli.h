/* cli.h — private to server/cli/: what minqing-server's commands share:
 * the options of serve, seed-demo, kiosk-code and staff-add and their
 * parser (options.c), opening the database a --db names, and the
 * reminders' webhook (webhook.c). */
#ifndef MQ_CLI_PRIVATE_H
#define MQ_CLI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "mq_db.h"

/** The database of every command when --db (and the config) names none. */
#define MQ_CLI_DEFAULT_DB "sqlite:/var/lib/minqing/server.db"
/** Where serve listens when --listen (and the config) names nothing. */
#define MQ_CLI_DEFAULT_LISTEN "127.0.0.1:8080"

/** The options of serve, seed-demo, kiosk-code and staff-add; NULL when
 *  not given. Strings are owned (mq_cli_options_finish). */
struct mq_cli_options {
	char *db;
	char *listen;
	char *config;
	char *public_url;
	char *tls_cert;      /* PEM files: serve HTTPS when both are given */
	char *tls_key;
	char *studio;
	char *role;          /* staff-add */
	char *street;
	char *member;
	char *from;          /* migrate-db */
	char *to;            /* migrate-db, backup */
};

/**
 * Parse "--name VALUE" / "--name=VALUE" of @p argc @p argv into @p o, for the
 * option names @p allowed (space-separated). Returns 0, or 2 after telling
 * stderr why with the usage (1 when memory runs out).
 */
int mq_cli_parse(int argc, char **argv, const char *allowed, struct mq_cli_options *o);

/** Free what @p o holds and empty it. */
void mq_cli_options_finish(struct mq_cli_options *o);

/** Replace *@p slot with a copy of @p value; false when memory runs out. */
bool mq_cli_set(char **slot, const char *value);

/** The usage lines of the roster commands (roster.c), for the usage. */
extern const char mq_cli_roster_usage[];

/**
 * Open the database named by @p spec (mq_db_open) into @p db. Returns 0,
 * or the exit status after telling stderr why: 2 for a malformed @p spec,
 * 1 when the database cannot be opened. The caller destroys @p db.
 */
int mq_cli_open_db(const char *spec, struct mq_db **db);

/** mq_cli_open_db with a PostgreSQL pool of @p connections (serve: one per
 *  HTTP worker thread, MQ_MHD_THREADS). */
int mq_cli_open_db_pool(const char *spec, unsigned int connections, struct mq_db **db);

/** Where reminders go: a webhook. */
struct mq_cli_webhook {
	const char *url;              /* http(s) URL */
	long timeout_s;               /* per request; 0: 15 */
};

/**
 * The reminders' sender (mq_reminder_send_fn) of webhook @p cls (a struct
 * mq_cli_webhook): POST application/json @p body with the header
 * "Idempotency-Key: @p id". True on a 2xx answer; else @p why says what
 * failed. Call curl_global_init first.
 */
bool mq_cli_webhook_post(void *cls, const char *id, const char *body, char *why, size_t size);

#endif
