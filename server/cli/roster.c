/* roster.c — minqing-server's roster commands (mq_cli.h):
 *
 *   minqing-server roster-import FILE [--db sqlite:PATH]
 *   minqing-server report attendance --month YYYY-MM [--studio ID] [--shifts] [--now T] [--db ...]
 *   minqing-server reminders --once [--db ...] [--config FILE] [--webhook URL]
 *                            [--public-url URL] [--now RFC3339]
 *
 * Exit status: 0 success, 1 failure (told on stderr), 2 usage. Their
 * options parser is their own: its messages name the command. */
#include <curl/curl.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mq_attendance.h"
#include "mq_cli.h"
#include "mq_date.h"
#include "mq_db.h"
#include "mq_reminder.h"
#include "mq_roster.h"
#include "mq_time.h"

#define IMPORT_READ_MAX (1024 * 1024 + 1)

const char mq_cli_roster_usage[] =
	"  minqing-server roster-import FILE [--db sqlite:PATH]\n"
	"  minqing-server report attendance --month YYYY-MM [--studio ID] [--shifts] [--now RFC3339]\n"
	"                       [--db sqlite:PATH]\n"
	"  minqing-server reminders --once [--db sqlite:PATH] [--config FILE]\n"
	"                       [--webhook URL] [--public-url URL] [--now RFC3339]\n";

struct ropts {
	const char *db, *month, *studio, *config, *webhook, *public_url, *now, *file;
	bool shifts, once;
	char *ini_webhook, *ini_public_url, *ini_db;
};

static int usage(const char *cmd, const char *why)
{
	fprintf(stderr, "minqing-server %s: %s\nusage:\n%s", cmd, why, mq_cli_roster_usage);
	return 2;
}

/* Parses the options @p allowed (space-separated names) and at most one plain
 * argument (the file of roster-import, the report's name). 0 or 2. */
static int parse(const char *cmd, int argc, char **argv, const char *allowed,
		 const char **plain, struct ropts *o)
{
	static const struct {
		const char *name;
		size_t off;
		bool flag;
	} known[] = {
		{ "db", offsetof(struct ropts, db), false },
		{ "month", offsetof(struct ropts, month), false },
		{ "studio", offsetof(struct ropts, studio), false },
		{ "config", offsetof(struct ropts, config), false },
		{ "webhook", offsetof(struct ropts, webhook), false },
		{ "public-url", offsetof(struct ropts, public_url), false },
		{ "now", offsetof(struct ropts, now), false },
		{ "shifts", offsetof(struct ropts, shifts), true },
		{ "once", offsetof(struct ropts, once), true },
	};
	char msg[160];

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq, *value;
		size_t n, k;

		if (strncmp(a, "--", 2) != 0) {
			if (plain && !*plain) {
				*plain = a;
				continue;
			}
			snprintf(msg, sizeof msg, "unexpected argument '%.60s'", a);
			return usage(cmd, msg);
		}
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strlen(known[k].name) == n && strncmp(known[k].name, a + 2, n) == 0)
				break;
		if (k == sizeof known / sizeof known[0] || !strstr(allowed, known[k].name)) {
			snprintf(msg, sizeof msg, "unknown option '%.40s'", a);
			return usage(cmd, msg);
		}
		if (known[k].flag) {
			if (eq) {
				snprintf(msg, sizeof msg, "option '--%s' takes no value", known[k].name);
				return usage(cmd, msg);
			}
			*(bool *)((char *)o + known[k].off) = true;
			continue;
		}
		if (eq)
			value = eq + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			value = NULL;
		if (!value || !value[0]) {
			snprintf(msg, sizeof msg, "option '--%s' needs a value", known[k].name);
			return usage(cmd, msg);
		}
		*(const char **)((char *)o + known[k].off) = value;
	}
	return 0;
}

static int open_db(const char *spec, struct mq_db **db)
{
	return mq_cli_open_db(spec ? spec : MQ_CLI_DEFAULT_DB, db);
}

/* ---- roster-import ------------------------------------------------------- */

static void print_error(void *cls, unsigned int line, const char *msg)
{
	const char *file = cls;

	if (line)
		fprintf(stderr, "%s:%u: %s\n", file, line, msg);
	else
		fprintf(stderr, "%s: %s\n", file, msg);
}

int mq_cli_roster_import(int argc, char **argv)
{
	struct ropts o = { 0 };
	struct mq_db *db = NULL;
	struct mq_roster_import_result res;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc = parse("roster-import", argc, argv, "db", &o.file, &o);
	enum mq_err err;

	if (rc)
		return rc;
	if (!o.file)
		return usage("roster-import", "give the CSV file to import");
	f = fopen(o.file, "rb");
	if (!f) {
		fprintf(stderr, "minqing-server: cannot open %s: %s\n", o.file, strerror(errno));
		return 1;
	}
	text = malloc(IMPORT_READ_MAX);
	if (text)
		len = fread(text, 1, IMPORT_READ_MAX, f);
	if (!text || ferror(f)) {
		fprintf(stderr, "minqing-server: cannot read %s\n", o.file);
		fclose(f);
		free(text);
		return 1;
	}
	fclose(f);
	if ((rc = open_db(o.db, &db)) != 0) {
		free(text);
		return rc;
	}
	err = mq_roster_import(db, text, len, mq_time_now(), print_error, (void *)o.file, &res);
	free(text);
	mq_db_destroy(db);
	if (err == MQ_ERR_INVALID) {
		fprintf(stderr, "minqing-server: %s: %u error%s, nothing imported\n", o.file,
			res.errors, res.errors == 1 ? "" : "s");
		return 1;
	}
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: %s not imported: %s\n", o.file, mq_strerror(err));
		return 1;
	}
	printf("imported %s: %u shifts added, %u unchanged, %u skipped (closed or exception),"
	       " %u cancelled with %u bookings, %u closures\n", o.file, res.shifts_added,
	       res.shifts_unchanged, res.shifts_skipped, res.shifts_cancelled,
	       res.bookings_cancelled, res.closures);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- report attendance --------------------------------------------------- */

int mq_cli_report(int argc, char **argv)
{
	struct ropts o = { 0 };
	const char *what = NULL;
	struct mq_db *db = NULL;
	struct mq_attendance_report r;
	struct mq_buf b;
	int64_t from, to;
	char *out;
	size_t len = 0;
	int rc = parse("report", argc, argv, "db month studio shifts now", &what, &o);
	int64_t now = mq_time_now();
	enum mq_err err;

	if (rc)
		return rc;
	if (o.now && !mq_time_parse_rfc3339(o.now, &now))
		return usage("report", "--now must be an RFC 3339 date-time");
	if (!what || strcmp(what, "attendance") != 0)
		return usage("report", "the only report is 'attendance'");
	if (!o.month || !mq_date_parse_month(o.month, &from, &to))
		return usage("report", "give --month YYYY-MM");
	if ((rc = open_db(o.db, &db)) != 0)
		return rc;
	err = mq_attendance_report(db, o.month, o.studio, now, &r);
	mq_db_destroy(db);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: report failed: %s\n", mq_strerror(err));
		return 1;
	}
	mq_buf_init(&b);
	if (o.shifts)
		mq_attendance_csv_shifts(&b, &r);
	else
		mq_attendance_csv_totals(&b, &r);
	if (r.n_pending)
		fprintf(stderr, "minqing-server: %zu shift%s of %s not over yet, not counted\n",
			r.n_pending, r.n_pending == 1 ? "" : "s", o.month);
	mq_attendance_report_finish(&r);
	out = mq_buf_steal(&b, &len);
	if (!out) {
		fprintf(stderr, "minqing-server: out of memory\n");
		return 1;
	}
	rc = fwrite(out, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
	free(out);
	return rc;
}

/* ---- reminders ----------------------------------------------------------- */

static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct ropts *o = user;
	char **slot = NULL;

	if (strcmp(section, "server") != 0)
		return 1;
	if (strcmp(name, "reminder_webhook") == 0)
		slot = &o->ini_webhook;
	else if (strcmp(name, "public_url") == 0)
		slot = &o->ini_public_url;
	else if (strcmp(name, "db") == 0)
		slot = &o->ini_db;
	if (!slot)
		return 1;   /* serve's keys: serve checks them */
	free(*slot);
	*slot = strdup(value);
	return *slot ? 1 : 0;
}

int mq_cli_reminders(int argc, char **argv)
{
	struct ropts o = { 0 };
	struct mq_db *db = NULL;
	struct mq_cli_webhook hook = { 0 };
	struct mq_reminder_config cfg = { .send = mq_cli_webhook_post, .send_cls = &hook };
	struct mq_reminder_result res;
	int64_t now = mq_time_now();
	char base[512];
	size_t n;
	int rc = parse("reminders", argc, argv, "db config webhook public-url now once", NULL,
		       &o);
	enum mq_err err;

	if (rc)
		return rc;
	if (!o.once)
		return usage("reminders", "run it as 'reminders --once' from a timer");
	if (o.config && ini_parse(o.config, ini_entry, &o) != 0) {
		fprintf(stderr, "minqing-server: cannot read config file %s\n", o.config);
		rc = 1;
		goto out;
	}
	hook.url = o.webhook ? o.webhook : o.ini_webhook;
	if (!hook.url || (strncmp(hook.url, "http://", 7) && strncmp(hook.url, "https://", 8))) {
		rc = usage("reminders", "set [server] reminder_webhook = http(s)://... in --config"
					" or give --webhook URL");
		goto out;
	}
	cfg.public_url = o.public_url ? o.public_url : o.ini_public_url;
	if (cfg.public_url) {
		snprintf(base, sizeof base, "%s", cfg.public_url);
		n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			base[--n] = '\0';
		cfg.public_url = base;
	}
	if (o.now && !mq_time_parse_rfc3339(o.now, &now)) {
		rc = usage("reminders", "--now must be an RFC 3339 date-time");
		goto out;
	}
	if ((rc = open_db(o.db ? o.db : o.ini_db, &db)) != 0)
		goto out;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "minqing-server: cannot initialise libcurl\n");
		rc = 1;
		goto out;
	}
	err = mq_reminders_run(db, &cfg, now, &res);
	curl_global_cleanup();
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: reminders stopped: %s\n", mq_strerror(err));
		rc = 1;
		goto out;
	}
	printf("{\"sent\":%u,\"retry\":%u,\"failed\":%u,\"not_due\":%u}\n", res.sent, res.retry,
	       res.failed, res.not_due);
	rc = fflush(stdout) == 0 ? 0 : 1;
	/* exit 1 when a reminder failed, so the timer's log shows it */
	if (rc == 0 && (res.retry || res.failed))
		rc = 1;
out:
	mq_db_destroy(db);
	free(o.ini_webhook);
	free(o.ini_public_url);
	free(o.ini_db);
	return rc;
}
