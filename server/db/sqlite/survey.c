/* survey.c — the SQLite implementation of the questionnaires' part of the
 * participation block of struct mq_db (mq_db.h, rows in mq_db_part.h):
 * surveys, their responses and answers. Every statement is named in the
 * table below with its caller. */
#include "mq_sqlite.h"

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
	" (SELECT count(*) FROM survey_responses r WHERE r.survey = s.id)" \
	" FROM surveys s"

/* Every statement of this block; the comment names its caller. */
static const struct mq_sqlite_stmt_def stmt_sql[S_COUNT] = {
	/* caller: db_survey_insert */
	[S_INSERT] = { "survey_insert",
		"INSERT INTO surveys (street, studio, title, starts, ends, questions, created_by,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id" },
	/* caller: db_survey_get */
	[S_GET] = { "survey_get", SURVEY_SELECT " WHERE s.id = ?1" },
	/* caller: db_surveys_iterate */
	[S_LIST] = { "surveys",
		SURVEY_SELECT " WHERE (?1 IS NULL OR s.studio = ?1 OR (s.studio IS NULL AND"
		" s.street = (SELECT street FROM studios WHERE id = ?1)))"
		" AND (?2 IS NULL OR s.street = ?2)"
		" AND (?3 IS NULL OR (s.starts <= ?3 AND s.ends >= ?3))"
		" ORDER BY s.id DESC" },
	/* caller: db_survey_response_insert */
	[S_RESPONSE_INSERT] = { "survey_response_insert",
		"INSERT INTO survey_responses (survey, channel, voter, created_at)"
		" VALUES (?1, ?2, ?3, ?4) RETURNING id" },
	/* caller: db_survey_response_exists */
	[S_RESPONSE_EXISTS] = { "survey_response_exists",
		"SELECT count(*) FROM survey_responses WHERE survey = ?1 AND voter = ?2" },
	/* caller: db_survey_answer_insert */
	[S_ANSWER_INSERT] = { "survey_answer_insert",
		"INSERT INTO survey_answers (response, q, k, text) VALUES (?1, ?2, ?3, ?4)" },
	/* caller: db_survey_counts */
	[S_COUNTS] = { "survey_counts",
		"SELECT a.q, a.k, count(*) FROM survey_answers a"
		" JOIN survey_responses r ON r.id = a.response"
		" WHERE r.survey = ?1 AND a.k IS NOT NULL GROUP BY a.q, a.k ORDER BY a.q, a.k" },
	/* caller: db_survey_texts_iterate */
	[S_TEXTS] = { "survey_texts",
		"SELECT a.id, a.q, a.text, a.hidden, r.created_at FROM survey_answers a"
		" JOIN survey_responses r ON r.id = a.response"
		" WHERE r.survey = ?1 AND a.text IS NOT NULL ORDER BY a.q, r.created_at, a.id" },
	/* caller: db_survey_text_hide */
	[S_TEXT_HIDE] = { "survey_text_hide",
		"UPDATE survey_answers SET hidden = ?3 WHERE id = ?2 AND text IS NOT NULL"
		" AND response IN (SELECT id FROM survey_responses WHERE survey = ?1)" },
};

/* What a row function hands on: the caller's callback, and whether one came. */
struct got {
	mq_db_survey_cb cb;
	void *cls;
	bool found;
};

static bool survey_row(sqlite3_stmt *s, void *g_, void *unused)
{
	struct got *g = g_;
	struct mq_db_survey v = {
		.id = sqlite3_column_int64(s, 0),
		.street = mq_sqlite_col_str(s, 1),
		.studio = mq_sqlite_col_text(s, 2),
		.title = mq_sqlite_col_str(s, 3),
		.starts = mq_sqlite_col_str(s, 4),
		.ends = mq_sqlite_col_str(s, 5),
		.questions = mq_sqlite_col_str(s, 6),
		.created_by = mq_sqlite_col_str(s, 7),
		.created_at = sqlite3_column_int64(s, 8),
		.responses = sqlite3_column_int64(s, 9),
	};

	(void)unused;
	g->found = true;
	return g->cb(g->cls, &v);
}

static enum mq_err db_survey_insert(void *cls, const struct mq_db_survey *s, int64_t *id)
{
	return mq_sqlite_insert_id(cls, MQ_SQLITE_SURVEY, S_INSERT,
		      MQ_SQLITE_ARGS(MQ_TEXT(s->street), MQ_OPT(s->studio), MQ_TEXT(s->title),
				     MQ_TEXT(s->starts), MQ_TEXT(s->ends), MQ_TEXT(s->questions),
				     MQ_TEXT(s->created_by), MQ_INT(s->created_at)),
		      id);
}

static enum mq_err db_survey_get(void *cls, int64_t id, mq_db_survey_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };
	enum mq_err err = mq_sqlite_query(cls, MQ_SQLITE_SURVEY, S_GET,
					  MQ_SQLITE_ARGS(MQ_INT(id)), survey_row, &g, NULL);

	return err == MQ_OK && !g.found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_surveys_iterate(void *cls, const struct mq_db_survey_filter *f,
				      mq_db_survey_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };

	return mq_sqlite_query(cls, MQ_SQLITE_SURVEY, S_LIST,
			       MQ_SQLITE_ARGS(MQ_OPT(f->studio), MQ_OPT(f->street),
					      MQ_OPT(f->open_on)),
			       survey_row, &g, NULL);
}

static enum mq_err db_survey_response_insert(void *cls, const struct mq_db_survey_response *r,
					     int64_t *id)
{
	return mq_sqlite_insert_id(cls, MQ_SQLITE_SURVEY, S_RESPONSE_INSERT,
				   MQ_SQLITE_ARGS(MQ_INT(r->survey), MQ_TEXT(r->channel),
						  MQ_TEXT(r->voter), MQ_INT(r->created_at)),
				   id);
}

static bool exists_row(sqlite3_stmt *s, void *out, void *unused)
{
	(void)unused;
	*(bool *)out = sqlite3_column_int64(s, 0) > 0;
	return false;
}

static enum mq_err db_survey_response_exists(void *cls, int64_t survey, const char *voter,
					     bool *answered)
{
	*answered = false;
	return mq_sqlite_query(cls, MQ_SQLITE_SURVEY, S_RESPONSE_EXISTS,
			       MQ_SQLITE_ARGS(MQ_INT(survey), MQ_TEXT(voter)), exists_row, answered,
			       NULL);
}

static enum mq_err db_survey_answer_insert(void *cls, int64_t response, int64_t q, int64_t k,
					   const char *text)
{
	if (k > 0)
		return mq_sqlite_run(cls, MQ_SQLITE_SURVEY, S_ANSWER_INSERT, MQ_OK,
				     MQ_SQLITE_ARGS(MQ_INT(response), MQ_INT(q), MQ_INT(k),
						    MQ_TEXT(NULL)));
	return mq_sqlite_run(cls, MQ_SQLITE_SURVEY, S_ANSWER_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_INT(response), MQ_INT(q), MQ_OPT(NULL),
					    MQ_TEXT(text ? text : "")));
}

/* Row functions of counts and texts get a pointer to the caller's callback. */
static bool count_row(sqlite3_stmt *s, void *cb, void *cls)
{
	return (*(mq_db_survey_count_cb *)cb)(cls, sqlite3_column_int64(s, 0),
					    sqlite3_column_int64(s, 1),
					    sqlite3_column_int64(s, 2));
}

static enum mq_err db_survey_counts(void *cls, int64_t survey, mq_db_survey_count_cb cb,
				    void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_SURVEY, S_COUNTS, MQ_SQLITE_ARGS(MQ_INT(survey)),
			       count_row, &cb, cb_cls);
}

static bool text_row(sqlite3_stmt *s, void *cb, void *cls)
{
	struct mq_db_survey_text t = {
		.id = sqlite3_column_int64(s, 0),
		.q = sqlite3_column_int64(s, 1),
		.text = mq_sqlite_col_str(s, 2),
		.hidden = sqlite3_column_int64(s, 3) != 0,
		.created_at = sqlite3_column_int64(s, 4),
	};

	return (*(mq_db_survey_text_cb *)cb)(cls, &t);
}

static enum mq_err db_survey_texts_iterate(void *cls, int64_t survey, mq_db_survey_text_cb cb,
					   void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_SURVEY, S_TEXTS, MQ_SQLITE_ARGS(MQ_INT(survey)),
			       text_row, &cb, cb_cls);
}

static enum mq_err db_survey_text_hide(void *cls, int64_t survey, int64_t answer, bool hidden)
{
	return mq_sqlite_run(cls, MQ_SQLITE_SURVEY, S_TEXT_HIDE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_INT(survey), MQ_INT(answer), MQ_INT(hidden ? 1 : 0)));
}

/* ---- the block ----------------------------------------------------------- */

enum mq_err mq_sqlite_survey_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_SURVEY, stmt_sql, S_COUNT);

	if (err != MQ_OK)
		return err;
	iface->survey_insert = db_survey_insert;
	iface->survey_get = db_survey_get;
	iface->surveys_iterate = db_surveys_iterate;
	iface->survey_response_insert = db_survey_response_insert;
	iface->survey_response_exists = db_survey_response_exists;
	iface->survey_answer_insert = db_survey_answer_insert;
	iface->survey_counts = db_survey_counts;
	iface->survey_texts_iterate = db_survey_texts_iterate;
	iface->survey_text_hide = db_survey_text_hide;
	return MQ_OK;
}
