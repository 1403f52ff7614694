/* phone_form.c — the opinion form of /f/{studio} and its review step
 * (phone.h): plain HTML that works without JavaScript in WeChat's browser
 * on a 360-px phone. Anonymous is the default; a name and phone go with an
 * explicit consent box. The review shows what will be sent, the name and
 * phone only masked, and carries the fields on in hidden inputs. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_mask.h"
#include "mq_wire.h"
#include "phone.h"

#define BRAND "民情E点通 · 反映意见"

/* ---- reading and checking -------------------------------------------------- */

/* True if field @p name of @p f is "yes". */
static bool yes(const struct mq_form *f, const char *name)
{
	const char *v = mq_form_get(f, name);

	return v && strcmp(v, "yes") == 0;
}

void phone_opinion_read(struct phone_req *r, struct phone_opinion *o)
{
	struct mq_form *f = &r->form;

	memset(o, 0, sizeof *o);
	o->category = mq_form_text(f, "category");
	o->community = mq_form_text(f, "community");
	o->member = mq_form_text(f, "member");
	o->text = mq_form_text(f, "text");
	o->contact = yes(f, "contact");
	o->name = mq_form_text(f, "name");
	o->phone = mq_form_text(f, "phone");
	o->consent = yes(f, "consent");
}

bool phone_opinion_check(const struct phone_opinion *o, struct phone_errors *e,
			 char mobile[MQ_PHONE_MOBILE_LEN + 1])
{
	long n = o->text ? mq_utf8_length(o->text) : 0;

	mobile[0] = '\0';
	if (!o->category || !mq_wire_is_key(o->category))
		phone_error(e, "请在第1项选择一个类别。");
	if ((o->community && !mq_wire_is_key(o->community)) ||
	    (o->member && !mq_wire_is_key(o->member)))
		phone_error(e, "社区或委员的选择有误，请重新选择。");
	if (n < 1)
		phone_error(e, "请在第3项写下您的意见。");
	else if (n > MQ_OPINION_TEXT_MAX)
		phone_error(e, "意见内容最多2000字，请删减一些。");
	if (!o->contact)
		return e->n == 0;
	if (!o->name && !o->phone)
		phone_error(e, "选择了留下联系方式，请填写姓名或手机号（或改选匿名提交）。");
	if (o->name && mq_utf8_length(o->name) > MQ_NAME_MAX)
		phone_error(e, "姓名最多50个字。");
	if (o->phone && !mq_phone_is_mobile(o->phone, mobile))
		phone_error(e, "手机号应为11位数字，以1开头，例如 138 0013 8000。");
	if (!o->consent)
		phone_error(e, "留下姓名和电话，需要勾选“同意委员工作室用它们联系我”。");
	return e->n == 0;
}

/* ---- the form ---------------------------------------------------------------- */

/* A choice list being built: its page and the value to mark chosen. */
struct choices {
	struct mq_html *b;
	const char *chosen;
};

static bool category_choice(void *cls, const struct mq_db_named *row)
{
	struct choices *c = cls;

	mq_html_raw(c->b, "<label class=\"choice\"><input type=\"radio\" name=\"category\" value=\"");
	mq_html_text(c->b, row->key);
	mq_html_raw(c->b, "\" required");
	if (c->chosen && strcmp(c->chosen, row->key) == 0)
		mq_html_raw(c->b, " checked");
	mq_html_raw(c->b, "> ");
	mq_html_text(c->b, row->name);
	mq_html_raw(c->b, "</label>\n");
	return true;
}

static void option(struct choices *c, const char *key, const char *name)
{
	mq_html_raw(c->b, "<option value=\"");
	mq_html_text(c->b, key);
	mq_html_raw(c->b, "\"");
	if (c->chosen && strcmp(c->chosen, key) == 0)
		mq_html_raw(c->b, " selected");
	mq_html_raw(c->b, ">");
	mq_html_text(c->b, name);
	mq_html_raw(c->b, "</option>\n");
}

static bool community_choice(void *cls, const struct mq_db_named *row)
{
	option(cls, row->key, row->name);
	return true;
}

static bool member_choice(void *cls, const struct mq_db_member *row)
{
	char label[2 * MQ_DB_NAME_MAX + 8];

	snprintf(label, sizeof label, "%s（%s）", row->name, row->sector);
	option(cls, row->key, label);
	return true;
}

/* Steps 1 to 4: category, community, the opinion, the member. */
static enum mq_err what_fields(struct mq_html *b, struct mq_db *db, const char *studio,
			       const struct phone_opinion *o)
{
	struct choices c = { .b = b, .chosen = o->category };
	enum mq_err err;

	mq_html_raw(b, "<fieldset class=\"card choices\"><legend>1. 您要反映哪方面的事？</legend>\n");
	err = db->categories_iterate(db->cls, category_choice, &c);
	mq_html_raw(b, "</fieldset>\n<section class=\"card\"><label class=\"lbl\" for=\"f-community\">"
		      "2. 您住在哪个社区？（可不选）</label>\n<select id=\"f-community\" "
		      "name=\"community\">\n");
	c.chosen = o->community ? o->community : "";
	option(&c, "", "不选");
	if (err == MQ_OK)
		err = db->communities_iterate(db->cls, studio, community_choice, &c);
	mq_html_raw(b, "</select></section>\n<section class=\"card\"><label class=\"lbl\" "
		      "for=\"f-text\">3. 您的意见</label>\n<p class=\"hint\" id=\"f-text-hint\">"
		      "请写清楚在什么地方、是什么情况、希望怎样解决。最多2000字。</p>\n"
		      "<textarea id=\"f-text\" name=\"text\" rows=\"7\" maxlength=\"2000\" required "
		      "aria-describedby=\"f-text-hint\">");
	mq_html_text(b, o->text ? o->text : "");
	mq_html_raw(b, "</textarea></section>\n<section class=\"card\"><label class=\"lbl\" "
		      "for=\"f-member\">4. 写给哪位委员？（委员信箱，可不选）</label>\n"
		      "<select id=\"f-member\" name=\"member\">\n");
	c.chosen = o->member ? o->member : "";
	option(&c, "", "不指定委员");
	if (err == MQ_OK)
		err = db->members_iterate(db->cls, studio, member_choice, &c);
	mq_html_raw(b, "</select></section>\n");
	return err;
}

/* Step 5: anonymous (the default), or a name and phone with consent. */
static void contact_fields(struct mq_html *b, const struct phone_opinion *o)
{
	mq_html_raw(b, "<fieldset class=\"card choices\"><legend>5. 是否留下联系方式？</legend>\n"
		      "<label class=\"choice\"><input type=\"radio\" name=\"contact\" value=\"no\"");
	if (!o->contact)
		mq_html_raw(b, " checked");
	mq_html_raw(b, "> 匿名提交，不留姓名和电话</label>\n<label class=\"choice\"><input "
		      "type=\"radio\" name=\"contact\" value=\"yes\"");
	if (o->contact)
		mq_html_raw(b, " checked");
	mq_html_raw(b, "> 留下姓名和电话，方便委员联系我</label>\n<div class=\"contact\">\n"
		      "<p class=\"hint\">选了“留下姓名和电话”才需要填写下面几项。</p>\n"
		      "<label class=\"lbl\" for=\"f-name\">姓名</label>\n<input type=\"text\" "
		      "id=\"f-name\" name=\"name\" maxlength=\"50\" autocomplete=\"name\" value=\"");
	mq_html_text(b, o->name ? o->name : "");
	mq_html_raw(b, "\">\n<label class=\"lbl\" for=\"f-phone\">手机号</label>\n<input type=\"tel\" "
		      "id=\"f-phone\" name=\"phone\" maxlength=\"20\" inputmode=\"numeric\" "
		      "autocomplete=\"tel\" value=\"");
	mq_html_text(b, o->phone ? o->phone : "");
	mq_html_raw(b, "\">\n<label class=\"consent\"><input type=\"checkbox\" name=\"consent\" "
		      "value=\"yes\"");
	if (o->consent)
		mq_html_raw(b, " checked");
	mq_html_raw(b, "> 我同意委员工作室用我的姓名和电话联系我。它们不会公开，也不会显示在查询页面上。"
		      "</label>\n</div>\n</fieldset>\n");
}

void phone_opinion_form(struct phone_req *r, struct mq_http_response *resp, unsigned int status,
			const struct phone_opinion *o, const struct phone_errors *e,
			const char *note)
{
	static const struct phone_opinion empty;
	struct mq_db *db = r->hc->srv->db;
	struct mq_html b;
	char path[MQ_KEY_MAX + 8];

	if (!o)
		o = &empty;
	snprintf(path, sizeof path, "/f/%s", r->studio.id);
	mq_html_init(&b);
	phone_begin(&b, r, BRAND, r->studio.name, path);
	if (!note && (!e || e->n == 0)) {
		mq_html_raw(&b, "<section class=\"card intro\"><p class=\"big\">有事找委员，在手机上就能说。</p>\n"
			       "<p>不用下载APP，不用注册。提交后会得到一个查询码，随时可以查看办理进度。</p>\n"
			       "<p>想当面和值班委员谈？<a href=\"");
		mq_html_text(&b, path);
		mq_html_raw(&b, "/book");
		if (r->large)
			mq_html_raw(&b, "?size=large");
		mq_html_raw(&b, "\">预约来访</a></p>");
		phone_participation_links(&b, r);
		mq_html_raw(&b, "</section>\n");
	}
	phone_errors_card(&b, e, note);
	phone_form_open(&b, r, path);
	if (what_fields(&b, db, r->studio.id, o) != MQ_OK) {
		mq_html_finish(&b);
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再打开本页。", NULL, NULL);
		return;
	}
	contact_fields(&b, o);
	mq_html_raw(&b, "<button type=\"submit\" name=\"step\" value=\"review\">下一步：核对内容</button>\n"
		       "</form>\n");
	phone_reply(resp, status, &b);
}

/* ---- the review -------------------------------------------------------------- */

static void hidden(struct mq_html *b, const char *name, const char *value)
{
	if (!value)
		return;
	mq_html_raw(b, "<input type=\"hidden\" name=\"");
	mq_html_text(b, name);
	mq_html_raw(b, "\" value=\"");
	mq_html_text(b, value);
	mq_html_raw(b, "\">\n");
}

static void review_row(struct mq_html *b, const char *dt, const char *dd)
{
	mq_html_raw(b, "<dt>");
	mq_html_text(b, dt);
	mq_html_raw(b, "</dt><dd>");
	mq_html_text(b, dd);
	mq_html_raw(b, "</dd>\n");
}

/* The rows of what will be sent: names looked up, the contact masked. */
static enum mq_err review_rows(struct mq_html *b, struct mq_db *db, const char *studio,
			       const struct phone_opinion *o, const char *mobile)
{
	struct mq_db_named named;
	struct mq_db_member m;
	char line[2 * MQ_DB_NAME_MAX + 16], name[64], phone[32];
	enum mq_err err = db->category_get(db->cls, o->category, &named);

	if (err != MQ_OK)
		return err;
	review_row(b, "类别", named.name);
	if (o->community && (err = db->community_get(db->cls, studio, o->community, &named)) != MQ_OK)
		return err;
	review_row(b, "社区", o->community ? named.name : "未选");
	if (o->member && (err = db->member_get(db->cls, studio, o->member, &m)) != MQ_OK)
		return err;
	if (o->member)
		snprintf(line, sizeof line, "%s（%s）", m.name, m.sector);
	review_row(b, "写给", o->member ? line : "不指定委员，由工作室安排");
	if (o->contact) {
		mq_mask_name(o->name, name, sizeof name);
		mq_mask_phone(mobile, phone, sizeof phone);
		snprintf(line, sizeof line, "%s %s（已同意委员联系您）", o->name ? name : "",
			 o->phone ? phone : "");
	}
	review_row(b, "联系方式", o->contact ? line : "匿名，不留姓名和电话");
	return MQ_OK;
}

void phone_opinion_review(struct phone_req *r, struct mq_http_response *resp,
			  const struct phone_opinion *o, const char *mobile)
{
	struct mq_db *db = r->hc->srv->db;
	struct mq_html b;
	char path[MQ_KEY_MAX + 8];
	enum mq_err err;

	snprintf(path, sizeof path, "/f/%s", r->studio.id);
	mq_html_init(&b);
	phone_begin(&b, r, BRAND, "请核对您的意见", path);
	mq_html_raw(&b, "<section class=\"card\" aria-labelledby=\"rv\">\n<h2 id=\"rv\">将要提交给");
	mq_html_text(&b, r->studio.name);
	mq_html_raw(&b, "</h2>\n<dl>\n");
	err = review_rows(&b, db, r->studio.id, o, mobile);
	mq_html_raw(&b, "</dl>\n<h2 class=\"sub\">意见内容</h2>\n<p class=\"text\">");
	mq_html_text(&b, o->text);
	mq_html_raw(&b, "</p>\n</section>\n");
	phone_form_open(&b, r, path);
	hidden(&b, "category", o->category);
	hidden(&b, "community", o->community);
	hidden(&b, "member", o->member);
	hidden(&b, "text", o->text);
	if (o->contact) {
		hidden(&b, "contact", "yes");
		hidden(&b, "name", o->name);
		hidden(&b, "phone", o->phone);
		hidden(&b, "consent", o->consent ? "yes" : NULL);
	}
	mq_html_raw(&b, "<button type=\"submit\" name=\"step\" value=\"submit\">确认提交</button>\n"
		       "<button type=\"submit\" name=\"step\" value=\"edit\" class=\"btn\">返回修改</button>\n"
		       "</form>\n");
	if (err == MQ_ERR_NOT_FOUND) {
		struct phone_errors e = { 0 };

		mq_html_finish(&b);
		phone_error(&e, "所选的类别、社区或委员不存在，请重新选择。");
		phone_opinion_form(r, resp, 422, o, &e, NULL);
		return;
	}
	if (err != MQ_OK) {
		mq_html_finish(&b);
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再试。", NULL, NULL);
		return;
	}
	phone_reply(resp, 200, &b);
}
