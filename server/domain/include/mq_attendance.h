/* mq_attendance.h — private to server/: the monthly attendance report of duty
 * members (考核), per shift, per member and per studio (attendance.c).
 *
 * A shift is judged once it is over: its member's first check-in at its
 * studio from 60 minutes before the start until the end, and the last
 * check-out after that until 4 hours after the end. No check-in: missed.
 * Checked in a minute or more after the start: late, by whole minutes.
 * Checked out a minute or more before the end: left early, by whole minutes.
 * No check-out: counted as no_checkout (not as left early). Bookings of a
 * judged shift are attended or no_show as the duty member marked them; a
 * booking left unmarked counts as no_show.
 *
 * Each member's line also counts the topics (议题) the member was
 * responsible for (involved in it, or responsible for one of its opinions)
 * whose 办结 deadline fell in the month and has come by `now`, and of them
 * those closed in time: the share of on-time topics (mq_deadline.h). A
 * topic's deadline is that of its earliest opinion. A member with such
 * topics but no shift that month gets a line of its own.
 *
 * It also counts the topics each member volunteered for (征集, 报名参与) in
 * the month and those they were chosen for in the month (mq_recruit.h), in
 * their own studio's lines; a member who only volunteered gets a line too. */
#ifndef MQ_ATTENDANCE_H
#define MQ_ATTENDANCE_H

#include <stddef.h>
#include <stdint.h>

#include "mq_buf.h"
#include "mq_db.h"

#define MQ_ATTENDANCE_EARLY_WINDOW_S 3600       /* check-in counts from 60 min before */
#define MQ_ATTENDANCE_CHECKOUT_GRACE_S (4 * 3600)

/** One judged shift. */
struct mq_attendance_shift {
	char id[MQ_DB_SHIFT_ID_MAX + 1];
	char studio[MQ_KEY_MAX + 1];
	char member[MQ_KEY_MAX + 1];
	char member_name[MQ_DB_NAME_MAX];
	int64_t start_at, end_at;
	int64_t checkin_at;                 /* 0: none */
	int64_t checkout_at;                /* 0: none */
	const char *status;                 /* attended|late|left_early|late_left_early|missed */
	long late_minutes, early_minutes;
	long bookings_attended, bookings_no_show;
};

/** Totals of one member (member != "") or of a studio (member == ""). */
struct mq_attendance_total {
	char studio[MQ_KEY_MAX + 1];
	char studio_name[MQ_DB_NAME_MAX];
	char member[MQ_KEY_MAX + 1];
	char member_name[MQ_DB_NAME_MAX];
	long shifts, attended, late, late_minutes, left_early, early_minutes, missed;
	long no_checkout, bookings_attended, bookings_no_show;
	long topics_due, topics_on_time;    /* responsible topics due this month, closed in time */
	long volunteered, chosen;           /* 征集: volunteered this month, chosen this month */
};

/** A month's report. Fill with mq_attendance_report, free with _finish. */
struct mq_attendance_report {
	char month[8];                      /* "YYYY-MM" */
	struct mq_attendance_shift *shifts; /* by studio, start */
	size_t n_shifts;
	struct mq_attendance_total *totals; /* by studio: its members by key, then the studio */
	size_t n_totals;
	size_t n_pending;                   /* shifts of the month not over at `now` */
};

/**
 * Judge the shifts of @p studio (NULL: all) in local month @p month
 * ("YYYY-MM") that are over at @p now. Returns MQ_OK, MQ_ERR_INVALID (bad
 * month), MQ_ERR_NOMEM or MQ_ERR_DB; on failure @p out holds nothing.
 */
enum mq_err mq_attendance_report(struct mq_db *db, const char *month, const char *studio,
				 int64_t now, struct mq_attendance_report *out) MQ_MUST_CHECK;

/** Free what @p r holds. NULL is a no-op. */
void mq_attendance_report_finish(struct mq_attendance_report *r);

/** The per-member and per-studio totals as CSV (header line first; a studio's
 *  own line has member "*"). */
void mq_attendance_csv_totals(struct mq_buf *b, const struct mq_attendance_report *r);

/** The judged shifts as CSV (header line first), times in Asia/Shanghai. */
void mq_attendance_csv_shifts(struct mq_buf *b, const struct mq_attendance_report *r);

/** A judged shift's local day and times as the report prints them: "" for
 *  a check-in or check-out that did not happen. */
struct mq_attendance_times {
	char day[11];                       /* YYYY-MM-DD */
	char start[8], end[8];              /* HH:MM */
	char checkin[8], checkout[8];       /* HH:MM or "" */
};

/** The day and times of @p sh into @p out. */
void mq_attendance_shift_times(const struct mq_attendance_shift *sh,
			       struct mq_attendance_times *out);

#endif
