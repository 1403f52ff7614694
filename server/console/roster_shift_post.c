/* roster_shift_post.c — POST /console/roster/shift (shift, reason):
 * a street group or admin cancels one coming duty shift. Its booked
 * bookings are cancelled with it, with the reason, exactly as a closure
 * does (mq_roster_shift_cancel): the residents' booking pages and calendar
 * entries then say so. Back to the shift's week. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_time.h"

#define REASON_CHARS 100

void mq_console_roster_shift_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct mq_shift_cancel_in in;
	struct mq_db_shift sh;
	int64_t bookings = 0;
	char where[160] = "", url[128], msg[160] = "";
	long chars;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_account_can_edit(&s.staff)) {
		mq_console_message(resp, 403, &s, "无权操作", "排班仅由街道委员小组和区管理员调整。");
		goto out;
	}
	in.shift = mq_form_text(&form, "shift");
	in.reason = mq_form_text(&form, "reason");
	chars = in.reason ? mq_utf8_length(in.reason) : 0;
	if (!in.shift || strlen(in.shift) > MQ_DB_SHIFT_ID_MAX) {
		mq_console_message(resp, 422, &s, "未能取消", "没有指明要取消的值班。");
		goto out;
	}
	if (!in.reason || chars < 1 || chars > REASON_CHARS || strlen(in.reason) >= MQ_DB_NOTE_MAX) {
		mq_console_message(resp, 422, &s, "未能取消",
				   "请填写取消原因（不超过100字），居民的预约页面会显示它。");
		goto out;
	}
	err = mq_roster_shift_cancel(hc->srv->db, &s.staff, &in, hc->req->now, &sh, &bookings, msg,
				     sizeof msg);
	if (err == MQ_OK) {
		mq_log_info("console", "%s cancelled shift %s (%lld bookings)", s.staff.username,
			    in.shift, (long long)bookings);
		mq_console_roster_url(url, sizeof url, mq_account_studio(&s.staff) ? NULL : sh.studio,
				      sh.start_at);
		snprintf(where, sizeof where, "%s&cancelled=%lld", url, (long long)bookings);
	}
	mq_console_save_reply(resp, &s, err, where, msg, "没有这次值班，或您无权调整它。",
			      "无权操作。");
out:
	mq_form_finish(&form);
}
