/* stats_deadline.c — what the district is assessed on (mq_stats.h): the
 * on-time rates per street and stage with the open overdue count and the
 * escalations, and the supervision orders issued and answered; one row a
 * street, then the district's (全区). */
#include "mq_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_deadline.h"
#include "mq_supervision.h"

#define STREETS_MAX 64

/* One street's counts. */
struct tally {
	char key[MQ_KEY_MAX + 1];
	char name[MQ_DB_NAME_MAX];
	long counted[MQ_DEADLINE_KINDS], on_time[MQ_DEADLINE_KINDS];
	long overdue, escalated;
	long issued, acknowledged, answered, answered_in_time, late_open;
};

struct tallies {
	struct tally v[STREETS_MAX + 1];   /* the streets, then the district */
	size_t n;
	const char *only;                  /* a studio, or NULL */
};

static bool add_street(void *cls, const struct mq_db_named *s)
{
	struct tallies *t = cls;
	struct tally *x;
	const char *suffix = "委员工作室";
	size_t n = strlen(s->name), k = strlen(suffix);

	if ((t->only && strcmp(t->only, s->key) != 0) || t->n == STREETS_MAX)
		return true;
	x = &t->v[t->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->key, sizeof x->key, "%s", s->key);
	/* the street's own name: "湖滨街道委员工作室" → "湖滨街道" */
	if (n > k && strcmp(s->name + n - k, suffix) == 0)
		n -= k;
	snprintf(x->name, sizeof x->name, "%.*s", (int)n, s->name);
	return true;
}

/* The street of studio @p key, or NULL (a studio the scope leaves out). */
static struct tally *street_of(struct tallies *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	return NULL;
}

static enum mq_err streets(struct mq_db *db, const struct mq_stats_scope *scope,
			   struct tallies *t)
{
	t->only = scope->studio;
	return db->studios_iterate(db->cls, add_street, t);
}

/* "85%（17/20）", or "—" when nothing was due. */
static json_t *rate(long on_time, long counted)
{
	char s[48];

	if (counted)
		snprintf(s, sizeof s, "%.0f%%（%ld/%ld）", 100.0 * (double)on_time / (double)counted,
			 on_time, counted);
	else
		snprintf(s, sizeof s, "—");
	return json_string(s);
}

static json_t *count(long v)
{
	char s[24];

	snprintf(s, sizeof s, "%ld", v);
	return json_string(s);
}

/* The district's row: the sum of the streets'. */
static struct tally *district(struct tallies *t)
{
	struct tally *d = &t->v[t->n];

	memset(d, 0, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", t->only ? "合计" : "全区");
	for (size_t i = 0; i < t->n; i++) {
		for (int k = 0; k < MQ_DEADLINE_KINDS; k++) {
			d->counted[k] += t->v[i].counted[k];
			d->on_time[k] += t->v[i].on_time[k];
		}
		d->overdue += t->v[i].overdue;
		d->escalated += t->v[i].escalated;
		d->issued += t->v[i].issued;
		d->acknowledged += t->v[i].acknowledged;
		d->answered += t->v[i].answered;
		d->answered_in_time += t->v[i].answered_in_time;
		d->late_open += t->v[i].late_open;
	}
	return d;
}

static bool count_escalation(void *cls, const struct mq_db_escalation *e)
{
	struct tally *x = street_of(cls, e->studio);

	if (x)
		x->escalated++;
	return true;
}

enum mq_err mq_stats_ontime(struct mq_db *db, const struct mq_stats_scope *scope, json_t *rows)
{
	struct tallies *t = calloc(1, sizeof *t);
	struct mq_deadline_rules r = { 0 };
	struct mq_deadline_items items = { 0 };
	struct mq_db_progress_filter f = { .of = { .studio = scope->studio,
						   .created_after = scope->from,
						   .created_before = scope->to } };
	enum mq_err err = t ? streets(db, scope, t) : MQ_ERR_NOMEM;

	if (err == MQ_OK)
		err = mq_deadline_rules_load(db, &r);
	if (err == MQ_OK)
		err = mq_deadline_items_load(db, &r, &f, scope->now, &items);
	for (size_t i = 0; err == MQ_OK && i < items.n; i++) {
		const struct mq_deadline_item *it = &items.v[i];
		struct tally *x = street_of(t, it->studio);
		bool in_time;

		for (int k = 0; x && k < MQ_DEADLINE_KINDS; k++)
			if (mq_deadline_counted(&it->st, (enum mq_deadline_kind)k, &in_time)) {
				x->counted[k]++;
				x->on_time[k] += in_time;
			}
		if (x && it->st.open && it->st.overdue)
			x->overdue++;
	}
	if (err == MQ_OK)
		err = db->escalations_iterate(db->cls, scope->studio, count_escalation, t);
	for (size_t i = 0; err == MQ_OK && i <= t->n; i++) {
		const struct tally *x = i < t->n ? &t->v[i] : district(t);

		if (json_array_append_new(rows, json_pack("[s, o, o, o, o, o]", x->name,
							  rate(x->on_time[0], x->counted[0]),
							  rate(x->on_time[1], x->counted[1]),
							  rate(x->on_time[2], x->counted[2]),
							  count(x->overdue), count(x->escalated))))
			err = MQ_ERR_NOMEM;
	}
	mq_deadline_items_finish(&items);
	mq_deadline_rules_finish(&r);
	free(t);
	return err;
}

struct order_count {
	struct tallies *t;
	int64_t now;
};

static bool count_order(void *cls, const struct mq_db_order *o)
{
	struct order_count *c = cls;
	struct tally *x = street_of(c->t, o->studio);
	bool late = mq_order_late(o, c->now);

	if (!x)
		return true;
	x->issued++;
	x->acknowledged += o->acknowledged_at != 0;
	x->answered += o->answered_at != 0;
	x->answered_in_time += o->answered_at && !late;
	x->late_open += !o->answered_at && late;
	return true;
}

enum mq_err mq_stats_orders(struct mq_db *db, const struct mq_stats_scope *scope, json_t *rows)
{
	struct tallies *t = calloc(1, sizeof *t);
	struct order_count c = { t, scope->now };
	struct mq_db_order_filter f = { .studio = scope->studio, .issued_from = scope->from,
					.issued_to = scope->to, .limit = 100000 };
	enum mq_err err = t ? streets(db, scope, t) : MQ_ERR_NOMEM;

	if (err == MQ_OK)
		err = db->orders_iterate(db->cls, &f, count_order, &c);
	for (size_t i = 0; err == MQ_OK && i <= t->n; i++) {
		const struct tally *x = i < t->n ? &t->v[i] : district(t);

		if (json_array_append_new(rows, json_pack("[s, o, o, o, o, o]", x->name,
							  count(x->issued), count(x->acknowledged),
							  count(x->answered),
							  rate(x->answered_in_time,
							       x->answered + x->late_open),
							  count(x->late_open))))
			err = MQ_ERR_NOMEM;
	}
	free(t);
	return err;
}
