/* supervise.c — minqing-server's 督查 commands (mq_cli.h):
 *
 *   minqing-server supervise --once [--now RFC3339] [--webhook URL] [--db ...]
 *                            [--config FILE] [--public-url URL]
 *   minqing-server calendar-import FILE [--db ...]
 *
 * supervise does one pass (mq_supervise.h) and prints what it did as one
 * JSON line; a systemd timer runs it (firmware/minqing-supervise.timer).
 * --webhook sends every message to one URL, as plain JSON (tests, small
 * districts); otherwise each goes where the console's 通知设置 says, and
 * residents' SMS to the console's gateway or [server] reminder_webhook.
 * Exit status: 0 success, 1 failure (told on stderr; also when a message
 * failed, so the timer's log shows it), 2 usage. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "mq_calendar.h"
#include "mq_cli.h"
#include "mq_supervise.h"

const char mq_cli_supervise_usage[] =
	"  minqing-server supervise --once [--now RFC3339] [--webhook URL] [--db sqlite:PATH]\n"
	"                       [--config FILE] [--public-url URL]\n"
	"  minqing-server calendar-import FILE [--db sqlite:PATH]   (date,kind CSV of a year's\n"
	"                       holidays and 调休 working days)\n";

/* Prints what pass @p r did, as one JSON line. */
static int print_result(const struct mq_supervise_result *r)
{
	printf("{\"open\":%u,\"overdue\":%u,\"escalated\":%u,\"sms_queued\":%u,"
	       "\"sms_unsendable\":%u,\"digests_queued\":%u,\"sent\":%u,\"retry\":%u,"
	       "\"failed\":%u,\"held\":%u,\"unrouted\":%u}\n",
	       r->open, r->overdue, r->escalated, r->sms_queued, r->sms_unsendable,
	       r->digests_queued, r->sent.n.sent, r->sent.n.retry, r->sent.n.failed, r->sent.held,
	       r->sent.unrouted);
	return fflush(stdout) == 0 ? 0 : 1;
}

int mq_cli_supervise(int argc, char **argv)
{
	struct mq_cli_cmd o = { 0 };
	struct mq_db *db = NULL;
	struct mq_cli_webhook hook = { 0 };
	struct mq_supervise_config cfg = { .send = mq_cli_webhook_post, .send_cls = &hook };
	struct mq_supervise_result res;
	int rc = mq_cli_cmd_timer("supervise", argc, argv, &o);
	enum mq_err err;

	if (rc)
		goto out;
	if ((o.webhook && !mq_cli_is_http_url(o.webhook)) ||
	    (o.ini_webhook && !mq_cli_is_http_url(o.ini_webhook))) {
		rc = mq_cli_cmd_usage("supervise", "webhooks must be http(s):// URLs");
		goto out;
	}
	cfg.webhook = o.webhook;
	cfg.sms_url = o.ini_webhook;
	cfg.public_url = mq_cli_cmd_public_url(&o);
	if (!cfg.public_url)
		fprintf(stderr, "minqing-server: no public URL (--public-url or [server] public_url):"
				" residents get no SMS, staff messages no links\n");
	if ((rc = mq_cli_cmd_open_sender(&o, &db)) != 0)
		goto out;
	err = mq_supervise_run(db, &cfg, o.at, &res);
	curl_global_cleanup();
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: supervise stopped: %s\n", mq_strerror(err));
		rc = 1;
		goto out;
	}
	rc = print_result(&res);
	if (rc == 0 && (res.sent.n.retry || res.sent.n.failed))
		rc = 1;
out:
	mq_db_destroy(db);
	mq_cli_cmd_finish(&o);
	return rc;
}

int mq_cli_calendar_import(int argc, char **argv)
{
	struct mq_cli_cmd o = { 0 };
	struct mq_db *db = NULL;
	struct mq_calendar_import_result res;
	char *text = NULL;
	size_t len = 0;
	int rc = mq_cli_cmd_parse("calendar-import", argc, argv, "db", &o.file, &o);
	enum mq_err err;

	if (rc)
		return rc;
	if (!o.file)
		return mq_cli_cmd_usage("calendar-import", "give the CSV file to import");
	if ((rc = mq_cli_cmd_setup("calendar-import", &o)) != 0 ||
	    (rc = mq_cli_read_file(o.file, MQ_CALENDAR_FILE_MAX, &text, &len)) != 0 ||
	    (rc = mq_cli_cmd_open_db(&o, &db)) != 0)
		goto out;
	err = mq_calendar_import(db, NULL, o.file, text, len, o.at, mq_cli_print_line_error,
				 (void *)o.file, &res);
	if (err == MQ_ERR_INVALID) {
		fprintf(stderr, "minqing-server: %s: %u error%s, nothing imported\n", o.file,
			res.errors, res.errors == 1 ? "" : "s");
		rc = 1;
	} else if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: %s not imported: %s\n", o.file, mq_strerror(err));
		rc = 1;
	} else {
		printf("imported %s: %u days", o.file, res.days);
		for (unsigned int i = 0; i < res.n_years; i++)
			printf("%s%d", i ? ", " : " of ", res.years[i]);
		printf("\n");
		rc = fflush(stdout) == 0 ? 0 : 1;
	}
out:
	free(text);
	mq_db_destroy(db);
	mq_cli_cmd_finish(&o);
	return rc;
}
