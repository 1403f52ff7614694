/* candidate.c — candidate topics (mq_candidate.h): publishing, backing and
 * promotion, each one transaction; the kiosk's records of kind
 * topic_support (kind_topic_support.c) check through mq_candidate_check. */
#include "mq_candidate.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_date.h"

/* A candidate read for a check: what the rules look at. */
struct cand {
	bool found;
	char studio[MQ_KEY_MAX + 1];
	char closes[11];
	char title[4 * MQ_CANDIDATE_TITLE_MAX + 1];
	bool promoted;
};

static bool cand_got(void *cls, const struct mq_db_candidate *c)
{
	struct cand *k = cls;

	k->found = true;
	snprintf(k->studio, sizeof k->studio, "%s", c->studio);
	snprintf(k->closes, sizeof k->closes, "%s", c->closes);
	snprintf(k->title, sizeof k->title, "%s", c->title);
	k->promoted = c->topic != NULL;
	return false;
}

static enum mq_err cand_load(struct mq_db *db, int64_t id, struct cand *k)
{
	memset(k, 0, sizeof *k);
	return db->candidate_get(db->cls, id, cand_got, k);
}

void mq_candidate_today(int64_t now, char out[11])
{
	struct mq_date d;

	mq_date_of(now, &d);
	mq_date_format(&d, out);
}

enum mq_err mq_candidate_check(struct mq_db *db, int64_t id, const char *studio, int64_t now,
			       char *msg, size_t size)
{
	struct cand k;
	char today[11];
	enum mq_err err = cand_load(db, id, &k);

	if (err == MQ_ERR_NOT_FOUND || (err == MQ_OK && studio && strcmp(studio, k.studio))) {
		snprintf(msg, size, "no such candidate topic at this studio");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	mq_candidate_today(now, today);
	if (k.promoted || strcmp(k.closes, today) < 0) {
		snprintf(msg, size, "the candidate topic is closed");
		return MQ_ERR_INVALID;
	}
	return MQ_OK;
}

/* ---- publishing ------------------------------------------------------------ */

struct create_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_candidate_in *in;
	const char *studio;
	int64_t now;
	int64_t id;
	char msg[128];
};

static bool opinion_studio(void *cls, const struct mq_db_console_opinion *o)
{
	snprintf(cls, MQ_KEY_MAX + 1, "%s", o->op.studio);
	return false;
}

/* The studio the new candidate belongs to, checked against @p who's scope. */
static enum mq_err create_check(struct create_tx *tx)
{
	const struct mq_candidate_in *in = tx->in;
	const char *own = mq_account_studio(tx->who);
	struct mq_db_studio st;
	char today[11];

	if (!mq_account_can_edit(tx->who))
		return MQ_ERR_AUTH;
	if (own && in->studio && in->studio[0] && strcmp(own, in->studio))
		return MQ_ERR_NOT_FOUND;
	tx->studio = own ? own : in->studio;
	if (!tx->studio || !tx->studio[0] || tx->db->studio_get(tx->db->cls, tx->studio, &st))
		return snprintf(tx->msg, sizeof tx->msg, "请选择工作室。"), MQ_ERR_INVALID;
	if (!in->title || !in->title[0] || !mq_workflow_fits(in->title, MQ_CANDIDATE_TITLE_MAX))
		return snprintf(tx->msg, sizeof tx->msg, "请填写议题名称（不超过100字）。"),
		       MQ_ERR_INVALID;
	if (!mq_workflow_fits(in->description, MQ_CANDIDATE_DESC_MAX))
		return snprintf(tx->msg, sizeof tx->msg, "说明不超过500字。"), MQ_ERR_INVALID;
	mq_candidate_today(tx->now, today);
	if (!in->closes || !mq_workflow_date_ok(in->closes) || strcmp(in->closes, today) < 0)
		return snprintf(tx->msg, sizeof tx->msg, "请填写截止日期（今天或以后）。"),
		       MQ_ERR_INVALID;
	return MQ_OK;
}

static enum mq_err create_cb(void *cls)
{
	struct create_tx *tx = cls;
	struct mq_db *db = tx->db;
	const struct mq_candidate_in *in = tx->in;
	const char *opinion = in->opinion && in->opinion[0] ? in->opinion : NULL;
	char op_studio[MQ_KEY_MAX + 1] = "";
	enum mq_err err = create_check(tx);
	struct mq_db_candidate c;
	char subject[24];
	json_t *after;

	if (err == MQ_OK && opinion &&
	    (db->opinion_get(db->cls, opinion, opinion_studio, op_studio) != MQ_OK ||
	     strcmp(op_studio, tx->studio)))
		err = MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		return err;
	c = (struct mq_db_candidate){ .studio = tx->studio, .title = in->title,
				      .description = in->description, .closes = in->closes,
				      .opinion = opinion, .created_by = tx->who->username,
				      .created_at = tx->now };
	if ((err = db->candidate_insert(db->cls, &c, &tx->id)) != MQ_OK)
		return err;
	after = json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)tx->id, "studio",
			  tx->studio, "title", in->title, "closes", in->closes, "opinion", opinion);
	if (!after)
		return MQ_ERR_NOMEM;
	snprintf(subject, sizeof subject, "candidate/%lld", (long long)tx->id);
	return mq_audit(db, tx->who, tx->now, tx->studio, "candidate.create", subject, NULL,
			after);
}

enum mq_err mq_candidate_create(struct mq_db *db, const struct mq_db_staff *who,
				const struct mq_candidate_in *in, int64_t now, char *msg,
				size_t size, int64_t *id)
{
	struct create_tx tx = { .db = db, .who = who, .in = in, .now = now };
	enum mq_err err = db->run_tx(db->cls, "candidate_create", create_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	*id = err == MQ_OK ? tx.id : 0;
	return err;
}

/* ---- backing from a phone -------------------------------------------------- */

struct back_tx {
	struct mq_db *db;
	int64_t id;
	const char *studio, *voter;
	int64_t now;
	char msg[128];
};

static enum mq_err back_cb(void *cls)
{
	struct back_tx *tx = cls;
	enum mq_err err = mq_candidate_check(tx->db, tx->id, tx->studio, tx->now, tx->msg,
					     sizeof tx->msg);

	if (err != MQ_OK)
		return err;
	return tx->db->candidate_support_insert(tx->db->cls, tx->id, "phone", tx->voter, tx->now);
}

enum mq_err mq_candidate_back_phone(struct mq_db *db, int64_t id, const char *studio,
				    const char *voter, int64_t now, char *msg, size_t size)
{
	struct back_tx tx = { .db = db, .id = id, .studio = studio, .voter = voter, .now = now };
	enum mq_err err = db->run_tx(db->cls, "candidate_back", back_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	return err;
}

/* ---- promotion ------------------------------------------------------------- */

struct promote_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	int64_t id, now;
	char topic[MQ_UUID_LEN + 1];
	char msg[128];
};

static enum mq_err promote_cb(void *cls)
{
	struct promote_tx *tx = cls;
	struct mq_db *db = tx->db;
	const char *own = mq_account_studio(tx->who);
	struct cand k;
	char today[11];
	json_t *topic = NULL;
	enum mq_err err;

	if (!mq_account_can_edit(tx->who))
		return MQ_ERR_AUTH;
	if ((err = cand_load(db, tx->id, &k)) != MQ_OK)
		return err;
	if (own && strcmp(own, k.studio))
		return MQ_ERR_NOT_FOUND;
	mq_candidate_today(tx->now, today);
	if (k.promoted)
		return snprintf(tx->msg, sizeof tx->msg, "已经形成议题。"), MQ_ERR_INVALID;
	if (strcmp(k.closes, today) >= 0)
		return snprintf(tx->msg, sizeof tx->msg, "征集截止以后才能形成议题。"),
		       MQ_ERR_INVALID;
	err = mq_workflow_topic_new(db, tx->who, k.studio, k.title, NULL, tx->now, tx->topic,
				    &topic);
	json_decref(topic);
	if (err == MQ_OK)
		err = db->candidate_promote(db->cls, tx->id, tx->topic);
	if (err == MQ_OK) {
		char subject[24];

		snprintf(subject, sizeof subject, "candidate/%lld", (long long)tx->id);
		err = mq_audit(db, tx->who, tx->now, k.studio, "candidate.promote", subject, NULL,
			       json_pack("{s:s}", "topic", tx->topic));
	}
	return err;
}

enum mq_err mq_candidate_promote(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
				 int64_t now, char *msg, size_t size,
				 char topic[MQ_UUID_LEN + 1])
{
	struct promote_tx tx = { .db = db, .who = who, .id = id, .now = now };
	enum mq_err err = db->run_tx(db->cls, "candidate_promote", promote_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	snprintf(topic, MQ_UUID_LEN + 1, "%s", err == MQ_OK ? tx.topic : "");
	return err;
}

/* ---- the kiosks' state pull ------------------------------------------------ */

static bool add_candidate(void *cls, const struct mq_db_candidate *c)
{
	return json_array_append_new(cls, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id",
						    (json_int_t)c->id, "title", c->title,
						    "description", c->description, "closes",
						    c->closes, "supports",
						    (json_int_t)c->supports)) == 0;
}

enum mq_err mq_candidate_open_json(struct mq_db *db, const char *studio, int64_t now,
				   json_t **out)
{
	char today[11];
	struct mq_db_candidate_filter f = { .studio = studio, .open_on = today };
	enum mq_err err;

	mq_candidate_today(now, today);
	if (!(*out = json_array()))
		return MQ_ERR_NOMEM;
	err = db->candidates_iterate(db->cls, &f, add_candidate, *out);
	if (err != MQ_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}
