/* h_console_topic_post.c — POST /console/topics/{id}: save one step of a
 * topic (action research | consult | feedback | close | title); the work is
 * mq_console_topic_update's, in one transaction. */
#include <stdio.h>

#include "mq_console.h"

void mq_h_console_topic_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	char msg[256] = "", where[128];
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	err = mq_console_topic_update(hc->srv->db, &s, hc->param, &form, hc->req->now, msg,
				      sizeof msg);
	snprintf(where, sizeof where, "/console/topics/%s?ok=1", hc->param);
	mq_console_save_reply(resp, &s, err, where, msg, "没有这个议题，或您无权处理。",
			      "您的账号只能查看，不能修改议题。");
	mq_form_finish(&form);
}
