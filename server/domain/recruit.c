/* recruit.c — 征集 (mq_recruit.h): calls for members on topics, their
 * volunteers and the participants chosen, each one transaction with its
 * audit entry. */
#include "mq_recruit.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"

/* One change's transaction. */
struct recruit_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *topic, *note, *member;
	int64_t now;
	char msg[128];
};

/* The topic of @p tx if its account may change it: its JSON (owned) into
 * *@p t; MQ_ERR_INVALID for a closed topic. */
static enum mq_err load_topic(struct recruit_tx *tx, json_t **t)
{
	enum mq_stage stage;
	enum mq_err err;

	*t = NULL;
	if (!mq_account_can_edit(tx->who))
		return MQ_ERR_AUTH;
	if ((err = mq_workflow_load_topic(tx->db, tx->who, tx->topic, t, &stage)) != MQ_OK)
		return err;
	if (stage == MQ_STAGE_CLOSED) {
		json_decref(*t);
		*t = NULL;
		snprintf(tx->msg, sizeof tx->msg, "议题已办结，不能再征集委员。");
		return MQ_ERR_INVALID;
	}
	return MQ_OK;
}

/* The audit entry of @p action on the topic of @p tx (@p t stolen) with @p after. */
static enum mq_err audit(struct recruit_tx *tx, json_t *t, const char *action, json_t *after)
{
	const char *studio = mq_workflow_js(t, "studio");
	char where[MQ_KEY_MAX + 1];
	enum mq_err err;

	snprintf(where, sizeof where, "%s", studio ? studio : "");
	json_decref(t);
	if (!after)
		return MQ_ERR_NOMEM;
	err = mq_audit(tx->db, tx->who, tx->now, where[0] ? where : NULL, action, tx->topic, NULL,
		       after);
	return err;
}

static enum mq_err open_cb(void *cls)
{
	struct recruit_tx *tx = cls;
	json_t *t;
	enum mq_err err = load_topic(tx, &t);

	if (err != MQ_OK)
		return err;
	if (!mq_workflow_fits(tx->note, MQ_RECRUIT_NOTE_MAX)) {
		json_decref(t);
		snprintf(tx->msg, sizeof tx->msg, "征集说明不超过200字。");
		return MQ_ERR_INVALID;
	}
	err = tx->db->topic_call_open(tx->db->cls, tx->topic, tx->note, tx->who->username,
				      tx->now);
	if (err != MQ_OK) {
		json_decref(t);
		return err;
	}
	return audit(tx, t, "topic.call.open", json_pack("{s:s}", "note", tx->note ? tx->note : ""));
}

static enum mq_err close_cb(void *cls)
{
	struct recruit_tx *tx = cls;
	json_t *t;
	enum mq_err err = load_topic(tx, &t);

	if (err == MQ_ERR_INVALID)
		return err;
	if (err == MQ_OK)
		err = tx->db->topic_call_close(tx->db->cls, tx->topic, tx->now);
	if (err == MQ_ERR_NOT_FOUND && t) {
		json_decref(t);
		snprintf(tx->msg, sizeof tx->msg, "这个议题没有正在进行的征集。");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK) {
		json_decref(t);
		return err;
	}
	return audit(tx, t, "topic.call.close", json_object());
}

static bool call_found(void *cls, const struct mq_db_topic_call *c)
{
	snprintf(cls, MQ_KEY_MAX + 1, "%s", c->studio);
	return false;
}

static enum mq_err volunteer_cb(void *cls)
{
	struct recruit_tx *tx = cls;
	const char *member = mq_account_own_member(tx->who);
	struct mq_db_call_filter f = { .topic = tx->topic, .open_only = true };
	char studio[MQ_KEY_MAX + 1] = "";
	enum mq_err err;

	if (!member)
		return MQ_ERR_AUTH;
	if ((err = tx->db->topic_calls_iterate(tx->db->cls, &f, call_found, studio)) != MQ_OK)
		return err;
	if (!studio[0]) {
		snprintf(tx->msg, sizeof tx->msg, "这个议题现在没有征集委员。");
		return MQ_ERR_INVALID;
	}
	if ((err = tx->db->volunteer_insert(tx->db->cls, tx->topic, member, tx->now)) != MQ_OK)
		return err;
	return mq_audit(tx->db, tx->who, tx->now, studio, "topic.volunteer", tx->topic, NULL,
			json_pack("{s:s}", "member", member));
}

static enum mq_err choose_cb(void *cls)
{
	struct recruit_tx *tx = cls;
	json_t *t;
	enum mq_err err = load_topic(tx, &t);

	if (err != MQ_OK)
		return err;
	err = tx->db->volunteer_choose(tx->db->cls, tx->topic, tx->member, tx->now);
	if (err == MQ_ERR_NOT_FOUND) {
		json_decref(t);
		snprintf(tx->msg, sizeof tx->msg, "这位委员没有报名，或已经选定。");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK) {
		json_decref(t);
		return err;
	}
	return audit(tx, t, "topic.volunteer.choose", json_pack("{s:s}", "member", tx->member));
}

/* Runs @p fn as transaction @p name over @p tx; its reason into @p msg. */
static enum mq_err run(struct recruit_tx *tx, const char *name, enum mq_err (*fn)(void *),
		       char *msg, size_t size)
{
	enum mq_err err = tx->db->run_tx(tx->db->cls, name, fn, tx);

	snprintf(msg, size, "%s", err == MQ_ERR_INVALID ? tx->msg : "");
	return err;
}

enum mq_err mq_recruit_open(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			    const char *note, int64_t now, char *msg, size_t size)
{
	struct recruit_tx tx = { .db = db, .who = who, .topic = topic, .note = note, .now = now };

	return run(&tx, "recruit_open", open_cb, msg, size);
}

enum mq_err mq_recruit_close(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			     int64_t now, char *msg, size_t size)
{
	struct recruit_tx tx = { .db = db, .who = who, .topic = topic, .now = now };

	return run(&tx, "recruit_close", close_cb, msg, size);
}

enum mq_err mq_recruit_volunteer(struct mq_db *db, const struct mq_db_staff *who,
				 const char *topic, int64_t now, char *msg, size_t size)
{
	struct recruit_tx tx = { .db = db, .who = who, .topic = topic, .now = now };

	return run(&tx, "recruit_volunteer", volunteer_cb, msg, size);
}

enum mq_err mq_recruit_choose(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			      const char *member, int64_t now, char *msg, size_t size)
{
	struct recruit_tx tx = { .db = db, .who = who, .topic = topic, .member = member,
				 .now = now };

	return run(&tx, "recruit_choose", choose_cb, msg, size);
}
