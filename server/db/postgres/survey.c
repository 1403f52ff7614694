/* survey.c — the PostgreSQL implementation of the questionnaires' part of
 * the participation block of struct mq_db (mq_db.h, rows in mq_db_part.h),
 * as server/db/sqlite/survey.c: surveys, their responses and answers.
 * Every statement is named in the table below with its caller. */
#include "mq_pg.h"

enum sstmt_id {
	S_INSERT,
	S_GET,
	S_LIST,
	S_RESPONSE_INSERT,
	S_RESPONSE_EXISTS,
	S_ANSWER_INSERT,
	S_COUNTS,
	S_TEXTS,
	S_TEXT_HIDE,
	S_COUNT
};

#define SURVEY_SELECT "SELECT s.id, s.street, s.studio, s.title, s.starts, s.ends, s.questions," \
	" s.created_by, s.created_at," \
	" (SELECT count(*) FROM survey_responses r WHERE r.survey = s.id) AS responses" \
	" FROM surveys s"

/* Every statement of this block; the comment names its caller. */
static const struct mq_pg_stmt_def stmt_sql[S_COUNT] = {
	/* caller: db_survey_insert */
	[S_INSERT] = { "survey_insert",
		"INSERT INTO surveys (street, studio, title, starts, ends, questions, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id" },
	/* caller: db_survey_get */
	[S_GET] = { "survey_get", SURVEY_SELECT " WHERE s.id = $1" },
	/* caller: db_surveys_iterate */
	[S_LIST] = { "surveys",
		SURVEY_SELECT " WHERE ($1::text IS NULL OR s.studio = $1 OR (s.studio IS NULL AND"
		" s.street = (SELECT street FROM studios WHERE id = $1)))"
		" AND ($2::text IS NULL OR s.street = $2)"
		" AND ($3::text IS NULL OR (s.starts <= $3 AND s.ends >= $3))"
		" ORDER BY s.id DESC" },
	/* caller: db_survey_response_insert */
	[S_RESPONSE_INSERT] = { "survey_response_insert",
		"INSERT INTO survey_responses (survey, channel, voter, created_at)"
		" VALUES ($1, $2, $3, $4) RETURNING id" },
	/* caller: db_survey_response_exists */
	[S_RESPONSE_EXISTS] = { "survey_response_exists",
		"SELECT count(*) FROM survey_responses WHERE survey = $1 AND voter = $2" },
	/* caller: db_survey_answer_insert */
	[S_ANSWER_INSERT] = { "survey_answer_insert",
		"INSERT INTO survey_answers (response, q, k, text) VALUES ($1, $2, $3, $4)" },
	/* caller: db_survey_counts */
	[S_COUNTS] = { "survey_counts",
		"SELECT a.q, a.k, count(*) FROM survey_answers a"
		" JOIN survey_responses r ON r.id = a.response"
		" WHERE r.survey = $1 AND a.k IS NOT NULL GROUP BY a.q, a.k ORDER BY a.q, a.k" },
	/* caller: db_survey_texts_iterate */
	[S_TEXTS] = { "survey_texts",
		"SELECT a.id, a.q, a.text, a.hidden, r.created_at FROM survey_answers a"
		" JOIN survey_responses r ON r.id = a.response"
		" WHERE r.survey = $1 AND a.text IS NOT NULL ORDER BY a.q, r.created_at, a.id" },
	/* caller: db_survey_text_hide */
	[S_TEXT_HIDE] = { "survey_text_hide",
		"UPDATE survey_answers SET hidden = $3 WHERE id = $2 AND text IS NOT NULL"
		" AND response IN (SELECT id FROM survey_responses WHERE survey = $1)" },
};

/* What a row function hands on: the caller's callback, and whether one came. */
struct got {
	mq_db_survey_cb cb;
	void *cls;
	bool found;
};

static bool survey_row(const struct mq_pg_row *r, void *g_, void *unused)
{
	struct got *g = g_;
	struct mq_db_survey v = {
		.id = mq_pg_int(r, 0),
		.street = mq_pg_str(r, 1),
		.studio = mq_pg_text(r, 2),
		.title = mq_pg_str(r, 3),
		.starts = mq_pg_str(r, 4),
		.ends = mq_pg_str(r, 5),
		.questions = mq_pg_str(r, 6),
		.created_by = mq_pg_str(r, 7),
		.created_at = mq_pg_int(r, 8),
		.responses = mq_pg_int(r, 9),
	};

	(void)unused;
	g->found = true;
	return g->cb(g->cls, &v);
}

static enum mq_err db_survey_insert(void *cls, const struct mq_db_survey *s, int64_t *id)
{
	return mq_pg_write_one(cls, MQ_PG_SURVEY, S_INSERT,
			       MQ_PG_ARGS(MQ_PG_TEXT(s->street), MQ_PG_OPT(s->studio),
					  MQ_PG_TEXT(s->title), MQ_PG_TEXT(s->starts),
					  MQ_PG_TEXT(s->ends), MQ_PG_TEXT(s->questions),
					  MQ_PG_TEXT(s->created_by), MQ_PG_INT(s->created_at)),
			       mq_pg_int_out, id, NULL);
}

static enum mq_err db_survey_get(void *cls, int64_t id, mq_db_survey_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };
	enum mq_err err = mq_pg_query(cls, MQ_PG_SURVEY, S_GET,
					  MQ_PG_ARGS(MQ_PG_INT(id)), survey_row, &g, NULL);

	return err == MQ_OK && !g.found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_surveys_iterate(void *cls, const struct mq_db_survey_filter *f,
				      mq_db_survey_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };

	return mq_pg_query(cls, MQ_PG_SURVEY, S_LIST,
			       MQ_PG_ARGS(MQ_PG_OPT(f->studio), MQ_PG_OPT(f->street),
					      MQ_PG_OPT(f->open_on)),
			       survey_row, &g, NULL);
}

static enum mq_err db_survey_response_insert(void *cls, const struct mq_db_survey_response *r,
					     int64_t *id)
{
	return mq_pg_write_one(cls, MQ_PG_SURVEY, S_RESPONSE_INSERT,
			       MQ_PG_ARGS(MQ_PG_INT(r->survey), MQ_PG_TEXT(r->channel),
					  MQ_PG_TEXT(r->voter), MQ_PG_INT(r->created_at)),
			       mq_pg_int_out, id, NULL);
}

static bool exists_row(const struct mq_pg_row *r, void *out, void *unused)
{
	(void)unused;
	*(bool *)out = mq_pg_int(r, 0) > 0;
	return false;
}

static enum mq_err db_survey_response_exists(void *cls, int64_t survey, const char *voter,
					     bool *answered)
{
	*answered = false;
	return mq_pg_query(cls, MQ_PG_SURVEY, S_RESPONSE_EXISTS,
			   MQ_PG_ARGS(MQ_PG_INT(survey), MQ_PG_TEXT(voter)), exists_row, answered,
			   NULL);
}

static enum mq_err db_survey_answer_insert(void *cls, int64_t response, int64_t q, int64_t k,
					   const char *text)
{
	if (k > 0)
		return mq_pg_run(cls, MQ_PG_SURVEY, S_ANSWER_INSERT, MQ_OK,
				     MQ_PG_ARGS(MQ_PG_INT(response), MQ_PG_INT(q), MQ_PG_INT(k),
						    MQ_PG_TEXT(NULL)));
	return mq_pg_run(cls, MQ_PG_SURVEY, S_ANSWER_INSERT, MQ_OK,
			     MQ_PG_ARGS(MQ_PG_INT(response), MQ_PG_INT(q), MQ_PG_OPT(NULL),
					    MQ_PG_TEXT(text ? text : "")));
}

/* Row functions of counts and texts get a pointer to the caller's callback. */
static bool count_row(const struct mq_pg_row *r, void *cb, void *cls)
{
	return (*(mq_db_survey_count_cb *)cb)(cls, mq_pg_int(r, 0),
					    mq_pg_int(r, 1),
					    mq_pg_int(r, 2));
}

static enum mq_err db_survey_counts(void *cls, int64_t survey, mq_db_survey_count_cb cb,
				    void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_SURVEY, S_COUNTS, MQ_PG_ARGS(MQ_PG_INT(survey)),
			       count_row, &cb, cb_cls);
}

static bool text_row(const struct mq_pg_row *r, void *cb, void *cls)
{
	struct mq_db_survey_text t = {
		.id = mq_pg_int(r, 0),
		.q = mq_pg_int(r, 1),
		.text = mq_pg_str(r, 2),
		.hidden = mq_pg_int(r, 3) != 0,
		.created_at = mq_pg_int(r, 4),
	};

	return (*(mq_db_survey_text_cb *)cb)(cls, &t);
}

static enum mq_err db_survey_texts_iterate(void *cls, int64_t survey, mq_db_survey_text_cb cb,
					   void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_SURVEY, S_TEXTS, MQ_PG_ARGS(MQ_PG_INT(survey)),
			       text_row, &cb, cb_cls);
}

static enum mq_err db_survey_text_hide(void *cls, int64_t survey, int64_t answer, bool hidden)
{
	return mq_pg_run(cls, MQ_PG_SURVEY, S_TEXT_HIDE, MQ_ERR_NOT_FOUND,
			     MQ_PG_ARGS(MQ_PG_INT(survey), MQ_PG_INT(answer), MQ_PG_INT(hidden ? 1 : 0)));
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_survey_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_SURVEY, stmt_sql, S_COUNT);
	iface->survey_insert = db_survey_insert;
	iface->survey_get = db_survey_get;
	iface->surveys_iterate = db_surveys_iterate;
	iface->survey_response_insert = db_survey_response_insert;
	iface->survey_response_exists = db_survey_response_exists;
	iface->survey_answer_insert = db_survey_answer_insert;
	iface->survey_counts = db_survey_counts;
	iface->survey_texts_iterate = db_survey_texts_iterate;
	iface->survey_text_hide = db_survey_text_hide;
}
