/* staff_get.c — GET /console/staff (district admins only): every
 * console account with its role and scope, when it was created and last
 * logged in, whether it is active; per account a password reset and
 * disable/enable, and the form that creates a new account. The forms post
 * to /console/staff (staff_post.c). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"

/* The roles in the order the new-account form offers them. */
static const enum mq_role roles[] = { MQ_ROLE_STREET, MQ_ROLE_MEMBER, MQ_ROLE_LIAISON,
				      MQ_ROLE_ADMIN };

struct page {
	struct mq_html *b;
	const struct mq_db_session *s;
	struct mq_console_list studios;
	struct mq_console_list members;   /* name: 姓名（街道工作室） */
	unsigned int n;
};

/* A member as a select option: its name with its studio's. */
static bool member_add(void *cls, const struct mq_db_member_admin *m)
{
	struct mq_db_named row;

	snprintf(row.key, sizeof row.key, "%s", m->m.key);
	snprintf(row.name, sizeof row.name, "%s（%s）", m->m.name, m->studio_name);
	return mq_console_list_add(cls, &row);
}

/* The two password fields of a form, ids prefixed with @p id. */
static void password_fields(struct mq_html *b, const char *id, const char *label)
{
	mq_html_raw(b, "<div class=\"field\"><label for=\"");
	mq_html_text(b, id);
	mq_html_printf(b, "-1\">%s</label><input type=\"password\" id=\"", label);
	mq_html_text(b, id);
	mq_html_printf(b, "-1\" name=\"password\" required minlength=\"%d\" maxlength=\"%d\""
		       " autocomplete=\"new-password\"></div><div class=\"field\"><label for=\"",
		       MQ_ACCOUNT_PASSWORD_MIN, MQ_ACCOUNT_PASSWORD_MAX);
	mq_html_text(b, id);
	mq_html_raw(b, "-2\">再次输入</label><input type=\"password\" id=\"");
	mq_html_text(b, id);
	mq_html_printf(b, "-2\" name=\"password2\" required minlength=\"%d\" maxlength=\"%d\""
		       " autocomplete=\"new-password\"></div>",
		       MQ_ACCOUNT_PASSWORD_MIN, MQ_ACCOUNT_PASSWORD_MAX);
}

/* Opens a form posting @p action for account @p user. */
static void form_open(struct mq_html *b, const struct mq_db_session *s, const char *action,
		      const char *user)
{
	mq_html_raw(b, "<form method=\"post\" action=\"/console/staff\">");
	mq_console_csrf_field(b, s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">"
		       "<input type=\"hidden\" name=\"username\" value=\"", action);
	mq_html_text(b, user);
	mq_html_raw(b, "\">");
}

static bool row(void *cls, const struct mq_db_staff *st)
{
	struct page *p = cls;
	struct mq_html *b = p->b;
	bool self = strcmp(st->username, p->s->staff.username) == 0;
	char created[24], last[24], id[MQ_DB_USER_MAX + 8];

	mq_date_format_minute(st->created_at, created, sizeof created);
	mq_date_format_minute(st->last_login, last, sizeof last);
	if (st->disabled)
		mq_html_raw(b, "<tr class=\"cancelled\"><td>");
	else
		mq_html_raw(b, "<tr><td>");
	mq_html_text(b, st->username);
	if (self)
		mq_html_raw(b, "<br><span class=\"muted\">（当前账号）</span>");
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, mq_console_role_name(st->role));
	mq_html_raw(b, "</td><td>");
	if (st->studio[0])
		mq_html_text_or(b, mq_console_list_name(&p->studios, st->studio), st->studio);
	else if (st->member[0])
		mq_html_text_or(b, mq_console_list_name(&p->members, st->member), st->member);
	else
		mq_html_raw(b, "全区");
	mq_html_printf(b, "</td><td class=\"hours\">%s</td><td class=\"hours\">", created);
	if (last[0])
		mq_html_text(b, last);
	else
		mq_html_raw(b, "<span class=\"muted\">从未登录</span>");
	if (st->disabled)
		mq_html_raw(b, "</td><td><span class=\"tag warn\">已停用</span></td><td>");
	else
		mq_html_raw(b, "</td><td><span class=\"tag ok\">正常</span></td><td>");
	snprintf(id, sizeof id, "pw-%s", st->username);
	mq_html_raw(b, "<details><summary>重设密码</summary>");
	form_open(b, p->s, "password", st->username);
	password_fields(b, id, "新密码");
	mq_html_raw(b, "<p class=\"hint\">重设后，该账号已登录的设备都将退出。</p>"
		      "<button type=\"submit\">重设密码</button></form></details>");
	if (!self) {
		form_open(b, p->s, st->disabled ? "enable" : "disable", st->username);
		mq_html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
			       st->disabled ? "重新启用" : "停用账号");
	}
	mq_html_raw(b, "</td></tr>\n");
	p->n++;
	return true;
}

/* The role <select> of the new-account form. */
static void role_select(struct mq_html *b)
{
	const char *opts[sizeof roles / sizeof roles[0]][2];

	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		opts[i][0] = mq_role_key(roles[i]);
		opts[i][1] = mq_console_role_name(roles[i]);
	}
	mq_console_select_fixed(b, "role", "角色", (const char *const (*)[2])opts,
				sizeof roles / sizeof roles[0], NULL);
}

void mq_console_staff_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_html b;
	struct page p = { .b = &b, .s = &s };
	enum mq_err err;

	if (!mq_console_session(hc, resp, &s) || !mq_console_admin_only(&s, resp))
		return;
	err = db->studios_iterate(db->cls, mq_console_list_add, &p.studios);
	if (err == MQ_OK)
		err = db->members_admin_iterate(db->cls, NULL, NULL, member_add, &p.members);
	if (err == MQ_OK && (p.studios.failed || p.members.failed))
		err = MQ_ERR_NOMEM;
	mq_html_init(&b);
	mq_console_begin(&b, "账号", MQ_NAV_STAFF, &s);
	mq_console_saved_notice(&b, hc->req->query);
	mq_html_raw(&b, "<div class=\"card\"><h2>全部账号</h2>" MQ_CONSOLE_WRAP
		       "<table><thead><tr><th scope=\"col\">用户名</th><th scope=\"col\">角色</th>"
		       "<th scope=\"col\">所属</th><th scope=\"col\">创建时间</th>"
		       "<th scope=\"col\">最近登录</th><th scope=\"col\">状态</th>"
		       "<th scope=\"col\">操作</th></tr></thead><tbody>\n");
	if (err == MQ_OK)
		err = db->staff_iterate(db->cls, row, &p);
	if (p.n == 0)
		mq_html_raw(&b, "<tr><td colspan=\"7\">还没有账号。</td></tr>\n");
	mq_html_raw(&b, "</tbody></table></div>\n<p class=\"hint\">停用的账号不能登录，已登录的设备"
		       "立即退出；可随时重新启用。账号不会被删除，审计日志始终能对应到人。</p></div>\n");

	mq_html_raw(&b, "<div class=\"card\"><h2>新建账号</h2>"
		       "<form method=\"post\" action=\"/console/staff\">");
	mq_console_csrf_field(&b, &s);
	mq_html_printf(&b, "<input type=\"hidden\" name=\"action\" value=\"create\">"
		       "<div class=\"field\"><label for=\"new-username\">用户名</label>"
		       "<input type=\"text\" id=\"new-username\" name=\"username\" required"
		       " maxlength=\"%d\" pattern=\"[a-z0-9_.\\-]+\" autocomplete=\"off\">"
		       "<p class=\"hint\">小写字母、数字和 _ . -，最多%d个，例如 hubin-wang。"
		       "创建后不能修改。</p></div>\n<div class=\"filters\">",
		       MQ_DB_USER_MAX, MQ_DB_USER_MAX);
	role_select(&b);
	mq_console_select(&b, "studio", "所属街道（街道委员小组）", &p.studios, "（不适用）", NULL);
	mq_console_select(&b, "member", "对应委员（委员账号）", &p.members, "（不适用）", NULL);
	mq_html_raw(&b, "</div><p class=\"hint\">街道委员小组账号只看本街道；委员账号只看交给本人"
		       "或由本人办理的民情；区管理员看全区。</p>\n");
	password_fields(&b, "new-pw", "初始密码");
	mq_html_printf(&b, "<p class=\"hint\">密码至少%d个字符（一个汉字按3个计）。请当面或电话"
		       "告知本人，并提醒登录后在“修改密码”中改掉。</p>"
		       "<button type=\"submit\">创建账号</button></form></div>\n",
		       MQ_ACCOUNT_PASSWORD_MIN);
	mq_console_list_finish(&p.studios);
	mq_console_list_finish(&p.members);
	mq_console_finish(&b, resp, &s, err);
}
