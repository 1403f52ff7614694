/* booking.c — what a resident's phone may see of a booking (mq_booking.h):
 * loaded once for the page and the calendar entry, with the name and phone
 * masked at load, so the public views cannot leak what they never hold;
 * and the resident's own cancellation. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_mask.h"

const char *mq_booking_status_name(const char *status)
{
	static const struct {
		const char *key, *name;
	} names[] = {
		{ "booked", "已预约" },   { "refused", "未约上" },  { "cancelled", "已取消" },
		{ "attended", "已到访" }, { "no_show", "未到访" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (status && strcmp(status, names[i].key) == 0)
			return names[i].name;
	return "未知";
}

struct load {
	struct mq_booking_info *out;
	bool seen;
};

static void got(void *cls, const struct mq_db_booking_view *v)
{
	struct load *l = cls;
	struct mq_booking_info *o = l->out;

	l->seen = true;
	snprintf(o->id, sizeof o->id, "%s", v->b.id);
	snprintf(o->token, sizeof o->token, "%s", v->b.token);
	snprintf(o->short_code, sizeof o->short_code, "%s", v->b.short_code);
	snprintf(o->slot, sizeof o->slot, "%s", v->b.slot);
	snprintf(o->studio, sizeof o->studio, "%s", v->b.studio);
	snprintf(o->status, sizeof o->status, "%s", v->status);
	snprintf(o->cancel_reason, sizeof o->cancel_reason, "%s",
		 v->cancel_reason ? v->cancel_reason : "");
	snprintf(o->member_name, sizeof o->member_name, "%s", v->member_name);
	snprintf(o->member_sector, sizeof o->member_sector, "%s", v->member_sector);
	snprintf(o->studio_name, sizeof o->studio_name, "%s", v->studio_name);
	snprintf(o->studio_address, sizeof o->studio_address, "%s",
		 v->studio_address ? v->studio_address : "");
	mq_mask_name(v->b.name, o->name_masked, sizeof o->name_masked);
	mq_mask_phone(v->b.phone, o->phone_masked, sizeof o->phone_masked);
	snprintf(o->topic, sizeof o->topic, "%s", v->b.topic ? v->b.topic : "");
	o->slot_start = v->slot_start;
	o->slot_end = v->slot_end;
	o->sequence = v->sequence;
	o->created_at = v->b.created_at;
	o->updated_at = v->updated_at;
	o->shift_active = v->shift_active;
}

enum mq_err mq_booking_load(struct mq_db *db, const char *token, struct mq_booking_info *out)
{
	struct load l = { .out = out };
	enum mq_err err;

	memset(out, 0, sizeof *out);
	if (!token || !mq_id_is_token(token))
		return MQ_ERR_NOT_FOUND;
	err = db->booking_get_by_token(db->cls, token, got, &l);
	if (err == MQ_OK && !l.seen)
		err = MQ_ERR_DB;
	return err;
}

struct cancel_tx {
	struct mq_db *db;
	const char *id;
	int64_t now;
};

static enum mq_err cancel_cb(void *cls)
{
	struct cancel_tx *tx = cls;

	return tx->db->booking_cancel(tx->db->cls, tx->id, "预约人在手机上取消", tx->now);
}

enum mq_err mq_booking_cancel_by_resident(struct mq_db *db, const struct mq_booking_info *bk,
					  int64_t now)
{
	struct cancel_tx tx = { .db = db, .id = bk->id, .now = now };

	return db->run_tx(db->cls, "booking-cancel", cancel_cb, &tx);
}
