/* mq_device.c — device.json read and written with jansson; the key never logged. */
#include "mq_device.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_log.h"

enum mq_err mq_device_from_json(const json_t *answer, const char *server_url,
				struct mq_device *out)
{
	const char *id = json_string_value(json_object_get(answer, "device_id"));
	const char *key = json_string_value(json_object_get(answer, "key"));
	const char *studio = json_string_value(json_object_get(answer, "studio"));
	size_t key_len = 0;

	memset(out, 0, sizeof *out);
	if (!id || !key || !studio || !*id || strlen(id) > MQ_SIG_KEYID_MAX ||
	    strlen(studio) >= sizeof out->studio)
		return MQ_ERR_INVALID;
	if (sodium_base642bin(out->key, sizeof out->key, key, strlen(key), NULL, &key_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    key_len != sizeof out->key)
		return MQ_ERR_INVALID;
	snprintf(out->id, sizeof out->id, "%s", id);
	snprintf(out->studio, sizeof out->studio, "%s", studio);
	snprintf(out->server_url, sizeof out->server_url, "%s", server_url ? server_url : "");
	return MQ_OK;
}

static void device_path(const char *data_dir, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", data_dir, name);
}

enum mq_err mq_device_load(const char *data_dir, struct mq_device *out)
{
	char path[4096];
	json_error_t jerr;
	json_t *doc;
	enum mq_err err;

	device_path(data_dir, "device.json", path, sizeof path);
	doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		if (access(path, F_OK) != 0)
			return MQ_ERR_NOT_FOUND;
		mq_log_error("device", "%s is unreadable (%s, line %d): enroll the kiosk again",
			     path, jerr.text, jerr.line);
		return MQ_ERR_CONFIG;
	}
	err = mq_device_from_json(doc, json_string_value(json_object_get(doc, "server_url")),
				  out);
	json_decref(doc);
	if (err != MQ_OK)
		mq_log_error("device", "%s lacks device_id/key/studio: enroll the kiosk again",
			     path);
	return err == MQ_OK ? MQ_OK : MQ_ERR_CONFIG;
}

enum mq_err mq_device_save(const char *data_dir, const struct mq_device *dev)
{
	char path[4096], tmp[4096];
	char key[sodium_base64_ENCODED_LEN(MQ_SIG_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	json_t *doc;
	char *text;
	int fd;
	size_t len;
	enum mq_err err = MQ_ERR_IO;

	sodium_bin2base64(key, sizeof key, dev->key, sizeof dev->key,
			  sodium_base64_VARIANT_ORIGINAL);
	doc = json_pack("{s:s, s:s, s:s, s:s}", "device_id", dev->id, "key", key, "studio",
			dev->studio, "server_url", dev->server_url);
	sodium_memzero(key, sizeof key);
	text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	json_decref(doc);
	if (!text)
		return MQ_ERR_NOMEM;
	len = strlen(text);

	device_path(data_dir, "device.json", path, sizeof path);
	device_path(data_dir, ".device.json.tmp", tmp, sizeof tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		mq_log_error("device", "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
		err = errno == ENOSPC ? MQ_ERR_DISK_FULL : MQ_ERR_IO;
		mq_log_error("device", "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		mq_log_error("device", "cannot rename %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	chmod(path, 0600);
	err = MQ_OK;
out:
	sodium_memzero(text, len);
	free(text);
	return err;
}
