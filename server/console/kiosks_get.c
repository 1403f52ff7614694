/* kiosks_get.c — GET /console/kiosks: fleet health from the
 * kiosks' heartbeats (last seen, queue depth, oldest queued age, version,
 * free disk, last error), stale and revoked kiosks flagged, and the forms
 * that make enrollment codes; for admins also the Open311 API keys, and
 * revoking a kiosk or a key (a stolen board, a withdrawn partner). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"

struct fleet {
	struct mq_html *b;
	const struct mq_db_session *s;
	int64_t now;
	unsigned int n, stale;
};

/* The admin's revoke form for device @p id: a button behind a checkbox that
 * must be ticked (revoking cannot be undone; no script needed). */
static void revoke_form(struct mq_html *b, const struct mq_db_session *s, const char *id,
			const char *what)
{
	mq_html_raw(b, "<form method=\"post\" action=\"/console/kiosks\" class=\"inline\">"
		       "<input type=\"hidden\" name=\"action\" value=\"revoke\">");
	mq_console_csrf_field(b, s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"device\" value=\"%s\">"
		       "<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required>"
		       "确认停用%s（不可撤销）</label> <button type=\"submit\" class=\"danger\">停用</button>"
		       "</form>", id, what);
}

static void age(struct mq_html *b, int64_t s)
{
	if (s < 120)
		mq_html_printf(b, "%lld秒", (long long)s);
	else if (s < 7200)
		mq_html_printf(b, "%lld分钟", (long long)(s / 60));
	else if (s < 172800)
		mq_html_printf(b, "%lld小时", (long long)(s / 3600));
	else
		mq_html_printf(b, "%lld天", (long long)(s / 86400));
}

static bool row(void *cls, const struct mq_db_kiosk *k)
{
	struct fleet *f = cls;
	struct mq_html *b = f->b;
	bool stale = !k->last_seen || f->now - k->last_seen > MQ_CONSOLE_STALE_S;
	bool warn = k->has_heartbeat && (k->hb.oldest_queued_age_s > 3600 ||
					  k->hb.disk_free_bytes < 200LL * 1024 * 1024);
	char when[32];

	mq_html_raw(b, "<tr><td><code>");
	mq_html_text(b, k->id);
	mq_html_raw(b, "</code></td><td>");
	mq_html_text(b, k->studio_name);
	mq_html_raw(b, "</td><td>");
	if (k->last_seen) {
		mq_date_format_minute(k->last_seen, when, sizeof when);
		mq_html_text(b, when);
		mq_html_raw(b, "（");
		age(b, f->now - k->last_seen);
		mq_html_raw(b, "前）");
	} else {
		mq_html_raw(b, "从未联系");
	}
	mq_html_raw(b, "</td>");
	if (k->has_heartbeat) {
		mq_html_raw(b, "<td>");
		mq_html_text(b, k->hb.version);
		mq_html_printf(b, "</td><td class=\"num\">%lld</td><td class=\"num\">",
			       (long long)k->hb.queue_depth);
		if (k->hb.queue_depth)
			age(b, k->hb.oldest_queued_age_s);
		else
			mq_html_raw(b, "—");
		mq_html_printf(b, "</td><td class=\"num\">%.1f GB</td><td>",
			       (double)k->hb.disk_free_bytes / (1024.0 * 1024 * 1024));
		mq_html_text_or(b, k->hb.last_error, "—");
		mq_html_raw(b, "</td>");
	} else {
		mq_html_raw(b, "<td colspan=\"5\">尚无心跳</td>");
	}
	if (k->revoked_at)
		mq_html_raw(b, "<td><span class=\"tag warn\">已停用</span></td>");
	else if (stale)
		mq_html_raw(b, "<td><span class=\"tag warn\">离线</span></td>");
	else if (warn)
		mq_html_raw(b, "<td><span class=\"tag warn\">需关注</span></td>");
	else
		mq_html_raw(b, "<td><span class=\"tag ok\">正常</span></td>");
	if (mq_account_is_admin(&f->s->staff)) {
		mq_html_raw(b, "<td>");
		if (!k->revoked_at)
			revoke_form(b, f->s, k->id, "这台终端");
		mq_html_raw(b, "</td>");
	}
	mq_html_raw(b, "</tr>\n");
	f->n++;
	f->stale += stale;
	return true;
}

static bool key_row(void *cls, const struct mq_db_open311_key *k)
{
	struct fleet *f = cls;
	struct mq_html *b = f->b;
	char when[32];

	mq_date_format_minute(k->created_at, when, sizeof when);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, k->label);
	mq_html_raw(b, "</td><td><code>");
	mq_html_text(b, k->device);
	mq_html_raw(b, "</code></td><td>");
	mq_html_text(b, k->studio);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	if (k->revoked_at)
		mq_html_raw(b, "<span class=\"tag warn\">已停用</span>");
	else
		revoke_form(b, f->s, k->device, "这个密钥");
	mq_html_raw(b, "</td></tr>\n");
	f->n++;
	return true;
}

/* The admin's list of Open311 API keys, each revocable. */
static enum mq_err open311_keys(struct mq_db *db, struct mq_html *b, const struct mq_db_session *s)
{
	struct fleet f = { .b = b, .s = s };
	enum mq_err err;

	mq_html_raw(b, "<h2>Open311 接入密钥</h2>" MQ_CONSOLE_WRAP "<table><thead><tr>"
		       "<th scope=\"col\">用途</th><th scope=\"col\">编号</th>"
		       "<th scope=\"col\">委员工作室</th><th scope=\"col\">生成时间</th>"
		       "<th scope=\"col\">状态</th></tr></thead><tbody>\n");
	err = db->open311_keys_iterate(db->cls, NULL, key_row, &f);
	if (f.n == 0)
		mq_html_raw(b, "<tr><td colspan=\"5\">还没有生成过密钥。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div>\n");
	return err;
}

/* The fleet page; @p code and @p key, when not NULL, are shown once on top. */
void mq_console_kiosks_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s, const char *code, const char *key)
{
	struct mq_db *db = hc->srv->db;
	struct mq_console_list studios = { 0 };
	struct mq_html b;
	struct fleet f = { .b = &b, .s = s, .now = hc->req->now };
	bool admin = mq_account_is_admin(&s->staff);
	enum mq_err err;

	mq_html_init(&b);
	mq_console_begin(&b, "终端", MQ_NAV_KIOSKS, s);
	if (code) {
		mq_html_raw(&b, "<p class=\"notice\" role=\"status\">新的注册码：<strong style=\"font-size:22px;"
			       "letter-spacing:.1em\">");
		mq_html_text(&b, code);
		mq_html_raw(&b, "</strong>（24小时内有效，只能用一次）。在终端上运行 minqing-kiosk enroll"
			       " --server 服务器地址 --code 注册码。</p>\n");
	}
	if (key) {
		mq_html_raw(&b, "<p class=\"notice\" role=\"status\">新的 Open311 API 密钥（只显示这一次，请妥善保存）："
			       "<br><code>");
		mq_html_text(&b, key);
		mq_html_raw(&b, "</code></p>\n");
	}
	mq_html_raw(&b, MQ_CONSOLE_WRAP "<table><caption class=\"hint\">超过30分钟未联系的终端标为“离线”</caption>"
		       "<thead><tr><th scope=\"col\">终端</th><th scope=\"col\">委员工作室</th>"
		       "<th scope=\"col\">最近联系</th><th scope=\"col\">版本</th>"
		       "<th scope=\"col\" class=\"num\">待发记录</th><th scope=\"col\" class=\"num\">最早排队</th>"
		       "<th scope=\"col\" class=\"num\">剩余磁盘</th><th scope=\"col\">最近错误</th>"
		       "<th scope=\"col\">状态</th>");
	if (admin)
		mq_html_raw(&b, "<th scope=\"col\">停用（丢失或被盗的终端）</th>");
	mq_html_raw(&b, "</tr></thead><tbody>\n");
	err = db->kiosks_iterate(db->cls, mq_account_studio(&s->staff), row, &f);
	if (f.n == 0)
		mq_html_raw(&b, "<tr><td colspan=\"10\">还没有注册的终端。</td></tr>\n");
	mq_html_raw(&b, "</tbody></table></div>\n");
	if (err == MQ_OK && admin)
		err = open311_keys(db, &b, s);
	if (err == MQ_OK && !mq_account_studio(&s->staff))
		err = db->studios_iterate(db->cls, mq_console_list_add, &studios);
	mq_html_raw(&b, "<div class=\"grid\" style=\"margin-top:16px\"><section class=\"card\"><h2>注册新终端</h2>"
		       "<form method=\"post\" action=\"/console/kiosks\" class=\"filters\">"
		       "<input type=\"hidden\" name=\"action\" value=\"enroll_code\">");
	mq_console_csrf_field(&b, s);
	if (!mq_account_studio(&s->staff))
		mq_console_select(&b, "studio", "委员工作室", &studios, NULL, NULL);
	mq_html_raw(&b, "<div><button type=\"submit\">生成注册码</button></div></form></section>\n");
	if (admin) {
		mq_html_raw(&b, "<section class=\"card\"><h2>新的 Open311 接入密钥</h2>"
			       "<p class=\"hint\">供第三方系统通过 /open311/v2/requests 提交意见（渠道记为“网上”）。</p>"
			       "<form method=\"post\" action=\"/console/kiosks\" class=\"filters\">"
			       "<input type=\"hidden\" name=\"action\" value=\"open311_key\">");
		mq_console_csrf_field(&b, s);
		mq_console_select(&b, "studio", "委员工作室", &studios, NULL, NULL);
		mq_html_raw(&b, "<div><label for=\"f-label\">用途</label><input type=\"text\" id=\"f-label\""
			       " name=\"label\" maxlength=\"60\" required></div>"
			       "<div><button type=\"submit\">生成密钥</button></div></form></section>\n");
	}
	mq_html_raw(&b, "</div>\n");
	mq_console_list_finish(&studios);
	mq_console_finish(&b, resp, s, err);
}

void mq_console_kiosks_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;

	if (!mq_console_session_staff(hc, resp, &s, "终端管理"))
		return;
	mq_console_kiosks_page(hc, resp, &s, NULL, NULL);
}
