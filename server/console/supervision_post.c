/* supervision_post.c — POST /console/supervision (topic or opinion, note,
 * due_day): a district admin issues a supervision order (督办) through
 * mq_order_issue, which queues the street group's message in the same
 * transaction. On success to the order's page. */
#include <stdio.h>

#include "console.h"
#include "mq_supervision.h"

void mq_console_supervision_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_order_in in;
	char msg[256] = "", id[MQ_UUID_LEN + 1] = "", where[96];
	int64_t no = 0;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	in.topic = mq_form_text(&form, "topic");
	in.opinion = mq_form_text(&form, "opinion");
	in.note = mq_form_text(&form, "note");
	in.due_day = mq_form_text(&form, "due_day");
	err = mq_order_issue(hc->srv->db, &s.staff, &in, hc->srv->public_url, hc->req->now, id,
			     &no, msg, sizeof msg);
	snprintf(where, sizeof where, "/console/supervision/%s?ok=1", id);
	mq_console_save_reply(resp, &s, err, where, msg, "没有这个议题或意见。",
			      "只有区管理员可以发出督办。");
	mq_form_finish(&form);
}
