/* roster_state.c — the roster part of GET /api/v1/kiosk/state (mq_roster.h):
 * the studio's coming shifts with their slots' free places, and what the
 * kiosk needs to check a member's badge or PIN while offline. */
#include <string.h>

#include "mq_mask.h"
#include "mq_roster.h"
#include "mq_time.h"

#define STATE_DAYS 14
#define STATE_SLOTS_MAX 2000

struct shifts_build {
	json_t *shifts;
	json_t *cur_slots;          /* slots array of the last shift added (borrowed) */
	char cur_shift[MQ_DB_SHIFT_ID_MAX + 1];
	bool failed;
};

static json_t *time_json(int64_t t)
{
	char s[MQ_RFC3339_LEN + 1];

	mq_time_format_rfc3339(t, s);
	return json_string(s);
}

/* Slots arrive by start; a studio's shifts never overlap, so a shift's
 * slots are contiguous in that order. */
static bool add_slot(void *cls, const struct mq_db_slot *row)
{
	struct shifts_build *b = cls;
	json_t *slot;
	int free_places = row->capacity - row->taken;

	if (strcmp(b->cur_shift, row->shift.id) != 0) {
		json_t *shift = json_pack("{s:s, s:s, s:o, s:o, s:[], s:[]}", "id",
					  row->shift.id, "member", row->shift.member, "start",
					  time_json(row->shift.start_at), "end",
					  time_json(row->shift.end_at), "slots", "bookings");
		if (!shift || json_array_append_new(b->shifts, shift) != 0) {
			b->failed = true;
			return false;
		}
		b->cur_slots = json_object_get(shift, "slots");
		memcpy(b->cur_shift, row->shift.id, sizeof b->cur_shift);
	}
	slot = json_pack("{s:s, s:o, s:o, s:i}", "id", row->id, "start", time_json(row->start_at),
			 "end", time_json(row->end_at), "free", free_places > 0 ? free_places : 0);
	if (!slot || json_array_append_new(b->cur_slots, slot) != 0) {
		b->failed = true;
		return false;
	}
	return true;
}

/* Puts a booking under its shift as the duty member needs it: who (masked),
 * what about, and whether it has been marked. */
static bool add_booking(void *cls, const struct mq_db_shift_booking *row)
{
	struct shifts_build *b = cls;
	char name[64];
	size_t i;
	json_t *shift;

	json_array_foreach(b->shifts, i, shift) {
		json_t *list, *entry;

		if (strcmp(json_string_value(json_object_get(shift, "id")), row->shift) != 0)
			continue;
		list = json_object_get(shift, "bookings");
		mq_mask_name(row->name, name, sizeof name);
		entry = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", row->id, "slot", row->slot,
				  "name", name, "topic", row->topic, "status", row->status);
		if (!entry || json_array_append_new(list, entry) != 0) {
			b->failed = true;
			return false;
		}
		break;
	}
	return true;
}

enum mq_err mq_roster_state_shifts(struct mq_db *db, const char *studio, int64_t now,
				   json_t **out)
{
	struct shifts_build b = { .shifts = json_array() };
	enum mq_err err;

	*out = NULL;
	if (!b.shifts)
		return MQ_ERR_NOMEM;
	err = db->slots_iterate(db->cls, studio, now, now + STATE_DAYS * 86400, false,
				STATE_SLOTS_MAX, add_slot, &b);
	/* shifts that began before now are still listed while running: take
	 * their bookings from a day back */
	if (err == MQ_OK && !b.failed)
		err = db->shift_bookings_iterate(db->cls, studio, now - 86400,
						 now + STATE_DAYS * 86400, add_booking, &b);
	if (err == MQ_OK && b.failed)
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK) {
		json_decref(b.shifts);
		return err;
	}
	*out = b.shifts;
	return MQ_OK;
}

struct cred_build {
	json_t *members;
	const unsigned char *badge_key;
	bool failed;
};

static bool add_credentials(void *cls, const struct mq_db_member_credentials *row)
{
	struct cred_build *b = cls;
	size_t i;
	json_t *m;

	json_array_foreach(b->members, i, m) {
		const char *key = json_string_value(json_object_get(m, "key"));
		if (!key || strcmp(key, row->key) != 0)
			continue;
		char hash[MQ_BADGE_HASH_HEX + 1];
		bool hashed = row->badge_code && mq_badge_hash(b->badge_key, row->badge_code, hash);

		if (json_object_set_new(m, "badge_hash", hashed ? json_string(hash) : json_null()) != 0 ||
		    json_object_set_new(m, "pin_hash", row->pin_hash ? json_string(row->pin_hash)
								      : json_null()) != 0) {
			b->failed = true;
			return false;
		}
		break;
	}
	return true;
}

enum mq_err mq_roster_state_credentials(struct mq_db *db, const char *studio,
					const unsigned char badge_key[MQ_BADGE_KEY_BYTES],
					json_t *members)
{
	struct cred_build b = { .members = members, .badge_key = badge_key };
	size_t i;
	json_t *m;
	enum mq_err err;

	/* every member gets both fields, even one the credentials query missed */
	json_array_foreach(members, i, m) {
		if (json_object_set_new(m, "badge_hash", json_null()) != 0 ||
		    json_object_set_new(m, "pin_hash", json_null()) != 0)
			return MQ_ERR_NOMEM;
	}
	err = db->member_credentials_iterate(db->cls, studio, add_credentials, &b);
	if (err == MQ_OK && b.failed)
		err = MQ_ERR_NOMEM;
	return err;
}
