/* mq_store_lookup.c — opinion lookups for the track screen (mq_store_lookup.h),
 * through the store's named statements ST_OPINION_BY_CODE / ST_OPINION_BY_TOKEN. */
#include "mq_store_lookup.h"

#include <stdio.h>
#include <string.h>

#include "store_private.h"

static void copy_col(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	snprintf(out, size, "%s", v ? v : "");
}

static enum mq_err find(struct mq_store *store, enum store_stmt which, const char *key,
			struct mq_store_opinion_view *out)
{
	sqlite3_stmt *st = store_stmt(store, which);
	enum mq_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_col(st, 0, out->id, sizeof(out->id));
		copy_col(st, 1, out->token, sizeof(out->token));
		copy_col(st, 2, out->short_code, sizeof(out->short_code));
		copy_col(st, 3, out->category, sizeof(out->category));
		copy_col(st, 4, out->created_at, sizeof(out->created_at));
		copy_col(st, 5, out->stage, sizeof(out->stage));
		copy_col(st, 6, out->stage_at, sizeof(out->stage_at));
		copy_col(st, 7, out->stage_note, sizeof(out->stage_note));
		err = MQ_OK;
	} else {
		err = rc == SQLITE_DONE ? MQ_ERR_NOT_FOUND : store_err(rc);
	}
	sqlite3_reset(st);
	return err;
}

enum mq_err mq_store_find_opinion(struct mq_store *store, const char *short_code,
				  struct mq_store_opinion_view *out)
{
	if (!short_code || !mq_id_is_short_code(short_code))
		return MQ_ERR_INVALID;
	return find(store, ST_OPINION_BY_CODE, short_code, out);
}

enum mq_err mq_store_find_opinion_by_token(struct mq_store *store, const char *token,
					   struct mq_store_opinion_view *out)
{
	if (!token || !mq_id_is_token(token))
		return MQ_ERR_INVALID;
	return find(store, ST_OPINION_BY_TOKEN, token, out);
}
