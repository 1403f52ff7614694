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
	switch (err) {
	case MQ_OK:
		snprintf(where, sizeof where, "/console/topics/%s?ok=1", hc->param);
		mq_console_redirect(resp, where);
		break;
	case MQ_ERR_INVALID:
		mq_console_message(resp, 422, &s, "未能保存", msg);
		break;
	case MQ_ERR_NOT_FOUND:
		mq_console_message(resp, 404, &s, "未找到", "没有这个议题，或您无权处理。");
		break;
	case MQ_ERR_AUTH:
		mq_console_message(resp, 403, &s, "无权操作", "您的账号只能查看，不能修改议题。");
		break;
	default:
		mq_console_message(resp, 503, &s, "暂时无法保存", "数据库暂时没有响应，请稍后再试。");
		break;
	}
	mq_form_finish(&form);
}
