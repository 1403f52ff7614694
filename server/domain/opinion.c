/* opinion.c — opinions coming in (mq_opinion.h). */
#include "mq_opinion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_digest.h"

enum mq_err mq_opinion_store(struct mq_db *db, const struct mq_db_opinion *op,
			     const char *actor_role)
{
	struct mq_db_stage_event ev = {
		.subject_kind = "opinion",
		.subject = op->id,
		.stage = MQ_STAGE_COLLECTED,
		.at = op->created_at,
		.actor_role = actor_role,
	};
	enum mq_err err = db->opinion_insert(db->cls, op);

	if (err == MQ_OK)
		err = db->stage_event_insert(db->cls, &ev);
	return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
}

struct file_tx {
	struct mq_db *db;
	const struct mq_opinion_file_in *in;
	struct mq_opinion_filed *out;
};

/* The record row of the filed opinion: the content hash is that of the
 * canonical JSON of its data, as for a kiosk's record. */
static enum mq_err record_of(const struct file_tx *tx, struct mq_db_record *rec)
{
	json_t *data = json_pack("{s:s, s:s, s:s}", "category", tx->in->category, "text",
				 tx->in->text, "token", tx->out->token);
	char *canon;

	if (data && tx->in->community)
		json_object_set_new(data, "community", json_string(tx->in->community));
	canon = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(data);
	if (!canon)
		return MQ_ERR_NOMEM;
	mq_digest_text(canon, rec->content_sha256);
	free(canon);
	snprintf(rec->id, sizeof rec->id, "%s", tx->out->id);
	snprintf(rec->device, sizeof rec->device, "%s", tx->in->key->device);
	snprintf(rec->kind, sizeof rec->kind, "opinion");
	rec->created_at = rec->received_at = tx->in->now;
	return MQ_OK;
}

static enum mq_err file_cb(void *cls)
{
	struct file_tx *tx = cls;
	const struct mq_opinion_file_in *in = tx->in;
	struct mq_db_record rec = { 0 };
	struct mq_db_opinion op = {
		.id = tx->out->id, .token = tx->out->token, .short_code = tx->out->short_code,
		.studio = in->key->studio, .category = in->category, .text = in->text,
		.community = in->community,
		.channel = "web", .stage = MQ_STAGE_COLLECTED, .created_at = in->now,
	};
	enum mq_err err;

	mq_id_uuid4(tx->out->id);
	mq_id_token(tx->out->token);
	mq_id_short_code(tx->out->short_code);
	if ((err = record_of(tx, &rec)) != MQ_OK)
		return err;
	if ((err = tx->db->record_insert(tx->db->cls, &rec)) != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	return mq_opinion_store(tx->db, &op, "open311");
}

enum mq_err mq_opinion_file(struct mq_db *db, const struct mq_opinion_file_in *in,
			    struct mq_opinion_filed *out)
{
	struct file_tx tx = { .db = db, .in = in, .out = out };

	return db->run_tx(db->cls, "open311", file_cb, &tx);
}
