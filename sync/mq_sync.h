/* mq_sync.h — the kiosk's sync client: pushes the outbox to the district
 * server and pulls the studio's state, over signed HTTP (libcurl). Runs once
 * (`minqing-kiosk sync --once`) or on a background thread beside the UI. */
#ifndef MQ_SYNC_H
#define MQ_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"

struct mq_sync;

/** Where to sync: the data directory (kiosk.db, device.json) and the server. */
struct mq_sync_config {
	const char *data_dir;
	const char *server_url;    /* NULL or "": the one stored at enrollment */
	const char *ca_file;       /* NULL or "": the system's CA store */
	const char *pinned_pubkey; /* NULL or "": no pin; else curl's "sha256//B64" */
	int stall_seconds;         /* 0: 30 s; a transfer this long without progress is cut */
	int batch;                 /* records per upload, 1..MQ_WIRE_MAX_RECORDS; 0: the most */
	bool allow_insecure_http;  /* plain http:// to a server that is not loopback (lab only) */
};

/** What the kiosk says, in Chinese (English in assets/po/en.po), when its
 *  server address is plain http:// to another machine: sync and enrollment
 *  refuse it (MQ_ERR_INSECURE) unless allow_insecure_http = true. */
#define MQ_SYNC_INSECURE_MESSAGE \
	"服务器地址必须以 https:// 开头（本机地址除外）。实验室测试可在 kiosk.ini 中设置 allow_insecure_http = true。"

/** The store setting that holds the id of a device the server revoked
 *  (a signed 401 "revoked"): the service screen says so while device.json
 *  still holds that id. */
#define MQ_SYNC_REVOKED_KEY "revoked_device"

/** The store setting where the kiosk's update module (app/update) keeps
 *  its state as a JSON object; every heartbeat carries it as "update". */
#define MQ_SYNC_UPDATE_REPORT_KEY "update_report"

/** Outcome of one round. */
struct mq_sync_report {
	enum mq_err err;           /* MQ_OK when every queued record was acknowledged */
	int pushed;                /* records acknowledged this round */
	int rejected;              /* records the server refused (invalid/conflict) */
	int queued;                /* records still waiting */
	int retry_after_s;         /* the server asked us to wait this long (0: not asked) */
	char error[256];           /* what went wrong, for the status and service screen */
};

/** Create a sync client; fails with MQ_ERR_CONFIG when the kiosk is not enrolled. */
enum mq_err mq_sync_create(const struct mq_sync_config *cfg, struct mq_sync **out) MQ_MUST_CHECK;

/** Destroy the client, stopping its thread first. NULL is a no-op. */
void mq_sync_destroy(struct mq_sync *sync);

/** One round: push every queued record (in batches), then pull the state. */
enum mq_err mq_sync_once(struct mq_sync *sync, struct mq_sync_report *report) MQ_MUST_CHECK;

/**
 * Run rounds on a background thread: after a kick, and otherwise on a timer
 * with backoff after failures. @p notify (may be NULL) is called from that
 * thread after every round, e.g. to wake the UI; it must not block.
 */
enum mq_err mq_sync_start(struct mq_sync *sync, void (*notify)(void *cls),
			  void *cls) MQ_MUST_CHECK;

/** Ask the background thread for a round now (e.g. a record was just filed). */
void mq_sync_kick(struct mq_sync *sync);

/** The last round's report, safe to call from any thread. */
void mq_sync_last(struct mq_sync *sync, struct mq_sync_report *out);

/**
 * Enroll this kiosk: POST /api/v1/enroll with the one-time @p code at
 * cfg->server_url, write DATA_DIR/device.json (0600). On failure @p err says
 * what a technician should do, and the result tells the kiosk's screen
 * which plain words to use: MQ_ERR_AUTH (the code is unknown or was used),
 * MQ_ERR_EXPIRED (it expired), MQ_ERR_LIMITED (too many attempts: wait),
 * MQ_ERR_CONFIG (not an http(s) URL), MQ_ERR_INSECURE (nothing sent: plain http:// to another
 * machine while cfg->allow_insecure_http is false; a screen shows
 * MQ_SYNC_INSECURE_MESSAGE),
 * MQ_ERR_TLS (certificate mismatch), MQ_ERR_OFFLINE (no network at all),
 * MQ_ERR_NETWORK (server unreachable), MQ_ERR_SERVER (trouble on the server,
 * or no minqing server there), or the store's error writing device.json.
 */
enum mq_err mq_sync_enroll(const struct mq_sync_config *cfg, const char *code, char *err,
			   size_t err_size) MQ_MUST_CHECK;

#endif
