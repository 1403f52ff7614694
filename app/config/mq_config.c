/* mq_config.c — kiosk INI config through inih (Debian's libinih): [kiosk] keys. */
#include "mq_config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mq_log.h"

void mq_config_defaults(struct mq_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->data_dir, sizeof cfg->data_dir, "/var/lib/minqing-kiosk");
	cfg->width = 1280;
	cfg->height = 800;
	cfg->dpi = 150;
	cfg->rotation = 0;
	cfg->idle_seconds = 90;
	cfg->stall_seconds = 30;
	cfg->sync_batch = 100;
	cfg->speech = -1;
	cfg->speech_volume = 80;
	cfg->printer_paper = 58;
	snprintf(cfg->font, sizeof cfg->font, "Noto Sans CJK SC");
	snprintf(cfg->lang, sizeof cfg->lang, "zh_CN");
	snprintf(cfg->backlight, sizeof cfg->backlight, "/sys/class/backlight");
	cfg->update_rate_kib = 512;
	snprintf(cfg->boot_id_file, sizeof cfg->boot_id_file, "/proc/sys/kernel/random/boot_id");
	mq_hours_always(&cfg->hours);
}

bool mq_config_parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a, b;

	errno = 0;
	a = strtol(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno || a < 64 || a > 8192 || b < 64 || b > 8192)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool parse_bool(const char *s, bool *out)
{
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1") ||
	    !strcasecmp(s, "on"))
		*out = true;
	else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0") ||
		 !strcasecmp(s, "off"))
		*out = false;
	else
		return false;
	return true;
}

/* speech = true|false; unset stays -1 (on in elder mode). */
static bool parse_speech(const char *s, int *out)
{
	bool on;

	if (!parse_bool(s, &on))
		return false;
	*out = on;
	return true;
}

struct load_ctx {
	struct mq_config *cfg;
	char *err;
	size_t err_size;
};

static bool copy_string(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size)
		return false;
	memcpy(dst, v, strlen(v) + 1);
	return true;
}

/* The system updates' keys (update_window, update_rate_kib, update_reboot,
 * boot_id_file): false when @p value is bad or @p name unknown. */
static bool update_entry(struct mq_config *c, const char *name, const char *value)
{
	char why[256];

	if (!strcmp(name, "update_window"))
		return copy_string(c->update_window, sizeof c->update_window, value) &&
		       (!*value || mq_hours_parse(value, &c->update_hours, why, sizeof why));
	if (!strcmp(name, "update_rate_kib"))
		return parse_int(value, 0, 1000000, &c->update_rate_kib);
	if (!strcmp(name, "update_reboot"))
		return copy_string(c->update_reboot, sizeof c->update_reboot, value);
	if (!strcmp(name, "boot_id_file"))
		return copy_string(c->boot_id_file, sizeof c->boot_id_file, value);
	return false;
}

bool mq_config_update_window_open(const struct mq_config *cfg, int64_t t)
{
	struct mq_hours night;
	char why[64];

	if (cfg->update_window[0])
		return mq_hours_open_at(&cfg->update_hours, t);
	if (!cfg->hours.always)
		return !mq_hours_open_at(&cfg->hours, t);
	return mq_hours_parse("daily 02:00-05:00", &night, why, sizeof why) &&
	       mq_hours_open_at(&night, t);
}

/* inih handler: returns 0 to stop at the first bad line, having said why. */
static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *ctx = user;
	struct mq_config *c = ctx->cfg;
	bool ok;

	if (strcmp(section, "kiosk") != 0)
		return 1;   /* other sections belong to other tools */
	if (!strcmp(name, "data_dir"))
		ok = copy_string(c->data_dir, sizeof c->data_dir, value) && *value;
	else if (!strcmp(name, "server_url"))
		ok = copy_string(c->server_url, sizeof c->server_url, value);
	else if (!strcmp(name, "public_url"))
		ok = copy_string(c->public_url, sizeof c->public_url, value);
	else if (!strcmp(name, "size"))
		ok = mq_config_parse_size(value, &c->width, &c->height);
	else if (!strcmp(name, "dpi"))
		ok = parse_int(value, 50, 600, &c->dpi);
	else if (!strcmp(name, "rotation"))
		ok = parse_int(value, 0, 270, &c->rotation) && c->rotation % 90 == 0;
	else if (!strcmp(name, "idle_seconds"))
		ok = parse_int(value, 10, 3600, &c->idle_seconds);
	else if (!strcmp(name, "sync_batch"))
		ok = parse_int(value, 1, 100, &c->sync_batch);
	else if (!strcmp(name, "stall_seconds"))
		ok = parse_int(value, 1, 600, &c->stall_seconds);
	else if (!strcmp(name, "font"))
		ok = copy_string(c->font, sizeof c->font, value) && *value;
	else if (!strcmp(name, "elder_mode"))
		ok = parse_bool(value, &c->elder_mode);
	else if (!strcmp(name, "ca_file"))
		ok = copy_string(c->ca_file, sizeof c->ca_file, value);
	else if (!strcmp(name, "pinned_pubkey"))
		ok = copy_string(c->pinned_pubkey, sizeof c->pinned_pubkey, value) &&
		     (!*value || !strncmp(value, "sha256//", 8));
	else if (!strcmp(name, "lang"))
		ok = (!strcmp(value, "zh_CN") || !strcmp(value, "en")) &&
		     copy_string(c->lang, sizeof c->lang, value);
	else if (!strcmp(name, "service_pin")) {
		c->service_pin_ignored = true;
		ok = true;
	}
	else if (!strcmp(name, "enroll_url"))
		ok = copy_string(c->enroll_url, sizeof c->enroll_url, value);
	else if (!strcmp(name, "opening_hours"))
		ok = copy_string(c->opening_hours, sizeof c->opening_hours, value);
	else if (!strcmp(name, "backlight"))
		ok = copy_string(c->backlight, sizeof c->backlight, value);
	else if (!strcmp(name, "debug_port"))
		ok = copy_string(c->debug_port, sizeof c->debug_port, value);
	else if (!strcmp(name, "allow_insecure_http"))
		ok = parse_bool(value, &c->allow_insecure_http);
	else if (!strcmp(name, "speech"))
		ok = parse_speech(value, &c->speech);
	else if (!strcmp(name, "speech_volume"))
		ok = parse_int(value, 0, 100, &c->speech_volume);
	else if (!strcmp(name, "printer"))
		ok = copy_string(c->printer, sizeof c->printer, value);
	else if (!strcmp(name, "printer_paper"))
		ok = parse_int(value, 58, 80, &c->printer_paper) &&
		     (c->printer_paper == 58 || c->printer_paper == 80);
	else if (!strncmp(name, "update_", 7) || !strcmp(name, "boot_id_file"))
		ok = update_entry(c, name, value);
	else {
		snprintf(ctx->err, ctx->err_size, "unknown key '%s' in [kiosk]", name);
		return 0;
	}
	if (!ok) {
		snprintf(ctx->err, ctx->err_size, "bad value '%s' for %s", value, name);
		return 0;
	}
	return 1;
}

enum mq_err mq_config_load(struct mq_config *cfg, const char *path, bool must_exist,
			   char *err, size_t err_size)
{
	char why[256] = "";
	struct load_ctx ctx = { cfg, why, sizeof why };
	FILE *f;
	int rc;

	if (err_size)
		err[0] = '\0';
	f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return MQ_OK;
		snprintf(err, err_size, "cannot read %s: %s", path, strerror(errno));
		return MQ_ERR_CONFIG;
	}
	rc = ini_parse_file(f, on_entry, &ctx);
	fclose(f);
	if (rc != 0) {
		/* inih answers the number of the first bad line */
		snprintf(err, err_size, "%s:%d: %s", path, rc, why[0] ? why : "not an INI line");
		return MQ_ERR_CONFIG;
	}
	if (!cfg->public_url[0])
		memcpy(cfg->public_url, cfg->server_url, sizeof cfg->public_url);
	if (!cfg->enroll_url[0])
		memcpy(cfg->enroll_url, cfg->server_url, sizeof cfg->enroll_url);
	if (!mq_hours_parse(cfg->opening_hours, &cfg->hours, cfg->hours_error,
			    sizeof cfg->hours_error))
		mq_log_error("config", "%s: %s; until it is fixed the screen stays on all the time",
			     path, cfg->hours_error);
	if (cfg->service_pin_ignored)
		mq_log_warn("config", "%s: service_pin is no longer used: the technician PIN is set "
			    "by the district in the console (终端) and reaches the kiosk with its state",
			    path);
	return MQ_OK;
}
