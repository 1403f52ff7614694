/* mq_audit.h — the audit log (审计日志): every change staff make is written
 * with who made it and the state before and after, inside the change's own
 * transaction, so that the log and the data cannot disagree. */
#ifndef MQ_AUDIT_H
#define MQ_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "mq_db.h"

/**
 * Append an audit entry: @p who did @p action ("triage.topic_new", ...) to
 * @p subject (an id or key) of @p studio (NULL: district-wide) at @p now.
 * @p before and @p after are JSON (may be NULL; stolen either way), written
 * with sorted keys. Runs inside the caller's transaction. MQ_ERR_NOMEM or
 * the storage error when it cannot be written.
 */
enum mq_err mq_audit(struct mq_db *db, const struct mq_db_staff *who, int64_t now,
		     const char *studio, const char *action, const char *subject, json_t *before,
		     json_t *after) MQ_MUST_CHECK;

#endif
