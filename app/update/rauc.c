/* rauc.c — RAUC's D-Bus API through sd-bus (rauc.h). libsystemd is linked
 * already (systemd notify), so talking to RAUC costs no new dependency and
 * needs no child process: the kiosk asks the running `rauc service` that
 * the image starts, as RAUC's own CLI does. */
#include "rauc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#include "mq_time.h"

#define DEST "de.pengutronix.rauc"
#define PATH "/"
#define IFACE "de.pengutronix.rauc.Installer"

/* Opens the system bus (DBUS_SYSTEM_BUS_ADDRESS, if set, names it). */
static sd_bus *bus_open(char *why, size_t size)
{
	sd_bus *bus = NULL;
	int r = sd_bus_open_system(&bus);

	if (r < 0) {
		snprintf(why, size, "cannot reach the system bus: %s", strerror(-r));
		return NULL;
	}
	return bus;
}

static void say(const sd_bus_error *e, int r, const char *what, char *why, size_t size)
{
	snprintf(why, size, "%s: %s", what,
		 e && sd_bus_error_is_set(e) ? e->message : strerror(r < 0 ? -r : EIO));
}

/* Reads one slot's dict {sv}: the strings we need. */
static int read_slot_dict(sd_bus_message *m, char *bootname, size_t bsize, char *version,
			  size_t vsize, char *status, size_t ssize)
{
	int r = sd_bus_message_enter_container(m, 'a', "{sv}");

	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		const char *key, *val;
		char *out = NULL;
		size_t n = 0;

		if ((r = sd_bus_message_read(m, "s", &key)) < 0)
			break;
		if (!strcmp(key, "bootname"))
			out = bootname, n = bsize;
		else if (!strcmp(key, "bundle.version"))
			out = version, n = vsize;
		else if (!strcmp(key, "boot-status"))
			out = status, n = ssize;
		if (out && sd_bus_message_peek_type(m, NULL, NULL) >= 0 &&
		    sd_bus_message_enter_container(m, 'v', "s") > 0) {
			if ((r = sd_bus_message_read(m, "s", &val)) >= 0)
				snprintf(out, n, "%s", val);
			sd_bus_message_exit_container(m);
		} else {
			r = sd_bus_message_skip(m, "v");
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r;
}

/* GetSlotStatus: a(sa{sv}) into @p out, by bootname A/B. */
static int read_slots(sd_bus_message *m, struct rauc_slots *out)
{
	int r = sd_bus_message_enter_container(m, 'a', "(sa{sv})");

	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'r', "sa{sv}")) > 0) {
		const char *name;
		char boot[8] = "", version[64] = "", status[16] = "";

		if ((r = sd_bus_message_read(m, "s", &name)) < 0 ||
		    (r = read_slot_dict(m, boot, sizeof boot, version, sizeof version, status,
					sizeof status)) < 0)
			break;
		if ((boot[0] == 'A' || boot[0] == 'B') && !boot[1]) {
			int i = boot[0] - 'A';
			snprintf(out->version[i], sizeof out->version[i], "%s", version);
			snprintf(out->boot_status[i], sizeof out->boot_status[i], "%s", status);
		}
		r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r;
}

bool rauc_slots_read(struct rauc_slots *out, char *why, size_t size)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	sd_bus *bus = bus_open(why, size);
	char *booted = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if (!bus)
		return false;
	r = sd_bus_get_property_string(bus, DEST, PATH, IFACE, "BootSlot", &e, &booted);
	if (r < 0) {
		say(&e, r, "RAUC does not answer (BootSlot)", why, size);
		goto out;
	}
	snprintf(out->booted, sizeof out->booted, "%s", booted);
	r = sd_bus_call_method(bus, DEST, PATH, IFACE, "GetSlotStatus", &e, &reply, "");
	if (r >= 0)
		r = read_slots(reply, out);
	if (r < 0)
		say(&e, r, "RAUC's slot status", why, size);
out:
	free(booted);
	sd_bus_message_unref(reply);
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
	return r >= 0;
}

/* The Completed signal's handler: the installation's result. */
static int on_completed(sd_bus_message *m, void *cls, sd_bus_error *e)
{
	int *result = cls;
	int32_t v;

	(void)e;
	if (sd_bus_message_read(m, "i", &v) >= 0)
		*result = v;
	else
		*result = -1;
	return 0;
}

bool rauc_install(const char *path, int timeout_s, char *why, size_t size)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_slot *slot = NULL;
	sd_bus *bus = bus_open(why, size);
	char *last = NULL;
	int result = -2, r;          /* -2: not completed yet */
	int64_t until = mq_time_mono_ms() + (int64_t)timeout_s * 1000;

	if (!bus)
		return false;
	/* listen before asking, so the signal cannot slip past */
	r = sd_bus_match_signal(bus, &slot, DEST, PATH, IFACE, "Completed", on_completed, &result);
	if (r >= 0)
		r = sd_bus_call_method(bus, DEST, PATH, IFACE, "InstallBundle", &e, NULL, "sa{sv}",
				       path, 0);
	if (r < 0) {
		say(&e, r, "RAUC refused to start the installation", why, size);
		goto out;
	}
	while (result == -2 && mq_time_mono_ms() < until) {
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			break;
		if (r == 0)
			(void)sd_bus_wait(bus, 1000000);    /* a second at most, then look again */
	}
	if (result == 0) {
		r = 0;
		goto out;
	}
	r = -1;
	if (result == -2) {
		snprintf(why, size, "RAUC did not finish within %d s", timeout_s);
	} else if (sd_bus_get_property_string(bus, DEST, PATH, IFACE, "LastError", &e, &last) >= 0 &&
		   last && *last) {
		snprintf(why, size, "%s", last);
	} else {
		snprintf(why, size, "RAUC reported failure %d", result);
	}
out:
	free(last);
	sd_bus_slot_unref(slot);
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
	return r >= 0;
}

bool rauc_mark_good(char *why, size_t size)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus *bus = bus_open(why, size);
	int r;

	if (!bus)
		return false;
	r = sd_bus_call_method(bus, DEST, PATH, IFACE, "Mark", &e, NULL, "ss", "good", "booted");
	if (r < 0)
		say(&e, r, "RAUC did not mark the slot good", why, size);
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
	return r >= 0;
}
