/* healthz_get.c — GET /healthz: 200 {"status":"ok"} when the database answers. */
#include "mq_api.h"

void mq_api_healthz_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;

	if (db->ping(db->cls) != MQ_OK) {
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_http_reply_json(resp, 200, json_pack("{s:s}", "status", "ok"));
	mq_http_add_header(resp, "Cache-Control", "no-store");
}
