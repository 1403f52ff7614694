/* page.c — the staff console's page frame (console.h): zh-CN,
 * plain HTML forms that work without JavaScript, the skeleton and style
 * sheet of mq_page_console_begin, the navigation and the account line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_array.h"
#include "mq_page.h"

/* Who sees a section of the navigation: NAV_ALL every account but a
 * liaison officer's, who sees NAV_LIAISON and NAV_EVERYONE only. */
enum nav_who { NAV_ALL, NAV_STAFF, NAV_ADMIN, NAV_LIAISON, NAV_EVERYONE };

static const struct {
	enum mq_console_nav id;
	const char *href;
	const char *label;
	enum nav_who who;
} nav_items[] = {
	{ MQ_NAV_INBOX, "/console/inbox", "收件箱", NAV_ALL },
	{ MQ_NAV_TOPICS, "/console/topics", "议题", NAV_ALL },
	{ MQ_NAV_CANDIDATES, "/console/candidates", "候选议题", NAV_STAFF },
	{ MQ_NAV_FILE, "/console/file", "走访登记", NAV_LIAISON },
	{ MQ_NAV_FILINGS, "/console/filings", "我的登记", NAV_LIAISON },
	{ MQ_NAV_SUPERVISION, "/console/supervision", "督办", NAV_STAFF },
	{ MQ_NAV_ROSTER, "/console/roster", "排班", NAV_ALL },
	{ MQ_NAV_ATTENDANCE, "/console/attendance", "考勤", NAV_ALL },
	{ MQ_NAV_MEMBERS, "/console/members", "委员", NAV_STAFF },
	{ MQ_NAV_KIOSKS, "/console/kiosks", "终端", NAV_STAFF },
	{ MQ_NAV_STATS, "/console/stats", "统计", NAV_STAFF },
	{ MQ_NAV_SURVEYS, "/console/surveys", "问卷", NAV_STAFF },
	{ MQ_NAV_CALENDAR, "/console/calendar", "时限与日历", NAV_STAFF },
	{ MQ_NAV_WEBHOOKS, "/console/webhooks", "通知设置", NAV_ADMIN },
	{ MQ_NAV_AUDIT, "/console/audit", "审计日志", NAV_STAFF },
	{ MQ_NAV_STAFF, "/console/staff", "账号", NAV_ADMIN },
	{ MQ_NAV_PASSWORD, "/console/password", "修改密码", NAV_EVERYONE },
};

/* Whether the account of @p s sees a section for @p who. */
static bool nav_shown(const struct mq_db_session *s, enum nav_who who)
{
	if (who == NAV_EVERYONE)
		return true;
	if ((s->staff.role == MQ_ROLE_LIAISON) != (who == NAV_LIAISON))
		return false;
	if (who == NAV_LIAISON)
		return true;
	if (who == NAV_ADMIN)
		return mq_account_is_admin(&s->staff);
	return who == NAV_ALL || mq_account_can_edit(&s->staff);
}

const char *mq_console_role_name(enum mq_role role)
{
	switch (role) {
	case MQ_ROLE_ADMIN:
		return "区管理员";
	case MQ_ROLE_STREET:
		return "街道委员小组";
	case MQ_ROLE_LIAISON:
		return "民情联络员";
	case MQ_ROLE_MEMBER:
		break;
	}
	return "委员";
}

const char *mq_console_actor_name(const char *actor)
{
	static const char *const others[][2] = {
		{ "kiosk", "自助终端" }, { "open311", "网上（Open311）" },
	};
	enum mq_role role;

	if (mq_role_parse(actor, &role))
		return mq_console_role_name(role);
	for (size_t i = 0; actor && i < sizeof others / sizeof others[0]; i++)
		if (strcmp(others[i][0], actor) == 0)
			return others[i][1];
	return actor ? actor : "";
}

void mq_console_csrf_field(struct mq_html *b, const struct mq_db_session *s)
{
	mq_html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	mq_html_text(b, s->csrf);
	mq_html_raw(b, "\">");
}

/* The navigation and the account line of @p s, for the header band. */
static void nav_bar(struct mq_html *b, enum mq_console_nav nav, const struct mq_db_session *s)
{
	mq_html_raw(b, "<nav aria-label=\"主菜单\"><ul>");
	for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
		if (!nav_shown(s, nav_items[i].who))
			continue;
		mq_html_printf(b, "<li><a href=\"%s\"", nav_items[i].href);
		if (nav_items[i].id == nav)
			mq_html_raw(b, " aria-current=\"page\"");
		mq_html_printf(b, ">%s</a></li>", nav_items[i].label);
	}
	mq_html_raw(b, "</ul></nav>\n<form class=\"who\" method=\"post\" action=\"/console/logout\">"
		       "<span>");
	mq_html_text(b, s->staff.username);
	mq_html_raw(b, "（");
	mq_html_text(b, mq_console_role_name(s->staff.role));
	if (s->staff.studio[0]) {
		mq_html_raw(b, "：");
		mq_html_text(b, s->staff.studio);
	}
	mq_html_raw(b, "）</span>");
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<button type=\"submit\">退出</button></form>\n");
}

void mq_console_begin(struct mq_html *b, const char *title, enum mq_console_nav nav,
		      const struct mq_db_session *s)
{
	struct mq_html bar;

	mq_html_init(&bar);
	if (s)
		nav_bar(&bar, nav, s);
	mq_page_console_begin(b, title, &bar);
	mq_html_finish(&bar);
}

void mq_console_end(struct mq_html *b, struct mq_http_response *resp, unsigned int status)
{
	char *html;
	size_t len = 0;

	mq_page_console_end(b);
	html = mq_html_steal(b, &len);
	mq_http_reply_html(resp, status, html, len);
	mq_http_add_header(resp, "X-Frame-Options", "DENY");
}

void mq_console_finish(struct mq_html *b, struct mq_http_response *resp,
		       const struct mq_db_session *s, enum mq_err err)
{
	if (err == MQ_OK) {
		mq_console_end(b, resp, 200);
		return;
	}
	mq_html_finish(b);
	mq_console_message(resp, 503, s, "暂时无法显示", "数据库暂时没有响应，请稍后再试。");
}

void mq_console_saved_notice(struct mq_html *b, const char *query)
{
	struct mq_form q = { 0 };

	if (query && mq_form_parse(query, strlen(query), &q)) {
		if (mq_form_get(&q, "ok"))
			mq_html_raw(b, "<p class=\"notice\" role=\"status\">已保存。</p>\n");
		mq_form_finish(&q);
	}
}

void mq_console_event_notes(struct mq_html *b, const struct mq_db_stage_event *e)
{
	if (e->public_note && e->public_note[0]) {
		mq_html_raw(b, "<br>给居民：<span class=\"text\">");
		mq_html_text(b, e->public_note);
		mq_html_raw(b, "</span>");
	}
	if (e->internal_note && e->internal_note[0]) {
		mq_html_raw(b, "<br><span class=\"internal\">内部备注：");
		mq_html_text(b, e->internal_note);
		mq_html_raw(b, "</span>");
	}
}

void mq_console_message(struct mq_http_response *resp, unsigned int status,
			const struct mq_db_session *s, const char *heading, const char *text)
{
	struct mq_html b;

	mq_html_init(&b);
	mq_console_begin(&b, heading, MQ_NAV_NONE, s);
	mq_html_raw(&b, "<div class=\"card\"><p>");
	mq_html_text(&b, text);
	if (s && s->staff.role == MQ_ROLE_LIAISON)
		mq_html_raw(&b, "</p><p><a href=\"/console/file\">返回走访登记</a></p></div>\n");
	else
		mq_html_raw(&b, "</p><p><a href=\"/console/inbox\">返回收件箱</a></p></div>\n");
	mq_console_end(&b, resp, status);
}

bool mq_console_list_add(void *cls, const struct mq_db_named *row)
{
	struct mq_console_list *l = cls;
	struct mq_db_named *item = mq_array_add(&l->items, &l->n, sizeof *l->items);

	if (!item) {
		l->failed = true;
		return false;
	}
	*item = *row;
	return true;
}

void mq_console_list_finish(struct mq_console_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof *l);
}

const char *mq_console_list_name(const struct mq_console_list *l, const char *key)
{
	for (size_t i = 0; key && i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].name;
	return NULL;
}

void mq_console_select(struct mq_html *b, const char *name, const char *label,
		       const struct mq_console_list *l, const char *all, const char *selected)
{
	mq_html_printf(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
		       name, label, name, name);
	if (all)
		mq_html_printf(b, "<option value=\"\">%s</option>", all);
	for (size_t i = 0; i < l->n; i++) {
		mq_html_raw(b, "<option value=\"");
		mq_html_text(b, l->items[i].key);
		mq_html_raw(b, "\"");
		if (selected && strcmp(selected, l->items[i].key) == 0)
			mq_html_raw(b, " selected");
		mq_html_raw(b, ">");
		mq_html_text(b, l->items[i].name);
		mq_html_raw(b, "</option>");
	}
	mq_html_raw(b, "</select></div>\n");
}

void mq_console_select_fixed(struct mq_html *b, const char *name, const char *label,
			     const char *const (*opts)[2], size_t n, const char *selected)
{
	mq_html_printf(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
		       name, label, name, name);
	for (size_t i = 0; i < n; i++) {
		mq_html_printf(b, "<option value=\"%s\"", opts[i][0]);
		if (selected && strcmp(selected, opts[i][0]) == 0)
			mq_html_raw(b, " selected");
		mq_html_printf(b, ">%s</option>", opts[i][1]);
	}
	mq_html_raw(b, "</select></div>\n");
}

void mq_console_import_error(void *cls, unsigned int line, const char *msg)
{
	struct mq_html *b = cls;

	if (line)
		mq_html_printf(b, "<li>第 %u 行：", line);
	else
		mq_html_raw(b, "<li>");
	mq_html_text(b, msg);
	mq_html_raw(b, "</li>\n");
}
