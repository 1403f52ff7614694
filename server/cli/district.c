/* district.c — `minqing-server seed-demo` (the demo district, DESIGN.md §6),
 * `minqing-server kiosk-code --studio ID` (a one-time enrollment code) and
 * `minqing-server kiosk-revoke --device ID` (a stolen board loses access). */
#include <stdio.h>

#include "cli.h"
#include "mq_cli.h"
#include "mq_enroll.h"
#include "mq_time.h"

static int seed_demo(const struct mq_cli_options *o)
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
