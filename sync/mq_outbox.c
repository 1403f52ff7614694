/* mq_outbox.c — batches out, results in. See mq_outbox.h for the contract. */
#include "mq_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "store_private.h"

/* Counts an upload attempt on each of the @p n rows in @p rowids: one commit
 * for the batch, not one fsync per record. A lost attempt count harms
 * nothing, so failures here are ignored. */
static void count_attempts(struct mq_store *store, const sqlite3_int64 *rowids, size_t n)
{
	if (store_step_done(store, ST_BEGIN) != SQLITE_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = store_stmt(store, ST_OUTBOX_ATTEMPT);

		sqlite3_bind_int64(st, 1, rowids[i]);
		sqlite3_step(st);
	}
	if (store_step_done(store, ST_COMMIT) != SQLITE_OK)
		store_step_done(store, ST_ROLLBACK);
}

enum mq_err mq_outbox_batch(struct mq_store *store, size_t max, size_t max_bytes,
			    char **body, size_t *count)
{
	sqlite3_stmt *st = store_stmt(store, ST_OUTBOX_BATCH);
	sqlite3_int64 *rowids = calloc(max ? max : 1, sizeof *rowids);
	size_t n = 0, bytes = 0, len = 0;
	char *text = NULL;
	FILE *out = open_memstream(&text, &len);
	int rc = SQLITE_DONE;

	*body = NULL;
	*count = 0;
	if (!rowids || !out) {
		free(rowids);
		if (out)
			fclose(out);
		free(text);
		return MQ_ERR_NOMEM;
	}
	fputs("{\"records\":[", out);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *rec = (const char *)sqlite3_column_text(st, 2);
		size_t size = (size_t)sqlite3_column_bytes(st, 2);

		if (!rec) {
			/* cannot happen unless the file was edited by hand: keep it queued, say so */
			mq_log_error("outbox", "record %s has unreadable data; skipped",
				     (const char *)sqlite3_column_text(st, 1));
			continue;
		}
		if (n > 0 && bytes + size > max_bytes)
			break;
		bytes += size;
		if (n > 0)
			fputc(',', out);
		fwrite(rec, 1, size, out);
		rowids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	fputs("]}", out);
	if (fclose(out) != 0 || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		free(rowids);
		free(text);
		return rc != SQLITE_ROW && rc != SQLITE_DONE ? store_err(rc) : MQ_ERR_NOMEM;
	}
	count_attempts(store, rowids, n);
	free(rowids);
	*body = text;
	*count = n;
	return MQ_OK;
}

static enum mq_err settle_once(struct mq_store *store, const char *id, const char *result,
			       const char *error, int64_t now)
{
	bool ack = strcmp(result, "stored") == 0 || strcmp(result, "duplicate") == 0;
	bool reject = strcmp(result, "conflict") == 0 || strcmp(result, "invalid") == 0;
	sqlite3_stmt *st;
	int rc;

	if (!ack && !reject)
		return MQ_ERR_INVALID;
	st = store_stmt(store, ST_OUTBOX_SETTLE);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ack ? "acked" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, result, -1, SQLITE_STATIC);
	if (error && *error)
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE && sqlite3_changes(store->db) == 0)
		return MQ_ERR_NOT_FOUND;   /* not queued: unknown, or settled already */
	if (rc == SQLITE_DONE) {
		/* a booking learns whether it got its place (no row for other kinds:
		 * a key lookup, cheaper than reading the kind first) */
		st = store_stmt(store, ST_BOOKING_SETTLE);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, result, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		return store_err(rc);
	if (reject)
		mq_log_warn("outbox", "server refused record %s (%s): %s", id, result,
			    error ? error : "no reason given");
	return MQ_OK;
}

enum mq_err mq_outbox_settle(struct mq_store *store, const char *id, const char *result,
			     const char *error, int64_t now)
{
	enum mq_err err = settle_once(store, id, result, error, now);

	/* recording an acknowledgement must not fail for want of disk space */
	if ((err == MQ_ERR_DISK_FULL || err == MQ_ERR_IO) &&
	    store_reserve_release(store->reserve_path))
		err = settle_once(store, id, result, error, now);
	return err;
}

enum mq_err mq_outbox_stats(struct mq_store *store, struct mq_outbox_stats *out)
{
	sqlite3_stmt *st = store_stmt(store, ST_OUTBOX_STATS);
	int rc = sqlite3_step(st);

	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW) {
		out->queued = sqlite3_column_int(st, 0);
		out->oldest_queued_at = sqlite3_column_int64(st, 1);
		out->rejected = sqlite3_column_int(st, 2);
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return store_err(rc);
}
