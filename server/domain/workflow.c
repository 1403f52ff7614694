/* workflow.c — the names of the five steps' parts (mq_workflow.h) and what
 * triage.c and topic.c share (workflow.h): stages, limits, rows copied into
 * JSON, stage events and their fan-out to a topic's opinions. */
#include "mq_workflow.h"
#include "workflow.h"

#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"

#define LINKED_MAX 1000    /* opinions one topic fans out to */

const struct mq_consult_form mq_workflow_consult_forms[] = {
	{ "meeting", "例会式" },
	{ "inspection", "视察式" },
	{ "deliberation", "论证式" },
	{ "evaluation", "评议式" },
	{ "mediation", "调解式" },
	{ NULL, NULL },
};

const char *mq_workflow_consult_form_name(const char *key)
{
	for (const struct mq_consult_form *f = mq_workflow_consult_forms; key && f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f->name;
	return NULL;
}

const char *mq_workflow_disposition_name(const char *key)
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

bool mq_workflow_fits(const char *s, long max)
{
	long n;

	if (!s)
		return true;
	n = mq_utf8_length(s);
	return n >= 0 && n <= max;
}

bool mq_workflow_date_ok(const char *s)
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

/* ---- rows copied into JSON ----------------------------------------------- */

static json_t *opinion_json(const struct mq_db_console_opinion *o)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I}",
			 "id", o->op.id, "studio", o->op.studio, "stage",
			 mq_stage_key(o->op.stage), "disposition", o->disposition, "topic",
			 o->topic, "department", o->department, "duplicate_of", o->duplicate_of,
			 "assigned_member", o->assigned_member, "topic_stage",
			 o->topic ? mq_stage_key(o->topic_stage) : NULL, "closed_at",
			 (json_int_t)o->closed_at);
}

/* A row copied out of a storage callback: its JSON and its stage. */
struct loaded {
	json_t *json;
	enum mq_stage stage;
};

static bool got_opinion(void *cls, const struct mq_db_console_opinion *o)
{
	struct loaded *l = cls;

	l->json = opinion_json(o);
	l->stage = o->op.stage;
	return false;
}

enum mq_err mq_workflow_load_opinion(struct mq_db *db, const struct mq_db_staff *who,
				     const char *id, json_t **out, enum mq_stage *stage)
{
	struct mq_db_opinion_filter f = { .id = id, .limit = 1 };
	struct loaded l = { 0 };
	enum mq_err err;

	mq_account_scope_opinions(who, &f);
	err = db->opinions_iterate(db->cls, &f, got_opinion, &l);
	if (err == MQ_OK && !l.json)
		err = MQ_ERR_NOT_FOUND;
	*out = l.json;
	if (stage)
		*stage = l.stage;
	return err;
}

json_t *mq_workflow_topic_json(const struct mq_db_topic *t)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:s, s:s?, s:s?,"
			 " s:s, s:s, s:s, s:I, s:s?, s:s, s:I, s:I, s:I, s:f}",
			 "id", t->id, "no", (json_int_t)t->no, "studio", t->studio,
			 "studio_name", t->studio_name ? t->studio_name : "", "title",
			 t->title, "stage", mq_stage_key(t->stage), "created_at", (json_int_t)t->created_at,
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
	struct loaded *l = cls;

	l->json = mq_workflow_topic_json(t);
	l->stage = t->stage;
	return false;
}

enum mq_err mq_workflow_load_topic(struct mq_db *db, const struct mq_db_staff *who,
				   const char *id, json_t **out, enum mq_stage *stage)
{
	struct mq_db_topic_filter f = { .id = id, .limit = 1 };
	struct loaded l = { 0 };
	enum mq_err err;

	mq_account_scope_topics(who, &f);
	err = db->topics_iterate(db->cls, &f, got_topic, &l);
	if (err == MQ_OK && !l.json)
		err = MQ_ERR_NOT_FOUND;
	*out = l.json;
	if (stage)
		*stage = l.stage;
	return err;
}

const char *mq_workflow_js(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int64_t mq_workflow_ji(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

bool mq_workflow_jset(json_t *o, const char *k, const char *v)
{
	if (!v)
		return json_object_del(o, k) == 0 || !json_object_get(o, k);
	return json_object_set_new(o, k, json_string(v)) == 0;
}

bool mq_workflow_jseti(json_t *o, const char *k, int64_t v)
{
	return json_object_set_new(o, k, json_integer((json_int_t)v)) == 0;
}

/* ---- stage events -------------------------------------------------------- */

enum mq_err mq_workflow_event(struct mq_db *db, const struct mq_db_staff *who, const char *kind,
			      const char *subject, enum mq_stage stage, int64_t now,
			      const char *pub, const char *internal)
{
	struct mq_db_stage_event ev = {
		.subject_kind = kind, .subject = subject, .stage = stage, .at = now,
		.actor_role = mq_role_key(who->role), .public_note = pub,
		.internal_note = internal,
	};

	return db->stage_event_insert(db->cls, &ev);
}

static bool collect_id(void *cls, const struct mq_db_console_opinion *o)
{
	return json_array_append_new(cls, json_string(o->op.id)) == 0;
}

enum mq_err mq_workflow_fan_out(struct mq_db *db, const struct mq_db_staff *who,
				const char *topic, enum mq_stage stage, int64_t now,
				const char *pub, const char *internal)
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
		err = mq_workflow_event(db, who, "opinion", json_string_value(v),
					mq_stage_of_opinion(stage), now, pub, internal);
	}
	json_decref(ids);
	return err;
}

enum mq_err mq_workflow_topic_new(struct mq_db *db, const struct mq_db_staff *who,
				  const char *studio, const char *title, const char *internal,
				  int64_t now, char id[MQ_UUID_LEN + 1], json_t **topic)
{
	struct mq_db_topic t = {
		.id = id, .studio = studio, .title = title,
		.created_at = now, .created_by = who->username,
	};
	int64_t no = 0;
	enum mq_err err;

	*topic = NULL;
	mq_id_uuid4(id);
	if ((err = db->topic_insert(db->cls, &t, &no)) != MQ_OK ||
	    (err = mq_workflow_event(db, who, "topic", id, MQ_STAGE_RESEARCH, now, NULL,
				     internal)) != MQ_OK)
		return err;
	*topic = json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", id, "studio", studio, "stage",
			   mq_stage_key(MQ_STAGE_RESEARCH), "title", title, "no", (json_int_t)no);
	if (!*topic)
		return MQ_ERR_NOMEM;
	return mq_audit(db, who, now, studio, "topic.create", id, NULL, json_incref(*topic));
}
