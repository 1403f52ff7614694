/* mq_pg.h — private to the PostgreSQL plugin (server/db/postgres/), in the
 * same layers as the SQLite plugin (server/db/sqlite/mq_sqlite.h), calling
 * downward only:
 *
 *   open.c                        assembles struct mq_db: the pool, then each block
 *   core.c, console.c, roster.c,  the blocks of struct mq_db, one statement table each
 *   security.c, deadline.c
 *   util.c                        arguments, columns, run and query helpers
 *   conn.c                        the connection pool, transactions and their
 *                                 isolation, migrations, the blocks' statements
 *
 * A block reads like its SQLite twin: an enum of statement ids, a table of
 * named statements ($1..$n) each commented with its caller, static
 * functions built on mq_pg_run / mq_pg_query / mq_pg_query_one, and one
 * mq_pg_<block>_init that registers the table and fills its part of
 * struct mq_db. Nothing outside the plugin includes this header. */
#ifndef MQ_PG_H
#define MQ_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/* ---- the pool (conn.c) ---------------------------------------------------- */

/**
 * A pool of at most @p max connections (0: 4) to the database named by
 * libpq connection string or URI @p conninfo; the first is opened now to
 * fail early. *@p out gets a struct mq_db whose cls is the pool and whose
 * close, migrate, run_tx, ping and seed_demo are set; the blocks fill in the
 * rest. MQ_ERR_NOMEM, or MQ_ERR_IO when the server cannot be reached.
 */
enum mq_err mq_pg_pool_open(const char *conninfo, unsigned int max, struct mq_db **out)
	MQ_MUST_CHECK;

/** One connection of the pool, with its prepared statements. Opaque. */
struct mq_pg_conn;

/** A connection for one operation: the calling thread's transaction's when
 *  it is inside run_tx, else a free one from the pool (waiting while all
 *  are busy). NULL (logged) when none can be opened. Give it back with
 *  mq_pg_release(). */
struct mq_pg_conn *mq_pg_acquire(void *cls);

/** Give back @p c from mq_pg_acquire (a transaction's connection stays). */
void mq_pg_release(void *cls, struct mq_pg_conn *c);

/** True when @p c's server connection is gone (mq_pg_release drops it). */
bool mq_pg_lost(const struct mq_pg_conn *c);

/** True while @p c runs a transaction (run_tx). */
bool mq_pg_in_tx(const struct mq_pg_conn *c);

/** The SQLSTATE of the last statement that failed on @p c ("" if none). */
const char *mq_pg_last_state(const struct mq_pg_conn *c);

/** Run fixed SQL @p sql without parameters on @p c (savepoints and the
 *  like); MQ_OK or MQ_ERR_DB (logged as @p what). */
enum mq_err mq_pg_simple(struct mq_pg_conn *c, const char *what, const char *sql);

/** What tells backend @p cls apart from the others this process opened
 *  (struct mq_db_rules_version). */
uint64_t mq_pg_instance(void *cls);

/* ---- named statements (conn.c) ------------------------------------------- */

/** One named SQL statement: a row of a block's statement table. The name is
 *  the prepared statement's name (with its block's) and what logs say. */
struct mq_pg_stmt_def {
	const char *name;
	const char *sql;
};

/** The blocks of struct mq_db, each with its own statement table. */
enum mq_pg_block {
	MQ_PG_CORE,      /* core.c */
	MQ_PG_CONSOLE,   /* console.c */
	MQ_PG_ROSTER,    /* roster.c */
	MQ_PG_SECURITY,  /* security.c */
	MQ_PG_DEADLINE,  /* deadline.c */
	MQ_PG_UPDATE,    /* update.c */
	MQ_PG_PART,      /* part.c */
	MQ_PG_SURVEY,    /* survey.c */
	MQ_PG_BLOCKS
};

/** Give pool @p cls the statement table of block @p block: @p n rows in
 *  static storage, indexed by the block's statement ids. Each connection
 *  prepares a statement on its first use of it. */
void mq_pg_stmts_init(void *cls, enum mq_pg_block block, const struct mq_pg_stmt_def *defs,
		      size_t n);

/** One value to bind, by position (MQ_PG_TEXT, MQ_PG_OPT, MQ_PG_INT, MQ_PG_BYTES). */
struct mq_pg_arg {
	enum { MQ_PG_A_TEXT, MQ_PG_A_OPT, MQ_PG_A_INT, MQ_PG_A_BYTES } kind;
	const char *text;            /* TEXT: NULL binds NULL; OPT: NULL or "" bind NULL */
	int64_t num;                 /* INT: the value; BYTES: the length */
};
#define MQ_PG_TEXT(v) { MQ_PG_A_TEXT, (v), 0 }
#define MQ_PG_OPT(v) { MQ_PG_A_OPT, (v), 0 }
#define MQ_PG_INT(v) { MQ_PG_A_INT, NULL, (int64_t)(v) }
#define MQ_PG_BYTES(p, n) { MQ_PG_A_BYTES, (const char *)(p), (int64_t)(n) }
/** The array and count arguments of mq_pg_run & co from MQ_PG_* items. */
#define MQ_PG_ARGS(...) (const struct mq_pg_arg[]){ __VA_ARGS__ }, \
	sizeof((const struct mq_pg_arg[]){ __VA_ARGS__ }) / sizeof(struct mq_pg_arg)
/** No arguments. */
#define MQ_PG_NO_ARGS NULL, 0

/** The result of one statement: its rows, or why it failed. Opaque. */
struct mq_pg_result;

/**
 * Run statement @p id of @p block on @p c with @p args as $1..$n (prepared
 * on first use on that connection); with @p savepoint, under a savepoint
 * sent in the same round trip (pipeline mode), so that a failure leaves the
 * transaction usable. MQ_OK with *@p res to free with
 * mq_pg_result_free; MQ_ERR_CONFLICT (logged as a warning) when the
 * database refused it by a rule (a key, a check, a trigger: SQLSTATE class
 * 23); MQ_ERR_DB (logged) otherwise, remembering a serialization failure or
 * deadlock so that run_tx retries the transaction. On error *@p res holds
 * the failure (mq_pg_result_message) or NULL.
 */
enum mq_err mq_pg_exec(struct mq_pg_conn *c, enum mq_pg_block block, unsigned int id,
		       const struct mq_pg_arg *args, size_t n, bool savepoint,
		       struct mq_pg_result **res);

/** Free @p r; NULL is a no-op. */
void mq_pg_result_free(struct mq_pg_result *r);

/** The rows of @p r (0 for a failure). */
int mq_pg_result_rows(const struct mq_pg_result *r);

/** The rows a write changed (INSERT, UPDATE, DELETE). */
int64_t mq_pg_result_changed(const struct mq_pg_result *r);

/** The primary message of a failed statement, "" when none. */
const char *mq_pg_result_message(const struct mq_pg_result *r);

/* ---- rows and columns (util.c) ------------------------------------------- */

/** One row of a result, as row functions see it. */
struct mq_pg_row {
	const struct mq_pg_result *res;
	int row;
};

/** Reads row @p r and hands it to @p cb (with @p cb_cls), the caller's
 *  callback (or output struct) in the type the row function knows. Returns
 *  false to stop the iteration. */
typedef bool (*mq_pg_row_fn)(const struct mq_pg_row *r, void *cb, void *cb_cls);

/** Column @p col as text, or NULL when it is NULL. Valid until the result
 *  is freed (that is: during the row function). */
const char *mq_pg_text(const struct mq_pg_row *r, int col);

/** Column @p col as text, "" for NULL. */
const char *mq_pg_str(const struct mq_pg_row *r, int col);

/** Column @p col as an integer (0 for NULL; a boolean is 0 or 1). */
int64_t mq_pg_int(const struct mq_pg_row *r, int col);

/** Column @p col as a double (0 for NULL). */
double mq_pg_double(const struct mq_pg_row *r, int col);

/** Column @p col as a boolean (true for 't' or a non-zero number). */
bool mq_pg_bool(const struct mq_pg_row *r, int col);

/** Copy column @p col as text into @p out of @p size bytes ("" for NULL,
 *  truncated to fit). */
void mq_pg_copy(const struct mq_pg_row *r, int col, char *out, size_t size);

/** Column @p col as a stage (mq_stage_parse); a key the schema's CHECK
 *  should have refused is logged and read as collected. */
enum mq_stage mq_pg_stage(const struct mq_pg_row *r, int col);

/** Decode @p hex (encode(bytea, 'hex'): 2 * @p n lowercase hex digits)
 *  into @p out; false when it is anything else. */
bool mq_pg_hex(const char *hex, unsigned char *out, size_t n);

/** The number of columns of @p r's result. */
int mq_pg_columns(const struct mq_pg_row *r);

/** Read a (key, name) row from columns 0 and 1. */
void mq_pg_read_named(const struct mq_pg_row *r, struct mq_db_named *out);

/** Read a member from columns 0..4: key, name, sector, expertise, studio. */
void mq_pg_read_member(const struct mq_pg_row *r, struct mq_db_member *out);

/** Row function of (key, name) rows for an mq_db_named_cb. */
bool mq_pg_named_row(const struct mq_pg_row *r, void *cb, void *cb_cls);

/** Row function for mq_pg_query_one & co that reads column 0 as an integer
 *  into the int64_t @p out points to. */
bool mq_pg_int_out(const struct mq_pg_row *r, void *out, void *unused);

/** Row function of member rows for an mq_db_member_cb. */
bool mq_pg_member_row(const struct mq_pg_row *r, void *cb, void *cb_cls);

/* ---- whole operations (util.c) ------------------------------------------- */

/**
 * The whole life of a write: take a connection, run statement @p id of
 * @p block with @p args, give the connection back. MQ_OK, or @p none when
 * @p none is not MQ_OK and the statement did not change exactly one row;
 * MQ_ERR_CONFLICT or MQ_ERR_DB as mq_pg_exec. Inside a transaction the
 * write runs under a savepoint, so that a refused write leaves the
 * transaction usable, as a failed statement does in SQLite. *@p changed
 * (may be NULL) gets the rows changed.
 */
enum mq_err mq_pg_run_changed(void *cls, enum mq_pg_block block, unsigned int id,
			      enum mq_err none, const struct mq_pg_arg *args, size_t n,
			      int64_t *changed);

/** mq_pg_run_changed without the count. */
enum mq_err mq_pg_run(void *cls, enum mq_pg_block block, unsigned int id, enum mq_err none,
		      const struct mq_pg_arg *args, size_t n);

/** mq_pg_run on connection @p c (taken already). */
enum mq_err mq_pg_run_on(struct mq_pg_conn *c, enum mq_pg_block block, unsigned int id,
			 enum mq_err none, const struct mq_pg_arg *args, size_t n,
			 int64_t *changed);

/**
 * A query: run statement @p id of @p block with @p args and hand each row
 * to @p row (with @p cb, @p cb_cls) until it returns false. MQ_OK, or
 * MQ_ERR_DB (logged).
 */
enum mq_err mq_pg_query(void *cls, enum mq_pg_block block, unsigned int id,
			const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			void *cb_cls);

/** mq_pg_query for a statement of one expected row: MQ_ERR_NOT_FOUND when
 *  it returns none. @p cb is often the output struct the row function fills. */
enum mq_err mq_pg_query_one(void *cls, enum mq_pg_block block, unsigned int id,
			    const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			    void *cb_cls);

/** mq_pg_query_one for a write that returns its row (INSERT ... RETURNING):
 *  under a savepoint inside a transaction, MQ_ERR_CONFLICT when refused. */
enum mq_err mq_pg_write_one(void *cls, enum mq_pg_block block, unsigned int id,
			    const struct mq_pg_arg *args, size_t n, mq_pg_row_fn row, void *cb,
			    void *cb_cls);

/* ---- shared SQL ---------------------------------------------------------- */

/** The WHERE of an opinion filter (struct mq_db_opinion_filter) on opinions
 *  `o`, with its fields at fixed parameters, as MQ_SQLITE_OPINION_WHERE: $1
 *  studio, $2 member, $3 category, $4 community, $5 channel, $6 stage, $7
 *  topic, $8 created after, $9 created before, $12 id (console.c's list,
 *  deadline.c's progress; bind them with MQ_PG_OPINION_FILTER_ARGS). */
#define MQ_PG_OPINION_WHERE \
	" WHERE ($1::text IS NULL OR o.studio = $1)" \
	" AND ($2::text IS NULL OR o.member = $2 OR o.assigned_member = $2" \
	"      OR o.topic IN (SELECT topic FROM topic_members WHERE member = $2))" \
	" AND ($3::text IS NULL OR o.category = $3) AND ($4::text IS NULL OR o.community = $4)" \
	" AND ($5::text IS NULL OR o.channel = $5) AND ($6::text IS NULL OR o.stage = $6)" \
	" AND ($7::text IS NULL OR o.topic = $7)" \
	" AND ($8::bigint = 0 OR o.created_at >= $8) AND ($9::bigint = 0 OR o.created_at < $9)" \
	" AND ($12::text IS NULL OR o.id = $12)"

/** The twelve values of MQ_PG_OPINION_WHERE for filter @p f, with @p p10
 *  and @p p11 (MQ_PG_* items) as $10 and $11. */
#define MQ_PG_OPINION_FILTER_ARGS(f, p10, p11) \
	MQ_PG_ARGS(MQ_PG_OPT((f)->studio), MQ_PG_OPT((f)->member), MQ_PG_OPT((f)->category), \
		   MQ_PG_OPT((f)->community), MQ_PG_OPT((f)->channel), \
		   MQ_PG_OPT((f)->by_stage ? mq_stage_key((f)->stage) : NULL), \
		   MQ_PG_OPT((f)->topic), MQ_PG_INT((f)->created_after), \
		   MQ_PG_INT((f)->created_before), p10, p11, MQ_PG_OPT((f)->id))

/* ---- the blocks (core.c, console.c, roster.c, security.c, deadline.c) ---- */

/** Fill the core block of @p iface (its cls set) and register its statements. */
void mq_pg_core_init(struct mq_db *iface);

/** Fill the console block of @p iface (its cls set) and register its statements. */
void mq_pg_console_init(struct mq_db *iface);

/** Fill the roster block of @p iface (its cls set) and register its statements. */
void mq_pg_roster_init(struct mq_db *iface);

/** Fill the security block of @p iface (its cls set) and register its statements. */
void mq_pg_security_init(struct mq_db *iface);

/** Fill the deadlines block of @p iface (its cls set) and register its statements. */
void mq_pg_deadline_init(struct mq_db *iface);

/** Fill the updates block of @p iface (its cls set) and register its statements. */
void mq_pg_update_init(struct mq_db *iface);

/** Fill the participation block of @p iface (its cls set) and register its statements. */
void mq_pg_part_init(struct mq_db *iface);

/** Fill the questionnaires' block of @p iface (its cls set) and register its statements. */
void mq_pg_survey_init(struct mq_db *iface);

#endif
