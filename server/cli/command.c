/* command.c — what the commands after serve's share (cli.h): their option
 * parser (messages name the command), the [server] keys they read from
 * --config, --now, the public URL, the database, and reading a whole file. */
#include <curl/curl.h>
#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mq_time.h"

int mq_cli_cmd_usage(const char *cmd, const char *why)
{
	fprintf(stderr, "minqing-server %s: %s\nusage:\n%s%s", cmd, why, mq_cli_roster_usage,
		mq_cli_supervise_usage);
	return 2;
}

/* Stores the value of option @p k (from @p a) into @p o; 0 or 2. */
static int set_value(const char *cmd, const char *name, size_t off, bool flag, const char *eq,
		     int argc, char **argv, int *i, struct mq_cli_cmd *o)
{
	const char *value;
	char msg[160];

	if (flag) {
		if (eq) {
			snprintf(msg, sizeof msg, "option '--%s' takes no value", name);
			return mq_cli_cmd_usage(cmd, msg);
		}
		*(bool *)((char *)o + off) = true;
		return 0;
	}
	value = eq ? eq + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
	if (!value || !value[0]) {
		snprintf(msg, sizeof msg, "option '--%s' needs a value", name);
		return mq_cli_cmd_usage(cmd, msg);
	}
	*(const char **)((char *)o + off) = value;
	return 0;
}

int mq_cli_cmd_parse(const char *cmd, int argc, char **argv, const char *allowed,
		     const char **plain, struct mq_cli_cmd *o)
{
	static const struct {
		const char *name;
		size_t off;
		bool flag;
	} known[] = {
		{ "db", offsetof(struct mq_cli_cmd, db), false },
		{ "month", offsetof(struct mq_cli_cmd, month), false },
		{ "id", offsetof(struct mq_cli_cmd, id), false },
		{ "studio", offsetof(struct mq_cli_cmd, studio), false },
		{ "config", offsetof(struct mq_cli_cmd, config), false },
		{ "webhook", offsetof(struct mq_cli_cmd, webhook), false },
		{ "public-url", offsetof(struct mq_cli_cmd, public_url), false },
		{ "now", offsetof(struct mq_cli_cmd, now), false },
		{ "shifts", offsetof(struct mq_cli_cmd, shifts), true },
		{ "once", offsetof(struct mq_cli_cmd, once), true },
	};
	char msg[160];

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		size_t n, k;
		int rc;

		if (strncmp(a, "--", 2) != 0) {
			if (plain && !*plain) {
				*plain = a;
				continue;
			}
			snprintf(msg, sizeof msg, "unexpected argument '%.60s'", a);
			return mq_cli_cmd_usage(cmd, msg);
		}
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strlen(known[k].name) == n && strncmp(known[k].name, a + 2, n) == 0)
				break;
		if (k == sizeof known / sizeof known[0] || !strstr(allowed, known[k].name)) {
			snprintf(msg, sizeof msg, "unknown option '%.40s'", a);
			return mq_cli_cmd_usage(cmd, msg);
		}
		rc = set_value(cmd, known[k].name, known[k].off, known[k].flag, eq, argc, argv, &i,
			       o);
		if (rc)
			return rc;
	}
	return 0;
}

static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct mq_cli_cmd *o = user;
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

int mq_cli_cmd_setup(const char *cmd, struct mq_cli_cmd *o)
{
	const char *url;
	size_t n;

	o->at = mq_time_now();
	if (o->config && ini_parse(o->config, ini_entry, o) != 0) {
		fprintf(stderr, "minqing-server: cannot read config file %s\n", o->config);
		return 1;
	}
	if (o->now && !mq_time_parse_rfc3339(o->now, &o->at))
		return mq_cli_cmd_usage(cmd, "--now must be an RFC 3339 date-time");
	url = o->public_url ? o->public_url : o->ini_public_url;
	snprintf(o->public_base, sizeof o->public_base, "%s", url ? url : "");
	n = strlen(o->public_base);
	while (n > 0 && o->public_base[n - 1] == '/')
		o->public_base[--n] = '\0';
	return 0;
}

const char *mq_cli_cmd_public_url(const struct mq_cli_cmd *o)
{
	return o->public_base[0] ? o->public_base : NULL;
}

int mq_cli_cmd_open_db(const struct mq_cli_cmd *o, struct mq_db **db)
{
	const char *spec = o->db ? o->db : o->ini_db;

	return mq_cli_open_db(spec ? spec : MQ_CLI_DEFAULT_DB, db);
}

void mq_cli_cmd_finish(struct mq_cli_cmd *o)
{
	free(o->ini_webhook);
	free(o->ini_public_url);
	free(o->ini_db);
	o->ini_webhook = o->ini_public_url = o->ini_db = NULL;
}

bool mq_cli_is_http_url(const char *url)
{
	return url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}

int mq_cli_read_file(const char *path, size_t max, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");

	*text = NULL;
	*len = 0;
	if (!f) {
		fprintf(stderr, "minqing-server: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	/* one byte more than allowed, so that a file too large shows as such */
	*text = malloc(max + 1);
	if (*text)
		*len = fread(*text, 1, max + 1, f);
	if (!*text || ferror(f)) {
		fprintf(stderr, "minqing-server: cannot read %s\n", path);
		fclose(f);
		free(*text);
		*text = NULL;
		return 1;
	}
	fclose(f);
	return 0;
}

void mq_cli_print_line_error(void *cls, unsigned int line, const char *msg)
{
	const char *file = cls;

	if (line)
		fprintf(stderr, "%s:%u: %s\n", file, line, msg);
	else
		fprintf(stderr, "%s: %s\n", file, msg);
}

int mq_cli_cmd_timer(const char *cmd, int argc, char **argv, struct mq_cli_cmd *o)
{
	char why[96];
	int rc = mq_cli_cmd_parse(cmd, argc, argv, "db config webhook public-url now once", NULL, o);

	if (rc)
		return rc;
	if (!o->once) {
		snprintf(why, sizeof why, "run it as '%s --once' from a timer", cmd);
		return mq_cli_cmd_usage(cmd, why);
	}
	return mq_cli_cmd_setup(cmd, o);
}

int mq_cli_cmd_open_sender(const struct mq_cli_cmd *o, struct mq_db **db)
{
	int rc = mq_cli_cmd_open_db(o, db);

	if (rc)
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "minqing-server: cannot initialise libcurl\n");
		return 1;
	}
	return 0;
}
