/* copy.c — migrate-db (mq_db_tools.h): a district's SQLite database copied
 * into PostgreSQL, table by table with COPY in one transaction, then
 * verified by row counts and checksums computed on both sides.
 *
 * The tables and their columns are read from the SQLite schema, so a table
 * a later migration adds is copied without a change here (both plugins
 * number their migrations alike and the copy refuses differing versions).
 * Tables go in the order of their foreign keys; a table's references to
 * itself hold because COPY checks them at the end of the statement.
 *
 * The target must be new: every table empty, but for the rows the
 * migrations themselves put there (the shipped holiday calendar, the
 * default time limits), which are told apart by comparing each table with a
 * freshly migrated SQLite database; those rows are replaced by the
 * source's, which the district may have changed. The
 * PostgreSQL triggers that guard live writes (capacity, overlaps, the
 * append-only history) are switched off for the copy: the rows were
 * written under the same rules on SQLite, and a slot of a cancelled shift
 * may rightly keep its attended bookings. */
#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mq_db.h"
#include "mq_db_pg.h"
#include "mq_db_sqlite.h"
#include "mq_db_tools.h"
#include "mq_log.h"

#define MAX_TABLES 64

struct table {
	char name[64];
	char cols[2048];          /* "a, b, c" */
	int ncols;
	bool done;
	bool shipped;             /* the target holds a fresh migration's rows */
};

struct copy {
	sqlite3 *src;
	sqlite3 *fresh;           /* a freshly migrated database: what "empty" holds */
	PGconn *dst;
	struct table t[MAX_TABLES];
	size_t n;
	char *why;
	size_t size;
};

/* Reads the tables of the source and their columns. */
static enum mq_err read_tables(struct copy *c)
{
	sqlite3_stmt *s = NULL, *ci = NULL;
	enum mq_err err = MQ_OK;

	sqlite3_prepare_v2(c->src, "SELECT name FROM sqlite_master WHERE type = 'table'"
			   " AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &s, NULL);
	while (err == MQ_OK && s && sqlite3_step(s) == SQLITE_ROW) {
		struct table *t = &c->t[c->n];
		char sql[128];
		size_t len = 0;

		if (c->n == MAX_TABLES) {
			err = MQ_ERR_INVALID;
			break;
		}
		snprintf(t->name, sizeof t->name, "%s", (const char *)sqlite3_column_text(s, 0));
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid",
			 t->name);
		sqlite3_prepare_v2(c->src, sql, -1, &ci, NULL);
		while (ci && sqlite3_step(ci) == SQLITE_ROW && len < sizeof t->cols - 80)
			len += (size_t)snprintf(t->cols + len, sizeof t->cols - len, "%s%s",
						t->ncols++ ? ", " : "", sqlite3_column_text(ci, 0));
		sqlite3_finalize(ci);
		c->n++;
	}
	sqlite3_finalize(s);
	if (err != MQ_OK || c->n == 0)
		snprintf(c->why, c->size, "cannot read the source's tables");
	return err != MQ_OK || c->n == 0 ? MQ_ERR_DB : MQ_OK;
}

/* True when every table that @p t references (but itself) is copied. */
static bool ready(struct copy *c, const struct table *t)
{
	sqlite3_stmt *s = NULL;
	char sql[128];
	bool ok = true;

	snprintf(sql, sizeof sql, "SELECT \"table\" FROM pragma_foreign_key_list('%s')", t->name);
	sqlite3_prepare_v2(c->src, sql, -1, &s, NULL);
	while (ok && s && sqlite3_step(s) == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(s, 0);

		if (strcmp(ref, t->name) == 0)
			continue;
		for (size_t i = 0; i < c->n; i++)
			if (strcmp(c->t[i].name, ref) == 0 && !c->t[i].done)
				ok = false;
	}
	sqlite3_finalize(s);
	return ok;
}

/* The next table whose references are all copied, or NULL. */
static struct table *next_table(struct copy *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (!c->t[i].done && ready(c, &c->t[i]))
			return &c->t[i];
	return NULL;
}

/* Runs @p sql on the target; false (with why) when it fails. */
static bool pg_ok(struct copy *c, const char *sql)
{
	PGresult *r = PQexec(c->dst, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		snprintf(c->why, c->size, "%.60s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* A single integer (text) from @p sql on the target into @p out. */
static bool pg_value(struct copy *c, const char *sql, char *out, size_t size)
{
	PGresult *r = PQexec(c->dst, sql);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

	if (ok)
		snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
	else
		snprintf(c->why, c->size, "%.60s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* Appends @p v (@p n bytes) to @p b as a COPY text field. */
static void field(FILE *b, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = v[i];

		if (ch == '\\')
			fputs("\\\\", b);
		else if (ch == '\t')
			fputs("\\t", b);
		else if (ch == '\n')
			fputs("\\n", b);
		else if (ch == '\r')
			fputs("\\r", b);
		else
			fputc(ch, b);
	}
}

/* Writes column @p i of the current row of @p s in its canonical text:
 * NULL as @p null, a blob as \x and lowercase hex (bytea's text form). */
static void value_text(FILE *b, sqlite3_stmt *s, int i, const char *null, bool copy)
{
	int type = sqlite3_column_type(s, i);

	if (type == SQLITE_NULL) {
		fputs(null, b);
	} else if (type == SQLITE_BLOB) {
		const unsigned char *p = sqlite3_column_blob(s, i);
		int n = sqlite3_column_bytes(s, i);

		fputs(copy ? "\\\\x" : "\\x", b);
		for (int k = 0; k < n; k++)
			fprintf(b, "%02x", p[k]);
	} else {
		const char *t = (const char *)sqlite3_column_text(s, i);

		if (copy)
			field(b, t, (size_t)sqlite3_column_bytes(s, i));
		else
			fwrite(t, 1, (size_t)sqlite3_column_bytes(s, i), b);
	}
}

/* Streams the rows of table @p t into the target with COPY. */
static enum mq_err copy_table(struct copy *c, const struct table *t)
{
	char sql[2200];
	sqlite3_stmt *s = NULL;
	char *line = NULL;
	size_t len = 0;
	PGresult *r;
	bool ok = true;

	snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER USER", t->name);
	if (!pg_ok(c, sql))
		return MQ_ERR_DB;
	snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", t->name, t->cols);
	r = PQexec(c->dst, sql);
	ok = PQresultStatus(r) == PGRES_COPY_IN;
	PQclear(r);
	snprintf(sql, sizeof sql, "SELECT %s FROM %s", t->cols, t->name);
	if (!ok || sqlite3_prepare_v2(c->src, sql, -1, &s, NULL) != SQLITE_OK) {
		snprintf(c->why, c->size, "cannot copy table %s", t->name);
		sqlite3_finalize(s);
		return MQ_ERR_DB;
	}
	while (ok && sqlite3_step(s) == SQLITE_ROW) {
		FILE *b = open_memstream(&line, &len);

		for (int i = 0; b && i < t->ncols; i++) {
			if (i)
				fputc('\t', b);
			value_text(b, s, i, "\\N", true);
		}
		if (b)
			fputc('\n', b);
		ok = b && fclose(b) == 0 && PQputCopyData(c->dst, line, (int)len) == 1;
		free(line);
		line = NULL;
	}
	sqlite3_finalize(s);
	PQputCopyEnd(c->dst, ok ? NULL : "read failed");
	r = PQgetResult(c->dst);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(c->why, c->size, "copying %s: %s", t->name, PQresultErrorMessage(r));
		ok = false;
	}
	PQclear(r);
	while ((r = PQgetResult(c->dst)))
		PQclear(r);
	snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER USER", t->name);
	return ok && pg_ok(c, sql) ? MQ_OK : MQ_ERR_DB;
}

/* Every sequence of a copied column continues after its largest value. */
static bool sequences(struct copy *c)
{
	return pg_ok(c,
		"DO $$ DECLARE r record; BEGIN"
		" FOR r IN SELECT c.table_name AS t, c.column_name AS col,"
		"   pg_get_serial_sequence(c.table_name, c.column_name) AS seq"
		"   FROM information_schema.columns c WHERE c.table_schema = current_schema()"
		"   AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL LOOP"
		"   EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1,"
		"     false)', r.seq, r.col, r.t);"
		" END LOOP; END $$");
}

/* ---- verification ----------------------------------------------------------- */

/* Adds row text @p row (@p n bytes) to the order-independent sum @p sum. */
static void sum_row(uint64_t sum[2], const char *row, size_t n)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	uint64_t a, b;

	crypto_hash_sha256(h, (const unsigned char *)row, n);
	memcpy(&a, h, 8);
	memcpy(&b, h + 8, 8);
	sum[0] += a;
	sum[1] += b;
}

/* Count and checksum of table @p t on SQLite database @p db (the source, or
 * the fresh one). */
static bool sum_source(sqlite3 *db, const struct table *t, long *rows, uint64_t sum[2])
{
	char sql[2200], *row = NULL;
	size_t len = 0;
	sqlite3_stmt *s = NULL;

	snprintf(sql, sizeof sql, "SELECT %s FROM %s", t->cols, t->name);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW) {
		FILE *b = open_memstream(&row, &len);

		for (int i = 0; b && i < t->ncols; i++) {
			value_text(b, s, i, "\x01", false);
			fputc('\x1f', b);
		}
		if (!b || fclose(b) != 0)
			break;
		sum_row(sum, row, len);
		free(row);
		row = NULL;
		(*rows)++;
	}
	sqlite3_finalize(s);
	return true;
}

/* Count and checksum of table @p t on the target, the same canonical text. */
static bool sum_target(struct copy *c, const struct table *t, long *rows, uint64_t sum[2])
{
	char sql[2200], *row = NULL;
	size_t len = 0;
	PGresult *r;

	snprintf(sql, sizeof sql, "SELECT %s FROM %s", t->cols, t->name);
	r = PQexec(c->dst, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return false;
	}
	for (int k = 0; k < PQntuples(r); k++) {
		FILE *b = open_memstream(&row, &len);

		for (int i = 0; b && i < t->ncols; i++) {
			fputs(PQgetisnull(r, k, i) ? "\x01" : PQgetvalue(r, k, i), b);
			fputc('\x1f', b);
		}
		if (!b || fclose(b) != 0)
			break;
		sum_row(sum, row, len);
		free(row);
		row = NULL;
		(*rows)++;
	}
	PQclear(r);
	return true;
}

static enum mq_err verify(struct copy *c, FILE *report)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct table *t = &c->t[i];
		uint64_t a[2] = { 0, 0 }, b[2] = { 0, 0 };
		long na = 0, nb = 0;

		if (!sum_source(c->src, t, &na, a) || !sum_target(c, t, &nb, b)) {
			snprintf(c->why, c->size, "cannot read table %s to verify it", t->name);
			return MQ_ERR_DB;
		}
		if (na != nb || a[0] != b[0] || a[1] != b[1]) {
			snprintf(c->why, c->size, "table %s differs after the copy: %ld rows in the"
				 " source, %ld in the target", t->name, na, nb);
			return MQ_ERR_INVALID;
		}
		if (report)
			fprintf(report, "%-20s %8ld %016llx%016llx ok\n", t->name, na,
				(unsigned long long)a[0], (unsigned long long)a[1]);
	}
	return MQ_OK;
}

/* Refuses a target at another schema version, or holding any row but those
 * a fresh migration puts there (those tables are marked shipped). */
static enum mq_err check_target(struct copy *c)
{
	char sql[160], v[32];
	sqlite3_stmt *s = NULL;
	long src_version = -1;

	if (sqlite3_prepare_v2(c->src, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		src_version = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (!pg_value(c, "SELECT max(version) FROM mq_schema_version", v, sizeof v))
		return MQ_ERR_DB;
	if (strtol(v, NULL, 10) != src_version) {
		snprintf(c->why, c->size, "the source is at schema version %ld, the target at %s:"
			 " run both with the same minqing-server", src_version, v);
		return MQ_ERR_INVALID;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct table *t = &c->t[i];
		uint64_t a[2] = { 0, 0 }, b[2] = { 0, 0 };
		long na = 0, nb = 0;

		snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s)", t->name);
		if (!pg_value(c, sql, v, sizeof v))
			return MQ_ERR_DB;
		if (strcmp(v, "t") != 0)
			continue;
		if (!sum_source(c->fresh, t, &na, a) || !sum_target(c, t, &nb, b)) {
			snprintf(c->why, c->size, "cannot read table %s of the target", t->name);
			return MQ_ERR_DB;
		}
		if (na != nb || a[0] != b[0] || a[1] != b[1]) {
			snprintf(c->why, c->size, "the target database is not empty (table %s has"
				 " rows): migrate-db copies only into a new, empty database",
				 t->name);
			return MQ_ERR_CONFLICT;
		}
		t->shipped = true;
	}
	return MQ_OK;
}

/* ---- the whole copy ----------------------------------------------------------- */

/* Empties the tables holding a fresh migration's rows, for the source's. */
static bool clear_shipped(struct copy *c)
{
	char sql[1024];
	size_t len = (size_t)snprintf(sql, sizeof sql, "TRUNCATE");
	bool any = false;

	for (size_t i = 0; i < c->n && len < sizeof sql - 80; i++)
		if (c->t[i].shipped) {
			len += (size_t)snprintf(sql + len, sizeof sql - len, "%s %s",
						any ? "," : "", c->t[i].name);
			any = true;
		}
	return !any || pg_ok(c, sql);
}

/* Copies every table in one transaction of the target. */
static enum mq_err copy_all(struct copy *c)
{
	enum mq_err err = MQ_OK;
	struct table *t;

	if (!pg_ok(c, "BEGIN") || !clear_shipped(c))
		return MQ_ERR_DB;
	while (err == MQ_OK && (t = next_table(c))) {
		err = copy_table(c, t);
		t->done = true;
	}
	for (size_t i = 0; err == MQ_OK && i < c->n; i++)
		if (!c->t[i].done) {
			snprintf(c->why, c->size, "the foreign keys of %s form a cycle", c->t[i].name);
			err = MQ_ERR_DB;
		}
	if (err == MQ_OK && !sequences(c))
		err = MQ_ERR_DB;
	if (err == MQ_OK && !pg_ok(c, "COMMIT"))
		err = MQ_ERR_DB;
	if (err != MQ_OK)
		PQclear(PQexec(c->dst, "ROLLBACK"));
	return err;
}

/* Opens both databases through their plugins, which migrates them. */
static enum mq_err migrate_both(const char *path, const char *to, char *why, size_t size)
{
	struct mq_db *db = NULL;

	if (mq_db_sqlite_open(path, &db) != MQ_OK) {
		snprintf(why, size, "cannot open the source %s", path);
		return MQ_ERR_IO;
	}
	mq_db_destroy(db);
	if (mq_db_pg_open(to, 1, &db) != MQ_OK) {
		snprintf(why, size, "cannot open the target PostgreSQL database (see the log above)");
		return MQ_ERR_IO;
	}
	mq_db_destroy(db);
	return MQ_OK;
}

/* A freshly migrated SQLite database in a new directory @p dir (of @p
 * size bytes), opened read-only into c->fresh: the rows "empty" holds. */
static enum mq_err open_fresh(struct copy *c, char *dir, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	struct mq_db *db = NULL;
	char path[600];

	snprintf(dir, size, "%s/mq-migrate-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(c->why, c->size, "cannot make a directory in %s", tmp && *tmp ? tmp : "/tmp");
		dir[0] = '\0';
		return MQ_ERR_IO;
	}
	snprintf(path, sizeof path, "%s/fresh.db", dir);
	mq_log_info("migrate-db", "a freshly migrated database (%s) tells what an empty target"
		    " holds", path);
	if (mq_db_sqlite_open(path, &db) != MQ_OK ||
	    sqlite3_open_v2(path, &c->fresh, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(c->why, c->size, "cannot make a fresh database in %s", dir);
		mq_db_destroy(db);
		return MQ_ERR_IO;
	}
	mq_db_destroy(db);
	return MQ_OK;
}

/* Closes c->fresh and removes it with its directory @p dir ("" when none). */
static void close_fresh(struct copy *c, const char *dir)
{
	static const char *const files[] = { "fresh.db", "fresh.db-wal", "fresh.db-shm" };
	char path[600];

	sqlite3_close(c->fresh);
	if (!dir[0])
		return;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

enum mq_err mq_db_copy(const char *from, const char *to, FILE *report, char *why, size_t size)
{
	struct copy c = { .why = why, .size = size };
	char dir[512] = "";
	enum mq_err err;

	if (strncmp(from, "sqlite:", 7) != 0 || !from[7] || !mq_db_url_is_pg(to)) {
		snprintf(why, size, "migrate-db copies --from sqlite:PATH --to postgresql://...");
		return MQ_ERR_CONFIG;
	}
	if ((err = migrate_both(from + 7, to, why, size)) != MQ_OK)
		return err;
	if (sqlite3_open_v2(from + 7, &c.src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_exec(c.src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, size, "cannot read %s", from + 7);
		sqlite3_close(c.src);
		return MQ_ERR_IO;
	}
	c.dst = PQconnectdb(to);
	if (PQstatus(c.dst) != CONNECTION_OK) {
		snprintf(why, size, "cannot connect to the target: %s", PQerrorMessage(c.dst));
		err = MQ_ERR_IO;
	} else if ((err = open_fresh(&c, dir, sizeof dir)) == MQ_OK &&
		   (err = read_tables(&c)) == MQ_OK && (err = check_target(&c)) == MQ_OK &&
		   (err = copy_all(&c)) == MQ_OK) {
		err = verify(&c, report);
	}
	PQfinish(c.dst);
	close_fresh(&c, dir);
	sqlite3_exec(c.src, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(c.src);
	return err;
}
