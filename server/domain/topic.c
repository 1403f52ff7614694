/* topic.c — a topic (议题) through its steps (mq_workflow.h): research
 * (调研走访), consultation (协商办理, one of the five forms), feedback
 * (督查反馈: the result published to the residents) and closing, and its
 * title; each save in one transaction with the stage event its opinions'
 * histories follow and the audit entry. */
#include "mq_workflow.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

struct topic_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *id;
	const struct mq_topic_update_in *in;
	int64_t now;
	char *msg;
	size_t size;
	const char *pub;             /* the note for the residents, as the step sets it */
};

static enum mq_err invalid(struct topic_tx *tx, const char *why)
{
	snprintf(tx->msg, tx->size, "%s", why);
	return MQ_ERR_INVALID;
}

/* @p s, or "" for an empty field. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* 调研走访: visits, the members involved, the research record. */
static enum mq_err research(struct topic_tx *tx, const json_t *before, json_t *after)
{
	const struct mq_topic_update_in *in = tx->in;
	struct mq_db *db = tx->db;
	struct mq_db_member m;
	enum mq_err err;

	if (in->visits_planned.state == MQ_COUNT_BAD || in->visits_done.state == MQ_COUNT_BAD)
		return invalid(tx, "走访次数请填写0到10000之间的整数。");
	for (size_t i = 0; i < in->n_members; i++) {
		err = db->member_get(db->cls, mq_workflow_js(before, "studio"), in->members[i], &m);
		if (err != MQ_OK)
			return err == MQ_ERR_NOT_FOUND ? invalid(tx, "参与委员须属于本街道委员小组。")
						       : err;
	}
	if ((err = db->topic_members_set(db->cls, tx->id, in->members, in->n_members)) != MQ_OK)
		return err;
	if (in->visits_planned.state == MQ_COUNT_SET)
		mq_workflow_jseti(after, "visits_planned", in->visits_planned.value);
	if (in->visits_done.state == MQ_COUNT_SET)
		mq_workflow_jseti(after, "visits_done", in->visits_done.value);
	mq_workflow_jset(after, "research_note", or_empty(in->research_note));
	return MQ_OK;
}

/* 协商办理: the form of consultation, its date, who took part, the outcome. */
static enum mq_err consult(struct topic_tx *tx, json_t *after)
{
	const struct mq_topic_update_in *in = tx->in;

	if (!mq_workflow_consult_form_name(in->consult_form))
		return invalid(tx, "请选择协商形式（例会式、视察式、论证式、评议式或调解式）。");
	if (!mq_workflow_date_ok(in->consult_date))
		return invalid(tx, "协商日期格式应为 年-月-日。");
	mq_workflow_jset(after, "consult_form", in->consult_form);
	mq_workflow_jset(after, "consult_date", in->consult_date);
	mq_workflow_jset(after, "participants", or_empty(in->participants));
	mq_workflow_jset(after, "outcome", or_empty(in->outcome));
	return MQ_OK;
}

/* 督查反馈: the published result, the follow-up date, the supervision record. */
static enum mq_err feedback(struct topic_tx *tx, const json_t *before, json_t *after)
{
	const struct mq_topic_update_in *in = tx->in;

	if (!in->result || !mq_workflow_fits(in->result, MQ_WORKFLOW_NOTE_MAX))
		return invalid(tx, "请填写向居民公布的办理结果（不超过2000字）。");
	if (!mq_workflow_date_ok(in->followup_due))
		return invalid(tx, "跟踪督办期限格式应为 年-月-日。");
	mq_workflow_jset(after, "result", in->result);
	mq_workflow_jset(after, "followup_due", in->followup_due);
	mq_workflow_jset(after, "supervision", or_empty(in->supervision));
	if (!mq_workflow_ji(before, "published_at"))
		mq_workflow_jseti(after, "published_at", tx->now);
	/* the result is what residents read under 督查反馈 */
	if (!tx->pub)
		tx->pub = in->result;
	return MQ_OK;
}

/* Applies the step of tx->in->action to @p after (the topic at stage
 * @p from); the stage it leads to into *@p target. */
static enum mq_err step(struct topic_tx *tx, const json_t *before, json_t *after,
			enum mq_stage from, enum mq_stage *target)
{
	const struct mq_topic_update_in *in = tx->in;
	const char *action = in->action ? in->action : "";

	*target = from;
	if (strcmp(action, "research") == 0) {
		*target = MQ_STAGE_RESEARCH;
		return research(tx, before, after);
	}
	if (strcmp(action, "consult") == 0) {
		*target = MQ_STAGE_CONSULT;
		return consult(tx, after);
	}
	if (strcmp(action, "feedback") == 0) {
		*target = MQ_STAGE_FEEDBACK;
		return feedback(tx, before, after);
	}
	if (strcmp(action, "close") == 0) {
		if (!mq_workflow_ji(before, "published_at"))
			return invalid(tx, "请先公布办理结果（督查反馈），再办结议题。");
		if (in->supervision)
			mq_workflow_jset(after, "supervision", in->supervision);
		mq_workflow_jseti(after, "closed_at", tx->now);
		*target = MQ_STAGE_CLOSED;
		return MQ_OK;
	}
	if (strcmp(action, "title") == 0) {
		if (!in->title || !mq_workflow_fits(in->title, MQ_WORKFLOW_TITLE_MAX))
			return invalid(tx, "请填写议题名称（不超过100字）。");
		mq_workflow_jset(after, "title", in->title);
		return MQ_OK;
	}
	return invalid(tx, "未知的议题操作。");
}

/* True if every text of @p after and the notes fit. */
static bool texts_fit(const struct topic_tx *tx, const json_t *after)
{
	static const char *const fields[] = { "research_note", "participants", "outcome",
					      "supervision" };

	if (!mq_workflow_fits(tx->pub, MQ_WORKFLOW_NOTE_MAX) ||
	    !mq_workflow_fits(tx->in->internal_note, MQ_WORKFLOW_NOTE_MAX))
		return false;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!mq_workflow_fits(mq_workflow_js(after, fields[i]), MQ_WORKFLOW_NOTE_MAX))
			return false;
	return true;
}

/* Stores topic @p after (every editable field) at stage @p stage. */
static enum mq_err store(struct topic_tx *tx, const json_t *after, enum mq_stage stage)
{
	struct mq_db_topic t = {
		.id = tx->id, .title = mq_workflow_js(after, "title"), .stage = stage,
		.visits_planned = mq_workflow_ji(after, "visits_planned"),
		.visits_done = mq_workflow_ji(after, "visits_done"),
		.research_note = mq_workflow_js(after, "research_note"),
		.consult_form = mq_workflow_js(after, "consult_form"),
		.consult_date = mq_workflow_js(after, "consult_date"),
		.participants = mq_workflow_js(after, "participants"),
		.outcome = mq_workflow_js(after, "outcome"),
		.result = mq_workflow_js(after, "result"),
		.published_at = mq_workflow_ji(after, "published_at"),
		.followup_due = mq_workflow_js(after, "followup_due"),
		.supervision = mq_workflow_js(after, "supervision"),
		.closed_at = mq_workflow_ji(after, "closed_at"),
	};

	return tx->db->topic_update(tx->db->cls, &t);
}

/* Stores the step, its stage event (fanned out to the opinions) and the audit entry. */
static enum mq_err save(struct topic_tx *tx, const json_t *before, json_t *after,
			enum mq_stage from, enum mq_stage to)
{
	const char *internal = tx->in->internal_note;
	char audit_action[48];
	enum mq_err err;

	mq_workflow_jset(after, "stage", mq_stage_key(to));
	if ((err = store(tx, after, to)) != MQ_OK)
		return err;
	/* A stage event when the stage moves or there is something to tell. */
	if (to != from || tx->pub || internal) {
		if ((err = mq_workflow_event(tx->db, tx->who, "topic", tx->id,
					     mq_stage_of_opinion(to), tx->now, tx->pub,
					     internal)) != MQ_OK ||
		    (err = mq_workflow_fan_out(tx->db, tx->who, tx->id, to, tx->now, tx->pub,
					       NULL)) != MQ_OK)
			return err;
	}
	mq_workflow_jset(after, "public_note", tx->pub);
	mq_workflow_jset(after, "internal_note", internal);
	snprintf(audit_action, sizeof audit_action, "topic.%s", tx->in->action);
	return mq_audit(tx->db, tx->who, tx->now, mq_workflow_js(before, "studio"), audit_action,
			tx->id, json_incref((json_t *)before), json_incref(after));
}

static enum mq_err topic_cb(void *cls)
{
	struct topic_tx *tx = cls;
	json_t *before = NULL, *after = NULL;
	enum mq_stage from, to;
	enum mq_err err;

	tx->pub = tx->in->public_note;
	if ((err = mq_workflow_load_topic(tx->db, tx->who, tx->id, &before, &from)) != MQ_OK)
		return err;
	if (!(after = json_deep_copy(before))) {
		err = MQ_ERR_NOMEM;
		goto out;
	}
	if ((err = step(tx, before, after, from, &to)) != MQ_OK)
		goto out;
	if (from == MQ_STAGE_CLOSED && strcmp(tx->in->action, "title") != 0) {
		err = invalid(tx, "议题已办结，不能再修改。");
		goto out;
	}
	if (to < from)
		to = from;   /* editing an earlier step's record keeps the stage */
	if (!texts_fit(tx, after)) {
		err = invalid(tx, "文字不能超过2000字。");
		goto out;
	}
	err = save(tx, before, after, from, to);
out:
	json_decref(before);
	json_decref(after);
	return err;
}

enum mq_err mq_workflow_topic_update(struct mq_db *db, const struct mq_db_staff *who,
				     const char *id, const struct mq_topic_update_in *in,
				     int64_t now, char *msg, size_t size)
{
	struct topic_tx tx = { .db = db, .who = who, .id = id, .in = in, .now = now, .msg = msg,
			       .size = size };
	enum mq_err err;

	if (!mq_account_can_edit(who))
		return MQ_ERR_AUTH;
	err = db->run_tx(db->cls, "topic", topic_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s updated topic %s: %s", who->username, id, in->action);
	return err;
}
