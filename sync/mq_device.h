/* mq_device.h — the kiosk's credentials: DATA_DIR/device.json =
 * {"device_id","key":BASE64(32 bytes),"studio","server_url"} from
 * enrollment, DATA_DIR/badge.key (the studio's badge key), both mode 0600,
 * and the data directory's modes. */
#ifndef MQ_DEVICE_H
#define MQ_DEVICE_H

#include <jansson.h>
#include <stdbool.h>

#include "mq_badge.h"
#include "mq_error.h"
#include "mq_sig.h"

struct mq_device {
	char id[MQ_SIG_KEYID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
	char studio[64];
	char server_url[512];      /* where it enrolled; the config's server_url wins */
};

/** Read DATA_DIR/device.json. MQ_ERR_NOT_FOUND when the kiosk is not enrolled. */
enum mq_err mq_device_load(const char *data_dir, struct mq_device *out) MQ_MUST_CHECK;

/** Write DATA_DIR/device.json durably (temp file fsynced, rename, directory fsynced), mode 0600. */
enum mq_err mq_device_save(const char *data_dir, const struct mq_device *dev) MQ_MUST_CHECK;

/** Fill @p out from an enrollment answer {"device_id","key","studio"}. */
enum mq_err mq_device_from_json(const json_t *answer, const char *server_url,
				struct mq_device *out) MQ_MUST_CHECK;

/**
 * Read DATA_DIR/badge.key, the studio's badge key (mq_badge.h) the server
 * handed over in its signed state; kept apart from kiosk.db, so that a copy
 * of the database alone does not give the badge codes away to a guesser.
 * MQ_ERR_NOT_FOUND when there is none yet.
 */
enum mq_err mq_device_badge_key_load(const char *data_dir,
				     unsigned char key[MQ_BADGE_KEY_BYTES]) MQ_MUST_CHECK;

/** Write DATA_DIR/badge.key atomically, mode 0600. */
enum mq_err mq_device_badge_key_save(const char *data_dir,
				     const unsigned char key[MQ_BADGE_KEY_BYTES]) MQ_MUST_CHECK;

/**
 * Make DATA_DIR private to the kiosk's user: the directory 0700, and the
 * files it keeps there (kiosk.db with its -wal and -shm, kiosk.reserve,
 * device.json, badge.key) 0600 where they exist — also those an older
 * version left readable. Logs what it could not change; false then.
 */
bool mq_device_secure_dir(const char *data_dir);

#endif
