/* roster.c — minqing-server's roster commands (mq_cli.h):
 *
 *   minqing-server roster-import FILE [--db sqlite:PATH]
 *   minqing-server report attendance --month YYYY-MM [--studio ID] [--shifts] [--now T] [--db ...]
 *   minqing-server reminders --once [--db ...] [--config FILE] [--webhook URL]
 *                            [--public-url URL] [--now RFC3339]
 *
 * Exit status: 0 success, 1 failure (told on stderr), 2 usage. Their
 * options parser (command.c) names the command in its messages. */
#include <curl/curl.h>
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

#define IMPORT_MAX (1024 * 1024)   /* what mq_roster_import takes at most */

const char mq_cli_roster_usage[] =
	"  minqing-server roster-import FILE [--db sqlite:PATH]\n"
	"  minqing-server report attendance --month YYYY-MM [--studio ID] [--shifts] [--now RFC3339]\n"
	"                       [--db sqlite:PATH]\n"
	"  minqing-server reminders --once [--db sqlite:PATH] [--config FILE]\n"
	"                       [--webhook URL] [--public-url URL] [--now RFC3339]\n";

/* ---- roster-import ------------------------------------------------------- */

int mq_cli_roster_import(int argc, char **argv)
{
	struct mq_cli_cmd o = { 0 };
	struct mq_db *db = NULL;
	struct mq_roster_import_result res;
	char *text = NULL;
	size_t len = 0;
	int rc = mq_cli_cmd_parse("roster-import", argc, argv, "db", &o.file, &o);
	enum mq_err err;

	if (rc)
		return rc;
	if (!o.file)
		return mq_cli_cmd_usage("roster-import", "give the CSV file to import");
	if ((rc = mq_cli_read_file(o.file, IMPORT_MAX, &text, &len)) != 0)
		return rc;
	if ((rc = mq_cli_cmd_open_db(&o, &db)) != 0) {
		free(text);
		return rc;
	}
	err = mq_roster_import(db, text, len, mq_time_now(), mq_cli_print_line_error, (void *)o.file, &res);
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
	struct mq_cli_cmd o = { 0 };
	const char *what = NULL;
	struct mq_db *db = NULL;
	struct mq_attendance_report r;
	struct mq_buf b;
	int64_t from, to;
	char *out;
	size_t len = 0;
	int rc = mq_cli_cmd_parse("report", argc, argv, "db month studio shifts now id", &what, &o);
	enum mq_err err;

	if (rc || (rc = mq_cli_cmd_setup("report", &o)) != 0)
		return rc;
	if (what && strcmp(what, "survey") == 0) {
		rc = mq_cli_report_survey(&o);
		mq_cli_cmd_finish(&o);
		return rc;
	}
	if (!what || strcmp(what, "attendance") != 0)
		return mq_cli_cmd_usage("report", "the reports are 'attendance' and 'survey'");
	if (!o.month || !mq_date_parse_month(o.month, &from, &to))
		return mq_cli_cmd_usage("report", "give --month YYYY-MM");
	if ((rc = mq_cli_cmd_open_db(&o, &db)) != 0)
		return rc;
	err = mq_attendance_report(db, o.month, o.studio, o.at, &r);
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

int mq_cli_reminders(int argc, char **argv)
{
	struct mq_cli_cmd o = { 0 };
	struct mq_db *db = NULL;
	struct mq_cli_webhook hook = { 0 };
	struct mq_reminder_config cfg = { .send = mq_cli_webhook_post, .send_cls = &hook };
	struct mq_reminder_result res;
	int rc = mq_cli_cmd_timer("reminders", argc, argv, &o);
	enum mq_err err;

	if (rc)
		goto out;
	hook.url = o.webhook ? o.webhook : o.ini_webhook;
	if (!mq_cli_is_http_url(hook.url)) {
		rc = mq_cli_cmd_usage("reminders", "set [server] reminder_webhook = http(s)://... in"
						   " --config or give --webhook URL");
		goto out;
	}
	cfg.public_url = mq_cli_cmd_public_url(&o);
	if ((rc = mq_cli_cmd_open_sender(&o, &db)) != 0)
		goto out;
	err = mq_reminders_run(db, &cfg, o.at, &res);
	curl_global_cleanup();
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: reminders stopped: %s\n", mq_strerror(err));
		rc = 1;
		goto out;
	}
	printf("{\"sent\":%u,\"retry\":%u,\"failed\":%u,\"not_due\":%u}\n", res.n.sent,
	       res.n.retry, res.n.failed, res.not_due);
	rc = fflush(stdout) == 0 ? 0 : 1;
	/* exit 1 when a reminder failed, so the timer's log shows it */
	if (rc == 0 && (res.n.retry || res.n.failed))
		rc = 1;
out:
	mq_db_destroy(db);
	mq_cli_cmd_finish(&o);
	return rc;
}
