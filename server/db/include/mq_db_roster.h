/* mq_db_roster.h — the rows duty rosters, bookings, attendance and reminders
 * exchange with storage. The operations are the "roster" block at the end
 * of struct mq_db (mq_db.h). As there, strings handed to callbacks live only during
 * the callback; times are UTC unix seconds. */
#ifndef MQ_DB_ROSTER_H
#define MQ_DB_ROSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "mq_id.h"
#include "mq_wire.h"

#define MQ_DB_SHIFT_ID_MAX 48     /* "{studio}-{YYYYMMDD}-{HHMM}-{HHMM}": local start, end */
#define MQ_DB_SLOT_ID_MAX MQ_SLOT_ID_MAX   /* common/mq_wire.h */
#define MQ_DB_NOTE_MAX 256        /* bytes of a cancellation note */

/** A duty shift (值班). On insert, status and note are ignored (active, ""). */
struct mq_db_shift {
	char id[MQ_DB_SHIFT_ID_MAX + 1];
	char studio[MQ_KEY_MAX + 1];
	char member[MQ_KEY_MAX + 1];
	int64_t start_at;
	int64_t end_at;
	int slot_minutes;
	int capacity;                         /* residents per slot */
	bool active;                          /* false once cancelled */
	char note[MQ_DB_NOTE_MAX];            /* why it was cancelled; "" while active */
	char source[8];                       /* "import" | "weekly" | "seed" */
};

/** A bookable slot of a shift, with its shift (read) or its shift's id (insert). */
struct mq_db_slot {
	char id[MQ_DB_SLOT_ID_MAX + 1];
	int64_t start_at;
	int64_t end_at;
	int capacity;
	int taken;                            /* places held; read only */
	struct mq_db_shift shift;             /* on insert only shift.id is read */
};

/** A booking as stored (insert). status is "booked" on insert; the store
 *  turns it into "refused" when the slot has no place. */
struct mq_db_booking {
	const char *id;                       /* its record id */
	const char *token;
	const char *short_code;
	const char *slot;
	const char *studio;
	const char *name;                     /* personal data: never logged */
	const char *phone;                    /* personal data: never logged */
	const char *topic;
	const char *channel;                  /* "kiosk" | "web" | "phone" */
	int64_t created_at;
};

/** A booking with everything its page, calendar entry and reminder need. */
struct mq_db_booking_view {
	struct mq_db_booking b;
	const char *status;                   /* booked|refused|cancelled|attended|no_show */
	int64_t sequence;
	int64_t updated_at;
	const char *cancel_reason;            /* "" when none */
	int64_t slot_start;
	int64_t slot_end;
	const char *shift;                    /* shift id */
	const char *member;                   /* member key of the shift */
	const char *member_name;
	const char *member_sector;
	const char *studio_name;
	const char *studio_address;           /* "" when unknown */
	bool shift_active;
};

/** One check-in or check-out. */
struct mq_db_attendance {
	const char *id;                       /* its record id */
	const char *member;
	const char *studio;
	const char *kind;                     /* "checkin" | "checkout" */
	const char *method;                   /* "badge" | "pin" */
	int64_t at;
};

/** What the kiosk needs to verify a member offline. */
struct mq_db_member_credentials {
	const char *key;
	const char *badge_code;               /* NULL when none */
	const char *pin_hash;                 /* argon2id string or NULL */
};

/** A shift for the attendance report, with names. */
struct mq_db_report_shift {
	const char *id;
	const char *studio;
	const char *studio_name;
	const char *member;
	const char *member_name;
	int64_t start_at;
	int64_t end_at;
};

/** A booking for the attendance report: which shift, which status. */
struct mq_db_report_booking {
	const char *shift;
	const char *status;
	int64_t slot_end;
};

/** A booking holding a place, as the duty member sees it at the kiosk. */
struct mq_db_shift_booking {
	const char *id;                       /* its record id */
	const char *shift;
	const char *slot;
	const char *name;                     /* personal data: mask before it leaves */
	const char *topic;                    /* "" when none */
	const char *status;                   /* booked|attended|no_show */
};

/** A booking a reminder may be due for, with the reminder's state so far. */
struct mq_db_reminder_candidate {
	struct mq_db_booking_view v;
	const char *state;                    /* "" when no reminder row yet */
	int64_t attempts;
	int64_t next_at;
};

/** A shift as the console's roster page shows it (active or cancelled),
 *  with its places and bookings. */
struct mq_db_roster_shift {
	struct mq_db_shift shift;
	const char *member_name;
	int slots;                            /* bookable slots */
	int places;                           /* their capacities together */
	int taken;                            /* bookings holding a place */
	int cancelled;                        /* bookings cancelled */
};

/** A closure of a studio or a district-wide holiday. */
struct mq_db_closure {
	const char *studio;                   /* "*" for a district-wide holiday */
	const char *day;                      /* YYYY-MM-DD, Asia/Shanghai */
	const char *kind;                     /* "closed" | "holiday" */
	const char *reason;                   /* "" when none */
};

/** Receives one slot; return false to stop early. */
typedef bool (*mq_db_slot_cb)(void *cb_cls, const struct mq_db_slot *row);
/** Receives the booking found by booking_get / booking_get_by_token. */
typedef void (*mq_db_booking_cb)(void *cb_cls, const struct mq_db_booking_view *row);
/** Receives one member's credentials; return false to stop early. */
typedef bool (*mq_db_credentials_cb)(void *cb_cls, const struct mq_db_member_credentials *row);
/** Receives one report shift; return false to stop early. */
typedef bool (*mq_db_report_shift_cb)(void *cb_cls, const struct mq_db_report_shift *row);
/** Receives one attendance event; return false to stop early. */
typedef bool (*mq_db_attendance_cb)(void *cb_cls, const struct mq_db_attendance *row);
/** Receives one booking of a shift; return false to stop early. */
typedef bool (*mq_db_shift_booking_cb)(void *cb_cls, const struct mq_db_shift_booking *row);
/** Receives one report booking; return false to stop early. */
typedef bool (*mq_db_report_booking_cb)(void *cb_cls, const struct mq_db_report_booking *row);
/** Receives one reminder candidate; return false to stop early. */
typedef bool (*mq_db_reminder_cb)(void *cb_cls, const struct mq_db_reminder_candidate *row);
/** Receives one shift of the roster page; return false to stop early. */
typedef bool (*mq_db_roster_shift_cb)(void *cb_cls, const struct mq_db_roster_shift *row);
/** Receives one closure; return false to stop early. */
typedef bool (*mq_db_closure_cb)(void *cb_cls, const struct mq_db_closure *row);

#endif
