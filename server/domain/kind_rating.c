/* kind_rating.c — records of kind `rating` (DESIGN.md §5): a resident's
 * satisfaction with the published result of an opinion, rated at a kiosk:
 * data {"opinion": record id, "stars": 1..5, "comment": optional text}.
 * The rules are those of rating.c, shared with the tracking page's form:
 * once per opinion, and only after feedback (督查反馈) is published. */
#include <stdio.h>
#include <string.h>

#include "mq_rating.h"
#include "mq_records.h"

enum mq_err mq_kind_rating_validate(struct mq_db *db, const struct mq_record_in *rec, char *msg,
				    size_t size)
{
	const json_t *d = rec->data, *stars = json_object_get(d, "stars");
	const json_t *comment = json_object_get(d, "comment");
	const char *key;
	json_t *v;

	if (!json_is_object(d)) {
		snprintf(msg, size, "data must be an object");
		return MQ_ERR_INVALID;
	}
	json_object_foreach((json_t *)d, key, v) {
		if (strcmp(key, "opinion") && strcmp(key, "stars") && strcmp(key, "comment")) {
			snprintf(msg, size, "rating data has only opinion, stars and comment");
			return MQ_ERR_INVALID;
		}
	}
	if (!json_is_string(json_object_get(d, "opinion")) ||
	    !mq_id_is_uuid(mq_record_str(d, "opinion"))) {
		snprintf(msg, size, "opinion must be the opinion's record id (UUID)");
		return MQ_ERR_INVALID;
	}
	if (!json_is_integer(stars)) {
		snprintf(msg, size, "stars must be a whole number from 1 to 5");
		return MQ_ERR_INVALID;
	}
	if (comment && !json_is_string(comment)) {
		snprintf(msg, size, "comment must be a string");
		return MQ_ERR_INVALID;
	}
	return mq_rating_check(db, mq_record_str(d, "opinion"),
			       rec->device->studio, (int)json_integer_value(stars),
			       json_string_value(comment), msg, size);
}

enum mq_err mq_kind_rating_store(struct mq_db *db, const struct mq_record_in *rec)
{
	const json_t *d = rec->data;
	enum mq_err err = db->rating_insert(db->cls, mq_record_str(d, "opinion"),
					    (int)json_integer_value(json_object_get(d, "stars")),
					    mq_record_str(d, "comment"),
					    rec->created_at, "kiosk");

	/* validate() ruled out a second rating in this transaction */
	return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
}
