/* services_get.c — GET /open311/v2/services.{json,xml}: the kiosk
 * categories as GeoReport v2 services; each has a service definition
 * (metadata: true, service_get.c). */
#include "open311.h"

static bool service(void *cls, const struct mq_db_named *c)
{
	return json_array_append_new(cls, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
						    "service_code", c->key, "service_name", c->name,
						    "description", c->name, "metadata", 1, "type",
						    "realtime", "keywords", "", "group", "社情民意")) == 0;
}

void mq_open311_services_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	size_t stem;
	bool xml = mq_open311_format(hc->req->path, &stem);
	json_t *list = json_array();

	if (!list || db->categories_iterate(db->cls, service, list) != MQ_OK) {
		json_decref(list);
		mq_open311_error(resp, xml, 503, "the database did not answer; try again later");
		return;
	}
	mq_open311_reply(resp, 200, xml, "services", "service", list);
}
