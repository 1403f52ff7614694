/* triage_post.c — POST /console/opinions/{id}/triage: one triage
 * decision, read into a struct mq_triage_in for mq_workflow_triage, which
 * does the work in a transaction. On success back to the topic made or
 * joined, or to the opinion; a refused decision shows why with a link back. */
#include <stdio.h>
#include <string.h>

#include "console.h"

#define ALSO_MAX 50

void mq_console_triage_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	const char *also[ALSO_MAX];
	char msg[256] = "", topic[MQ_UUID_LEN + 1], where[128];
	struct mq_triage_in in;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	memset(&in, 0, sizeof in);
	in.action = mq_form_get(&form, "action");
	in.title = mq_form_text(&form, "title");
	in.topic = mq_form_text(&form, "topic");
	in.department = mq_form_text(&form, "department");
	in.duplicate_of = mq_form_text(&form, "duplicate_of");
	in.assigned = mq_form_text(&form, "assigned");
	in.public_note = mq_form_text(&form, "public_note");
	in.internal_note = mq_form_text(&form, "internal_note");
	in.n_also = mq_form_all(&form, "also", also, ALSO_MAX);
	in.also = also;
	err = mq_workflow_triage(hc->srv->db, &s.staff, hc->param, &in, hc->req->now, msg,
				 sizeof msg, topic);
	if (err == MQ_OK && topic[0])
		snprintf(where, sizeof where, "/console/topics/%s?ok=1", topic);
	else
		snprintf(where, sizeof where, "/console/opinions/%s?ok=1", hc->param);
	mq_console_save_reply(resp, &s, err, where, msg, "没有这条意见，或您无权处理。",
			      "您的账号只能查看，不能研判。");
	mq_form_finish(&form);
}
