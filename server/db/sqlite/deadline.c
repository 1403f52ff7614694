/* deadline.c — the SQLite implementation of the deadlines block of struct
 * mq_db (mq_db.h, rows in mq_db_deadline.h): the official calendar, the
 * time limits, webhooks, each opinion's progress, supervision orders,
 * escalations and the notification outbox (0006_deadlines.sql); on the
 * connection and lock of conn.c (mq_sqlite.h). Every statement is named in
 * the table below with its caller. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_sqlite.h"

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

/* A notification's columns 0..12, read by notice_row(); ?PHONE is the
 * phone column or NULL. */
#define NOTICE_COLS(phone) \
	"SELECT key, kind, target, subject, " phone ", body, not_before, state, attempts," \
	" next_at, created_at, coalesce(sent_at, 0), last_error FROM notices"

/* The columns of progress_row() and the tables they come from. */
#define PROGRESS_SELECT \
	"SELECT o.id, o.token, o.short_code, o.studio, s.name, c.name, o.text," \
	" CASE WHEN ?11 THEN o.contact_phone END, o.assigned_member, o.stage, o.disposition," \
	" o.topic, coalesce(t.no, 0), t.title, t.stage, o.created_at," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE " MQ_SQLITE_EVENT_OF_OPINION \
	"   AND e.stage <> 'collected'), 0)," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE " MQ_SQLITE_EVENT_OF_OPINION \
	"   AND e.stage <> 'collected' AND coalesce(e.public_note, '') <> ''), 0)," \
	" coalesce((SELECT min(e.at) FROM stage_events e WHERE " MQ_SQLITE_EVENT_OF_OPINION \
	"   AND e.stage = 'feedback'), 0)," \
	" coalesce(o.closed_at, t.closed_at, 0)" \
	" FROM opinions o JOIN studios s ON s.id = o.studio" \
	" JOIN categories c ON c.key = o.category" \
	" LEFT JOIN topics t ON t.id = o.topic"

/* Every statement of this file; the comment names its caller. */
static const struct mq_sqlite_stmt_def dstmt_sql[D_COUNT] = {
	/* caller: db_calendar_years_iterate */
	[D_CAL_YEARS] = { "calendar_years",
		"SELECT year, source, imported_at, imported_by FROM calendar_years ORDER BY year" },
	/* caller: db_calendar_days_iterate */
	[D_CAL_DAYS] = { "calendar_days",
		"SELECT day, kind = 'workday' FROM calendar_days ORDER BY day" },
	/* caller: db_calendar_year_replace */
	[D_CAL_DAYS_DELETE] = { "calendar_days_delete",
		"DELETE FROM calendar_days WHERE year = ?1" },
	/* caller: db_calendar_year_replace */
	[D_CAL_YEAR_PUT] = { "calendar_year_put",
		"INSERT INTO calendar_years (year, source, imported_at, imported_by)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (year) DO UPDATE SET"
		" source = excluded.source, imported_at = excluded.imported_at,"
		" imported_by = excluded.imported_by" },
	/* caller: db_calendar_year_replace */
	[D_CAL_DAY_INSERT] = { "calendar_day_insert",
		"INSERT INTO calendar_days (day, year, kind) VALUES (?1, ?2, ?3)" },
	/* caller: db_deadline_limits_get */
	[D_LIMITS_GET] = { "deadline_limits_get",
		"SELECT triage, answer, close, escalate, soon, updated_at, updated_by"
		" FROM deadline_limits WHERE id = 1" },
	/* caller: db_deadline_rules_version */
	[D_RULES_VERSION] = { "deadline_rules_version",
		"SELECT version FROM deadline_rules_version WHERE id = 1" },
	/* caller: db_deadline_limits_set */
	[D_LIMITS_SET] = { "deadline_limits_set",
		"UPDATE deadline_limits SET triage = ?1, answer = ?2, close = ?3, escalate = ?4,"
		" soon = ?5, updated_at = ?6, updated_by = ?7 WHERE id = 1" },
	/* caller: db_webhooks_iterate */
	[D_WEBHOOKS] = { "webhooks",
		"SELECT scope, url, format, updated_at, updated_by FROM webhooks ORDER BY scope" },
	/* caller: db_webhook_put */
	[D_WEBHOOK_PUT] = { "webhook_put",
		"INSERT INTO webhooks (scope, url, format, updated_at, updated_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (scope) DO UPDATE SET"
		" url = excluded.url, format = excluded.format, updated_at = excluded.updated_at,"
		" updated_by = excluded.updated_by" },
	/* caller: db_webhook_delete */
	[D_WEBHOOK_DELETE] = { "webhook_delete", "DELETE FROM webhooks WHERE scope = ?1" },
	/* caller: db_progress_iterate: the milestones, from the append-only
	 * stage history, of the opinions an opinion filter lists; open ones
	 * and those closed since ?10 (0: all); the phone only when ?11 asks */
	[D_PROGRESS] = { "progress",
		PROGRESS_SELECT MQ_SQLITE_OPINION_WHERE
		" AND (?10 = 0 OR coalesce(o.closed_at, t.closed_at) IS NULL"
		"      OR coalesce(o.closed_at, t.closed_at) >= ?10)"
		" ORDER BY o.created_at, o.id" },
	/* caller: db_progress_iterate: as progress, for a filter of one
	 * opinion's id only (one opinion's deadlines): its primary key, where the
	 * general filter's "?12 IS NULL OR" reads every opinion */
	[D_PROGRESS_ONE] = { "progress_one",
		PROGRESS_SELECT " WHERE o.id = ?12"
		" AND (?10 = 0 OR coalesce(o.closed_at, t.closed_at) IS NULL"
		"      OR coalesce(o.closed_at, t.closed_at) >= ?10)" },
	/* caller: db_responsibles_iterate */
	[D_RESPONSIBLES] = { "responsibles",
		"SELECT topic, member FROM topic_members"
		" UNION SELECT topic, assigned_member FROM opinions"
		" WHERE topic IS NOT NULL AND assigned_member IS NOT NULL ORDER BY 1, 2" },
	/* caller: db_order_insert */
	[D_ORDER_INSERT] = { "order_insert",
		"INSERT INTO supervision_orders (id, no, studio, topic, opinion, note, due_day,"
		" issued_at, issued_by) VALUES (?1,"
		" (SELECT coalesce(max(no), 0) + 1 FROM supervision_orders), ?2, ?3, ?4, ?5, ?6,"
		" ?7, ?8) RETURNING no" },
	/* caller: db_order_update */
	[D_ORDER_UPDATE] = { "order_update",
		"UPDATE supervision_orders SET acknowledged_at = nullif(?2, 0), acknowledged_by = ?3,"
		" answer = ?4, answered_at = nullif(?5, 0), answered_by = ?6 WHERE id = ?1" },
	/* caller: db_orders_iterate: open first by due day, then answered, newest first */
	[D_ORDERS] = { "orders",
		"SELECT o.id, o.no, o.studio, s.name, o.topic, o.opinion,"
		" coalesce(t.title, substr(op.text, 1, 60), ''), coalesce(t.no, 0), o.note,"
		" o.due_day, o.issued_at, o.issued_by, coalesce(o.acknowledged_at, 0),"
		" o.acknowledged_by, o.answer, coalesce(o.answered_at, 0), o.answered_by"
		" FROM supervision_orders o JOIN studios s ON s.id = o.studio"
		" LEFT JOIN topics t ON t.id = o.topic LEFT JOIN opinions op ON op.id = o.opinion"
		" WHERE (?1 IS NULL OR o.studio = ?1) AND (?2 IS NULL OR o.id = ?2)"
		" AND (?3 IS NULL OR o.topic = ?3) AND (?4 IS NULL OR o.opinion = ?4)"
		" AND (?5 = 0 OR o.answered_at IS NULL)"
		" AND (?6 = 0 OR o.issued_at >= ?6) AND (?7 = 0 OR o.issued_at < ?7)"
		" ORDER BY o.answered_at IS NOT NULL, CASE WHEN o.answered_at IS NULL"
		" THEN o.due_day END, o.answered_at DESC, o.no DESC LIMIT ?8" },
	/* caller: db_escalation_insert */
	[D_ESCALATION_INSERT] = { "escalation_insert",
		"INSERT INTO escalations (subject_kind, subject, deadline, studio, due_at,"
		" escalated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	/* caller: db_escalations_iterate */
	[D_ESCALATIONS] = { "escalations",
		"SELECT subject_kind, subject, deadline, studio, due_at, escalated_at"
		" FROM escalations WHERE (?1 IS NULL OR studio = ?1)"
		" ORDER BY escalated_at DESC, subject, deadline" },
	/* caller: db_notice_insert */
	[D_NOTICE_INSERT] = { "notice_insert",
		"INSERT INTO notices (key, kind, target, subject, phone, body, not_before,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" },
	/* caller: db_notices_due_iterate */
	[D_NOTICES_DUE] = { "notices_due",
		NOTICE_COLS("phone")
		" WHERE state IN ('queued', 'retry') AND next_at <= ?1 AND not_before <= ?1"
		" ORDER BY created_at, key LIMIT ?2" },
	/* caller: db_notice_claim */
	[D_NOTICE_CLAIM] = { "notice_claim",
		"UPDATE notices SET state = 'sending' WHERE key = ?1"
		" AND state IN ('queued', 'retry') AND next_at <= ?2 AND not_before <= ?2" },
	/* caller: db_notice_finish */
	[D_NOTICE_FINISH] = { "notice_finish",
		"UPDATE notices SET state = ?2, attempts = ?3, next_at = ?4,"
		" sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END, last_error = ?6,"
		" phone = CASE WHEN ?2 IN ('sent', 'failed') THEN NULL ELSE phone END"
		" WHERE key = ?1 AND state = 'sending'" },
	/* caller: db_notices_iterate (never the phone) */
	[D_NOTICES_LIST] = { "notices_list",
		NOTICE_COLS("NULL")
		" WHERE (?1 IS NULL OR target = ?1) ORDER BY created_at DESC, key LIMIT ?2" },
};

/* ---- the calendar -------------------------------------------------------- */

static bool year_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_calendar_year row = {
		.year = sqlite3_column_int(s, 0),
		.source = mq_sqlite_col_str(s, 1),
		.imported_at = sqlite3_column_int64(s, 2),
		.imported_by = mq_sqlite_col_str(s, 3),
	};

	return ((mq_db_calendar_year_cb)cb)(cb_cls, &row);
}

static enum mq_err db_calendar_years_iterate(void *cls, mq_db_calendar_year_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_DEADLINE, D_CAL_YEARS, NULL, year_row,
				     (void *)cb, cb_cls);
}

static bool day_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_calendar_day row = {
		.day = mq_sqlite_col_str(s, 0),
		.workday = sqlite3_column_int(s, 1) != 0,
	};

	return ((mq_db_calendar_day_cb)cb)(cb_cls, &row);
}

static enum mq_err db_calendar_days_iterate(void *cls, mq_db_calendar_day_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_DEADLINE, D_CAL_DAYS, NULL, day_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_calendar_year_replace(void *cls, const struct mq_db_calendar_year *y,
					    const struct mq_db_calendar_day *days, size_t n)
{
	enum mq_err err;

	err = mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_CAL_DAYS_DELETE, MQ_OK,
			    MQ_SQLITE_ARGS(MQ_INT(y->year)));
	if (err == MQ_OK)
		err = mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_CAL_YEAR_PUT, MQ_OK,
				    MQ_SQLITE_ARGS(MQ_INT(y->year), MQ_TEXT(y->source),
						   MQ_INT(y->imported_at), MQ_TEXT(y->imported_by)));
	for (size_t i = 0; err == MQ_OK && i < n; i++)
		err = mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_CAL_DAY_INSERT, MQ_OK,
				    MQ_SQLITE_ARGS(MQ_TEXT(days[i].day), MQ_INT(y->year),
						   MQ_TEXT(days[i].workday ? "workday" : "holiday")));
	return err;
}

/* ---- limits and webhooks ------------------------------------------------- */

static bool limits_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_deadline_limits *out = cb_cls;

	(void)cb;
	out->triage = sqlite3_column_int(s, 0);
	out->answer = sqlite3_column_int(s, 1);
	out->close = sqlite3_column_int(s, 2);
	out->escalate = sqlite3_column_int(s, 3);
	out->soon = sqlite3_column_int(s, 4);
	out->updated_at = sqlite3_column_int64(s, 5);
	mq_sqlite_col_copy(s, 6, out->updated_by, sizeof out->updated_by);
	return false;
}

static enum mq_err db_deadline_limits_get(void *cls, struct mq_db_deadline_limits *out)
{
	enum mq_err err;

	out->triage = 0;
	err = mq_sqlite_iterate_key(cls, MQ_SQLITE_DEADLINE, D_LIMITS_GET, NULL, limits_row, NULL,
				    out);
	return err == MQ_OK && out->triage == 0 ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_deadline_limits_set(void *cls, const struct mq_db_deadline_limits *l)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_LIMITS_SET, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_INT(l->triage), MQ_INT(l->answer), MQ_INT(l->close),
					    MQ_INT(l->escalate), MQ_INT(l->soon),
					    MQ_INT(l->updated_at), MQ_TEXT(l->updated_by)));
}

static bool webhook_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_webhook row = {
		.scope = mq_sqlite_col_str(s, 0),
		.url = mq_sqlite_col_str(s, 1),
		.format = MQ_HOOK_JSON,
		.updated_at = sqlite3_column_int64(s, 3),
		.updated_by = mq_sqlite_col_str(s, 4),
	};

	if (!mq_hook_format_parse(mq_sqlite_col_text(s, 2), &row.format))
		mq_log_error("db", "webhook %s has an unknown format", row.scope);
	return ((mq_db_webhook_cb)cb)(cb_cls, &row);
}

static enum mq_err db_webhooks_iterate(void *cls, mq_db_webhook_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_DEADLINE, D_WEBHOOKS, NULL, webhook_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_webhook_put(void *cls, const struct mq_db_webhook *w)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_WEBHOOK_PUT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(w->scope), MQ_TEXT(w->url),
					    MQ_TEXT(mq_hook_format_key(w->format)),
					    MQ_INT(w->updated_at), MQ_TEXT(w->updated_by)));
}

static enum mq_err db_webhook_delete(void *cls, const char *scope)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_WEBHOOK_DELETE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(scope)));
}

/* ---- progress ------------------------------------------------------------ */

static bool progress_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_progress row = {
		.id = mq_sqlite_col_str(s, 0),
		.token = mq_sqlite_col_str(s, 1),
		.short_code = mq_sqlite_col_str(s, 2),
		.studio = mq_sqlite_col_str(s, 3),
		.studio_name = mq_sqlite_col_str(s, 4),
		.category_name = mq_sqlite_col_str(s, 5),
		.text = mq_sqlite_col_str(s, 6),
		.contact_phone = mq_sqlite_col_text(s, 7),
		.assigned_member = mq_sqlite_col_text(s, 8),
		.stage = mq_sqlite_col_stage(s, 9),
		.disposition = mq_sqlite_col_text(s, 10),
		.topic = mq_sqlite_col_text(s, 11),
		.topic_no = sqlite3_column_int64(s, 12),
		.topic_title = mq_sqlite_col_text(s, 13),
		.topic_stage = MQ_STAGE_COLLECTED,
		.created_at = sqlite3_column_int64(s, 15),
		.triaged_at = sqlite3_column_int64(s, 16),
		.answered_at = sqlite3_column_int64(s, 17),
		.result_at = sqlite3_column_int64(s, 18),
		.closed_at = sqlite3_column_int64(s, 19),
	};

	if (row.topic)
		row.topic_stage = mq_sqlite_col_stage(s, 14);
	return ((mq_db_progress_cb)cb)(cb_cls, &row);
}

static enum mq_err db_deadline_rules_version(void *cls, struct mq_db_rules_version *out)
{
	out->instance = mq_sqlite_instance(cls);
	out->version = 0;
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE, D_RULES_VERSION, NULL, 0, mq_sqlite_int_out,
			       &out->version, NULL);
}

static enum mq_err db_progress_iterate(void *cls, const struct mq_db_progress_filter *f,
				       mq_db_progress_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE,
			       mq_db_opinion_filter_just_id(&f->of) ? D_PROGRESS_ONE : D_PROGRESS,
			       MQ_SQLITE_OPINION_FILTER_ARGS(&f->of,
							     MQ_INT(f->open_or_closed_since),
							     MQ_INT(f->with_phone)),
			       progress_row, (void *)cb, cb_cls);
}

static bool responsible_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	return ((mq_db_responsible_cb)cb)(cb_cls, mq_sqlite_col_str(s, 0),
					  mq_sqlite_col_str(s, 1));
}

static enum mq_err db_responsibles_iterate(void *cls, mq_db_responsible_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_DEADLINE, D_RESPONSIBLES, NULL,
				     responsible_row, (void *)cb, cb_cls);
}

/* ---- supervision orders -------------------------------------------------- */

static enum mq_err db_order_insert(void *cls, const struct mq_db_order *o, int64_t *no)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = mq_sqlite_stmt(cls, MQ_SQLITE_DEADLINE, D_ORDER_INSERT))) {
		mq_sqlite_bind_text(s, 1, o->id);
		mq_sqlite_bind_text(s, 2, o->studio);
		mq_sqlite_bind_text(s, 3, o->topic);
		mq_sqlite_bind_text(s, 4, o->opinion);
		mq_sqlite_bind_text(s, 5, o->note);
		mq_sqlite_bind_text(s, 6, o->due_day);
		sqlite3_bind_int64(s, 7, o->issued_at);
		mq_sqlite_bind_text(s, 8, o->issued_by);
		err = mq_sqlite_insert_returning(cls, s, no);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_order_update(void *cls, const struct mq_db_order *o)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_ORDER_UPDATE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(o->id), MQ_INT(o->acknowledged_at),
					    MQ_TEXT(o->acknowledged_by),
					    MQ_TEXT(o->answer ? o->answer : ""),
					    MQ_INT(o->answered_at), MQ_TEXT(o->answered_by)));
}

static bool order_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_order row = {
		.id = mq_sqlite_col_str(s, 0),
		.no = sqlite3_column_int64(s, 1),
		.studio = mq_sqlite_col_str(s, 2),
		.studio_name = mq_sqlite_col_str(s, 3),
		.topic = mq_sqlite_col_text(s, 4),
		.opinion = mq_sqlite_col_text(s, 5),
		.subject_title = mq_sqlite_col_str(s, 6),
		.subject_no = sqlite3_column_int64(s, 7),
		.note = mq_sqlite_col_str(s, 8),
		.due_day = mq_sqlite_col_str(s, 9),
		.issued_at = sqlite3_column_int64(s, 10),
		.issued_by = mq_sqlite_col_str(s, 11),
		.acknowledged_at = sqlite3_column_int64(s, 12),
		.acknowledged_by = mq_sqlite_col_text(s, 13),
		.answer = mq_sqlite_col_str(s, 14),
		.answered_at = sqlite3_column_int64(s, 15),
		.answered_by = mq_sqlite_col_text(s, 16),
	};

	return ((mq_db_order_cb)cb)(cb_cls, &row);
}

static enum mq_err db_orders_iterate(void *cls, const struct mq_db_order_filter *f,
				     mq_db_order_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE, D_ORDERS,
			       MQ_SQLITE_ARGS(MQ_OPT(f->studio), MQ_OPT(f->id), MQ_OPT(f->topic),
					      MQ_OPT(f->opinion), MQ_INT(f->open_only),
					      MQ_INT(f->issued_from), MQ_INT(f->issued_to),
					      MQ_INT(f->limit ? f->limit : 200)),
			       order_row, (void *)cb, cb_cls);
}

/* ---- escalations --------------------------------------------------------- */

static enum mq_err db_escalation_insert(void *cls, const struct mq_db_escalation *e)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_ESCALATION_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(e->subject_kind), MQ_TEXT(e->subject),
					    MQ_TEXT(e->deadline), MQ_TEXT(e->studio),
					    MQ_INT(e->due_at), MQ_INT(e->escalated_at)));
}

static bool escalation_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_escalation row = {
		.subject_kind = mq_sqlite_col_str(s, 0),
		.subject = mq_sqlite_col_str(s, 1),
		.deadline = mq_sqlite_col_str(s, 2),
		.studio = mq_sqlite_col_str(s, 3),
		.due_at = sqlite3_column_int64(s, 4),
		.escalated_at = sqlite3_column_int64(s, 5),
	};

	return ((mq_db_escalation_cb)cb)(cb_cls, &row);
}

static enum mq_err db_escalations_iterate(void *cls, const char *studio, mq_db_escalation_cb cb,
					  void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE, D_ESCALATIONS,
			       MQ_SQLITE_ARGS(MQ_OPT(studio)), escalation_row, (void *)cb, cb_cls);
}

/* ---- notifications ------------------------------------------------------- */

static enum mq_err db_notice_insert(void *cls, const struct mq_db_notice *n)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_NOTICE_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(n->key), MQ_TEXT(n->kind), MQ_TEXT(n->target),
					    MQ_TEXT(n->subject ? n->subject : ""),
					    MQ_TEXT(n->phone), MQ_TEXT(n->body),
					    MQ_INT(n->not_before), MQ_INT(n->created_at)));
}

static bool notice_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_notice row = {
		.key = mq_sqlite_col_str(s, 0),
		.kind = mq_sqlite_col_str(s, 1),
		.target = mq_sqlite_col_str(s, 2),
		.subject = mq_sqlite_col_str(s, 3),
		.phone = mq_sqlite_col_text(s, 4),
		.body = mq_sqlite_col_str(s, 5),
		.not_before = sqlite3_column_int64(s, 6),
		.state = mq_sqlite_col_str(s, 7),
		.attempts = sqlite3_column_int64(s, 8),
		.next_at = sqlite3_column_int64(s, 9),
		.created_at = sqlite3_column_int64(s, 10),
		.sent_at = sqlite3_column_int64(s, 11),
		.last_error = mq_sqlite_col_str(s, 12),
	};

	return ((mq_db_notice_cb)cb)(cb_cls, &row);
}

static enum mq_err db_notices_due_iterate(void *cls, int64_t now, unsigned int limit,
					  mq_db_notice_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE, D_NOTICES_DUE,
			       MQ_SQLITE_ARGS(MQ_INT(now), MQ_INT(limit)), notice_row, (void *)cb,
			       cb_cls);
}

static enum mq_err db_notice_claim(void *cls, const char *key, int64_t now)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_NOTICE_CLAIM, MQ_ERR_CONFLICT,
			     MQ_SQLITE_ARGS(MQ_TEXT(key), MQ_INT(now)));
}

static enum mq_err db_notice_finish(void *cls, const char *key, const char *state,
				    int64_t attempts, int64_t next_at, int64_t now,
				    const char *error)
{
	return mq_sqlite_run(cls, MQ_SQLITE_DEADLINE, D_NOTICE_FINISH, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(key), MQ_TEXT(state), MQ_INT(attempts),
					    MQ_INT(next_at), MQ_INT(now),
					    MQ_TEXT(error ? error : "")));
}

static enum mq_err db_notices_iterate(void *cls, const char *target, unsigned int limit,
				      mq_db_notice_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_DEADLINE, D_NOTICES_LIST,
			       MQ_SQLITE_ARGS(MQ_OPT(target), MQ_INT(limit)), notice_row,
			       (void *)cb, cb_cls);
}

enum mq_err mq_sqlite_deadline_init(struct mq_db *iface)
{
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
	return mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_DEADLINE, dstmt_sql, D_COUNT);
}
