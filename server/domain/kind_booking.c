/* kind_booking.c — records of kinds `booking` and `booking_cancel`.
 *
 * A booking's shape and its slot are checked here: the slot must exist, be
 * at the device's studio and not have begun when the booking was made. The
 * place itself is not checked here — that would be check-then-insert: the
 * store lets the database decide (bookings_capacity_insert) and a booking
 * without a place is stored as refused and answered `conflict`. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_wire.h"

const char mq_booking_refusal[] =
	"no place left in this slot (or the duty was cancelled); the booking page lists the"
	" next free slots";

static void token_seen(void *cls, const struct mq_db_booking_view *v)
{
	(void)v;
	*(bool *)cls = true;
}

enum mq_err mq_kind_booking_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size)
{
	const char *why = mq_wire_booking_check(rec->data);
	struct mq_db_slot slot;
	bool seen = false;
	enum mq_err err;

	if (why) {
		snprintf(msg, size, "%s", why);
		return MQ_ERR_INVALID;
	}
	err = db->slot_get(db->cls, mq_record_str(rec->data, "slot"), &slot);
	if (err == MQ_ERR_NOT_FOUND) {
		snprintf(msg, size, "unknown slot '%s'", mq_record_str(rec->data, "slot"));
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	if (strcmp(slot.shift.studio, rec->device->studio) != 0) {
		snprintf(msg, size, "slot '%s' is not at studio '%s'", slot.id, rec->device->studio);
		return MQ_ERR_INVALID;
	}
	if (slot.start_at <= rec->created_at) {
		snprintf(msg, size, "slot '%s' had begun when the booking was made (a past slot)",
			 slot.id);
		return MQ_ERR_INVALID;
	}
	err = db->booking_get_by_token(db->cls, mq_record_str(rec->data, "token"), token_seen, &seen);
	return mq_record_token_new(err, seen, msg, size);
}

enum mq_err mq_kind_booking_store(struct mq_db *db, const struct mq_record_in *rec)
{
	struct mq_db_booking b = {
		.id = rec->id,
		.token = mq_record_str(rec->data, "token"),
		.short_code = mq_record_str(rec->data, "short_code"),
		.slot = mq_record_str(rec->data, "slot"),
		.studio = rec->device->studio,
		.name = mq_record_str(rec->data, "name"),
		.phone = mq_record_str(rec->data, "phone"),
		.topic = mq_record_str(rec->data, "topic") ? mq_record_str(rec->data, "topic") : "",
		.channel = rec->channel ? rec->channel : "kiosk",
		.created_at = rec->created_at,
	};
	bool placed = false;
	enum mq_err err = db->booking_insert(db->cls, &b, &placed);

	/* validate() ruled out a taken id or token: a conflict here is a fault */
	if (err == MQ_ERR_CONFLICT)
		return MQ_ERR_DB;
	if (err != MQ_OK)
		return err;
	if (!placed) {
		mq_log_info("booking", "booking %s for slot %s refused: no place", rec->id, b.slot);
		return MQ_ERR_CONFLICT;
	}
	return MQ_OK;
}

/* ---- booking_cancel ------------------------------------------------------ */

struct found {
	bool seen;
	char studio[MQ_KEY_MAX + 1];
	char status[16];
};

static void booking_found(void *cls, const struct mq_db_booking_view *v)
{
	struct found *f = cls;

	f->seen = true;
	snprintf(f->studio, sizeof f->studio, "%s", v->b.studio);
	snprintf(f->status, sizeof f->status, "%s", v->status);
}

enum mq_err mq_kind_booking_cancel_validate(struct mq_db *db, const struct mq_record_in *rec,
					    char *msg, size_t size)
{
	const char *key, *raw;
	const json_t *val;
	struct found f = { 0 };
	char id[MQ_UUID_LEN + 1];
	enum mq_err err;

	if (!json_is_object(rec->data)) {
		snprintf(msg, size, "data must be an object");
		return MQ_ERR_INVALID;
	}
	json_object_foreach((json_t *)rec->data, key, val) {
		if (strcmp(key, "booking") != 0) {
			snprintf(msg, size, "booking_cancel data has only the field booking");
			return MQ_ERR_INVALID;
		}
	}
	raw = mq_record_str(rec->data, "booking");
	if (!raw || !mq_id_is_uuid(raw)) {
		snprintf(msg, size, "booking must be the record id (UUID) of a booking");
		return MQ_ERR_INVALID;
	}
	mq_record_id_lower(raw, id);
	err = db->booking_get(db->cls, id, booking_found, &f);
	if (err == MQ_ERR_NOT_FOUND) {
		snprintf(msg, size, "unknown booking '%s' (send the booking first)", id);
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	if (strcmp(f.studio, rec->device->studio) != 0) {
		snprintf(msg, size, "booking '%s' is not at studio '%s'", id, rec->device->studio);
		return MQ_ERR_INVALID;
	}
	if (strcmp(f.status, "attended") == 0 || strcmp(f.status, "no_show") == 0) {
		snprintf(msg, size, "booking '%s' is over (marked %s): it cannot be cancelled", id,
			 f.status);
		return MQ_ERR_INVALID;
	}
	return MQ_OK;
}

enum mq_err mq_kind_booking_cancel_store(struct mq_db *db, const struct mq_record_in *rec)
{
	char id[MQ_UUID_LEN + 1];
	enum mq_err err;

	mq_record_id_lower(mq_record_str(rec->data, "booking"), id);
	err = db->booking_cancel(db->cls, id, "在自助终端取消", rec->now);
	/* cancelling a cancelled or refused booking changes nothing: still stored */
	return err == MQ_ERR_NOT_FOUND ? MQ_OK : err;
}
