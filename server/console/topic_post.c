/* topic_post.c — POST /console/topics/{id}: save one step of a
 * topic (action research | consult | feedback | close | title): the form
 * read into a struct mq_topic_update_in for mq_workflow_topic_update,
 * which does the work in one transaction. */
#include <stdio.h>
#include <stdlib.h>

#include "console.h"

#define MEMBERS_MAX 64
#define COUNT_MAX 10000

/* Count field @p name of @p f: left empty, 0..COUNT_MAX, or anything else. */
static struct mq_count_in count(struct mq_form *f, const char *name)
{
	const char *v = mq_form_text(f, name);
	struct mq_count_in c = { .state = MQ_COUNT_KEEP };
	char *end;
	long n;

	if (!v)
		return c;
	n = strtol(v, &end, 10);
	c.state = *end || n < 0 || n > COUNT_MAX ? MQ_COUNT_BAD : MQ_COUNT_SET;
	c.value = n;
	return c;
}

void mq_console_topic_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_topic_update_in in;
	const char *members[MEMBERS_MAX];
	char msg[256] = "", where[128];
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	in = (struct mq_topic_update_in){
		.action = mq_form_get(&form, "action"),
		.public_note = mq_form_text(&form, "public_note"),
		.internal_note = mq_form_text(&form, "internal_note"),
		.visits_planned = count(&form, "visits_planned"),
		.visits_done = count(&form, "visits_done"),
		.members = members,
		.n_members = mq_form_all(&form, "members", members, MEMBERS_MAX),
		.research_note = mq_form_text(&form, "research_note"),
		.consult_form = mq_form_text(&form, "consult_form"),
		.consult_date = mq_form_text(&form, "consult_date"),
		.participants = mq_form_text(&form, "participants"),
		.outcome = mq_form_text(&form, "outcome"),
		.result = mq_form_text(&form, "result"),
		.followup_due = mq_form_text(&form, "followup_due"),
		.supervision = mq_form_text(&form, "supervision"),
		.title = mq_form_text(&form, "title"),
	};
	err = mq_workflow_topic_update(hc->srv->db, &s.staff, hc->param, &in, hc->req->now, msg,
				       sizeof msg);
	snprintf(where, sizeof where, "/console/topics/%s?ok=1", hc->param);
	mq_console_save_reply(resp, &s, err, where, msg, "没有这个议题，或您无权处理。",
			      "您的账号只能查看，不能修改议题。");
	mq_form_finish(&form);
}
