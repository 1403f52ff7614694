/* member_post.c — POST /console/members/{key}: save a member's
 * sector, expertise, badge code and communities covered; with reset_pin, a
 * new random 6-digit check-in PIN, stored as an argon2id hash and shown
 * once. Audited with the record before and after (never the PIN). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"
#include "mq_member.h"

void mq_console_member_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_member_update_in in = { .key = hc->param };
	const char *comms[MQ_MEMBER_COMMUNITIES_MAX];
	char pin[8], hash[MQ_DB_PWHASH_MAX], msg[160] = "";
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_account_can_edit(&s.staff)) {
		mq_console_message(resp, 403, &s, "无权操作", "委员管理仅对街道委员小组和区管理员开放。");
		goto out;
	}
	if (mq_form_get(&form, "reset_pin")) {
		snprintf(pin, sizeof pin, "%06u", (unsigned)randombytes_uniform(1000000));
		if (!mq_account_password_hash(pin, hash)) {
			mq_console_message(resp, 503, &s, "暂时无法保存", "服务器内存不足，请稍后再试。");
			goto out;
		}
		in.pin_hash = hash;
	}
	in.sector = mq_form_text(&form, "sector");
	in.expertise = mq_form_text(&form, "expertise");
	in.badge_code = mq_form_text(&form, "badge_code");
	in.n_communities = mq_form_all(&form, "communities", comms, MQ_MEMBER_COMMUNITIES_MAX);
	in.communities = comms;
	err = mq_member_update(hc->srv->db, &s.staff, &in, hc->req->now, msg, sizeof msg);
	if (err == MQ_OK) {
		mq_log_info("console", "%s updated member %s%s", s.staff.username, hc->param,
			    in.pin_hash ? " (PIN reset)" : "");
		mq_console_member_page(hc, resp, &s, hc->param, in.pin_hash ? pin : NULL);
	} else if (err == MQ_ERR_INVALID) {
		mq_console_message(resp, 422, &s, "未能保存", msg);
	} else if (err == MQ_ERR_NOT_FOUND) {
		mq_console_message(resp, 404, &s, "未找到", "没有这位委员，或您无权修改。");
	} else {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
	}
	sodium_memzero(pin, sizeof pin);
out:
	mq_form_finish(&form);
}
