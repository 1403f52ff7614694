/* part.c — the PostgreSQL implementation of the participation block of
 * struct mq_db (mq_db.h, rows in mq_db_part.h), as server/db/sqlite/part.c:
 * candidate topics and their backings. Every statement is named in the
 * table below with its caller. */
#include "mq_pg.h"

enum pstmt_id {
	P_CANDIDATE_INSERT,
	P_CANDIDATE_GET,
	P_CANDIDATES,
	P_SUPPORT_INSERT,
	P_PROMOTE,
	P_COUNT
};

#define CANDIDATE_SELECT "SELECT c.id, c.studio, c.title, c.description, c.closes, c.opinion," \
	" c.topic, c.created_by, c.created_at," \
	" (SELECT count(*) FROM candidate_supports p WHERE p.candidate = c.id) AS supports" \
	" FROM candidates c"

/* Every statement of this block; the comment names its caller. */
static const struct mq_pg_stmt_def stmt_sql[P_COUNT] = {
	/* caller: db_candidate_insert */
	[P_CANDIDATE_INSERT] = { "candidate_insert",
		"INSERT INTO candidates (studio, title, description, closes, opinion, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id" },
	/* caller: db_candidate_get */
	[P_CANDIDATE_GET] = { "candidate_get", CANDIDATE_SELECT " WHERE c.id = $1" },
	/* caller: db_candidates_iterate */
	[P_CANDIDATES] = { "candidates",
		CANDIDATE_SELECT " WHERE ($1::text IS NULL OR c.studio = $1)"
		" AND ($2::text IS NULL OR c.studio IN (SELECT id FROM studios WHERE street = $2))"
		" AND ($3::text IS NULL OR (c.closes >= $3 AND c.topic IS NULL))"
		" ORDER BY 10 DESC, c.id" },
	/* caller: db_candidate_support_insert */
	[P_SUPPORT_INSERT] = { "candidate_support_insert",
		"INSERT INTO candidate_supports (candidate, channel, voter, created_at)"
		" VALUES ($1, $2, $3, $4)" },
	/* caller: db_candidate_promote */
	[P_PROMOTE] = { "candidate_promote",
		"UPDATE candidates SET topic = $2 WHERE id = $1 AND topic IS NULL" },
};

/* What a row function hands on: the caller's callback, and whether one came. */
struct got {
	mq_db_candidate_cb cb;
	void *cls;
	bool found;
};

static bool candidate_row(const struct mq_pg_row *r, void *g_, void *unused)
{
	struct got *g = g_;
	struct mq_db_candidate c = {
		.id = mq_pg_int(r, 0),
		.studio = mq_pg_str(r, 1),
		.title = mq_pg_str(r, 2),
		.description = mq_pg_str(r, 3),
		.closes = mq_pg_str(r, 4),
		.opinion = mq_pg_text(r, 5),
		.topic = mq_pg_text(r, 6),
		.created_by = mq_pg_str(r, 7),
		.created_at = mq_pg_int(r, 8),
		.supports = mq_pg_int(r, 9),
	};

	(void)unused;
	g->found = true;
	return g->cb(g->cls, &c);
}

static enum mq_err db_candidate_insert(void *cls, const struct mq_db_candidate *c, int64_t *id)
{
	return mq_pg_write_one(cls, MQ_PG_PART, P_CANDIDATE_INSERT,
			       MQ_PG_ARGS(MQ_PG_TEXT(c->studio), MQ_PG_TEXT(c->title),
					  MQ_PG_TEXT(c->description ? c->description : ""),
					  MQ_PG_TEXT(c->closes), MQ_PG_OPT(c->opinion),
					  MQ_PG_TEXT(c->created_by), MQ_PG_INT(c->created_at)),
			       mq_pg_int_out, id, NULL);
}

static enum mq_err db_candidate_get(void *cls, int64_t id, mq_db_candidate_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };
	enum mq_err err = mq_pg_query(cls, MQ_PG_PART, P_CANDIDATE_GET,
				      MQ_PG_ARGS(MQ_PG_INT(id)), candidate_row, &g, NULL);

	return err == MQ_OK && !g.found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_candidates_iterate(void *cls, const struct mq_db_candidate_filter *f,
					 mq_db_candidate_cb cb, void *cb_cls)
{
	struct got g = { cb, cb_cls, false };

	return mq_pg_query(cls, MQ_PG_PART, P_CANDIDATES,
			   MQ_PG_ARGS(MQ_PG_OPT(f->studio), MQ_PG_OPT(f->street),
				      MQ_PG_OPT(f->open_on)),
			   candidate_row, &g, NULL);
}

static enum mq_err db_candidate_support_insert(void *cls, int64_t candidate, const char *channel,
					       const char *voter, int64_t at)
{
	return mq_pg_run(cls, MQ_PG_PART, P_SUPPORT_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_INT(candidate), MQ_PG_TEXT(channel), MQ_PG_TEXT(voter),
				    MQ_PG_INT(at)));
}

static enum mq_err db_candidate_promote(void *cls, int64_t id, const char *topic)
{
	return mq_pg_run(cls, MQ_PG_PART, P_PROMOTE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_INT(id), MQ_PG_TEXT(topic)));
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_part_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_PART, stmt_sql, P_COUNT);
	iface->candidate_insert = db_candidate_insert;
	iface->candidate_get = db_candidate_get;
	iface->candidates_iterate = db_candidates_iterate;
	iface->candidate_support_insert = db_candidate_support_insert;
	iface->candidate_promote = db_candidate_promote;
}
