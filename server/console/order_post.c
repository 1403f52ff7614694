/* order_post.c — POST /console/supervision/{id} (action=ack, or
 * action=answer with answer): the street group signs for a supervision
 * order (签收) or answers it (答复) through mq_order_act, which tells the
 * district. Back to the order's page. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_supervision.h"

void mq_console_order_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	const char *action;
	char msg[256] = "", where[96];
	enum mq_order_action act = MQ_ORDER_ACKNOWLEDGE;
	enum mq_err err = MQ_ERR_INVALID;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	action = mq_form_get(&form, "action");
	if (action && strcmp(action, "answer") == 0)
		act = MQ_ORDER_ANSWER;
	if (!action || (strcmp(action, "ack") != 0 && act != MQ_ORDER_ANSWER))
		snprintf(msg, sizeof msg, "%s", "未知的督办操作。");
	else
		err = mq_order_act(hc->srv->db, &s.staff, hc->param, act,
				   mq_form_text(&form, "answer"), hc->srv->public_url, hc->req->now,
				   msg, sizeof msg);
	snprintf(where, sizeof where, "/console/supervision/%.36s?ok=1", hc->param);
	mq_console_save_reply(resp, &s, err, where, msg, "没有这件督办，或您无权处理。",
			      "您的账号只能查看，不能处理督办。");
	mq_form_finish(&form);
}
