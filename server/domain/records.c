/* records.c — the table of accepted record kinds and the helpers the kinds
 * share (mq_records.h). */
#include "mq_records.h"

#include <stdio.h>
#include <string.h>

#include "mq_booking.h"

static const struct mq_record_kind kinds[] = {
	{ "opinion", mq_kind_opinion_validate, mq_kind_opinion_store, NULL },
	/* visits and the duty member's attendance (kind_booking.c, kind_checkin.c) */
	{ "booking", mq_kind_booking_validate, mq_kind_booking_store, mq_booking_refusal },
	{ "booking_cancel", mq_kind_booking_cancel_validate, mq_kind_booking_cancel_store, NULL },
	{ "checkin", mq_kind_checkin_validate, mq_kind_checkin_store, NULL },
	{ "checkout", mq_kind_checkin_validate, mq_kind_checkin_store, NULL },
	/* residents' satisfaction with a published result (kind_rating.c) */
	{ "rating", mq_kind_rating_validate, mq_kind_rating_store, NULL },
	/* residents back candidate topics (kind_topic_support.c) */
	{ "topic_support", mq_kind_topic_support_validate, mq_kind_topic_support_store, NULL },
	/* residents answer questionnaires (kind_survey_response.c) */
	{ "survey_response", mq_kind_survey_response_validate, mq_kind_survey_response_store,
	  NULL },
};

/* Kinds DESIGN.md §5 names that this server version does not accept yet:
 * answered `invalid` with a message saying so, never silently dropped.
 * Every kind is accepted now; NULL ends the list. */
static const char *const planned[] = { NULL };

const struct mq_record_kind *mq_record_kind_find(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

bool mq_record_kind_is_planned(const char *kind)
{
	for (size_t i = 0; i < sizeof planned / sizeof planned[0]; i++)
		if (planned[i] && strcmp(planned[i], kind) == 0)
			return true;
	return false;
}

const char *mq_record_str(const json_t *data, const char *field)
{
	return json_string_value(json_object_get(data, field));
}

void mq_record_id_lower(const char *in, char out[MQ_UUID_LEN + 1])
{
	snprintf(out, MQ_UUID_LEN + 1, "%s", in);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p + 32);
}

enum mq_err mq_record_token_new(enum mq_err err, bool seen, char *msg, size_t size)
{
	if (err == MQ_OK && seen) {
		snprintf(msg, size, "token is already used by another record");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_ERR_NOT_FOUND)
		return err == MQ_OK ? MQ_ERR_DB : err;
	return MQ_OK;
}
