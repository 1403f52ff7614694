/* kind_checkin.c — records of kinds `checkin` and `checkout`: a duty member
 * arrives at or leaves the studio, identified at the kiosk by badge or PIN.
 *
 * `member` is the member's key (what the kiosk resolved from the badge or PIN
 * with the state's members list); a badge code is accepted too. A member not
 * of the device's studio is invalid. Optional `bookings` marks the residents
 * booked on the member's shifts as attended or no_show — the duty member
 * confirms who came when checking out (or in), so no further kind is needed. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_time.h"
#include "mq_wire.h"

#define AT_FUTURE_SLACK_S 300   /* a kiosk clock may run this far ahead */

/* Resolves @p who (key or badge code) to a member of @p studio. */
static enum mq_err resolve_member(struct mq_db *db, const char *studio, const char *who,
				  struct mq_db_member *out)
{
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (mq_wire_is_key(who))
		err = db->member_get(db->cls, studio, who, out);
	if (err == MQ_ERR_NOT_FOUND)
		err = db->member_get_by_badge(db->cls, studio, who, out);
	return err;
}

struct mark_check {
	bool seen;
	bool ok_studio;
	bool ok_member;
	char status[16];
};

struct mark_ctx {
	struct mark_check *c;
	const char *studio;
	const char *member;
};

static void mark_found(void *cls, const struct mq_db_booking_view *v)
{
	struct mark_ctx *m = cls;

	m->c->seen = true;
	m->c->ok_studio = strcmp(v->b.studio, m->studio) == 0;
	m->c->ok_member = strcmp(v->member, m->member) == 0;
	snprintf(m->c->status, sizeof m->c->status, "%s", v->status);
}

/* Checks the optional "bookings" marks against member @p member. */
static enum mq_err check_marks(struct mq_db *db, const struct mq_record_in *rec,
			       const char *member, char *msg, size_t size)
{
	const json_t *marks = json_object_get(rec->data, "bookings");
	const json_t *m;
	size_t i;

	if (!marks)
		return MQ_OK;
	if (!json_is_array(marks) || json_array_size(marks) > MQ_BOOKING_MARKS_MAX) {
		snprintf(msg, size, "bookings must be an array of at most %d marks",
			 MQ_BOOKING_MARKS_MAX);
		return MQ_ERR_INVALID;
	}
	json_array_foreach(marks, i, m) {
		const char *id = mq_record_str(m, "booking"), *status = mq_record_str(m, "status");
		struct mark_check c = { 0 };
		struct mark_ctx ctx = { &c, rec->device->studio, member };
		char lower[MQ_UUID_LEN + 1];
		enum mq_err err;

		if (!json_is_object(m) || json_object_size(m) != 2 || !id || !mq_id_is_uuid(id) ||
		    !status || (strcmp(status, "attended") && strcmp(status, "no_show"))) {
			snprintf(msg, size, "bookings[%zu] must be {\"booking\": record id,"
				 " \"status\": \"attended\" | \"no_show\"}", i);
			return MQ_ERR_INVALID;
		}
		mq_record_id_lower(id, lower);
		err = db->booking_get(db->cls, lower, mark_found, &ctx);
		if (err == MQ_ERR_NOT_FOUND) {
			snprintf(msg, size, "bookings[%zu]: unknown booking '%s'", i, lower);
			return MQ_ERR_INVALID;
		}
		if (err != MQ_OK)
			return err;
		if (!c.ok_studio || !c.ok_member) {
			snprintf(msg, size, "bookings[%zu]: booking '%s' is not on a shift of member"
				 " '%s'", i, lower, member);
			return MQ_ERR_INVALID;
		}
		if (strcmp(c.status, "refused") == 0 || strcmp(c.status, "cancelled") == 0) {
			snprintf(msg, size, "bookings[%zu]: booking '%s' is %s, it cannot be marked",
				 i, lower, c.status);
			return MQ_ERR_INVALID;
		}
	}
	return MQ_OK;
}

enum mq_err mq_kind_checkin_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size)
{
	const char *key, *who, *method;
	const json_t *val;
	struct mq_db_member member;
	int64_t at;
	enum mq_err err;

	if (!json_is_object(rec->data)) {
		snprintf(msg, size, "data must be an object");
		return MQ_ERR_INVALID;
	}
	json_object_foreach((json_t *)rec->data, key, val) {
		if (strcmp(key, "member") && strcmp(key, "method") && strcmp(key, "at") &&
		    strcmp(key, "bookings")) {
			snprintf(msg, size, "%s data has only member, method, at and bookings",
				 rec->kind);
			return MQ_ERR_INVALID;
		}
	}
	who = mq_record_str(rec->data, "member");
	if (!who || !who[0] || strlen(who) > MQ_KEY_MAX || mq_utf8_length(who) < 0) {
		snprintf(msg, size, "member must be a member key or badge code");
		return MQ_ERR_INVALID;
	}
	method = mq_record_str(rec->data, "method");
	if (!method || (strcmp(method, "badge") && strcmp(method, "pin"))) {
		snprintf(msg, size, "method must be \"badge\" or \"pin\"");
		return MQ_ERR_INVALID;
	}
	if (!mq_time_parse_rfc3339(mq_record_str(rec->data, "at"), &at)) {
		snprintf(msg, size, "at must be an RFC 3339 date-time");
		return MQ_ERR_INVALID;
	}
	if (at > rec->now + AT_FUTURE_SLACK_S) {
		snprintf(msg, size, "at lies in the future (check the kiosk's clock)");
		return MQ_ERR_INVALID;
	}
	err = resolve_member(db, rec->device->studio, who, &member);
	if (err == MQ_ERR_NOT_FOUND) {
		/* echo only what looks like a code: the rest is untrusted text */
		if (mq_wire_is_key(who) || strspn(who, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
						   strlen(who))
			snprintf(msg, size, "'%s' is not a member or badge code of studio '%s'", who,
				 rec->device->studio);
		else
			snprintf(msg, size, "member is not a member or badge code of studio '%s'",
				 rec->device->studio);
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	return check_marks(db, rec, member.key, msg, size);
}

enum mq_err mq_kind_checkin_store(struct mq_db *db, const struct mq_record_in *rec)
{
	const json_t *marks = json_object_get(rec->data, "bookings");
	const json_t *m;
	struct mq_db_member member;
	struct mq_db_attendance a = {
		.id = rec->id,
		.studio = rec->device->studio,
		.kind = rec->kind,
		.method = mq_record_str(rec->data, "method"),
	};
	size_t i;
	enum mq_err err;

	if (!mq_time_parse_rfc3339(mq_record_str(rec->data, "at"), &a.at))
		return MQ_ERR_DB;   /* validated: cannot happen */
	err = resolve_member(db, rec->device->studio, mq_record_str(rec->data, "member"), &member);
	if (err != MQ_OK)
		return err == MQ_ERR_NOT_FOUND ? MQ_ERR_DB : err;
	a.member = member.key;
	err = db->attendance_insert(db->cls, &a);
	json_array_foreach(marks, i, m) {
		char lower[MQ_UUID_LEN + 1];

		if (err != MQ_OK)
			break;
		mq_record_id_lower(mq_record_str(m, "booking"), lower);
		err = db->booking_mark(db->cls, lower, mq_record_str(m, "status"), rec->now);
	}
	return err == MQ_ERR_CONFLICT || err == MQ_ERR_NOT_FOUND ? MQ_ERR_DB : err;
}
