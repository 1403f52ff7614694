/* updates_get.c — GET /console/kiosks/updates: 系统更新 (admins). Upload a
 * RAUC bundle (verified against the district's keyring on upload: its
 * version and compatible string shown), offer it to one kiosk first (a
 * canary), a street, or every kiosk; pause, resume or withdraw a rollout;
 * and each kiosk's update state from its heartbeat: the version it runs,
 * both root slots, downloading with its percent, installed, booted, good,
 * rolled back with the reason. updates_post.c acts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_array.h"
#include "mq_date.h"

/* What a kiosk's update state reads as, in plain words. */
static const char *state_words(const char *state)
{
	static const char *const map[][2] = {
		{ "idle", "没有待装的更新" }, { "offered", "已推送，等待下载" },
		{ "downloading", "正在下载" }, { "downloaded", "已下载，等待维护时段安装" },
		{ "installing", "正在安装" }, { "installed", "已安装，等待重启" },
		{ "booted", "已重启到新版本，正在检查" }, { "good", "新版本运行正常" },
		{ "rolled_back", "已自动回退到旧版本" }, { "failed", "更新失败" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], state) == 0)
			return map[i][1];
	return state;
}

static const char *state_tag(const char *state)
{
	if (!strcmp(state, "good"))
		return "tag ok";
	if (!strcmp(state, "rolled_back") || !strcmp(state, "failed"))
		return "tag warn";
	return "tag";
}

/* An enrolled kiosk, for the canary choice. */
struct device {
	char id[MQ_DB_DEVICE_ID_MAX + 1];
	char studio[MQ_DB_NAME_MAX];
};

struct page {
	struct mq_db *db;
	struct mq_html *b;
	const struct mq_db_session *s;
	struct device *devices;
	size_t n_devices;
	struct mq_console_list streets;     /* key: street, name: its name */
	unsigned int n;
	bool oom;
};

static void add_device(struct page *p, const char *id, const char *studio)
{
	struct device *d = mq_array_add(&p->devices, &p->n_devices, sizeof *p->devices);

	if (!d) {
		p->oom = true;
		return;
	}
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->studio, sizeof d->studio, "%s", studio);
}

static bool status_row(void *cls, const struct mq_db_update_status *u)
{
	struct page *p = cls;
	struct mq_html *b = p->b;
	char when[32];

	add_device(p, u->device, u->studio_name);
	mq_html_raw(b, "<tr><td><code>");
	mq_html_text(b, u->device);
	mq_html_raw(b, "</code></td><td>");
	mq_html_text(b, u->studio_name);
	mq_html_raw(b, "</td>");
	if (!u->has_status) {
		mq_html_raw(b, "<td colspan=\"5\">尚未报告（终端版本较旧或从未联系）</td></tr>\n");
		p->n++;
		return true;
	}
	mq_html_raw(b, "<td>");
	mq_html_text_or(b, u->running, "—");
	mq_html_printf(b, "</td><td><span class=\"%s\">%s", state_tag(u->state),
		       state_words(u->state));
	if (!strcmp(u->state, "downloading"))
		mq_html_printf(b, " %lld%%", (long long)u->percent);
	mq_html_raw(b, "</span>");
	if (u->version) {
		mq_html_raw(b, "<br>更新包 ");
		mq_html_text(b, u->version);
	}
	if (u->reason) {
		mq_html_raw(b, "<br><span class=\"muted\">原因：");
		mq_html_text(b, u->reason);
		mq_html_raw(b, "</span>");
	}
	mq_html_raw(b, "</td><td>A：");
	mq_html_text_or(b, u->slot_a, "—");
	mq_html_raw(b, "<br>B：");
	mq_html_text_or(b, u->slot_b, "—");
	mq_html_raw(b, "</td><td>");
	mq_html_text_or(b, u->booted_slot, "—");
	mq_date_format_minute(u->at, when, sizeof when);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td></tr>\n");
	p->n++;
	return true;
}

/* The rollout form of bundle @p bd: whom to offer it to. */
static void rollout_form(struct page *p, const struct mq_db_bundle *bd)
{
	struct mq_html *b = p->b;

	mq_html_raw(b, "<form method=\"post\" action=\"/console/kiosks/updates\" class=\"inline\">"
		       "<input type=\"hidden\" name=\"action\" value=\"rollout\">");
	mq_console_csrf_field(b, p->s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"bundle\" value=\"%lld\">"
		       "<label for=\"t-%lld\">推送给</label><select id=\"t-%lld\" name=\"target\">",
		       (long long)bd->id, (long long)bd->id, (long long)bd->id);
	mq_html_raw(b, "<optgroup label=\"先试一台（试点）\">");
	for (size_t i = 0; i < p->n_devices; i++)
		mq_html_printf(b, "<option value=\"device:%s\">%s（%s）</option>",
			       p->devices[i].id, p->devices[i].id, p->devices[i].studio);
	mq_html_raw(b, "</optgroup><optgroup label=\"一个街道\">");
	for (size_t i = 0; i < p->streets.n; i++)
		mq_html_printf(b, "<option value=\"street:%s\">%s的全部终端</option>",
			       p->streets.items[i].key, p->streets.items[i].name);
	mq_html_raw(b, "</optgroup><optgroup label=\"全区\"><option value=\"all:\">全部终端</option>"
		       "</optgroup></select> <button type=\"submit\">推送</button></form>");
}

static bool bundle_row(void *cls, const struct mq_db_bundle *bd)
{
	struct page *p = cls;
	struct mq_html *b = p->b;
	char when[32];

	mq_date_format_minute(bd->uploaded_at, when, sizeof when);
	mq_html_raw(b, "<tr><td><strong>");
	mq_html_text(b, bd->version);
	mq_html_raw(b, "</strong></td><td><code>");
	mq_html_text(b, bd->compatible);
	if (bd->size < 1024 * 1024)
		mq_html_printf(b, "</code></td><td class=\"num\">%lld KB", (long long)(bd->size + 1023) / 1024);
	else
		mq_html_printf(b, "</code></td><td class=\"num\">%.1f MB",
			       (double)bd->size / (1024.0 * 1024));
	mq_html_printf(b, "</td><td><code>%.16s…</code></td><td>", bd->sha256);
	mq_html_text(b, bd->uploaded_by);
	mq_html_raw(b, "<br>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	rollout_form(p, bd);
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

/* One button of a rollout's actions. */
static void rollout_button(struct page *p, const struct mq_db_rollout *r, const char *action,
			   const char *label, const char *cls)
{
	mq_html_raw(p->b, "<form method=\"post\" action=\"/console/kiosks/updates\" class=\"inline\">");
	mq_console_csrf_field(p->b, p->s);
	mq_html_printf(p->b, "<input type=\"hidden\" name=\"rollout\" value=\"%lld\">"
		       "<button type=\"submit\" name=\"action\" value=\"%s\" class=\"%s\">%s</button>"
		       "</form> ", (long long)r->id, action, cls, label);
}

static bool rollout_row(void *cls, const struct mq_db_rollout *r)
{
	static const char *const states[] = { "推送中", "已暂停", "已撤回" };
	struct page *p = cls;
	struct mq_html *b = p->b;
	const char *who = r->scope == MQ_ROLLOUT_ALL ? "全部终端"
			  : r->scope == MQ_ROLLOUT_STREET ? mq_console_list_name(&p->streets, r->target)
							  : NULL;
	char when[32];

	mq_date_format_minute(r->changed_at, when, sizeof when);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, r->version);
	mq_html_raw(b, "</td><td>");
	if (r->scope == MQ_ROLLOUT_DEVICE)
		mq_html_raw(b, "试点终端 <code>");
	mq_html_text(b, who ? who : r->target);
	if (r->scope == MQ_ROLLOUT_DEVICE)
		mq_html_raw(b, "</code>");
	mq_html_printf(b, "</td><td><span class=\"%s\">%s</span></td><td>",
		       r->state == MQ_ROLLOUT_ACTIVE ? "tag ok" : "tag", states[r->state]);
	mq_html_text(b, r->created_by);
	mq_html_raw(b, "<br>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	if (r->state == MQ_ROLLOUT_ACTIVE)
		rollout_button(p, r, "pause", "暂停", "");
	if (r->state == MQ_ROLLOUT_PAUSED)
		rollout_button(p, r, "resume", "继续", "");
	if (r->state != MQ_ROLLOUT_WITHDRAWN)
		rollout_button(p, r, "withdraw", "撤回", "danger");
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

/* The streets that have a studio, for the rollout forms. */
static bool add_street(void *cls, const struct mq_db_named *row)
{
	struct page *p = cls;
	struct mq_db_studio studio;
	struct mq_db_named street;

	if (p->db->studio_get(p->db->cls, row->key, &studio) != MQ_OK)
		return false;
	if (mq_console_list_name(&p->streets, studio.street))
		return true;
	snprintf(street.key, sizeof street.key, "%s", studio.street);
	snprintf(street.name, sizeof street.name, "%s", studio.street_name);
	return mq_console_list_add(&p->streets, &street);
}

/* The page's sections after the heading: upload, bundles, rollouts, kiosks. */
static enum mq_err sections(struct mq_handler_ctx *hc, struct page *p)
{
	struct mq_db *db = p->db;
	struct mq_html *b = p->b;
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\"><h2>各终端的更新状态</h2>\n<p class=\"hint\">终端每次同步时"
		       "报告一次。新版本启动后，画出首页并完成一次同步才确认正常；否则自动回到旧版本，"
		       "并在这里显示原因。居民数据不在系统分区，更新和回退都不会动它。</p>\n"
		       MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">终端</th><th scope=\"col\">"
		       "工作室</th><th scope=\"col\">运行版本</th><th scope=\"col\">更新状态</th>"
		       "<th scope=\"col\">系统分区</th><th scope=\"col\">当前启动</th>"
		       "<th scope=\"col\">报告时间</th></tr></thead><tbody>\n");
	err = db->update_status_iterate(db->cls, status_row, p);
	if (err == MQ_OK && p->n == 0)
		mq_html_raw(b, "<tr><td colspan=\"7\">还没有登记的终端。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div></section>\n");
	if (err == MQ_OK)
		err = db->studios_iterate(db->cls, add_street, p);
	if (err == MQ_OK && (p->oom || p->streets.failed))
		err = MQ_ERR_NOMEM;
	mq_html_raw(b, "<section class=\"card\"><h2>上传更新包</h2>\n<p class=\"hint\">只接受本区更新密钥"
		       "签名的 RAUC 更新包（.raucb），上传时即校验签名；");
	mq_html_printf(b, "最大 %lld MB。</p>\n", (long long)(hc->srv->bundle_max_bytes >> 20));
	mq_html_raw(b, "<form method=\"post\" action=\"/console/kiosks/updates/bundle\""
		       " enctype=\"multipart/form-data\">");
	mq_console_csrf_field(b, p->s);
	mq_html_raw(b, "<label for=\"bundle\">更新包文件</label><input type=\"file\" id=\"bundle\""
		       " name=\"bundle\" accept=\".raucb\" required> <button type=\"submit\">上传并校验"
		       "</button></form></section>\n<section class=\"card\"><h2>更新包</h2>\n"
		       MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">版本</th><th scope=\"col\">"
		       "兼容标识</th><th scope=\"col\" class=\"num\">大小</th><th scope=\"col\">SHA-256"
		       "</th><th scope=\"col\">上传</th><th scope=\"col\">推送</th></tr></thead><tbody>\n");
	if (err == MQ_OK)
		err = db->bundles_iterate(db->cls, bundle_row, p);
	mq_html_raw(b, "</tbody></table></div></section>\n<section class=\"card\"><h2>推送记录</h2>\n"
		       "<p class=\"hint\">每台终端装它所在的最新一次“推送中”的更新包。建议先推送给一台"
		       "试点终端，确认“新版本运行正常”后再推送给街道或全区。撤回后不能恢复。</p>\n"
		       MQ_CONSOLE_WRAP "<table><thead><tr><th scope=\"col\">版本</th><th scope=\"col\">"
		       "范围</th><th scope=\"col\">状态</th><th scope=\"col\">操作人</th>"
		       "<th scope=\"col\">操作</th></tr></thead><tbody>\n");
	if (err == MQ_OK)
		err = db->rollouts_iterate(db->cls, rollout_row, p);
	mq_html_raw(b, "</tbody></table></div></section>\n");
	return err;
}

void mq_console_updates_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_html b;
	struct page p = { .db = hc->srv->db, .b = &b, .s = &s };
	enum mq_err err = MQ_OK;

	if (!mq_console_session_staff(hc, resp, &s, "系统更新") || !mq_console_admin_only(&s, resp))
		return;
	mq_html_init(&b);
	mq_console_begin(&b, "系统更新", MQ_NAV_KIOSKS, &s);
	mq_console_saved_notice(&b, hc->req->query);
	mq_html_raw(&b, "<p><a href=\"/console/kiosks\">← 返回终端管理</a></p>\n");
	if (!hc->srv->bundle_dir)
		mq_html_raw(&b, "<section class=\"card\"><h2>系统更新未开启</h2><p>服务器没有设置更新包目录"
			       "（server.ini 的 <code>bundle_dir</code>）和更新密钥"
			       "（<code>update_keyring</code>）。设置后重启服务器即可使用。</p></section>\n");
	else
		err = sections(hc, &p);
	free(p.devices);
	mq_console_list_finish(&p.streets);
	mq_console_finish(&b, resp, &s, err);
}
