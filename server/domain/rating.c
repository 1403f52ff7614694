/* rating.c — a resident's satisfaction with a published result (mq_rating.h):
 * the rules the kiosk's rating records and the tracking page's form share. */
#include "mq_rating.h"

#include <stdio.h>
#include <string.h>

#define COMMENT_MAX 200   /* characters */

struct rateable {
	bool found;
	bool published;
	bool rated;
	char studio[MQ_KEY_MAX + 1];
};

static bool got(void *cls, const struct mq_db_console_opinion *o)
{
	struct rateable *r = cls;

	r->found = true;
	r->published = o->topic_published_at ||
		       (o->disposition && strcmp(o->disposition, "answered") == 0);
	r->rated = o->stars != 0;
	snprintf(r->studio, sizeof r->studio, "%s", o->op.studio);
	return false;
}

enum mq_err mq_rating_check(struct mq_db *db, const char *opinion, const char *studio,
			    int stars, const char *comment, char *msg, size_t size)
{
	struct rateable r = { 0 };
	enum mq_err err;

	if (stars < 1 || stars > 5) {
		snprintf(msg, size, "stars must be a whole number from 1 to 5");
		return MQ_ERR_INVALID;
	}
	if (comment && (mq_utf8_length(comment) < 0 || mq_utf8_length(comment) > COMMENT_MAX)) {
		snprintf(msg, size, "comment must be UTF-8 text of at most %d characters", COMMENT_MAX);
		return MQ_ERR_INVALID;
	}
	err = db->opinion_get(db->cls, opinion, got, &r);
	if (err == MQ_ERR_NOT_FOUND || (err == MQ_OK && studio && strcmp(r.studio, studio) != 0)) {
		snprintf(msg, size, "unknown opinion for this studio");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	if (r.rated) {
		snprintf(msg, size, "this opinion is rated already");
		return MQ_ERR_INVALID;
	}
	if (!r.published) {
		snprintf(msg, size, "no result is published for this opinion yet");
		return MQ_ERR_INVALID;
	}
	return MQ_OK;
}

struct rating_tx {
	struct mq_db *db;
	const struct mq_rating_in *in;
	char id[MQ_UUID_LEN + 1];
	char msg[128];
};

static void got_id(void *cls, const struct mq_db_opinion *op)
{
	struct rating_tx *tx = cls;

	snprintf(tx->id, sizeof tx->id, "%s", op->id);
}

static enum mq_err rate_cb(void *cls)
{
	struct rating_tx *tx = cls;
	struct mq_db *db = tx->db;
	const struct mq_rating_in *in = tx->in;
	enum mq_err err = db->opinion_get_by_token(db->cls, in->token, got_id, tx);

	if (err == MQ_OK)
		err = mq_rating_check(db, tx->id, NULL, in->stars, in->comment, tx->msg,
				      sizeof tx->msg);
	if (err == MQ_OK)
		err = db->rating_insert(db->cls, tx->id, in->stars, in->comment, in->now, "web");
	return err == MQ_ERR_CONFLICT ? MQ_ERR_INVALID : err;
}

enum mq_err mq_rating_by_token(struct mq_db *db, const struct mq_rating_in *in, char *msg,
			       size_t size)
{
	struct rating_tx tx = { .db = db, .in = in };
	enum mq_err err = db->run_tx(db->cls, "rating", rate_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	return err;
}
