/* cli.h — private to server/cli/: what minqing-server's commands share:
 * the options of serve, seed-demo, kiosk-code and staff-add and their
 * parser (options.c), opening the database a --db names, and the
 * reminders' webhook (webhook.c). */
#ifndef MQ_CLI_PRIVATE_H
#define MQ_CLI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/** The database of every command when --db (and the config) names none. */
#define MQ_CLI_DEFAULT_DB "sqlite:/var/lib/minqing/server.db"
/** Where serve listens when --listen (and the config) names nothing. */
#define MQ_CLI_DEFAULT_LISTEN "127.0.0.1:8080"
#define MQ_CLI_DEFAULT_KEYRING "/etc/minqing/update-keyring.pem"
#define MQ_CLI_DEFAULT_COMPATIBLE "minqing-kiosk-arm64"

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
	char *device;        /* kiosk-revoke */
	char *trusted_proxy; /* serve: [server] trusted_proxy (config only) */
	char *metrics_token; /* serve: [server] metrics_token (config only) */
	char *bundle_dir;    /* serve: [server] bundle_dir, update_keyring, update_compatible, */
	char *update_keyring;    /* bundle_max_mb: system updates (config only) */
	char *update_compatible;
	char *bundle_max_mb;
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

/** The usage lines of supervise and calendar-import (supervise.c). */
extern const char mq_cli_supervise_usage[];

/** The usage lines of survey-import and report survey (survey.c). */
extern const char mq_cli_survey_usage[];

/* ---- the commands after serve's (command.c) ------------------------------ */

/** The options of roster-import, report, reminders, supervise and
 *  calendar-import (pointers into argv; NULL or false when not given),
 *  the [server] keys --config gives them (owned), and what setup made of
 *  them. Finish with mq_cli_cmd_finish. */
struct mq_cli_cmd {
	const char *db, *month, *studio, *config, *webhook, *public_url, *now, *file;
	const char *id;                 /* report survey --id */
	bool shifts, once;
	char *ini_webhook, *ini_public_url, *ini_db;   /* reminder_webhook, public_url, db */
	int64_t at;                     /* --now, or the clock (mq_cli_cmd_setup) */
	char public_base[512];          /* the public URL without trailing slashes, or "" */
};

/** Tell stderr "minqing-server @p cmd: @p why" and these commands' usage; returns 2. */
int mq_cli_cmd_usage(const char *cmd, const char *why);

/**
 * Parse the options @p allowed (space-separated names) of command @p cmd
 * and at most one plain argument into *@p plain (NULL: none allowed).
 * Returns 0, or 2 after telling stderr why.
 */
int mq_cli_cmd_parse(const char *cmd, int argc, char **argv, const char *allowed,
		     const char **plain, struct mq_cli_cmd *o);

/** Read --config's [server] keys, --now (else the clock) and the public URL.
 *  Returns 0, or the exit status after telling stderr why. */
int mq_cli_cmd_setup(const char *cmd, struct mq_cli_cmd *o);

/** What reminders and supervise share, run from a timer: parse their
 *  options (db config webhook public-url now once), insist on --once, read
 *  the configuration (mq_cli_cmd_setup). 0, or the exit status (told). */
int mq_cli_cmd_timer(const char *cmd, int argc, char **argv, struct mq_cli_cmd *o);

/** Open the database (mq_cli_cmd_open_db) and libcurl for sending; on 0
 *  the caller calls curl_global_cleanup. Else the exit status (told). */
int mq_cli_cmd_open_sender(const struct mq_cli_cmd *o, struct mq_db **db);

/** The public URL (--public-url, else [server] public_url), without a
 *  trailing slash, or NULL. */
const char *mq_cli_cmd_public_url(const struct mq_cli_cmd *o);

/** Open the database of --db, else [server] db, else the default (mq_cli_open_db). */
int mq_cli_cmd_open_db(const struct mq_cli_cmd *o, struct mq_db **db);

/** report survey --id ID (survey.c): the CSV of a survey's results on
 *  stdout. The exit status (told). */
int mq_cli_report_survey(struct mq_cli_cmd *o);

/** Free what @p o owns. */
void mq_cli_cmd_finish(struct mq_cli_cmd *o);

/** Tell stderr problem @p msg at line @p line (0: the whole file) of the
 *  file named @p cls (a const char *): an import's error callback. */
void mq_cli_print_line_error(void *cls, unsigned int line, const char *msg);

/** True for an http:// or https:// URL. */
bool mq_cli_is_http_url(const char *url);

/** Read file @p path whole into *@p text (malloc'd, caller frees) and
 *  *@p len: at most @p max + 1 bytes, so that a larger file shows as such.
 *  Returns 0, or 1 after telling stderr why. */
int mq_cli_read_file(const char *path, size_t max, char **text, size_t *len);

/**
 * Open the database named by @p spec (mq_db_open) into @p db. Returns 0,
 * or the exit status after telling stderr why: 2 for a malformed @p spec,
 * 1 when the database cannot be opened. The caller destroys @p db.
 */
int mq_cli_open_db(const char *spec, struct mq_db **db);

/** mq_cli_open_db with a PostgreSQL pool of @p connections (serve: one per
 *  HTTP worker thread, MQ_MHD_THREADS). */
int mq_cli_open_db_pool(const char *spec, unsigned int connections, struct mq_db **db);

/** Where reminders and notifications go: a webhook. */
struct mq_cli_webhook {
	const char *url;              /* http(s) URL of messages without their own; may be NULL */
	long timeout_s;               /* per request; 0: 15 */
};

/**
 * The sender (mq_delivery_send_fn) of webhook @p cls (a struct
 * mq_cli_webhook): POST application/json @p body to @p url (NULL: the
 * webhook's own) with the header "Idempotency-Key: @p id". True on a 2xx
 * answer; else @p why says what failed. Call curl_global_init first.
 */
bool mq_cli_webhook_post(void *cls, const char *url, const char *id, const char *body,
			 char *why, size_t size);

#endif
