/* h_console_kiosks_post.c — POST /console/kiosks: make a one-time kiosk
 * enrollment code (action enroll_code) for the account's street, or (admins)
 * an Open311 API key (action open311_key). The secret is shown once on the
 * answer page and never stored in clear; both are audited. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_enroll.h"
#include "mq_log.h"

struct key_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *studio;
	const char *label;
	int64_t now;
	char key[64];
};

static enum mq_err key_cb(void *cls)
{
	struct key_tx *tx = cls;
	struct mq_db *db = tx->db;
	unsigned char raw[32], h[crypto_hash_sha256_BYTES];
	struct mq_db_device dev = { .created_at = tx->now };
	struct mq_db_open311_key k = { .created_at = tx->now };
	struct mq_db_studio studio;
	char hex[17];
	enum mq_err err;

	if ((err = db->studio_get(db->cls, tx->studio, &studio)) != MQ_OK)
		return err;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(tx->key, sizeof tx->key, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_hash_sha256(h, (const unsigned char *)tx->key, strlen(tx->key));
	sodium_bin2hex(k.key_hash, sizeof k.key_hash, h, sizeof h);
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
	return mq_console_audit(db, tx->s, tx->now, tx->studio, "open311.key_create", dev.id, NULL,
				json_pack("{s:s, s:s}", "studio", tx->studio, "label", tx->label));
}

struct code_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *studio;
	int64_t now;
	char code[MQ_ENROLL_CODE_SHOWN + 1];
};

static enum mq_err code_cb(void *cls)
{
	struct code_tx *tx = cls;
	enum mq_err err = mq_enroll_code_create(tx->db, tx->studio, tx->now, tx->code);

	if (err == MQ_OK)
		err = mq_console_audit(tx->db, tx->s, tx->now, tx->studio, "kiosk.enroll_code",
				       tx->studio, NULL, json_pack("{s:s}", "studio", tx->studio));
	return err;
}

void mq_h_console_kiosks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;
	const char *action, *studio;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_console_can_edit(&s)) {
		mq_console_message(resp, 403, &s, "无权操作", "终端管理仅对街道委员小组和区管理员开放。");
		goto out;
	}
	action = mq_form_get(&form, "action");
	studio = mq_console_studio(&s) ? mq_console_studio(&s) : mq_form_text(&form, "studio");
	if (!action || !studio || !mq_wire_is_key(studio)) {
		mq_console_message(resp, 422, &s, "未能生成", "请选择委员工作室。");
		goto out;
	}
	if (strcmp(action, "enroll_code") == 0) {
		struct code_tx tx = { .db = db, .s = &s, .studio = studio, .now = hc->req->now };
		err = db->run_tx(db->cls, "enroll_code", code_cb, &tx);
		if (err == MQ_OK)
			mq_console_kiosks_page(hc, resp, &s, tx.code, NULL);
		else if (err == MQ_ERR_NOT_FOUND)
			mq_console_message(resp, 422, &s, "未能生成", "没有这个委员工作室。");
		else
			mq_console_message(resp, 503, &s, "暂时无法生成", "数据库暂时没有响应，请稍后再试。");
	} else if (strcmp(action, "open311_key") == 0 && strcmp(s.staff.role, "admin") == 0) {
		struct key_tx tx = { .db = db, .s = &s, .studio = studio,
				     .label = mq_form_text(&form, "label"), .now = hc->req->now };
		if (!tx.label || mq_utf8_length(tx.label) > 60) {
			mq_console_message(resp, 422, &s, "未能生成", "请写明密钥的用途（不超过60字）。");
			goto out;
		}
		err = db->run_tx(db->cls, "open311_key", key_cb, &tx);
		if (err == MQ_OK)
			mq_console_kiosks_page(hc, resp, &s, NULL, tx.key);
		else if (err == MQ_ERR_NOT_FOUND)
			mq_console_message(resp, 422, &s, "未能生成", "没有这个委员工作室。");
		else
			mq_console_message(resp, 503, &s, "暂时无法生成", "数据库暂时没有响应，请稍后再试。");
		sodium_memzero(tx.key, sizeof tx.key);
	} else {
		mq_console_message(resp, 403, &s, "无权操作", "这个操作不存在或您无权执行。");
	}
out:
	mq_form_finish(&form);
}
