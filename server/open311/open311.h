/* open311.h — private to server/open311/: what its handlers share
 * (reply.c): the format from the URL, one serialiser for JSON and XML, the
 * spec's error answer, and an opinion as a service request. */
#ifndef MQ_OPEN311_PRIVATE_H
#define MQ_OPEN311_PRIVATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "mq_db.h"
#include "mq_http.h"
#include "mq_open311.h"

/** True if @p s (a path or segment) ends in ".xml"; *@p stem gets the length
 *  without its ".json" or ".xml". */
bool mq_open311_format(const char *s, size_t *stem);

/** Answer @p status with @p list (a JSON array of objects, stolen) as JSON,
 *  or as XML <@p root><@p item>...</@p item></@p root>; with @p item NULL,
 *  @p list is one object and its fields go straight under <@p root>. An
 *  array field "xs" becomes <xs><x>...</x>...</xs> (the spec's shape). */
void mq_open311_reply(struct mq_http_response *resp, unsigned int status, bool xml,
		      const char *root, const char *item, json_t *list);

/** Answer the spec's error list [{"code","description"}] with @p status. */
void mq_open311_error(struct mq_http_response *resp, bool xml, unsigned int status,
		      const char *description);

/** Opinion @p o as a GeoReport service request (public fields only); NULL on OOM. */
json_t *mq_open311_request(const struct mq_db_console_opinion *o);

#endif
