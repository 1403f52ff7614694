/* district.c — `minqing-server seed-demo` (the demo district, DESIGN.md §6),
 * `minqing-server kiosk-code --studio ID` (a one-time enrollment code) and
 * `minqing-server kiosk-revoke --device ID` (a stolen board loses access). */
#include <stdio.h>

#include <string.h>

#include "cli.h"
#include "mq_candidate.h"
#include "mq_cli.h"
#include "mq_date.h"
#include "mq_enroll.h"
#include "mq_survey.h"
#include "mq_time.h"

/* ---- the demo's participation: candidate topics and a questionnaire -------- */

/* Dated from the day it is seeded, so the demo always has them open; made
 * through the domain's operations (as the console would), once. 湖滨's
 * candidates come with their backings from seed-demo-roster.sql. */
static const struct {
	const char *studio, *title, *description;
	int days;                  /* open this many days from the seeding */
} demo_candidates[] = {
	{ "xiaoying", "社区食堂延长开放时间", "", 14 },
};

static bool has_title(void *cls, const struct mq_db_candidate *c)
{
	const char **want = cls;

	if (strcmp(c->title, *want) == 0)
		*want = NULL;
	return *want != NULL;
}

static bool has_survey(void *cls, const struct mq_db_survey *s)
{
	bool *found = cls;

	*found = *found || strcmp(s->title, "社区食堂意见调查") == 0;
	return !*found;
}

/* The demo's open candidate topics and its questionnaire (湖滨街道, 30 days). */
static enum mq_err seed_participation(struct mq_db *db, int64_t now)
{
	static const struct mq_db_staff seeder = { .username = "seed-demo", .role = MQ_ROLE_ADMIN };
	struct mq_survey_in sv = {
		.street = "hubin", .title = "社区食堂意见调查", .n_questions = 3,
		.questions = {
			{ "您多久去一次社区食堂？", MQ_SURVEY_SINGLE,
			  { "每天", "每周几次", "很少去", "从没去过" }, 4 },
			{ "您希望食堂增加哪些服务？", MQ_SURVEY_MULTIPLE,
			  { "送餐上门", "早餐", "老年人优惠餐", "周末开放", "清淡少盐的菜" }, 5 },
			{ "对社区食堂还有什么建议？", MQ_SURVEY_TEXT, { NULL }, 0 },
		},
	};
	struct mq_date today, until;
	char from[11], to[11], msg[200];
	bool found = false;
	int64_t id;
	enum mq_err err = MQ_OK;

	mq_date_of(now, &today);
	mq_date_format(&today, from);
	for (size_t i = 0; err == MQ_OK && i < sizeof demo_candidates / sizeof demo_candidates[0]; i++) {
		struct mq_db_candidate_filter f = { .studio = demo_candidates[i].studio };
		struct mq_candidate_in in = { .studio = demo_candidates[i].studio,
					      .title = demo_candidates[i].title,
					      .description = demo_candidates[i].description,
					      .closes = to };
		const char *want = in.title;

		until = mq_date_add(&today, demo_candidates[i].days);
		mq_date_format(&until, to);
		err = db->candidates_iterate(db->cls, &f, has_title, &want);
		if (err == MQ_OK && want)
			err = mq_candidate_create(db, &seeder, &in, now, msg, sizeof msg, &id);
	}
	if (err == MQ_OK)
		err = db->surveys_iterate(db->cls, &(struct mq_db_survey_filter){ .street = "hubin" },
					  has_survey, &found);
	if (err != MQ_OK || found)
		return err;
	until = mq_date_add(&today, 30);
	mq_date_format(&until, to);
	sv.starts = from;
	sv.ends = to;
	return mq_survey_create(db, NULL, &sv, now, msg, sizeof msg, &id);
}

static int seed_demo(const struct mq_cli_options *o)
{
	struct mq_db *db = NULL;
	const char *spec = o->db ? o->db : MQ_CLI_DEFAULT_DB;
	int rc = mq_cli_open_db(spec, &db);

	if (rc != 0)
		return rc;
	if (db->seed_demo(db->cls) != MQ_OK || seed_participation(db, mq_time_now()) != MQ_OK) {
		fprintf(stderr, "minqing-server: could not load the demo district into %s\n", spec);
		mq_db_destroy(db);
		return 1;
	}
	mq_db_destroy(db);
	fprintf(stderr, "minqing-server: demo district (上城区, 6 streets) is in %s\n", spec);
	return 0;
}

int mq_cli_seed_demo(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "db", &o);

	if (rc == 0)
		rc = seed_demo(&o);
	mq_cli_options_finish(&o);
	return rc;
}

static int kiosk_code(const struct mq_cli_options *o)
{
	struct mq_db *db = NULL;
	char code[MQ_ENROLL_CODE_SHOWN + 1];
	enum mq_err err;
	int rc;

	if (!o->studio)
		return mq_cli_usage("kiosk-code needs --studio ID");
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

int mq_cli_kiosk_code(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "db studio", &o);

	if (rc == 0)
		rc = kiosk_code(&o);
	mq_cli_options_finish(&o);
	return rc;
}

static int kiosk_revoke(const struct mq_cli_options *o)
{
	struct mq_db *db = NULL;
	enum mq_err err;
	int rc;

	if (!o->device)
		return mq_cli_usage("kiosk-revoke needs --device ID (see /console/kiosks)");
	if ((rc = mq_cli_open_db(o->db ? o->db : MQ_CLI_DEFAULT_DB, &db)) != 0)
		return rc;
	err = mq_enroll_revoke(db, NULL, o->device, mq_time_now());
	mq_db_destroy(db);
	switch (err) {
	case MQ_OK:
		printf("revoked %s: it gets 401 \"revoked\" from now on\n", o->device);
		return 0;
	case MQ_ERR_NOT_FOUND:
		fprintf(stderr, "minqing-server: no device '%.64s' (the ids are on /console/kiosks)\n",
			o->device);
		return 1;
	case MQ_ERR_CONFLICT:
		fprintf(stderr, "minqing-server: %.64s was revoked already\n", o->device);
		return 1;
	default:
		fprintf(stderr, "minqing-server: could not revoke: %s\n", mq_strerror(err));
		return 1;
	}
}

int mq_cli_kiosk_revoke(int argc, char **argv)
{
	struct mq_cli_options o = { 0 };
	int rc = mq_cli_parse(argc, argv, "db device", &o);

	if (rc == 0)
		rc = kiosk_revoke(&o);
	mq_cli_options_finish(&o);
	return rc;
}
