/* updates_post.c — the actions of 系统更新 (admins): POST
 * /console/kiosks/updates starts a rollout (action rollout, bundle,
 * target "device:ID" | "street:KEY" | "all:") or pauses, resumes or
 * withdraws one (action pause | resume | withdraw, rollout); POST
 * /console/kiosks/updates/bundle takes an uploaded bundle (a multipart
 * form the adapter streamed to disk, mq_http.h MQ_ROUTE_UPLOAD) and keeps
 * it if RAUC verifies it against the district's keyring (mq_update.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_update.h"

#define BACK "/console/kiosks/updates?ok=1"

/* A positive integer form field, or 0. */
static int64_t form_id(struct mq_form *form, const char *name)
{
	const char *v = mq_form_text(form, name);
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;

	return v && *v && !*end && n > 0 ? n : 0;
}

/* "device:ID" / "street:KEY" / "all:" into @p in; false when malformed. */
static bool parse_target(const char *v, struct mq_update_rollout_in *in)
{
	const char *colon = v ? strchr(v, ':') : NULL;
	char scope[8];

	if (!colon || (size_t)(colon - v) >= sizeof scope)
		return false;
	memcpy(scope, v, (size_t)(colon - v));
	scope[colon - v] = '\0';
	in->target = colon + 1;
	return mq_db_rollout_scope_parse(scope, &in->scope) &&
	       (in->scope == MQ_ROLLOUT_ALL || *in->target);
}

void mq_console_updates_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_update_rollout_in in = { 0 };
	enum mq_db_rollout_state state;
	const char *action;
	int64_t id;
	enum mq_err err = MQ_ERR_INVALID;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_console_admin_only(&s, resp))
		goto out;
	action = mq_form_text(&form, "action");
	if (action && strcmp(action, "rollout") == 0) {
		in.bundle = form_id(&form, "bundle");
		if (parse_target(mq_form_text(&form, "target"), &in))
			err = mq_update_rollout_start(hc->srv->db, &s.staff, &in, hc->req->now, &id);
		mq_console_save_reply(resp, &s, err, BACK, "请选择推送给哪台终端、哪个街道或全部终端。",
				      "没有这个更新包、终端或街道。", "只有区管理员可以推送更新。");
		goto out;
	}
	if (action && !strcmp(action, "pause"))
		state = MQ_ROLLOUT_PAUSED;
	else if (action && !strcmp(action, "resume"))
		state = MQ_ROLLOUT_ACTIVE;
	else if (action && !strcmp(action, "withdraw"))
		state = MQ_ROLLOUT_WITHDRAWN;
	else {
		mq_console_message(resp, 422, &s, "未能完成", "这个操作不存在。");
		goto out;
	}
	err = mq_update_rollout_set(hc->srv->db, &s.staff, form_id(&form, "rollout"), state,
				    hc->req->now);
	mq_console_save_reply(resp, &s, err, BACK, "", "没有这次推送，或它已撤回（撤回后不能恢复）。",
			      "只有区管理员可以管理更新。");
out:
	mq_form_finish(&form);
}

void mq_console_updates_bundle_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	const struct mq_server *srv = hc->srv;
	struct mq_update_store st = { srv->bundle_dir, srv->update_keyring,
				      srv->update_compatible };
	struct mq_db_session s;
	struct mq_form form;
	struct mq_db_bundle b;
	char why[600], text[800];
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form) || !mq_console_admin_only(&s, resp))
		goto out;
	if (!srv->bundle_dir) {
		mq_console_message(resp, 409, &s, "系统更新未开启", "服务器没有设置更新包目录（bundle_dir）。");
		goto out;
	}
	if (hc->req->upload_too_big) {
		snprintf(text, sizeof text, "更新包超过 %lld MB 的上限，或服务器无法保存它。",
			 (long long)(srv->bundle_max_bytes >> 20));
		mq_console_message(resp, 413, &s, "未能上传", text);
		goto out;
	}
	if (!hc->req->upload_path || hc->req->upload_len == 0) {
		mq_console_message(resp, 422, &s, "未能上传", "请选择一个更新包文件（.raucb）。");
		goto out;
	}
	err = mq_update_bundle_add(srv->db, &s.staff, &st, hc->req->upload_path, hc->req->now, &b,
				   why, sizeof why);
	if (err == MQ_OK || err == MQ_ERR_CONFLICT) {
		snprintf(text, sizeof text, "%s版本 %s，兼容标识 %s，%.1f MB，签名校验通过。",
			 err == MQ_OK ? "已上传：" : "这个更新包已经上传过：", b.version, b.compatible,
			 (double)b.size / (1024.0 * 1024));
		mq_console_message(resp, 200, &s, "更新包已校验", text);
	} else if (err == MQ_ERR_INVALID || err == MQ_ERR_IO) {
		mq_console_message(resp, 422, &s, "更新包已拒收", why);
	} else {
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
	}
out:
	mq_form_finish(&form);
}
