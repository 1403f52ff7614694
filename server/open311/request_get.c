/* request_get.c — GET /open311/v2/requests/{id}.{json,xml}: one
 * service request, as a list of one (the spec's shape); 404 when unknown. */
#include <stdio.h>
#include <string.h>

#include "open311.h"

static bool add(void *cls, const struct mq_db_console_opinion *o)
{
	json_t *r = mq_open311_request(o);

	if (r)
		json_array_append_new(cls, r);   /* out of memory leaves it empty: 404 */
	return false;                            /* one row */
}

void mq_open311_request_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	char id[MQ_UUID_LEN + 1];
	size_t stem;
	bool xml = mq_open311_format(hc->param, &stem);
	json_t *list = json_array();
	struct mq_db_opinion_filter f = { .id = id, .limit = 1 };
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (list && stem == MQ_UUID_LEN) {
		memcpy(id, hc->param, stem);
		id[stem] = '\0';
		if (mq_id_is_uuid(id))
			err = db->opinions_iterate(db->cls, &f, add, list);
	}
	if (err == MQ_OK && json_array_size(list) == 0)
		err = MQ_ERR_NOT_FOUND;
	if (err != MQ_OK) {
		json_decref(list);
		if (err == MQ_ERR_NOT_FOUND)
			mq_open311_error(resp, xml, 404, "no service request with this id");
		else
			mq_open311_error(resp, xml, 503, "the database did not answer; try again later");
		return;
	}
	mq_open311_reply(resp, 200, xml, "service_requests", "request", list);
}
