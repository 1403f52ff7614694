/* attendance.c — the monthly attendance report (mq_attendance.h):
 * three reads (shifts, check-ins/outs, bookings) and the judging in C, so
 * the rules live in one readable place rather than in SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_attendance.h"
#include "mq_array.h"
#include "mq_date.h"
#include "mq_deadline.h"
#include "mq_roster.h"
#include "mq_time.h"

struct events {
	struct ev {
		char member[MQ_KEY_MAX + 1];
		char studio[MQ_KEY_MAX + 1];
		bool checkin;
		int64_t at;
	} *v;
	size_t n;
	bool failed;
};

struct shifts_read {
	struct mq_attendance_report *r;
	const char *studio;
	int64_t now;
	bool failed;
	/* studio names, parallel to the shifts: copied into the totals */
	char (*studio_names)[MQ_DB_NAME_MAX];
};

static bool read_shift(void *cls, const struct mq_db_report_shift *row)
{
	struct shifts_read *s = cls;
	struct mq_attendance_report *r = s->r;
	struct mq_attendance_shift *sh;

	if (s->studio && strcmp(s->studio, row->studio) != 0)
		return true;
	if (row->end_at > s->now) {
		r->n_pending++;
		return true;
	}
	if (!mq_array_reserve(&s->studio_names, r->n_shifts, sizeof *s->studio_names) ||
	    !(sh = mq_array_add(&r->shifts, &r->n_shifts, sizeof *r->shifts))) {
		s->failed = true;
		return false;
	}
	snprintf(sh->id, sizeof sh->id, "%s", row->id);
	snprintf(sh->studio, sizeof sh->studio, "%s", row->studio);
	snprintf(sh->member, sizeof sh->member, "%s", row->member);
	snprintf(sh->member_name, sizeof sh->member_name, "%s", row->member_name);
	snprintf(s->studio_names[r->n_shifts - 1], sizeof s->studio_names[0], "%s",
		 row->studio_name);
	sh->start_at = row->start_at;
	sh->end_at = row->end_at;
	return true;
}

static bool read_event(void *cls, const struct mq_db_attendance *row)
{
	struct events *e = cls;
	struct ev *v = mq_array_add(&e->v, &e->n, sizeof *e->v);

	if (!v) {
		e->failed = true;
		return false;
	}
	snprintf(v->member, sizeof v->member, "%s", row->member);
	snprintf(v->studio, sizeof v->studio, "%s", row->studio);
	v->checkin = strcmp(row->kind, "checkin") == 0;
	v->at = row->at;
	return true;
}

static bool read_booking(void *cls, const struct mq_db_report_booking *row)
{
	struct mq_attendance_report *r = cls;

	for (size_t i = 0; i < r->n_shifts; i++) {
		struct mq_attendance_shift *sh = &r->shifts[i];
		if (strcmp(sh->id, row->shift) != 0)
			continue;
		if (strcmp(row->status, "attended") == 0)
			sh->bookings_attended++;
		else
			sh->bookings_no_show++;   /* marked no_show, or never marked */
		break;
	}
	return true;
}

/* Judges @p sh from the events @p e (sorted by member, time). */
static void judge(struct mq_attendance_shift *sh, const struct events *e)
{
	for (size_t i = 0; i < e->n; i++) {
		const struct ev *v = &e->v[i];
		if (!v->checkin || strcmp(v->member, sh->member) || strcmp(v->studio, sh->studio))
			continue;
		if (v->at >= sh->start_at - MQ_ATTENDANCE_EARLY_WINDOW_S && v->at < sh->end_at) {
			sh->checkin_at = v->at;
			break;
		}
	}
	if (sh->checkin_at) {
		for (size_t i = 0; i < e->n; i++) {
			const struct ev *v = &e->v[i];
			if (v->checkin || strcmp(v->member, sh->member) || strcmp(v->studio, sh->studio))
				continue;
			if (v->at >= sh->checkin_at &&
			    v->at <= sh->end_at + MQ_ATTENDANCE_CHECKOUT_GRACE_S)
				sh->checkout_at = v->at;   /* the last one wins */
		}
	}
	if (!sh->checkin_at) {
		sh->status = "missed";
		return;
	}
	sh->late_minutes = sh->checkin_at > sh->start_at ? (long)((sh->checkin_at - sh->start_at) / 60)
							 : 0;
	sh->early_minutes = sh->checkout_at && sh->checkout_at < sh->end_at
				    ? (long)((sh->end_at - sh->checkout_at) / 60)
				    : 0;
	if (sh->late_minutes && sh->early_minutes)
		sh->status = "late_left_early";
	else if (sh->late_minutes)
		sh->status = "late";
	else if (sh->early_minutes)
		sh->status = "left_early";
	else
		sh->status = "attended";
}

static void add_to(struct mq_attendance_total *t, const struct mq_attendance_shift *sh)
{
	t->shifts++;
	if (sh->checkin_at) {
		t->attended++;
		if (!sh->checkout_at)
			t->no_checkout++;
	} else {
		t->missed++;
	}
	if (sh->late_minutes) {
		t->late++;
		t->late_minutes += sh->late_minutes;
	}
	if (sh->early_minutes) {
		t->left_early++;
		t->early_minutes += sh->early_minutes;
	}
	t->bookings_attended += sh->bookings_attended;
	t->bookings_no_show += sh->bookings_no_show;
}

/* The totals line of @p member (or the studio's, "") of @p studio, made
 * when missing; NULL when out of memory. */
static struct mq_attendance_total *total_of(struct mq_attendance_report *r,
					    const char *studio, const char *studio_name,
					    const char *member, const char *member_name)
{
	struct mq_attendance_total *t;

	for (size_t k = 0; k < r->n_totals; k++)
		if (!strcmp(r->totals[k].studio, studio) && !strcmp(r->totals[k].member, member))
			return &r->totals[k];
	if (!(t = mq_array_add(&r->totals, &r->n_totals, sizeof *r->totals)))
		return NULL;
	snprintf(t->studio, sizeof t->studio, "%s", studio);
	snprintf(t->studio_name, sizeof t->studio_name, "%s", studio_name);
	snprintf(t->member, sizeof t->member, "%s", member);
	snprintf(t->member_name, sizeof t->member_name, "%s", member_name);
	return t;
}

static int cmp_total(const void *a, const void *b)
{
	const struct mq_attendance_total *x = a, *y = b;
	int c = strcmp(x->studio, y->studio);

	if (c)
		return c;
	/* the studio's own line ("" member) goes last */
	if (!x->member[0] || !y->member[0])
		return !x->member[0] - !y->member[0];
	return strcmp(x->member, y->member);
}

/* Builds r->totals from the judged shifts. */
static bool totals(struct mq_attendance_report *r, char (*studio_names)[MQ_DB_NAME_MAX])
{
	for (size_t i = 0; i < r->n_shifts; i++) {
		const struct mq_attendance_shift *sh = &r->shifts[i];

		for (int pass = 0; pass < 2; pass++) {
			struct mq_attendance_total *t =
				total_of(r, sh->studio, studio_names[i], pass == 0 ? sh->member : "",
					 pass == 0 ? sh->member_name : "合计");

			if (!t)
				return false;
			add_to(t, sh);
		}
	}
	return true;
}

/* ---- responsible topics -------------------------------------------------- */

/* A topic whose 办结 deadline falls in the report's month. */
struct due_topic {
	char id[MQ_UUID_LEN + 1];
	const struct mq_deadline_item *first;   /* its earliest opinion */
	bool counted, on_time;
};

struct due_topics {
	struct due_topic *v;
	size_t n;
	struct mq_attendance_report *r;
	struct mq_db *db;
	bool failed;
};

/* Pointers to opinions: by topic, then by their 办结 deadline. */
static int by_topic_due(const void *a, const void *b)
{
	const struct mq_deadline_item *x = *(const struct mq_deadline_item *const *)a;
	const struct mq_deadline_item *y = *(const struct mq_deadline_item *const *)b;
	int c = strcmp(x->topic, y->topic);
	int64_t p = x->st.due[MQ_DEADLINE_CLOSE], q = y->st.due[MQ_DEADLINE_CLOSE];

	return c ? c : (p > q) - (p < q);
}

/* The topics of @p items, each with its earliest opinion. */
static bool group_topics(const struct mq_deadline_items *items, struct due_topics *d)
{
	const struct mq_deadline_item **v = calloc(items->n ? items->n : 1, sizeof *v);
	size_t n = 0;

	if (!v)
		return false;
	for (size_t i = 0; i < items->n; i++)
		if (items->v[i].topic[0])
			v[n++] = &items->v[i];
	if (n)
		qsort(v, n, sizeof *v, by_topic_due);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(v[i - 1]->topic, v[i]->topic) == 0)
			continue;
		struct due_topic *t = mq_array_add(&d->v, &d->n, sizeof *d->v);

		if (!t) {
			free(v);
			return false;
		}
		snprintf(t->id, sizeof t->id, "%s", v[i]->topic);
		t->first = v[i];
	}
	free(v);
	return true;
}

/* The topics of @p items with their deadline in [@p from, @p to), judged at @p now. */
static bool due_topics(const struct mq_deadline_items *items, int64_t from, int64_t to,
		       int64_t now, struct due_topics *d)
{
	if (!group_topics(items, d))
		return false;
	for (size_t k = 0; k < d->n; k++) {
		const struct mq_deadline_item *x = d->v[k].first;
		int64_t due = x->st.due[MQ_DEADLINE_CLOSE];

		/* the due day's last second lies in the month, and the day has come */
		d->v[k].counted = due - 1 >= from && due - 1 < to && (x->closed_at || now >= due);
		d->v[k].on_time = x->closed_at && x->closed_at < due;
	}
	return true;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct due_topic *)a)->id, ((const struct due_topic *)b)->id);
}

static bool count_responsible(void *cls, const char *topic, const char *member)
{
	struct due_topics *d = cls;
	struct due_topic key, *k;
	struct mq_attendance_total *t;
	struct mq_db_member m;

	snprintf(key.id, sizeof key.id, "%s", topic);
	/* the topics are in id order (group_topics) */
	k = d->n ? bsearch(&key, d->v, d->n, sizeof *d->v, by_id) : NULL;
	if (!k || !k->counted)
		return true;
	if (d->db->member_get(d->db->cls, k->first->studio, member, &m) != MQ_OK)
		snprintf(m.name, sizeof m.name, "%s", member);
	t = total_of(d->r, k->first->studio, k->first->studio_name, member, m.name);
	if (!t) {
		d->failed = true;
		return false;
	}
	t->topics_due++;
	t->topics_on_time += k->on_time;
	return true;
}

/* Adds the topics members were responsible for to the totals of @p r (the
 * month [@p from, @p to) of @p studio, NULL: all), and to their studios'. */
static enum mq_err mq_attendance_topics(struct mq_db *db, struct mq_attendance_report *r,
					const char *studio, int64_t from, int64_t to, int64_t now)
{
	struct mq_deadline_rules rules;
	struct mq_deadline_items items = { 0 };
	struct mq_db_progress_filter f = { .of = { .studio = studio } };
	struct due_topics d = { .r = r, .db = db };
	enum mq_err err = mq_deadline_rules_load(db, &rules);

	if (err == MQ_OK)
		err = mq_deadline_items_load(db, &rules, &f, now, &items);
	if (err == MQ_OK && !due_topics(&items, from, to, now, &d))
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = db->responsibles_iterate(db->cls, count_responsible, &d);
	for (size_t k = 0; err == MQ_OK && !d.failed && k < d.n; k++) {
		struct mq_attendance_total *t;

		if (!d.v[k].counted)
			continue;
		t = total_of(r, d.v[k].first->studio, d.v[k].first->studio_name, "", "合计");
		if (!t) {
			err = MQ_ERR_NOMEM;
			break;
		}
		t->topics_due++;
		t->topics_on_time += d.v[k].on_time;
	}
	if (err == MQ_OK && d.failed)
		err = MQ_ERR_NOMEM;
	free(d.v);
	mq_deadline_items_finish(&items);
	mq_deadline_rules_finish(&rules);
	return err;
}

/* What adding the volunteers' tallies to a report needs. */
struct tally {
	struct mq_attendance_report *r;
	bool failed;
};

static bool add_tally(void *cls, const struct mq_db_volunteer_tally *v)
{
	struct tally *x = cls;
	struct mq_attendance_total *t;

	/* one at a time: total_of may move the totals */
	for (int pass = 0; pass < 2; pass++) {
		t = total_of(x->r, v->studio, v->studio_name, pass ? "" : v->member,
			     pass ? "合计" : v->member_name);
		if (!t) {
			x->failed = true;
			return false;
		}
		t->volunteered += (long)v->volunteered;
		t->chosen += (long)v->chosen;
	}
	return true;
}

/* Adds what members volunteered for and were chosen for (征集) in the month
 * [@p from, @p to) to their studios' totals of @p r. */
static enum mq_err volunteers(struct mq_db *db, struct mq_attendance_report *r,
			      const char *studio, int64_t from, int64_t to)
{
	struct tally x = { .r = r };
	enum mq_err err = db->volunteer_tally(db->cls, studio, from, to, add_tally, &x);

	return err == MQ_OK && x.failed ? MQ_ERR_NOMEM : err;
}

enum mq_err mq_attendance_report(struct mq_db *db, const char *month, const char *studio,
				 int64_t now, struct mq_attendance_report *out)
{
	struct shifts_read s = { .r = out, .studio = studio, .now = now };
	struct events e = { 0 };
	int64_t from, to;
	enum mq_err err;

	memset(out, 0, sizeof *out);
	if (!mq_date_parse_month(month, &from, &to))
		return MQ_ERR_INVALID;
	snprintf(out->month, sizeof out->month, "%.7s", month);
	err = db->shifts_iterate(db->cls, NULL, from, to, read_shift, &s);
	if (err == MQ_OK && s.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = db->attendance_iterate(db->cls, from - MQ_ATTENDANCE_EARLY_WINDOW_S,
					     to + 86400 + MQ_ATTENDANCE_CHECKOUT_GRACE_S, read_event,
					     &e);
	if (err == MQ_OK && e.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = db->report_bookings_iterate(db->cls, from, to, read_booking, out);
	if (err == MQ_OK) {
		for (size_t i = 0; i < out->n_shifts; i++)
			judge(&out->shifts[i], &e);
		if (!totals(out, s.studio_names))
			err = MQ_ERR_NOMEM;
		if (err == MQ_OK)
			err = mq_attendance_topics(db, out, studio, from, to, now);
		if (err == MQ_OK)
			err = volunteers(db, out, studio, from, to);
		if (err == MQ_OK && out->n_totals)
			qsort(out->totals, out->n_totals, sizeof *out->totals, cmp_total);
	}
	free(e.v);
	free(s.studio_names);
	if (err != MQ_OK)
		mq_attendance_report_finish(out);
	return err;
}

void mq_attendance_report_finish(struct mq_attendance_report *r)
{
	if (!r)
		return;
	free(r->shifts);
	free(r->totals);
	memset(r, 0, sizeof *r);
}

void mq_attendance_csv_totals(struct mq_buf *b, const struct mq_attendance_report *r)
{
	mq_buf_add(b, "month,studio,member,name,shifts,attended,late,late_minutes,left_early,"
		      "early_minutes,missed,no_checkout,bookings_attended,bookings_no_show,"
		      "topics_due,topics_on_time,volunteered,chosen\n");
	for (size_t i = 0; i < r->n_totals; i++) {
		const struct mq_attendance_total *t = &r->totals[i];
		mq_buf_printf(b, "%s,%s,%s,", r->month, t->studio, t->member[0] ? t->member : "*");
		mq_buf_add_csv(b, t->member_name);
		mq_buf_printf(b, ",%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld\n",
			      t->shifts, t->attended, t->late, t->late_minutes, t->left_early,
			      t->early_minutes, t->missed, t->no_checkout, t->bookings_attended,
			      t->bookings_no_show, t->topics_due, t->topics_on_time, t->volunteered,
			      t->chosen);
	}
}

static void hhmm(int64_t t, char out[8])
{
	if (t)
		mq_time_format_shanghai(t, "%H:%M", out, 8);
	else
		out[0] = '\0';
}

void mq_attendance_shift_times(const struct mq_attendance_shift *sh,
			       struct mq_attendance_times *out)
{
	struct mq_date d;

	mq_date_of(sh->start_at, &d);
	mq_date_format(&d, out->day);
	hhmm(sh->start_at, out->start);
	hhmm(sh->end_at, out->end);
	hhmm(sh->checkin_at, out->checkin);
	hhmm(sh->checkout_at, out->checkout);
}

void mq_attendance_csv_shifts(struct mq_buf *b, const struct mq_attendance_report *r)
{
	mq_buf_add(b, "studio,shift,member,name,date,start,end,status,checkin,checkout,"
		      "late_minutes,early_minutes,bookings_attended,bookings_no_show\n");
	for (size_t i = 0; i < r->n_shifts; i++) {
		const struct mq_attendance_shift *sh = &r->shifts[i];
		struct mq_attendance_times tm;

		mq_attendance_shift_times(sh, &tm);
		mq_buf_printf(b, "%s,%s,%s,", sh->studio, sh->id, sh->member);
		mq_buf_add_csv(b, sh->member_name);
		mq_buf_printf(b, ",%s,%s,%s,%s,%s,%s,%ld,%ld,%ld,%ld\n", tm.day, tm.start, tm.end,
			      sh->status, tm.checkin, tm.checkout,
			      sh->late_minutes, sh->early_minutes, sh->bookings_attended,
			      sh->bookings_no_show);
	}
}
