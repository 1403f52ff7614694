/* mq_roster.h — duty rosters (排班): imported from CSV, read by the kiosks,
 * and a shift cancelled from the console.
 *
 * Local time is Asia/Shanghai (UTC+8, no DST): rosters are written and
 * shown in it, stored in UTC. A roster comes in as CSV (roster-import):
 *
 *   kind,studio,member,date,start,end,slot_minutes,capacity,until,note
 *   shift,hubin,hubin-01,2026-12-01,09:00,12:00,30,3,,
 *   weekly,hubin,hubin-02,2026-12-07,14:00,17:00,60,2,2027-01-31,每周一下午
 *   skip,hubin,hubin-02,2026-12-21,,,,,,年终会议
 *   closed,hubin,,2026-12-25,,,,,,设备检修
 *   holiday,*,,2027-01-01,,,,,,元旦
 *
 * shift: one shift on date; weekly: every week on date's weekday from date
 * to until (inclusive, at most a year); skip: member has no duty on date
 * (an exception to a weekly pattern, or a shift made earlier); closed: the
 * studio is closed on date; holiday: no duty anywhere ('*' or empty studio).
 * Closures and skips cancel shifts made earlier, and their bookings. */
#ifndef MQ_ROSTER_H
#define MQ_ROSTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_badge.h"
#include "mq_date.h"
#include "mq_db.h"

/** What an import did. */
struct mq_roster_import_result {
	unsigned int rows;                   /* data rows read (comments, blanks not counted) */
	unsigned int shifts_added;
	unsigned int shifts_unchanged;       /* already there, identical */
	unsigned int shifts_skipped;         /* on a closed date or a skip */
	unsigned int shifts_cancelled;       /* made earlier, cancelled by a closure or skip */
	unsigned int bookings_cancelled;     /* with them */
	unsigned int closures;
	unsigned int errors;
};

/** Receives one problem of an import: its line (1-based; 0 for the file) and an
 *  English message. */
typedef void (*mq_roster_error_cb)(void *cls, unsigned int line, const char *msg);

/** How an import runs (mq_roster_import_ex); all zero: as mq_roster_import. */
struct mq_roster_import_opts {
	/** Only rows of this studio (a street account's): a row of another
	 *  studio, or a district-wide holiday, is an error. NULL: any studio. */
	const char *studio;
	/** Problems in Chinese (the console) instead of English (the command line). */
	bool chinese;
	/** The console account importing: the import is audited as
	 *  "roster.import" with its counts, in its transaction. NULL: the
	 *  command line, not audited. */
	const struct mq_db_staff *who;
};

/**
 * Import a roster CSV (see above; UTF-8, optional BOM, LF or CRLF, at most
 * 1 MiB and 5000 rows) in one transaction. Every bad row is reported through
 * @p err_cb; if there is any, nothing is stored and MQ_ERR_INVALID is
 * returned. Re-importing the same rows is harmless (counted unchanged).
 * @p now dates the cancellations. Returns MQ_OK, MQ_ERR_INVALID, MQ_ERR_NOMEM
 * or MQ_ERR_DB.
 */
enum mq_err mq_roster_import(struct mq_db *db, const char *text, size_t len, int64_t now,
			     mq_roster_error_cb err_cb, void *err_cls,
			     struct mq_roster_import_result *res) MQ_MUST_CHECK;

/** mq_roster_import with @p opts (not NULL): the console's import limits a
 *  street account to its studio, reports in Chinese and is audited. */
enum mq_err mq_roster_import_ex(struct mq_db *db, const char *text, size_t len, int64_t now,
				const struct mq_roster_import_opts *opts,
				mq_roster_error_cb err_cb, void *err_cls,
				struct mq_roster_import_result *res) MQ_MUST_CHECK;

/**
 * The kiosk state's "shifts" of @p studio: the active shifts not yet over at
 * @p now that start within 14 days, each
 * {"id","member","start","end","slots":[{"id","start","end","free"}]}
 * (RFC 3339 UTC), by start. *@p out is a new array on MQ_OK.
 */
enum mq_err mq_roster_state_shifts(struct mq_db *db, const char *studio, int64_t now,
				   json_t **out) MQ_MUST_CHECK;

/**
 * Add "badge_hash" (the member's badge code hashed under the studio's
 * @p badge_key, mq_badge_hash, or null) and "pin_hash" (argon2id string, or
 * null when no PIN is set) to each member object of the kiosk state's
 * @p members array (matched by "key"), so the kiosk can check a member
 * offline without holding the badge codes themselves.
 */
enum mq_err mq_roster_state_credentials(struct mq_db *db, const char *studio,
					const unsigned char badge_key[MQ_BADGE_KEY_BYTES],
					json_t *members) MQ_MUST_CHECK;

/** A shift to cancel from the console. */
struct mq_shift_cancel_in {
	const char *shift;           /* its id */
	const char *reason;          /* what the residents' booking pages say: 1..100 characters */
};

/**
 * Cancel coming shift @p in->shift for @p who at @p now, and with it its
 * booked bookings (their pages and calendar entries then say so), in one
 * transaction audited as "roster.shift_cancel". The shift into @p shift and
 * the bookings cancelled into *@p bookings. MQ_ERR_NOT_FOUND for an unknown
 * shift or one of another street than @p who's; MQ_ERR_INVALID with a
 * Chinese explanation in @p msg for a shift cancelled already or over.
 */
enum mq_err mq_roster_shift_cancel(struct mq_db *db, const struct mq_db_staff *who,
				   const struct mq_shift_cancel_in *in, int64_t now,
				   struct mq_db_shift *shift, int64_t *bookings, char *msg,
				   size_t size) MQ_MUST_CHECK;

#endif
