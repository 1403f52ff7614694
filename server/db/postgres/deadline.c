/* deadline.c — the PostgreSQL implementation of the deadlines block of
 * struct mq_db (mq_db.h, rows in mq_db_deadline.h), as
 * server/db/sqlite/deadline.c: the official calendar, the time limits,
 * webhooks, each opinion's progress, supervision orders, escalations and
 * the notification outbox (0006_deadlines.sql), on the pool of conn.c.
 *
 * "Never twice" holds across server instances by the rows themselves: a
 * message or an escalation is one row per key (a second insert is refused,
 * also when it raced the first), and a message is claimed for sending by a
 * conditional UPDATE (queued or retry → sending), which a second
 * transaction, on any instance, finds already taken once it gets the row's
 * lock. Every statement is named in the table below with its caller. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

enum dstmt {
	D_CAL_YEARS,
	D_CAL_DAYS,
	D_CAL_DAYS_DELETE,
	D_CAL_YEAR_PUT,
	D_CAL_DAY_INSERT,
	D_LIMITS_GET,
	D_RULES_VERSION,
	D_LIMITS_SET,
	D_WEBHOOKS,
	D_WEBHOOK_PUT,
	D_WEBHOOK_DELETE,
	D_PROGRESS,
	D_PROGRESS_ONE,
	D_RESPONSIBLES,
	D_ORDER_INSERT,
	D_ORDER_UPDATE,
	D_ORDERS,
	D_ESCALATION_INSERT,
	D_ESCALATIONS,
	D_NOTICE_INSERT,
	D_NOTICES_DUE,
	D_NOTICE_CLAIM,
	D_NOTICE_FINISH,
	D_NOTICES_LIST,
	D_COUNT
};

/* A notification's columns 0..12, read by notice_row(); PHONE is the phone
 * column or NULL. */
#define NOTICE_COLS(phone) \
	"SELECT key, kind, target, subject, " phone ", body, not_before, state, attempts," \
	" next_at, created_at, coalesce(sent_at, 0), last_error FROM notices"

/* The columns of progress_row() and the tables they come from; @p phone is
 * the parameter that asks for the phone. */
#define PROGRESS_SELECT(phone) \
	"SELECT o.id, o.token, o.short_code, o.studio, s.name, c.name, o.text," \
	" CASE WHEN " phone "::bigint <> 0 THEN o.contact_phone END, o.assigned_member, o.stage," \
	" o.disposition, o.topic, coalesce(t.no, 0), t.title, t.stage, o.created_at," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE e.subject = o.id" \
	"   AND e.stage <> 'collected'), 0)," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE e.subject = o.id" \
	"   AND e.stage <> 'collected' AND coalesce(e.public_note, '') <> ''), 0)," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE e.subject = o.id" \
	"   AND e.stage = 'feedback'), 0)," \
	" coalesce(o.closed_at, t.closed_at, 0)" \
	" FROM opinions o JOIN studios s ON s.id = o.studio" \
	" JOIN categories c ON c.key = o.category" \
	" LEFT JOIN topics t ON t.id = o.topic"

/* Every statement of this file; the comment names its caller. */
static const struct mq_pg_stmt_def dstmt_sql[D_COUNT] = {
	/* caller: db_calendar_years_iterate */
	[D_CAL_YEARS] = { "calendar_years",
		"SELECT year, source, imported_at, imported_by FROM calendar_years ORDER BY year" },
	/* caller: db_calendar_days_iterate */
	[D_CAL_DAYS] = { "calendar_days",
		"SELECT day, kind = 'workday' FROM calendar_days ORDER BY day" },
	/* caller: db_calendar_year_replace */
	[D_CAL_DAYS_DELETE] = { "calendar_days_delete",
		"DELETE FROM calendar_days WHERE year = $1" },
	/* caller: db_calendar_year_replace */
	[D_CAL_YEAR_PUT] = { "calendar_year_put",
		"INSERT INTO calendar_years (year, source, imported_at, imported_by)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO UPDATE SET"
		" source = excluded.source, imported_at = excluded.imported_at,"
		" imported_by = excluded.imported_by" },
	/* caller: db_calendar_year_replace */
	[D_CAL_DAY_INSERT] = { "calendar_day_insert",
		"INSERT INTO calendar_days (day, year, kind) VALUES ($1, $2, $3)" },
	/* caller: db_deadline_limits_get */
	[D_LIMITS_GET] = { "deadline_limits_get",
		"SELECT triage, answer, close, escalate, soon, updated_at, updated_by"
		" FROM deadline_limits WHERE id = 1" },
	/* caller: db_deadline_rules_version */
	[D_RULES_VERSION] = { "deadline_rules_version",
		"SELECT version FROM deadline_rules_version WHERE id = 1" },
	/* caller: db_deadline_limits_set */
	[D_LIMITS_SET] = { "deadline_limits_set",
		"UPDATE deadline_limits SET triage = $1, answer = $2, close = $3, escalate = $4,"
		" soon = $5, updated_at = $6, updated_by = $7 WHERE id = 1" },
	/* caller: db_webhooks_iterate */
	[D_WEBHOOKS] = { "webhooks",
		"SELECT scope, url, format, updated_at, updated_by FROM webhooks ORDER BY scope" },
	/* caller: db_webhook_put */
	[D_WEBHOOK_PUT] = { "webhook_put",
		"INSERT INTO webhooks (scope, url, format, updated_at, updated_by)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope) DO UPDATE SET"
		" url = excluded.url, format = excluded.format, updated_at = excluded.updated_at,"
		" updated_by = excluded.updated_by" },
	/* caller: db_webhook_delete */
	[D_WEBHOOK_DELETE] = { "webhook_delete", "DELETE FROM webhooks WHERE scope = $1" },
	/* caller: db_progress_iterate: the milestones, from the append-only
	 * stage history, of the opinions an opinion filter lists; open ones
	 * and those closed since $10 (0: all); the phone only when $11 asks */
	[D_PROGRESS] = { "progress",
		PROGRESS_SELECT("$11") MQ_PG_OPINION_WHERE
		" AND ($10::bigint = 0 OR coalesce(o.closed_at, t.closed_at) IS NULL"
		"      OR coalesce(o.closed_at, t.closed_at) >= $10)"
		" ORDER BY o.created_at, o.id" },
	/* caller: db_progress_iterate: as progress, for a filter of one
	 * opinion's id only (one opinion's deadlines): its primary key, with no
	 * plan for the general filter's "$12 IS NULL OR" to choose */
	[D_PROGRESS_ONE] = { "progress_one",
		PROGRESS_SELECT("$3") " WHERE o.id = $1"
		" AND ($2::bigint = 0 OR coalesce(o.closed_at, t.closed_at) IS NULL"
		"      OR coalesce(o.closed_at, t.closed_at) >= $2)" },
	/* caller: db_responsibles_iterate */
	[D_RESPONSIBLES] = { "responsibles",
		"SELECT topic, member FROM topic_members"
		" UNION SELECT topic, assigned_member FROM opinions"
		" WHERE topic IS NOT NULL AND assigned_member IS NOT NULL ORDER BY 1, 2" },
	/* caller: db_order_insert (inside the serializable "order-issue"
	 * transaction; two instances taking the same number lose a race on
	 * supervision_orders_no_key, which run_tx retries) */
	[D_ORDER_INSERT] = { "order_insert",
		"INSERT INTO supervision_orders (id, no, studio, topic, opinion, note, due_day,"
		" issued_at, issued_by) VALUES ($1,"
		" (SELECT coalesce(max(no), 0) + 1 FROM supervision_orders), $2, $3, $4, $5, $6,"
		" $7, $8) RETURNING no" },
	/* caller: db_order_update */
	[D_ORDER_UPDATE] = { "order_update",
		"UPDATE supervision_orders SET acknowledged_at = nullif($2::bigint, 0),"
		" acknowledged_by = $3, answer = $4, answered_at = nullif($5::bigint, 0),"
		" answered_by = $6 WHERE id = $1" },
	/* caller: db_orders_iterate: open first by due day, then answered, newest first */
	[D_ORDERS] = { "orders",
		"SELECT o.id, o.no, o.studio, s.name, o.topic, o.opinion,"
		" coalesce(t.title, substr(op.text, 1, 60), ''), coalesce(t.no, 0), o.note,"
		" o.due_day, o.issued_at, o.issued_by, coalesce(o.acknowledged_at, 0),"
		" o.acknowledged_by, o.answer, coalesce(o.answered_at, 0), o.answered_by"
		" FROM supervision_orders o JOIN studios s ON s.id = o.studio"
		" LEFT JOIN topics t ON t.id = o.topic LEFT JOIN opinions op ON op.id = o.opinion"
		" WHERE ($1::text IS NULL OR o.studio = $1) AND ($2::text IS NULL OR o.id = $2)"
		" AND ($3::text IS NULL OR o.topic = $3) AND ($4::text IS NULL OR o.opinion = $4)"
		" AND ($5::bigint = 0 OR o.answered_at IS NULL)"
		" AND ($6::bigint = 0 OR o.issued_at >= $6) AND ($7::bigint = 0 OR o.issued_at < $7)"
		" ORDER BY o.answered_at IS NOT NULL, CASE WHEN o.answered_at IS NULL"
		" THEN o.due_day END, o.answered_at DESC, o.no DESC LIMIT $8" },
	/* caller: db_escalation_insert */
	[D_ESCALATION_INSERT] = { "escalation_insert",
		"INSERT INTO escalations (subject_kind, subject, deadline, studio, due_at,"
		" escalated_at) VALUES ($1, $2, $3, $4, $5, $6)" },
	/* caller: db_escalations_iterate */
	[D_ESCALATIONS] = { "escalations",
		"SELECT subject_kind, subject, deadline, studio, due_at, escalated_at"
		" FROM escalations WHERE ($1::text IS NULL OR studio = $1)"
		" ORDER BY escalated_at DESC, subject, deadline" },
	/* caller: db_notice_insert */
	[D_NOTICE_INSERT] = { "notice_insert",
		"INSERT INTO notices (key, kind, target, subject, phone, body, not_before,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)" },
	/* caller: db_notices_due_iterate */
	[D_NOTICES_DUE] = { "notices_due",
		NOTICE_COLS("phone")
		" WHERE state IN ('queued', 'retry') AND next_at <= $1 AND not_before <= $1"
		" ORDER BY created_at, key LIMIT $2" },
	/* caller: db_notice_claim: at READ COMMITTED a second claimer waits for
	 * the row's lock, then sees 'sending' and changes nothing */
	[D_NOTICE_CLAIM] = { "notice_claim",
		"UPDATE notices SET state = 'sending' WHERE key = $1"
		" AND state IN ('queued', 'retry') AND next_at <= $2 AND not_before <= $2" },
	/* caller: db_notice_finish */
	[D_NOTICE_FINISH] = { "notice_finish",
		"UPDATE notices SET state = $2, attempts = $3, next_at = $4,"
		" sent_at = CASE WHEN $2 = 'sent' THEN $5::bigint ELSE sent_at END, last_error = $6,"
		" phone = CASE WHEN $2 IN ('sent', 'failed') THEN NULL ELSE phone END"
		" WHERE key = $1 AND state = 'sending'" },
	/* caller: db_notices_iterate (never the phone) */
	[D_NOTICES_LIST] = { "notices_list",
		NOTICE_COLS("NULL::text")
		" WHERE ($1::text IS NULL OR target = $1) ORDER BY created_at DESC, key LIMIT $2" },
};

/* ---- the calendar -------------------------------------------------------- */

static bool year_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_calendar_year row = {
		.year = (int)mq_pg_int(r, 0),
		.source = mq_pg_str(r, 1),
		.imported_at = mq_pg_int(r, 2),
		.imported_by = mq_pg_str(r, 3),
	};

	return ((mq_db_calendar_year_cb)cb)(cb_cls, &row);
}

static enum mq_err db_calendar_years_iterate(void *cls, mq_db_calendar_year_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_CAL_YEARS, MQ_PG_NO_ARGS, year_row, (void *)cb,
			   cb_cls);
}

static bool day_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_calendar_day row = {
		.day = mq_pg_str(r, 0),
		.workday = mq_pg_bool(r, 1),
	};

	return ((mq_db_calendar_day_cb)cb)(cb_cls, &row);
}

static enum mq_err db_calendar_days_iterate(void *cls, mq_db_calendar_day_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_CAL_DAYS, MQ_PG_NO_ARGS, day_row, (void *)cb,
			   cb_cls);
}

static enum mq_err db_calendar_year_replace(void *cls, const struct mq_db_calendar_year *y,
					    const struct mq_db_calendar_day *days, size_t n)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_DEADLINE, D_CAL_DAYS_DELETE, MQ_OK,
			   MQ_PG_ARGS(MQ_PG_INT(y->year)), NULL);
	if (err == MQ_OK)
		err = mq_pg_run_on(c, MQ_PG_DEADLINE, D_CAL_YEAR_PUT, MQ_OK,
				   MQ_PG_ARGS(MQ_PG_INT(y->year), MQ_PG_TEXT(y->source),
					      MQ_PG_INT(y->imported_at), MQ_PG_TEXT(y->imported_by)),
				   NULL);
	for (size_t i = 0; err == MQ_OK && i < n; i++)
		err = mq_pg_run_on(c, MQ_PG_DEADLINE, D_CAL_DAY_INSERT, MQ_OK,
				   MQ_PG_ARGS(MQ_PG_TEXT(days[i].day), MQ_PG_INT(y->year),
					      MQ_PG_TEXT(days[i].workday ? "workday" : "holiday")),
				   NULL);
	mq_pg_release(cls, c);
	return err;
}

/* ---- limits and webhooks ------------------------------------------------- */

static bool limits_out(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_deadline_limits *out = o;

	out->triage = (int)mq_pg_int(r, 0);
	out->answer = (int)mq_pg_int(r, 1);
	out->close = (int)mq_pg_int(r, 2);
	out->escalate = (int)mq_pg_int(r, 3);
	out->soon = (int)mq_pg_int(r, 4);
	out->updated_at = mq_pg_int(r, 5);
	mq_pg_copy(r, 6, out->updated_by, sizeof out->updated_by);
	return false;
}

static enum mq_err db_deadline_limits_get(void *cls, struct mq_db_deadline_limits *out)
{
	return mq_pg_query_one(cls, MQ_PG_DEADLINE, D_LIMITS_GET, MQ_PG_NO_ARGS, limits_out, out,
			       NULL);
}

static enum mq_err db_deadline_limits_set(void *cls, const struct mq_db_deadline_limits *l)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_LIMITS_SET, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_INT(l->triage), MQ_PG_INT(l->answer), MQ_PG_INT(l->close),
				    MQ_PG_INT(l->escalate), MQ_PG_INT(l->soon),
				    MQ_PG_INT(l->updated_at), MQ_PG_TEXT(l->updated_by)));
}

static bool webhook_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_webhook row = {
		.scope = mq_pg_str(r, 0),
		.url = mq_pg_str(r, 1),
		.format = MQ_HOOK_JSON,
		.updated_at = mq_pg_int(r, 3),
		.updated_by = mq_pg_str(r, 4),
	};

	if (!mq_hook_format_parse(mq_pg_text(r, 2), &row.format))
		mq_log_error("db", "webhook %s has an unknown format", row.scope);
	return ((mq_db_webhook_cb)cb)(cb_cls, &row);
}

static enum mq_err db_webhooks_iterate(void *cls, mq_db_webhook_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_WEBHOOKS, MQ_PG_NO_ARGS, webhook_row, (void *)cb,
			   cb_cls);
}

static enum mq_err db_webhook_put(void *cls, const struct mq_db_webhook *w)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_WEBHOOK_PUT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(w->scope), MQ_PG_TEXT(w->url),
				    MQ_PG_TEXT(mq_hook_format_key(w->format)),
				    MQ_PG_INT(w->updated_at), MQ_PG_TEXT(w->updated_by)));
}

static enum mq_err db_webhook_delete(void *cls, const char *scope)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_WEBHOOK_DELETE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(scope)));
}

/* ---- progress ------------------------------------------------------------ */

static bool progress_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_progress row = {
		.id = mq_pg_str(r, 0),
		.token = mq_pg_str(r, 1),
		.short_code = mq_pg_str(r, 2),
		.studio = mq_pg_str(r, 3),
		.studio_name = mq_pg_str(r, 4),
		.category_name = mq_pg_str(r, 5),
		.text = mq_pg_str(r, 6),
		.contact_phone = mq_pg_text(r, 7),
		.assigned_member = mq_pg_text(r, 8),
		.stage = mq_pg_stage(r, 9),
		.disposition = mq_pg_text(r, 10),
		.topic = mq_pg_text(r, 11),
		.topic_no = mq_pg_int(r, 12),
		.topic_title = mq_pg_text(r, 13),
		.topic_stage = MQ_STAGE_COLLECTED,
		.created_at = mq_pg_int(r, 15),
		.triaged_at = mq_pg_int(r, 16),
		.answered_at = mq_pg_int(r, 17),
		.result_at = mq_pg_int(r, 18),
		.closed_at = mq_pg_int(r, 19),
	};

	if (row.topic)
		row.topic_stage = mq_pg_stage(r, 14);
	return ((mq_db_progress_cb)cb)(cb_cls, &row);
}

static enum mq_err db_deadline_rules_version(void *cls, struct mq_db_rules_version *out)
{
	out->instance = mq_pg_instance(cls);
	out->version = 0;
	return mq_pg_query_one(cls, MQ_PG_DEADLINE, D_RULES_VERSION, MQ_PG_NO_ARGS, mq_pg_int_out,
			       &out->version, NULL);
}

static enum mq_err db_progress_iterate(void *cls, const struct mq_db_progress_filter *f,
				       mq_db_progress_cb cb, void *cb_cls)
{
	if (mq_db_opinion_filter_just_id(&f->of))
		return mq_pg_query(cls, MQ_PG_DEADLINE, D_PROGRESS_ONE,
				   MQ_PG_ARGS(MQ_PG_TEXT(f->of.id), MQ_PG_INT(f->open_or_closed_since),
					      MQ_PG_INT(f->with_phone)),
				   progress_row, (void *)cb, cb_cls);
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_PROGRESS,
			   MQ_PG_OPINION_FILTER_ARGS(&f->of, MQ_PG_INT(f->open_or_closed_since),
						     MQ_PG_INT(f->with_phone)),
			   progress_row, (void *)cb, cb_cls);
}

static bool responsible_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	return ((mq_db_responsible_cb)cb)(cb_cls, mq_pg_str(r, 0), mq_pg_str(r, 1));
}

static enum mq_err db_responsibles_iterate(void *cls, mq_db_responsible_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_RESPONSIBLES, MQ_PG_NO_ARGS, responsible_row,
			   (void *)cb, cb_cls);
}

/* ---- supervision orders -------------------------------------------------- */

static enum mq_err db_order_insert(void *cls, const struct mq_db_order *o, int64_t *no)
{
	return mq_pg_write_one(cls, MQ_PG_DEADLINE, D_ORDER_INSERT,
			       MQ_PG_ARGS(MQ_PG_TEXT(o->id), MQ_PG_TEXT(o->studio),
					  MQ_PG_TEXT(o->topic), MQ_PG_TEXT(o->opinion),
					  MQ_PG_TEXT(o->note), MQ_PG_TEXT(o->due_day),
					  MQ_PG_INT(o->issued_at), MQ_PG_TEXT(o->issued_by)),
			       mq_pg_int_out, no, NULL);
}

static enum mq_err db_order_update(void *cls, const struct mq_db_order *o)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_ORDER_UPDATE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(o->id), MQ_PG_INT(o->acknowledged_at),
				    MQ_PG_TEXT(o->acknowledged_by),
				    MQ_PG_TEXT(o->answer ? o->answer : ""),
				    MQ_PG_INT(o->answered_at), MQ_PG_TEXT(o->answered_by)));
}

static bool order_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_order row = {
		.id = mq_pg_str(r, 0),
		.no = mq_pg_int(r, 1),
		.studio = mq_pg_str(r, 2),
		.studio_name = mq_pg_str(r, 3),
		.topic = mq_pg_text(r, 4),
		.opinion = mq_pg_text(r, 5),
		.subject_title = mq_pg_str(r, 6),
		.subject_no = mq_pg_int(r, 7),
		.note = mq_pg_str(r, 8),
		.due_day = mq_pg_str(r, 9),
		.issued_at = mq_pg_int(r, 10),
		.issued_by = mq_pg_str(r, 11),
		.acknowledged_at = mq_pg_int(r, 12),
		.acknowledged_by = mq_pg_text(r, 13),
		.answer = mq_pg_str(r, 14),
		.answered_at = mq_pg_int(r, 15),
		.answered_by = mq_pg_text(r, 16),
	};

	return ((mq_db_order_cb)cb)(cb_cls, &row);
}

static enum mq_err db_orders_iterate(void *cls, const struct mq_db_order_filter *f,
				     mq_db_order_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_ORDERS,
			   MQ_PG_ARGS(MQ_PG_OPT(f->studio), MQ_PG_OPT(f->id), MQ_PG_OPT(f->topic),
				      MQ_PG_OPT(f->opinion), MQ_PG_INT(f->open_only),
				      MQ_PG_INT(f->issued_from), MQ_PG_INT(f->issued_to),
				      MQ_PG_INT(f->limit ? f->limit : 200)),
			   order_row, (void *)cb, cb_cls);
}

/* ---- escalations --------------------------------------------------------- */

static enum mq_err db_escalation_insert(void *cls, const struct mq_db_escalation *e)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_ESCALATION_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(e->subject_kind), MQ_PG_TEXT(e->subject),
				    MQ_PG_TEXT(e->deadline), MQ_PG_TEXT(e->studio),
				    MQ_PG_INT(e->due_at), MQ_PG_INT(e->escalated_at)));
}

static bool escalation_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_escalation row = {
		.subject_kind = mq_pg_str(r, 0),
		.subject = mq_pg_str(r, 1),
		.deadline = mq_pg_str(r, 2),
		.studio = mq_pg_str(r, 3),
		.due_at = mq_pg_int(r, 4),
		.escalated_at = mq_pg_int(r, 5),
	};

	return ((mq_db_escalation_cb)cb)(cb_cls, &row);
}

static enum mq_err db_escalations_iterate(void *cls, const char *studio, mq_db_escalation_cb cb,
					  void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_ESCALATIONS, MQ_PG_ARGS(MQ_PG_OPT(studio)),
			   escalation_row, (void *)cb, cb_cls);
}

/* ---- notifications ------------------------------------------------------- */

static enum mq_err db_notice_insert(void *cls, const struct mq_db_notice *n)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_NOTICE_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(n->key), MQ_PG_TEXT(n->kind), MQ_PG_TEXT(n->target),
				    MQ_PG_TEXT(n->subject ? n->subject : ""), MQ_PG_TEXT(n->phone),
				    MQ_PG_TEXT(n->body), MQ_PG_INT(n->not_before),
				    MQ_PG_INT(n->created_at)));
}

static bool notice_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_notice row = {
		.key = mq_pg_str(r, 0),
		.kind = mq_pg_str(r, 1),
		.target = mq_pg_str(r, 2),
		.subject = mq_pg_str(r, 3),
		.phone = mq_pg_text(r, 4),
		.body = mq_pg_str(r, 5),
		.not_before = mq_pg_int(r, 6),
		.state = mq_pg_str(r, 7),
		.attempts = mq_pg_int(r, 8),
		.next_at = mq_pg_int(r, 9),
		.created_at = mq_pg_int(r, 10),
		.sent_at = mq_pg_int(r, 11),
		.last_error = mq_pg_str(r, 12),
	};

	return ((mq_db_notice_cb)cb)(cb_cls, &row);
}

static enum mq_err db_notices_due_iterate(void *cls, int64_t now, unsigned int limit,
					  mq_db_notice_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_NOTICES_DUE,
			   MQ_PG_ARGS(MQ_PG_INT(now), MQ_PG_INT(limit)), notice_row, (void *)cb,
			   cb_cls);
}

static enum mq_err db_notice_claim(void *cls, const char *key, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_NOTICE_CLAIM, MQ_ERR_CONFLICT,
			 MQ_PG_ARGS(MQ_PG_TEXT(key), MQ_PG_INT(now)));
}

static enum mq_err db_notice_finish(void *cls, const char *key, const char *state,
				    int64_t attempts, int64_t next_at, int64_t now,
				    const char *error)
{
	return mq_pg_run(cls, MQ_PG_DEADLINE, D_NOTICE_FINISH, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(key), MQ_PG_TEXT(state), MQ_PG_INT(attempts),
				    MQ_PG_INT(next_at), MQ_PG_INT(now),
				    MQ_PG_TEXT(error ? error : "")));
}

static enum mq_err db_notices_iterate(void *cls, const char *target, unsigned int limit,
				      mq_db_notice_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_DEADLINE, D_NOTICES_LIST,
			   MQ_PG_ARGS(MQ_PG_OPT(target), MQ_PG_INT(limit)), notice_row, (void *)cb,
			   cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_deadline_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_DEADLINE, dstmt_sql, D_COUNT);
	iface->calendar_years_iterate = db_calendar_years_iterate;
	iface->calendar_days_iterate = db_calendar_days_iterate;
	iface->calendar_year_replace = db_calendar_year_replace;
	iface->deadline_rules_version = db_deadline_rules_version;
	iface->deadline_limits_get = db_deadline_limits_get;
	iface->deadline_limits_set = db_deadline_limits_set;
	iface->webhooks_iterate = db_webhooks_iterate;
	iface->webhook_put = db_webhook_put;
	iface->webhook_delete = db_webhook_delete;
	iface->progress_iterate = db_progress_iterate;
	iface->responsibles_iterate = db_responsibles_iterate;
	iface->order_insert = db_order_insert;
	iface->order_update = db_order_update;
	iface->orders_iterate = db_orders_iterate;
	iface->escalation_insert = db_escalation_insert;
	iface->escalations_iterate = db_escalations_iterate;
	iface->notice_insert = db_notice_insert;
	iface->notices_due_iterate = db_notices_due_iterate;
	iface->notice_claim = db_notice_claim;
	iface->notice_finish = db_notice_finish;
	iface->notices_iterate = db_notices_iterate;
}
