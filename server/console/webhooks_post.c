/* webhooks_post.c — POST /console/webhooks (scope, url, format): an admin
 * sets (or, with an empty URL, removes) where one receiver's notifications
 * go, through mq_notice_webhook_save. Back to the settings page. */
#include <stdio.h>

#include "console.h"
#include "mq_notice.h"

void mq_console_webhooks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_webhook_in in = { .format = MQ_HOOK_WECOM };
	char msg[256] = "";
	enum mq_err err = MQ_ERR_INVALID;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	in.scope = mq_form_text(&form, "scope");
	in.url = mq_form_text(&form, "url");
	if (!mq_hook_format_parse(mq_form_text(&form, "format"), &in.format) &&
	    mq_form_text(&form, "format"))
		snprintf(msg, sizeof msg, "%s", "未知的消息格式。");
	else
		err = mq_notice_webhook_save(hc->srv->db, &s.staff, &in, hc->req->now, msg,
					     sizeof msg);
	mq_console_save_reply(resp, &s, err, "/console/webhooks?ok=1", msg, "没有这个接收方。",
			      "只有区管理员可以设置通知。");
	mq_form_finish(&form);
}
