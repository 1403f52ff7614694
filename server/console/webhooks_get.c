/* webhooks_get.c — GET /console/webhooks: 通知设置 (admins). Where
 * notifications go — the district's group robot, each street group's, and
 * the SMS gateway residents' messages go through — each with its format
 * (企业微信, 钉钉, plain JSON), and the newest notifications with what
 * became of them. A robot's URL carries its key: only the host and the
 * URL's end are shown. webhooks_post.c saves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_array.h"
#include "mq_date.h"
#include "mq_notice.h"

#define LOG_MAX 60
#define STALE_SENDING_S 600        /* claimed this long without an outcome: interrupted */

/* The configured webhooks, copied out of the storage callback. */
struct hook {
	char scope[MQ_KEY_MAX + 1];
	char url[MQ_DB_URL_MAX];
	enum mq_db_hook_format format;
};

struct hooks {
	struct hook *v;
	size_t n;
	bool failed;
};

static bool add_hook(void *cls, const struct mq_db_webhook *w)
{
	struct hooks *h = cls;
	struct hook *x = mq_array_add(&h->v, &h->n, sizeof *h->v);

	if (!x) {
		h->failed = true;
		return false;
	}
	snprintf(x->scope, sizeof x->scope, "%s", w->scope);
	snprintf(x->url, sizeof x->url, "%s", w->url);
	x->format = w->format;
	return true;
}

static const struct hook *hook_of(const struct hooks *h, const char *scope)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].scope, scope) == 0)
			return &h->v[i];
	return NULL;
}

/* The URL as shown: scheme and host, then "…" and its last 4 characters. */
static void masked(struct mq_html *b, const char *url)
{
	const char *host = strstr(url, "://");
	size_t n = strlen(url), hl;

	host = host ? host + 3 : url;
	hl = strcspn(host, "/?#");
	mq_html_printf(b, "%.*s", (int)(host - url + hl), url);
	if (n > (size_t)(host - url) + hl)
		mq_html_printf(b, "/…%s", n >= 4 ? url + n - 4 : url);
}

/* One receiver's row and its form. */
static void hook_row(struct mq_html *b, const struct mq_db_session *s, const char *scope,
		     const char *name, const struct hook *w)
{
	static const char *const formats[][2] = {
		{ "wecom", "企业微信群机器人" }, { "dingtalk", "钉钉群机器人" }, { "json", "JSON（通用）" },
	};
	bool sms = strcmp(scope, "sms") == 0;

	mq_html_raw(b, "<tr><th scope=\"row\">");
	mq_html_text(b, name);
	mq_html_raw(b, "</th><td>");
	if (w) {
		mq_html_text(b, sms ? "JSON（短信网关）" : formats[w->format][1]);
		mq_html_raw(b, "<br><span class=\"muted\">");
		masked(b, w->url);
		mq_html_raw(b, "</span>");
	} else {
		mq_html_raw(b, "<span class=\"tag\">未设置</span>");
	}
	mq_html_raw(b, "</td><td><details><summary>设置</summary><form method=\"post\" action=\"/console/webhooks\">");
	mq_console_csrf_field(b, s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"scope\" value=\"%s\">", scope);
	mq_html_printf(b, "<label for=\"u-%s\">Webhook 地址（留空即取消）</label>"
		       "<input type=\"text\" id=\"u-%s\" name=\"url\" maxlength=\"500\" value=\"\">",
		       scope, scope);
	if (!sms)
		mq_console_select_fixed(b, "format", "消息格式", formats, 3,
					w ? mq_hook_format_key(w->format) : "wecom");
	mq_html_raw(b, "<button type=\"submit\">保存</button></form></details></td></tr>\n");
}

struct studios {
	struct mq_html *b;
	const struct mq_db_session *s;
	const struct hooks *h;
};

static bool studio_row(void *cls, const struct mq_db_named *st)
{
	struct studios *x = cls;

	hook_row(x->b, x->s, st->key, st->name, hook_of(x->h, st->key));
	return true;
}

static const char *kind_name(const char *k)
{
	static const char *const map[][2] = {
		{ "sms_answer", "短信：有了答复" }, { "sms_result", "短信：结果公布" },
		{ "digest", "每日督查" }, { "order", "督办通知" }, { "order_answer", "督办答复" },
		{ "escalation", "超期升级" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], k) == 0)
			return map[i][1];
	return k;
}

struct log {
	struct mq_html *b;
	int64_t now;
	const struct mq_console_list *studios;
	unsigned int n;
};

/* What became of notice @p n, as words. */
static const char *state_name(const struct mq_db_notice *n, int64_t now)
{
	if (strcmp(n->state, "sent") == 0)
		return "已发送";
	if (strcmp(n->state, "failed") == 0)
		return "发送失败";
	if (strcmp(n->state, "retry") == 0)
		return "等待重试";
	if (strcmp(n->state, "sending") == 0)
		return n->created_at < now - STALE_SENDING_S ? "发送中断，结果不明（不会自动重发）"
							     : "正在发送";
	return n->not_before > now ? "等待早上8点发送" : "待发送";
}

static bool log_row(void *cls, const struct mq_db_notice *n)
{
	struct log *l = cls;
	struct mq_html *b = l->b;
	const char *to = strcmp(n->target, "*") == 0     ? "区政协"
			 : strcmp(n->target, "sms") == 0 ? "居民（短信）"
							 : mq_console_list_name(l->studios, n->target);
	char when[32];

	mq_date_format_minute(n->created_at, when, sizeof when);
	mq_html_raw(b, "<tr><td class=\"due\">");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, kind_name(n->kind));
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, to ? to : n->target);
	mq_html_printf(b, "</td><td>%s", state_name(n, l->now));
	if (n->last_error[0]) {
		mq_html_raw(b, "<br><span class=\"muted\">");
		mq_html_text(b, n->last_error);
		mq_html_raw(b, "</span>");
	}
	mq_html_printf(b, "</td><td class=\"num\">%lld</td></tr>\n", (long long)n->attempts);
	l->n++;
	return true;
}

static enum mq_err page(struct mq_db *db, struct mq_html *b, const struct mq_db_session *s,
			int64_t now, struct hooks *h, struct mq_console_list *studios)
{
	struct studios x = { b, s, h };
	struct log l = { b, now, studios, 0 };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\"><h2>通知接收设置</h2>\n<p class=\"hint\">每个街道委员小组和区政协"
		       "各设一个群机器人：每个工作日8:30发送每日督查（新收到、临期、超期事项），发出督办、督办答复"
		       "和超期升级时立即通知。居民留了电话并同意联系的，在首次答复和公布结果时各收到一条短信"
		       "（22:00至次日8:00不发）。</p>\n" MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">接收方</th>"
		       "<th scope=\"col\">当前设置</th><th scope=\"col\">修改</th></tr></thead><tbody>\n");
	hook_row(b, s, "*", "区政协（全区）", hook_of(h, "*"));
	hook_row(b, s, "sms", "短信网关（居民）", hook_of(h, "sms"));
	err = db->studios_iterate(db->cls, studio_row, &x);
	mq_html_raw(b, "</tbody></table></div></section>\n<section class=\"card\"><h2>最近的通知</h2>\n"
		       MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">时间</th><th scope=\"col\">类别</th>"
		       "<th scope=\"col\">发给</th><th scope=\"col\">状态</th><th scope=\"col\" class=\"num\">"
		       "尝试次数</th></tr></thead><tbody>\n");
	if (err == MQ_OK)
		err = db->notices_iterate(db->cls, NULL, LOG_MAX, log_row, &l);
	if (l.n == 0)
		mq_html_raw(b, "<tr><td colspan=\"5\">还没有通知。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div></section>\n");
	return err;
}

void mq_console_webhooks_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct hooks h = { 0 };
	struct mq_console_list studios = { 0 };
	struct mq_html b;
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "通知设置") || !mq_console_admin_only(&s, resp))
		return;
	err = db->webhooks_iterate(db->cls, add_hook, &h);
	if (err == MQ_OK && h.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = db->studios_iterate(db->cls, mq_console_list_add, &studios);
	mq_html_init(&b);
	mq_console_begin(&b, "通知设置", MQ_NAV_WEBHOOKS, &s);
	mq_console_saved_notice(&b, hc->req->query);
	if (err == MQ_OK)
		err = page(db, &b, &s, hc->req->now, &h, &studios);
	mq_console_list_finish(&studios);
	free(h.v);
	mq_console_finish(&b, resp, &s, err);
}
