/* kiosks_post.c — POST /console/kiosks: make a one-time kiosk
 * enrollment code (action enroll_code) for the account's street, or (admins)
 * an Open311 API key (action open311_key), whose secret is shown once on the
 * answer page and never stored in clear; or (admins) revoke a kiosk or an
 * Open311 key (action revoke, device, confirm=yes). All are audited. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_enroll.h"
#include "mq_log.h"

/* Answers what making a code or a key gave: the fleet page showing it once. */
static void made(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		 const struct mq_db_session *s, enum mq_err err, const char *code, const char *key)
{
	if (err == MQ_OK)
		mq_console_kiosks_page(hc, resp, s, code, key);
	else if (err == MQ_ERR_NOT_FOUND)
		mq_console_message(resp, 422, s, "未能生成", "没有这个委员工作室。");
	else
		mq_console_message(resp, 503, s, "暂时无法生成", "数据库暂时没有响应，请稍后再试。");
}

/* Revokes the device the form names (admins only; the form must confirm). */
static void revoke(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		   const struct mq_db_session *s, struct mq_form *form)
{
	const char *device = mq_form_text(form, "device"), *confirm = mq_form_get(form, "confirm");
	enum mq_err err;

	if (!mq_account_is_admin(&s->staff)) {
		mq_console_message(resp, 403, s, "无权操作", "停用终端和密钥仅对区管理员开放。");
		return;
	}
	if (!device || !confirm || strcmp(confirm, "yes") != 0) {
		mq_console_message(resp, 422, s, "未停用", "请勾选“确认停用”后再提交。");
		return;
	}
	err = mq_enroll_revoke(hc->srv->db, &s->staff, device, hc->req->now);
	if (err == MQ_OK || err == MQ_ERR_CONFLICT)
		mq_http_reply_redirect(resp, "/console/kiosks");
	else if (err == MQ_ERR_NOT_FOUND)
		mq_console_message(resp, 404, s, "未找到", "没有这台终端或这个密钥。");
	else
		mq_console_message(resp, 503, s, "暂时无法停用", "数据库暂时没有响应，请稍后再试。");
}

void mq_console_kiosks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;
	const char *action, *studio, *label;
	char code[MQ_ENROLL_CODE_SHOWN + 1], key[MQ_ENROLL_KEY_MAX];

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_account_can_edit(&s.staff)) {
		mq_console_message(resp, 403, &s, "无权操作", "终端管理仅对街道委员小组和区管理员开放。");
		goto out;
	}
	action = mq_form_get(&form, "action");
	if (action && strcmp(action, "revoke") == 0) {
		revoke(hc, resp, &s, &form);
		goto out;
	}
	studio = mq_account_studio(&s.staff) ? mq_account_studio(&s.staff)
					     : mq_form_text(&form, "studio");
	if (!action || !studio || !mq_wire_is_key(studio)) {
		mq_console_message(resp, 422, &s, "未能生成", "请选择委员工作室。");
		goto out;
	}
	if (strcmp(action, "enroll_code") == 0) {
		made(hc, resp, &s, mq_enroll_code_issue(db, &s.staff, studio, hc->req->now, code),
		     code, NULL);
	} else if (strcmp(action, "open311_key") == 0 && mq_account_is_admin(&s.staff)) {
		label = mq_form_text(&form, "label");
		if (!label || mq_utf8_length(label) > 60) {
			mq_console_message(resp, 422, &s, "未能生成", "请写明密钥的用途（不超过60字）。");
			goto out;
		}
		made(hc, resp, &s, mq_enroll_open311_key(db, &s.staff, studio, label, hc->req->now,
							 key), NULL, key);
		sodium_memzero(key, sizeof key);
	} else {
		mq_console_message(resp, 403, &s, "无权操作", "这个操作不存在或您无权执行。");
	}
out:
	mq_form_finish(&form);
}
