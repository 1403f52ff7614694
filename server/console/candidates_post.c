/* candidates_post.c — POST /console/candidates: publish a candidate topic
 * (action create: studio for admins, title, description, closes, opinion)
 * or promote a closed one into a topic (action promote: id), each one
 * domain operation (mq_candidate.h) with its audit entry. A promotion
 * answers with the new topic's page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_candidate.h"

/* The candidate id of the form, or 0. */
static int64_t form_id(struct mq_form *f)
{
	const char *v = mq_form_text(f, "id");
	char *end;
	long long id = v ? strtoll(v, &end, 10) : 0;

	return v && !*end && id > 0 ? id : 0;
}

void mq_console_candidates_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	const char *action;
	char msg[160] = "", where[96] = "/console/candidates?ok=1", topic[MQ_UUID_LEN + 1];
	int64_t id = 0;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	action = mq_form_text(&form, "action");
	if (action && strcmp(action, "create") == 0) {
		struct mq_candidate_in in = {
			.studio = mq_form_text(&form, "studio"),
			.title = mq_form_text(&form, "title"),
			.description = mq_form_text(&form, "description"),
			.closes = mq_form_text(&form, "closes"),
			.opinion = mq_form_text(&form, "opinion"),
		};
		err = mq_candidate_create(hc->srv->db, &s.staff, &in, hc->req->now, msg, sizeof msg,
					  &id);
	} else if (action && strcmp(action, "promote") == 0 && (id = form_id(&form))) {
		err = mq_candidate_promote(hc->srv->db, &s.staff, id, hc->req->now, msg, sizeof msg,
					   topic);
		if (err == MQ_OK)
			snprintf(where, sizeof where, "/console/topics/%s?ok=1", topic);
	} else {
		err = MQ_ERR_INVALID;
		snprintf(msg, sizeof msg, "表单内容不完整，请返回页面刷新后重试。");
	}
	mq_console_save_reply(resp, &s, err, where, msg, "没有这个候选议题或意见，或您无权处理。",
			      "您的账号只能查看，不能发布候选议题。");
	mq_form_finish(&form);
}
