/* workflow.h — private to server/domain/: what triage (triage.c) and the
 * topic steps (topic.c) share (workflow.c): rows copied into JSON that
 * outlives a storage callback, the limits of the forms, and stage events. */
#ifndef MQ_DOMAIN_WORKFLOW_H
#define MQ_DOMAIN_WORKFLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_WORKFLOW_TITLE_MAX 100      /* characters of a topic title, a department */
#define MQ_WORKFLOW_NOTE_MAX 2000      /* characters of a note or a step's record */

/** True if @p s is NULL or has at most @p max characters of valid UTF-8. */
bool mq_workflow_fits(const char *s, long max);

/** True for NULL or a YYYY-MM-DD date. */
bool mq_workflow_date_ok(const char *s);

/** Opinion @p id if @p who may see it, as owned JSON (id, studio, stage
 *  key, disposition, topic, ...: what the audit log records) in *@p out and
 *  its stage in *@p stage (unless NULL); MQ_ERR_NOT_FOUND otherwise. */
enum mq_err mq_workflow_load_opinion(struct mq_db *db, const struct mq_db_staff *who,
				     const char *id, json_t **out,
				     enum mq_stage *stage) MQ_MUST_CHECK;

/** Topic @p id if @p who may see it, as owned JSON (mq_workflow_topic_json)
 *  in *@p out and its stage in *@p stage (unless NULL); MQ_ERR_NOT_FOUND
 *  otherwise. */
enum mq_err mq_workflow_load_topic(struct mq_db *db, const struct mq_db_staff *who,
				   const char *id, json_t **out,
				   enum mq_stage *stage) MQ_MUST_CHECK;

/** String member @p k of @p o, or NULL. */
const char *mq_workflow_js(const json_t *o, const char *k);

/** Integer member @p k of @p o, or 0. */
int64_t mq_workflow_ji(const json_t *o, const char *k);

/** Set string member @p k of @p o to @p v (NULL removes it); false on OOM. */
bool mq_workflow_jset(json_t *o, const char *k, const char *v);

/** Set integer member @p k of @p o to @p v; false on OOM. */
bool mq_workflow_jseti(json_t *o, const char *k, int64_t v);

/** Append stage @p stage of @p subject (@p kind "opinion" or "topic") by
 *  @p who at @p now with the notes (may be NULL) to the history. */
enum mq_err mq_workflow_event(struct mq_db *db, const struct mq_db_staff *who, const char *kind,
			      const char *subject, enum mq_stage stage, int64_t now,
			      const char *pub, const char *internal) MQ_MUST_CHECK;

/** Write topic stage @p stage (as its opinion stage) with the notes into
 *  the history of every opinion linked to @p topic. */
enum mq_err mq_workflow_fan_out(struct mq_db *db, const struct mq_db_staff *who,
				const char *topic, enum mq_stage stage, int64_t now,
				const char *pub, const char *internal) MQ_MUST_CHECK;

/** A new topic @p title of @p studio by @p who at @p now, in research (调研走访),
 *  with its first stage event (internal note @p internal, may be NULL) and
 *  its audit entry: its id into @p id, and (owned) its JSON (id, studio,
 *  stage, title, no) into *@p topic. Runs inside the caller's transaction. */
enum mq_err mq_workflow_topic_new(struct mq_db *db, const struct mq_db_staff *who,
				  const char *studio, const char *title, const char *internal,
				  int64_t now, char id[MQ_UUID_LEN + 1],
				  json_t **topic) MQ_MUST_CHECK;

#endif
