/* mq_sysup.h — the kiosk's system updates (A/B, RAUC). A background thread
 * that, for the update the district offers this kiosk (the state pull's
 * "update", mq_state.h):
 *
 *   - downloads it into DATA_DIR/update/ over the signed channel, a piece
 *     at a time by HTTP Range (a cut download resumes from the bytes on
 *     disk), at most update_rate_kib so the records' sync keeps the line,
 *     and checks its SHA-256;
 *   - installs it into the inactive root slot through RAUC's D-Bus API
 *     (RAUC checks the signature against the image's keyring: a bundle
 *     signed by another key is refused there, whoever put it on disk),
 *     only inside the maintenance window (mq_config_update_window_open)
 *     and only while nobody uses the screen (the UI says so through
 *     mq_sysup_note: at home, no session, so no record is being written);
 *     then runs update_reboot;
 *   - after the reboot, marks the new slot good only once the home screen
 *     was drawn and a sync round completed; booted back into the old slot
 *     instead, reports "rolled_back" with the reason.
 *
 * What it does is kept in the store: its progress (survives restarts and
 * reboots) and a report (MQ_SYNC_UPDATE_REPORT_KEY) the heartbeat carries
 * and the service screen shows. It never touches kiosk.db's records. */
#ifndef MQ_SYSUP_H
#define MQ_SYSUP_H

#include <stdbool.h>
#include <stdint.h>

#include "mq_config.h"
#include "mq_error.h"
#include "mq_sync.h"

struct mq_store;
struct mq_sysup;

/** The update state as reported (heartbeat, service screen). */
struct mq_sysup_report {
	char state[16];              /* idle offered downloading downloaded installing installed
				      * booted good rolled_back failed */
	char running[64];            /* the booted slot's version ("" unknown) */
	char version[64];            /* the bundle the state is about ("" none) */
	int percent;                 /* of the download */
	char reason[256];            /* why it failed or rolled back ("" none) */
	char booted[8];              /* "A", "B" or "" */
	char slot_a[64], slot_b[64]; /* the versions in the two slots */
};

/** The last report kept in @p store; false when there is none yet. */
bool mq_sysup_report_load(struct mq_store *store, struct mq_sysup_report *out);

/**
 * Start the update thread for the enrolled kiosk of @p cfg (its data
 * directory and server; @p sc the sync's connection settings). The thread
 * has its own store connection and HTTP client; when its report changes it
 * asks @p sync (may be NULL; must outlive the thread) for a round, so that
 * the district sees it at once. NULL (logged) when it cannot start; the
 * kiosk runs on without updates.
 */
struct mq_sysup *mq_sysup_start(const struct mq_config *cfg, const struct mq_sync_config *sc,
				struct mq_sync *sync);

/** Stop the thread (an install in progress is left to RAUC) and free. NULL is a no-op. */
void mq_sysup_stop(struct mq_sysup *up);

/**
 * What the UI knows, from its thread: @p idle — nobody uses the screen
 * (home, no session); @p home_drawn — the home screen has been drawn;
 * @p synced — a sync round completed (every record acknowledged, the state
 * pulled). Wakes the thread when something changed. Cheap.
 */
void mq_sysup_note(struct mq_sysup *up, bool idle, bool home_drawn, bool synced);

#endif
