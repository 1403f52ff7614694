/* mq_survey.h — questionnaires (问卷调查): staff define a short survey for
 * one studio or a whole street, with a date range (both days included,
 * Asia/Shanghai) and at most MQ_SURVEY_QUESTIONS_MAX single-choice,
 * multiple-choice or free-text questions of at most MQ_SURVEY_OPTIONS_MAX
 * options; residents answer it once at the kiosk (records of kind
 * survey_response) and once per browser on their phones; staff read the
 * counts per question and option, and hide free text that must not show. */
#ifndef MQ_SURVEY_H
#define MQ_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_buf.h"
#include "mq_db.h"

#define MQ_SURVEY_QUESTIONS_MAX 10
#define MQ_SURVEY_OPTIONS_MAX 8
#define MQ_SURVEY_TITLE_MAX 100       /* characters */
#define MQ_SURVEY_QUESTION_MAX 200    /* characters of a question */
#define MQ_SURVEY_OPTION_MAX 50       /* characters of an option */
#define MQ_SURVEY_TEXT_MAX 500        /* characters of a free-text answer */
#define MQ_SURVEY_FILE_MAX (64 * 1024) /* bytes of a survey-import file */

/** The kinds of question (their keys: "single", "multiple", "text"). */
enum mq_survey_kind {
	MQ_SURVEY_SINGLE,
	MQ_SURVEY_MULTIPLE,
	MQ_SURVEY_TEXT,
};

/** The key of @p k ("single", "multiple", "text"). */
const char *mq_survey_kind_key(enum mq_survey_kind k);

/** @p key as a kind into *@p out; false when it is none. */
bool mq_survey_kind_parse(const char *key, enum mq_survey_kind *out);

/** One question as defined. A text question has no options. */
struct mq_survey_question {
	const char *text;
	enum mq_survey_kind kind;
	const char *options[MQ_SURVEY_OPTIONS_MAX];
	size_t n_options;
};

/** A new survey as the console's form or an import file gives it. */
struct mq_survey_in {
	const char *studio;          /* one studio, or NULL/"" with street */
	const char *street;          /* a whole street, or NULL/"" with studio */
	const char *title;
	const char *starts, *ends;   /* YYYY-MM-DD, starts <= ends, both included */
	struct mq_survey_question questions[MQ_SURVEY_QUESTIONS_MAX];
	size_t n_questions;
};

/**
 * Read a survey file (the format of DESIGN §9: {"studio"|"street", "title",
 * "starts", "ends", "questions": [{"text", "kind", "options"}]}) from
 * @p json into @p in, whose strings then point into @p json (keep it).
 * False with a Chinese reason in @p msg when it has another shape; the
 * rules (lengths, counts, dates, the studio) are mq_survey_create's.
 */
bool mq_survey_from_json(const json_t *json, struct mq_survey_in *in, char *msg, size_t size);

/**
 * Define survey @p in for @p who (NULL: the command line, as an admin) at
 * @p now, in one transaction with its audit entry: its id into *@p id.
 * MQ_ERR_INVALID with a Chinese reason in @p msg for a bad field (more than
 * 10 questions or 8 options, a choice question with fewer than 2 options,
 * an empty text, ends before starts or before today, an unknown studio or
 * street); MQ_ERR_AUTH when @p who only reads; MQ_ERR_NOT_FOUND for a
 * studio or street out of @p who's scope.
 */
enum mq_err mq_survey_create(struct mq_db *db, const struct mq_db_staff *who,
			     const struct mq_survey_in *in, int64_t now, char *msg, size_t size,
			     int64_t *id) MQ_MUST_CHECK;

/** One answer of a response: to question @p q (1..), the options chosen
 *  (1..) of a choice question, or the text of a text question. */
struct mq_survey_answer {
	int q;
	int options[MQ_SURVEY_OPTIONS_MAX];
	size_t n_options;
	const char *text;            /* NULL when none */
};

/** A response as a kiosk record or a phone form gives it. */
struct mq_survey_response_in {
	int64_t survey;
	const char *studio;          /* where it was answered */
	const char *channel;         /* "kiosk" | "phone" */
	const char *voter;           /* the kiosk record's id | the phone cookie's digest */
	struct mq_survey_answer answers[MQ_SURVEY_QUESTIONS_MAX];
	size_t n_answers;
	int64_t created_at;          /* when it was answered (the record's created_at) */
};

/**
 * Read a survey_response record's answers (DESIGN §9: [{"q": n,
 * "options": [k, ...], "text": "..."}]) into @p in, whose texts then point
 * into @p answers. False with an English reason in @p msg when their
 * shape is wrong (mq_wire_survey_response_check says the same).
 */
bool mq_survey_answers_from_json(const json_t *answers, struct mq_survey_response_in *in,
				 char *msg, size_t size);

/**
 * MQ_OK if @p in answers survey @p in->survey, open at @p in->studio at
 * @p now (starts <= today <= ends, Asia/Shanghai): every choice question
 * answered with one option (single) or at least one (multiple) of its
 * own, a text of at most MQ_SURVEY_TEXT_MAX characters, no question twice
 * or out of range. MQ_ERR_INVALID with a reason in @p msg otherwise (in
 * Chinese, for the phone form; the kiosk's record gets it as it is).
 * Writes nothing.
 */
enum mq_err mq_survey_check_response(struct mq_db *db, const struct mq_survey_response_in *in,
				     int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/** Store response @p in (checked) and its answers; run inside a transaction. */
enum mq_err mq_survey_store_response(struct mq_db *db, const struct mq_survey_response_in *in)
	MQ_MUST_CHECK;

/**
 * Check and store response @p in in one transaction at @p now:
 * MQ_ERR_CONFLICT when its voter answered already, MQ_ERR_INVALID (reason
 * in @p msg) as mq_survey_check_response.
 */
enum mq_err mq_survey_respond(struct mq_db *db, const struct mq_survey_response_in *in,
			      int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/** A survey read whole: its row's fields (owned copies) and its questions. */
struct mq_survey {
	int64_t id;
	char street[MQ_KEY_MAX + 1];
	char studio[MQ_KEY_MAX + 1];  /* "" when street-wide */
	char starts[11], ends[11];
	int64_t responses;
	json_t *json;                 /* owned: {title, questions}, what the texts point into */
	const char *title;
	struct mq_survey_question questions[MQ_SURVEY_QUESTIONS_MAX];
	size_t n_questions;
};

/** Survey @p id into @p out (mq_survey_finish frees it); MQ_ERR_NOT_FOUND
 *  when there is none, or when @p who (NULL: anyone) may not see it. */
enum mq_err mq_survey_load(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
			   struct mq_survey *out) MQ_MUST_CHECK;

/** Free what mq_survey_load gave @p s. */
void mq_survey_finish(struct mq_survey *s);

/** True when @p s is open on the day of @p now (Asia/Shanghai). */
bool mq_survey_is_open(const struct mq_survey *s, int64_t now);

/** The results of a survey: per question and option, how often chosen. */
struct mq_survey_results {
	int64_t counts[MQ_SURVEY_QUESTIONS_MAX][MQ_SURVEY_OPTIONS_MAX];
	int64_t texts[MQ_SURVEY_QUESTIONS_MAX];   /* free-text answers (hidden too) */
	int64_t responses;
};

/** Count the answers of survey @p s into @p out. */
enum mq_err mq_survey_results(struct mq_db *db, const struct mq_survey *s,
			      struct mq_survey_results *out) MQ_MUST_CHECK;

/** The CSV of `report survey`: "question,option,count", one row per question
 *  and option (texts as defined), a text question's row with an empty option
 *  and its count of answers, then "responses,,N". */
void mq_survey_csv(struct mq_buf *b, const struct mq_survey *s, const struct mq_survey_results *r);

/** Hide (@p hidden) or show text answer @p answer of survey @p survey for
 *  @p who at @p now, with its audit entry: MQ_ERR_NOT_FOUND when it is
 *  none of that survey or out of @p who's scope; MQ_ERR_AUTH for readers. */
enum mq_err mq_survey_text_hide(struct mq_db *db, const struct mq_db_staff *who, int64_t survey,
				int64_t answer, bool hidden, int64_t now) MQ_MUST_CHECK;

/** The surveys open at @p studio on the day of @p now, as the state pull's
 *  `surveys` (owned, into *@p out): [{id, title, questions: [{text, kind,
 *  options}]}]. */
enum mq_err mq_survey_open_json(struct mq_db *db, const char *studio, int64_t now,
				json_t **out) MQ_MUST_CHECK;

#endif
