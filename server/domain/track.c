/* track.c — the public view of an opinion (mq_track.h).
 *
 * Timeline rule: a step is reached when it has a stage event or lies before
 * the current stage (a triage may skip steps). The current step is "being
 * worked on"; since 收集采集 is done the moment the opinion arrives, an
 * opinion still at `collected` shows 分析研判 as the step in progress. */
#include "mq_track.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct load {
	struct mq_track *t;
	struct mq_db *db;
	const char *token;
	int64_t now;
	char id[MQ_UUID_LEN + 1];     /* the opinion's record id: private, for its events */
	struct mq_db_progress p;      /* its milestones, for the next deadline */
	bool failed;
};

/* Copies @p src into @p dst of @p size, cut to fit (as snprintf "%s"
 * would, without its format parsing: ten of these a page). */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void got_opinion(void *cls, const struct mq_db_opinion *op)
{
	struct load *l = cls;
	struct mq_track *t = l->t;

	copy(l->id, sizeof l->id, op->id);
	copy(t->token, sizeof t->token, op->token);
	copy(t->short_code, sizeof t->short_code, op->short_code);
	copy(t->studio_id, sizeof t->studio_id, op->studio);
	copy(t->studio_name, sizeof t->studio_name, op->studio_name);
	copy(t->category_key, sizeof t->category_key, op->category);
	copy(t->category_name, sizeof t->category_name, op->category_name);
	copy(t->community_name, sizeof t->community_name,
	     op->community_name ? op->community_name : "");
	t->stage = op->stage;
	t->created_at = op->created_at;
	t->text = strdup(op->text ? op->text : "");
	if (!t->text)
		l->failed = true;
}

/* Triage, topic and rating: what the console decided (mq_db_console.h). */
static bool got_outcome(void *cls, const struct mq_db_console_opinion *o)
{
	struct load *l = cls;
	struct mq_track *t = l->t;

	copy(t->disposition, sizeof t->disposition, o->disposition ? o->disposition : "");
	copy(t->department, sizeof t->department, o->department ? o->department : "");
	if (o->topic) {
		t->topic_no = o->topic_no;
		/* a topic's title is staff's working title until its result is
		 * published: no public view shows it before (mq_track.h) */
		if (o->topic_published_at)
			copy(t->topic_title, sizeof t->topic_title, o->topic_title);
		t->topic_stage = o->topic_stage;
		t->published_at = o->topic_published_at;
		if (o->topic_published_at && !(t->result = strdup(o->topic_result)))
			l->failed = true;
	}
	t->closed = o->closed_at || (o->topic && o->topic_stage == MQ_STAGE_CLOSED);
	l->p.created_at = o->op.created_at;
	l->p.closed_at = o->closed_at ? o->closed_at : o->topic_closed_at;
	t->stars = o->stars;
	/* a rating answers a published result: a topic's, or a direct answer */
	t->rateable = !o->stars && (o->topic_published_at ||
				    (o->disposition && strcmp(o->disposition, "answered") == 0));
	return false;
}

/* The opinion and its outcome, read together (mq_db.opinion_get_tracked). */
static bool got_tracked(void *cls, const struct mq_db_console_opinion *o)
{
	got_opinion(cls, &o->op);
	return got_outcome(cls, o);
}

/* Keeps the earliest @p at in @p *first (0: none yet). */
static void earliest(int64_t *first, int64_t at)
{
	if (!*first || at < *first)
		*first = at;
}

static bool got_event(void *cls, const struct mq_db_stage_event *ev)
{
	struct load *l = cls;
	struct mq_track_step *s;

	/* The deadline's milestones, as mq_db.progress_iterate defines them
	 * (test_server_deadline holds the two to the same answers). */
	if (ev->stage != MQ_STAGE_COLLECTED) {
		earliest(&l->p.triaged_at, ev->at);
		if (ev->public_note && ev->public_note[0])
			earliest(&l->p.answered_at, ev->at);
	}
	if (ev->stage == MQ_STAGE_FEEDBACK)
		earliest(&l->p.result_at, ev->at);
	if (ev->stage >= MQ_STAGE_COUNT)
		return true;
	s = &l->t->steps[ev->stage];
	if (!s->at)
		s->at = ev->at;
	s->reached = true;
	if (ev->public_note && ev->public_note[0]) {
		free(s->note);
		s->note = strdup(ev->public_note);
		if (!s->note) {
			l->failed = true;
			return false;
		}
	}
	return true;
}

/* The next deadline into @p l->t, from the milestones the opinion's row
 * and history gave, by the rules kept in memory while they are the stored
 * ones (read in the same transaction). */
static enum mq_err due(struct load *l)
{
	const struct mq_deadline_rules *r;
	struct mq_deadline_state st;
	enum mq_err err = mq_deadline_rules_shared(l->db, &r);

	if (err != MQ_OK)
		return err;
	mq_deadline_eval(r, &l->p, l->now, &st);
	mq_deadline_rules_release(r);
	if (st.open) {
		l->t->has_due = true;
		l->t->due_kind = st.next;
		l->t->due_day = st.due_day[st.next];
	}
	return MQ_OK;
}

/* The page's reads, in one read transaction (mq_db.read_tx). */
static enum mq_err load_tx(void *cls)
{
	struct load *l = cls;
	struct mq_db *db = l->db;
	enum mq_err err = db->opinion_get_tracked(db->cls, l->token, got_tracked, l);

	if (err == MQ_OK && l->failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = db->stage_events_iterate(db->cls, l->id, got_event, l);
	if (err == MQ_OK && l->failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK)
		err = due(l);
	return err;
}

enum mq_err mq_track_load(struct mq_db *db, const char *token, int64_t now,
			  struct mq_track *out)
{
	struct load l = { .t = out, .db = db, .token = token, .now = now };
	enum mq_err err;
	int cur;

	memset(out, 0, sizeof *out);
	if (!mq_id_is_token(token))
		return MQ_ERR_NOT_FOUND;
	err = db->read_tx(db->cls, "track", load_tx, &l);
	if (err != MQ_OK) {
		mq_track_finish(out);
		return err;
	}
	cur = out->stage < MQ_STAGE_COUNT ? (int)out->stage : 0;
	for (int i = 0; i <= cur; i++) {
		out->steps[i].reached = true;
		/* a step passed without an event of its own was skipped */
		out->steps[i].skipped = i > 0 && i < cur && !out->steps[i].at;
	}
	/* 收集采集 is complete on arrival: the next step is the one in progress. */
	if (cur == 0)
		cur = 1;
	out->steps[cur].current = true;
	return MQ_OK;
}

void mq_track_finish(struct mq_track *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->result);
	for (int i = 0; i < MQ_STAGE_COUNT; i++)
		free(t->steps[i].note);
	memset(t, 0, sizeof *t);
}
