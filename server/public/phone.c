/* phone.c — what the phone side's pages share (phone.h): the studio, the
 * frame and its 大字版 toggle, the guard of every POST, refusals as pages.
 *
 * A refusal is always a whole page in plain words with a way back, never a
 * bare status: a resident on a cheap phone in WeChat cannot read JSON. */
#include "phone.h"

#include <stdio.h>
#include <string.h>

#include "mq_id.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_wire.h"

/* track.css brings the form pieces and the size toggle, booking.css the
 * buttons and slot lists; track-large.css the large type of the tracking
 * page, so that 大字版 reads alike across the flow. */
static const char *const phone_css[] = { "track.css", "booking.css", "phone.css", NULL };
static const char *const phone_large_css[] = { "track.css", "booking.css", "phone.css",
					       "track-large.css", "phone-large.css", NULL };

#define FOOTER "民情E点通 · 不用下载APP，不用注册。您的姓名和电话不会公开显示。"

bool phone_open(struct phone_req *r, struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const char *q = hc->req->query ? hc->req->query : "";
	enum mq_err err = MQ_ERR_NOT_FOUND;

	memset(r, 0, sizeof *r);
	r->hc = hc;
	r->large = strstr(q, "size=large") != NULL;
	if (hc->param && mq_wire_is_key(hc->param))
		err = db->studio_get(db->cls, hc->param, &r->studio);
	if (err == MQ_OK)
		return true;
	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_info("phone", "%s %s: no such studio", hc->req->method, hc->req->path);
		mq_page_message_ex(resp, 404, "民情E点通", phone_css, "找不到这个委员工作室",
				   "这个链接没有对应的委员工作室。",
				   "请检查二维码是否完整，或重新扫描工作室门口的二维码。");
		return false;
	}
	mq_page_message_ex(resp, 503, "民情E点通", phone_css, "暂时无法打开", "服务器暂时繁忙。",
			   "请稍后再试。");
	mq_http_add_header(resp, "Retry-After", "30");
	return false;
}

void phone_close(struct phone_req *r)
{
	mq_form_finish(&r->form);
}

/* Answers 503 for a storage failure while handling @p r. */
static void busy(struct mq_http_response *resp, const struct phone_req *r)
{
	phone_message(resp, r, 503, "服务器暂时繁忙，这次没有提交成功。",
		      "请稍后再试。点浏览器的“返回”可以回到刚才的页面，填写的内容一般还在。",
		      NULL, NULL);
	mq_http_add_header(resp, "Retry-After", "30");
}

bool phone_new_token(struct phone_req *r, enum mq_phone_form form,
		     struct mq_http_response *resp)
{
	if (mq_phone_form_token(r->hc->srv->db, form, r->studio.id, r->hc->req->now, r->token) ==
	    MQ_OK)
		return true;
	busy(resp, r);
	return false;
}

/* The page a POST past the rate limits gets: how long to wait, in minutes. */
static void too_many(struct mq_http_response *resp, const struct phone_req *r, int64_t wait_s)
{
	char text[256], after[24];
	long minutes = (long)((wait_s + 59) / 60);

	snprintf(text, sizeof text, "为了防止有人恶意大量提交，同一网络在短时间内只能提交有限的次数。"
		 "请过%ld分钟后再提交。点浏览器的“返回”可以回到刚才的页面，填写的内容一般还在。",
		 minutes);
	phone_message(resp, r, 429, "提交得太频繁了，请稍后再试。", text, NULL, NULL);
	snprintf(after, sizeof after, "%lld", (long long)wait_s);
	mq_http_add_header(resp, "Retry-After", after);
}

/* The form's own page: where a refused form sends the resident back to. */
static const char *form_path(enum mq_phone_form form, const struct phone_req *r, char *out,
			     size_t size)
{
	snprintf(out, size, "/f/%s%s", r->studio.id, form == MQ_PHONE_FORM_BOOKING ? "/book" : "");
	return out;
}

enum phone_guard phone_guard(struct phone_req *r, enum mq_phone_form form,
			     struct mq_http_response *resp)
{
	struct mq_handler_ctx *hc = r->hc;
	struct mq_db *db = hc->srv->db;
	const char *client = hc->req->client ? hc->req->client : "-";
	const char *size, *hp;
	char back[MQ_KEY_MAX + 16];
	int64_t wait_s = 0;
	enum mq_phone_verdict verdict;

	if (mq_phone_admit(db, r->studio.id, hc->req->client, hc->req->now, &wait_s) != MQ_OK) {
		busy(resp, r);
		return PHONE_ANSWERED;
	}
	if (wait_s > 0) {
		mq_log_warn("phone", "POST %s from %s refused: wait %lld s", hc->req->path, client,
			    (long long)wait_s);
		too_many(resp, r, wait_s);
		return PHONE_ANSWERED;
	}
	form_path(form, r, back, sizeof back);
	if (hc->req->body_too_big || hc->req->len > MQ_PHONE_POST_MAX ||
	    !mq_form_parse_max(hc->req->body, hc->req->len, MQ_PHONE_FIELD_MAX, &r->form)) {
		mq_log_info("phone", "POST %s: body of %zu bytes refused", hc->req->path,
			    hc->req->len);
		phone_message(resp, r, 413, "内容太长或无法识别，没有提交。",
			      "意见内容最多2000字。请删减后重新填写。", back, "重新填写");
		return PHONE_ANSWERED;
	}
	size = mq_form_get(&r->form, "size");
	r->large = size && strcmp(size, "large") == 0;
	if (mq_phone_form_check(db, form, r->studio.id, mq_form_get(&r->form, "form"),
				hc->req->now, &verdict) != MQ_OK) {
		busy(resp, r);
		return PHONE_ANSWERED;
	}
	if (verdict == MQ_PHONE_TOKEN_FORGED) {
		mq_log_warn("phone", "POST %s from %s: missing or forged form token", hc->req->path,
			    client);
		phone_message(resp, r, 403, "这个页面已经失效，没有提交。",
			      "请重新打开填写页面再提交。如果您是扫二维码进来的，请重新扫码。", back,
			      "重新打开填写页面");
		return PHONE_ANSWERED;
	}
	hp = mq_form_get(&r->form, MQ_PHONE_HONEYPOT);
	if (hp && *hp) {
		mq_log_warn("phone", "POST %s from %s: honeypot filled, dropped", hc->req->path,
			    client);
		snprintf(r->token, sizeof r->token, "%s", mq_form_get(&r->form, "form"));
		return PHONE_DECOY;
	}
	if (verdict == MQ_PHONE_TOKEN_EXPIRED) {
		mq_log_info("phone", "POST %s: form expired, shown again", hc->req->path);
		return phone_new_token(r, form, resp) ? PHONE_EXPIRED : PHONE_ANSWERED;
	}
	snprintf(r->token, sizeof r->token, "%s", mq_form_get(&r->form, "form"));
	return PHONE_GO;
}

void phone_begin(struct mq_html *b, const struct phone_req *r, const char *brand,
		 const char *heading, const char *path)
{
	mq_page_begin_ex(b, brand, heading, r->large ? phone_large_css : phone_css);
	mq_html_raw(b, "<p class=\"toggle\"><a href=\"");
	mq_html_text(b, path);
	if (r->large)
		mq_html_raw(b, "\">标准字号</a></p>\n");
	else
		mq_html_raw(b, "?size=large\">大字版</a></p>\n");
}

void phone_reply(struct mq_http_response *resp, unsigned int status, struct mq_html *b)
{
	mq_page_reply(resp, status, b, FOOTER);
}

void phone_message(struct mq_http_response *resp, const struct phone_req *r, unsigned int status,
		   const char *lead, const char *text, const char *back, const char *back_label)
{
	struct mq_html b;

	mq_html_init(&b);
	mq_page_begin_ex(&b, "民情E点通", r->studio.name[0] ? r->studio.name : "委员工作室",
			 r->large ? phone_large_css : phone_css);
	mq_html_raw(&b, "<section class=\"card notice\" role=\"alert\">\n<p class=\"big\">");
	mq_html_text(&b, lead);
	mq_html_raw(&b, "</p>\n<p>");
	mq_html_text(&b, text);
	mq_html_raw(&b, "</p>\n");
	if (back) {
		mq_html_raw(&b, "<a class=\"btn primary\" href=\"");
		mq_html_text(&b, back);
		if (r->large)
			mq_html_raw(&b, "?size=large");
		mq_html_raw(&b, "\">");
		mq_html_text(&b, back_label);
		mq_html_raw(&b, "</a>\n");
	}
	mq_html_raw(&b, "</section>\n");
	phone_reply(resp, status, &b);
}

void phone_form_open(struct mq_html *b, const struct phone_req *r, const char *path)
{
	mq_html_raw(b, "<form method=\"post\" action=\"");
	mq_html_text(b, path);
	mq_html_raw(b, "\" accept-charset=\"utf-8\">\n<input type=\"hidden\" name=\"form\" value=\"");
	mq_html_text(b, r->token);
	mq_html_raw(b, "\">\n");
	if (r->large)
		mq_html_raw(b, "<input type=\"hidden\" name=\"size\" value=\"large\">\n");
	/* off screen, out of the tab order and hidden from screen readers: only
	 * a robot filling every field fills it */
	mq_html_raw(b, "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-hp\">"
		      "如果您是居民，请不要填写这一项</label><input type=\"text\" id=\"f-hp\" name=\""
		      MQ_PHONE_HONEYPOT "\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
}

void phone_redirect(struct mq_http_response *resp, const struct phone_req *r, const char *path,
		    bool fresh)
{
	char where[128];

	snprintf(where, sizeof where, "%s%s%s", path, fresh ? "?new=1" : "",
		 !r->large ? "" : fresh ? "&size=large" : "?size=large");
	mq_http_reply_redirect(resp, where);
}

void phone_decoy_reply(struct phone_req *r, struct mq_http_response *resp, const char *prefix,
		       bool fresh)
{
	char decoy[MQ_TOKEN_LEN + 1], where[MQ_TOKEN_LEN + 8];

	if (mq_phone_decoy(r->hc->srv->db, r->token, decoy) != MQ_OK) {
		busy(resp, r);
		return;
	}
	snprintf(where, sizeof where, "%s%s", prefix, decoy);
	phone_redirect(resp, r, where, fresh);
}

void phone_error(struct phone_errors *e, const char *msg)
{
	if (e->n < sizeof e->msg / sizeof e->msg[0])
		e->msg[e->n++] = msg;
}

void phone_errors_card(struct mq_html *b, const struct phone_errors *e, const char *note)
{
	if (note) {
		mq_html_raw(b, "<section class=\"card notice\" role=\"status\"><p class=\"big\">");
		mq_html_text(b, note);
		mq_html_raw(b, "</p></section>\n");
	}
	if (!e || e->n == 0)
		return;
	mq_html_raw(b, "<section class=\"card errors\" role=\"alert\" aria-labelledby=\"err\">\n"
		      "<h2 id=\"err\">还不能提交，请修改以下几处：</h2>\n<ul class=\"plain\">\n");
	for (unsigned int i = 0; i < e->n; i++) {
		mq_html_raw(b, "<li>");
		mq_html_text(b, e->msg[i]);
		mq_html_raw(b, "</li>\n");
	}
	mq_html_raw(b, "</ul>\n</section>\n");
}

/* ---- the voter cookie of 大家来选议题 and 问卷调查 ---------------------------- */

#define PHONE_VOTER_COOKIE "mq_voter"
#define PHONE_VOTER_MAX_AGE (400 * 86400)

void phone_voter(struct phone_req *r, struct mq_http_response *resp,
		 char out[PHONE_VOTER_HEX + 1])
{
	const char *cookie = mq_http_request_header(r->hc->req, "Cookie");
	char hdr[160];

	if (mq_cookie_get(cookie, PHONE_VOTER_COOKIE, out, PHONE_VOTER_HEX + 1) &&
	    strlen(out) == PHONE_VOTER_HEX)
		return;
	mq_id_random_hex(out, PHONE_VOTER_HEX / 2);
	snprintf(hdr, sizeof hdr, "%s=%s; Path=/f/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
		 PHONE_VOTER_COOKIE, out, PHONE_VOTER_MAX_AGE,
		 mq_http_server_is_https(r->hc->srv) ? "; Secure" : "");
	mq_http_add_header(resp, "Set-Cookie", hdr);
}
