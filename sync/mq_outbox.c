/* mq_outbox.c — batches out, results in. See mq_outbox.h for the contract. */
#include "mq_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "store_private.h"

/* Adds @p delta to the upload attempts of the @p n rows in @p rowids: one
 * commit for the batch, not one fsync per record — or, inside a transaction
 * the caller holds (mq_store_begin), none: the counts are durable with the
 * caller's commit, and gone with its rollback. A lost attempt count harms
 * nothing, so failures here are ignored. */
static void count_attempts(struct mq_store *store, const int64_t *rowids, size_t n, int delta)
{
	bool own = sqlite3_get_autocommit(store->db) != 0;

	if (n == 0 || (own && store_step_done(store, ST_BEGIN) != SQLITE_OK))
		return;
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = store_stmt(store, ST_OUTBOX_ATTEMPT);

		sqlite3_bind_int64(st, 1, rowids[i]);
		sqlite3_bind_int(st, 2, delta);
		sqlite3_step(st);
	}
	if (own && store_step_done(store, ST_COMMIT) != SQLITE_OK)
		store_step_done(store, ST_ROLLBACK);
}

void mq_outbox_batch_free(struct mq_outbox_batch *batch)
{
	free(batch->body);
	free(batch->rowids);
	memset(batch, 0, sizeof *batch);
}

void mq_outbox_batch_unsent(struct mq_store *store, const struct mq_outbox_batch *batch)
{
	count_attempts(store, batch->rowids, batch->count, -1);
}

/* Whether a record of @p kind may travel in a batch sent while another
 * batch is still in flight (mq_outbox_batch_beside). The server may store
 * the later batch before the earlier one, so only records that depend on no
 * other record and compete for nothing may go beside another: opinions.
 * Every other kind waits until nothing else is in flight — a rating names
 * an opinion, a booking_cancel names a booking, bookings take their places
 * first come, first served in queue order, a checkout follows its checkin.
 * A kind is listed here only once it is known to depend on nothing: topic
 * supports and survey answers (checked against a candidate or a
 * questionnaire that may close meanwhile) wait as well. */
static bool travels_beside(const char *kind)
{
	return kind && strcmp(kind, "opinion") == 0;
}

/* Steps the bound batch statement @p st: the rows into @p out's rowids and
 * cursor, their wire texts joined into @p body, *@p bytes of them so far;
 * with @p beside only records that travel beside another batch, stopping
 * (out->held) at the first that does not. The last step's code (SQLITE_ROW
 * when the batch is full or held). */
static int read_rows(sqlite3_stmt *st, size_t max, size_t max_bytes, bool beside, size_t *bytes,
		     FILE *body, struct mq_outbox_batch *out)
{
	int rc = SQLITE_DONE;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while (out->count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *rec = (const char *)sqlite3_column_text(st, 2);
		size_t size = (size_t)sqlite3_column_bytes(st, 2);

		if (beside && !travels_beside((const char *)sqlite3_column_text(st, 4))) {
			out->held = true;
			break;
		}
		if (!rec) {
			/* cannot happen unless the file was edited by hand: keep it queued, say so */
			mq_log_error("outbox", "record %s has unreadable data; skipped",
				     (const char *)sqlite3_column_text(st, 1));
			continue;
		}
		if (out->count > 0 && *bytes + size > max_bytes)
			break;
		*bytes += size;
		if (out->count > 0)
			fputc(',', body);
		fwrite(rec, 1, size, body);
		out->rowids[out->count++] = sqlite3_column_int64(st, 0);
		out->last_rowid = sqlite3_column_int64(st, 0);
		out->last_queued_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return rc;
}

/* mq_outbox_batch, or mq_outbox_batch_beside when @p beside. */
static enum mq_err read_batch(struct mq_store *store, const struct mq_outbox_batch *after,
			      size_t max, size_t max_bytes, bool beside,
			      struct mq_outbox_batch *out)
{
	/* the head of the queue: every second; else the rest of the last
	 * batch's second, then the seconds after it */
	int64_t second = after ? after->last_queued_at : INT64_MIN;
	int64_t rowid = after ? after->last_rowid : 0;
	size_t bytes = 0;
	FILE *body;
	int rc = SQLITE_DONE;

	memset(out, 0, sizeof *out);
	out->rowids = calloc(max ? max : 1, sizeof *out->rowids);
	body = open_memstream(&out->body, &out->len);
	if (!out->rowids || !body) {
		if (body)
			fclose(body);
		mq_outbox_batch_free(out);
		return MQ_ERR_NOMEM;
	}
	/* a batch that takes nothing (held at once) still ends where the last did */
	out->last_queued_at = second;
	out->last_rowid = rowid;
	fputs("{\"records\":[", body);
	for (int part = after ? 0 : 1; part < 2 && rc == SQLITE_DONE; part++) {
		sqlite3_stmt *st = store_stmt(store, part ? ST_OUTBOX_BATCH : ST_OUTBOX_BATCH_SAME);

		sqlite3_bind_int64(st, 2, second);
		sqlite3_bind_int64(st, 3, rowid);
		rc = read_rows(st, max, max_bytes, beside, &bytes, body, out);
	}
	fputs("]}", body);
	if (fclose(body) != 0 || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		mq_outbox_batch_free(out);
		return rc != SQLITE_ROW && rc != SQLITE_DONE ? store_err(rc) : MQ_ERR_NOMEM;
	}
	count_attempts(store, out->rowids, out->count, 1);
	return MQ_OK;
}

enum mq_err mq_outbox_batch(struct mq_store *store, const struct mq_outbox_batch *after,
			    size_t max, size_t max_bytes, struct mq_outbox_batch *out)
{
	return read_batch(store, after, max, max_bytes, false, out);
}

enum mq_err mq_outbox_batch_beside(struct mq_store *store, const struct mq_outbox_batch *after,
				   size_t max, size_t max_bytes, struct mq_outbox_batch *out)
{
	return read_batch(store, after, max, max_bytes, true, out);
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
