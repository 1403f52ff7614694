/* options.c — what minqing-server's commands share (cli.h): the usage,
 * the options of serve, seed-demo, kiosk-code and staff-add, and opening
 * the database a --db names. */
#include "cli.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_commands[] =
	"usage:\n"
	"  minqing-server serve [--db sqlite:PATH] [--listen HOST:PORT] [--config FILE]\n"
	"                       [--public-url URL] [--tls-cert FILE --tls-key FILE]\n"
	"  minqing-server seed-demo [--db sqlite:PATH]\n"
	"  minqing-server kiosk-code --studio ID [--db sqlite:PATH]\n"
	"  minqing-server kiosk-revoke --device ID [--db sqlite:PATH]\n"
	"  minqing-server staff-add USER --role admin|street|member|liaison [--street KEY]\n"
	"                       [--member KEY] [--db sqlite:PATH]   (password: one line on stdin)\n"
	"  minqing-server migrate-db --from sqlite:PATH --to postgresql://...\n"
	"  minqing-server backup [--db sqlite:PATH] --to FILE\n";

/* After the roster commands' lines (roster.c): the options they share. */
static const char usage_options[] =
	"\n"
	"  --db          database: sqlite:PATH or a libpq URI, e.g.\n"
	"                postgresql:///minqing?host=/run/postgresql&user=minqing\n"
	"                (default " MQ_CLI_DEFAULT_DB ")\n"
	"  --listen      address to serve HTTP on (default " MQ_CLI_DEFAULT_LISTEN ")\n"
	"  --config      INI file with a [server] section: db, listen, public_url,\n"
	"                tls_cert, tls_key, trusted_proxy (addresses or CIDRs of the\n"
	"                reverse proxies whose X-Forwarded-For is believed),\n"
	"                metrics_token (opens /metrics to \"Authorization: Bearer\"),\n"
	"                reminder_webhook (the SMS gateway: visit reminders, and\n"
	"                residents' SMS when the console names none),\n"
	"                bundle_dir (kiosk system updates are kept here; unset: off),\n"
	"                update_keyring (default " MQ_CLI_DEFAULT_KEYRING "),\n"
	"                update_compatible (default " MQ_CLI_DEFAULT_COMPATIBLE "),\n"
	"                bundle_max_mb (largest upload, default 1024)\n"
	"  --tls-cert, --tls-key  PEM certificate (chain) and key: serve HTTPS\n"
	"  --public-url  base URL residents' phones reach, used in tracking links\n"
	"  --webhook     (reminders, supervise) send every message to this URL\n"
	"  --now         (report, reminders, supervise, survey-import) the time to act as\n"
	"                of, RFC 3339\n";

void mq_cli_usage_print(FILE *out)
{
	fputs(usage_commands, out);
	fputs(mq_cli_roster_usage, out);
	fputs(mq_cli_supervise_usage, out);
	fputs(mq_cli_survey_usage, out);
	fputs(usage_options, out);
}

int mq_cli_usage(const char *why)
{
	if (why)
		fprintf(stderr, "minqing-server: %s\n", why);
	mq_cli_usage_print(stderr);
	return 2;
}

void mq_cli_options_finish(struct mq_cli_options *o)
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
	free(o->device);
	free(o->trusted_proxy);
	free(o->bundle_dir);
	free(o->update_keyring);
	free(o->update_compatible);
	free(o->bundle_max_mb);
	if (o->metrics_token)
		memset(o->metrics_token, 0, strlen(o->metrics_token));
	free(o->metrics_token);
	free(o->from);
	free(o->to);
	memset(o, 0, sizeof *o);
}

bool mq_cli_set(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return false;
	free(*slot);
	*slot = copy;
	return true;
}

int mq_cli_parse(int argc, char **argv, const char *allowed, struct mq_cli_options *o)
{
	static const struct {
		const char *name;
		size_t off;
	} known[] = {
		{ "db", offsetof(struct mq_cli_options, db) },
		{ "listen", offsetof(struct mq_cli_options, listen) },
		{ "config", offsetof(struct mq_cli_options, config) },
		{ "public-url", offsetof(struct mq_cli_options, public_url) },
		{ "tls-cert", offsetof(struct mq_cli_options, tls_cert) },
		{ "tls-key", offsetof(struct mq_cli_options, tls_key) },
		{ "studio", offsetof(struct mq_cli_options, studio) },
		{ "role", offsetof(struct mq_cli_options, role) },
		{ "street", offsetof(struct mq_cli_options, street) },
		{ "member", offsetof(struct mq_cli_options, member) },
		{ "device", offsetof(struct mq_cli_options, device) },
		{ "from", offsetof(struct mq_cli_options, from) },
		{ "to", offsetof(struct mq_cli_options, to) },
	};

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *value, *eq;
		char name[32], msg[160];
		size_t n;
		size_t k;

		if (strncmp(arg, "--", 2) != 0) {
			snprintf(msg, sizeof msg, "unexpected argument '%.60s'", arg);
			return mq_cli_usage(msg);
		}
		eq = strchr(arg, '=');
		n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		if (n == 0 || n >= sizeof name) {
			snprintf(msg, sizeof msg, "unknown option '%.60s'", arg);
			return mq_cli_usage(msg);
		}
		memcpy(name, arg + 2, n);
		name[n] = '\0';
		for (k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strcmp(known[k].name, name) == 0)
				break;
		if (k == sizeof known / sizeof known[0] || !strstr(allowed, name)) {
			snprintf(msg, sizeof msg, "unknown option '--%s' for this command", name);
			return mq_cli_usage(msg);
		}
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			snprintf(msg, sizeof msg, "option '--%s' needs a value", name);
			return mq_cli_usage(msg);
		}
		if (!value[0]) {
			snprintf(msg, sizeof msg, "option '--%s' needs a non-empty value", name);
			return mq_cli_usage(msg);
		}
		if (!mq_cli_set((char **)((char *)o + known[k].off), value)) {
			fprintf(stderr, "minqing-server: out of memory\n");
			return 1;
		}
	}
	return 0;
}

int mq_cli_open_db(const char *spec, struct mq_db **db)
{
	return mq_cli_open_db_pool(spec, 0, db);
}

int mq_cli_open_db_pool(const char *spec, unsigned int connections, struct mq_db **db)
{
	char why[512];
	enum mq_err err = mq_db_open_pool(spec, connections, db, why, sizeof why);

	if (err == MQ_OK)
		return 0;
	fprintf(stderr, "minqing-server: %s\n", why);
	return err == MQ_ERR_CONFIG ? 2 : 1;
}
