/* console_flow.c — the five steps as staff move issues through them
 * (mq_console.h): triage (分析研判) of opinions and the topic (议题) through
 * research (调研走访), consultation (协商办理) and feedback (督查反馈).
 *
 * Every decision runs in one transaction that writes the change, a stage
 * event with the public note (what the resident reads) and the internal
 * note (staff only), and an audit entry with the state before and after.
 * A topic's stage change is copied into the history of every linked
 * opinion: their tracking pages, and the kiosks' stage feed, follow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"

#define TITLE_MAX 100      /* characters */
#define NOTE_MAX 2000      /* characters */
#define LINKED_MAX 1000    /* opinions one topic fans out to */

const struct mq_consult_form mq_consult_forms[] = {
	{ "meeting", "例会式" },
	{ "inspection", "视察式" },
	{ "deliberation", "论证式" },
	{ "evaluation", "评议式" },
	{ "mediation", "调解式" },
	{ NULL, NULL },
};

const char *mq_consult_form_name(const char *key)
{
	for (const struct mq_consult_form *f = mq_consult_forms; key && f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f->name;
	return NULL;
}

/* Topic stages in order; "closed" follows 督查反馈. */
static const char *const topic_stages[] = { "research", "consult", "feedback", "closed" };

static int topic_stage_index(const char *key)
{
	for (int i = 0; key && i < 4; i++)
		if (strcmp(topic_stages[i], key) == 0)
			return i;
	return -1;
}

const char *mq_topic_stage_name(const char *key)
{
	static const char *const names[] = { "调研走访", "协商办理", "督查反馈", "已办结" };
	int i = topic_stage_index(key);

	return i < 0 ? "" : names[i];
}

const char *mq_disposition_name(const char *key)
{
	static const char *const map[][2] = {
		{ "topic", "形成议题" }, { "answered", "直接答复" }, { "referred", "转交部门" },
		{ "duplicate", "合并重复" }, { "rejected", "不予受理" },
	};

	for (size_t i = 0; key && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return "";
}

/* True if @p s is NULL or has at most @p max characters of valid UTF-8. */
static bool fits(const char *s, long max)
{
	long n;

	if (!s)
		return true;
	n = mq_utf8_length(s);
	return n >= 0 && n <= max;
}

/* True for NULL or a YYYY-MM-DD date. */
static bool date_ok(const char *s)
{
	if (!s)
		return true;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

enum mq_err mq_console_audit(struct mq_db *db, const struct mq_db_session *s, int64_t now,
			     const char *studio, const char *action, const char *subject,
			     json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct mq_db_audit entry = {
		.at = now, .actor = s->staff.username, .studio = studio, .action = action,
		.subject = subject, .before = b, .after = a,
	};
	enum mq_err err = MQ_ERR_NOMEM;

	if ((!before || b) && (!after || a))
		err = db->audit_insert(db->cls, &entry);
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return err;
}

/* ---- reading rows into owned JSON --------------------------------------- */

static json_t *opinion_json(const struct mq_db_console_opinion *o)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I}",
			 "id", o->op.id, "studio", o->op.studio, "stage", o->op.stage,
			 "disposition", o->disposition, "topic", o->topic, "department",
			 o->department, "duplicate_of", o->duplicate_of, "assigned_member",
			 o->assigned_member, "topic_stage", o->topic_stage, "closed_at",
			 (json_int_t)o->closed_at);
}

static bool got_opinion(void *cls, const struct mq_db_console_opinion *o)
{
	json_t **out = cls;

	*out = opinion_json(o);
	return false;
}

/* The opinion @p id if the account may see it, as owned JSON; NOT_FOUND otherwise. */
static enum mq_err load_opinion(struct mq_db *db, const struct mq_db_session *s, const char *id,
				json_t **out)
{
	struct mq_db_opinion_filter f = { .id = id, .limit = 1 };
	enum mq_err err;

	*out = NULL;
	mq_console_scope_opinions(s, &f);
	err = db->opinions_iterate(db->cls, &f, got_opinion, out);
	if (err == MQ_OK && !*out)
		err = MQ_ERR_NOT_FOUND;
	return err;
}

json_t *mq_console_topic_json(const struct mq_db_topic *t)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:s, s:s?, s:s?,"
			 " s:s, s:s, s:s, s:I, s:s?, s:s, s:I, s:I, s:I, s:f}",
			 "id", t->id, "no", (json_int_t)t->no, "studio", t->studio,
			 "studio_name", t->studio_name ? t->studio_name : "", "title",
			 t->title, "stage", t->stage, "created_at", (json_int_t)t->created_at,
			 "created_by", t->created_by, "visits_planned",
			 (json_int_t)t->visits_planned, "visits_done", (json_int_t)t->visits_done,
			 "research_note", t->research_note, "consult_form", t->consult_form,
			 "consult_date", t->consult_date, "participants", t->participants,
			 "outcome", t->outcome, "result", t->result, "published_at",
			 (json_int_t)t->published_at, "followup_due", t->followup_due,
			 "supervision", t->supervision, "closed_at", (json_int_t)t->closed_at,
			 "n_opinions", (json_int_t)t->n_opinions, "n_ratings",
			 (json_int_t)t->n_ratings, "avg_stars", t->avg_stars);
}

static bool got_topic(void *cls, const struct mq_db_topic *t)
{
	json_t **out = cls;

	*out = mq_console_topic_json(t);
	return false;
}

/* The topic @p id if the account may see it, as owned JSON; NOT_FOUND otherwise. */
static enum mq_err load_topic(struct mq_db *db, const struct mq_db_session *s, const char *id,
			      json_t **out)
{
	struct mq_db_topic_filter f = { .id = id, .limit = 1 };
	enum mq_err err;

	*out = NULL;
	mq_console_scope_topics(s, &f);
	err = db->topics_iterate(db->cls, &f, got_topic, out);
	if (err == MQ_OK && !*out)
		err = MQ_ERR_NOT_FOUND;
	return err;
}

static const char *js(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int64_t ji(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* Sets string member @p k (NULL removes it). */
static bool jset(json_t *o, const char *k, const char *v)
{
	if (!v)
		return json_object_del(o, k) == 0 || !json_object_get(o, k);
	return json_object_set_new(o, k, json_string(v)) == 0;
}

static bool jseti(json_t *o, const char *k, int64_t v)
{
	return json_object_set_new(o, k, json_integer((json_int_t)v)) == 0;
}

/* ---- stage events ------------------------------------------------------- */

static enum mq_err event(struct mq_db *db, const struct mq_db_session *s, const char *kind,
			 const char *subject, const char *stage, int64_t now, const char *pub,
			 const char *internal)
{
	struct mq_db_stage_event ev = {
		.subject_kind = kind, .subject = subject, .stage = stage, .at = now,
		.actor_role = s->staff.role, .public_note = pub, .internal_note = internal,
	};

	return db->stage_event_insert(db->cls, &ev);
}

/* The opinion stage a topic stage shows as ("closed" stays 督查反馈). */
static const char *opinion_stage_of(const char *topic_stage)
{
	return strcmp(topic_stage, "closed") == 0 ? "feedback" : topic_stage;
}

static bool collect_id(void *cls, const struct mq_db_console_opinion *o)
{
	return json_array_append_new(cls, json_string(o->op.id)) == 0;
}

/* Writes @p stage with the notes into the history of every opinion linked to @p topic. */
static enum mq_err fan_out(struct mq_db *db, const struct mq_db_session *s, const char *topic,
			   const char *stage, int64_t now, const char *pub, const char *internal)
{
	struct mq_db_opinion_filter f = { .topic = topic, .limit = LINKED_MAX };
	json_t *ids = json_array(), *v;
	enum mq_err err;
	size_t i;

	if (!ids)
		return MQ_ERR_NOMEM;
	err = db->opinions_iterate(db->cls, &f, collect_id, ids);
	json_array_foreach(ids, i, v) {
		if (err != MQ_OK)
			break;
		err = event(db, s, "opinion", json_string_value(v), opinion_stage_of(stage), now,
			    pub, internal);
	}
	json_decref(ids);
	return err;
}

/* ---- triage ------------------------------------------------------------- */

struct triage_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *id;
	const struct mq_triage_in *in;
	int64_t now;
	char *msg;
	size_t size;
	char topic[MQ_UUID_LEN + 1];
};

static enum mq_err invalid(struct triage_tx *tx, const char *why)
{
	snprintf(tx->msg, tx->size, "%s", why);
	return MQ_ERR_INVALID;
}

/* Triage one opinion (already loaded as @p before) with the decision in @p tx. */
static enum mq_err triage_one(struct triage_tx *tx, const char *id, json_t *before,
			      const json_t *topic)
{
	struct mq_db *db = tx->db;
	const struct mq_triage_in *in = tx->in;
	const char *action = in->action, *pub = in->public_note, *studio = js(before, "studio");
	char dflt[256], audit_action[48];
	struct mq_db_triage t = { .id = id, .assigned_member = in->assigned };
	json_t *after;
	enum mq_err err;

	if (strcmp(js(before, "stage"), "collected") != 0 || js(before, "disposition"))
		return invalid(tx, "这条意见已经研判过了。");
	if (topic && strcmp(js(topic, "studio"), studio) != 0)
		return invalid(tx, "只能并入本街道的议题。");
	if (strcmp(action, "topic_new") == 0 || strcmp(action, "topic_link") == 0) {
		t.disposition = "topic";
		t.topic = js(topic, "id");
	} else if (strcmp(action, "answer") == 0) {
		t.disposition = "answered";
		t.closed_at = tx->now;
	} else if (strcmp(action, "refer") == 0) {
		t.disposition = "referred";
		t.department = in->department;
		t.closed_at = tx->now;
		if (!pub) {
			snprintf(dflt, sizeof dflt, "已转交%s办理。", in->department);
			pub = dflt;
		}
	} else if (strcmp(action, "duplicate") == 0) {
		t.disposition = "duplicate";
		t.duplicate_of = in->duplicate_of;
		t.topic = topic ? js(topic, "id") : NULL;
		if (!topic)
			t.closed_at = tx->now;
		if (!pub)
			pub = "与内容相同的意见合并办理，办理进展会在本页同步显示。";
	} else {
		t.disposition = "rejected";
		t.closed_at = tx->now;
	}
	if (in->assigned) {
		struct mq_db_member m;
		err = db->member_get(db->cls, studio, in->assigned, &m);
		if (err == MQ_ERR_NOT_FOUND)
			return invalid(tx, "指定的委员不属于本街道委员小组。");
		if (err != MQ_OK)
			return err;
	}
	if ((err = db->opinion_triage(db->cls, &t)) != MQ_OK)
		return err;
	/* 分析研判 is done; an answer is also the published result (督查反馈). */
	if (strcmp(action, "answer") == 0) {
		err = event(db, tx->s, "opinion", id, "triaged", tx->now, NULL, in->internal_note);
		if (err == MQ_OK)
			err = event(db, tx->s, "opinion", id, "feedback", tx->now, pub, NULL);
	} else {
		err = event(db, tx->s, "opinion", id, "triaged", tx->now, pub, in->internal_note);
	}
	/* Joining a topic catches up with where it is. */
	if (err == MQ_OK && t.topic)
		err = event(db, tx->s, "opinion", id, opinion_stage_of(js(topic, "stage")),
			    tx->now, NULL, NULL);
	if (err != MQ_OK)
		return err;
	after = json_deep_copy(before);
	if (!after || !jset(after, "disposition", t.disposition) || !jset(after, "topic", t.topic) ||
	    !jset(after, "department", t.department) ||
	    !jset(after, "duplicate_of", t.duplicate_of) ||
	    !jset(after, "assigned_member", t.assigned_member) ||
	    !jset(after, "public_note", pub) || !jset(after, "internal_note", in->internal_note)) {
		json_decref(after);
		return MQ_ERR_NOMEM;
	}
	snprintf(audit_action, sizeof audit_action, "triage.%s", action);
	return mq_console_audit(db, tx->s, tx->now, studio, audit_action, id,
				json_incref(before), after);
}

static enum mq_err triage_cb(void *cls)
{
	struct triage_tx *tx = cls;
	struct mq_db *db = tx->db;
	const struct mq_triage_in *in = tx->in;
	const char *action = in->action;
	json_t *op = NULL, *topic = NULL, *dup = NULL, *others = NULL;
	enum mq_err err;

	tx->topic[0] = '\0';
	if ((err = load_opinion(db, tx->s, tx->id, &op)) != MQ_OK)
		return err;
	if (strcmp(action, "topic_new") == 0) {
		char id[MQ_UUID_LEN + 1];
		struct mq_db_topic t = {
			.id = id, .studio = js(op, "studio"), .title = in->title,
			.created_at = tx->now, .created_by = tx->s->staff.username,
		};
		int64_t no = 0;

		if (!in->title || !fits(in->title, TITLE_MAX)) {
			err = invalid(tx, "请填写议题名称（不超过100字）。");
			goto out;
		}
		mq_id_uuid4(id);
		if ((err = db->topic_insert(db->cls, &t, &no)) != MQ_OK ||
		    (err = event(db, tx->s, "topic", id, "research", tx->now, NULL,
				 in->internal_note)) != MQ_OK)
			goto out;
		topic = json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", id, "studio", t.studio,
				  "stage", "research", "title", in->title, "no", (json_int_t)no);
		if (!topic) {
			err = MQ_ERR_NOMEM;
			goto out;
		}
		if ((err = mq_console_audit(db, tx->s, tx->now, t.studio, "topic.create", id, NULL,
					    json_incref(topic))) != MQ_OK)
			goto out;
	} else if (strcmp(action, "topic_link") == 0) {
		if (!in->topic || (err = load_topic(db, tx->s, in->topic, &topic)) == MQ_ERR_NOT_FOUND) {
			err = invalid(tx, "请选择一个本街道的议题。");
			goto out;
		}
		if (err != MQ_OK)
			goto out;
		if (strcmp(js(topic, "stage"), "closed") == 0) {
			err = invalid(tx, "这个议题已经办结，不能再并入意见。");
			goto out;
		}
	} else if (strcmp(action, "answer") == 0 || strcmp(action, "reject") == 0) {
		if (!in->public_note) {
			err = invalid(tx, strcmp(action, "answer") == 0
						  ? "请在“给居民的说明”中填写答复内容。"
						  : "请在“给居民的说明”中写明不予受理的理由。");
			goto out;
		}
	} else if (strcmp(action, "refer") == 0) {
		if (!in->department || !fits(in->department, TITLE_MAX)) {
			err = invalid(tx, "请填写承办部门的名称。");
			goto out;
		}
	} else if (strcmp(action, "duplicate") == 0) {
		if (!in->duplicate_of || strcmp(in->duplicate_of, tx->id) == 0 ||
		    (err = load_opinion(db, tx->s, in->duplicate_of, &dup)) == MQ_ERR_NOT_FOUND) {
			err = invalid(tx, "请选择与之重复的另一条意见。");
			goto out;
		}
		if (err != MQ_OK)
			goto out;
		if (js(dup, "topic") && (err = load_topic(db, tx->s, js(dup, "topic"), &topic)) != MQ_OK)
			goto out;
	} else {
		err = invalid(tx, "未知的研判操作。");
		goto out;
	}
	if (!fits(in->public_note, NOTE_MAX) || !fits(in->internal_note, NOTE_MAX)) {
		err = invalid(tx, "说明文字不能超过2000字。");
		goto out;
	}
	if ((err = triage_one(tx, tx->id, op, topic)) != MQ_OK)
		goto out;
	/* Further opinions joining the same new or chosen topic. */
	for (size_t i = 0; topic && i < in->n_also; i++) {
		if (strcmp(in->also[i], tx->id) == 0)
			continue;
		json_decref(others);
		if ((err = load_opinion(db, tx->s, in->also[i], &others)) == MQ_ERR_NOT_FOUND)
			err = invalid(tx, "勾选的意见中有不属于本街道的。");
		if (err != MQ_OK || (err = triage_one(tx, in->also[i], others, topic)) != MQ_OK)
			goto out;
	}
	if (topic)
		snprintf(tx->topic, sizeof tx->topic, "%s", js(topic, "id"));
out:
	json_decref(op);
	json_decref(topic);
	json_decref(dup);
	json_decref(others);
	return err;
}

enum mq_err mq_console_triage(struct mq_db *db, const struct mq_db_session *s, const char *id,
			      const struct mq_triage_in *in, int64_t now, char *msg, size_t size,
			      char topic_out[MQ_UUID_LEN + 1])
{
	struct triage_tx tx = { .db = db, .s = s, .id = id, .in = in, .now = now, .msg = msg,
				.size = size };
	enum mq_err err;

	topic_out[0] = '\0';
	if (!mq_console_can_edit(s))
		return MQ_ERR_AUTH;
	if (!in->action) {
		snprintf(msg, size, "未选择研判操作。");
		return MQ_ERR_INVALID;
	}
	err = db->run_tx(db->cls, "triage", triage_cb, &tx);
	if (err == MQ_OK) {
		snprintf(topic_out, MQ_UUID_LEN + 1, "%s", tx.topic);
		mq_log_info("console", "%s triaged %s: %s", s->staff.username, id, in->action);
	}
	return err;
}

/* ---- topics ------------------------------------------------------------- */

struct topic_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *id;
	struct mq_form *form;
	int64_t now;
	char *msg;
	size_t size;
};

/* Reads integer field @p name (0..10000) into *@p out; false when malformed. */
static bool form_count(struct mq_form *f, const char *name, int64_t *out)
{
	const char *v = mq_form_text(f, name);
	char *end;
	long n;

	if (!v)
		return true;
	n = strtol(v, &end, 10);
	if (*end || n < 0 || n > 10000)
		return false;
	*out = n;
	return true;
}

static enum mq_err topic_invalid(struct topic_tx *tx, const char *why)
{
	snprintf(tx->msg, tx->size, "%s", why);
	return MQ_ERR_INVALID;
}

static enum mq_err topic_cb(void *cls)
{
	struct topic_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_form *f = tx->form;
	const char *action = mq_form_get(f, "action");
	const char *pub = mq_form_text(f, "public_note");
	const char *internal = mq_form_text(f, "internal_note");
	json_t *before = NULL, *after = NULL;
	const char *stage, *target = NULL;
	char audit_action[48];
	int64_t planned, done;
	enum mq_err err;
	int from, to;

	if ((err = load_topic(db, tx->s, tx->id, &before)) != MQ_OK)
		return err;
	if (!(after = json_deep_copy(before))) {
		err = MQ_ERR_NOMEM;
		goto out;
	}
	stage = js(before, "stage");
	from = topic_stage_index(stage);
	if (!action)
		action = "";
	if (strcmp(action, "research") == 0) {
		const char *keys[64];
		size_t n = mq_form_all(f, "members", keys, 64);

		planned = ji(before, "visits_planned");
		done = ji(before, "visits_done");
		if (!form_count(f, "visits_planned", &planned) || !form_count(f, "visits_done", &done)) {
			err = topic_invalid(tx, "走访次数请填写0到10000之间的整数。");
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			struct mq_db_member m;
			err = db->member_get(db->cls, js(before, "studio"), keys[i], &m);
			if (err == MQ_ERR_NOT_FOUND)
				err = topic_invalid(tx, "参与委员须属于本街道委员小组。");
			if (err != MQ_OK)
				goto out;
		}
		if ((err = db->topic_members_set(db->cls, tx->id, keys, n)) != MQ_OK)
			goto out;
		jseti(after, "visits_planned", planned);
		jseti(after, "visits_done", done);
		jset(after, "research_note", mq_form_text(f, "research_note") ? mq_form_text(f, "research_note") : "");
		target = "research";
	} else if (strcmp(action, "consult") == 0) {
		const char *form = mq_form_text(f, "consult_form");
		const char *date = mq_form_text(f, "consult_date");

		if (!mq_consult_form_name(form)) {
			err = topic_invalid(tx, "请选择协商形式（例会式、视察式、论证式、评议式或调解式）。");
			goto out;
		}
		if (!date_ok(date)) {
			err = topic_invalid(tx, "协商日期格式应为 年-月-日。");
			goto out;
		}
		jset(after, "consult_form", form);
		jset(after, "consult_date", date);
		jset(after, "participants", mq_form_text(f, "participants") ? mq_form_text(f, "participants") : "");
		jset(after, "outcome", mq_form_text(f, "outcome") ? mq_form_text(f, "outcome") : "");
		target = "consult";
	} else if (strcmp(action, "feedback") == 0) {
		const char *result = mq_form_text(f, "result");
		const char *due = mq_form_text(f, "followup_due");

		if (!result || !fits(result, NOTE_MAX)) {
			err = topic_invalid(tx, "请填写向居民公布的办理结果（不超过2000字）。");
			goto out;
		}
		if (!date_ok(due)) {
			err = topic_invalid(tx, "跟踪督办期限格式应为 年-月-日。");
			goto out;
		}
		jset(after, "result", result);
		jset(after, "followup_due", due);
		jset(after, "supervision", mq_form_text(f, "supervision") ? mq_form_text(f, "supervision") : "");
		if (!ji(before, "published_at"))
			jseti(after, "published_at", tx->now);
		/* the result is what residents read under 督查反馈 */
		if (!pub)
			pub = result;
		target = "feedback";
	} else if (strcmp(action, "close") == 0) {
		if (!ji(before, "published_at")) {
			err = topic_invalid(tx, "请先公布办理结果（督查反馈），再办结议题。");
			goto out;
		}
		if (mq_form_text(f, "supervision"))
			jset(after, "supervision", mq_form_text(f, "supervision"));
		jseti(after, "closed_at", tx->now);
		target = "closed";
	} else if (strcmp(action, "title") == 0) {
		const char *title = mq_form_text(f, "title");
		if (!title || !fits(title, TITLE_MAX)) {
			err = topic_invalid(tx, "请填写议题名称（不超过100字）。");
			goto out;
		}
		jset(after, "title", title);
		target = stage;
	} else {
		err = topic_invalid(tx, "未知的议题操作。");
		goto out;
	}
	to = topic_stage_index(target);
	if (from == 3 && strcmp(action, "title") != 0) {
		err = topic_invalid(tx, "议题已办结，不能再修改。");
		goto out;
	}
	if (to < from)
		to = from;   /* editing an earlier step's record keeps the stage */
	if (!fits(pub, NOTE_MAX) || !fits(internal, NOTE_MAX) ||
	    !fits(js(after, "research_note"), NOTE_MAX) || !fits(js(after, "participants"), NOTE_MAX) ||
	    !fits(js(after, "outcome"), NOTE_MAX) || !fits(js(after, "supervision"), NOTE_MAX)) {
		err = topic_invalid(tx, "文字不能超过2000字。");
		goto out;
	}
	jset(after, "stage", topic_stages[to]);
	{
		struct mq_db_topic t = {
			.id = tx->id, .title = js(after, "title"), .stage = js(after, "stage"),
			.visits_planned = ji(after, "visits_planned"),
			.visits_done = ji(after, "visits_done"),
			.research_note = js(after, "research_note"),
			.consult_form = js(after, "consult_form"),
			.consult_date = js(after, "consult_date"),
			.participants = js(after, "participants"), .outcome = js(after, "outcome"),
			.result = js(after, "result"), .published_at = ji(after, "published_at"),
			.followup_due = js(after, "followup_due"),
			.supervision = js(after, "supervision"), .closed_at = ji(after, "closed_at"),
		};
		if ((err = db->topic_update(db->cls, &t)) != MQ_OK)
			goto out;
	}
	/* A stage event when the stage moves or there is something to tell. */
	if (to != from || pub || internal) {
		const char *ev_stage = opinion_stage_of(topic_stages[to]);
		if ((err = event(db, tx->s, "topic", tx->id, ev_stage, tx->now, pub, internal)) != MQ_OK ||
		    (err = fan_out(db, tx->s, tx->id, topic_stages[to], tx->now, pub, NULL)) != MQ_OK)
			goto out;
	}
	jset(after, "public_note", pub);
	jset(after, "internal_note", internal);
	snprintf(audit_action, sizeof audit_action, "topic.%s", action);
	err = mq_console_audit(db, tx->s, tx->now, js(before, "studio"), audit_action, tx->id,
			       json_incref(before), json_incref(after));
out:
	json_decref(before);
	json_decref(after);
	return err;
}

enum mq_err mq_console_topic_update(struct mq_db *db, const struct mq_db_session *s,
				    const char *id, struct mq_form *form, int64_t now, char *msg,
				    size_t size)
{
	struct topic_tx tx = { .db = db, .s = s, .id = id, .form = form, .now = now, .msg = msg,
			       .size = size };
	enum mq_err err;

	if (!mq_console_can_edit(s))
		return MQ_ERR_AUTH;
	err = db->run_tx(db->cls, "topic", topic_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s updated topic %s: %s", s->staff.username, id,
			    mq_form_get(form, "action"));
	return err;
}
