/* roster.c — a coming duty shift cancelled from the console (mq_roster.h):
 * its booked bookings are cancelled with it, with the reason, exactly as a
 * closure cancels them (db->shift_cancel). */
#include "mq_roster.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_time.h"

struct cancel_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_shift_cancel_in *in;
	int64_t now;
	struct mq_db_shift *sh;
	int64_t *bookings;
	char *msg;
	size_t size;
};

static enum mq_err cancel_cb(void *cls)
{
	struct cancel_tx *tx = cls;
	struct mq_db *db = tx->db;
	const char *own = mq_account_studio(tx->who);
	char start[MQ_RFC3339_LEN + 1];
	enum mq_err err;

	*tx->bookings = 0;
	err = db->shift_get(db->cls, tx->in->shift, tx->sh);
	if (err != MQ_OK)
		return err;
	if (own && strcmp(own, tx->sh->studio) != 0)
		return MQ_ERR_NOT_FOUND;   /* another street's: as if it did not exist */
	if (!tx->sh->active) {
		snprintf(tx->msg, tx->size, "这次值班已经取消了。");
		return MQ_ERR_INVALID;
	}
	if (tx->sh->end_at <= tx->now) {
		snprintf(tx->msg, tx->size, "已经结束的值班不能取消（考勤记录要用到它）。");
		return MQ_ERR_INVALID;
	}
	err = db->shift_cancel(db->cls, tx->in->shift, tx->in->reason, tx->now, tx->bookings);
	if (err != MQ_OK)
		return err;
	mq_time_format_rfc3339(tx->sh->start_at, start);
	return mq_audit(db, tx->who, tx->now, tx->sh->studio, "roster.shift_cancel", tx->in->shift,
			json_pack("{s:s, s:s, s:s}", "status", "active", "member", tx->sh->member,
				  "start", start),
			json_pack("{s:s, s:s, s:I}", "status", "cancelled", "reason", tx->in->reason,
				  "bookings_cancelled", (json_int_t)*tx->bookings));
}

enum mq_err mq_roster_shift_cancel(struct mq_db *db, const struct mq_db_staff *who,
				   const struct mq_shift_cancel_in *in, int64_t now,
				   struct mq_db_shift *shift, int64_t *bookings, char *msg, size_t size)
{
	struct cancel_tx tx = { .db = db, .who = who, .in = in, .now = now, .sh = shift,
				.bookings = bookings, .msg = msg, .size = size };

	return db->run_tx(db->cls, "roster-shift-cancel", cancel_cb, &tx);
}
