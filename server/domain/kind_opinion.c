/* kind_opinion.c — records of kind `opinion` (社情民意 filed at a kiosk).
 * The shape is checked by mq_wire_opinion_check (shared with the kiosk); here
 * the keys are checked against the device's studio, the token must be new,
 * and storing also opens the history with the stage `collected` (收集采集). */
#include <stdio.h>

#include "mq_log.h"
#include "mq_opinion.h"
#include "mq_records.h"
#include "mq_wire.h"

/* Remembers whether the opinion with @p token exists. */
static void token_seen(void *cls, const struct mq_db_opinion *op)
{
	(void)op;
	*(bool *)cls = true;
}

enum mq_err mq_kind_opinion_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size)
{
	const char *why = mq_wire_opinion_check(rec->data);
	const char *studio = rec->device->studio;
	const char *key;
	struct mq_db_named named;
	struct mq_db_member member;
	bool seen = false;
	enum mq_err err;

	if (why) {
		snprintf(msg, size, "%s", why);
		return MQ_ERR_INVALID;
	}
	key = mq_record_str(rec->data, "category");
	err = db->category_get(db->cls, key, &named);
	if (err == MQ_ERR_NOT_FOUND) {
		snprintf(msg, size, "unknown category '%s'", key);
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	if ((key = mq_record_str(rec->data, "community"))) {
		err = db->community_get(db->cls, studio, key, &named);
		if (err == MQ_ERR_NOT_FOUND) {
			snprintf(msg, size, "unknown community '%s' for studio '%s'", key, studio);
			return MQ_ERR_INVALID;
		}
		if (err != MQ_OK)
			return err;
	}
	if ((key = mq_record_str(rec->data, "member"))) {
		err = db->member_get(db->cls, studio, key, &member);
		if (err == MQ_ERR_NOT_FOUND) {
			snprintf(msg, size, "unknown member '%s' for studio '%s'", key, studio);
			return MQ_ERR_INVALID;
		}
		if (err != MQ_OK)
			return err;
	}
	err = db->opinion_get_by_token(db->cls, mq_record_str(rec->data, "token"), token_seen, &seen);
	return mq_record_token_new(err, seen, msg, size);
}

enum mq_err mq_kind_opinion_store(struct mq_db *db, const struct mq_record_in *rec)
{
	const json_t *contact = json_object_get(rec->data, "contact");
	struct mq_db_opinion op = {
		.id = rec->id,
		.token = mq_record_str(rec->data, "token"),
		.short_code = mq_record_str(rec->data, "short_code"),
		.studio = rec->device->studio,
		.community = mq_record_str(rec->data, "community"),
		.category = mq_record_str(rec->data, "category"),
		.text = mq_record_str(rec->data, "text"),
		.member = mq_record_str(rec->data, "member"),
		.contact_name = contact ? mq_record_str(contact, "name") : NULL,
		.contact_phone = contact ? mq_record_str(contact, "phone") : NULL,
		.channel = rec->channel ? rec->channel : "kiosk",
		.stage = MQ_STAGE_COLLECTED,
		.created_at = rec->created_at,
	};
	/* validate() ruled out every constraint a well-formed opinion can break,
	 * so a conflict here is a storage fault, not the resident's. */
	return mq_opinion_store(db, &op, op.channel);
}
