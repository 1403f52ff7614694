/* mq_open311.h — Open311 GeoReport v2 under /open311/v2/: a service
 * request is an opinion, a service a category; requests are read by anyone
 * and filed with an API key made in the console. One handler per route and
 * method, for the route table; each answers JSON or XML by the URL's
 * extension. */
#ifndef MQ_OPEN311_H
#define MQ_OPEN311_H

#include "mq_http.h"

/** GET /open311/v2/services.{json,xml}: the categories. */
void mq_open311_services_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /open311/v2/services/{code}.{json,xml}: a category's service definition. */
void mq_open311_service_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /open311/v2/requests.{json,xml}: service requests, newest first. */
void mq_open311_requests_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /open311/v2/requests.{json,xml}: file a service request (api_key). */
void mq_open311_requests_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /open311/v2/requests/{id}.{json,xml}: one service request. */
void mq_open311_request_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /open311/v2/tokens/{token}.{json,xml}: the request behind a tracking token. */
void mq_open311_token_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

#endif
