/* main.c — minqing-server's command line (DESIGN.md §6).
 *
 *   minqing-server serve [--db sqlite:PATH] [--listen HOST:PORT] [--config FILE]
 *                        [--public-url URL]
 *   minqing-server seed-demo [--db sqlite:PATH]
 *   minqing-server kiosk-code --studio ID [--db sqlite:PATH]
 *
 * Exit status: 0 success, 1 failure (told on stderr), 2 usage error. */
#include <ini.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_cli.h"
#include "mq_console.h"
#include "mq_db.h"
#include "mq_enroll.h"
#include "mq_http.h"
#include "mq_id.h"
#include "mq_log.h"
#include "mq_mhd.h"
#include "mq_roster_cli.h"
#include "mq_server.h"
#include "mq_time.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

static const char usage_text[] =
	"usage:\n"
	"  minqing-server serve [--db sqlite:PATH] [--listen HOST:PORT] [--config FILE]\n"
	"                       [--public-url URL] [--tls-cert FILE --tls-key FILE]\n"
	"  minqing-server seed-demo [--db sqlite:PATH]\n"
	"  minqing-server kiosk-code --studio ID [--db sqlite:PATH]\n"
	"  minqing-server staff-add USER --role admin|street|member [--street KEY]\n"
	"                       [--member KEY] [--db sqlite:PATH]   (password: one line on stdin)\n";

/* After the roster commands' lines (roster_cli.c): the options they share. */
static const char usage_options[] =
	"\n"
	"  --db          database (default " MQ_CLI_DEFAULT_DB ")\n"
	"  --listen      address to serve HTTP on (default " DEFAULT_LISTEN ")\n"
	"  --config      INI file with a [server] section: db, listen, public_url,\n"
	"                tls_cert, tls_key\n"
	"  --tls-cert, --tls-key  PEM certificate (chain) and key: serve HTTPS\n"
	"  --public-url  base URL residents' phones reach, used in tracking links\n";

/* Options of all commands; NULL when not given. Strings are owned. */
struct options {
	char *db;
	char *listen;
	char *config;
	char *public_url;
	char *tls_cert;      /* PEM files: serve HTTPS when both are given */
	char *tls_key;
	char *studio;
	char *role;          /* staff-add (issue 6) */
	char *street;
	char *member;
};

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "minqing-server: %s\n", why);
	fputs(usage_text, stderr);
	fputs(mq_roster_cli_usage, stderr);
	fputs(usage_options, stderr);
	return 2;
}

static void options_finish(struct options *o)
{
	free(o->db);
	free(o->listen);
	free(o->config);
	free(o->public_url);
	free(o->tls_cert);
	free(o->tls_key);
	free(o->studio);
	free(o->role);
	free(o->street);
	free(o->member);
	memset(o, 0, sizeof *o);
}

static bool set_opt(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return false;
	free(*slot);
	*slot = copy;
	return true;
}

/* Parses "--name VALUE" / "--name=VALUE" for the names @p allowed (space-separated).
 * Returns 0, or 2 after printing usage. */
static int parse_options(int argc, char **argv, const char *allowed, struct options *o)
{
	static const struct {
		const char *name;
		size_t off;
	} known[] = {
		{ "db", offsetof(struct options, db) },
		{ "listen", offsetof(struct options, listen) },
		{ "config", offsetof(struct options, config) },
		{ "public-url", offsetof(struct options, public_url) },
		{ "tls-cert", offsetof(struct options, tls_cert) },
		{ "tls-key", offsetof(struct options, tls_key) },
		{ "studio", offsetof(struct options, studio) },
		{ "role", offsetof(struct options, role) },
		{ "street", offsetof(struct options, street) },
		{ "member", offsetof(struct options, member) },
	};

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *value, *eq;
		char name[32], msg[160];
		size_t n;
		size_t k;

		if (strncmp(arg, "--", 2) != 0) {
			snprintf(msg, sizeof msg, "unexpected argument '%.60s'", arg);
			return usage(msg);
		}
		eq = strchr(arg, '=');
		n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		if (n == 0 || n >= sizeof name) {
			snprintf(msg, sizeof msg, "unknown option '%.60s'", arg);
			return usage(msg);
		}
		memcpy(name, arg + 2, n);
		name[n] = '\0';
		for (k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strcmp(known[k].name, name) == 0)
				break;
		if (k == sizeof known / sizeof known[0] || !strstr(allowed, name)) {
			snprintf(msg, sizeof msg, "unknown option '--%s' for this command", name);
			return usage(msg);
		}
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			snprintf(msg, sizeof msg, "option '--%s' needs a value", name);
			return usage(msg);
		}
		if (!value[0]) {
			snprintf(msg, sizeof msg, "option '--%s' needs a non-empty value", name);
			return usage(msg);
		}
		if (!set_opt((char **)((char *)o + known[k].off), value)) {
			fprintf(stderr, "minqing-server: out of memory\n");
			return 1;
		}
	}
	return 0;
}

/* inih callback for [server] db / listen / public_url; command-line values win. */
static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct options *o = user;
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
		return 1;   /* read by `reminders` (roster_cli.c) */
	if (!slot) {
		fprintf(stderr, "minqing-server: config: unknown key '%s' in [server]\n", name);
		return 0;
	}
	if (*slot)
		return 1;
	return set_opt(slot, value) ? 1 : 0;
}

int mq_cli_open_db(const char *spec, struct mq_db **db)
{
	char why[256];
	enum mq_err err = mq_db_open(spec, db, why, sizeof why);

	if (err == MQ_OK)
		return 0;
	fprintf(stderr, "minqing-server: %s\n", why);
	return err == MQ_ERR_CONFIG ? 2 : 1;
}

static int cmd_serve(struct options *o)
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
	if (!o->listen && !set_opt(&o->listen, DEFAULT_LISTEN))
		return 1;
	if (!o->db && !set_opt(&o->db, MQ_CLI_DEFAULT_DB))
		return 1;
	if (o->public_url) {
		if (strncmp(o->public_url, "http://", 7) && strncmp(o->public_url, "https://", 8))
			return usage("--public-url must start with http:// or https://");
		n = strlen(o->public_url);
		while (n > 0 && o->public_url[n - 1] == '/')
			o->public_url[--n] = '\0';
	}
	if (!o->tls_cert != !o->tls_key)
		return usage("--tls-cert and --tls-key go together");
	if (o->tls_cert && !mq_mhd_tls_load(o->tls_cert, o->tls_key, &tls))
		return 1;
	if ((rc = mq_cli_open_db(o->db, &db)) != 0) {
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
	err = mq_mhd_start(mq_server_router(), &srv, o->listen, o->tls_cert ? &tls : NULL, &http);
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

static int cmd_seed_demo(struct options *o)
{
	struct mq_db *db = NULL;
	const char *spec = o->db ? o->db : MQ_CLI_DEFAULT_DB;
	int rc = mq_cli_open_db(spec, &db);

	if (rc != 0)
		return rc;
	if (db->seed_demo(db->cls) != MQ_OK) {
		fprintf(stderr, "minqing-server: could not load the demo district into %s\n", spec);
		mq_db_destroy(db);
		return 1;
	}
	mq_db_destroy(db);
	fprintf(stderr, "minqing-server: demo district (上城区, 6 streets) is in %s\n", spec);
	return 0;
}

static int cmd_kiosk_code(struct options *o)
{
	struct mq_db *db = NULL;
	char code[MQ_ENROLL_CODE_SHOWN + 1];
	enum mq_err err;
	int rc;

	if (!o->studio)
		return usage("kiosk-code needs --studio ID");
	if ((rc = mq_cli_open_db(o->db ? o->db : MQ_CLI_DEFAULT_DB, &db)) != 0)
		return rc;
	err = mq_enroll_code_create(db, o->studio, mq_time_now(), code);
	mq_db_destroy(db);
	if (err == MQ_ERR_NOT_FOUND) {
		fprintf(stderr, "minqing-server: unknown studio '%.40s' (run seed-demo, or check the"
				" id, e.g. hubin)\n", o->studio);
		return 1;
	}
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: could not create a code: %s\n", mq_strerror(err));
		return 1;
	}
	printf("%s\n", code);
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	const char *cmd;
	int rc;

	if (argc < 2)
		return usage(NULL);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		fputs(mq_roster_cli_usage, stdout);
		fputs(usage_options, stdout);
		return 0;
	}
	if (!mq_id_init()) {
		fprintf(stderr, "minqing-server: cannot initialise libsodium\n");
		return 1;
	}
	if (strcmp(cmd, "serve") == 0) {
		rc = parse_options(argc - 2, argv + 2, "db listen config public-url tls-cert tls-key",
				   &o);
		if (rc == 0)
			rc = cmd_serve(&o);
	} else if (strcmp(cmd, "seed-demo") == 0) {
		rc = parse_options(argc - 2, argv + 2, "db", &o);
		if (rc == 0)
			rc = cmd_seed_demo(&o);
	} else if (strcmp(cmd, "kiosk-code") == 0) {
		rc = parse_options(argc - 2, argv + 2, "db studio", &o);
		if (rc == 0)
			rc = cmd_kiosk_code(&o);
	} else if ((rc = mq_roster_cli(cmd, argc - 2, argv + 2)) >= 0) {
		/* issue 4: roster-import, report attendance, reminders (roster_cli.c) */
	} else if (strcmp(cmd, "staff-add") == 0) {
		/* issue 6: console accounts (console_staff.c) */
		struct mq_db *db = NULL;
		bool user = argc > 2 && strncmp(argv[2], "--", 2) != 0;

		rc = user ? parse_options(argc - 3, argv + 3, "db role street member", &o)
			  : usage("staff-add needs USER");
		if (rc == 0 && (rc = mq_cli_open_db(o.db ? o.db : MQ_CLI_DEFAULT_DB, &db)) == 0)
			rc = mq_cli_staff_add(db, argv[2], o.role, o.street, o.member);
		mq_db_destroy(db);
	} else {
		char msg[96];
		snprintf(msg, sizeof msg, "unknown command '%.40s'", cmd);
		rc = usage(msg);
	}
	options_finish(&o);
	return rc;
}
