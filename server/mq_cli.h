/* mq_cli.h — private to minqing-server's command line (main.c, roster_cli.c):
 * what every command shares. */
#ifndef MQ_CLI_H
#define MQ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "mq_db.h"

/** The database of every command when --db (and the config) names none. */
#define MQ_CLI_DEFAULT_DB "sqlite:/var/lib/minqing/server.db"

/**
 * Open the database named by @p spec (mq_db_open) into @p db. Returns 0,
 * or the exit status after telling stderr why: 2 for a malformed @p spec,
 * 1 when the database cannot be opened. The caller destroys @p db.
 */
int mq_cli_open_db(const char *spec, struct mq_db **db);

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

/**
 * `staff-add`: create or update console account @p user with the role named
 * @p role_key; a street account needs @p street (a studio id), a member
 * account @p member (a member key); the other is NULL. Reads the password
 * from stdin (no echo on a terminal). Tells the user on stderr; returns the
 * exit status: 0 done, 1 failed, 2 usage error.
 */
int mq_cli_staff_add(struct mq_db *db, const char *user, const char *role_key,
		     const char *street, const char *member);

#endif
