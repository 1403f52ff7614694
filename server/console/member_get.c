/* member_get.c — GET /console/members/{key}: one member's record
 * with the form that edits sector, expertise, badge code and the
 * communities covered, and resets the check-in PIN. */
#include <stdio.h>
#include <string.h>

#include "console.h"

static bool got(void *cls, const struct mq_db_member_admin *m)
{
	*(json_t **)cls = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:s}",
				    "key", m->m.key, "name", m->m.name, "sector", m->m.sector,
				    "expertise", m->m.expertise, "studio", m->m.studio,
				    "studio_name", m->studio_name, "badge_code", m->badge_code,
				    "has_pin", m->has_pin, "communities", m->communities);
	return false;
}

static const char *js(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

struct boxes {
	struct mq_html *b;
	const char *covered;   /* comma-separated keys */
};

static bool covers(const char *list, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, key, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool community_box(void *cls, const struct mq_db_named *c)
{
	struct boxes *x = cls;

	mq_html_raw(x->b, "<label style=\"font-weight:400;display:inline-block;margin-right:12px\">"
			 "<input type=\"checkbox\" name=\"communities\" value=\"");
	mq_html_text(x->b, c->key);
	mq_html_printf(x->b, "\"%s> ", covers(x->covered, c->key) ? " checked" : "");
	mq_html_text(x->b, c->name);
	mq_html_raw(x->b, "</label>");
	return true;
}

/* The member page; @p pin, when not NULL, is a new PIN shown once. */
void mq_console_member_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s, const char *key, const char *pin)
{
	struct mq_db *db = hc->srv->db;
	struct mq_html b;
	json_t *m = NULL;
	struct boxes x = { .b = &b };
	enum mq_err err = db->members_admin_iterate(db->cls, mq_account_studio(&s->staff), key, got, &m);

	if (err == MQ_OK && !m) {
		mq_console_message(resp, 404, s, "未找到", "没有这位委员，或您无权查看。");
		return;
	}
	mq_html_init(&b);
	mq_console_begin(&b, "委员档案", MQ_NAV_MEMBERS, s);
	if (err == MQ_OK) {
		if (pin) {
			mq_html_raw(&b, "<p class=\"notice\" role=\"status\">新的签到PIN：<strong style=\"font-size:22px;"
				       "letter-spacing:.15em\">");
			mq_html_text(&b, pin);
			mq_html_raw(&b, "</strong>。只显示这一次，请当面告知委员本人。</p>\n");
		}
		mq_html_raw(&b, "<section class=\"card\"><h2>");
		mq_html_text(&b, js(m, "name"));
		mq_html_raw(&b, "</h2><p>");
		mq_html_text(&b, js(m, "studio_name"));
		mq_html_printf(&b, "委员小组 · 签到PIN：%s</p>\n<form method=\"post\" action=\"/console/members/",
			       json_is_true(json_object_get(m, "has_pin")) ? "已设置" : "未设置");
		mq_html_text(&b, js(m, "key"));
		mq_html_raw(&b, "\">");
		mq_console_csrf_field(&b, s);
		mq_html_raw(&b, "<div class=\"field\"><label for=\"m-sector\">界别</label><input type=\"text\""
			       " id=\"m-sector\" name=\"sector\" maxlength=\"60\" required value=\"");
		mq_html_text(&b, js(m, "sector"));
		mq_html_raw(&b, "\"></div><div class=\"field\"><label for=\"m-exp\">专长</label><input type=\"text\""
			       " id=\"m-exp\" name=\"expertise\" maxlength=\"100\" style=\"width:100%\" value=\"");
		mq_html_text(&b, js(m, "expertise"));
		mq_html_raw(&b, "\"></div><div class=\"field\"><label for=\"m-badge\">胸卡编码</label><input type=\"text\""
			       " id=\"m-badge\" name=\"badge_code\" maxlength=\"32\" value=\"");
		mq_html_text(&b, js(m, "badge_code"));
		mq_html_raw(&b, "\"><p class=\"hint\">扫码枪读出的内容，用于签到。</p></div>"
			       "<fieldset><legend>联系社区</legend>");
		x.covered = js(m, "communities");
		err = db->communities_iterate(db->cls, js(m, "studio"), community_box, &x);
		mq_html_raw(&b, "</fieldset><div class=\"field\"><label style=\"font-weight:400\">"
			       "<input type=\"checkbox\" name=\"reset_pin\" value=\"1\"> 重置签到PIN（生成新的6位数字）"
			       "</label></div><button type=\"submit\">保存</button></form></section>\n");
	}
	json_decref(m);
	mq_console_finish(&b, resp, s, err);
}

void mq_console_member_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;

	if (!mq_console_session_staff(hc, resp, &s, "委员管理"))
		return;
	mq_console_member_page(hc, resp, &s, hc->param, NULL);
}
