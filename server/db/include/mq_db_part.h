/* mq_db_part.h — the rows of participation that storage exchanges:
 * candidate topics (候选议题) a street group publishes for a studio, with
 * their closing date and their count of backings from kiosks and phones;
 * topics open for members to volunteer (征集) and the volunteers; the
 * opinions liaison officers (民情联络员) filed. The operations are the
 * "participation" block of struct mq_db (mq_db.h). */
#ifndef MQ_DB_PART_H
#define MQ_DB_PART_H

#include <stdbool.h>
#include <stdint.h>

#include "mq_stage.h"

/** A candidate topic; strings borrowed for the callback. */
struct mq_db_candidate {
	int64_t id;                 /* given by candidate_insert */
	const char *studio;
	const char *title;
	const char *description;    /* "" when none */
	const char *closes;         /* YYYY-MM-DD, the last day to back it */
	const char *opinion;        /* the opinion it came from, or NULL */
	const char *topic;          /* the topic it was promoted to, or NULL */
	const char *created_by;
	int64_t created_at;
	int64_t supports;           /* backings counted (read only) */
};

/** Receives one candidate; return false to stop. */
typedef bool (*mq_db_candidate_cb)(void *cls, const struct mq_db_candidate *c);

/** Which candidates candidates_iterate hands out. */
struct mq_db_candidate_filter {
	const char *studio;         /* NULL: every studio */
	const char *street;         /* NULL: every street */
	const char *open_on;        /* YYYY-MM-DD: only those still open that day
				       (closes >= it, not promoted); NULL: all */
};

/** A topic with its call for members (征集); strings borrowed for the callback. */
struct mq_db_topic_call {
	const char *topic;
	int64_t no;                 /* 议题 #no */
	const char *title;
	const char *studio;
	const char *studio_name;
	enum mq_stage stage;        /* the topic's */
	const char *note;           /* what the call asks for; "" when nothing */
	const char *opened_by;
	int64_t opened_at;
	int64_t closed_at;          /* 0 while open */
	int64_t volunteers;         /* members who volunteered */
	int64_t chosen;             /* of them, chosen */
	bool mine;                  /* the filter's member volunteered */
	bool mine_chosen;           /* ... and was chosen */
};

/** Receives one call; return false to stop. */
typedef bool (*mq_db_topic_call_cb)(void *cls, const struct mq_db_topic_call *c);

/** Which calls topic_calls_iterate hands out (newest first). */
struct mq_db_call_filter {
	const char *topic;          /* NULL: every topic */
	const char *studio;         /* NULL: every studio */
	const char *member;         /* whose mine/mine_chosen to fill; NULL: none */
	bool open_only;             /* only calls not closed */
};

/** A member who volunteered for a topic. */
struct mq_db_volunteer {
	const char *member;
	const char *name;
	const char *studio_name;    /* the member's studio */
	int64_t created_at;
	int64_t chosen_at;          /* 0 until chosen */
};

typedef bool (*mq_db_volunteer_cb)(void *cls, const struct mq_db_volunteer *v);

/** One member's volunteering in a period, for the attendance report. */
struct mq_db_volunteer_tally {
	const char *studio;         /* the member's */
	const char *studio_name;
	const char *member;
	const char *member_name;
	int64_t volunteered;        /* volunteered in the period */
	int64_t chosen;             /* chosen in the period */
};

typedef bool (*mq_db_volunteer_tally_cb)(void *cls, const struct mq_db_volunteer_tally *t);

/** An opinion a liaison officer filed. */
typedef bool (*mq_db_liaison_filing_cb)(void *cls, const char *opinion, int64_t created_at);
/* ---- questionnaires (问卷调查) -------------------------------------------- */

/** A questionnaire; strings borrowed for the callback. */
struct mq_db_survey {
	int64_t id;                 /* given by survey_insert */
	const char *street;
	const char *studio;         /* NULL: every studio of the street */
	const char *title;
	const char *starts, *ends;  /* YYYY-MM-DD, both days included (Asia/Shanghai) */
	const char *questions;      /* JSON [{text, kind, options}] as mq_survey writes it */
	const char *created_by;
	int64_t created_at;
	int64_t responses;          /* responses counted (read only) */
};

/** Receives one survey; return false to stop. */
typedef bool (*mq_db_survey_cb)(void *cls, const struct mq_db_survey *s);

/** Which surveys surveys_iterate hands out. */
struct mq_db_survey_filter {
	const char *studio;         /* NULL: any; else that studio's own and its street's */
	const char *street;         /* NULL: every street */
	const char *open_on;        /* YYYY-MM-DD: only those with starts <= it <= ends */
};

/** One response as stored: its answers go in with survey_answer_insert. */
struct mq_db_survey_response {
	int64_t survey;
	const char *channel;        /* "kiosk" | "phone" */
	const char *voter;          /* the kiosk record's id or the phone cookie's digest */
	int64_t created_at;
};

/** One count of a survey's results: option @p k of question @p q chosen
 *  @p count times; return false to stop. */
typedef bool (*mq_db_survey_count_cb)(void *cls, int64_t q, int64_t k, int64_t count);

/** One free-text answer (borrowed); return false to stop. */
struct mq_db_survey_text {
	int64_t id;                 /* the answer's id, what survey_text_hide takes */
	int64_t q;
	const char *text;
	bool hidden;
	int64_t created_at;         /* its response's */
};
typedef bool (*mq_db_survey_text_cb)(void *cls, const struct mq_db_survey_text *t);

#endif
