/* enroll.c — clients' credentials (mq_enroll.h): one-time enrollment codes
 * made, read and traded for a device, and Open311 API keys. */
#include "mq_enroll.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_audit.h"
#include "mq_digest.h"
#include "mq_log.h"
#include "mq_time.h"

/* The codes' alphabet, shared with the kiosk's keypad (mq_wire.h). */
static const char alphabet[] = MQ_WIRE_ENROLL_ALPHABET;

enum mq_err mq_enroll_code_create(struct mq_db *db, const char *studio, int64_t now,
				  char out[MQ_ENROLL_CODE_SHOWN + 1])
{
	struct mq_db_studio s;
	char until[32];
	struct mq_db_enroll_code code = { .created_at = now,
					  .expires_at = now + MQ_ENROLL_CODE_TTL_S };
	enum mq_err err;

	if (!mq_wire_is_key(studio))
		return MQ_ERR_NOT_FOUND;
	err = db->studio_get(db->cls, studio, &s);
	if (err != MQ_OK)
		return err;
	snprintf(code.studio, sizeof code.studio, "%s", studio);
	/* A collision among live codes is astronomically unlikely; retry anyway. */
	for (int attempt = 0; attempt < 3; attempt++) {
		for (int i = 0; i < MQ_ENROLL_CODE_CHARS; i++)
			code.code[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		code.code[MQ_ENROLL_CODE_CHARS] = '\0';
		err = db->enroll_code_insert(db->cls, &code);
		if (err == MQ_ERR_CONFLICT)
			continue;
		if (err != MQ_OK)
			return err;
		mq_wire_enroll_code_show(code.code, out);
		/* the technician reads the log: a time of the district's day, not a count */
		mq_time_format_shanghai(code.expires_at, "%Y-%m-%d %H:%M:%S", until, sizeof until);
		mq_log_info("enroll", "new enrollment code for studio %s, valid until %s "
			    "(Asia/Shanghai)", studio, until);
		return MQ_OK;
	}
	return MQ_ERR_DB;
}

/* ---- trading a code for a device ----------------------------------------- */

struct enroll_tx {
	struct mq_db *db;
	const char *code;
	int64_t now;
	struct mq_db_device *dev;
	enum mq_enroll_outcome outcome;
};

static enum mq_err enroll_cb(void *cls)
{
	struct enroll_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_enroll_code code;
	char hex[17];
	enum mq_err err;

	err = db->enroll_code_get(db->cls, tx->code, &code);
	if (err == MQ_ERR_NOT_FOUND) {
		tx->outcome = MQ_ENROLL_UNKNOWN_CODE;
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	if (code.used_at) {
		tx->outcome = MQ_ENROLL_USED_CODE;
		return MQ_OK;
	}
	if (tx->now >= code.expires_at) {
		tx->outcome = MQ_ENROLL_EXPIRED_CODE;
		return MQ_OK;
	}
	err = db->enroll_code_use(db->cls, tx->code, tx->now);
	if (err == MQ_ERR_CONFLICT) {
		tx->outcome = MQ_ENROLL_USED_CODE;
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	memset(tx->dev, 0, sizeof *tx->dev);
	mq_id_random_hex(hex, 8);
	snprintf(tx->dev->id, sizeof tx->dev->id, "kiosk-%s-%s", code.studio, hex);
	randombytes_buf(tx->dev->key, sizeof tx->dev->key);
	snprintf(tx->dev->studio, sizeof tx->dev->studio, "%s", code.studio);
	tx->dev->created_at = tx->now;
	err = db->device_insert(db->cls, tx->dev);
	if (err != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	tx->outcome = MQ_ENROLLED;
	return MQ_OK;
}

const struct mq_throttle_policy mq_enroll_throttle = {
	.purpose = "enroll", .free = 10, .base_s = 2, .cap_s = 3600, .forget_s = 86400,
};

enum mq_err mq_enroll_device(struct mq_db *db, const char *code, int64_t now,
			     enum mq_enroll_outcome *outcome, struct mq_db_device *dev)
{
	struct enroll_tx tx = { .db = db, .code = code, .now = now, .dev = dev };
	enum mq_err err = db->run_tx(db->cls, "enroll", enroll_cb, &tx);

	*outcome = tx.outcome;
	return err;
}

/* ---- made in the console ------------------------------------------------- */

struct issue_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *studio;
	const char *label;
	int64_t now;
	char *out;                   /* the code or the key */
};

static enum mq_err code_cb(void *cls)
{
	struct issue_tx *tx = cls;
	enum mq_err err = mq_enroll_code_create(tx->db, tx->studio, tx->now, tx->out);

	if (err == MQ_OK)
		err = mq_audit(tx->db, tx->who, tx->now, tx->studio, "kiosk.enroll_code", tx->studio,
			       NULL, json_pack("{s:s}", "studio", tx->studio));
	return err;
}

enum mq_err mq_enroll_code_issue(struct mq_db *db, const struct mq_db_staff *who,
				 const char *studio, int64_t now,
				 char out[MQ_ENROLL_CODE_SHOWN + 1])
{
	struct issue_tx tx = { .db = db, .who = who, .studio = studio, .now = now, .out = out };

	return db->run_tx(db->cls, "enroll_code", code_cb, &tx);
}

static enum mq_err key_cb(void *cls)
{
	struct issue_tx *tx = cls;
	struct mq_db *db = tx->db;
	unsigned char raw[32];
	struct mq_db_device dev = { .created_at = tx->now };
	struct mq_db_open311_key k = { .created_at = tx->now };
	struct mq_db_studio studio;
	char hex[17];
	enum mq_err err;

	if ((err = db->studio_get(db->cls, tx->studio, &studio)) != MQ_OK)
		return err;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(tx->out, MQ_ENROLL_KEY_MAX, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	mq_digest_text(tx->out, k.key_hash);
	mq_id_random_hex(hex, 8);
	snprintf(dev.id, sizeof dev.id, "open311-%s-%s", tx->studio, hex);
	randombytes_buf(dev.key, sizeof dev.key);   /* never handed out: nobody signs with it */
	snprintf(dev.studio, sizeof dev.studio, "%s", tx->studio);
	snprintf(k.studio, sizeof k.studio, "%s", tx->studio);
	snprintf(k.device, sizeof k.device, "%s", dev.id);
	snprintf(k.label, sizeof k.label, "%s", tx->label);
	if ((err = db->device_insert(db->cls, &dev)) != MQ_OK ||
	    (err = db->open311_key_insert(db->cls, &k)) != MQ_OK)
		return err;
	return mq_audit(db, tx->who, tx->now, tx->studio, "open311.key_create", dev.id, NULL,
			json_pack("{s:s, s:s}", "studio", tx->studio, "label", tx->label));
}

enum mq_err mq_enroll_open311_key(struct mq_db *db, const struct mq_db_staff *who,
				  const char *studio, const char *label, int64_t now,
				  char key[MQ_ENROLL_KEY_MAX])
{
	struct issue_tx tx = { .db = db, .who = who, .studio = studio, .label = label,
			       .now = now, .out = key };

	return db->run_tx(db->cls, "open311_key", key_cb, &tx);
}

/* ---- the badge keys ------------------------------------------------------ */

enum mq_err mq_enroll_badge_key(struct mq_db *db, const char *studio,
				unsigned char key[MQ_BADGE_KEY_BYTES])
{
	unsigned char fresh[32], master[32];
	crypto_auth_hmacsha256_state st;
	enum mq_err err;

	err = db->secret_get(db->cls, "badge", NULL, master);
	if (err == MQ_ERR_NOT_FOUND) {
		/* the first pull ever: make the secret (a racing maker's may win) */
		randombytes_buf(fresh, sizeof fresh);
		err = db->secret_get(db->cls, "badge", fresh, master);
		sodium_memzero(fresh, sizeof fresh);
	}
	if (err != MQ_OK)
		return err;
	crypto_auth_hmacsha256_init(&st, master, sizeof master);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"minqing badge key\n", 18);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)studio, strlen(studio));
	crypto_auth_hmacsha256_final(&st, key);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(master, sizeof master);
	return MQ_OK;
}

/* ---- revocation ---------------------------------------------------------- */

bool mq_enroll_is_open311_device(const char *device)
{
	return strncmp(device, "open311-", 8) == 0;
}

struct revoke_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *device;
	int64_t now;
};

static enum mq_err revoke_cb(void *cls)
{
	struct revoke_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_device dev;
	enum mq_err err = db->device_get(db->cls, tx->device, &dev);

	sodium_memzero(dev.key, sizeof dev.key);
	if (err == MQ_OK && dev.revoked_at)
		err = MQ_ERR_CONFLICT;
	if (err == MQ_OK)
		err = db->device_revoke(db->cls, tx->device, tx->now);
	if (err != MQ_OK)
		return err;
	return mq_audit(db, tx->who, tx->now, dev.studio,
			mq_enroll_is_open311_device(tx->device) ? "open311.key_revoke"
								: "kiosk.revoke",
			tx->device, NULL, json_pack("{s:s}", "studio", dev.studio));
}

enum mq_err mq_enroll_revoke(struct mq_db *db, const struct mq_db_staff *who,
			     const char *device, int64_t now)
{
	static const struct mq_db_staff cli = { .username = "cli", .role = MQ_ROLE_ADMIN };
	struct revoke_tx tx = { .db = db, .who = who ? who : &cli, .device = device, .now = now };
	enum mq_err err;

	if (!device || !*device || strlen(device) > MQ_DB_DEVICE_ID_MAX)
		return MQ_ERR_NOT_FOUND;
	err = db->run_tx(db->cls, "revoke", revoke_cb, &tx);
	if (err == MQ_OK)
		mq_log_warn("enroll", "device %s revoked by %s", device, tx.who->username);
	return err;
}
