/* kiosks_get.c — GET /console/kiosks: fleet health from the
 * kiosks' heartbeats (last seen, queue depth, oldest queued age, version,
 * free disk, last error), stale and revoked kiosks flagged, and the forms
 * that make enrollment codes (shown with the QR a kiosk's scanner reads:
 * the server's address and the code); for admins also technician PINs, the
 * Open311 API keys, revoking a kiosk or a key (a stolen board, a
 * withdrawn partner), and the way to system updates (updates_get.c). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_wire.h"

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

void mq_console_server_address(struct mq_handler_ctx *hc, char *out, size_t size)
{
	const char *host = mq_http_request_header(hc->req, "Host");

	out[0] = '\0';
	if (hc->srv->public_url && *hc->srv->public_url) {
		snprintf(out, size, "%s", hc->srv->public_url);
		return;
	}
	if (!host || !*host || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
		    strlen(host))
		return;
	snprintf(out, size, "%s://%s", hc->srv->tls ? "https" : "http", host);
}

/* A new enrollment code, and its QR for the kiosk's scanner. */
static void code_notice(struct mq_html *b, struct mq_handler_ctx *hc, const char *code)
{
	char server[300], qr[400];

	mq_console_server_address(hc, server, sizeof server);
	mq_html_raw(b, "<div class=\"notice\" role=\"status\" style=\"display:flex;flex-wrap:wrap;"
		       "gap:16px;align-items:center\">");
	if (server[0] && mq_wire_enroll_qr(server, code, qr, sizeof qr) &&
	    mq_html_qr(b, qr, 200, "登记二维码：服务器地址和登记码"))
		mq_html_raw(b, "\n");
	mq_html_raw(b, "<div style=\"flex:1;min-width:16em\"><p>新的登记码：<strong style=\"font-size:22px;"
		       "letter-spacing:.1em\">");
	mq_html_text(b, code);
	mq_html_raw(b, "</strong>（24小时内有效，只能用一次）。</p><p>在终端的“登记本机”屏幕上输入服务器地址");
	if (server[0]) {
		mq_html_raw(b, " <code>");
		mq_html_text(b, server);
		mq_html_raw(b, "</code> ");
	}
	mq_html_raw(b, "和这个登记码；或者用终端的扫码器扫描这个二维码，一次完成。</p>"
		       "<p class=\"hint\">命令行：minqing-kiosk enroll --server 服务器地址 --code 登记码</p>"
		       "</div></div>\n");
}

/* What a POST made, once on top of the page. */
static void made_notice(struct mq_html *b, struct mq_handler_ctx *hc,
			const struct mq_console_kiosks_made *made)
{
	if (!made)
		return;
	if (made->code)
		code_notice(b, hc, made->code);
	if (made->key) {
		mq_html_raw(b, "<p class=\"notice\" role=\"status\">新的 Open311 API 密钥（只显示这一次，请妥善保存）："
			       "<br><code>");
		mq_html_text(b, made->key);
		mq_html_raw(b, "</code></p>\n");
	}
	if (made->pin) {
		struct mq_db_studio st;

		mq_html_raw(b, "<p class=\"notice\" role=\"status\">新的维护密码：<strong style=\"font-size:22px;"
			       "letter-spacing:.1em\">");
		mq_html_text(b, made->pin);
		mq_html_raw(b, "</strong>（只显示这一次，请交给技术人员妥善保管）。适用于");
		if (strcmp(made->pin_scope, MQ_DB_SERVICE_PIN_ALL) == 0)
			mq_html_raw(b, "全区没有单独设置的委员工作室");
		else if (hc->srv->db->studio_get(hc->srv->db->cls, made->pin_scope, &st) == MQ_OK)
			mq_html_text(b, st.name);
		else
			mq_html_text(b, made->pin_scope);
		mq_html_raw(b, "；终端下次同步后生效，之前的维护密码随之失效。</p>\n");
	}
	if (made->notice)
		mq_html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n", made->notice);
}

struct pins {
	struct mq_html *b;
	const struct mq_db_session *s;
	unsigned int n;
};

static bool pin_row(void *cls, const struct mq_db_service_pin *p)
{
	struct pins *ps = cls;
	struct mq_html *b = ps->b;
	char when[32];
	bool all = strcmp(p->scope, MQ_DB_SERVICE_PIN_ALL) == 0;

	mq_date_format_minute(p->set_at, when, sizeof when);
	mq_html_raw(b, "<tr><td>");
	if (all)
		mq_html_raw(b, "全区（没有单独设置的工作室）");
	else
		mq_html_text_or(b, p->studio_name, p->scope);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, p->set_by);
	mq_html_raw(b, "</td><td>");
	if (!all) {
		mq_html_raw(b, "<form method=\"post\" action=\"/console/kiosks\">"
			       "<input type=\"hidden\" name=\"action\" value=\"service_pin_clear\">");
		mq_console_csrf_field(b, ps->s);
		mq_html_printf(b, "<input type=\"hidden\" name=\"scope\" value=\"%s\">"
			       "<button type=\"submit\" class=\"secondary\">改用全区的</button></form>",
			       p->scope);
	}
	mq_html_raw(b, "</td></tr>\n");
	ps->n++;
	return true;
}

/* 维护密码 (admins): who set which technician PIN when, and the form for a new one. */
static enum mq_err pins_card(struct mq_html *b, struct mq_db *db, const struct mq_db_session *s,
			     const struct mq_console_list *studios)
{
	struct pins ps = { b, s, 0 };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\"><h2>维护密码</h2><p class=\"hint\">终端的维护页（工作人员专用）"
		       "凭这个密码打开。由区里生成，只保存它的摘要，随终端同步下发；终端里没有默认密码。"
		       "可以全区一个，也可以给某个工作室单独设置。</p>"
		       "<table><thead><tr><th scope=\"col\">适用于</th><th scope=\"col\">设置时间</th>"
		       "<th scope=\"col\">设置人</th><th scope=\"col\"></th></tr></thead><tbody>\n");
	err = db->service_pins_iterate(db->cls, pin_row, &ps);
	if (ps.n == 0)
		mq_html_raw(b, "<tr><td colspan=\"4\">还没有设置维护密码：终端的维护页打不开。</td></tr>\n");
	mq_html_raw(b, "</tbody></table><form method=\"post\" action=\"/console/kiosks\" class=\"filters\">"
		       "<input type=\"hidden\" name=\"action\" value=\"service_pin\">");
	mq_console_csrf_field(b, s);
	mq_console_select(b, "scope", "适用于", studios, "全区所有委员工作室", NULL);
	mq_html_raw(b, "<div><button type=\"submit\">生成新的维护密码</button></div></form></section>\n");
	return err;
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

/* The fleet table: every kiosk @p s may see with its last heartbeat. */
static enum mq_err fleet_table(struct mq_html *b, struct mq_handler_ctx *hc,
			       const struct mq_db_session *s)
{
	struct mq_db *db = hc->srv->db;
	struct fleet f = { .b = b, .s = s, .now = hc->req->now };
	bool admin = mq_account_is_admin(&s->staff);
	enum mq_err err;

	mq_html_raw(b, MQ_CONSOLE_WRAP "<table><caption class=\"hint\">超过30分钟未联系的终端标为“离线”</caption>"
		       "<thead><tr><th scope=\"col\">终端</th><th scope=\"col\">委员工作室</th>"
		       "<th scope=\"col\">最近联系</th><th scope=\"col\">版本</th>"
		       "<th scope=\"col\" class=\"num\">待发记录</th><th scope=\"col\" class=\"num\">最早排队</th>"
		       "<th scope=\"col\" class=\"num\">剩余磁盘</th><th scope=\"col\">最近错误</th>"
		       "<th scope=\"col\">状态</th>");
	if (admin)
		mq_html_raw(b, "<th scope=\"col\">停用（丢失或被盗的终端）</th>");
	mq_html_raw(b, "</tr></thead><tbody>\n");
	err = db->kiosks_iterate(db->cls, mq_account_studio(&s->staff), row, &f);
	if (f.n == 0)
		mq_html_raw(b, "<tr><td colspan=\"10\">还没有登记的终端。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div>\n");
	if (err == MQ_OK && admin)
		err = open311_keys(db, b, s);
	return err;
}

/* The 海报 links: each studio's door poster with the QR code of its phone
 * side (民情E点通); a street group's own studio only. */
static void posters_card(struct mq_html *b, const struct mq_db_session *s,
			 const struct mq_console_list *studios)
{
	const char *own = mq_account_studio(&s->staff);

	mq_html_raw(b, "<section class=\"card\"><h2>门口海报（民情E点通）</h2>"
		      "<p class=\"hint\">A4 海报：工作室名称、开放时间和一个大二维码。居民用手机扫码就能反映意见、"
		      "预约来访，不用下载APP。打开后用浏览器打印（或另存为PDF）。</p><ul class=\"links\">");
	if (own) {
		mq_html_raw(b, "<li><a href=\"/console/poster/");
		mq_html_text(b, own);
		mq_html_raw(b, "\">海报</a></li>");
	}
	for (size_t i = 0; !own && i < studios->n; i++) {
		mq_html_raw(b, "<li><a href=\"/console/poster/");
		mq_html_text(b, studios->items[i].key);
		mq_html_raw(b, "\">");
		mq_html_text(b, studios->items[i].name);
		mq_html_raw(b, " 海报</a></li>");
	}
	mq_html_raw(b, "</ul></section>\n");
}

void mq_console_kiosks_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s,
			    const struct mq_console_kiosks_made *made)
{
	struct mq_db *db = hc->srv->db;
	struct mq_console_list studios = { 0 };
	struct mq_html b;
	enum mq_err err;

	mq_html_init(&b);
	mq_console_begin(&b, "终端", MQ_NAV_KIOSKS, s);
	made_notice(&b, hc, made);
	if (mq_account_is_admin(&s->staff))
		mq_html_raw(&b, "<p><a href=\"/console/kiosks/updates\">系统更新：上传更新包、推送给终端、"
			       "查看各终端的更新状态 →</a></p>\n");
	err = fleet_table(&b, hc, s);
	if (err == MQ_OK && !mq_account_studio(&s->staff))
		err = db->studios_iterate(db->cls, mq_console_list_add, &studios);
	mq_html_raw(&b, "<div class=\"grid\" style=\"margin-top:16px\"><section class=\"card\"><h2>登记新终端</h2>"
		       "<p class=\"hint\">新终端第一次开机时显示“登记本机”：在那里输入服务器地址和登记码，"
		       "或扫描生成登记码后这里显示的二维码。</p>"
		       "<form method=\"post\" action=\"/console/kiosks\" class=\"filters\">"
		       "<input type=\"hidden\" name=\"action\" value=\"enroll_code\">");
	mq_console_csrf_field(&b, s);
	if (!mq_account_studio(&s->staff))
		mq_console_select(&b, "studio", "委员工作室", &studios, NULL, NULL);
	mq_html_raw(&b, "<div><button type=\"submit\">生成登记码</button></div></form></section>\n");
	posters_card(&b, s, &studios);
	if (mq_account_is_admin(&s->staff) && err == MQ_OK)
		err = pins_card(&b, db, s, &studios);
	if (mq_account_is_admin(&s->staff)) {
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
	mq_console_kiosks_page(hc, resp, &s, NULL);
}
