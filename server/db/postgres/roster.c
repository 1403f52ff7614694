/* roster.c — the PostgreSQL implementation of the roster block of struct
 * mq_db (rows in mq_db_roster.h), as server/db/sqlite/roster.c: duty shifts
 * and slots, closures, bookings, attendance and reminders. Every statement
 * is named in the table below with its caller.
 *
 * Capacity is the database's business: bookings_capacity (0003) locks the
 * slot's row, counts, and raises 'slot_unavailable' (SQLSTATE 23MQS) when
 * the slot is full or its shift cancelled; booking_insert then stores the
 * booking as refused, the failed insert undone by its savepoint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

enum rstmt {
	R_SHIFT_INSERT,
	R_SHIFT_GET,
	R_SHIFT_OVERLAP,
	R_SHIFT_CANCEL,
	R_SHIFT_CANCEL_BOOKINGS,
	R_SHIFTS_OF,
	R_SLOT_INSERT,
	R_SLOT_GET,
	R_SLOTS_OF,
	R_CLOSURE_INSERT,
	R_CLOSURE_GET,
	R_BOOKING_INSERT,
	R_BOOKING_GET,
	R_BOOKING_GET_BY_TOKEN,
	R_BOOKING_CANCEL,
	R_BOOKING_MARK,
	R_REPORT_BOOKINGS,
	R_SHIFT_BOOKINGS,
	R_MEMBER_BY_BADGE,
	R_CREDENTIALS_OF,
	R_ATTENDANCE_INSERT,
	R_ATTENDANCE_RANGE,
	R_REMINDER_CANDIDATES,
	R_REMINDER_CLAIM,
	R_REMINDER_FINISH,
	R_ROSTER_SHIFTS,
	R_CLOSURES_OF,
	R_COUNT
};

#define SHIFT_COLS "s.id, s.studio, s.member, s.start_at, s.end_at, s.slot_minutes, s.capacity," \
		   " s.status, s.note, s.source"
#define TAKEN "(SELECT count(*) FROM bookings b WHERE b.slot = t.id" \
	      " AND b.status IN ('booked', 'attended', 'no_show'))"
#define SLOT_COLS "t.id, t.start_at, t.end_at, t.capacity, " TAKEN ", " SHIFT_COLS
#define BOOKING_COLS \
	"b.id, b.token, b.short_code, b.slot, b.studio, b.name, b.phone, b.topic," \
	" b.channel, b.created_at, b.status, b.sequence, b.updated_at, b.cancel_reason," \
	" t.start_at, t.end_at, s.id, s.member, m.name, m.sector, st.name," \
	" coalesce(st.address, ''), s.status"
#define BOOKING_FROM \
	" FROM bookings b JOIN duty_slots t ON t.id = b.slot" \
	" JOIN duty_shifts s ON s.id = t.shift JOIN members m ON m.key = s.member" \
	" JOIN studios st ON st.id = b.studio"
#define BOOKING_VIEW "SELECT " BOOKING_COLS BOOKING_FROM
#define BOOKING_VIEW_NCOLS 23

/* Every statement of this block; the comment names its caller. */
static const struct mq_pg_stmt_def rsql[R_COUNT] = {
	/* caller: db_shift_insert */
	[R_SHIFT_INSERT] = { "shift_insert",
		"INSERT INTO duty_shifts (id, studio, member, start_at, end_at, slot_minutes,"
		" capacity, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)" },
	/* caller: db_shift_get */
	[R_SHIFT_GET] = { "shift_get",
		"SELECT " SHIFT_COLS " FROM duty_shifts s WHERE s.id = $1" },
	/* caller: db_shift_find_overlap */
	[R_SHIFT_OVERLAP] = { "shift_overlap",
		"SELECT " SHIFT_COLS " FROM duty_shifts s WHERE s.studio = $1"
		" AND s.status = 'active' AND s.start_at < $3 AND $2 < s.end_at"
		" AND s.id <> coalesce($4, '') ORDER BY s.start_at LIMIT 1" },
	/* caller: db_shift_cancel */
	[R_SHIFT_CANCEL] = { "shift_cancel",
		"UPDATE duty_shifts SET status = 'cancelled', note = $2"
		" WHERE id = $1 AND status = 'active'" },
	/* caller: db_shift_cancel */
	[R_SHIFT_CANCEL_BOOKINGS] = { "shift_cancel_bookings",
		"UPDATE bookings SET status = 'cancelled', sequence = sequence + 1,"
		" cancel_reason = $2, updated_at = $3"
		" WHERE status = 'booked' AND slot IN (SELECT id FROM duty_slots WHERE shift = $1)" },
	/* caller: db_shifts_iterate */
	[R_SHIFTS_OF] = { "shifts_of",
		"SELECT s.id, s.studio, st.name, s.member, m.name, s.start_at, s.end_at"
		" FROM duty_shifts s JOIN studios st ON st.id = s.studio"
		" JOIN members m ON m.key = s.member"
		" WHERE s.status = 'active' AND ($1::text IS NULL OR s.studio = $1)"
		" AND s.start_at >= $2 AND s.start_at < $3 ORDER BY s.studio, s.start_at" },
	/* caller: db_slot_insert */
	[R_SLOT_INSERT] = { "slot_insert",
		"INSERT INTO duty_slots (id, shift, start_at, end_at, capacity)"
		" VALUES ($1, $2, $3, $4, $5)" },
	/* caller: db_slot_get */
	[R_SLOT_GET] = { "slot_get",
		"SELECT " SLOT_COLS " FROM duty_slots t JOIN duty_shifts s ON s.id = t.shift"
		" WHERE t.id = $1" },
	/* caller: db_slots_iterate */
	[R_SLOTS_OF] = { "slots_of",
		"SELECT " SLOT_COLS " FROM duty_slots t JOIN duty_shifts s ON s.id = t.shift"
		" WHERE s.studio = $1 AND s.status = 'active' AND t.end_at > $2 AND s.start_at < $3"
		" AND ($4::bigint = 0 OR (t.start_at > $2 AND " TAKEN " < t.capacity))"
		" ORDER BY t.start_at, t.id LIMIT $5" },
	/* caller: db_closure_insert */
	[R_CLOSURE_INSERT] = { "closure_insert",
		"INSERT INTO studio_closures (studio, day, kind, reason) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (studio, day) DO NOTHING" },
	/* caller: db_closure_get */
	[R_CLOSURE_GET] = { "closure_get",
		"SELECT reason FROM studio_closures WHERE day = $2 AND studio IN ($1, '*')"
		" ORDER BY studio = '*' LIMIT 1" },
	/* caller: db_booking_insert */
	[R_BOOKING_INSERT] = { "booking_insert",
		"INSERT INTO bookings (id, token, short_code, slot, studio, name, phone, topic,"
		" status, channel, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)" },
	/* caller: db_booking_get */
	[R_BOOKING_GET] = { "booking_get", BOOKING_VIEW " WHERE b.id = $1" },
	/* caller: db_booking_get_by_token */
	[R_BOOKING_GET_BY_TOKEN] = { "booking_get_by_token", BOOKING_VIEW " WHERE b.token = $1" },
	/* caller: db_booking_cancel */
	[R_BOOKING_CANCEL] = { "booking_cancel",
		"UPDATE bookings SET status = 'cancelled', sequence = sequence + 1,"
		" cancel_reason = $2, updated_at = $3 WHERE id = $1 AND status = 'booked'" },
	/* caller: db_booking_mark */
	[R_BOOKING_MARK] = { "booking_mark",
		"UPDATE bookings SET status = $2, updated_at = $3"
		" WHERE id = $1 AND status IN ('booked', 'attended', 'no_show')" },
	/* caller: db_report_bookings_iterate */
	[R_REPORT_BOOKINGS] = { "report_bookings",
		"SELECT t.shift, b.status, t.end_at FROM bookings b"
		" JOIN duty_slots t ON t.id = b.slot JOIN duty_shifts s ON s.id = t.shift"
		" WHERE s.start_at >= $1 AND s.start_at < $2"
		" AND b.status IN ('booked', 'attended', 'no_show') ORDER BY t.start_at" },
	/* caller: db_shift_bookings_iterate */
	[R_SHIFT_BOOKINGS] = { "shift_bookings",
		"SELECT b.id, t.shift, b.slot, b.name, coalesce(b.topic, ''), b.status"
		" FROM bookings b JOIN duty_slots t ON t.id = b.slot"
		" JOIN duty_shifts s ON s.id = t.shift"
		" WHERE s.studio = $1 AND s.start_at >= $2 AND s.start_at < $3"
		" AND b.status IN ('booked', 'attended', 'no_show') ORDER BY t.start_at, b.created_at" },
	/* caller: db_member_get_by_badge */
	[R_MEMBER_BY_BADGE] = { "member_by_badge",
		"SELECT key, name, sector, expertise, studio FROM members"
		" WHERE studio = $1 AND badge_code = $2" },
	/* caller: db_member_credentials_iterate */
	[R_CREDENTIALS_OF] = { "credentials_of",
		"SELECT key, badge_code, pin_hash FROM members WHERE studio = $1"
		" ORDER BY sort, key" },
	/* caller: db_attendance_insert */
	[R_ATTENDANCE_INSERT] = { "attendance_insert",
		"INSERT INTO attendance (id, member, studio, kind, method, at)"
		" VALUES ($1, $2, $3, $4, $5, $6)" },
	/* caller: db_attendance_iterate */
	[R_ATTENDANCE_RANGE] = { "attendance_range",
		"SELECT id, member, studio, kind, method, at FROM attendance"
		" WHERE at >= $1 AND at < $2 ORDER BY member, at, kind" },
	/* caller: db_reminder_candidates_iterate */
	[R_REMINDER_CANDIDATES] = { "reminder_candidates",
		"SELECT " BOOKING_COLS ", coalesce(r.state, ''), coalesce(r.attempts, 0),"
		" coalesce(r.next_at, 0)" BOOKING_FROM
		" LEFT JOIN reminders r ON r.booking = b.id"
		" WHERE b.status = 'booked' AND t.start_at > $1 AND t.start_at <= $2"
		" AND (r.booking IS NULL OR (r.state = 'retry' AND r.next_at <= $1))"
		" ORDER BY t.start_at, b.id" },
	/* caller: db_reminder_claim */
	[R_REMINDER_CLAIM] = { "reminder_claim",
		"INSERT INTO reminders (booking, state, attempts, next_at)"
		" SELECT id, 'sending', 0, $2::bigint FROM bookings WHERE id = $1 AND status = 'booked'"
		" ON CONFLICT (booking) DO UPDATE SET state = 'sending'"
		" WHERE reminders.state = 'retry' AND reminders.next_at <= $2" },
	/* caller: db_reminder_finish */
	[R_REMINDER_FINISH] = { "reminder_finish",
		"UPDATE reminders SET state = $2, attempts = $3, next_at = $4,"
		" sent_at = CASE WHEN $2 = 'sent' THEN $5::bigint ELSE sent_at END, last_error = $6"
		" WHERE booking = $1 AND state = 'sending'" },
	/* caller: db_roster_shifts_iterate */
	[R_ROSTER_SHIFTS] = { "roster_shifts",
		"SELECT " SHIFT_COLS ", m.name,"
		" (SELECT count(*) FROM duty_slots t WHERE t.shift = s.id),"
		" (SELECT coalesce(sum(t.capacity), 0) FROM duty_slots t WHERE t.shift = s.id),"
		" (SELECT count(*) FROM duty_slots t JOIN bookings b ON b.slot = t.id"
		"   WHERE t.shift = s.id AND b.status IN ('booked', 'attended', 'no_show')),"
		" (SELECT count(*) FROM duty_slots t JOIN bookings b ON b.slot = t.id"
		"   WHERE t.shift = s.id AND b.status = 'cancelled')"
		" FROM duty_shifts s JOIN members m ON m.key = s.member"
		" WHERE ($1::text IS NULL OR s.studio = $1) AND ($2::text IS NULL OR s.member = $2)"
		" AND s.start_at >= $3 AND s.start_at < $4 ORDER BY s.start_at, s.status, s.id" },
	/* caller: db_closures_iterate */
	[R_CLOSURES_OF] = { "closures_of",
		"SELECT studio, day, kind, reason FROM studio_closures"
		" WHERE studio IN ($1, '*') AND day >= $2 AND day < $3 ORDER BY day, studio" },
};


/* Iterates statement @p id with its $1 and $2 bound to the range [@p from, @p to). */
static enum mq_err range_iterate(void *cls, enum rstmt id, int64_t from, int64_t to,
				 mq_pg_row_fn row, void *cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, id, MQ_PG_ARGS(MQ_PG_INT(from), MQ_PG_INT(to)),
			   row, cb, cb_cls);
}

/* Reads SHIFT_COLS starting at column @p c. */
static void shift_read(const struct mq_pg_row *r, int c, struct mq_db_shift *out)
{
	mq_pg_copy(r, c, out->id, sizeof out->id);
	mq_pg_copy(r, c + 1, out->studio, sizeof out->studio);
	mq_pg_copy(r, c + 2, out->member, sizeof out->member);
	out->start_at = mq_pg_int(r, c + 3);
	out->end_at = mq_pg_int(r, c + 4);
	out->slot_minutes = (int)mq_pg_int(r, c + 5);
	out->capacity = (int)mq_pg_int(r, c + 6);
	out->active = strcmp(mq_pg_str(r, c + 7), "active") == 0;
	mq_pg_copy(r, c + 8, out->note, sizeof out->note);
	mq_pg_copy(r, c + 9, out->source, sizeof out->source);
}

static bool shift_out(const struct mq_pg_row *r, void *o, void *unused)
{
	shift_read(r, 0, o);
	return false;
}

/* Reads SLOT_COLS. */
static void slot_read(const struct mq_pg_row *r, struct mq_db_slot *out)
{
	mq_pg_copy(r, 0, out->id, sizeof out->id);
	out->start_at = mq_pg_int(r, 1);
	out->end_at = mq_pg_int(r, 2);
	out->capacity = (int)mq_pg_int(r, 3);
	out->taken = (int)mq_pg_int(r, 4);
	shift_read(r, 5, &out->shift);
}

static bool slot_out(const struct mq_pg_row *r, void *o, void *unused)
{
	slot_read(r, o);
	return false;
}

/* Reads BOOKING_VIEW's columns. */
static void booking_view_read(const struct mq_pg_row *r, struct mq_db_booking_view *v)
{
	memset(v, 0, sizeof *v);
	v->b.id = mq_pg_text(r, 0);
	v->b.token = mq_pg_text(r, 1);
	v->b.short_code = mq_pg_text(r, 2);
	v->b.slot = mq_pg_text(r, 3);
	v->b.studio = mq_pg_text(r, 4);
	v->b.name = mq_pg_text(r, 5);
	v->b.phone = mq_pg_text(r, 6);
	v->b.topic = mq_pg_text(r, 7);
	v->b.channel = mq_pg_text(r, 8);
	v->b.created_at = mq_pg_int(r, 9);
	v->status = mq_pg_text(r, 10);
	v->sequence = mq_pg_int(r, 11);
	v->updated_at = mq_pg_int(r, 12);
	v->cancel_reason = mq_pg_text(r, 13);
	v->slot_start = mq_pg_int(r, 14);
	v->slot_end = mq_pg_int(r, 15);
	v->shift = mq_pg_text(r, 16);
	v->member = mq_pg_text(r, 17);
	v->member_name = mq_pg_text(r, 18);
	v->member_sector = mq_pg_text(r, 19);
	v->studio_name = mq_pg_text(r, 20);
	v->studio_address = mq_pg_text(r, 21);
	v->shift_active = strcmp(mq_pg_str(r, 22), "active") == 0;
}

/* ---- shifts, slots, closures --------------------------------------------- */

static enum mq_err db_shift_insert(void *cls, const struct mq_db_shift *sh)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_SHIFT_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(sh->id), MQ_PG_TEXT(sh->studio),
				    MQ_PG_TEXT(sh->member), MQ_PG_INT(sh->start_at),
				    MQ_PG_INT(sh->end_at), MQ_PG_INT(sh->slot_minutes),
				    MQ_PG_INT(sh->capacity),
				    MQ_PG_TEXT(sh->source[0] ? sh->source : "import")));
}

static enum mq_err db_shift_get(void *cls, const char *id, struct mq_db_shift *out)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_SHIFT_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)),
			       shift_out, out, NULL);
}

static enum mq_err db_shift_find_overlap(void *cls, const char *studio, int64_t start,
					 int64_t end, const char *except, struct mq_db_shift *out)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_SHIFT_OVERLAP,
			       MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_INT(start), MQ_PG_INT(end),
					  MQ_PG_TEXT(except)),
			       shift_out, out, NULL);
}

static enum mq_err db_shift_cancel(void *cls, const char *id, const char *note, int64_t now,
				   int64_t *n_bookings)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_ROSTER, R_SHIFT_CANCEL, MQ_ERR_NOT_FOUND,
			   MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_TEXT(note)), NULL);
	if (err == MQ_OK)
		err = mq_pg_run_on(c, MQ_PG_ROSTER, R_SHIFT_CANCEL_BOOKINGS, MQ_OK,
				   MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_TEXT(note), MQ_PG_INT(now)),
				   n_bookings);
	mq_pg_release(cls, c);
	return err;
}

static bool report_shift_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_report_shift row = {
		.id = mq_pg_text(r, 0),
		.studio = mq_pg_text(r, 1),
		.studio_name = mq_pg_text(r, 2),
		.member = mq_pg_text(r, 3),
		.member_name = mq_pg_text(r, 4),
		.start_at = mq_pg_int(r, 5),
		.end_at = mq_pg_int(r, 6),
	};

	return ((mq_db_report_shift_cb)cb)(cb_cls, &row);
}

static enum mq_err db_shifts_iterate(void *cls, const char *studio, int64_t from, int64_t to,
				     mq_db_report_shift_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_SHIFTS_OF,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_INT(from), MQ_PG_INT(to)),
			   report_shift_row, (void *)cb, cb_cls);
}

static enum mq_err db_slot_insert(void *cls, const struct mq_db_slot *sl)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_SLOT_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(sl->id), MQ_PG_TEXT(sl->shift.id),
				    MQ_PG_INT(sl->start_at), MQ_PG_INT(sl->end_at),
				    MQ_PG_INT(sl->capacity)));
}

static enum mq_err db_slot_get(void *cls, const char *id, struct mq_db_slot *out)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_SLOT_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)),
			       slot_out, out, NULL);
}

static bool slot_list_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_slot row;

	slot_read(r, &row);
	return ((mq_db_slot_cb)cb)(cb_cls, &row);
}

static enum mq_err db_slots_iterate(void *cls, const char *studio, int64_t from, int64_t to,
				    bool free_only, unsigned int limit, mq_db_slot_cb cb,
				    void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_SLOTS_OF,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_INT(from), MQ_PG_INT(to),
				      MQ_PG_INT(free_only ? 1 : 0), MQ_PG_INT(limit)),
			   slot_list_row, (void *)cb, cb_cls);
}

static enum mq_err db_closure_insert(void *cls, const char *studio, const char *day,
				     const char *kind, const char *reason)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_CLOSURE_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(day), MQ_PG_TEXT(kind),
				    MQ_PG_TEXT(reason ? reason : "")));
}

struct text_out {
	char *buf;
	size_t size;
};

static bool text_out(const struct mq_pg_row *r, void *o, void *unused)
{
	struct text_out *t = o;

	if (t->buf && t->size)
		mq_pg_copy(r, 0, t->buf, t->size);
	return false;
}

static enum mq_err db_closure_get(void *cls, const char *studio, const char *day, char *reason,
				  size_t size)
{
	struct text_out t = { reason, size };

	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_CLOSURE_GET,
			       MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(day)), text_out, &t, NULL);
}

/* ---- bookings ------------------------------------------------------------ */

/* Runs the booking insert of @p b with @p status on @p c. */
static enum mq_err insert_booking(struct mq_pg_conn *c, const struct mq_db_booking *b,
				  const char *status)
{
	return mq_pg_run_on(c, MQ_PG_ROSTER, R_BOOKING_INSERT, MQ_OK,
			    MQ_PG_ARGS(MQ_PG_TEXT(b->id), MQ_PG_TEXT(b->token),
				       MQ_PG_TEXT(b->short_code), MQ_PG_TEXT(b->slot),
				       MQ_PG_TEXT(b->studio), MQ_PG_TEXT(b->name),
				       MQ_PG_TEXT(b->phone), MQ_PG_TEXT(b->topic ? b->topic : ""),
				       MQ_PG_TEXT(status),
				       MQ_PG_TEXT(b->channel ? b->channel : "kiosk"),
				       MQ_PG_INT(b->created_at)),
			    NULL);
}

static enum mq_err db_booking_insert(void *cls, const struct mq_db_booking *b, bool *placed)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	*placed = false;
	if (!c)
		return MQ_ERR_DB;
	err = insert_booking(c, b, "booked");
	if (err == MQ_OK) {
		*placed = true;
	} else if (err == MQ_ERR_CONFLICT && strcmp(mq_pg_last_state(c), "23MQS") == 0) {
		/* The trigger counted the places under the slot's lock: full. Its
		 * insert alone was undone; keep the booking as refused. */
		err = insert_booking(c, b, "refused");
	}
	mq_pg_release(cls, c);
	return err;
}

static bool booking_view_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_booking_view v;

	booking_view_read(r, &v);
	((mq_db_booking_cb)cb)(cb_cls, &v);
	return false;
}

static enum mq_err db_booking_get(void *cls, const char *id, mq_db_booking_cb cb, void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_BOOKING_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)),
			       booking_view_row, (void *)cb, cb_cls);
}

static enum mq_err db_booking_get_by_token(void *cls, const char *token, mq_db_booking_cb cb,
					   void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_BOOKING_GET_BY_TOKEN,
			       MQ_PG_ARGS(MQ_PG_TEXT(token)), booking_view_row, (void *)cb, cb_cls);
}

static enum mq_err db_booking_cancel(void *cls, const char *id, const char *reason, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_BOOKING_CANCEL, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_TEXT(reason ? reason : ""),
				    MQ_PG_INT(now)));
}

static enum mq_err db_booking_mark(void *cls, const char *id, const char *status, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_BOOKING_MARK, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_TEXT(status), MQ_PG_INT(now)));
}

static bool report_booking_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_report_booking row = {
		.shift = mq_pg_text(r, 0),
		.status = mq_pg_text(r, 1),
		.slot_end = mq_pg_int(r, 2),
	};

	return ((mq_db_report_booking_cb)cb)(cb_cls, &row);
}

static enum mq_err db_report_bookings_iterate(void *cls, int64_t from, int64_t to,
					      mq_db_report_booking_cb cb, void *cb_cls)
{
	return range_iterate(cls, R_REPORT_BOOKINGS, from, to, report_booking_row, (void *)cb,
			     cb_cls);
}

static bool shift_booking_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_shift_booking row = {
		.id = mq_pg_text(r, 0),
		.shift = mq_pg_text(r, 1),
		.slot = mq_pg_text(r, 2),
		.name = mq_pg_text(r, 3),
		.topic = mq_pg_text(r, 4),
		.status = mq_pg_text(r, 5),
	};

	return ((mq_db_shift_booking_cb)cb)(cb_cls, &row);
}

static enum mq_err db_shift_bookings_iterate(void *cls, const char *studio, int64_t from,
					     int64_t to, mq_db_shift_booking_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_SHIFT_BOOKINGS,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_INT(from), MQ_PG_INT(to)),
			   shift_booking_row, (void *)cb, cb_cls);
}

/* ---- members, attendance ------------------------------------------------- */

static bool member_out(const struct mq_pg_row *r, void *o, void *unused)
{
	mq_pg_read_member(r, o);
	return false;
}

static enum mq_err db_member_get_by_badge(void *cls, const char *studio, const char *badge,
					  struct mq_db_member *out)
{
	return mq_pg_query_one(cls, MQ_PG_ROSTER, R_MEMBER_BY_BADGE,
			       MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(badge)), member_out, out,
			       NULL);
}

static bool credentials_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_member_credentials row = {
		.key = mq_pg_text(r, 0),
		.badge_code = mq_pg_text(r, 1),
		.pin_hash = mq_pg_text(r, 2),
	};

	return ((mq_db_credentials_cb)cb)(cb_cls, &row);
}

static enum mq_err db_member_credentials_iterate(void *cls, const char *studio,
						 mq_db_credentials_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_CREDENTIALS_OF, MQ_PG_ARGS(MQ_PG_TEXT(studio)),
			   credentials_row, (void *)cb, cb_cls);
}

static enum mq_err db_attendance_insert(void *cls, const struct mq_db_attendance *a)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_ATTENDANCE_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(a->id), MQ_PG_TEXT(a->member),
				    MQ_PG_TEXT(a->studio), MQ_PG_TEXT(a->kind),
				    MQ_PG_TEXT(a->method), MQ_PG_INT(a->at)));
}

static bool attendance_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_attendance row = {
		.id = mq_pg_text(r, 0),
		.member = mq_pg_text(r, 1),
		.studio = mq_pg_text(r, 2),
		.kind = mq_pg_text(r, 3),
		.method = mq_pg_text(r, 4),
		.at = mq_pg_int(r, 5),
	};

	return ((mq_db_attendance_cb)cb)(cb_cls, &row);
}

static enum mq_err db_attendance_iterate(void *cls, int64_t from, int64_t to,
					 mq_db_attendance_cb cb, void *cb_cls)
{
	return range_iterate(cls, R_ATTENDANCE_RANGE, from, to, attendance_row, (void *)cb,
			     cb_cls);
}

/* ---- reminders ----------------------------------------------------------- */

static bool reminder_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_reminder_candidate row;

	booking_view_read(r, &row.v);
	row.state = mq_pg_text(r, BOOKING_VIEW_NCOLS);
	row.attempts = mq_pg_int(r, BOOKING_VIEW_NCOLS + 1);
	row.next_at = mq_pg_int(r, BOOKING_VIEW_NCOLS + 2);
	return ((mq_db_reminder_cb)cb)(cb_cls, &row);
}

static enum mq_err db_reminder_candidates_iterate(void *cls, int64_t now, int64_t until,
						  mq_db_reminder_cb cb, void *cb_cls)
{
	return range_iterate(cls, R_REMINDER_CANDIDATES, now, until, reminder_row, (void *)cb,
			     cb_cls);
}

static enum mq_err db_reminder_claim(void *cls, const char *booking, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_REMINDER_CLAIM, MQ_ERR_CONFLICT,
			 MQ_PG_ARGS(MQ_PG_TEXT(booking), MQ_PG_INT(now)));
}

static enum mq_err db_reminder_finish(void *cls, const char *booking, const char *state,
				      int64_t attempts, int64_t next_at, int64_t now,
				      const char *error)
{
	return mq_pg_run(cls, MQ_PG_ROSTER, R_REMINDER_FINISH, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(booking), MQ_PG_TEXT(state), MQ_PG_INT(attempts),
				    MQ_PG_INT(next_at), MQ_PG_INT(now),
				    MQ_PG_TEXT(error ? error : "")));
}

/* ---- the console's roster page ------------------------------------------- */

static bool roster_shift_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_roster_shift row;

	memset(&row, 0, sizeof row);
	shift_read(r, 0, &row.shift);
	row.member_name = mq_pg_text(r, 10);
	row.slots = (int)mq_pg_int(r, 11);
	row.places = (int)mq_pg_int(r, 12);
	row.taken = (int)mq_pg_int(r, 13);
	row.cancelled = (int)mq_pg_int(r, 14);
	return ((mq_db_roster_shift_cb)cb)(cb_cls, &row);
}

static enum mq_err db_roster_shifts_iterate(void *cls, const char *studio, const char *member,
					    int64_t from, int64_t to, mq_db_roster_shift_cb cb,
					    void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_ROSTER_SHIFTS,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(member), MQ_PG_INT(from),
				      MQ_PG_INT(to)),
			   roster_shift_row, (void *)cb, cb_cls);
}

static bool closure_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_closure row = {
		.studio = mq_pg_text(r, 0),
		.day = mq_pg_text(r, 1),
		.kind = mq_pg_text(r, 2),
		.reason = mq_pg_text(r, 3),
	};

	return ((mq_db_closure_cb)cb)(cb_cls, &row);
}

static enum mq_err db_closures_iterate(void *cls, const char *studio, const char *from_day,
				       const char *to_day, mq_db_closure_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_ROSTER, R_CLOSURES_OF,
			   MQ_PG_ARGS(MQ_PG_TEXT(studio), MQ_PG_TEXT(from_day),
				      MQ_PG_TEXT(to_day)),
			   closure_row, (void *)cb, cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_roster_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_ROSTER, rsql, R_COUNT);
	iface->shift_insert = db_shift_insert;
	iface->shift_get = db_shift_get;
	iface->shift_find_overlap = db_shift_find_overlap;
	iface->shift_cancel = db_shift_cancel;
	iface->shifts_iterate = db_shifts_iterate;
	iface->slot_insert = db_slot_insert;
	iface->slot_get = db_slot_get;
	iface->slots_iterate = db_slots_iterate;
	iface->closure_insert = db_closure_insert;
	iface->closure_get = db_closure_get;
	iface->booking_insert = db_booking_insert;
	iface->booking_get = db_booking_get;
	iface->booking_get_by_token = db_booking_get_by_token;
	iface->booking_cancel = db_booking_cancel;
	iface->booking_mark = db_booking_mark;
	iface->report_bookings_iterate = db_report_bookings_iterate;
	iface->shift_bookings_iterate = db_shift_bookings_iterate;
	iface->member_get_by_badge = db_member_get_by_badge;
	iface->member_credentials_iterate = db_member_credentials_iterate;
	iface->attendance_insert = db_attendance_insert;
	iface->attendance_iterate = db_attendance_iterate;
	iface->reminder_candidates_iterate = db_reminder_candidates_iterate;
	iface->reminder_claim = db_reminder_claim;
	iface->reminder_finish = db_reminder_finish;
	iface->roster_shifts_iterate = db_roster_shifts_iterate;
	iface->closures_iterate = db_closures_iterate;
}
