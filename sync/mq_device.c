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

#include "mq_file.h"
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

/* Writes @p len bytes of @p text to DATA_DIR/@p name durably (mq_file.h:
 * temp file fsynced, renamed, directory fsynced), mode 0600: a power cut
 * right after enrolling must not lose the enrollment. */
static enum mq_err write_private(const char *data_dir, const char *name, const char *text,
				 size_t len)
{
	char path[4096];

	device_path(data_dir, name, path, sizeof path);
	return mq_file_write_durable(path, text, len, 0600, "device");
}

enum mq_err mq_device_save(const char *data_dir, const struct mq_device *dev)
{
	char key[sodium_base64_ENCODED_LEN(MQ_SIG_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	json_t *doc;
	char *text;
	size_t len;
	enum mq_err err;

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
	text[len] = '\n';   /* the NUL's place holds the closing line feed */
	err = write_private(data_dir, "device.json", text, len + 1);
	sodium_memzero(text, len + 1);
	free(text);
	return err;
}

enum mq_err mq_device_badge_key_load(const char *data_dir, unsigned char key[MQ_BADGE_KEY_BYTES])
{
	char path[4096], b64[64];
	size_t n = 0;
	FILE *f;
	bool ok;

	device_path(data_dir, "badge.key", path, sizeof path);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? MQ_ERR_NOT_FOUND : MQ_ERR_IO;
	ok = fgets(b64, sizeof b64, f) != NULL;
	fclose(f);
	if (ok) {
		b64[strcspn(b64, "\r\n")] = '\0';
		ok = sodium_base642bin(key, MQ_BADGE_KEY_BYTES, b64, strlen(b64), NULL, &n, NULL,
				       sodium_base64_VARIANT_ORIGINAL) == 0 &&
		     n == MQ_BADGE_KEY_BYTES;
	}
	sodium_memzero(b64, sizeof b64);
	if (!ok) {
		mq_log_error("device", "%s is malformed: the next sync replaces it", path);
		return MQ_ERR_CONFIG;
	}
	return MQ_OK;
}

enum mq_err mq_device_badge_key_save(const char *data_dir,
				     const unsigned char key[MQ_BADGE_KEY_BYTES])
{
	char b64[sodium_base64_ENCODED_LEN(MQ_BADGE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL) + 1];
	size_t n;
	enum mq_err err;

	sodium_bin2base64(b64, sizeof b64 - 1, key, MQ_BADGE_KEY_BYTES,
			  sodium_base64_VARIANT_ORIGINAL);
	n = strlen(b64);
	b64[n] = '\n';
	err = write_private(data_dir, "badge.key", b64, n + 1);
	sodium_memzero(b64, sizeof b64);
	if (err == MQ_OK)
		mq_log_info("device", "the studio's badge key is stored");
	return err;
}

bool mq_device_secure_dir(const char *data_dir)
{
	static const char *const files[] = {
		"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.db-journal", "kiosk.reserve",
		"device.json", "badge.key",
	};
	char path[4096];
	struct stat st;
	bool ok = true;

	if (chmod(data_dir, 0700) != 0) {
		mq_log_error("device", "cannot make %s private (0700): %s", data_dir,
			     strerror(errno));
		ok = false;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		device_path(data_dir, files[i], path, sizeof path);
		if (stat(path, &st) != 0 || (st.st_mode & 0777) == 0600)
			continue;
		if (chmod(path, 0600) != 0) {
			mq_log_error("device", "cannot make %s private (0600): %s", path,
				     strerror(errno));
			ok = false;
		} else {
			mq_log_warn("device", "%s was mode %03o: now 0600", path,
				    (unsigned int)(st.st_mode & 0777));
		}
	}
	return ok;
}
