/* kiosks_post.c — POST /console/kiosks: make a one-time kiosk enrollment
 * code (action enroll_code) for the account's street, or (admins) a
 * technician PIN for every studio or one (service_pin; service_pin_clear
 * drops a studio's own), or an Open311 API key (open311_key), or revoke a
 * kiosk or an Open311 key (revoke, device, confirm=yes). Secrets are shown
 * once on the answer page and never stored in clear; all is audited. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_enroll.h"
#include "mq_log.h"
#include "mq_service_pin.h"

/* Answers what making something gave: the fleet page showing it once, or
 * why not (@p not_found: what MQ_ERR_NOT_FOUND means here). */
static void made(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		 const struct mq_db_session *s, enum mq_err err,
		 const struct mq_console_kiosks_made *what, const char *not_found)
{
	if (err == MQ_OK)
		mq_console_kiosks_page(hc, resp, s, what);
	else if (err == MQ_ERR_NOT_FOUND)
		mq_console_message(resp, 422, s, "未能完成", not_found);
	else if (err == MQ_ERR_AUTH)
		mq_console_message(resp, 403, s, "无权操作", "维护密码只能由区管理员设置。");
	else
		mq_console_message(resp, 503, s, "暂时无法完成", "数据库暂时没有响应，请稍后再试。");
}

/* service_pin / service_pin_clear: the scope is "" (every studio) or a studio. */
static void service_pin(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			const struct mq_db_session *s, struct mq_form *form, bool clear)
{
	struct mq_db *db = hc->srv->db;
	const char *scope = mq_form_text(form, "scope");
	char pin[MQ_SERVICE_PIN_DIGITS + 1];
	struct mq_console_kiosks_made what = { 0 };

	if (!scope || !*scope)
		scope = MQ_DB_SERVICE_PIN_ALL;
	if (clear) {
		what.notice = "已删除这个工作室单独的维护密码：它的终端下次同步后改用全区的维护密码。";
		made(hc, resp, s, mq_service_pin_clear(db, &s->staff, scope, hc->req->now), &what,
		     "这个委员工作室没有单独的维护密码。");
		return;
	}
	what.pin = pin;
	what.pin_scope = scope;
	made(hc, resp, s, mq_service_pin_issue(db, &s->staff, scope, hc->req->now, pin), &what,
	     "没有这个委员工作室。");
	sodium_memzero(pin, sizeof pin);
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
	if (action && (strcmp(action, "service_pin") == 0 ||
		       strcmp(action, "service_pin_clear") == 0)) {
		service_pin(hc, resp, &s, &form, strcmp(action, "service_pin_clear") == 0);
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
		     &(struct mq_console_kiosks_made){ .code = code }, "没有这个委员工作室。");
	} else if (strcmp(action, "open311_key") == 0 && mq_account_is_admin(&s.staff)) {
		label = mq_form_text(&form, "label");
		if (!label || mq_utf8_length(label) > 60) {
			mq_console_message(resp, 422, &s, "未能生成", "请写明密钥的用途（不超过60字）。");
			goto out;
		}
		made(hc, resp, &s, mq_enroll_open311_key(db, &s.staff, studio, label, hc->req->now,
							 key),
		     &(struct mq_console_kiosks_made){ .key = key }, "没有这个委员工作室。");
		sodium_memzero(key, sizeof key);
	} else {
		mq_console_message(resp, 403, &s, "无权操作", "这个操作不存在或您无权执行。");
	}
out:
	mq_form_finish(&form);
}
