/* sysup.c — the kiosk's system updates (mq_sysup.h): the update thread and
 * its steps. Each round (every few seconds, or when the UI says something
 * changed) it reads RAUC's slots, settles what a reboot told (the new slot
 * booted, or the old one again: rolled back), marks a healthy new slot
 * good, follows the offer of the state pull (fetch.c downloads), installs
 * inside the maintenance window while nobody uses the screen, and writes
 * its progress and report to the store. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mq_log.h"
#include "mq_state.h"
#include "mq_time.h"
#include "sysup.h"

extern char **environ;

#define PROGRESS_KEY "update_progress"
#define ROUND_MS 5000                /* between rounds when nothing wakes the thread */
#define INSTALL_TIMEOUT_S 3600

/* ---- the store ----------------------------------------------------------- */

static void copy(char *dst, size_t size, const json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(dst, size, "%s", v ? v : "");
}

static void progress_load(struct mq_sysup *up)
{
	char text[1024];
	json_t *doc;

	memset(&up->p, 0, sizeof up->p);
	snprintf(up->p.state, sizeof up->p.state, "idle");
	if (mq_store_get(up->store, PROGRESS_KEY, text, sizeof text) != MQ_OK || !text[0] ||
	    !(doc = json_loads(text, 0, NULL)))
		return;
	copy(up->p.state, sizeof up->p.state, doc, "state");
	copy(up->p.version, sizeof up->p.version, doc, "version");
	copy(up->p.sha256, sizeof up->p.sha256, doc, "sha256");
	copy(up->p.slot, sizeof up->p.slot, doc, "slot");
	copy(up->p.boot_id, sizeof up->p.boot_id, doc, "boot_id");
	copy(up->p.reason, sizeof up->p.reason, doc, "reason");
	up->p.percent = (int)json_integer_value(json_object_get(doc, "percent"));
	json_decref(doc);
	/* cut off while RAUC wrote the slot (a power cut): the old slot still
	 * boots, and the install starts over from the downloaded file */
	if (!strcmp(up->p.state, "installing")) {
		snprintf(up->p.state, sizeof up->p.state, "downloaded");
		mq_log_warn("update", "an install of %s was cut off: it starts over",
			    up->p.version);
	}
}

/* @p s, or JSON null when it is "". */
static json_t *opt(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

void sysup_save(struct mq_sysup *up)
{
	const struct progress *p = &up->p;
	json_t *prog = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "state", p->state, "version",
				 p->version, "sha256", p->sha256, "slot", p->slot, "boot_id",
				 p->boot_id, "reason", p->reason, "percent", p->percent);
	const char *running = up->slots_ok && (up->slots.booted[0] == 'A' || up->slots.booted[0] == 'B')
				      ? up->slots.version[up->slots.booted[0] - 'A'] : "";
	json_t *rep = json_pack("{s:s, s:s, s:o, s:i, s:o, s:o, s:o, s:o}", "state", p->state,
				"running", running, "version", opt(p->version), "percent",
				p->percent, "reason", opt(p->reason), "booted",
				opt(up->slots.booted), "slot_a", opt(up->slots.version[0]),
				"slot_b", opt(up->slots.version[1]));
	char *a = prog ? json_dumps(prog, JSON_COMPACT) : NULL;
	char *b = rep ? json_dumps(rep, JSON_COMPACT) : NULL;

	/* written only when it changed: the store is the residents' too */
	bool same = a && b && !strcmp(a, up->saved) && !strcmp(b, up->reported);

	if (!same && (!a || !b || mq_store_put(up->store, PROGRESS_KEY, a) != MQ_OK ||
		      mq_store_put(up->store, MQ_SYNC_UPDATE_REPORT_KEY, b) != MQ_OK))
		mq_log_warn("update", "cannot keep the update's progress in the store");
	else if (!same) {
		/* something new to tell the district: a heartbeat now */
		snprintf(up->saved, sizeof up->saved, "%s", a);
		snprintf(up->reported, sizeof up->reported, "%s", b);
		if (up->sync)
			mq_sync_kick(up->sync);
	}
	free(a);
	free(b);
	json_decref(prog);
	json_decref(rep);
}

bool mq_sysup_report_load(struct mq_store *store, struct mq_sysup_report *out)
{
	char text[2048];
	json_t *doc;

	memset(out, 0, sizeof *out);
	if (mq_store_get(store, MQ_SYNC_UPDATE_REPORT_KEY, text, sizeof text) != MQ_OK || !text[0] ||
	    !(doc = json_loads(text, 0, NULL)))
		return false;
	copy(out->state, sizeof out->state, doc, "state");
	copy(out->running, sizeof out->running, doc, "running");
	copy(out->version, sizeof out->version, doc, "version");
	copy(out->reason, sizeof out->reason, doc, "reason");
	copy(out->booted, sizeof out->booted, doc, "booted");
	copy(out->slot_a, sizeof out->slot_a, doc, "slot_a");
	copy(out->slot_b, sizeof out->slot_b, doc, "slot_b");
	out->percent = (int)json_integer_value(json_object_get(doc, "percent"));
	json_decref(doc);
	return true;
}

void sysup_paths(const struct mq_sysup *up, const struct offer *o, char part[PATH_MAX + 80],
		 char whole[PATH_MAX + 80])
{
	snprintf(part, PATH_MAX + 80, "%s/%s.raucb.part", up->dir, o->sha256);
	snprintf(whole, PATH_MAX + 80, "%s/%s.raucb", up->dir, o->sha256);
}

/* ---- waiting ------------------------------------------------------------- */

/* Until @p deadline_ms (monotonic) or a stop; with @p any, also until a note. */
static bool wait_until(struct mq_sysup *up, int64_t deadline_ms, bool any)
{
	bool go_on;

	pthread_mutex_lock(&up->lock);
	while (!up->stopping && !(any && up->changed) && mq_time_mono_ms() < deadline_ms) {
		int64_t ms = deadline_ms - mq_time_mono_ms();
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)(ms / 1000);
		ts.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&up->wake, &up->lock, &ts);
	}
	up->changed = false;
	go_on = !up->stopping;
	pthread_mutex_unlock(&up->lock);
	return go_on;
}

bool sysup_wait(struct mq_sysup *up, int64_t ms)
{
	return wait_until(up, mq_time_mono_ms() + (ms > 0 ? ms : 0), false);
}

/* ---- the steps ----------------------------------------------------------- */

static bool is(const struct mq_sysup *up, const char *state)
{
	return strcmp(up->p.state, state) == 0;
}

static void set_state(struct mq_sysup *up, const char *state)
{
	snprintf(up->p.state, sizeof up->p.state, "%s", state);
}

/* This boot's id (a reboot changes it), "" when it cannot be read. */
static void boot_id(const struct mq_sysup *up, char out[64])
{
	FILE *f = fopen(up->cfg.boot_id_file, "r");

	out[0] = '\0';
	if (f && fgets(out, 64, f))
		out[strcspn(out, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* After a reboot: did the slot installed to come up, or the old one again? */
static void after_reboot(struct mq_sysup *up)
{
	char now[64];
	int old;

	boot_id(up, now);
	if (!is(up, "installed") || !up->slots_ok || !strcmp(now, up->p.boot_id))
		return;
	if (!strcmp(up->slots.booted, up->p.slot)) {
		set_state(up, "booted");
		mq_log_info("update", "booted %s from slot %s: marking it good once the home screen"
			    " is drawn and a sync round completes", up->p.version, up->p.slot);
	} else {
		old = up->slots.booted[0] == 'B';
		set_state(up, "rolled_back");
		snprintf(up->p.reason, sizeof up->p.reason,
			 "新版本 %s（%s 分区）没能正常启动，已自动回到 %s 分区的 %s%s", up->p.version,
			 up->p.slot, up->slots.booted, up->slots.version[old],
			 strcmp(up->slots.boot_status[!old], "bad") ? "" : "（RAUC：该分区已标记为坏）");
		mq_log_warn("update", "rolled back: %s", up->p.reason);
	}
	sysup_save(up);
}

/* In the new slot: mark it good once the kiosk has shown it works. */
static void confirm(struct mq_sysup *up)
{
	bool healthy, drawn;
	char why[256];

	pthread_mutex_lock(&up->lock);
	healthy = up->home_drawn && up->synced;
	drawn = up->home_drawn;
	pthread_mutex_unlock(&up->lock);
	/* Any other boot (no new slot on trial): confirm it once the home
	 * screen is drawn, or the boot counter (GRUB sets <slot>_TRY at every
	 * boot) would send the next boot to the other slot. A sync is not
	 * waited for: a network down in the morning must not roll back. */
	if (!is(up, "booted") && !up->boot_confirmed && drawn && up->slots_ok) {
		up->boot_confirmed = true;        /* once a boot: a refusal is logged, not retried */
		if (!rauc_mark_good(why, sizeof why))
			mq_log_warn("update", "%s", why);
		return;
	}
	if (!is(up, "booted") || !healthy)
		return;
	if (rauc_mark_good(why, sizeof why)) {
		up->boot_confirmed = true;
		set_state(up, "good");
		up->p.reason[0] = '\0';
		mq_log_info("update", "slot %s marked good: %s runs", up->p.slot, up->p.version);
	} else {
		snprintf(up->p.reason, sizeof up->p.reason, "%s", why);
		mq_log_error("update", "%s", why);
	}
	sysup_save(up);
}

/* The offer of the state in the store into @p o; false when none. */
static bool read_offer(struct mq_sysup *up, struct offer *o)
{
	struct mq_state *st = mq_state_load(up->store);
	bool has = st && st->update.version;

	if (has) {
		snprintf(o->version, sizeof o->version, "%s", st->update.version);
		o->size = st->update.size;
		snprintf(o->sha256, sizeof o->sha256, "%s", st->update.sha256);
		snprintf(o->url, sizeof o->url, "%s", st->update.url);
	}
	mq_state_destroy(st);
	return has;
}

/* A state after which the same bundle is not taken up again. */
static bool settled(const struct mq_sysup *up)
{
	return is(up, "installed") || is(up, "booted") || is(up, "good") ||
	       is(up, "rolled_back") || is(up, "failed");
}

/* Follows the offer: a new one starts over, none stops a download. True
 * when there is an offer to work on (in @p o). */
static bool follow_offer(struct mq_sysup *up, struct offer *o)
{
	const char *running = up->slots_ok && up->slots.booted[0]
				      ? up->slots.version[up->slots.booted[0] == 'B'] : "";

	if (!read_offer(up, o)) {
		if (is(up, "offered") || is(up, "downloading") || is(up, "downloaded")) {
			set_state(up, "idle");       /* paused or withdrawn: the part stays */
			sysup_save(up);
		}
		return false;
	}
	if (!strcmp(o->version, running) ||
	    (!strcmp(o->sha256, up->p.sha256) && (settled(up) || is(up, "installing"))))
		return false;
	if (strcmp(o->sha256, up->p.sha256) != 0 || is(up, "idle")) {
		memset(&up->p, 0, sizeof up->p);
		set_state(up, "offered");
		snprintf(up->p.version, sizeof up->p.version, "%s", o->version);
		snprintf(up->p.sha256, sizeof up->p.sha256, "%s", o->sha256);
		mq_log_info("update", "the district offers %s (%lld bytes)", o->version,
			    (long long)o->size);
		sysup_save(up);
	}
	return true;
}

/* Runs update_reboot (through /bin/sh), if set. */
static void reboot_now(const struct mq_sysup *up)
{
	char *argv[] = { "sh", "-c", (char *)up->cfg.update_reboot, NULL };
	pid_t pid;
	int status;

	if (!up->cfg.update_reboot[0])
		return;
	mq_log_info("update", "rebooting into the new slot: %s", up->cfg.update_reboot);
	if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) == 0)
		(void)waitpid(pid, &status, 0);
}

/* Installs the downloaded bundle when the window is open and nobody is at the screen. */
static void install(struct mq_sysup *up, const struct offer *o)
{
	char part[PATH_MAX + 80], whole[PATH_MAX + 80], why[256];
	bool idle;
	int target;

	pthread_mutex_lock(&up->lock);
	idle = up->idle;
	pthread_mutex_unlock(&up->lock);
	if (!is(up, "downloaded") || !idle || !up->slots_ok ||
	    !mq_config_update_window_open(&up->cfg, mq_time_now()))
		return;
	sysup_paths(up, o, part, whole);
	if (access(whole, F_OK) != 0) {
		set_state(up, "offered");    /* gone from the data partition: fetch it again */
		return;
	}
	/* the file may have changed on disk since it was checked (put there by
	 * hand, or a power cut): never handed to RAUC; the offered one again */
	if (!sysup_file_matches(whole, o->sha256)) {
		set_state(up, "offered");
		snprintf(up->p.reason, sizeof up->p.reason,
			 "待安装的文件与服务器给出的 SHA-256 不符，已拒绝并删除，重新下载");
		mq_log_error("update", "%s is not the offered bundle (SHA-256 differs): refused,"
			     " deleted, downloading the offered one", whole);
		unlink(whole);
		sysup_save(up);
		return;
	}
	set_state(up, "installing");
	sysup_save(up);
	target = up->slots.booted[0] == 'A' ? 1 : 0;
	mq_log_info("update", "installing %s into slot %c", o->version, 'A' + target);
	if (!rauc_install(whole, INSTALL_TIMEOUT_S, why, sizeof why) ||
	    !rauc_slots_read(&up->slots, why, sizeof why) ||
	    strcmp(up->slots.version[target], o->version) != 0) {
		set_state(up, "failed");
		snprintf(up->p.reason, sizeof up->p.reason, "安装失败：%s", why);
		mq_log_error("update", "installing %s failed: %s", o->version, why);
	} else {
		set_state(up, "installed");
		snprintf(up->p.slot, sizeof up->p.slot, "%c", 'A' + target);
		boot_id(up, up->p.boot_id);
		up->p.reason[0] = '\0';
		mq_log_info("update", "%s installed into slot %s", o->version, up->p.slot);
	}
	unlink(whole);
	sysup_save(up);
	if (is(up, "installed"))
		reboot_now(up);
}

/* One round of the thread. */
static void round_once(struct mq_sysup *up)
{
	struct offer o;

	up->slots_ok = rauc_slots_read(&up->slots, up->slots_why, sizeof up->slots_why);
	if (!up->slots_ok)
		mq_log_debug("update", "%s", up->slots_why);
	after_reboot(up);
	confirm(up);
	if (follow_offer(up, &o)) {
		if (is(up, "offered") || is(up, "downloading"))
			sysup_fetch(up, &o);
		install(up, &o);
	}
	sysup_save(up);
}

static void *thread_main(void *cls)
{
	struct mq_sysup *up = cls;

	progress_load(up);
	do
		round_once(up);
	while (wait_until(up, mq_time_mono_ms() + ROUND_MS, true));
	return NULL;
}

/* ---- the handle ---------------------------------------------------------- */

void mq_sysup_stop(struct mq_sysup *up)
{
	if (!up)
		return;
	if (up->running) {
		pthread_mutex_lock(&up->lock);
		up->stopping = true;
		pthread_cond_signal(&up->wake);
		pthread_mutex_unlock(&up->lock);
		pthread_join(up->thread, NULL);
	}
	mq_http_destroy(up->http);
	mq_store_close(up->store);
	pthread_cond_destroy(&up->wake);
	pthread_mutex_destroy(&up->lock);
	memset(&up->dev, 0, sizeof up->dev);
	free(up);
}

struct mq_sysup *mq_sysup_start(const struct mq_config *cfg, const struct mq_sync_config *sc,
				struct mq_sync *sync)
{
	struct mq_sysup *up = calloc(1, sizeof *up);
	pthread_condattr_t attr;
	char db[PATH_MAX + 16];
	struct mq_http_options ho = { NULL, sc->ca_file, sc->pinned_pubkey, sc->stall_seconds,
				      sc->allow_insecure_http };
	bool ok;

	if (!up)
		return NULL;
	up->cfg = *cfg;
	up->sync = sync;
	pthread_mutex_init(&up->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&up->wake, &attr);
	pthread_condattr_destroy(&attr);
	snprintf(up->dir, sizeof up->dir, "%s/update", cfg->data_dir);
	snprintf(db, sizeof db, "%s/kiosk.db", cfg->data_dir);
	ok = mq_device_load(cfg->data_dir, &up->dev) == MQ_OK;
	ho.base_url = sc->server_url && *sc->server_url ? sc->server_url : up->dev.server_url;
	if (!ok || (mkdir(up->dir, 0700) != 0 && errno != EEXIST) ||
	    mq_store_open(db, &up->store) != MQ_OK || mq_http_create(&ho, &up->http) != MQ_OK ||
	    pthread_create(&up->thread, NULL, thread_main, up) != 0) {
		mq_log_warn("update", "system updates are off: cannot start their thread");
		mq_sysup_stop(up);
		return NULL;
	}
	up->running = true;
	return up;
}

void mq_sysup_note(struct mq_sysup *up, bool idle, bool home_drawn, bool synced)
{
	if (!up)
		return;
	pthread_mutex_lock(&up->lock);
	if (idle != up->idle || home_drawn != up->home_drawn || synced != up->synced) {
		up->idle = idle;
		up->home_drawn = up->home_drawn || home_drawn;
		up->synced = up->synced || synced;
		up->changed = true;
		pthread_cond_signal(&up->wake);
	}
	pthread_mutex_unlock(&up->lock);
}
