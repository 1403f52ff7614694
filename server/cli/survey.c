/* survey.c — minqing-server's questionnaire commands (mq_cli.h):
 *
 *   minqing-server survey-import FILE [--db sqlite:PATH] [--now RFC3339]
 *   minqing-server report survey --id ID [--db sqlite:PATH]
 *
 * survey-import prints the new survey's id alone on its last line; report
 * survey prints "question,option,count" rows then "responses,,N". Exit
 * status: 0 success, 1 failure (told on stderr), 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mq_cli.h"
#include "mq_db.h"
#include "mq_survey.h"

const char mq_cli_survey_usage[] =
	"  minqing-server survey-import FILE [--db sqlite:PATH] [--now RFC3339]   (a questionnaire\n"
	"                       as JSON; prints its new id on the last line)\n"
	"  minqing-server report survey --id ID [--db sqlite:PATH]   (CSV question,option,count)\n";

/* Define the survey of file text @p text (@p len bytes) from @p file in @p db at
 * @p now; prints its id. The exit status. */
static int import_text(struct mq_db *db, const char *file, const char *text, size_t len,
		       int64_t now)
{
	json_error_t jerr;
	json_t *json = json_loadb(text, len, 0, &jerr);
	struct mq_survey_in in;
	char msg[200];
	int64_t id = 0;
	enum mq_err err;

	if (!json) {
		fprintf(stderr, "minqing-server: %s: line %d: not JSON: %s\n", file, jerr.line,
			jerr.text);
		return 1;
	}
	if (!mq_survey_from_json(json, &in, msg, sizeof msg)) {
		fprintf(stderr, "minqing-server: %s: %s\n", file, msg);
		json_decref(json);
		return 1;
	}
	err = mq_survey_create(db, NULL, &in, now, msg, sizeof msg, &id);
	json_decref(json);
	if (err == MQ_ERR_INVALID) {
		fprintf(stderr, "minqing-server: %s: %s\n", file, msg);
		return 1;
	}
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: %s not imported: %s\n", file, mq_strerror(err));
		return 1;
	}
	printf("imported %s: survey %lld\n%lld\n", file, (long long)id, (long long)id);
	return fflush(stdout) == 0 ? 0 : 1;
}

int mq_cli_survey_import(int argc, char **argv)
{
	struct mq_cli_cmd o = { 0 };
	struct mq_db *db = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = mq_cli_cmd_parse("survey-import", argc, argv, "db now", &o.file, &o);

	if (rc)
		return rc;
	if (!o.file)
		return mq_cli_cmd_usage("survey-import", "give the survey's JSON file");
	if ((rc = mq_cli_cmd_setup("survey-import", &o)) != 0 ||
	    (rc = mq_cli_read_file(o.file, MQ_SURVEY_FILE_MAX, &text, &len)) != 0 ||
	    (rc = mq_cli_cmd_open_db(&o, &db)) != 0)
		goto out;
	rc = import_text(db, o.file, text, len, o.at);
out:
	free(text);
	mq_db_destroy(db);
	mq_cli_cmd_finish(&o);
	return rc;
}

int mq_cli_report_survey(struct mq_cli_cmd *o)
{
	struct mq_db *db = NULL;
	struct mq_survey s;
	struct mq_survey_results r;
	struct mq_buf b;
	char *end = NULL, *out;
	long long id = o->id ? strtoll(o->id, &end, 10) : 0;
	size_t len = 0;
	int rc;
	enum mq_err err;

	if (!o->id || !*o->id || *end || id <= 0)
		return mq_cli_cmd_usage("report", "give --id ID, the survey's number");
	if ((rc = mq_cli_cmd_open_db(o, &db)) != 0)
		return rc;
	err = mq_survey_load(db, NULL, id, &s);
	if (err == MQ_OK) {
		err = mq_survey_results(db, &s, &r);
		if (err != MQ_OK)
			mq_survey_finish(&s);
	}
	mq_db_destroy(db);
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-server: report survey %lld: %s\n", id,
			err == MQ_ERR_NOT_FOUND ? "no such survey" : mq_strerror(err));
		return 1;
	}
	mq_buf_init(&b);
	mq_survey_csv(&b, &s, &r);
	mq_survey_finish(&s);
	if (!(out = mq_buf_steal(&b, &len))) {
		fprintf(stderr, "minqing-server: out of memory\n");
		return 1;
	}
	rc = fwrite(out, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
	free(out);
	return rc;
}
