/* h_console_member_post.c — POST /console/members/{key}: save a member's
 * sector, expertise, badge code and communities covered; with reset_pin, a
 * new random 6-digit check-in PIN, stored as an argon2id hash and shown
 * once. Audited with the record before and after (never the PIN). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

#define COMMUNITIES_MAX 32

struct member_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *key;
	struct mq_form *form;
	int64_t now;
	const char *pin_hash;        /* NULL: keep the PIN */
	char msg[160];
};

static bool got(void *cls, const struct mq_db_member_admin *m)
{
	*(json_t **)cls = json_pack("{s:s, s:s, s:s, s:s?, s:s}", "studio", m->m.studio, "sector",
				    m->m.sector, "expertise", m->m.expertise, "badge_code",
				    m->badge_code, "communities", m->communities);
	return false;
}

static enum mq_err member_cb(void *cls)
{
	struct member_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_form *f = tx->form;
	const char *comms[COMMUNITIES_MAX];
	size_t n = mq_form_all(f, "communities", comms, COMMUNITIES_MAX);
	struct mq_db_member m = { 0 };
	const char *sector = mq_form_text(f, "sector"), *expertise = mq_form_text(f, "expertise");
	const char *badge = mq_form_text(f, "badge_code");
	json_t *before = NULL, *after = NULL;
	enum mq_err err;

	err = db->members_admin_iterate(db->cls, mq_console_studio(tx->s), tx->key, got, &before);
	if (err == MQ_OK && !before)
		return MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		return err;
	if (!sector || mq_utf8_length(sector) > 60 || (expertise && mq_utf8_length(expertise) > 100) ||
	    (badge && strlen(badge) > 32)) {
		snprintf(tx->msg, sizeof tx->msg, "请填写界别（不超过60字）；专长不超过100字；胸卡编码不超过32个字符。");
		err = MQ_ERR_INVALID;
		goto out;
	}
	snprintf(m.key, sizeof m.key, "%s", tx->key);
	snprintf(m.sector, sizeof m.sector, "%s", sector);
	snprintf(m.expertise, sizeof m.expertise, "%s", expertise ? expertise : "");
	err = db->member_update(db->cls, &m, badge);
	if (err == MQ_ERR_CONFLICT) {
		snprintf(tx->msg, sizeof tx->msg, "这个胸卡编码已经分配给另一位委员。");
		err = MQ_ERR_INVALID;
	}
	if (err == MQ_OK) {
		err = db->member_communities_set(db->cls, tx->key,
						 json_string_value(json_object_get(before, "studio")),
						 comms, n);
		if (err == MQ_ERR_CONFLICT) {
			snprintf(tx->msg, sizeof tx->msg, "联系社区须属于本街道。");
			err = MQ_ERR_INVALID;
		}
	}
	if (err == MQ_OK && tx->pin_hash)
		err = db->member_pin_set(db->cls, tx->key, tx->pin_hash);
	if (err != MQ_OK)
		goto out;
	after = json_pack("{s:s, s:s, s:s?, s:i, s:b}", "sector", m.sector, "expertise",
			  m.expertise, "badge_code", badge, "communities", (int)n, "pin_reset",
			  tx->pin_hash != NULL);
	err = mq_console_audit(db, tx->s, tx->now, json_string_value(json_object_get(before, "studio")),
			       "member.update", tx->key, json_incref(before), after);
out:
	json_decref(before);
	return err;
}

void mq_h_console_member_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct member_tx tx = { .db = hc->srv->db, .s = &s, .key = hc->param, .form = &form,
				.now = hc->req->now };
	char pin[8], hash[MQ_DB_PWHASH_MAX];
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_console_can_edit(&s)) {
		mq_console_message(resp, 403, &s, "无权操作", "委员管理仅对街道委员小组和区管理员开放。");
		goto out;
	}
	if (mq_form_get(&form, "reset_pin")) {
		snprintf(pin, sizeof pin, "%06u", (unsigned)randombytes_uniform(1000000));
		if (!mq_console_password_hash(pin, hash)) {
			mq_console_message(resp, 503, &s, "暂时无法保存", "服务器内存不足，请稍后再试。");
			goto out;
		}
		tx.pin_hash = hash;
	}
	err = tx.db->run_tx(tx.db->cls, "member", member_cb, &tx);
	if (err == MQ_OK) {
		mq_log_info("console", "%s updated member %s%s", s.staff.username, hc->param,
			    tx.pin_hash ? " (PIN reset)" : "");
		mq_console_member_page(hc, resp, &s, hc->param, tx.pin_hash ? pin : NULL);
	} else if (err == MQ_ERR_INVALID) {
		mq_console_message(resp, 422, &s, "未能保存", tx.msg);
	} else if (err == MQ_ERR_NOT_FOUND) {
		mq_console_message(resp, 404, &s, "未找到", "没有这位委员，或您无权修改。");
	} else {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
	}
	sodium_memzero(pin, sizeof pin);
out:
	mq_form_finish(&form);
}
