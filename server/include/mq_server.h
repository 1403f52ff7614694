/* mq_server.h — the district server as a whole: its one route table, wired
 * to every handler and to the pages its errors answer with (routes.c). */
#ifndef MQ_SERVER_H
#define MQ_SERVER_H

#include "mq_http.h"

/** Every URL the server answers (DESIGN.md §5-§6), with the pages the
 *  dispatcher's errors answer as. Static storage. */
const struct mq_http_router *mq_server_router(void);

/** Answer @p req with the server's routes (mq_http_dispatch on
 *  mq_server_router()) into @p resp, initialised by the caller. */
void mq_server_dispatch(const struct mq_server *srv, const struct mq_http_request *req,
			struct mq_http_response *resp);

#endif
