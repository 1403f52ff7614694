/* kind_survey_response.c — records of kind `survey_response` (DESIGN.md
 * §9): a resident at a kiosk answers a questionnaire open at the kiosk's
 * studio: data {"survey": ID, "answers": [{"q": n, "options": [k, ...],
 * "text": "..."}]}. Anonymous; the record's id is the voter, so a record
 * sent twice counts once. */
#include <stdio.h>
#include <string.h>

#include "mq_records.h"
#include "mq_survey.h"
#include "mq_wire.h"

/* @p rec read into @p in (borrowing from its data); false (reason in @p msg). */
static bool read_response(const struct mq_record_in *rec, struct mq_survey_response_in *in,
			  char *msg, size_t size)
{
	const char *why = mq_wire_survey_response_check(rec->data);

	memset(in, 0, sizeof *in);
	if (why)
		return snprintf(msg, size, "%s", why), false;
	in->survey = (int64_t)json_integer_value(json_object_get(rec->data, "survey"));
	in->studio = rec->device->studio;
	in->channel = "kiosk";
	in->voter = rec->id;
	in->created_at = rec->created_at;
	return mq_survey_answers_from_json(json_object_get(rec->data, "answers"), in, msg, size);
}

enum mq_err mq_kind_survey_response_validate(struct mq_db *db, const struct mq_record_in *rec,
					     char *msg, size_t size)
{
	struct mq_survey_response_in in;

	if (!read_response(rec, &in, msg, size))
		return MQ_ERR_INVALID;
	return mq_survey_check_response(db, &in, rec->now, msg, size);
}

enum mq_err mq_kind_survey_response_store(struct mq_db *db, const struct mq_record_in *rec)
{
	struct mq_survey_response_in in;
	char msg[160];
	enum mq_err err;

	if (!read_response(rec, &in, msg, sizeof msg))
		return MQ_ERR_DB;   /* validated before: cannot happen */
	err = mq_survey_store_response(db, &in);
	/* the voter is the record's id, which the batch stored as new */
	return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
}
