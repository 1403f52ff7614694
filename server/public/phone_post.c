/* phone_post.c — POST /f/{studio}: the opinion form's steps, without
 * JavaScript. step=review checks the form and shows what will be sent (or
 * the form again with what to change); step=edit goes back to the form
 * filled in; step=submit files the opinion (channel `phone`) and answers
 * 303 to its tracking page /t/{token}?new=1, which shows the 查询码 and
 * says to bookmark it. The same form submitted twice is stored once and
 * answered alike (mq_phone_file_opinion). Every POST passes phone_guard:
 * rate limits, size, form token, honeypot. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "phone.h"

/* Files the checked opinion @p o and answers with its tracking page. */
static void file(struct phone_req *r, struct mq_http_response *resp,
		 const struct phone_opinion *o, const char *mobile)
{
	struct mq_phone_opinion_in in = {
		.studio = r->studio.id, .form = r->token, .category = o->category,
		.community = o->community, .member = o->member, .text = o->text,
		.name = o->contact ? o->name : NULL, .phone = o->contact && o->phone ? mobile : NULL,
		.now = r->hc->req->now,
	};
	struct mq_phone_filed filed;
	struct phone_errors e = { 0 };
	char msg[160], where[MQ_TOKEN_LEN + 8];
	enum mq_err err = mq_phone_file_opinion(r->hc->srv->db, &in, &filed, msg, sizeof msg);

	if (err == MQ_OK) {
		mq_log_info("phone", "opinion filed at %s%s", r->studio.id,
			    filed.again ? " (the same form again: answered as before)" : "");
		snprintf(where, sizeof where, "/t/%s", filed.token);
		phone_redirect(resp, r, where, true);
	} else if (err == MQ_ERR_INVALID) {
		mq_log_info("phone", "opinion at %s refused: %s", r->studio.id, msg);
		phone_error(&e, "所选的类别、社区或委员不存在，或内容不符合要求，请检查后再提交。");
		phone_opinion_form(r, resp, 422, o, &e, NULL);
	} else {
		phone_message(resp, r, 503, "服务器暂时繁忙，这次没有提交成功。",
			      "请稍后再试。点浏览器的“返回”可以回到刚才的页面。", NULL, NULL);
		mq_http_add_header(resp, "Retry-After", "30");
	}
}

/* The step the resident's button asked for, after a good guard. */
static void step(struct phone_req *r, struct mq_http_response *resp, const char *what)
{
	struct phone_opinion o;
	struct phone_errors e = { 0 };
	char mobile[MQ_PHONE_MOBILE_LEN + 1];

	phone_opinion_read(r, &o);
	if (what && strcmp(what, "edit") == 0) {
		phone_opinion_form(r, resp, 200, &o, NULL, NULL);
		return;
	}
	if (!phone_opinion_check(&o, &e, mobile)) {
		phone_opinion_form(r, resp, 422, &o, &e, NULL);
		return;
	}
	if (what && strcmp(what, "submit") == 0)
		file(r, resp, &o, mobile);
	else
		phone_opinion_review(r, resp, &o, mobile);
}

void mq_public_phone_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;
	struct phone_opinion o;

	if (!phone_open(&r, hc, resp))
		return;
	switch (phone_guard(&r, MQ_PHONE_FORM_OPINION, resp)) {
	case PHONE_GO:
		step(&r, resp, mq_form_get(&r.form, "step"));
		break;
	case PHONE_EXPIRED:
		/* nothing is lost: the form again, filled in, with a new token */
		phone_opinion_read(&r, &o);
		phone_opinion_form(&r, resp, 409, &o, NULL,
				   "这个页面打开太久了。您填写的内容还在，请核对后重新提交。");
		break;
	case PHONE_DECOY:
		phone_decoy_reply(&r, resp, "/t/", true);
		break;
	case PHONE_ANSWERED:
		break;
	}
	phone_close(&r);
}
