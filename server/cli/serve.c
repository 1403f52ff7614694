/* serve.c — `minqing-server serve` (DESIGN.md §6): the route table served
 * over HTTP(S) until SIGINT or SIGTERM, with its options from the command
 * line and the [server] section of --config (the command line wins). */
#include <errno.h>
#include <ini.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mq_cli.h"
#include "mq_log.h"
#include "mq_mhd.h"
#include "mq_notify.h"
#include "mq_time.h"

/* inih callback for [server] db / listen / public_url / tls_cert / tls_key /
 * trusted_proxy / metrics_token / the updates' keys; command-line values win. */
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
	else if (strcmp(name, "trusted_proxy") == 0)
		slot = &o->trusted_proxy;
	else if (strcmp(name, "metrics_token") == 0)
		slot = &o->metrics_token;
	else if (strcmp(name, "bundle_dir") == 0)
		slot = &o->bundle_dir;
	else if (strcmp(name, "update_keyring") == 0)
		slot = &o->update_keyring;
	else if (strcmp(name, "update_compatible") == 0)
		slot = &o->update_compatible;
	else if (strcmp(name, "bundle_max_mb") == 0)
		slot = &o->bundle_max_mb;
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

/* Wait for SIGINT or SIGTERM in @p stop and return it. Under a systemd
 * watchdog, wake every half period meanwhile and ping it — but only when
 * the database answers: a server that cannot reach its data serves nothing
 * but errors, and a restart is the better bet. */
static int wait_for_stop(const sigset_t *stop, struct mq_db *db)
{
	int64_t period = mq_notify_watchdog_period_ms();
	bool told = false;

	for (;;) {
		struct timespec tick = { (time_t)(period / 2000),
					 (long)((period / 2) % 1000) * 1000000L };
		int sig = period > 0 ? sigtimedwait(stop, NULL, &tick) : sigwaitinfo(stop, NULL);

		if (sig > 0)
			return sig;
		if (sig < 0 && errno != EAGAIN && errno != EINTR)
			return SIGTERM;
		if (period <= 0 || errno == EINTR)
			continue;
		if (db->ping(db->cls) == MQ_OK) {
			mq_notify_watchdog(mq_time_mono_ms());
			if (told)
				mq_log_info("server", "the database answers again");
			told = false;
		} else if (!told) {
			mq_log_error("server", "the database does not answer: no watchdog ping "
				     "(systemd restarts the server if this lasts)");
			told = true;
		}
	}
}

/* Checks and completes @p o after the config was read, into @p trusted:
 * 0, or the exit status having said why. */
static int check_options(struct mq_cli_options *o, struct mq_net_list *trusted)
{
	char why[128];
	size_t n;

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
	if (!mq_net_list_parse(o->trusted_proxy, trusted, why, sizeof why)) {
		fprintf(stderr, "minqing-server: config: trusted_proxy: %s\n", why);
		return 2;
	}
	if (o->metrics_token && strlen(o->metrics_token) < 16) {
		fprintf(stderr, "minqing-server: config: metrics_token must be at least 16"
				" characters (e.g. `openssl rand -hex 16`)\n");
		return 2;
	}
	return 0;
}

/* The system updates' settings of @p o into @p srv: 0, or the exit status
 * having said why. Updates are off (bundle_dir NULL) unless bundle_dir is set. */
static int update_options(struct mq_cli_options *o, struct mq_server *srv)
{
	struct stat st;
	char *end;
	long mb = 1024;

	if (!o->bundle_dir)
		return 0;
	if (o->bundle_max_mb) {
		mb = strtol(o->bundle_max_mb, &end, 10);
		if (*end || mb < 1 || mb > 16384) {
			fprintf(stderr, "minqing-server: config: bundle_max_mb must be 1..16384\n");
			return 2;
		}
	}
	if ((mkdir(o->bundle_dir, 0750) != 0 && errno != EEXIST) || stat(o->bundle_dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode) || access(o->bundle_dir, W_OK) != 0) {
		fprintf(stderr, "minqing-server: config: bundle_dir %s is no writable directory\n",
			o->bundle_dir);
		return 2;
	}
	if ((!o->update_keyring && !mq_cli_set(&o->update_keyring, MQ_CLI_DEFAULT_KEYRING)) ||
	    (!o->update_compatible && !mq_cli_set(&o->update_compatible,
						  MQ_CLI_DEFAULT_COMPATIBLE)))
		return 1;
	if (access(o->update_keyring, R_OK) != 0)
		mq_log_warn("server", "update_keyring %s cannot be read: every bundle upload will"
			    " be refused", o->update_keyring);
	srv->bundle_dir = o->bundle_dir;
	srv->update_keyring = o->update_keyring;
	srv->update_compatible = o->update_compatible;
	srv->bundle_max_bytes = (int64_t)mb * 1024 * 1024;
	mq_log_info("server", "kiosk updates: bundles in %s, keyring %s", o->bundle_dir,
		    o->update_keyring);
	return 0;
}

/* serve with the options @p o. */
static int serve(const struct mq_http_router *router, struct mq_cli_options *o)
{
	struct mq_db *db = NULL;
	struct mq_mhd *http = NULL;
	struct mq_mhd_tls tls = { 0 };
	const char *scheme;
	struct mq_server srv = { 0 };
	char status[300];
	struct mq_net_list trusted;
	sigset_t stop;
	int sig, rc;
	enum mq_err err;

	if (o->config && ini_parse(o->config, ini_entry, o) != 0) {
		fprintf(stderr, "minqing-server: cannot read config file %s (missing, unreadable"
				" or not INI with a [server] section)\n", o->config);
		return 1;
	}
	if ((rc = check_options(o, &trusted)) != 0 || (rc = update_options(o, &srv)) != 0)
		return rc;
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
	srv.tls = o->tls_cert != NULL;
	srv.trusted_proxy = &trusted;
	srv.metrics_token = o->metrics_token;
	if (trusted.n)
		mq_log_info("server", "believing X-Forwarded-For from %zu trusted proxy range(s)",
			    trusted.n);
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
	snprintf(status, sizeof status, "listening on %s://%s", scheme, o->listen);
	mq_notify_ready(status);
	sig = wait_for_stop(&stop, db);
	mq_log_info("server", "signal %d: stopping", sig);
	mq_notify_stopping();
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
