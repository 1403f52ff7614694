/* mq_outbox.c — batches out, results in. See mq_outbox.h for the contract. */
#include "mq_outbox.h"

#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "store_private.h"

enum mq_err mq_outbox_batch(struct mq_store *store, size_t max, size_t max_bytes,
			    json_t **out)
{
	sqlite3_stmt *st = store_stmt(store, ST_OUTBOX_BATCH);
	json_t *batch = json_array();
	size_t bytes = 0;
	int rc;

	*out = NULL;
	if (!batch)
		return MQ_ERR_NOMEM;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *data_text = (const char *)sqlite3_column_text(st, 3);
		size_t size = (size_t)sqlite3_column_bytes(st, 3) + 200;
		json_t *data = data_text ? json_loads(data_text, 0, NULL) : NULL;

		if (!data) {
			/* cannot happen unless the file was edited by hand: keep it queued, say so */
			mq_log_error("outbox", "record %s has unreadable data; skipped",
				     (const char *)sqlite3_column_text(st, 0));
			continue;
		}
		if (json_array_size(batch) > 0 && bytes + size > max_bytes) {
			json_decref(data);
			break;
		}
		bytes += size;
		json_array_append_new(batch, json_pack("{s:s, s:s, s:s, s:o}",
				"id", (const char *)sqlite3_column_text(st, 0),
				"kind", (const char *)sqlite3_column_text(st, 1),
				"created_at", (const char *)sqlite3_column_text(st, 2),
				"data", data));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(batch);
		return store_err(rc);
	}
	/* one commit for the batch's attempt counts, not one fsync per record;
	 * a lost attempt count harms nothing, so failures here are ignored */
	if (store_step_done(store, ST_BEGIN) == SQLITE_OK) {
		for (size_t i = 0; i < json_array_size(batch); i++) {
			const char *id =
				json_string_value(json_object_get(json_array_get(batch, i), "id"));
			st = store_stmt(store, ST_OUTBOX_ATTEMPT);
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
			sqlite3_step(st);
		}
		if (store_step_done(store, ST_COMMIT) != SQLITE_OK)
			store_step_done(store, ST_ROLLBACK);
	}
	*out = batch;
	return MQ_OK;
}

/* The data to keep once the server has the record: personal data goes. */
static char *without_contact(const char *data_text)
{
	json_t *data = json_loads(data_text, 0, NULL);
	char *text;

	if (!data)
		return NULL;
	json_object_del(data, "contact");
	json_object_del(data, "name");
	json_object_del(data, "phone");
	text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	return text;
}

static enum mq_err settle_once(struct mq_store *store, const char *id, const char *result,
			       const char *error, int64_t now)
{
	bool ack = strcmp(result, "stored") == 0 || strcmp(result, "duplicate") == 0;
	bool reject = strcmp(result, "conflict") == 0 || strcmp(result, "invalid") == 0;
	bool booking = false;
	sqlite3_stmt *st;
	char *kept = NULL;
	int rc;

	if (!ack && !reject)
		return MQ_ERR_INVALID;
	st = store_stmt(store, ST_OUTBOX_GET);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *data = (const char *)sqlite3_column_text(st, 1);

		booking = strcmp((const char *)sqlite3_column_text(st, 0), "booking") == 0;
		/* a rejected record keeps everything: a person may need to re-enter it */
		kept = ack ? without_contact(data ? data : "{}") : strdup(data ? data : "{}");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MQ_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return store_err(rc);
	if (!kept)
		return MQ_ERR_NOMEM;

	st = store_stmt(store, ST_OUTBOX_SETTLE);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ack ? "acked" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, result, -1, SQLITE_STATIC);
	if (error && *error)
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, kept, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(kept);
	if (rc == SQLITE_DONE && booking) {
		/* a booking learns whether it got its place */
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
