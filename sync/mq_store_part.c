/* mq_store_part.c — backing candidate topics and answering questionnaires
 * at the kiosk (mq_store_part.h): records queued through
 * store_queue_record, with no local row (nothing of them is looked up
 * here later). */
#include "mq_store_part.h"

#include <jansson.h>

#include "mq_log.h"
#include "store_private.h"

/* Queue @p data (stolen) as a record of @p kind when @p check finds no fault. */
static enum mq_err queue_checked(struct mq_store *store, const char *kind, json_t *data,
				 const char *(*check)(const json_t *), int64_t now, char id[37])
{
	const char *why;
	enum mq_err err;

	if (!data)
		return MQ_ERR_NOMEM;
	if ((why = check(data)) != NULL) {
		mq_log_warn("store", "not queueing %s: %s", kind, why);
		json_decref(data);
		return MQ_ERR_INVALID;
	}
	err = store_queue_record(store, kind, data, now, id, NULL, NULL);
	json_decref(data);
	if (err == MQ_OK)
		mq_log_info("store", "queued %s %s", kind, id);
	return err;
}

enum mq_err mq_store_back_topic(struct mq_store *store, int64_t candidate, int64_t now,
				char id[37])
{
	return queue_checked(store, "topic_support",
			     json_pack("{s:I}", "candidate", (json_int_t)candidate),
			     mq_wire_topic_support_check, now, id);
}

enum mq_err mq_store_answer_survey(struct mq_store *store, int64_t survey,
				   const struct mq_store_survey_answer *answers, size_t n,
				   int64_t now, char id[37])
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++) {
		const struct mq_store_survey_answer *a = &answers[i];
		json_t *one = json_pack("{s:i}", "q", a->q), *opts = json_array();

		for (size_t k = 0; opts && k < a->n_options; k++)
			json_array_append_new(opts, json_integer(a->options[k]));
		if (one && opts && a->n_options)
			json_object_set_new(one, "options", opts);
		else
			json_decref(opts);
		if (one && a->text && a->text[0])
			json_object_set_new(one, "text", json_string(a->text));
		/* an unanswered text question is left out */
		if (one && json_object_size(one) == 1) {
			json_decref(one);
			continue;
		}
		if (!one || json_array_append_new(list, one) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return queue_checked(store, "survey_response",
			     list ? json_pack("{s:I, s:o}", "survey", (json_int_t)survey, "answers",
					      list) : NULL,
			     mq_wire_survey_response_check, now, id);
}
