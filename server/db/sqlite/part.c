/* part.c — the SQLite implementation of the participation block of struct
 * mq_db (mq_db.h, rows in mq_db_part.h): candidate topics and their
 * backings, calls for members (征集) and their volunteers, liaison
 * officers' filings. Every statement is named in the table below with its
 * caller. */
#include "mq_sqlite.h"

enum pstmt_id {
	P_CANDIDATE_INSERT,
	P_CANDIDATE_GET,
	P_CANDIDATES,
	P_SUPPORT_INSERT,
	P_PROMOTE,
	P_CALL_OPEN,
	P_CALL_CLOSE,
	P_CALLS,
	P_VOLUNTEER_INSERT,
	P_VOLUNTEERS,
	P_VOLUNTEER_CHOOSE,
	P_TOPIC_MEMBER_ADD,
	P_VOLUNTEER_TALLY,
	P_FILING_INSERT,
	P_FILINGS,
	P_COUNT
};

#define CANDIDATE_SELECT "SELECT c.id, c.studio, c.title, c.description, c.closes, c.opinion," \
	" c.topic, c.created_by, c.created_at," \
	" (SELECT count(*) FROM candidate_supports p WHERE p.candidate = c.id)" \
	" FROM candidates c"

/* Every statement of this block; the comment names its caller. */
static const struct mq_sqlite_stmt_def stmt_sql[P_COUNT] = {
	/* caller: db_candidate_insert */
	[P_CANDIDATE_INSERT] = { "candidate_insert",
		"INSERT INTO candidates (studio, title, description, closes, opinion, created_by,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id" },
	/* caller: db_candidate_get */
	[P_CANDIDATE_GET] = { "candidate_get", CANDIDATE_SELECT " WHERE c.id = ?1" },
	/* caller: db_candidates_iterate */
	[P_CANDIDATES] = { "candidates",
		CANDIDATE_SELECT " WHERE (?1 IS NULL OR c.studio = ?1)"
		" AND (?2 IS NULL OR c.studio IN (SELECT id FROM studios WHERE street = ?2))"
		" AND (?3 IS NULL OR (c.closes >= ?3 AND c.topic IS NULL))"
		" ORDER BY 10 DESC, c.id" },
	/* caller: db_candidate_support_insert */
	[P_SUPPORT_INSERT] = { "candidate_support_insert",
		"INSERT INTO candidate_supports (candidate, channel, voter, created_at)"
		" VALUES (?1, ?2, ?3, ?4)" },
	/* caller: db_candidate_promote */
	[P_PROMOTE] = { "candidate_promote",
		"UPDATE candidates SET topic = ?2 WHERE id = ?1 AND topic IS NULL" },
	/* caller: db_topic_call_open */
	[P_CALL_OPEN] = { "topic_call_open",
		"INSERT INTO topic_calls (topic, note, opened_by, opened_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (topic) DO UPDATE SET note = excluded.note,"
		" opened_by = excluded.opened_by, opened_at = excluded.opened_at, closed_at = NULL" },
	/* caller: db_topic_call_close */
	[P_CALL_CLOSE] = { "topic_call_close",
		"UPDATE topic_calls SET closed_at = ?2 WHERE topic = ?1 AND closed_at IS NULL" },
	/* caller: db_topic_calls_iterate */
	[P_CALLS] = { "topic_calls",
		"SELECT c.topic, t.no, t.title, t.studio, s.name, t.stage, c.note, c.opened_by,"
		" c.opened_at, c.closed_at,"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.topic = c.topic),"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.topic = c.topic"
		"  AND v.chosen_at IS NOT NULL),"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.topic = c.topic AND v.member = ?3),"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.topic = c.topic AND v.member = ?3"
		"  AND v.chosen_at IS NOT NULL)"
		" FROM topic_calls c JOIN topics t ON t.id = c.topic JOIN studios s ON s.id = t.studio"
		" WHERE (?1 IS NULL OR c.topic = ?1) AND (?2 IS NULL OR t.studio = ?2)"
		" AND (?4 = 0 OR c.closed_at IS NULL) ORDER BY c.opened_at DESC, t.no DESC" },
	/* caller: db_volunteer_insert */
	[P_VOLUNTEER_INSERT] = { "volunteer_insert",
		"INSERT INTO topic_volunteers (topic, member, created_at) VALUES (?1, ?2, ?3)" },
	/* caller: db_volunteers_iterate */
	[P_VOLUNTEERS] = { "volunteers",
		"SELECT v.member, m.name, s.name, v.created_at, v.chosen_at FROM topic_volunteers v"
		" JOIN members m ON m.key = v.member JOIN studios s ON s.id = m.studio"
		" WHERE v.topic = ?1 ORDER BY v.created_at, v.member" },
	/* caller: db_volunteer_choose */
	[P_VOLUNTEER_CHOOSE] = { "volunteer_choose",
		"UPDATE topic_volunteers SET chosen_at = ?3"
		" WHERE topic = ?1 AND member = ?2 AND chosen_at IS NULL" },
	/* caller: db_volunteer_choose */
	[P_TOPIC_MEMBER_ADD] = { "topic_member_add",
		"INSERT OR IGNORE INTO topic_members (topic, member) VALUES (?1, ?2)" },
	/* caller: db_volunteer_tally */
	[P_VOLUNTEER_TALLY] = { "volunteer_tally",
		"SELECT m.studio, s.name, m.key, m.name,"
		" count(CASE WHEN v.created_at >= ?2 AND v.created_at < ?3 THEN 1 END),"
		" count(CASE WHEN v.chosen_at >= ?2 AND v.chosen_at < ?3 THEN 1 END)"
		" FROM topic_volunteers v JOIN members m ON m.key = v.member"
		" JOIN studios s ON s.id = m.studio WHERE (?1 IS NULL OR m.studio = ?1)"
		" AND ((v.created_at >= ?2 AND v.created_at < ?3)"
		"  OR (v.chosen_at >= ?2 AND v.chosen_at < ?3))"
		" GROUP BY m.studio, s.name, m.key, m.name ORDER BY m.studio, m.key" },
	/* caller: db_liaison_filing_insert */
	[P_FILING_INSERT] = { "liaison_filing_insert",
		"INSERT INTO liaison_filings (opinion, username, created_at) VALUES (?1, ?2, ?3)" },
	/* caller: db_liaison_filings_iterate */
	[P_FILINGS] = { "liaison_filings",
		"SELECT opinion, created_at FROM liaison_filings WHERE username = ?1"
		" ORDER BY created_at DESC, opinion LIMIT ?2" },
};

/* What a row function hands on: the caller's callback, and whether one came. */
struct got {
	mq_db_candidate_cb cb;
	void *cls;
	bool found;
};

static bool candidate_row(sqlite3_stmt *s, void *g_, void *unused)
{
	struct got *g = g_;
	struct mq_db_candidate c = {
		.id = sqlite3_column_int64(s, 0),
		.studio = mq_sqlite_col_str(s, 1),
		.title = mq_sqlite_col_str(s, 2),
		.description = mq_sqlite_col_str(s, 3),
		.closes = mq_sqlite_col_str(s, 4),
		.opinion = mq_sqlite_col_text(s, 5),
		.topic = mq_sqlite_col_text(s, 6),
		.created_by = mq_sqlite_col_str(s, 7),
		.created_at = sqlite3_column_int64(s, 8),
		.supports = sqlite3_column_int64(s, 9),
	};

	(void)unused;
	g->found = true;
	return g->cb(g->cls, &c);
}

static enum mq_err db_candidate_insert(void *cls, const struct mq_db_candidate *c, int64_t *id)
{
	return mq_sqlite_insert_id(cls, MQ_SQLITE_PART, P_CANDIDATE_INSERT,
		      MQ_SQLITE_ARGS(MQ_TEXT(c->studio), MQ_TEXT(c->title),
				     MQ_TEXT(c->description ? c->description : ""),
				     MQ_TEXT(c->closes), MQ_OPT(c->opinion),
				     MQ_TEXT(c->created_by), MQ_INT(c->created_at)),
		      id);
}

static enum mq_err db_candidate_get(void *cls, int64_t id, mq_db_candidate_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };
	enum mq_err err = mq_sqlite_query(cls, MQ_SQLITE_PART, P_CANDIDATE_GET,
					  MQ_SQLITE_ARGS(MQ_INT(id)), candidate_row, &g, NULL);

	return err == MQ_OK && !g.found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_candidates_iterate(void *cls, const struct mq_db_candidate_filter *f,
					 mq_db_candidate_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };

	return mq_sqlite_query(cls, MQ_SQLITE_PART, P_CANDIDATES,
			       MQ_SQLITE_ARGS(MQ_OPT(f->studio), MQ_OPT(f->street),
					      MQ_OPT(f->open_on)),
			       candidate_row, &g, NULL);
}

static enum mq_err db_candidate_support_insert(void *cls, int64_t candidate, const char *channel,
					       const char *voter, int64_t at)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_SUPPORT_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_INT(candidate), MQ_TEXT(channel), MQ_TEXT(voter),
					    MQ_INT(at)));
}

static enum mq_err db_candidate_promote(void *cls, int64_t id, const char *topic)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_PROMOTE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_INT(id), MQ_TEXT(topic)));
}

/* ---- calls for members (征集) ---------------------------------------------- */

static enum mq_err db_topic_call_open(void *cls, const char *topic, const char *note,
				      const char *who, int64_t at)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_CALL_OPEN, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(topic), MQ_TEXT(note ? note : ""), MQ_TEXT(who),
					    MQ_INT(at)));
}

static enum mq_err db_topic_call_close(void *cls, const char *topic, int64_t at)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_CALL_CLOSE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(topic), MQ_INT(at)));
}

static bool call_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_topic_call c = {
		.topic = mq_sqlite_col_str(s, 0),
		.no = sqlite3_column_int64(s, 1),
		.title = mq_sqlite_col_str(s, 2),
		.studio = mq_sqlite_col_str(s, 3),
		.studio_name = mq_sqlite_col_str(s, 4),
		.stage = mq_sqlite_col_stage(s, 5),
		.note = mq_sqlite_col_str(s, 6),
		.opened_by = mq_sqlite_col_str(s, 7),
		.opened_at = sqlite3_column_int64(s, 8),
		.closed_at = sqlite3_column_int64(s, 9),
		.volunteers = sqlite3_column_int64(s, 10),
		.chosen = sqlite3_column_int64(s, 11),
		.mine = sqlite3_column_int64(s, 12) > 0,
		.mine_chosen = sqlite3_column_int64(s, 13) > 0,
	};

	return ((mq_db_topic_call_cb)cb)(cb_cls, &c);
}

static enum mq_err db_topic_calls_iterate(void *cls, const struct mq_db_call_filter *f,
					  mq_db_topic_call_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_PART, P_CALLS,
			       MQ_SQLITE_ARGS(MQ_OPT(f->topic), MQ_OPT(f->studio), MQ_OPT(f->member),
					      MQ_INT(f->open_only)),
			       call_row, (void *)cb, cb_cls);
}

static enum mq_err db_volunteer_insert(void *cls, const char *topic, const char *member,
				       int64_t at)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_VOLUNTEER_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(topic), MQ_TEXT(member), MQ_INT(at)));
}

static bool volunteer_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_volunteer v = {
		.member = mq_sqlite_col_str(s, 0),
		.name = mq_sqlite_col_str(s, 1),
		.studio_name = mq_sqlite_col_str(s, 2),
		.created_at = sqlite3_column_int64(s, 3),
		.chosen_at = sqlite3_column_int64(s, 4),
	};

	return ((mq_db_volunteer_cb)cb)(cb_cls, &v);
}

static enum mq_err db_volunteers_iterate(void *cls, const char *topic, mq_db_volunteer_cb cb,
					 void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_PART, P_VOLUNTEERS, topic, volunteer_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_volunteer_choose(void *cls, const char *topic, const char *member,
				       int64_t at)
{
	enum mq_err err = mq_sqlite_run(cls, MQ_SQLITE_PART, P_VOLUNTEER_CHOOSE, MQ_ERR_NOT_FOUND,
					MQ_SQLITE_ARGS(MQ_TEXT(topic), MQ_TEXT(member), MQ_INT(at)));

	if (err == MQ_OK)
		err = mq_sqlite_run(cls, MQ_SQLITE_PART, P_TOPIC_MEMBER_ADD, MQ_OK,
				    MQ_SQLITE_ARGS(MQ_TEXT(topic), MQ_TEXT(member)));
	return err;
}

static bool tally_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_volunteer_tally t = {
		.studio = mq_sqlite_col_str(s, 0),
		.studio_name = mq_sqlite_col_str(s, 1),
		.member = mq_sqlite_col_str(s, 2),
		.member_name = mq_sqlite_col_str(s, 3),
		.volunteered = sqlite3_column_int64(s, 4),
		.chosen = sqlite3_column_int64(s, 5),
	};

	return ((mq_db_volunteer_tally_cb)cb)(cb_cls, &t);
}

static enum mq_err db_volunteer_tally(void *cls, const char *studio, int64_t from, int64_t to,
				      mq_db_volunteer_tally_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_PART, P_VOLUNTEER_TALLY,
			       MQ_SQLITE_ARGS(MQ_OPT(studio), MQ_INT(from), MQ_INT(to)), tally_row,
			       (void *)cb, cb_cls);
}

/* ---- liaison officers' filings --------------------------------------------- */

static enum mq_err db_liaison_filing_insert(void *cls, const char *opinion,
					    const char *username, int64_t at)
{
	return mq_sqlite_run(cls, MQ_SQLITE_PART, P_FILING_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(opinion), MQ_TEXT(username), MQ_INT(at)));
}

static bool filing_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	return ((mq_db_liaison_filing_cb)cb)(cb_cls, mq_sqlite_col_str(s, 0),
					     sqlite3_column_int64(s, 1));
}

static enum mq_err db_liaison_filings_iterate(void *cls, const char *username,
					      unsigned int limit, mq_db_liaison_filing_cb cb,
					      void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_PART, P_FILINGS,
			       MQ_SQLITE_ARGS(MQ_TEXT(username), MQ_INT(limit)), filing_row,
			       (void *)cb, cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

enum mq_err mq_sqlite_part_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_PART, stmt_sql, P_COUNT);

	if (err != MQ_OK)
		return err;
	iface->candidate_insert = db_candidate_insert;
	iface->candidate_get = db_candidate_get;
	iface->candidates_iterate = db_candidates_iterate;
	iface->candidate_support_insert = db_candidate_support_insert;
	iface->candidate_promote = db_candidate_promote;
	iface->topic_call_open = db_topic_call_open;
	iface->topic_call_close = db_topic_call_close;
	iface->topic_calls_iterate = db_topic_calls_iterate;
	iface->volunteer_insert = db_volunteer_insert;
	iface->volunteers_iterate = db_volunteers_iterate;
	iface->volunteer_choose = db_volunteer_choose;
	iface->volunteer_tally = db_volunteer_tally;
	iface->liaison_filing_insert = db_liaison_filing_insert;
	iface->liaison_filings_iterate = db_liaison_filings_iterate;
	return MQ_OK;
}
