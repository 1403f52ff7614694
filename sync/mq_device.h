/* mq_device.h — the kiosk's enrollment credentials, DATA_DIR/device.json
 * = {"device_id","key":BASE64(32 bytes),"studio","server_url"}, mode 0600. */
#ifndef MQ_DEVICE_H
#define MQ_DEVICE_H

#include <jansson.h>

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

/** Write DATA_DIR/device.json atomically (temp file, fsync, rename), mode 0600. */
enum mq_err mq_device_save(const char *data_dir, const struct mq_device *dev) MQ_MUST_CHECK;

/** Fill @p out from an enrollment answer {"device_id","key","studio"}. */
enum mq_err mq_device_from_json(const json_t *answer, const char *server_url,
				struct mq_device *out) MQ_MUST_CHECK;

#endif
