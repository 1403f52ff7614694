/* file_get.c — GET /console/file: 走访登记, the phone-sized form on which a
 * liaison officer (民情联络员) files an opinion for a resident visited:
 * category, community, the resident's words, and their name or phone only
 * when they agree (the box unticked by default). The form carries a signed
 * form token (MQ_PHONE_FORM_LIAISON) beside the session's CSRF token, so
 * that sending it twice files once. Only liaison officers file; the form
 * is answered again with what was typed when something is missing. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_phone.h"

/* Options of @p l, @p chosen selected, after a first option @p none. */
static void options(struct mq_html *b, const struct mq_console_list *l, const char *none,
		    const char *chosen)
{
	mq_html_raw(b, "<option value=\"\">");
	mq_html_text(b, none);
	mq_html_raw(b, "</option>");
	for (size_t i = 0; i < l->n; i++) {
		bool on = chosen && strcmp(chosen, l->items[i].key) == 0;

		mq_html_raw(b, "<option value=\"");
		mq_html_text(b, l->items[i].key);
		mq_html_printf(b, "\"%s>", on ? " selected" : "");
		mq_html_text(b, l->items[i].name);
		mq_html_raw(b, "</option>");
	}
}

/* A text value of @p v, or "" when NULL. */
static const char *val(const char *v)
{
	return v ? v : "";
}

/* The form's fields, filled from @p in. */
static void fields(struct mq_html *b, const struct mq_console_list *cats,
		   const struct mq_console_list *comms, const struct mq_console_filing *in)
{
	mq_html_raw(b, "<div class=\"field\"><label for=\"f-community\">走访的社区</label>"
		       "<select id=\"f-community\" name=\"community\" required>");
	options(b, comms, "请选择社区", in->community);
	mq_html_raw(b, "</select></div><div class=\"field\"><label for=\"f-category\">意见类别</label>"
		       "<select id=\"f-category\" name=\"category\" required>");
	options(b, cats, "请选择类别", in->category);
	mq_html_raw(b, "</select></div><div class=\"field\"><label for=\"f-text\">居民反映的意见</label>"
		       "<textarea id=\"f-text\" name=\"text\" maxlength=\"2000\" required rows=\"6\">");
	mq_html_text(b, val(in->text));
	mq_html_printf(b, "</textarea><p class=\"hint\">尽量记下居民的原话。</p></div>"
		       "<fieldset><legend>联系方式</legend><label class=\"check\" for=\"f-consent\">"
		       "<input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"yes\"%s>"
		       "<span>居民同意留下姓名和电话，以便回复</span></label>"
		       "<p class=\"hint\">居民不同意时不要填写，意见照样登记。</p>",
		       in->consent ? " checked" : "");
	mq_html_raw(b, "<div class=\"field\"><label for=\"f-name\">居民姓名</label>"
		       "<input type=\"text\" id=\"f-name\" name=\"name\" maxlength=\"50\" autocomplete=\"off\" value=\"");
	mq_html_text(b, val(in->name));
	mq_html_raw(b, "\"></div><div class=\"field\"><label for=\"f-phone\">居民手机号</label>"
		       "<input type=\"tel\" id=\"f-phone\" name=\"phone\" maxlength=\"20\" "
		       "inputmode=\"numeric\" autocomplete=\"off\" value=\"");
	mq_html_text(b, val(in->phone));
	mq_html_raw(b, "\"></div></fieldset>");
}

void mq_console_file_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			  const struct mq_db_session *s, unsigned int status, const char *error,
			  const struct mq_console_filing *in)
{
	struct mq_db *db = hc->srv->db;
	struct mq_console_list cats = { 0 }, comms = { 0 };
	char token[MQ_PHONE_FORM_MAX];
	struct mq_html b;
	enum mq_err err = db->categories_iterate(db->cls, mq_console_list_add, &cats);

	if (err == MQ_OK)
		err = db->communities_iterate(db->cls, s->staff.studio, mq_console_list_add, &comms);
	/* the same token again after an error: sending it twice still files once */
	if (err == MQ_OK && in->form)
		snprintf(token, sizeof token, "%s", in->form);
	else if (err == MQ_OK)
		err = mq_phone_form_token(db, MQ_PHONE_FORM_LIAISON, s->staff.studio, hc->req->now,
					  token);
	mq_html_init(&b);
	mq_console_begin(&b, "走访登记", MQ_NAV_FILE, s);
	if (error) {
		mq_html_raw(&b, "<p class=\"error\" role=\"alert\">");
		mq_html_text(&b, error);
		mq_html_raw(&b, "</p>\n");
	}
	mq_html_raw(&b, "<section class=\"card phone\"><p class=\"hint\">替走访的居民登记意见，"
		       "登记后进入收件箱，和居民自己反映的一样办理。</p>"
		       "<form method=\"post\" action=\"/console/file\">");
	mq_console_csrf_field(&b, s);
	mq_html_raw(&b, "<input type=\"hidden\" name=\"form\" value=\"");
	mq_html_text(&b, err == MQ_OK ? token : "");
	mq_html_raw(&b, "\">");
	fields(&b, &cats, &comms, in);
	mq_html_raw(&b, "<button type=\"submit\">登记</button></form></section>\n");
	mq_console_list_finish(&cats);
	mq_console_list_finish(&comms);
	if (err != MQ_OK) {
		mq_console_finish(&b, resp, s, err);
		return;
	}
	mq_console_end(&b, resp, status);
}

/* True if @p s is a liaison officer's; otherwise answers 403 and returns false. */
bool mq_console_liaison_only(const struct mq_db_session *s, struct mq_http_response *resp)
{
	if (s->staff.role == MQ_ROLE_LIAISON && s->staff.studio[0])
		return true;
	mq_console_message(resp, 403, s, "无权查看", "走访登记仅供民情联络员使用。");
	return false;
}

void mq_console_file_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_console_filing empty = { 0 };

	if (!mq_console_session(hc, resp, &s) || !mq_console_liaison_only(&s, resp))
		return;
	mq_console_file_page(hc, resp, &s, 200, NULL, &empty);
}
