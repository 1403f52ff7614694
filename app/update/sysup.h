/* sysup.h — private to app/update: what the update thread keeps
 * (sysup.c), and the download (fetch.c) it hands a piece of its work to. */
#ifndef MQ_SYSUP_PRIVATE_H
#define MQ_SYSUP_PRIVATE_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "mq_config.h"
#include "mq_device.h"
#include "mq_http_client.h"
#include "mq_store.h"
#include "mq_sysup.h"
#include "rauc.h"

/* Bytes a download asks for at once: small enough that a record's sync
 * never waits long behind it on a slow line. */
#define SYSUP_CHUNK (256 * 1024)

/* What the thread keeps in the store (setting "update_progress") so that
 * it survives a restart and the reboot into the new slot. */
struct progress {
	char state[16];              /* as struct mq_sysup_report.state */
	char version[64];
	char sha256[65];
	char slot[8];                /* installed into ("A"/"B") */
	char boot_id[64];            /* the boot that installed */
	char reason[256];
	int percent;
};

struct mq_sysup {
	struct mq_config cfg;        /* a copy */
	struct mq_store *store;      /* the thread's own connection */
	struct mq_sync *sync;        /* kicked when the report changes; may be NULL */
	char reported[2048];         /* the report last kept */
	char saved[1024];            /* the progress last kept */
	struct mq_http *http;
	struct mq_device dev;
	char dir[PATH_MAX];          /* DATA_DIR/update */
	struct progress p;           /* thread only */
	struct rauc_slots slots;     /* the last read; thread only */
	bool slots_ok;
	char slots_why[256];
	bool boot_confirmed;         /* this boot's slot marked good (thread only) */

	pthread_t thread;
	bool running;
	pthread_mutex_t lock;        /* guards what follows */
	pthread_cond_t wake;
	bool stopping, changed;
	bool idle, home_drawn, synced;
};

/** The offered bundle, from the state. */
struct offer {
	char version[64];
	int64_t size;
	char sha256[65];
	char url[128];
};

/** Store the progress and the report; logs a failure. */
void sysup_save(struct mq_sysup *up);

/** Wait on the thread's condition for at most @p ms; false once stopping. */
bool sysup_wait(struct mq_sysup *up, int64_t ms);

/** The paths of offer @p o's download: the part being fetched and the whole file. */
void sysup_paths(const struct mq_sysup *up, const struct offer *o, char part[PATH_MAX + 80],
		 char whole[PATH_MAX + 80]);

/** True when the file at @p path has SHA-256 @p sha256 (hex). */
bool sysup_file_matches(const char *path, const char *sha256);

/**
 * Fetch offer @p o (fetch.c): resume the part on disk, piece by piece,
 * at most cfg.update_rate_kib; up->p becomes downloading (with its
 * percent), downloaded, idle (the server stopped offering it), or failed
 * (the file does not match its SHA-256); on a network failure it stays
 * downloading with the reason, to resume on a later round.
 */
void sysup_fetch(struct mq_sysup *up, const struct offer *o);

#endif
