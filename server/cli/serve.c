/* serve.c — `minqing-server serve` (DESIGN.md §6): the route table served
 * over HTTP(S) until SIGINT or SIGTERM, with its options from the command
 * line and the [server] section of --config (the command line wins). */
#include <ini.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mq_cli.h"
#include "mq_log.h"
#include "mq_mhd.h"

/* inih callback for [server] db / listen / public_url; command-line values win. */
static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct mq_cli_options *o = user;
	char **slot = NULL;

	if (strcmp(section, "server") != 0)
		return 1;   /* other programs' sections are not ours to judge */
	if (strcmp(name, "db") == 0)
		slot = &o->db;
	else if (strcmp(name, "listen") == 0)
		slot = &o->listen;
	else if (strcmp(name, "public_url") == 0)
		slot = &o->public_url;
	else if (strcmp(name, "tls_cert") == 0)
		slot = &o->tls_cert;
	else if (strcmp(name, "tls_key") == 0)
		slot = &o->tls_key;
	else if (strcmp(name, "reminder_webhook") == 0)
		return 1;   /* read by `reminders` (roster.c) */
	if (!slot) {
		fprintf(stderr, "minqing-server: config: unknown key '%s' in [server]\n", name);
		return 0;
	}
	if (*slot)
		return 1;
	return mq_cli_set(slot, value) ? 1 : 0;
}

/* serve with the options @p o. */
static int serve(const struct mq_http_router *router, struct mq_cli_options *o)
{
	struct mq_db *db = NULL;
	struct mq_mhd *http = NULL;
	struct mq_mhd_tls tls = { 0 };
	const char *scheme;
	struct mq_server srv;
	sigset_t stop;
	int sig = 0, rc;
	enum mq_err err;
	size_t n;

	if (o->config && ini_parse(o->config, ini_entry, o) != 0) {
		fprintf(stderr, "minqing-server: cannot read config file %s (missing, unreadable"
				" or not INI with a [server] section)\n", o->config);
		return 1;
	}
	if (!o->listen && !mq_cli_set(&o->listen, MQ_CLI_DEFAULT_LISTEN))
		return 1;
	if (!o->db && !mq_cli_set(&o->db, MQ_CLI_DEFAULT_DB))
		return 1;
	if (o->public_url) {
		if (strncmp(o->public_url, "http://", 7) && strncmp(o->public_url, "https://", 8))
			return mq_cli_usage("--public-url must start with http:// or https://");
		n = strlen(o->public_url);
		while (n > 0 && o->public_url[n - 1] == '/')
			o->public_url[--n] = '\0';
	}
	if (!o->tls_cert != !o->tls_key)
		return mq_cli_usage("--tls-cert and --tls-key go together");
	if (o->tls_cert && !mq_mhd_tls_load(o->tls_cert, o->tls_key, &tls))
		return 1;
	if ((rc = mq_cli_open_db_pool(o->db, MQ_MHD_THREADS, &db)) != 0) {
		mq_mhd_tls_finish(&tls);
		return rc;
	}

	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv.db = db;
	srv.public_url = o->public_url;
	err = mq_mhd_start(router, &srv, o->listen, o->tls_cert ? &tls : NULL, &http);
	mq_mhd_tls_finish(&tls);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: cannot listen on %s: %s\n", o->listen,
			err == MQ_ERR_CONFIG ? "give --listen HOST:PORT" : mq_strerror(err));
		mq_db_destroy(db);
		return err == MQ_ERR_CONFIG ? 2 : 1;
	}
	scheme = o->tls_cert ? "https" : "http";
	printf("minqing-server listening on %s://%s\n", scheme, o->listen);
	fflush(stdout);
	mq_log_info("server", "listening on %s://%s (database %s)", scheme, o->listen, o->db);
	while (sigwait(&stop, &sig) != 0)
		;
	mq_log_info("server", "signal %d: stopping", sig);
	mq_mhd_stop(http);
	mq_db_destroy(db);
	mq_log_info("server", "stopped");
	return 0;
}

int mq_cli_serve(const struct mq_http_router *router, int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "db listen config public-url tls-cert tls-key", &o);

	if (rc == 0)
		rc = serve(router, &o);
	mq_cli_options_finish(&o);
	return rc;
}
