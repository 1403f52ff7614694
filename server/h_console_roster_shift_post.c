/* h_console_roster_shift_post.c — POST /console/roster/shift (shift, reason):
 * a street group or admin cancels one coming duty shift. Its booked
 * bookings are cancelled with it, with the reason, exactly as a closure
 * does (db->shift_cancel): the residents' booking pages and calendar
 * entries then say so. One transaction with its audit entry; back to the
 * shift's week. */
#include <stdio.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_time.h"

#define REASON_CHARS 100

struct cancel_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *shift;
	const char *reason;
	int64_t now;
	struct mq_db_shift sh;
	int64_t n_bookings;
	char msg[160];
};

static enum mq_err cancel_cb(void *cls)
{
	struct cancel_tx *tx = cls;
	struct mq_db *db = tx->db;
	const char *own = mq_console_studio(tx->s);
	char start[MQ_RFC3339_LEN + 1];
	enum mq_err err;

	tx->n_bookings = 0;
	err = db->shift_get(db->cls, tx->shift, &tx->sh);
	if (err != MQ_OK)
		return err;
	if (own && strcmp(own, tx->sh.studio) != 0)
		return MQ_ERR_NOT_FOUND;   /* another street's: as if it did not exist */
	if (!tx->sh.active) {
		snprintf(tx->msg, sizeof tx->msg, "这次值班已经取消了。");
		return MQ_ERR_INVALID;
	}
	if (tx->sh.end_at <= tx->now) {
		snprintf(tx->msg, sizeof tx->msg, "已经结束的值班不能取消（考勤记录要用到它）。");
		return MQ_ERR_INVALID;
	}
	err = db->shift_cancel(db->cls, tx->shift, tx->reason, tx->now, &tx->n_bookings);
	if (err != MQ_OK)
		return err;
	mq_time_format_rfc3339(tx->sh.start_at, start);
	return mq_console_audit(db, tx->s, tx->now, tx->sh.studio, "roster.shift_cancel", tx->shift,
				json_pack("{s:s, s:s, s:s}", "status", "active", "member",
					  tx->sh.member, "start", start),
				json_pack("{s:s, s:s, s:I}", "status", "cancelled", "reason",
					  tx->reason, "bookings_cancelled",
					  (json_int_t)tx->n_bookings));
}

void mq_h_console_roster_shift_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	struct cancel_tx tx = { .db = hc->srv->db, .s = &s, .now = hc->req->now };
	char where[160] = "", url[128];
	long chars;
	enum mq_err err;

	if (!mq_console_post(hc, resp, &s, &form))
		goto out;
	if (!mq_console_can_edit(&s)) {
		mq_console_message(resp, 403, &s, "无权操作", "排班仅由街道委员小组和区管理员调整。");
		goto out;
	}
	tx.shift = mq_form_text(&form, "shift");
	tx.reason = mq_form_text(&form, "reason");
	chars = tx.reason ? mq_utf8_length(tx.reason) : 0;
	if (!tx.shift || strlen(tx.shift) > MQ_DB_SHIFT_ID_MAX) {
		mq_console_message(resp, 422, &s, "未能取消", "没有指明要取消的值班。");
		goto out;
	}
	if (!tx.reason || chars < 1 || chars > REASON_CHARS || strlen(tx.reason) >= MQ_DB_NOTE_MAX) {
		mq_console_message(resp, 422, &s, "未能取消",
				   "请填写取消原因（不超过100字），居民的预约页面会显示它。");
		goto out;
	}
	err = tx.db->run_tx(tx.db->cls, "roster-shift-cancel", cancel_cb, &tx);
	if (err == MQ_OK) {
		mq_log_info("console", "%s cancelled shift %s (%lld bookings)", s.staff.username,
			    tx.shift, (long long)tx.n_bookings);
		mq_console_roster_url(url, sizeof url, mq_console_studio(&s) ? NULL : tx.sh.studio,
				      tx.sh.start_at);
		snprintf(where, sizeof where, "%s&cancelled=%lld", url, (long long)tx.n_bookings);
	}
	mq_console_save_reply(resp, &s, err, where, tx.msg, "没有这次值班，或您无权调整它。",
			      "无权操作。");
out:
	mq_form_finish(&form);
}
