/* mq_sqlite.h — private to the SQLite plugin (server/db/sqlite/), in layers
 * that call downward only:
 *
 *   open.c                        assembles struct mq_db: the connection, then each block
 *   core.c, console.c, roster.c,  the blocks of struct mq_db, one statement table each
 *   security.c
 *   deadline.c
 *   util.c                        bind, column and step helpers on a block's statements
 *   conn.c                        the connection, its lock, transactions, migrations,
 *                                 and the registry of the blocks' statements
 *
 * Nothing outside the plugin includes this; the rest of the server sees only
 * struct mq_db (mq_db.h) and mq_db_sqlite_open (mq_db_sqlite.h). */
#ifndef MQ_SQLITE_H
#define MQ_SQLITE_H

#include <sqlite3.h>

#include "mq_db.h"

/* ---- the connection (conn.c) --------------------------------------------- */

/**
 * Open the SQLite database at @p path (created if missing) in WAL mode with
 * foreign keys on and a busy timeout. *@p out gets a struct mq_db whose cls
 * is the connection and whose close, migrate, run_tx and seed_demo are set;
 * the blocks fill in the rest. MQ_ERR_NOMEM, or MQ_ERR_IO when the file
 * cannot be opened or configured.
 */
enum mq_err mq_sqlite_conn_open(const char *path, struct mq_db **out) MQ_MUST_CHECK;

/** The connection of backend @p cls (struct mq_db.cls). Use it only between
 *  mq_sqlite_lock() and mq_sqlite_unlock(). */
sqlite3 *mq_sqlite_conn(void *cls);

/** Take the backend's (recursive) connection lock. */
void mq_sqlite_lock(void *cls);

/** Release the lock taken by mq_sqlite_lock(). */
void mq_sqlite_unlock(void *cls);

/** Begin a read section: until mq_sqlite_read_unlock(), the calling
 *  thread's statements (mq_sqlite_stmt) and mq_sqlite_conn() are those of a
 *  read-only connection of its own, so readers do not wait for each other
 *  or for a writer (WAL). A thread holding the write lock, or a database in
 *  memory, reads under the write lock instead. Only statements that write
 *  nothing belong in a read section; mq_sqlite_lock() inside one writes on
 *  the write connection. Sections nest. */
void mq_sqlite_read_lock(void *cls);

/** End the read section begun by mq_sqlite_read_lock(). */
void mq_sqlite_read_unlock(void *cls);

/** What tells backend @p cls apart from the others this process opened
 *  (struct mq_db_rules_version). */
uint64_t mq_sqlite_instance(void *cls);

/** Log a failed step of statement @p what with result @p rc, and remember
 *  whether it was contention, so that run_tx retries the transaction. */
void mq_sqlite_note_failure(void *cls, const char *what, int rc);

/* ---- named statements (conn.c) ------------------------------------------- */

/** One named SQL statement: a row of a block's statement table. The name is
 *  what the logs say when the statement fails. */
struct mq_sqlite_stmt_def {
	const char *name;
	const char *sql;
};

/** The blocks of struct mq_db, each with its own statement table. */
enum mq_sqlite_block {
	MQ_SQLITE_CORE,      /* core.c */
	MQ_SQLITE_CONSOLE,   /* console.c */
	MQ_SQLITE_ROSTER,    /* roster.c */
	MQ_SQLITE_SECURITY,  /* security.c */
	MQ_SQLITE_DEADLINE,  /* deadline.c */
	MQ_SQLITE_UPDATE,    /* update.c */
	MQ_SQLITE_PART,      /* part.c */
	MQ_SQLITE_SURVEY,    /* survey.c */
	MQ_SQLITE_BLOCKS
};

/** Give backend @p cls the statement table of block @p block: @p n rows in
 *  static storage, indexed by the block's statement ids. Each statement is
 *  prepared on first use and finalised when the backend closes. MQ_ERR_NOMEM
 *  on failure. */
enum mq_err mq_sqlite_stmts_init(void *cls, enum mq_sqlite_block block,
				 const struct mq_sqlite_stmt_def *defs, size_t n) MQ_MUST_CHECK;

/** Statement @p id of block @p block, reset and unbound, prepared on first
 *  use; NULL (logged) on failure. Call with the lock held. */
sqlite3_stmt *mq_sqlite_stmt(void *cls, enum mq_sqlite_block block, unsigned int id);

/** The table name of prepared statement @p s, for logs ("statement" if it is
 *  not one of the tables'). */
const char *mq_sqlite_stmt_name(void *cls, sqlite3_stmt *s);

/* ---- binding, columns, stepping (util.c) --------------------------------- */

/** Reads the current row of @p s and hands it to @p cb (with @p cb_cls), the
 *  caller's callback in the type the row function knows. Returns false to
 *  stop the iteration. */
typedef bool (*mq_sqlite_row_fn)(sqlite3_stmt *s, void *cb, void *cb_cls);

/** Bind parameter @p i to text @p v (copied), or to NULL when @p v is NULL. */
void mq_sqlite_bind_text(sqlite3_stmt *s, int i, const char *v);

/** mq_sqlite_bind_text without the copy: @p v must stay as it is until @p s
 *  is reset, so only for a statement bound, stepped and reset in one call
 *  whose text belongs to the caller (the records endpoint's inserts and
 *  lookups, where the copies were ~2.5 % of the server's instructions). The
 *  pointer left bound after the reset is never read: mq_sqlite_stmt clears
 *  the bindings before the statement's next use. */
void mq_sqlite_bind_borrowed(sqlite3_stmt *s, int i, const char *v);

/** Bind parameter @p i to text @p v, or to NULL when @p v is NULL or "". */
void mq_sqlite_bind_opt(sqlite3_stmt *s, int i, const char *v);

/** Column @p col of the current row as text, or NULL. Valid until the next
 *  step or reset of @p s. */
const char *mq_sqlite_col_text(sqlite3_stmt *s, int col);

/** Column @p col as text, "" for NULL. Valid as mq_sqlite_col_text's. */
const char *mq_sqlite_col_str(sqlite3_stmt *s, int col);

/** Copy column @p col as text into @p out of @p size bytes ("" for NULL,
 *  truncated to fit). */
void mq_sqlite_col_copy(sqlite3_stmt *s, int col, char *out, size_t size);

/** Column @p col as a stage (mq_stage_parse); a key the schema's CHECK
 *  should have refused is logged and read as collected. */
enum mq_stage mq_sqlite_col_stage(sqlite3_stmt *s, int col);

/** Read a (key, name) row from columns 0 and 1 of @p s. */
void mq_sqlite_read_named(sqlite3_stmt *s, struct mq_db_named *out);

/** Read a member from columns 0..4 of @p s: key, name, sector, expertise, studio. */
void mq_sqlite_read_member(sqlite3_stmt *s, struct mq_db_member *out);

/** Row function (mq_sqlite_row_fn) of one row: column 0 as an integer into
 *  the int64_t @p out points to. */
bool mq_sqlite_int_out(sqlite3_stmt *s, void *out, void *unused);

/** Row function (mq_sqlite_row_fn) of (key, name) rows for an mq_db_named_cb. */
bool mq_sqlite_named_row(sqlite3_stmt *s, void *cb, void *cb_cls);

/** Row function (mq_sqlite_row_fn) of member rows for an mq_db_member_cb. */
bool mq_sqlite_member_row(sqlite3_stmt *s, void *cb, void *cb_cls);

/** Run @p s, a statement without rows, and reset it: MQ_OK, MQ_ERR_CONFLICT
 *  for a constraint (logged as a warning), else MQ_ERR_DB (logged). */
enum mq_err mq_sqlite_exec(void *cls, sqlite3_stmt *s);

/** mq_sqlite_exec, then @p none unless exactly one row changed. */
enum mq_err mq_sqlite_exec_one(void *cls, sqlite3_stmt *s, enum mq_err none);

/** One value to bind, by position (MQ_TEXT, MQ_OPT, MQ_INT build them). */
struct mq_sqlite_arg {
	enum { MQ_SQLITE_TEXT, MQ_SQLITE_OPT, MQ_SQLITE_INT } kind;
	const char *text;            /* TEXT: NULL binds NULL; OPT: NULL or "" bind NULL */
	int64_t num;
};
#define MQ_TEXT(v) { MQ_SQLITE_TEXT, (v), 0 }
#define MQ_OPT(v) { MQ_SQLITE_OPT, (v), 0 }
#define MQ_INT(v) { MQ_SQLITE_INT, NULL, (int64_t)(v) }
/** The array and count arguments of mq_sqlite_run from MQ_TEXT/MQ_OPT/MQ_INT items. */
#define MQ_SQLITE_ARGS(...) (const struct mq_sqlite_arg[]){ __VA_ARGS__ }, \
	sizeof((const struct mq_sqlite_arg[]){ __VA_ARGS__ }) / sizeof(struct mq_sqlite_arg)

/**
 * The whole life of a write that returns no rows: take the lock, fetch
 * statement @p id of @p block, bind @p args to ?1..?n, run it
 * (mq_sqlite_exec_one: @p none when it changed no single row, MQ_OK to
 * accept any count), release the lock. MQ_ERR_DB when the statement cannot
 * be prepared.
 */
enum mq_err mq_sqlite_run(void *cls, enum mq_sqlite_block block, unsigned int id,
			  enum mq_err none, const struct mq_sqlite_arg *args, size_t n);

/** The same for an INSERT ... RETURNING of one integer (mq_sqlite_insert_returning):
 *  the integer into *@p out. */
enum mq_err mq_sqlite_insert_id(void *cls, enum mq_sqlite_block block, unsigned int id,
				const struct mq_sqlite_arg *args, size_t n, int64_t *out);

/**
 * The same for a query: under the lock, bind @p args to statement @p id of
 * @p block and hand each row to @p row (mq_sqlite_iterate) with @p cb, @p cb_cls.
 */
enum mq_err mq_sqlite_query(void *cls, enum mq_sqlite_block block, unsigned int id,
			    const struct mq_sqlite_arg *args, size_t n, mq_sqlite_row_fn row,
			    void *cb, void *cb_cls);

/** Run @p s, an INSERT ... RETURNING of one integer, and reset it: the
 *  integer into *@p out; MQ_ERR_CONFLICT for a constraint, else MQ_ERR_DB
 *  (logged). */
enum mq_err mq_sqlite_insert_returning(void *cls, sqlite3_stmt *s, int64_t *out);

/** Step @p s to its one expected row: MQ_OK with the row current,
 *  MQ_ERR_NOT_FOUND, or MQ_ERR_DB (logged). The caller resets @p s. */
enum mq_err mq_sqlite_step_row(void *cls, sqlite3_stmt *s);

/** Step @p s to its end, handing each row to @p row (with @p cb, @p cb_cls)
 *  until it returns false; resets @p s. MQ_OK or MQ_ERR_DB (logged). */
enum mq_err mq_sqlite_iterate(void *cls, sqlite3_stmt *s, mq_sqlite_row_fn row, void *cb,
			      void *cb_cls);

/** Under the lock: statement @p id of block @p block, its ?1 bound to
 *  @p key when it has parameters, iterated as mq_sqlite_iterate does. */
enum mq_err mq_sqlite_iterate_key(void *cls, enum mq_sqlite_block block, unsigned int id,
				  const char *key, mq_sqlite_row_fn row, void *cb, void *cb_cls);

/* ---- shared SQL ---------------------------------------------------------- */

/** The WHERE of an opinion filter (struct mq_db_opinion_filter) on opinions
 *  `o`, with its fields at fixed parameters: ?1 studio, ?2 member, ?3
 *  category, ?4 community, ?5 channel, ?6 stage, ?7 topic, ?8 created
 *  after, ?9 created before, ?12 id (console.c's list, deadline.c's
 *  progress; bind them with MQ_SQLITE_OPINION_FILTER_ARGS). */
#define MQ_SQLITE_OPINION_WHERE \
	" WHERE (?1 IS NULL OR o.studio = ?1)" \
	" AND (?2 IS NULL OR o.member = ?2 OR o.assigned_member = ?2" \
	"      OR o.topic IN (SELECT topic FROM topic_members WHERE member = ?2))" \
	" AND (?3 IS NULL OR o.category = ?3) AND (?4 IS NULL OR o.community = ?4)" \
	" AND (?5 IS NULL OR o.channel = ?5) AND (?6 IS NULL OR o.stage = ?6)" \
	" AND (?7 IS NULL OR o.topic = ?7)" \
	" AND (?8 = 0 OR o.created_at >= ?8) AND (?9 = 0 OR o.created_at < ?9)" \
	" AND (?12 IS NULL OR o.id = ?12)"

/** Stage events `e` of opinion `o`, by the opinion's seq through the
 *  partial index stage_events_opinion (migration 0016). */
#define MQ_SQLITE_EVENT_OF_OPINION "e.subject_kind = 'opinion' AND e.subject_seq = o.seq"

/** The twelve values of MQ_SQLITE_OPINION_WHERE for filter @p f, with
 *  @p p10 and @p p11 (struct mq_sqlite_arg) as ?10 and ?11. */
#define MQ_SQLITE_OPINION_FILTER_ARGS(f, p10, p11) \
	MQ_SQLITE_ARGS(MQ_OPT((f)->studio), MQ_OPT((f)->member), MQ_OPT((f)->category), \
		       MQ_OPT((f)->community), MQ_OPT((f)->channel), \
		       MQ_OPT((f)->by_stage ? mq_stage_key((f)->stage) : NULL), \
		       MQ_OPT((f)->topic), MQ_INT((f)->created_after), \
		       MQ_INT((f)->created_before), p10, p11, MQ_OPT((f)->id))

/* ---- the blocks (core.c, console.c, roster.c, security.c, deadline.c) ---- */

/** Fill the core block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_core_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the console block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_console_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the roster block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_roster_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the security block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_security_init(struct mq_db *iface) MQ_MUST_CHECK;
/** Fill the deadlines block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_deadline_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the updates block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_update_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the participation block of @p iface (its cls set) and register its
 *  statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_part_init(struct mq_db *iface) MQ_MUST_CHECK;

/** Fill the questionnaires' block of @p iface (its cls set) and register
 *  its statements. MQ_ERR_NOMEM on failure. */
enum mq_err mq_sqlite_survey_init(struct mq_db *iface) MQ_MUST_CHECK;

#endif
