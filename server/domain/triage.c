/* triage.c — 分析研判 (mq_workflow.h): a street group decides what becomes
 * of a collected opinion — a new topic or an existing one (with further
 * opinions joining it), a direct answer, a referral to a department, a
 * duplicate of another opinion, or not accepted — in one transaction with
 * the opinion's stage events and the audit log. */
#include "mq_workflow.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

struct triage_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *id;
	const struct mq_triage_in *in;
	int64_t now;
	char *msg;
	size_t size;
	char topic[MQ_UUID_LEN + 1];
	enum mq_stage topic_stage;   /* of the topic triage leads to, when there is one */
};

static enum mq_err invalid(struct triage_tx *tx, const char *why)
{
	snprintf(tx->msg, tx->size, "%s", why);
	return MQ_ERR_INVALID;
}

/* What triage stores on the opinion for the decision, and the note the
 * resident reads (@p pub, or a default written into @p dflt). */
static const char *decide(struct triage_tx *tx, const json_t *topic, struct mq_db_triage *t,
			  char *dflt, size_t size)
{
	const struct mq_triage_in *in = tx->in;
	const char *action = in->action, *pub = in->public_note;

	if (strcmp(action, "topic_new") == 0 || strcmp(action, "topic_link") == 0) {
		t->disposition = "topic";
		t->topic = mq_workflow_js(topic, "id");
	} else if (strcmp(action, "answer") == 0) {
		t->disposition = "answered";
		t->closed_at = tx->now;
	} else if (strcmp(action, "refer") == 0) {
		t->disposition = "referred";
		t->department = in->department;
		t->closed_at = tx->now;
		if (!pub) {
			snprintf(dflt, size, "已转交%s办理。", in->department);
			pub = dflt;
		}
	} else if (strcmp(action, "duplicate") == 0) {
		t->disposition = "duplicate";
		t->duplicate_of = in->duplicate_of;
		t->topic = topic ? mq_workflow_js(topic, "id") : NULL;
		if (!topic)
			t->closed_at = tx->now;
		if (!pub)
			pub = "与内容相同的意见合并办理，办理进展会在本页同步显示。";
	} else {
		t->disposition = "rejected";
		t->closed_at = tx->now;
	}
	return pub;
}

/* The stage events of triaged opinion @p id with note @p pub. */
static enum mq_err events(struct triage_tx *tx, const char *id, const json_t *topic,
			  const struct mq_db_triage *t, const char *pub)
{
	struct mq_db *db = tx->db;
	const char *internal = tx->in->internal_note;
	enum mq_err err;

	/* 分析研判 is done; an answer is also the published result (督查反馈). */
	if (strcmp(tx->in->action, "answer") == 0) {
		err = mq_workflow_event(db, tx->who, "opinion", id, MQ_STAGE_TRIAGED, tx->now,
					NULL, internal);
		if (err == MQ_OK)
			err = mq_workflow_event(db, tx->who, "opinion", id, MQ_STAGE_FEEDBACK,
						tx->now, pub, NULL);
	} else {
		err = mq_workflow_event(db, tx->who, "opinion", id, MQ_STAGE_TRIAGED, tx->now, pub,
					internal);
	}
	/* Joining a topic catches up with where it is. */
	if (err == MQ_OK && t->topic)
		err = mq_workflow_event(db, tx->who, "opinion", id,
					mq_stage_of_opinion(tx->topic_stage), tx->now, NULL,
					NULL);
	return err;
}

/* Triage one opinion (already loaded as @p before, at stage @p stage) with
 * the decision in @p tx. */
static enum mq_err triage_one(struct triage_tx *tx, const char *id, json_t *before,
			      enum mq_stage stage, const json_t *topic)
{
	struct mq_db *db = tx->db;
	const struct mq_triage_in *in = tx->in;
	const char *pub, *studio = mq_workflow_js(before, "studio");
	char dflt[256], audit_action[48];
	struct mq_db_triage t = { .id = id, .assigned_member = in->assigned };
	struct mq_db_member m;
	json_t *after;
	enum mq_err err;

	if (stage != MQ_STAGE_COLLECTED || mq_workflow_js(before, "disposition"))
		return invalid(tx, "这条意见已经研判过了。");
	if (topic && strcmp(mq_workflow_js(topic, "studio"), studio) != 0)
		return invalid(tx, "只能并入本街道的议题。");
	pub = decide(tx, topic, &t, dflt, sizeof dflt);
	if (in->assigned && (err = db->member_get(db->cls, studio, in->assigned, &m)) != MQ_OK)
		return err == MQ_ERR_NOT_FOUND ? invalid(tx, "指定的委员不属于本街道委员小组。") : err;
	if ((err = db->opinion_triage(db->cls, &t)) != MQ_OK ||
	    (err = events(tx, id, topic, &t, pub)) != MQ_OK)
		return err;
	after = json_deep_copy(before);
	if (!after || !mq_workflow_jset(after, "disposition", t.disposition) ||
	    !mq_workflow_jset(after, "topic", t.topic) ||
	    !mq_workflow_jset(after, "department", t.department) ||
	    !mq_workflow_jset(after, "duplicate_of", t.duplicate_of) ||
	    !mq_workflow_jset(after, "assigned_member", t.assigned_member) ||
	    !mq_workflow_jset(after, "public_note", pub) ||
	    !mq_workflow_jset(after, "internal_note", in->internal_note)) {
		json_decref(after);
		return MQ_ERR_NOMEM;
	}
	snprintf(audit_action, sizeof audit_action, "triage.%s", in->action);
	return mq_audit(db, tx->who, tx->now, studio, audit_action, id, json_incref(before), after);
}

/* A new topic for opinion @p op, with its first stage event and audit entry. */
static enum mq_err new_topic(struct triage_tx *tx, const json_t *op, json_t **topic)
{
	const struct mq_triage_in *in = tx->in;
	char id[MQ_UUID_LEN + 1];

	if (!in->title || !mq_workflow_fits(in->title, MQ_WORKFLOW_TITLE_MAX))
		return invalid(tx, "请填写议题名称（不超过100字）。");
	tx->topic_stage = MQ_STAGE_RESEARCH;
	return mq_workflow_topic_new(tx->db, tx->who, mq_workflow_js(op, "studio"), in->title,
				     in->internal_note, tx->now, id, topic);
}

/* Checks what the action needs and finds (or makes) the topic it leads to
 * into *@p topic (NULL when none). */
static enum mq_err prepare(struct triage_tx *tx, const json_t *op, json_t **topic)
{
	const struct mq_triage_in *in = tx->in;
	const char *action = in->action;
	json_t *dup = NULL;
	enum mq_err err = MQ_OK;

	if (strcmp(action, "topic_new") == 0)
		return new_topic(tx, op, topic);
	if (strcmp(action, "topic_link") == 0) {
		if (!in->topic || (err = mq_workflow_load_topic(tx->db, tx->who, in->topic, topic,
								&tx->topic_stage)) == MQ_ERR_NOT_FOUND)
			return invalid(tx, "请选择一个本街道的议题。");
		if (err == MQ_OK && tx->topic_stage == MQ_STAGE_CLOSED)
			return invalid(tx, "这个议题已经办结，不能再并入意见。");
		return err;
	}
	if (strcmp(action, "answer") == 0 || strcmp(action, "reject") == 0) {
		if (!in->public_note)
			return invalid(tx, strcmp(action, "answer") == 0
						   ? "请在“给居民的说明”中填写答复内容。"
						   : "请在“给居民的说明”中写明不予受理的理由。");
		return MQ_OK;
	}
	if (strcmp(action, "refer") == 0) {
		if (!in->department || !mq_workflow_fits(in->department, MQ_WORKFLOW_TITLE_MAX))
			return invalid(tx, "请填写承办部门的名称。");
		return MQ_OK;
	}
	if (strcmp(action, "duplicate") != 0)
		return invalid(tx, "未知的研判操作。");
	if (!in->duplicate_of || strcmp(in->duplicate_of, tx->id) == 0 ||
	    (err = mq_workflow_load_opinion(tx->db, tx->who, in->duplicate_of, &dup, NULL)) ==
		    MQ_ERR_NOT_FOUND)
		return invalid(tx, "请选择与之重复的另一条意见。");
	if (err == MQ_OK && mq_workflow_js(dup, "topic"))
		err = mq_workflow_load_topic(tx->db, tx->who, mq_workflow_js(dup, "topic"), topic,
					     &tx->topic_stage);
	json_decref(dup);
	return err;
}

static enum mq_err triage_cb(void *cls)
{
	struct triage_tx *tx = cls;
	const struct mq_triage_in *in = tx->in;
	json_t *op = NULL, *topic = NULL, *others = NULL;
	enum mq_stage stage;
	enum mq_err err;

	tx->topic[0] = '\0';
	if ((err = mq_workflow_load_opinion(tx->db, tx->who, tx->id, &op, &stage)) != MQ_OK)
		return err;
	if ((err = prepare(tx, op, &topic)) != MQ_OK)
		goto out;
	if (!mq_workflow_fits(in->public_note, MQ_WORKFLOW_NOTE_MAX) ||
	    !mq_workflow_fits(in->internal_note, MQ_WORKFLOW_NOTE_MAX)) {
		err = invalid(tx, "说明文字不能超过2000字。");
		goto out;
	}
	if ((err = triage_one(tx, tx->id, op, stage, topic)) != MQ_OK)
		goto out;
	/* Further opinions joining the same new or chosen topic. */
	for (size_t i = 0; topic && i < in->n_also; i++) {
		if (strcmp(in->also[i], tx->id) == 0)
			continue;
		json_decref(others);
		err = mq_workflow_load_opinion(tx->db, tx->who, in->also[i], &others, &stage);
		if (err == MQ_ERR_NOT_FOUND)
			err = invalid(tx, "勾选的意见中有不属于本街道的。");
		if (err != MQ_OK ||
		    (err = triage_one(tx, in->also[i], others, stage, topic)) != MQ_OK)
			goto out;
	}
	if (topic)
		snprintf(tx->topic, sizeof tx->topic, "%s", mq_workflow_js(topic, "id"));
out:
	json_decref(op);
	json_decref(topic);
	json_decref(others);
	return err;
}

enum mq_err mq_workflow_triage(struct mq_db *db, const struct mq_db_staff *who, const char *id,
			       const struct mq_triage_in *in, int64_t now, char *msg, size_t size,
			       char topic_out[MQ_UUID_LEN + 1])
{
	struct triage_tx tx = { .db = db, .who = who, .id = id, .in = in, .now = now, .msg = msg,
				.size = size };
	enum mq_err err;

	topic_out[0] = '\0';
	if (!mq_account_can_edit(who))
		return MQ_ERR_AUTH;
	if (!in->action) {
		snprintf(msg, size, "未选择研判操作。");
		return MQ_ERR_INVALID;
	}
	err = db->run_tx(db->cls, "triage", triage_cb, &tx);
	if (err == MQ_OK) {
		snprintf(topic_out, MQ_UUID_LEN + 1, "%s", tx.topic);
		mq_log_info("console", "%s triaged %s: %s", who->username, id, in->action);
	}
	return err;
}
