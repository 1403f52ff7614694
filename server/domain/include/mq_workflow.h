/* mq_workflow.h — the five steps as staff move issues through them: triage
 * (分析研判) of opinions, and the topic (议题) through research (调研走访),
 * consultation (协商办理), feedback (督查反馈) and closing.
 *
 * Every decision runs in one transaction that writes the change, a stage
 * event with the public note (what the resident reads) and the internal
 * note (staff only), and an audit entry with the state before and after.
 * A topic's stage change is copied into the history of every linked
 * opinion: their tracking pages, and the kiosks' stage feed, follow. */
#ifndef MQ_WORKFLOW_H
#define MQ_WORKFLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/** A consultation form: key and name (例会式 ...). */
struct mq_consult_form {
	const char *key;
	const char *name;
};

/** The five forms of consultation (seed: 五类协商法), NULL-terminated. */
extern const struct mq_consult_form mq_workflow_consult_forms[];

/** The name of consultation form @p key, or NULL when it is not one. */
const char *mq_workflow_consult_form_name(const char *key);

/** Chinese name of triage disposition @p key (topic → 形成议题 ...), "" if unknown. */
const char *mq_workflow_disposition_name(const char *key);

/** One triage decision. */
struct mq_triage_in {
	const char *action;         /* topic_new, topic_link, answer, refer, duplicate, reject */
	const char *title;          /* topic_new */
	const char *topic;          /* topic_link: topic id */
	const char *department;     /* refer */
	const char *duplicate_of;   /* duplicate: opinion id */
	const char *assigned;       /* optional member key */
	const char *public_note;    /* shown to the resident */
	const char *internal_note;  /* staff only */
	const char *const *also;    /* further opinion ids joining the same topic */
	size_t n_also;
};

/**
 * Apply triage @p in to opinion @p id (and @p in->also) for account @p who
 * at @p now, in one transaction: triage columns, stage events with the
 * notes, a new topic when asked, and the audit log. On MQ_ERR_INVALID an
 * explanation (Chinese, for the form) is in @p msg. @p topic_out receives
 * the topic id when one was made or joined (else ""). Opinions out of the
 * account's scope are MQ_ERR_NOT_FOUND; MQ_ERR_AUTH when @p who only reads.
 */
enum mq_err mq_workflow_triage(struct mq_db *db, const struct mq_db_staff *who, const char *id,
			       const struct mq_triage_in *in, int64_t now, char *msg, size_t size,
			       char topic_out[MQ_UUID_LEN + 1]) MQ_MUST_CHECK;

/** A count typed into a form: left empty (keep what is stored), a number
 *  0..10000, or something else. */
struct mq_count_in {
	enum { MQ_COUNT_KEEP, MQ_COUNT_SET, MQ_COUNT_BAD } state;
	int64_t value;               /* when MQ_COUNT_SET */
};

/** One step saved on a topic; NULL strings are empty fields. */
struct mq_topic_update_in {
	const char *action;          /* research | consult | feedback | close | title */
	const char *public_note;     /* for every linked opinion's tracking page */
	const char *internal_note;   /* staff only */
	/* research (调研走访) */
	struct mq_count_in visits_planned;
	struct mq_count_in visits_done;
	const char *const *members;  /* member keys involved */
	size_t n_members;
	const char *research_note;
	/* consult (协商办理) */
	const char *consult_form;    /* a key of mq_workflow_consult_forms */
	const char *consult_date;    /* YYYY-MM-DD */
	const char *participants;
	const char *outcome;
	/* feedback (督查反馈) and close */
	const char *result;          /* published to the residents */
	const char *followup_due;    /* YYYY-MM-DD */
	const char *supervision;
	/* title */
	const char *title;
};

/**
 * Apply @p in to topic @p id for @p who at @p now, in one transaction; the
 * new stage and its public note go to every linked opinion's history, so
 * their tracking pages follow. Same errors as mq_workflow_triage.
 */
enum mq_err mq_workflow_topic_update(struct mq_db *db, const struct mq_db_staff *who,
				     const char *id, const struct mq_topic_update_in *in,
				     int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/** Topic @p t as a JSON object (every field, NULL strings left out): a copy
 *  that outlives the storage callback. NULL when out of memory. */
json_t *mq_workflow_topic_json(const struct mq_db_topic *t);

#endif
