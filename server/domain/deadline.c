/* deadline.c — the stages' time limits and how an opinion stands against
 * them (mq_deadline.h). */
#include "mq_deadline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_array.h"
#include "mq_audit.h"
#include "mq_buf.h"
#include "mq_calendar.h"
#include "mq_log.h"

static const char *const kind_keys[MQ_DEADLINE_KINDS] = { "triage", "answer", "close" };
static const char *const kind_names[MQ_DEADLINE_KINDS] = { "分析研判", "首次答复", "办结" };

const char *mq_deadline_kind_key(enum mq_deadline_kind k)
{
	return (unsigned int)k < MQ_DEADLINE_KINDS ? kind_keys[k] : "";
}

const char *mq_deadline_kind_name(enum mq_deadline_kind k)
{
	return (unsigned int)k < MQ_DEADLINE_KINDS ? kind_names[k] : "";
}

bool mq_deadline_kind_parse(const char *key, enum mq_deadline_kind *out)
{
	for (int i = 0; key && i < MQ_DEADLINE_KINDS; i++) {
		if (strcmp(key, kind_keys[i]) == 0) {
			*out = (enum mq_deadline_kind)i;
			return true;
		}
	}
	return false;
}

enum mq_err mq_deadline_rules_load(struct mq_db *db, struct mq_deadline_rules *out)
{
	struct mq_db_deadline_limits l;
	enum mq_err err;

	memset(out, 0, sizeof *out);
	if ((err = db->deadline_limits_get(db->cls, &l)) != MQ_OK)
		return err;
	out->limits = (struct mq_workday_limits){ l.triage, l.answer, l.close };
	out->escalate = l.escalate;
	out->soon = l.soon;
	return mq_calendar_load(db, &out->calendar);
}

void mq_deadline_rules_finish(struct mq_deadline_rules *r)
{
	if (!r)
		return;
	mq_calendar_destroy(r->calendar);
	memset(r, 0, sizeof *r);
}

/* ---- the rules kept in memory -------------------------------------------- */

/* Rules loaded once and shared by the readers of one backend while their
 * stored version stays; freed by whoever drops the last reference. */
struct kept {
	struct mq_deadline_rules r;         /* first: what callers are handed */
	const struct mq_db *db;
	struct mq_db_rules_version v;
	unsigned int refs;                  /* holders, `newest` being one */
};

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kept *newest;             /* the last loaded, of any backend */

/* Drops one reference to @p k; under kept_lock. */
static void kept_drop(struct kept *k)
{
	if (k && --k->refs == 0) {
		mq_deadline_rules_finish(&k->r);
		free(k);
	}
}

enum mq_err mq_deadline_rules_shared(struct mq_db *db, const struct mq_deadline_rules **out)
{
	struct mq_db_rules_version v;
	struct kept *k;
	enum mq_err err;

	*out = NULL;
	if ((err = db->deadline_rules_version(db->cls, &v)) != MQ_OK)
		return err;
	pthread_mutex_lock(&kept_lock);
	k = newest;
	if (k && k->db == db && k->v.instance == v.instance && k->v.version == v.version)
		k->refs++;
	else
		k = NULL;
	pthread_mutex_unlock(&kept_lock);
	if (k) {
		*out = &k->r;
		return MQ_OK;
	}
	if (!(k = calloc(1, sizeof *k)))
		return MQ_ERR_NOMEM;
	if ((err = mq_deadline_rules_load(db, &k->r)) != MQ_OK) {
		free(k);
		return err;
	}
	k->db = db;
	k->v = v;
	k->refs = 2;                        /* the caller's and newest's */
	pthread_mutex_lock(&kept_lock);
	kept_drop(newest);
	newest = k;
	pthread_mutex_unlock(&kept_lock);
	*out = &k->r;
	return MQ_OK;
}

void mq_deadline_rules_release(const struct mq_deadline_rules *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&kept_lock);
	kept_drop((struct kept *)(void *)r);   /* r is the first member of its kept */
	pthread_mutex_unlock(&kept_lock);
}

void mq_deadline_eval(const struct mq_deadline_rules *r, const struct mq_db_progress *p,
		      int64_t now, struct mq_deadline_state *out)
{
	const int limit[MQ_DEADLINE_KINDS] = { r->limits.triage, r->limits.answer,
					       r->limits.close };
	int64_t today = mq_workday_day_of(now);

	memset(out, 0, sizeof *out);
	out->at = now;
	out->done[MQ_DEADLINE_TRIAGE] = p->triaged_at;
	/* closing needs a published result, so a closed opinion was answered */
	out->done[MQ_DEADLINE_ANSWER] = p->answered_at ? p->answered_at : p->closed_at;
	out->done[MQ_DEADLINE_CLOSE] = p->closed_at;
	for (int k = 0; k < MQ_DEADLINE_KINDS; k++) {
		out->due_day[k] = mq_workday_due_day(r->calendar, p->created_at, limit[k]);
		out->due[k] = mq_workday_midnight(out->due_day[k] + 1);
		if (!out->open && !out->done[k]) {
			out->open = true;
			out->next = (enum mq_deadline_kind)k;
		}
	}
	if (!out->open)
		return;
	out->overdue = now >= out->due[out->next];
	if (out->overdue)
		out->days = mq_workday_count(r->calendar, out->due_day[out->next], today);
	else
		out->days = mq_workday_count(r->calendar, today, out->due_day[out->next]);
}

bool mq_deadline_counted(const struct mq_deadline_state *s, enum mq_deadline_kind k,
			 bool *on_time)
{
	*on_time = s->done[k] && s->done[k] < s->due[k];
	/* met (in time or late), or still open past its deadline */
	return s->done[k] || s->at >= s->due[k];
}

void mq_deadline_words(const struct mq_deadline_state *s, char *out, size_t size)
{
	if (!s->open)
		snprintf(out, size, "%s", "");
	else if (s->overdue && s->days == 0)
		/* past the deadline, but no working day has gone by since (a weekend) */
		snprintf(out, size, "%s", "已超期");
	else if (s->overdue)
		snprintf(out, size, "超期%d个工作日", s->days);
	else if (s->days == 0)
		snprintf(out, size, "%s", "今日到期");
	else
		snprintf(out, size, "剩余%d个工作日", s->days);
}

int mq_deadline_cmp(const struct mq_deadline_state *a, const struct mq_deadline_state *b)
{
	int64_t x, y;

	if (a->open != b->open)
		return a->open ? -1 : 1;
	if (!a->open)
		return 0;
	x = a->due[a->next];
	y = b->due[b->next];
	return (x > y) - (x < y);
}

/* ---- lists of opinions --------------------------------------------------- */

struct loading {
	const struct mq_deadline_rules *r;
	int64_t now;
	struct mq_deadline_items *out;
	bool failed;
};

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static bool load_item(void *cls, const struct mq_db_progress *p)
{
	struct loading *l = cls;
	struct mq_deadline_item *x = mq_array_add(&l->out->v, &l->out->n, sizeof *l->out->v);

	if (!x) {
		l->failed = true;
		return false;
	}
	copy(x->id, sizeof x->id, p->id);
	copy(x->token, sizeof x->token, p->token);
	copy(x->short_code, sizeof x->short_code, p->short_code);
	copy(x->studio, sizeof x->studio, p->studio);
	copy(x->studio_name, sizeof x->studio_name, p->studio_name);
	mq_buf_excerpt(p->text, 30, x->excerpt, sizeof x->excerpt);
	copy(x->phone, sizeof x->phone, p->contact_phone);
	copy(x->assigned, sizeof x->assigned, p->assigned_member);
	copy(x->topic, sizeof x->topic, p->topic);
	x->topic_no = p->topic_no;
	mq_buf_excerpt(p->topic_title, 40, x->topic_title, sizeof x->topic_title);
	x->topic_stage = p->topic_stage;
	x->created_at = p->created_at;
	x->triaged_at = p->triaged_at;
	x->answered_at = p->answered_at;
	x->result_at = p->result_at;
	x->closed_at = p->closed_at;
	mq_deadline_eval(l->r, p, l->now, &x->st);
	return true;
}

static int item_cmp(const void *a, const void *b);

/* Pointers to items: by topic, then by urgency (item_cmp). */
static int by_topic(const void *a, const void *b)
{
	const struct mq_deadline_item *x = *(const struct mq_deadline_item *const *)a;
	const struct mq_deadline_item *y = *(const struct mq_deadline_item *const *)b;
	int c = strcmp(x->topic, y->topic);

	return c ? c : item_cmp(x, y);
}

/* Marks the lead of each topic: the first of its group in urgency order.
 * False when out of memory. */
static bool mark_leads(struct mq_deadline_items *l)
{
	struct mq_deadline_item **v = l->n ? malloc(l->n * sizeof *v) : NULL;

	if (l->n && !v)
		return false;
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	if (l->n)
		qsort(v, l->n, sizeof *v, by_topic);
	for (size_t i = 0; i < l->n; i++)
		v[i]->topic_lead = v[i]->topic[0] && (i == 0 || strcmp(v[i - 1]->topic, v[i]->topic));
	free(v);
	return true;
}

enum mq_err mq_deadline_items_load(struct mq_db *db, const struct mq_deadline_rules *r,
				   const struct mq_db_progress_filter *f, int64_t now,
				   struct mq_deadline_items *out)
{
	struct loading l = { .r = r, .now = now, .out = out };
	enum mq_err err;

	memset(out, 0, sizeof *out);
	err = db->progress_iterate(db->cls, f, load_item, &l);
	if (err == MQ_OK && l.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK && !mark_leads(out))
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK)
		mq_deadline_items_finish(out);
	return err;
}

void mq_deadline_items_finish(struct mq_deadline_items *l)
{
	if (!l)
		return;
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int item_cmp(const void *a, const void *b)
{
	const struct mq_deadline_item *x = a, *y = b;
	int c = mq_deadline_cmp(&x->st, &y->st);

	if (c)
		return c;
	if (x->created_at != y->created_at)
		return x->created_at > y->created_at ? -1 : 1;
	return strcmp(x->id, y->id);
}

void mq_deadline_items_sort(struct mq_deadline_items *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, item_cmp);
}

const struct mq_deadline_item *mq_deadline_topic_item(const struct mq_deadline_items *l,
						      const char *topic)
{
	for (size_t i = 0; topic && i < l->n; i++)
		if (l->v[i].topic_lead && strcmp(l->v[i].topic, topic) == 0)
			return &l->v[i];
	return NULL;
}

/* ---- the kiosk's copy ---------------------------------------------------- */

struct kiosk_calendar {
	json_t *c;
	bool failed;
};

static bool kiosk_year(void *cls, const struct mq_db_calendar_year *row)
{
	struct kiosk_calendar *k = cls;

	if (json_array_append_new(json_object_get(k->c, "years"), json_integer(row->year)) != 0)
		k->failed = true;
	return !k->failed;
}

static bool kiosk_day(void *cls, const struct mq_db_calendar_day *row)
{
	struct kiosk_calendar *k = cls;

	if (json_array_append_new(json_object_get(k->c, row->workday ? "workdays" : "holidays"),
				  json_string(row->day)) != 0)
		k->failed = true;
	return !k->failed;
}

enum mq_err mq_deadline_kiosk_json(struct mq_db *db, json_t **limits, json_t **calendar)
{
	struct mq_db_deadline_limits l;
	struct kiosk_calendar k = {
		json_pack("{s:[], s:[], s:[]}", "years", "holidays", "workdays"), false
	};
	enum mq_err err = k.c ? db->deadline_limits_get(db->cls, &l) : MQ_ERR_NOMEM;

	*limits = *calendar = NULL;
	if (err == MQ_OK)
		err = db->calendar_years_iterate(db->cls, kiosk_year, &k);
	if (err == MQ_OK)
		err = db->calendar_days_iterate(db->cls, kiosk_day, &k);
	if (err == MQ_OK && k.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK && !(*limits = json_pack("{s:i, s:i, s:i}", "triage", l.triage,
						   "answer", l.answer, "close", l.close)))
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK) {
		json_decref(k.c);
		return err;
	}
	*calendar = k.c;
	return MQ_OK;
}

/* ---- the district's limits ----------------------------------------------- */

struct limits_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_deadline_limits_in *in;
	int64_t now;
};

static json_t *limits_json(const struct mq_db_deadline_limits *l)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i}", "triage", l->triage, "answer", l->answer,
			 "close", l->close, "escalate", l->escalate, "soon", l->soon);
}

static enum mq_err limits_cb(void *cls)
{
	struct limits_tx *tx = cls;
	struct mq_db_deadline_limits before, after;
	enum mq_err err;

	if ((err = tx->db->deadline_limits_get(tx->db->cls, &before)) != MQ_OK)
		return err;
	after = (struct mq_db_deadline_limits){ tx->in->triage, tx->in->answer, tx->in->close,
						tx->in->escalate, tx->in->soon, tx->now, "" };
	snprintf(after.updated_by, sizeof after.updated_by, "%s", tx->who->username);
	if ((err = tx->db->deadline_limits_set(tx->db->cls, &after)) != MQ_OK)
		return err;
	return mq_audit(tx->db, tx->who, tx->now, NULL, "deadlines.limits", "limits",
			limits_json(&before), limits_json(&after));
}

enum mq_err mq_deadline_limits_save(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_deadline_limits_in *in, int64_t now, char *msg,
				    size_t size)
{
	struct limits_tx tx = { db, who, in, now };
	enum mq_err err;

	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	if (in->triage < 1 || in->answer < 1 || in->close < 1 ||
	    in->triage > MQ_WORKDAY_LIMIT_MAX || in->answer > MQ_WORKDAY_LIMIT_MAX ||
	    in->close > MQ_WORKDAY_LIMIT_MAX) {
		snprintf(msg, size, "时限请填写1到%d之间的工作日数。", MQ_WORKDAY_LIMIT_MAX);
		return MQ_ERR_INVALID;
	}
	if (in->triage > in->answer || in->answer > in->close) {
		snprintf(msg, size, "%s", "时限应满足：分析研判 ≤ 首次答复 ≤ 办结。");
		return MQ_ERR_INVALID;
	}
	if (in->escalate < 0 || in->escalate > MQ_WORKDAY_LIMIT_MAX || in->soon < 0 ||
	    in->soon > 30) {
		snprintf(msg, size, "%s", "升级督办天数应为0到250，临期提醒天数应为0到30。");
		return MQ_ERR_INVALID;
	}
	err = db->run_tx(db->cls, "deadline-limits", limits_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s set the time limits to %d/%d/%d working days", who->username,
			    in->triage, in->answer, in->close);
	return err;
}
