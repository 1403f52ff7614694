/* rauc.h — private to app/update: RAUC's D-Bus API
 * (de.pengutronix.rauc.Installer on the system bus, or wherever
 * DBUS_SYSTEM_BUS_ADDRESS points) through sd-bus: the slots and the booted
 * one, installing a bundle into the inactive slot, marking the booted slot
 * good. Every call is synchronous and bounded; errors come back as words. */
#ifndef MQ_SYSUP_RAUC_H
#define MQ_SYSUP_RAUC_H

#include <stdbool.h>
#include <stddef.h>

/** Both root slots as RAUC reports them. Strings "" when unknown. */
struct rauc_slots {
	char booted[8];              /* bootname of the booted slot: "A" or "B" */
	char version[2][64];         /* [0] slot A's bundle version, [1] slot B's */
	char boot_status[2][16];     /* "good", "bad", "" */
};

/** Read the slots into @p out; false with the reason in @p why. */
bool rauc_slots_read(struct rauc_slots *out, char *why, size_t size);

/**
 * Install the bundle at @p path (RAUC verifies its signature against the
 * keyring of its system.conf and writes the inactive slot), waiting until
 * RAUC says it completed, at most @p timeout_s. False with RAUC's
 * LastError (or why it could not be asked) in @p why.
 */
bool rauc_install(const char *path, int timeout_s, char *why, size_t size);

/** Mark the booted slot good (RAUC's Mark("good", "booted")); false with why. */
bool rauc_mark_good(char *why, size_t size);

#endif
