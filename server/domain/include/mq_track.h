/* mq_track.h — what a resident may see about an opinion, read once for both
 * the tracking page (public/track_get.c) and its JSON (api/track_get.c). It never
 * holds the contact name or phone: public views cannot leak what they lack. */
#ifndef MQ_TRACK_H
#define MQ_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_deadline.h"
#include "mq_stage.h"

/** One step of the five-step timeline. */
struct mq_track_step {
	bool reached;          /* the opinion got this far */
	bool current;          /* the step being worked on now */
	bool skipped;          /* passed without being worked on (e.g. answered directly) */
	int64_t at;            /* when the step was first reached; 0 if unknown */
	char *note;            /* the newest public note of this step (malloc'd) or NULL */
};

/** The public view of one opinion. Fill with mq_track_load, free with mq_track_finish. */
struct mq_track {
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char studio_id[MQ_KEY_MAX + 1];
	char studio_name[MQ_DB_NAME_MAX];
	char category_key[MQ_KEY_MAX + 1];
	char category_name[MQ_DB_NAME_MAX];
	char community_name[MQ_DB_NAME_MAX];   /* "" when none */
	enum mq_stage stage;                   /* current stage */
	char *text;                            /* malloc'd */
	int64_t created_at;
	struct mq_track_step steps[MQ_STAGE_COUNT];
	/* what triage decided and where it led */
	char disposition[16];                  /* "" until triaged, else mq_db_triage's */
	char department[MQ_DB_NAME_MAX];       /* referred to; "" when not */
	int64_t topic_no;                      /* 0 when in no topic */
	char topic_title[MQ_DB_NAME_MAX];      /* "" until the topic's result is published */
	enum mq_stage topic_stage;             /* research .. closed, when topic_no */
	char *result;                          /* the topic's published result (malloc'd) or NULL */
	int64_t published_at;                  /* when the result was published; 0 before */
	bool closed;                           /* nothing more will happen */
	bool rateable;                         /* feedback is published and not rated yet */
	int stars;                             /* the resident's rating, 0 when none */
	/* the next deadline the district owes the resident (mq_deadline.h) */
	bool has_due;                          /* something is still open */
	enum mq_deadline_kind due_kind;        /* what is due: 分析研判, 首次答复 or 办结 */
	int64_t due_day;                       /* its last day (mq_workday.h day number) */
};

/**
 * Load the public view of the opinion with tracking token @p token, its
 * next deadline as it stands at @p now. Returns MQ_OK, MQ_ERR_NOT_FOUND
 * (unknown or malformed token), MQ_ERR_NOMEM or MQ_ERR_DB. On anything but
 * MQ_OK, @p out holds nothing to free.
 */
enum mq_err mq_track_load(struct mq_db *db, const char *token, int64_t now,
			  struct mq_track *out) MQ_MUST_CHECK;

/** Free what @p t holds. NULL is a no-op. */
void mq_track_finish(struct mq_track *t);

#endif
