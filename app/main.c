/* main.c — minqing-kiosk's command line (DESIGN.md §4):
 *   minqing-kiosk [--config FILE] [--headless] [--size WxH] [--script FILE]
 *   minqing-kiosk enroll --server URL --code ONE_TIME_CODE [--config FILE]
 *   minqing-kiosk sync --once [--config FILE]
 *   minqing-kiosk status [--config FILE] */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "mq_app.h"
#include "mq_config.h"
#include "mq_debug_port.h"
#include "mq_device.h"
#include "mq_http_client.h"
#include "mq_id.h"
#include "mq_log.h"
#include "mq_notify.h"
#include "mq_sysup.h"
#include "mq_outbox.h"
#include "mq_screens.h"
#include "mq_script.h"
#include "mq_store.h"
#include "mq_sync.h"
#include "mq_time.h"

static const char usage[] =
	"usage: minqing-kiosk [--config FILE] [--headless] [--size WxH] [--script FILE]\n"
	"       minqing-kiosk enroll --server URL --code ONE_TIME_CODE [--config FILE]\n"
	"       minqing-kiosk sync --once [--config FILE]\n"
	"       minqing-kiosk status [--config FILE]\n";

struct args {
	const char *command;     /* NULL: run the UI */
	const char *config;
	const char *server;
	const char *code;
	const char *script;
	const char *size;
	bool headless, once;
};

static bool parse_args(int argc, char **argv, struct args *a)
{
	int i = 1;

	memset(a, 0, sizeof *a);
	if (i < argc && argv[i][0] != '-')
		a->command = argv[i++];
	for (; i < argc; i++) {
		const char *arg = argv[i];
		const char **value = NULL;

		if (!strcmp(arg, "--config"))
			value = &a->config;
		else if (!strcmp(arg, "--server"))
			value = &a->server;
		else if (!strcmp(arg, "--code"))
			value = &a->code;
		else if (!strcmp(arg, "--script"))
			value = &a->script;
		else if (!strcmp(arg, "--size"))
			value = &a->size;
		else if (!strcmp(arg, "--headless"))
			a->headless = true;
		else if (!strcmp(arg, "--once"))
			a->once = true;
		else
			return false;
		if (value) {
			if (++i >= argc)
				return false;
			*value = argv[i];
		}
	}
	return true;
}

/* Loads the config and makes sure its data directory exists. */
static bool load_config(const struct args *a, struct mq_config *cfg)
{
	char err[512];

	mq_config_defaults(cfg);
	if (mq_config_load(cfg, a->config ? a->config : MQ_CONFIG_DEFAULT_PATH,
			   a->config != NULL, err, sizeof err) != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: %s\n", err);
		return false;
	}
	if (mkdir(cfg->data_dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "minqing-kiosk: cannot create data_dir %s: %s\n", cfg->data_dir,
			strerror(errno));
		return false;
	}
	/* an older version left the directory and kiosk.db readable by all */
	(void)mq_device_secure_dir(cfg->data_dir);
	return true;
}

/* Fills server_url/public_url from device.json when the config leaves them empty. */
static void complete_urls(struct mq_config *cfg)
{
	struct mq_device dev;

	if (!cfg->server_url[0] && mq_device_load(cfg->data_dir, &dev) == MQ_OK)
		snprintf(cfg->server_url, sizeof cfg->server_url, "%s", dev.server_url);
	if (!cfg->public_url[0])
		memcpy(cfg->public_url, cfg->server_url, sizeof cfg->public_url);
}

static int cmd_enroll(const struct args *a, struct mq_config *cfg)
{
	struct mq_sync_config sc = { cfg->data_dir, a->server, cfg->ca_file, cfg->pinned_pubkey,
				     cfg->stall_seconds, cfg->sync_batch,
				     cfg->allow_insecure_http };
	char err[512] = "";

	if (!a->server || !a->code) {
		fputs(usage, stderr);
		return 2;
	}
	if (mq_sync_enroll(&sc, a->code, err, sizeof err) != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: enrollment failed: %s\n", err);
		return 1;
	}
	printf("enrolled: credentials in %s/device.json\n", cfg->data_dir);
	return 0;
}

static int cmd_sync(const struct args *a, struct mq_config *cfg)
{
	struct mq_sync_config sc = { cfg->data_dir, cfg->server_url, cfg->ca_file,
				     cfg->pinned_pubkey, cfg->stall_seconds, cfg->sync_batch,
				     cfg->allow_insecure_http };
	struct mq_sync_report report;
	struct mq_sync *sync;
	enum mq_err err;

	if (!a->once) {
		fputs(usage, stderr);
		return 2;
	}
	err = mq_sync_create(&sc, &sync);
	if (err == MQ_ERR_INSECURE) {
		fprintf(stderr, "minqing-kiosk: cannot sync: server_url is plain http:// to another"
			" machine: use https:// (allow_insecure_http = true only in a lab)\n");
		return 1;
	}
	if (err != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: cannot sync: %s (is the kiosk enrolled?)\n",
			mq_strerror(err));
		return 1;
	}
	err = mq_sync_once(sync, &report);
	mq_sync_destroy(sync);
	printf("{\"acknowledged\":%d,\"rejected\":%d,\"queued\":%d,\"ok\":%s}\n", report.pushed,
	       report.rejected, report.queued, err == MQ_OK && report.queued == 0 ? "true" : "false");
	if (err != MQ_OK)
		fprintf(stderr, "minqing-kiosk: sync: %s\n", report.error);
	return err == MQ_OK && report.queued == 0 ? 0 : 1;
}

static int cmd_status(struct mq_config *cfg)
{
	struct mq_outbox_stats stats;
	struct mq_store *store;
	struct mq_device dev;
	char path[PATH_MAX + 16], last_sync[64], last_error[512];
	bool enrolled;
	struct statvfs fs;
	json_int_t free_bytes = -1;
	json_t *out;
	int64_t now = mq_time_now();

	snprintf(path, sizeof path, "%s/kiosk.db", cfg->data_dir);
	if (mq_store_open(path, &store) != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: cannot open %s\n", path);
		return 1;
	}
	if (mq_outbox_stats(store, &stats) != MQ_OK ||
	    mq_store_get(store, "last_sync_at", last_sync, sizeof last_sync) != MQ_OK ||
	    mq_store_get(store, "last_error", last_error, sizeof last_error) != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: cannot read %s\n", path);
		mq_store_close(store);
		return 1;
	}
	mq_store_close(store);
	enrolled = mq_device_load(cfg->data_dir, &dev) == MQ_OK;
	if (statvfs(cfg->data_dir, &fs) == 0)
		free_bytes = (json_int_t)fs.f_bavail * (json_int_t)fs.f_frsize;
	out = json_pack("{s:i, s:I, s:o, s:o, s:i, s:b, s:o, s:o, s:s, s:s, s:I, s:s, s:o}",
			"queue_depth", stats.queued,
			"oldest_queued_age_s",
			(json_int_t)(stats.queued ? now - stats.oldest_queued_at : 0),
			"last_sync_at", *last_sync ? json_string(last_sync) : json_null(),
			"last_error", *last_error ? json_string(last_error) : json_null(),
			"rejected", stats.rejected, "enrolled", enrolled,
			"device_id", enrolled ? json_string(dev.id) : json_null(),
			"studio", enrolled ? json_string(dev.studio) : json_null(),
			"server_url", cfg->server_url, "version", MQ_VERSION,
			"disk_free_bytes", free_bytes,
			"opening_hours", cfg->hours.always ? "always" : cfg->opening_hours,
			"opening_hours_error",
			cfg->hours_error[0] ? json_string(cfg->hours_error) : json_null());
	if (!out)
		return 1;
	json_dumpf(out, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(out);
	return 0;
}

/* The system updates' side of the UI: its thread, started once the kiosk
 * is enrolled -- at start, or on its enrollment screen (the first frame
 * after mq_app_enrolled) -- with the app's sync, which outlives it. */
struct updates {
	const struct mq_config *cfg;
	struct mq_sync_config sc;
	struct mq_sysup *up;
	bool tried;                  /* started, or could not be: not again */
};

/* The touchscreen UI with every screen, driven by a person or by --script
 * (exit code: 0 ok, 1 a script step failed, 2 cannot start). The app owns
 * opt->sync from here on. */
static int run_app(const struct args *a, const struct mq_app_options *opt, struct updates *u)
{
	struct mq_app *app = mq_app_create(opt);
	struct mq_debug_port *port = NULL;
	int rc = 0;

	if (!app)
		return 2;
	if (opt->cfg->debug_port[0])
		port = mq_debug_port_start(app, opt->cfg->debug_port);
	if (a->script)
		rc = mq_script_run(app, a->script);
	else
		mq_app_run(app);
	mq_notify_stopping();
	mq_debug_port_stop(port);     /* before the app: its requests go to the UI thread */
	mq_sysup_stop(u->up);         /* before the app destroys the sync it kicks */
	u->up = NULL;
	mq_app_destroy(app);
	return rc;
}

/* What the UI tells the system updates (mq_sysup_note), after every frame
 * and sync round: nobody at the screen (home: no session, no record being
 * written), home drawn, a round that completed. Starts their thread the
 * first time the kiosk is seen enrolled with a sync client: only an
 * enrolled kiosk is offered any update. */
static void observe(struct mq_app *app, void *cls)
{
	struct updates *u = cls;
	bool home = mq_app_at_home(app) && mq_app_is_enrolled(app);

	if (!u->tried && mq_app_is_enrolled(app) && app->sync) {
		u->tried = true;
		u->up = mq_sysup_start(u->cfg, &u->sc, app->sync);
	}
	mq_sysup_note(u->up, home, home && !mq_app_blanked(app),
		      app->sync_rounds > 0 && app->sync_last.err == MQ_OK);
}

static int run_ui(const struct args *a, struct mq_config *cfg)
{
	struct mq_sync_config sc = { cfg->data_dir, cfg->server_url, cfg->ca_file,
				     cfg->pinned_pubkey, cfg->stall_seconds, cfg->sync_batch,
				     cfg->allow_insecure_http };
	struct mq_app_options opt = { 0 };
	struct updates updates = { cfg, sc, NULL, false };
	struct mq_store *store = NULL;
	struct mq_sync *sync = NULL;
	struct mq_device dev;
	char path[PATH_MAX + 16];
	bool enrolled = mq_device_load(cfg->data_dir, &dev) == MQ_OK;
	int rc;

	if (a->size && !mq_config_parse_size(a->size, &opt.width, &opt.height)) {
		fprintf(stderr, "minqing-kiosk: --size wants WxH, e.g. 1280x800\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/kiosk.db", cfg->data_dir);
	if (mq_store_open(path, &store) != MQ_OK) {
		fprintf(stderr, "minqing-kiosk: cannot open %s\n", path);
		return 2;
	}
	sodium_memzero(&dev, sizeof dev);
	/* No credentials: the enrollment screen comes first (and stays home until
	 * it succeeds). Enrolled but no server to reach: records queue meanwhile. */
	if (!enrolled)
		mq_log_info("kiosk", "not enrolled: showing the enrollment screen");
	else if (mq_sync_create(&sc, &sync) != MQ_OK)
		mq_log_warn("kiosk", "running offline: no server_url or no store for the sync");
	opt.cfg = cfg;
	opt.store = store;
	opt.sync = sync;
	opt.headless = a->headless;
	opt.screens = mq_screens_list(&opt.n_screens);
	opt.frame = mq_screens_frame;
	opt.unenrolled_home = enrolled ? NULL : mq_screens_unenrolled_home();
	opt.observe = observe;
	opt.observe_cls = &updates;
	rc = run_app(a, &opt, &updates);
	mq_store_close(store);
	return rc;
}

int main(int argc, char **argv)
{
	struct mq_config cfg;
	struct args a;
	int rc;

	/* everything the kiosk creates is its user's alone: kiosk.db, device.json,
	 * badge.key, screenshots, the reserve */
	umask(077);
	if (!parse_args(argc, argv, &a)) {
		fputs(usage, stderr);
		return 2;
	}
	mq_notify_init();
	/* Under TCG the start (fonts, dictionaries, llvmpipe's first frame)
	 * took 45 s, over WatchdogSec=30s: systemd killed it again and again.
	 * TimeoutStartSec= bounds the start; the watchdog, the running loop. */
	mq_notify_slow_start(300);
	if (!mq_id_init()) {
		fprintf(stderr, "minqing-kiosk: cannot initialise libsodium\n");
		return 2;
	}
	if (!load_config(&a, &cfg))
		return 2;
	complete_urls(&cfg);
	if (!a.command)
		rc = run_ui(&a, &cfg);
	else if (!strcmp(a.command, "enroll"))
		rc = cmd_enroll(&a, &cfg);
	else if (!strcmp(a.command, "sync"))
		rc = cmd_sync(&a, &cfg);
	else if (!strcmp(a.command, "status"))
		rc = cmd_status(&cfg);
	else {
		fputs(usage, stderr);
		rc = 2;
	}
	mq_http_cleanup();
	return rc;
}
