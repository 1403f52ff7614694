/* token_get.c — GET /open311/v2/tokens/{token}.{json,xml}: the
 * service request id behind a tracking token (its holder may know it). */
#include <stdio.h>
#include <string.h>

#include "open311.h"

static void got(void *cls, const struct mq_db_opinion *op)
{
	json_t **list = cls;

	*list = json_pack("[{s:s, s:s}]", "service_request_id", op->id, "token", op->token);
}

void mq_open311_token_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	char token[MQ_TOKEN_LEN + 1];
	size_t stem;
	bool xml = mq_open311_format(hc->param, &stem);
	json_t *list = NULL;
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (stem == MQ_TOKEN_LEN) {
		memcpy(token, hc->param, stem);
		token[stem] = '\0';
		if (mq_id_is_token(token))
			err = db->opinion_get_by_token(db->cls, token, got, &list);
	}
	if (err == MQ_OK && list) {
		mq_open311_reply(resp, 200, xml, "service_requests", "request", list);
		return;
	}
	json_decref(list);
	if (err == MQ_ERR_NOT_FOUND)
		mq_open311_error(resp, xml, 404, "no service request with this token (yet)");
	else
		mq_open311_error(resp, xml, 503, "the database did not answer; try again later");
}
