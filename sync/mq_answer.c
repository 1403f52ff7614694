/* mq_answer.c — the server's answers, checked before anything trusts them. */
#include "mq_answer.h"

#include <stdbool.h>

#include "mq_log.h"

enum mq_err mq_answer_results(const char *body, size_t len,
			      enum mq_err (*fn)(void *cls, const struct mq_answer_result *r),
			      void *cls)
{
	json_t *answer = json_loadb(body, len, 0, NULL);
	json_t *results = json_object_get(answer, "results");
	enum mq_err err = MQ_OK;
	size_t i;
	json_t *res;

	if (!json_is_array(results)) {
		json_decref(answer);
		return MQ_ERR_SERVER;
	}
	json_array_foreach(results, i, res) {
		struct mq_answer_result r = {
			json_string_value(json_object_get(res, "id")),
			json_string_value(json_object_get(res, "result")),
			json_string_value(json_object_get(res, "error")),
		};

		if (!r.id || !r.result)
			continue;
		err = fn(cls, &r);
		if (err != MQ_OK)
			break;
	}
	json_decref(answer);
	return err;
}

/* True if @p list is an array of objects whose @p field is a string. */
static bool list_of(const json_t *list, const char *field)
{
	size_t i;
	json_t *item;

	if (!list)
		return true;   /* optional lists may be absent */
	if (!json_is_array(list))
		return false;
	json_array_foreach(list, i, item) {
		if (!json_is_string(json_object_get(item, field)))
			return false;
	}
	return true;
}

json_t *mq_answer_state(const char *body, size_t len)
{
	json_t *state = json_loadb(body, len, 0, NULL);
	const char *why = NULL;

	if (!json_is_object(state))
		why = "not a JSON object";
	else if (!json_is_string(json_object_get(json_object_get(state, "studio"), "id")))
		why = "no studio id";
	else if (!json_is_array(json_object_get(state, "categories")) ||
		 !list_of(json_object_get(state, "categories"), "key") ||
		 !list_of(json_object_get(state, "categories"), "name"))
		why = "categories are not a list of {key, name}";
	else if (!list_of(json_object_get(state, "communities"), "key") ||
		 !list_of(json_object_get(state, "members"), "key") ||
		 !list_of(json_object_get(state, "shifts"), "id") ||
		 !list_of(json_object_get(state, "stages"), "id"))
		why = "a list has entries of the wrong shape";
	else if (json_object_get(state, "cursor") &&
		 !json_is_string(json_object_get(state, "cursor")))
		why = "cursor is not a string";
	if (why) {
		mq_log_warn("sync", "ignored a kiosk state answer: %s", why);
		json_decref(state);
		return NULL;
	}
	return state;
}
