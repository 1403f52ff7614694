/* mq_api.h — the kiosks' sync protocol (DESIGN.md §5) and the operations
 * endpoints: one handler per route and method, for the route table. Each
 * answers JSON (the metrics, Prometheus text). */
#ifndef MQ_API_H
#define MQ_API_H

#include "mq_http.h"

/** POST /api/v1/enroll {"code"}: a one-time code traded for a device and its key. */
void mq_api_enroll_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /api/v1/records (signed, JSON): a batch of records, one result each. */
void mq_api_records_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /api/v1/kiosk/state?since=CURSOR (signed): what a kiosk shows offline. */
void mq_api_kiosk_state_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /api/v1/heartbeat (signed, JSON): a kiosk's health. */
void mq_api_heartbeat_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** Most bytes of a bundle one answer of GET /api/v1/kiosk/bundle/{id} carries. */
#define MQ_API_BUNDLE_CHUNK (1024 * 1024)

/** GET /api/v1/kiosk/bundle/{id} (signed): a Range of the system update
 *  offered to this kiosk (206 with Content-Range); 404 when that bundle is
 *  not offered to it; 416 for a missing or bad Range. */
void mq_api_bundle_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /api/v1/track/{token}: the public view of an opinion as JSON. */
void mq_api_track_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /healthz: 200 when the database answers. */
void mq_api_healthz_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /metrics: requests, records and kiosks in Prometheus text format. */
void mq_api_metrics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

#endif
