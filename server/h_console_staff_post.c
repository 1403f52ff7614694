/* h_console_staff_post.c — POST /console/staff (district admins only): with
 * action create, a new account (user name, role, its street or member, an
 * initial password typed twice); password, a new password for an account,
 * ending its sessions; disable / enable, an account locked out (its
 * sessions end; an admin cannot disable itself) or let in again. Each is
 * one transaction with its audit entry, which never holds a password or
 * hash. Success redirects to the list; a refusal answers 422 saying why. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

struct staff_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	int64_t now;
	const char *action;          /* create | password | disable | enable */
	struct mq_db_staff st;       /* create: the new account; else: user name */
	char msg[200];
};

static bool member_found(void *cls, const struct mq_db_member_admin *m)
{
	(void)m;
	*(bool *)cls = true;
	return false;
}

/* The account's scope as audit JSON: role, street, member. */
static json_t *scope_json(const struct mq_db_staff *st)
{
	return json_pack("{s:s, s:s?, s:s?, s:b}", "role", st->role,
			 "studio", st->studio[0] ? st->studio : NULL,
			 "member", st->member[0] ? st->member : NULL, "disabled", st->disabled);
}

/* A new account: its street or member must exist, its name be free. */
static enum mq_err create(struct staff_tx *tx)
{
	struct mq_db *db = tx->db;
	struct mq_db_studio studio;
	bool found = false;
	enum mq_err err;

	if (tx->st.studio[0]) {
		err = db->studio_get(db->cls, tx->st.studio, &studio);
		if (err == MQ_ERR_NOT_FOUND)
			snprintf(tx->msg, sizeof tx->msg, "没有这个街道委员工作室。");
		if (err != MQ_OK)
			return err == MQ_ERR_NOT_FOUND ? MQ_ERR_INVALID : err;
	}
	if (tx->st.member[0]) {
		err = db->members_admin_iterate(db->cls, NULL, tx->st.member, member_found, &found);
		if (err != MQ_OK)
			return err;
		if (!found) {
			snprintf(tx->msg, sizeof tx->msg, "没有这位委员。");
			return MQ_ERR_INVALID;
		}
	}
	err = db->staff_insert(db->cls, &tx->st);
	if (err == MQ_ERR_CONFLICT) {
		snprintf(tx->msg, sizeof tx->msg, "用户名“%s”已被使用，请换一个。", tx->st.username);
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	return mq_console_audit(db, tx->s, tx->now, tx->st.studio, "staff.create",
				tx->st.username, NULL, scope_json(&tx->st));
}

static enum mq_err staff_cb(void *cls)
{
	struct staff_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_staff before = { 0 };
	bool disable = strcmp(tx->action, "disable") == 0;
	json_t *after;
	enum mq_err err;

	if (strcmp(tx->action, "create") == 0)
		return create(tx);
	err = db->staff_get(db->cls, tx->st.username, &before);
	sodium_memzero(before.pw_hash, sizeof before.pw_hash);
	if (err != MQ_OK)
		return err;
	if (strcmp(tx->action, "password") == 0) {
		err = db->staff_password_set(db->cls, tx->st.username, tx->st.pw_hash, NULL);
		after = json_pack("{s:b, s:b}", "password_reset", 1, "sessions_ended", 1);
		if (err == MQ_OK)
			err = mq_console_audit(db, tx->s, tx->now, before.studio, "staff.password",
					       tx->st.username, NULL, after);
		else
			json_decref(after);
		return err;
	}
	err = db->staff_disabled_set(db->cls, tx->st.username, disable);
	if (err != MQ_OK)
		return err;
	after = json_pack("{s:b}", "disabled", disable);
	return mq_console_audit(db, tx->s, tx->now, before.studio,
				disable ? "staff.disable" : "staff.enable", tx->st.username,
				scope_json(&before), after);
}

/* Reads the create form into tx->st; false with tx->msg when it is wrong. */
static bool read_account(struct staff_tx *tx, struct mq_form *f)
{
	const char *role = mq_form_text(f, "role"), *studio = mq_form_text(f, "studio");
	const char *member = mq_form_text(f, "member");
	bool street = role && strcmp(role, "street") == 0, mem = role && strcmp(role, "member") == 0;

	if (!role || (!street && !mem && strcmp(role, "admin") != 0)) {
		snprintf(tx->msg, sizeof tx->msg, "请选择角色。");
		return false;
	}
	if (street != (studio != NULL) || mem != (member != NULL)) {
		snprintf(tx->msg, sizeof tx->msg, "街道委员小组账号须选所属街道，委员账号须选对应委员；"
			 "其他角色两项都选“不适用”。");
		return false;
	}
	if ((studio && !mq_wire_is_key(studio)) || (member && !mq_wire_is_key(member))) {
		snprintf(tx->msg, sizeof tx->msg, "所选街道或委员不存在。");
		return false;
	}
	snprintf(tx->st.role, sizeof tx->st.role, "%s", role);
	snprintf(tx->st.studio, sizeof tx->st.studio, "%s", studio ? studio : "");
	snprintf(tx->st.member, sizeof tx->st.member, "%s", member ? member : "");
	tx->st.created_at = tx->now;
	return true;
}

/* Checks what the form asks for @p user before any storage: false with
 * tx->msg when it cannot be done; hashes the new password into tx->st. */
static bool check(struct staff_tx *tx, struct mq_form *f, const char *user)
{
	bool create = strcmp(tx->action, "create") == 0;

	if (!user || !mq_console_username_ok(user)) {
		snprintf(tx->msg, sizeof tx->msg, "用户名须为1至%d个小写字母、数字或 _ . -。",
			 MQ_DB_USER_MAX);
		return false;
	}
	if (strcmp(tx->action, "disable") == 0 && strcmp(user, tx->s->staff.username) == 0) {
		snprintf(tx->msg, sizeof tx->msg, "不能停用自己正在使用的账号。");
		return false;
	}
	if (create && !read_account(tx, f))
		return false;
	if (create || strcmp(tx->action, "password") == 0)
		return mq_console_new_password(f, tx->st.pw_hash, tx->msg, sizeof tx->msg);
	return true;
}

void mq_h_console_staff_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct staff_tx tx = { .db = hc->srv->db, .s = &s, .now = hc->req->now };
	const char *user;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form) || !mq_console_admin_only(&s, resp))
		goto out;
	tx.action = mq_form_text(&form, "action");
	user = mq_form_text(&form, "username");
	if (!tx.action || (strcmp(tx.action, "create") && strcmp(tx.action, "password") &&
			   strcmp(tx.action, "disable") && strcmp(tx.action, "enable"))) {
		mq_console_message(resp, 400, &s, "无法处理", "不认识这个操作，请返回账号页面重试。");
		goto out;
	}
	if (!check(&tx, &form, user)) {
		mq_console_message(resp, 422, &s, "未能保存", tx.msg);
		goto out;
	}
	snprintf(tx.st.username, sizeof tx.st.username, "%s", user);
	err = tx.db->run_tx(tx.db->cls, "staff", staff_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s: staff %s %s", s.staff.username, tx.action, user);
	mq_console_save_reply(resp, &s, err, "/console/staff?ok=1", tx.msg, "没有这个账号。",
			      "账号管理仅对区管理员开放。");
out:
	sodium_memzero(tx.st.pw_hash, sizeof tx.st.pw_hash);
	mq_form_finish(&form);
}
