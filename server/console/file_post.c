/* file_post.c — POST /console/file: a liaison officer's filing (mq_liaison.h),
 * checked like every console form (session, CSRF) and by its own form token
 * (signed, expiring, one filing per token). Filed: on to the officer's list
 * (/console/filings), which shows it first; refused: the form again with
 * what was typed and why. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_liaison.h"
#include "mq_log.h"

void mq_console_file_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;
	struct mq_console_filing in;
	struct mq_phone_filed out;
	enum mq_phone_verdict verdict;
	char msg[200] = "";
	const char *consent;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form) || !mq_console_liaison_only(&s, resp)) {
		mq_form_finish(&form);
		return;
	}
	consent = mq_form_get(&form, "consent");
	in = (struct mq_console_filing){
		.form = mq_form_text(&form, "form"),
		.category = mq_form_text(&form, "category"),
		.community = mq_form_text(&form, "community"),
		.text = mq_form_text(&form, "text"),
		.consent = consent && strcmp(consent, "yes") == 0,
		.name = mq_form_text(&form, "name"),
		.phone = mq_form_text(&form, "phone"),
	};
	err = mq_phone_form_check(db, MQ_PHONE_FORM_LIAISON, s.staff.studio, in.form, hc->req->now,
				  &verdict);
	if (err == MQ_OK && verdict != MQ_PHONE_TOKEN_GOOD) {
		mq_log_warn("console", "liaison %s: %s form token", s.staff.username,
			    verdict == MQ_PHONE_TOKEN_EXPIRED ? "expired" : "bad");
		in.form = NULL;   /* a fresh one */
		mq_console_file_page(hc, resp, &s, 422, "表单已过期，请核对内容后再点一次“登记”。", &in);
		mq_form_finish(&form);
		return;
	}
	if (err == MQ_OK) {
		struct mq_liaison_in li = { .form = in.form, .category = in.category,
					    .community = in.community, .text = in.text,
					    .consent = in.consent, .name = in.name,
					    .phone = in.phone, .now = hc->req->now };
		err = mq_liaison_file(db, &s.staff, &li, &out, msg, sizeof msg);
	}
	if (err == MQ_OK) {
		mq_log_info("console", "liaison %s filed %s%s", s.staff.username, out.short_code,
			    out.again ? " (sent again)" : "");
		mq_http_reply_redirect(resp, "/console/filings?ok=1");
	} else if (err == MQ_ERR_INVALID) {
		mq_console_file_page(hc, resp, &s, 422, msg, &in);
	} else {
		mq_console_save_reply(resp, &s, err, "", msg, "未找到。", "走访登记仅供民情联络员使用。");
	}
	mq_form_finish(&form);
}
