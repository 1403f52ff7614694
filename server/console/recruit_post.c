/* recruit_post.c — POST /console/topics/{id}/recruit: 征集. Staff open a
 * topic for members to volunteer (action open, with a note) or close it
 * (close), and choose a volunteer as a participant (choose: member); a
 * member volunteers (volunteer, 报名参与). One domain operation each
 * (mq_recruit.h) with its audit entry. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_recruit.h"

void mq_console_recruit_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;
	const char *action, *topic = hc->param;
	char msg[160] = "", where[128];
	enum mq_err err = MQ_ERR_INVALID;

	if (!mq_console_post(hc, resp, &s, &form)) {
		mq_form_finish(&form);
		return;
	}
	action = mq_form_text(&form, "action");
	snprintf(where, sizeof where, "/console/topics/%s?ok=1", topic);
	snprintf(msg, sizeof msg, "表单内容不完整，请返回页面刷新后重试。");
	if (!action)
		;
	else if (strcmp(action, "open") == 0)
		err = mq_recruit_open(db, &s.staff, topic, mq_form_text(&form, "note"),
				      hc->req->now, msg, sizeof msg);
	else if (strcmp(action, "close") == 0)
		err = mq_recruit_close(db, &s.staff, topic, hc->req->now, msg, sizeof msg);
	else if (strcmp(action, "choose") == 0 && mq_form_text(&form, "member"))
		err = mq_recruit_choose(db, &s.staff, topic, mq_form_text(&form, "member"),
					hc->req->now, msg, sizeof msg);
	else if (strcmp(action, "volunteer") == 0) {
		err = mq_recruit_volunteer(db, &s.staff, topic, hc->req->now, msg, sizeof msg);
		snprintf(where, sizeof where, "/console/topics?ok=1");
	}
	if (err == MQ_ERR_CONFLICT) {
		err = MQ_ERR_INVALID;
		snprintf(msg, sizeof msg, "您已经报名参与这个议题。");
	}
	mq_console_save_reply(resp, &s, err, where, msg, "没有这个议题，或您无权处理。",
			      "只有委员本人可以报名参与；征集和选定由街道委员小组或区管理员办理。");
	mq_form_finish(&form);
}
