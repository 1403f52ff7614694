/* mq_store_part.h — participation in the kiosk store: a resident backs a
 * candidate topic (record kind `topic_support`) or answers a questionnaire
 * (kind `survey_response`), DESIGN §9. Anonymous records queued in the
 * outbox like any other; the shapes are checked with mq_wire first, so the
 * kiosk never queues what the server would refuse for its shape. */
#ifndef MQ_STORE_PART_H
#define MQ_STORE_PART_H

#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_store.h"
#include "mq_wire.h"

/** Queue a backing of candidate topic @p candidate at @p now; the record's
 *  id into @p id. MQ_ERR_INVALID for an id that is none. */
enum mq_err mq_store_back_topic(struct mq_store *store, int64_t candidate, int64_t now,
				char id[37]) MQ_MUST_CHECK;

/** One answer as the survey screens collect it (questions and options count from 1). */
struct mq_store_survey_answer {
	int q;
	int options[MQ_WIRE_SURVEY_OPTIONS_MAX];
	size_t n_options;            /* a choice question's */
	const char *text;            /* a text question's; NULL or "" when left empty */
};

/** Queue the answers @p answers (@p n of them) to survey @p survey at
 *  @p now; the record's id into @p id. MQ_ERR_INVALID when their shape is
 *  wrong (mq_wire_survey_response_check), logged. */
enum mq_err mq_store_answer_survey(struct mq_store *store, int64_t survey,
				   const struct mq_store_survey_answer *answers, size_t n,
				   int64_t now, char id[37]) MQ_MUST_CHECK;

#endif
