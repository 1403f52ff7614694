/* survey_post.c — POST /console/surveys/{id}: hide a free-text answer that
 * must not show (action=hide, answer=ID), or show it again (action=show),
 * with its audit entry (mq_survey_text_hide); 303 back to the results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_survey.h"

void mq_console_survey_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form f;
	const char *action, *answer;
	char *end = NULL, *end2 = NULL, where[48];
	long long id = hc->param ? strtoll(hc->param, &end, 10) : 0, a = 0;
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (!mq_console_post(hc, resp, &s, &f)) {
		mq_form_finish(&f);
		return;
	}
	action = mq_form_text(&f, "action");
	answer = mq_form_text(&f, "answer");
	a = answer ? strtoll(answer, &end2, 10) : 0;
	if (id > 0 && end && !*end && a > 0 && end2 && !*end2 && action &&
	    (strcmp(action, "hide") == 0 || strcmp(action, "show") == 0))
		err = mq_survey_text_hide(hc->srv->db, &s.staff, id, a, strcmp(action, "hide") == 0,
					  hc->req->now);
	snprintf(where, sizeof where, "/console/surveys/%lld?ok=1", id);
	mq_console_save_reply(resp, &s, err, where, "", "没有找到这条回答。",
			      "委员账号只能查看，不能隐藏回答。");
	mq_form_finish(&f);
}
