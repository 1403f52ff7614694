/* staff_post.c — POST /console/staff (district admins only): with
 * action create, a new account (user name, role, its street or member, an
 * initial password typed twice); password, a new password for an account,
 * ending its sessions; disable / enable, an account locked out (its
 * sessions end; an admin cannot disable itself) or let in again. The form
 * is checked here; mq_account_staff_change does it, audited. Success
 * redirects to the list; a refusal answers 422 saying why. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"

/* The form's action, parsed once. */
static bool action_of(const char *key, enum mq_staff_action *out)
{
	static const char *const keys[] = { "create", "password", "disable", "enable" };
	static const enum mq_staff_action actions[] = { MQ_STAFF_CREATE, MQ_STAFF_PASSWORD,
							MQ_STAFF_DISABLE, MQ_STAFF_ENABLE };

	for (size_t i = 0; key && i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(key, keys[i]) == 0) {
			*out = actions[i];
			return true;
		}
	}
	return false;
}

/* Reads the create form into @p st; false with @p msg when it is wrong. */
static bool read_account(struct mq_form *f, struct mq_db_staff *st, char *msg, size_t size)
{
	const char *studio = mq_form_text(f, "studio"), *member = mq_form_text(f, "member");
	enum mq_role role;
	bool street, mem;

	if (!mq_role_parse(mq_form_text(f, "role"), &role)) {
		snprintf(msg, size, "请选择角色。");
		return false;
	}
	street = role == MQ_ROLE_STREET || role == MQ_ROLE_LIAISON;
	mem = role == MQ_ROLE_MEMBER;
	if (street != (studio != NULL) || mem != (member != NULL)) {
		snprintf(msg, size, "街道委员小组和民情联络员账号须选所属街道，委员账号须选对应委员；"
			 "其他角色两项都选“不适用”。");
		return false;
	}
	if ((studio && !mq_wire_is_key(studio)) || (member && !mq_wire_is_key(member))) {
		snprintf(msg, size, "所选街道或委员不存在。");
		return false;
	}
	st->role = role;
	snprintf(st->studio, sizeof st->studio, "%s", studio ? studio : "");
	snprintf(st->member, sizeof st->member, "%s", member ? member : "");
	return true;
}

/* Checks what the form asks of @p s's admin before any storage and fills
 * @p in: false with @p msg when it cannot be done; the new password hashed. */
static bool check(const struct mq_db_session *s, struct mq_form *f, const char *user,
		  struct mq_staff_change *in, char *msg, size_t size)
{
	bool create = in->action == MQ_STAFF_CREATE;

	if (!user || !mq_account_username_ok(user)) {
		snprintf(msg, size, "用户名须为1至%d个小写字母、数字或 _ . -。", MQ_DB_USER_MAX);
		return false;
	}
	if (in->action == MQ_STAFF_DISABLE && strcmp(user, s->staff.username) == 0) {
		snprintf(msg, size, "不能停用自己正在使用的账号。");
		return false;
	}
	if (create && !read_account(f, &in->account, msg, size))
		return false;
	if (create || in->action == MQ_STAFF_PASSWORD)
		return mq_console_new_password(f, in->account.pw_hash, msg, size);
	return true;
}

void mq_console_staff_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_staff_change in = { .account.created_at = hc->req->now };
	const char *action, *user;
	char msg[200] = "";
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form) || !mq_console_admin_only(&s, resp))
		goto out;
	action = mq_form_text(&form, "action");
	user = mq_form_text(&form, "username");
	if (!action_of(action, &in.action)) {
		mq_console_message(resp, 400, &s, "无法处理", "不认识这个操作，请返回账号页面重试。");
		goto out;
	}
	if (!check(&s, &form, user, &in, msg, sizeof msg)) {
		mq_console_message(resp, 422, &s, "未能保存", msg);
		goto out;
	}
	snprintf(in.account.username, sizeof in.account.username, "%s", user);
	err = mq_account_staff_change(hc->srv->db, &s.staff, &in, hc->req->now, msg, sizeof msg);
	if (err == MQ_OK)
		mq_log_info("console", "%s: staff %s %s", s.staff.username, action, user);
	mq_console_save_reply(resp, &s, err, "/console/staff?ok=1", msg, "没有这个账号。",
			      "账号管理仅对区管理员开放。");
out:
	sodium_memzero(in.account.pw_hash, sizeof in.account.pw_hash);
	mq_form_finish(&form);
}
