/* kind_topic_support.c — records of kind `topic_support` (DESIGN.md §9): a
 * resident at a kiosk backs a candidate topic of the kiosk's studio:
 * data {"candidate": ID}. Anonymous; the record's id is the voter, so a
 * record sent twice counts once (and the records handler answers it as a
 * duplicate before it gets here). */
#include <stdio.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_records.h"
#include "mq_wire.h"

enum mq_err mq_kind_topic_support_validate(struct mq_db *db, const struct mq_record_in *rec,
					   char *msg, size_t size)
{
	const char *why = mq_wire_topic_support_check(rec->data);

	if (why) {
		snprintf(msg, size, "%s", why);
		return MQ_ERR_INVALID;
	}
	return mq_candidate_check(db,
				  (int64_t)json_integer_value(json_object_get(rec->data, "candidate")),
				  rec->device->studio, rec->now, msg, size);
}

enum mq_err mq_kind_topic_support_store(struct mq_db *db, const struct mq_record_in *rec)
{
	enum mq_err err = db->candidate_support_insert(
		db->cls, (int64_t)json_integer_value(json_object_get(rec->data, "candidate")),
		"kiosk", rec->id, rec->created_at);

	/* the voter is the record's id, which the batch stored as new */
	return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
}
