/* console_page.c — the staff console's page frame (mq_console.h): zh-CN,
 * plain HTML forms that work without JavaScript, one inline style sheet
 * (the CSP allows nothing else), the navigation and the account line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_console.h"
#include "mq_date.h"
#include "mq_time.h"

static const char css[] =
	"*{box-sizing:border-box}"
	"body{margin:0;background:#f4f2ee;color:#1b1b1b;font-size:16px;line-height:1.55;"
	"font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"PingFang SC\",\"Microsoft YaHei\","
	"sans-serif}"
	"header{background:#a31d1d;color:#fff;padding:8px 20px;display:flex;flex-wrap:wrap;"
	"align-items:center;gap:6px 22px}"
	"header .brand{font-weight:700;font-size:18px;margin:0}"
	"nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px}"
	"nav a{color:#fff;text-decoration:none;padding:6px 12px;border-radius:6px;display:block}"
	"nav a:hover,nav a:focus{background:#7f1414}"
	"nav a[aria-current]{background:#fff;color:#8a1515;font-weight:700}"
	".who{margin-left:auto;display:flex;align-items:center;gap:10px;font-size:15px}"
	".who button{background:transparent;color:#fff;border:1px solid #fff;border-radius:6px;"
	"padding:3px 10px;font:inherit;cursor:pointer}"
	"main{padding:16px 20px 40px;max-width:1280px;margin:0 auto}"
	"h1{font-size:24px;margin:4px 0 14px}"
	"h2{font-size:19px;margin:0 0 10px;color:#7a1414}"
	".card{background:#fff;border-radius:10px;padding:14px 18px;margin:0 0 16px;"
	"box-shadow:0 1px 3px rgba(0,0,0,.12)}"
	".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}"
	".grid>.wide{grid-column:1/-1}"
	"table{border-collapse:collapse;width:100%;background:#fff}"
	"th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #ddd8cf;vertical-align:top}"
	"th{background:#efe9df;font-weight:700;white-space:nowrap}"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	".wrap{overflow-x:auto}"
	"a{color:#0b4f8a}"
	".tag{display:inline-block;padding:0 8px;border-radius:999px;font-size:14px;"
	"background:#e8e3da;color:#333;white-space:nowrap}"
	".tag.new{background:#fdebd3;color:#7a3000}"
	".tag.ok{background:#e2f1e5;color:#17552a}"
	".tag.warn{background:#fbe0e0;color:#8a1010;font-weight:700}"
	"form.filters,div.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end}"
	"div.filters{margin:0 0 10px}"
	"label{display:block;font-weight:700;font-size:15px;margin:0 0 3px}"
	"input[type=text],input[type=password],input[type=date],input[type=number],select,textarea"
	"{font:inherit;padding:6px 8px;border:1px solid #8c857a;border-radius:6px;background:#fff;"
	"max-width:100%}"
	"textarea{width:100%;min-height:70px}"
	".field{margin:0 0 10px}"
	".hint{color:#555;font-size:14px;margin:2px 0 0}"
	"button,.button{font:inherit;background:#a31d1d;color:#fff;border:0;border-radius:6px;"
	"padding:7px 16px;cursor:pointer;text-decoration:none;display:inline-block}"
	"button.secondary{background:#4a4a4a}"
	"fieldset{border:1px solid #ddd8cf;border-radius:8px;margin:0 0 12px;padding:8px 14px}"
	"legend{font-weight:700;padding:0 6px}"
	"details{margin:0 0 10px;border:1px solid #ddd8cf;border-radius:8px;padding:6px 12px;"
	"background:#fcfbf8}"
	"summary{cursor:pointer;font-weight:700;padding:4px 0}"
	"dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}"
	"dl.kv dt{color:#4a4a4a}dl.kv dd{margin:0;overflow-wrap:anywhere}"
	".text{white-space:pre-wrap;overflow-wrap:anywhere}"
	".notice{background:#e2f1e5;border-left:5px solid #1d6b35;padding:8px 14px;margin:0 0 14px}"
	".error{background:#fbe0e0;border-left:5px solid #a31d1d;padding:8px 14px;margin:0 0 14px}"
	"ol.events{margin:0;padding-left:22px}ol.events li{margin:0 0 8px}"
	".internal{color:#5a3d00;background:#fff6dc;padding:2px 6px;border-radius:4px}"
	"svg text{font-family:inherit}"
	/* the roster (h_console_roster_get.c, console_roster.c) */
	"td.day{white-space:nowrap}"
	"tr.cancelled td{background:#f7f5f1}td.hours{white-space:nowrap;font-variant-numeric:tabular-nums}"
	".muted{color:#555}"
	".weeknav{display:flex;flex-wrap:wrap;gap:6px 18px;margin:0 0 12px}"
	"td details{margin:0;padding:2px 8px}td details input{width:100%;margin:0 0 6px}"
	"textarea.code,pre.code{font-family:\"Noto Sans Mono CJK SC\",\"DejaVu Sans Mono\",monospace;"
	"font-size:14px}"
	"pre.code{background:#f6f3ec;padding:8px 10px;border-radius:6px;margin:6px 0;"
	"white-space:pre-wrap;overflow-wrap:anywhere}"
	".login{max-width:380px;margin:40px auto}"
	".login input{width:100%}";

/* Who sees a section of the navigation. */
enum nav_who { NAV_ALL, NAV_STAFF, NAV_ADMIN };

static const struct {
	enum mq_console_nav id;
	const char *href;
	const char *label;
	enum nav_who who;
} nav_items[] = {
	{ MQ_NAV_INBOX, "/console/inbox", "收件箱", NAV_ALL },
	{ MQ_NAV_TOPICS, "/console/topics", "议题", NAV_ALL },
	{ MQ_NAV_ROSTER, "/console/roster", "排班", NAV_ALL },
	{ MQ_NAV_ATTENDANCE, "/console/attendance", "考勤", NAV_ALL },
	{ MQ_NAV_MEMBERS, "/console/members", "委员", NAV_STAFF },
	{ MQ_NAV_KIOSKS, "/console/kiosks", "终端", NAV_STAFF },
	{ MQ_NAV_STATS, "/console/stats", "统计", NAV_STAFF },
	{ MQ_NAV_AUDIT, "/console/audit", "审计日志", NAV_STAFF },
	{ MQ_NAV_STAFF, "/console/staff", "账号", NAV_ADMIN },
	{ MQ_NAV_PASSWORD, "/console/password", "修改密码", NAV_ALL },
};

/* Whether the account of @p s sees a section for @p who. */
static bool nav_shown(const struct mq_db_session *s, enum nav_who who)
{
	if (who == NAV_ADMIN)
		return strcmp(s->staff.role, "admin") == 0;
	return who == NAV_ALL || mq_console_can_edit(s);
}

static const char *role_name(const struct mq_db_session *s)
{
	if (strcmp(s->staff.role, "admin") == 0)
		return "区管理员";
	if (strcmp(s->staff.role, "street") == 0)
		return "街道委员小组";
	return "委员";
}

const char *mq_console_actor_name(const char *role)
{
	static const char *const map[][2] = {
		{ "kiosk", "自助终端" }, { "street", "街道委员小组" }, { "admin", "区管理员" },
		{ "member", "委员" }, { "open311", "网上（Open311）" },
	};

	for (size_t i = 0; role && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], role) == 0)
			return map[i][1];
	return role ? role : "";
}

void mq_console_csrf_field(struct mq_buf *b, const struct mq_db_session *s)
{
	mq_buf_add(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	mq_buf_add_html(b, s->csrf);
	mq_buf_add(b, "\">");
}

void mq_console_begin(struct mq_buf *b, const char *title, enum mq_console_nav nav,
		      const struct mq_db_session *s)
{
	mq_buf_add(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>");
	mq_buf_add_html(b, title);
	mq_buf_add(b, " · 民情工作台</title>\n<style>");
	mq_buf_add(b, css);
	mq_buf_add(b, "</style>\n</head>\n<body>\n<header>\n<p class=\"brand\">民情 · 委员工作室工作台</p>\n");
	if (s) {
		mq_buf_add(b, "<nav aria-label=\"主菜单\"><ul>");
		for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
			if (!nav_shown(s, nav_items[i].who))
				continue;
			mq_buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>", nav_items[i].href,
				      nav_items[i].id == nav ? " aria-current=\"page\"" : "",
				      nav_items[i].label);
		}
		mq_buf_add(b, "</ul></nav>\n<form class=\"who\" method=\"post\" action=\"/console/logout\">"
			      "<span>");
		mq_buf_add_html(b, s->staff.username);
		mq_buf_add(b, "（");
		mq_buf_add(b, role_name(s));
		if (s->staff.studio[0]) {
			mq_buf_add(b, "：");
			mq_buf_add_html(b, s->staff.studio);
		}
		mq_buf_add(b, "）</span>");
		mq_console_csrf_field(b, s);
		mq_buf_add(b, "<button type=\"submit\">退出</button></form>\n");
	}
	mq_buf_add(b, "</header>\n<main>\n<h1>");
	mq_buf_add_html(b, title);
	mq_buf_add(b, "</h1>\n");
}

void mq_console_end(struct mq_buf *b, struct mq_http_response *resp, unsigned int status)
{
	char *html;
	size_t len = 0;

	mq_buf_add(b, "</main>\n</body>\n</html>\n");
	html = mq_buf_steal(b, &len);
	mq_http_reply_html(resp, status, html, len);
	mq_http_add_header(resp, "X-Frame-Options", "DENY");
}

void mq_console_finish(struct mq_buf *b, struct mq_http_response *resp,
		       const struct mq_db_session *s, enum mq_err err)
{
	if (err == MQ_OK) {
		mq_console_end(b, resp, 200);
		return;
	}
	mq_buf_finish(b);
	mq_console_message(resp, 503, s, "暂时无法显示", "数据库暂时没有响应，请稍后再试。");
}

void mq_console_saved_notice(struct mq_buf *b, const char *query)
{
	struct mq_form q = { 0 };

	if (query && mq_form_parse(query, strlen(query), &q)) {
		if (mq_form_get(&q, "ok"))
			mq_buf_add(b, "<p class=\"notice\" role=\"status\">已保存。</p>\n");
		mq_form_finish(&q);
	}
}

void mq_console_event_notes(struct mq_buf *b, const struct mq_db_stage_event *e)
{
	if (e->public_note && e->public_note[0]) {
		mq_buf_add(b, "<br>给居民：<span class=\"text\">");
		mq_buf_add_html(b, e->public_note);
		mq_buf_add(b, "</span>");
	}
	if (e->internal_note && e->internal_note[0]) {
		mq_buf_add(b, "<br><span class=\"internal\">内部备注：");
		mq_buf_add_html(b, e->internal_note);
		mq_buf_add(b, "</span>");
	}
}

void mq_console_message(struct mq_http_response *resp, unsigned int status,
			const struct mq_db_session *s, const char *heading, const char *text)
{
	struct mq_buf b;

	mq_buf_init(&b);
	mq_console_begin(&b, heading, MQ_NAV_NONE, s);
	mq_buf_add(&b, "<div class=\"card\"><p>");
	mq_buf_add_html(&b, text);
	mq_buf_add(&b, "</p><p><a href=\"/console/inbox\">返回收件箱</a></p></div>\n");
	mq_console_end(&b, resp, status);
}

void mq_console_text_or(struct mq_buf *b, const char *s, const char *dash)
{
	if (s && s[0])
		mq_buf_add_html(b, s);
	else
		mq_buf_add(b, dash);
}

void mq_console_url_value(struct mq_buf *b, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			mq_buf_printf(b, "%c", c);
		else
			mq_buf_printf(b, "%%%c%c", hexd[c >> 4], hexd[c & 15]);
	}
}

bool mq_console_list_add(void *cls, const struct mq_db_named *row)
{
	struct mq_console_list *l = cls;
	struct mq_db_named *grown = realloc(l->items, (l->n + 1) * sizeof *l->items);

	if (!grown) {
		l->failed = true;
		return false;
	}
	l->items = grown;
	l->items[l->n++] = *row;
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

void mq_console_select(struct mq_buf *b, const char *name, const char *label,
		       const struct mq_console_list *l, const char *all, const char *selected)
{
	mq_buf_printf(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
		      name, label, name, name);
	if (all)
		mq_buf_printf(b, "<option value=\"\">%s</option>", all);
	for (size_t i = 0; i < l->n; i++) {
		mq_buf_add(b, "<option value=\"");
		mq_buf_add_html(b, l->items[i].key);
		mq_buf_add(b, "\"");
		if (selected && strcmp(selected, l->items[i].key) == 0)
			mq_buf_add(b, " selected");
		mq_buf_add(b, ">");
		mq_buf_add_html(b, l->items[i].name);
		mq_buf_add(b, "</option>");
	}
	mq_buf_add(b, "</select></div>\n");
}

void mq_console_select_fixed(struct mq_buf *b, const char *name, const char *label,
			     const char *const (*opts)[2], size_t n, const char *selected)
{
	mq_buf_printf(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
		      name, label, name, name);
	for (size_t i = 0; i < n; i++)
		mq_buf_printf(b, "<option value=\"%s\"%s>%s</option>", opts[i][0],
			      selected && strcmp(selected, opts[i][0]) == 0 ? " selected" : "",
			      opts[i][1]);
	mq_buf_add(b, "</select></div>\n");
}

void mq_console_excerpt(const char *s, int max, char *out, size_t size)
{
	size_t i = 0;
	int chars = 0;

	if (!s)
		s = "";
	while (s[i] && chars < max) {
		size_t n = mq_buf_utf8_len(s + i);

		if (i + n + 4 >= size)
			break;
		i += n;
		chars++;
	}
	snprintf(out, size, "%.*s%s", (int)i, s, s[i] ? "…" : "");
}
