/* mq_db.h — the district server's storage interface.
 *
 * Like GNU Taler's exchangedb plugin, the database sits behind a struct of
 * function pointers so that the SQLite plugin (server/db/sqlite/) and the
 * PostgreSQL plugin (server/db/postgres/) implement one contract;
 * mq_db_open() picks the plugin from the --db URL. Every operation takes the
 * backend's closure `cls` first. Operations that change several rows are
 * meant to run inside run_tx(); a lone read may run outside it.
 *
 * Strings handed to callbacks are valid only during the callback.
 * Times are UTC unix seconds. */
#ifndef MQ_DB_H
#define MQ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_id.h"
#include "mq_sig.h"
#include "mq_stage.h"
#include "mq_wire.h"

#define MQ_DB_NAME_MAX 256        /* bytes for a display name (UTF-8) */
#define MQ_DB_DEVICE_ID_MAX MQ_SIG_KEYID_MAX
#define MQ_DB_SHA256_HEX 64
#define MQ_DB_ENROLL_CODE_MAX 32

/** A street's studio (委员工作室). */
struct mq_db_studio {
	char id[MQ_KEY_MAX + 1];              /* e.g. "hubin" */
	char name[MQ_DB_NAME_MAX];            /* e.g. 湖滨街道委员工作室 */
	char street[MQ_KEY_MAX + 1];          /* street key */
	char street_name[MQ_DB_NAME_MAX];     /* e.g. 湖滨街道 */
	char hours[MQ_DB_NAME_MAX];           /* 开放时间, one line; "" when not said */
};

/** A key with its display name: a category or a community. */
struct mq_db_named {
	char key[MQ_KEY_MAX + 1];
	char name[MQ_DB_NAME_MAX];
};

/** A member (委员) as the kiosk may show it: no badge, no PIN. */
struct mq_db_member {
	char key[MQ_KEY_MAX + 1];
	char name[MQ_DB_NAME_MAX];
	char sector[MQ_DB_NAME_MAX];          /* 界别 */
	char expertise[MQ_DB_NAME_MAX];
	char studio[MQ_KEY_MAX + 1];
};

/** An enrolled kiosk (or an Open311 key's device) and its HMAC key. */
struct mq_db_device {
	char id[MQ_DB_DEVICE_ID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
	char studio[MQ_KEY_MAX + 1];
	int64_t created_at;
	int64_t last_seen;
	int64_t revoked_at;         /* 0 while it may sign; ignored on insert */
};

/** A one-time enrollment code. used_at is 0 while unused. */
struct mq_db_enroll_code {
	char code[MQ_DB_ENROLL_CODE_MAX + 1];
	char studio[MQ_KEY_MAX + 1];
	int64_t created_at;
	int64_t expires_at;
	int64_t used_at;
};

/** One received sync record: what idempotency compares. */
struct mq_db_record {
	char id[MQ_UUID_LEN + 1];                 /* lowercase */
	char device[MQ_DB_DEVICE_ID_MAX + 1];
	char kind[MQ_KEY_MAX + 1];
	int64_t created_at;
	char content_sha256[MQ_DB_SHA256_HEX + 1]; /* of the canonical {kind,created_at,data} */
	int64_t received_at;
};

/** An opinion (社情民意). Optional strings are NULL when absent. The *_name
 *  fields are filled only by opinion_get_by_token (ignored on insert). */
struct mq_db_opinion {
	const char *id;
	const char *token;
	const char *short_code;
	const char *studio;
	const char *community;
	const char *category;
	const char *text;
	const char *member;
	const char *contact_name;
	const char *contact_phone;
	const char *channel;        /* "kiosk" | "web" | "member" | "phone" */
	enum mq_stage stage;        /* current stage (0: collected, on insert) */
	int64_t created_at;
	const char *studio_name;
	const char *category_name;
	const char *community_name;
};

/** One entry of the append-only stage history. */
struct mq_db_stage_event {
	int64_t id;                 /* assigned by the store; ignored on insert */
	const char *subject_kind;   /* "opinion" | "topic" */
	const char *subject;        /* the opinion's record id or the topic id */
	enum mq_stage stage;        /* never MQ_STAGE_CLOSED (a topic's closing shows as feedback) */
	int64_t at;
	const char *actor_role;     /* "kiosk", "street", "admin", ... */
	const char *public_note;    /* shown on the tracking page; may be NULL */
	const char *internal_note;  /* staff only; may be NULL */
};

/** A stage change as a kiosk learns it: event id, the opinion's record id
 *  (never its token: a kiosk must not hold other residents' tokens), stage,
 *  time and the public note (NULL when none). */
struct mq_db_stage_change {
	int64_t id;
	const char *opinion;
	enum mq_stage stage;
	int64_t at;
	const char *public_note;
};

/* The rows of the staff console and the public side. */
#include "mq_db_console.h"
/* The rows of rosters, bookings and attendance. */
#include "mq_db_roster.h"
/* The rows of deadlines, supervision orders and notifications. */
#include "mq_db_deadline.h"
/* The rows of the kiosks' system updates. */
#include "mq_db_update.h"
/* The rows of participation: candidate topics and their backings. */
#include "mq_db_part.h"

/** Work run inside one transaction; return MQ_OK to commit, anything else rolls back. */
typedef enum mq_err (*mq_db_tx_cb)(void *cb_cls);
/** Receives one row of a listing; return false to stop early. */
typedef bool (*mq_db_named_cb)(void *cb_cls, const struct mq_db_named *row);
/** Receives one member of a listing; return false to stop early. */
typedef bool (*mq_db_member_cb)(void *cb_cls, const struct mq_db_member *row);
/** Receives one stage event; return false to stop early. */
typedef bool (*mq_db_stage_event_cb)(void *cb_cls, const struct mq_db_stage_event *row);
/** Receives one stage change; return false to stop early. */
typedef bool (*mq_db_stage_change_cb)(void *cb_cls, const struct mq_db_stage_change *row);
/** Receives the opinion found by opinion_get_by_token. */
typedef void (*mq_db_opinion_cb)(void *cb_cls, const struct mq_db_opinion *row);

/**
 * The storage interface. Unless stated otherwise an operation returns MQ_OK,
 * MQ_ERR_NOT_FOUND when the thing asked for does not exist, or MQ_ERR_DB.
 */
struct mq_db {
	/** The backend's state; first argument of every operation. */
	void *cls;

	/** Release everything the backend holds (called by mq_db_destroy). */
	void (*close)(void *cls);

	/** Apply the numbered migrations not applied yet, in order. */
	enum mq_err (*migrate)(void *cls);

	/**
	 * Run @p cb in one transaction named @p name (for logs). Commits when @p cb
	 * returns MQ_OK; rolls back otherwise and returns @p cb's result. When the
	 * database is busy (another writer) the whole transaction, callback
	 * included, is retried a few times before MQ_ERR_DB: @p cb must therefore
	 * reset any state it builds.
	 */
	enum mq_err (*run_tx)(void *cls, const char *name, mq_db_tx_cb cb, void *cb_cls);

	/**
	 * Run @p cb, which only reads, in one read transaction named @p name
	 * (for logs): every read it makes sees the same committed state, and
	 * the backend takes its read lock and snapshot once instead of once a
	 * statement. Inside run_tx, or inside another read_tx, @p cb just runs
	 * in the transaction already open. Returns @p cb's result, or
	 * MQ_ERR_DB when the transaction cannot begin or end.
	 */
	enum mq_err (*read_tx)(void *cls, const char *name, mq_db_tx_cb cb, void *cb_cls);

	/** MQ_OK if the database answers a trivial query. */
	enum mq_err (*ping)(void *cls);

	/** Load the demo district (the plugin's seed-demo.sql); idempotent. */
	enum mq_err (*seed_demo)(void *cls);

	/** Look up studio @p id. */
	enum mq_err (*studio_get)(void *cls, const char *id, struct mq_db_studio *out);

	/** Store a new enrollment code. MQ_ERR_CONFLICT if the code exists. */
	enum mq_err (*enroll_code_insert)(void *cls, const struct mq_db_enroll_code *code);

	/** Look up enrollment code @p code. */
	enum mq_err (*enroll_code_get)(void *cls, const char *code, struct mq_db_enroll_code *out);

	/** Mark @p code used at @p now. MQ_ERR_CONFLICT if it was already used. */
	enum mq_err (*enroll_code_use)(void *cls, const char *code, int64_t now);

	/** Store a new device. MQ_ERR_CONFLICT if the id exists. */
	enum mq_err (*device_insert)(void *cls, const struct mq_db_device *dev);

	/** Look up device @p id (with its key). */
	enum mq_err (*device_get)(void *cls, const char *id, struct mq_db_device *out);

	/** Set the device's last_seen to @p now. */
	enum mq_err (*device_touch)(void *cls, const char *id, int64_t now);

	/**
	 * Remember that @p keyid used @p nonce at @p now, first forgetting nonces
	 * older than @p forget_before. MQ_ERR_CONFLICT if the pair is remembered
	 * already (a replay).
	 */
	enum mq_err (*nonce_remember)(void *cls, const char *keyid, const char *nonce,
				      int64_t now, int64_t forget_before);

	/** Look up record @p id (lowercase UUID). */
	enum mq_err (*record_get)(void *cls, const char *id, struct mq_db_record *out);

	/** Store a record's idempotency entry. MQ_ERR_CONFLICT if the id exists. */
	enum mq_err (*record_insert)(void *cls, const struct mq_db_record *rec);

	/** Look up category @p key (categories are district-wide). */
	enum mq_err (*category_get)(void *cls, const char *key, struct mq_db_named *out);

	/** Look up community @p key of studio @p studio. */
	enum mq_err (*community_get)(void *cls, const char *studio, const char *key,
				     struct mq_db_named *out);

	/** Look up member @p key of studio @p studio. */
	enum mq_err (*member_get)(void *cls, const char *studio, const char *key,
				  struct mq_db_member *out);

	/** Store an opinion (its record must exist). MQ_ERR_CONFLICT if id or token exists. */
	enum mq_err (*opinion_insert)(void *cls, const struct mq_db_opinion *op);

	/** Find the opinion with tracking token @p token and hand it to @p cb once. */
	enum mq_err (*opinion_get_by_token)(void *cls, const char *token, mq_db_opinion_cb cb,
					    void *cb_cls);

	/** Append a stage event (also moves the subject's current stage). */
	enum mq_err (*stage_event_insert)(void *cls, const struct mq_db_stage_event *ev);

	/** Hand the stage events of @p subject to @p cb, oldest first. */
	enum mq_err (*stage_events_iterate)(void *cls, const char *subject,
					    mq_db_stage_event_cb cb, void *cb_cls);

	/** Hand all categories to @p cb in display order. */
	enum mq_err (*categories_iterate)(void *cls, mq_db_named_cb cb, void *cb_cls);

	/** Hand the communities of @p studio to @p cb in display order. */
	enum mq_err (*communities_iterate)(void *cls, const char *studio, mq_db_named_cb cb,
					   void *cb_cls);

	/** Hand the members of @p studio to @p cb in display order. */
	enum mq_err (*members_iterate)(void *cls, const char *studio, mq_db_member_cb cb,
				       void *cb_cls);

	/**
	 * Hand to @p cb, by ascending event id, at most @p limit stage changes of
	 * the opinions of @p studio whose event id is greater than @p since.
	 */
	enum mq_err (*stage_changes_iterate)(void *cls, const char *studio, int64_t since,
					     unsigned int limit, mq_db_stage_change_cb cb,
					     void *cb_cls);

	/* ---- console and public side (rows in mq_db_console.h) ----------- */

	/** Store account @p s, replacing an account of the same name (new password;
	 *  a disabled account stays disabled). */
	enum mq_err (*staff_put)(void *cls, const struct mq_db_staff *s);
	/** Look up account @p username (with its password hash). */
	enum mq_err (*staff_get)(void *cls, const char *username, struct mq_db_staff *out);
	/** Store a new session (id, csrf, times, staff.username). */
	enum mq_err (*session_insert)(void *cls, const struct mq_db_session *s);
	/** Look up the session @p id unexpired at @p now, with its account (no hash). */
	enum mq_err (*session_get)(void *cls, const char *id, int64_t now,
				   struct mq_db_session *out);
	/** Delete session @p id, and every session expired before @p now. */
	enum mq_err (*session_delete)(void *cls, const char *id, int64_t now);
	/** Append an audit log entry. */
	enum mq_err (*audit_insert)(void *cls, const struct mq_db_audit *a);
	/** Hand the newest @p limit audit entries (of @p studio unless NULL) to @p cb. */
	enum mq_err (*audit_iterate)(void *cls, const char *studio, unsigned int limit,
				     mq_db_audit_cb cb, void *cb_cls);
	/** Hand the opinions matching @p f to @p cb, newest first. */
	enum mq_err (*opinions_iterate)(void *cls, const struct mq_db_opinion_filter *f,
					mq_db_console_opinion_cb cb, void *cb_cls);
	/** Hand opinion @p id (record id) to @p cb once. */
	enum mq_err (*opinion_get)(void *cls, const char *id, mq_db_console_opinion_cb cb,
				   void *cb_cls);
	/** Hand the opinion with tracking token @p token to @p cb once, as
	 *  opinion_get does: the tracking page's one read of it. */
	enum mq_err (*opinion_get_tracked)(void *cls, const char *token,
					   mq_db_console_opinion_cb cb, void *cb_cls);
	/** Store the triage of an opinion. */
	enum mq_err (*opinion_triage)(void *cls, const struct mq_db_triage *t);
	/** Store a new topic; sets its number into *@p no. */
	enum mq_err (*topic_insert)(void *cls, const struct mq_db_topic *t, int64_t *no);
	/** Update every editable field of topic @p t->id. */
	enum mq_err (*topic_update)(void *cls, const struct mq_db_topic *t);
	/** Hand topic @p id to @p cb once. */
	enum mq_err (*topic_get)(void *cls, const char *id, mq_db_topic_cb cb, void *cb_cls);
	/** Hand the topics matching @p f to @p cb, newest first. */
	enum mq_err (*topics_iterate)(void *cls, const struct mq_db_topic_filter *f,
				      mq_db_topic_cb cb, void *cb_cls);
	/** Make @p keys (@p n of them) the members involved in topic @p topic. */
	enum mq_err (*topic_members_set)(void *cls, const char *topic, const char *const *keys,
					 size_t n);
	/** Hand the members involved in topic @p topic to @p cb. */
	enum mq_err (*topic_members_iterate)(void *cls, const char *topic, mq_db_member_cb cb,
					     void *cb_cls);
	/** Hand the members (of @p studio unless NULL) with their records to @p cb. */
	enum mq_err (*members_admin_iterate)(void *cls, const char *studio, const char *key,
					     mq_db_member_admin_cb cb, void *cb_cls);
	/** Update member @p m->key's sector, expertise and badge code (NULL: none).
	 *  MQ_ERR_CONFLICT when another member has the badge code. */
	enum mq_err (*member_update)(void *cls, const struct mq_db_member *m,
				     const char *badge_code);
	/** Make @p keys (@p n communities of @p studio) those member @p key covers. */
	enum mq_err (*member_communities_set)(void *cls, const char *key, const char *studio,
					      const char *const *keys, size_t n);
	/** Set member @p key's PIN hash (argon2id string). */
	enum mq_err (*member_pin_set)(void *cls, const char *key, const char *pin_hash);
	/** Store @p hb as its device's latest heartbeat. */
	enum mq_err (*heartbeat_put)(void *cls, const struct mq_db_heartbeat *hb);
	/** Hand the enrolled kiosks (of @p studio unless NULL) to @p cb. */
	enum mq_err (*kiosks_iterate)(void *cls, const char *studio, mq_db_kiosk_cb cb,
				      void *cb_cls);
	/** Store a rating. MQ_ERR_CONFLICT if the opinion is rated already. */
	enum mq_err (*rating_insert)(void *cls, const char *opinion, int stars,
				     const char *comment, int64_t at, const char *channel);
	/** Hand the rows of statistic @p which (for @p studio unless NULL) to @p cb;
	 *  @p now dates "answered within 30 days". */
	enum mq_err (*stats_iterate)(void *cls, enum mq_db_stat which, const char *studio,
				     int64_t now, mq_db_stat_cb cb, void *cb_cls);
	/** Fill totals for /metrics. */
	enum mq_err (*counts_get)(void *cls, struct mq_db_counts *out);
	/** Store an Open311 API key binding. */
	enum mq_err (*open311_key_insert)(void *cls, const struct mq_db_open311_key *k);
	/** Look up the Open311 API key with hash @p key_hash. */
	enum mq_err (*open311_key_get)(void *cls, const char *key_hash,
				       struct mq_db_open311_key *out);
	/** Hand every studio (key: id, name: its name) to @p cb in street order. */
	enum mq_err (*studios_iterate)(void *cls, mq_db_named_cb cb, void *cb_cls);
	/** Hand every console account, disabled ones too, to @p cb by user name,
	 *  without its password hash; last_login is the newest "login" audit entry. */
	enum mq_err (*staff_iterate)(void *cls, mq_db_staff_cb cb, void *cb_cls);
	/** Store new account @p s (enabled). MQ_ERR_CONFLICT when the name is taken
	 *  (or its street or member does not exist). */
	enum mq_err (*staff_insert)(void *cls, const struct mq_db_staff *s);
	/** Give account @p username the password hash @p pw_hash and end its
	 *  sessions, all but session @p keep unless NULL. MQ_ERR_NOT_FOUND when
	 *  there is no such account. */
	enum mq_err (*staff_password_set)(void *cls, const char *username, const char *pw_hash,
					  const char *keep);
	/** Disable account @p username, ending its sessions, or enable it again.
	 *  MQ_ERR_NOT_FOUND when there is no such account. */
	enum mq_err (*staff_disabled_set)(void *cls, const char *username, bool disabled);
	/** Give scope @p scope (MQ_DB_SERVICE_PIN_ALL or a studio id) the technician
	 *  PIN hash @p pin_hash (argon2id string), replacing one it had. */
	enum mq_err (*service_pin_set)(void *cls, const char *scope, const char *pin_hash,
				       int64_t at, const char *by);
	/** Forget the technician PIN of scope @p scope. MQ_ERR_NOT_FOUND when it has none. */
	enum mq_err (*service_pin_clear)(void *cls, const char *scope);
	/** The technician PIN hash that holds for studio @p studio (its own, else the one
	 *  for every studio) into @p out (MQ_DB_PWHASH_MAX bytes). MQ_ERR_NOT_FOUND: none. */
	enum mq_err (*service_pin_get)(void *cls, const char *studio, char *out);
	/** Hand the technician PINs set, the one for every studio first, to @p cb. */
	enum mq_err (*service_pins_iterate)(void *cls, mq_db_service_pin_cb cb, void *cb_cls);

	/* ---- rosters, bookings, attendance, reminders (rows in mq_db_roster.h) --- */

	/** Store a new active shift. MQ_ERR_CONFLICT if its id exists or it breaks a
	 *  rule the database keeps (overlap in its studio, member of another studio). */
	enum mq_err (*shift_insert)(void *cls, const struct mq_db_shift *s);
	/** Look up shift @p id. */
	enum mq_err (*shift_get)(void *cls, const char *id, struct mq_db_shift *out);
	/** Find an active shift of @p studio other than @p except (may be NULL)
	 *  overlapping [@p start, @p end): MQ_OK with it in @p out, or MQ_ERR_NOT_FOUND. */
	enum mq_err (*shift_find_overlap)(void *cls, const char *studio, int64_t start,
					  int64_t end, const char *except, struct mq_db_shift *out);
	/** Cancel active shift @p id with @p note, and with it its booked bookings
	 *  (their sequence bumped). *@p n_bookings (may be NULL) gets how many.
	 *  MQ_ERR_NOT_FOUND if no active shift has that id. */
	enum mq_err (*shift_cancel)(void *cls, const char *id, const char *note, int64_t now,
				    int64_t *n_bookings);
	/** Hand the active shifts of @p studio (NULL: all studios) starting in
	 *  [@p from, @p to) to @p cb, by start. */
	enum mq_err (*shifts_iterate)(void *cls, const char *studio, int64_t from, int64_t to,
				      mq_db_report_shift_cb cb, void *cb_cls);
	/** Store slot @p s of shift @p s->shift.id. MQ_ERR_CONFLICT if it exists or lies
	 *  outside its shift. */
	enum mq_err (*slot_insert)(void *cls, const struct mq_db_slot *s);
	/** Look up slot @p id with its shift and the places taken. */
	enum mq_err (*slot_get)(void *cls, const char *id, struct mq_db_slot *out);
	/** Hand to @p cb, by start, at most @p limit slots of the active shifts of
	 *  @p studio that end after @p from and whose shift starts before @p to;
	 *  with @p free_only, only slots that start after @p from and have a place. */
	enum mq_err (*slots_iterate)(void *cls, const char *studio, int64_t from, int64_t to,
				     bool free_only, unsigned int limit, mq_db_slot_cb cb,
				     void *cb_cls);
	/** Store a closure of @p studio ("*": district-wide holiday) on Asia/Shanghai
	 *  date @p day (YYYY-MM-DD); @p kind "closed" | "holiday". An existing one stays. */
	enum mq_err (*closure_insert)(void *cls, const char *studio, const char *day,
				      const char *kind, const char *reason);
	/** Find the closure of @p studio or "*" on @p day; its reason into @p reason
	 *  (@p size bytes). MQ_ERR_NOT_FOUND when the studio is open. */
	enum mq_err (*closure_get)(void *cls, const char *studio, const char *day, char *reason,
				   size_t size);
	/** Store booking @p b (its record must exist). *@p placed tells whether it got a
	 *  place (status booked) or was stored as refused (full, or its shift cancelled):
	 *  the database decides, in one statement. MQ_ERR_CONFLICT if id or token exists. */
	enum mq_err (*booking_insert)(void *cls, const struct mq_db_booking *b, bool *placed);
	/** Find booking @p id (record id) and hand it to @p cb once. */
	enum mq_err (*booking_get)(void *cls, const char *id, mq_db_booking_cb cb, void *cb_cls);
	/** Find the booking with token @p token and hand it to @p cb once. */
	enum mq_err (*booking_get_by_token)(void *cls, const char *token, mq_db_booking_cb cb,
					    void *cb_cls);
	/** Cancel booking @p id if it is booked: status cancelled, sequence + 1, @p reason.
	 *  MQ_ERR_NOT_FOUND when it is not (or no longer) booked. */
	enum mq_err (*booking_cancel)(void *cls, const char *id, const char *reason, int64_t now);
	/** Mark booking @p id "attended" or "no_show" (from booked, attended or no_show).
	 *  MQ_ERR_NOT_FOUND when it is refused, cancelled or unknown. */
	enum mq_err (*booking_mark)(void *cls, const char *id, const char *status, int64_t now);
	/** Hand the bookings holding a place in slots of shifts starting in [@p from, @p to). */
	enum mq_err (*report_bookings_iterate)(void *cls, int64_t from, int64_t to,
					       mq_db_report_booking_cb cb, void *cb_cls);
	/** Hand the bookings holding a place (booked, attended, no_show) in the slots of
	 *  @p studio's shifts starting in [@p from, @p to), by slot start: for the
	 *  kiosk state, where the duty member marks who came. */
	enum mq_err (*shift_bookings_iterate)(void *cls, const char *studio, int64_t from,
					      int64_t to, mq_db_shift_booking_cb cb,
					      void *cb_cls);
	/** Find the member of @p studio with badge code @p badge. */
	enum mq_err (*member_get_by_badge)(void *cls, const char *studio, const char *badge,
					   struct mq_db_member *out);
	/** Hand the badge codes and PIN hashes of the members of @p studio to @p cb. */
	enum mq_err (*member_credentials_iterate)(void *cls, const char *studio,
						  mq_db_credentials_cb cb, void *cb_cls);
	/** Store a check-in or check-out (its record must exist). */
	enum mq_err (*attendance_insert)(void *cls, const struct mq_db_attendance *a);
	/** Hand the check-ins and -outs in [@p from, @p to) to @p cb, by member and time. */
	enum mq_err (*attendance_iterate)(void *cls, int64_t from, int64_t to,
					  mq_db_attendance_cb cb, void *cb_cls);
	/** Hand to @p cb the booked bookings whose slot starts in (@p now, @p until] and
	 *  whose reminder is not claimed yet or is due for a retry at @p now. */
	enum mq_err (*reminder_candidates_iterate)(void *cls, int64_t now, int64_t until,
						   mq_db_reminder_cb cb, void *cb_cls);
	/** Claim the reminder of booked booking @p booking for sending at @p now.
	 *  MQ_ERR_CONFLICT when it is sent, being sent, not due, or the booking is not
	 *  booked any more: the caller must not send. */
	enum mq_err (*reminder_claim)(void *cls, const char *booking, int64_t now);
	/** Record how a claimed reminder went: @p state "sent", "retry" (at @p next_at) or
	 *  "failed", after @p attempts attempts; @p error "" when none. */
	enum mq_err (*reminder_finish)(void *cls, const char *booking, const char *state,
				       int64_t attempts, int64_t next_at, int64_t now,
				       const char *error);
	/** Hand the shifts, active and cancelled, of @p studio (NULL: any) and
	 *  @p member (NULL: any) starting in [@p from, @p to) to @p cb, by start,
	 *  with their places and booking counts: the console's roster page. */
	enum mq_err (*roster_shifts_iterate)(void *cls, const char *studio, const char *member,
					     int64_t from, int64_t to, mq_db_roster_shift_cb cb,
					     void *cb_cls);
	/** Hand the closures of @p studio and the district-wide holidays on the
	 *  Asia/Shanghai dates [@p from_day, @p to_day) (YYYY-MM-DD) to @p cb, by day. */
	enum mq_err (*closures_iterate)(void *cls, const char *studio, const char *from_day,
					const char *to_day, mq_db_closure_cb cb, void *cb_cls);

	/* ---- security: throttling, revocation, secrets (sqlite/security.c) ---- */

	/** The failures counted for (@p purpose, @p subject, @p address) into
	 *  *@p failures and the time of the last into *@p last_at (both 0 when
	 *  none are). */
	enum mq_err (*throttle_get)(void *cls, const char *purpose, const char *subject,
				    const char *address, int64_t *failures, int64_t *last_at);
	/** Count one more failure for (@p purpose, @p subject, @p address) at
	 *  @p now, first forgetting every row whose last failure is older than
	 *  @p forget_before. */
	enum mq_err (*throttle_fail)(void *cls, const char *purpose, const char *subject,
				     const char *address, int64_t now, int64_t forget_before);
	/** Forget the failures of (@p purpose, @p subject, @p address). */
	enum mq_err (*throttle_clear)(void *cls, const char *purpose, const char *subject,
				      const char *address);
	/** Revoke device @p id at @p now (a kiosk or an Open311 key's device; the
	 *  key too). MQ_ERR_NOT_FOUND when there is no such device,
	 *  MQ_ERR_CONFLICT when it is revoked already. */
	enum mq_err (*device_revoke)(void *cls, const char *id, int64_t now);
	/** Hand the Open311 keys (of @p studio unless NULL) to @p cb, newest first. */
	enum mq_err (*open311_keys_iterate)(void *cls, const char *studio, mq_db_open311_key_cb cb,
					    void *cb_cls);
	/** The server's secret @p name into @p out. When it has none yet: made
	 *  from @p fresh (the first caller's @p fresh wins a race), or
	 *  MQ_ERR_NOT_FOUND when @p fresh is NULL. */
	enum mq_err (*secret_get)(void *cls, const char *name, const unsigned char *fresh,
				  unsigned char out[32]);
	/* ---- deadlines, supervision, notifications (rows in mq_db_deadline.h) ---- */

	/** Hand every year the calendar knows to @p cb, in order. */
	enum mq_err (*calendar_years_iterate)(void *cls, mq_db_calendar_year_cb cb, void *cb_cls);
	/** Hand every exception day of the calendar to @p cb, in order. */
	enum mq_err (*calendar_days_iterate)(void *cls, mq_db_calendar_day_cb cb, void *cb_cls);
	/** Make @p days (@p n of them, all in year @p y->year) the whole notice
	 *  of that year, replacing what the calendar held for it. Run it in a
	 *  transaction: it deletes, then inserts. MQ_ERR_CONFLICT for a day twice. */
	enum mq_err (*calendar_year_replace)(void *cls, const struct mq_db_calendar_year *y,
					     const struct mq_db_calendar_day *days, size_t n);
	/** The version of the deadline rules (the time limits and the
	 *  calendar) into @p out: it differs after any change to them, made by
	 *  any connection of any process (0013_rules_version.sql). Read it in
	 *  the read_tx that reads the rules, to know whether a copy kept in
	 *  memory is still theirs. */
	enum mq_err (*deadline_rules_version)(void *cls, struct mq_db_rules_version *out);
	/** Read the time limits into @p out. */
	enum mq_err (*deadline_limits_get)(void *cls, struct mq_db_deadline_limits *out);
	/** Store the time limits @p l (with updated_at, updated_by).
	 *  MQ_ERR_CONFLICT when they break the schema's rules. */
	enum mq_err (*deadline_limits_set)(void *cls, const struct mq_db_deadline_limits *l);
	/** Hand every configured webhook to @p cb, by scope. */
	enum mq_err (*webhooks_iterate)(void *cls, mq_db_webhook_cb cb, void *cb_cls);
	/** Store webhook @p w, replacing the one of its scope. */
	enum mq_err (*webhook_put)(void *cls, const struct mq_db_webhook *w);
	/** Forget the webhook of @p scope. MQ_ERR_NOT_FOUND when there is none. */
	enum mq_err (*webhook_delete)(void *cls, const char *scope);
	/** Hand the progress of the opinions matching @p f to @p cb, oldest first. */
	enum mq_err (*progress_iterate)(void *cls, const struct mq_db_progress_filter *f,
					mq_db_progress_cb cb, void *cb_cls);
	/** Hand every (topic, member) pair where the member is involved in the
	 *  topic or responsible for one of its opinions to @p cb. */
	enum mq_err (*responsibles_iterate)(void *cls, mq_db_responsible_cb cb, void *cb_cls);
	/** Store new order @p o; sets its number into *@p no. */
	enum mq_err (*order_insert)(void *cls, const struct mq_db_order *o, int64_t *no);
	/** Store the acknowledgement and answer fields of order @p o->id.
	 *  MQ_ERR_NOT_FOUND when there is no such order. */
	enum mq_err (*order_update)(void *cls, const struct mq_db_order *o);
	/** Hand the orders matching @p f to @p cb: open ones first, by due day,
	 *  then the answered ones, newest first. */
	enum mq_err (*orders_iterate)(void *cls, const struct mq_db_order_filter *f,
				      mq_db_order_cb cb, void *cb_cls);
	/** Store escalation @p e. MQ_ERR_CONFLICT when the item was escalated
	 *  for that deadline already. */
	enum mq_err (*escalation_insert)(void *cls, const struct mq_db_escalation *e);
	/** Hand the escalations (of @p studio unless NULL) to @p cb, newest first. */
	enum mq_err (*escalations_iterate)(void *cls, const char *studio, mq_db_escalation_cb cb,
					   void *cb_cls);
	/** Queue notification @p n (state queued). MQ_ERR_CONFLICT when its key
	 *  was queued before: a message is never queued twice. */
	enum mq_err (*notice_insert)(void *cls, const struct mq_db_notice *n);
	/** Hand the notifications queued or due for a retry at @p now (and not
	 *  held until later) to @p cb, oldest first, at most @p limit. */
	enum mq_err (*notices_due_iterate)(void *cls, int64_t now, unsigned int limit,
					   mq_db_notice_cb cb, void *cb_cls);
	/** Claim notification @p key for sending at @p now. MQ_ERR_CONFLICT when
	 *  it is sent, being sent, or not due: the caller must not send. */
	enum mq_err (*notice_claim)(void *cls, const char *key, int64_t now);
	/** Record how a claimed notification went: @p state "sent", "retry" (at
	 *  @p next_at) or "failed", after @p attempts; @p error "" when none. A
	 *  resident's phone is forgotten once the state is final. */
	enum mq_err (*notice_finish)(void *cls, const char *key, const char *state,
				     int64_t attempts, int64_t next_at, int64_t now,
				     const char *error);
	/** Hand the newest @p limit notifications (of target @p target unless
	 *  NULL) to @p cb, without phone numbers. */
	enum mq_err (*notices_iterate)(void *cls, const char *target, unsigned int limit,
				       mq_db_notice_cb cb, void *cb_cls);

	/* ---- system updates: bundles, rollouts, kiosks' states (mq_db_update.h) ---- */
	/** Store bundle @p b (its id is ignored) and give its id in *@p id;
	 *  MQ_ERR_CONFLICT when a bundle with its sha256 is stored already. */
	enum mq_err (*bundle_insert)(void *cls, const struct mq_db_bundle *b, int64_t *id);
	/** Bundle @p id into @p out; MQ_ERR_NOT_FOUND when none. */
	enum mq_err (*bundle_get)(void *cls, int64_t id, struct mq_db_bundle *out);
	/** Hand every bundle to @p cb, newest first. */
	enum mq_err (*bundles_iterate)(void *cls, mq_db_bundle_cb cb, void *cb_cls);
	/** Store rollout @p r (id, version and changed_at ignored: changed_at is
	 *  created_at) and give its id in *@p id. */
	enum mq_err (*rollout_insert)(void *cls, const struct mq_db_rollout *r, int64_t *id);
	/** Rollout @p id into @p out; MQ_ERR_NOT_FOUND when none. */
	enum mq_err (*rollout_get)(void *cls, int64_t id, struct mq_db_rollout *out);
	/** Set rollout @p id to @p state at @p now; MQ_ERR_NOT_FOUND when there
	 *  is no such rollout or it was withdrawn (which is final). */
	enum mq_err (*rollout_set_state)(void *cls, int64_t id, enum mq_db_rollout_state state,
					 int64_t now);
	/** Hand every rollout to @p cb, newest first, with its bundle's version. */
	enum mq_err (*rollouts_iterate)(void *cls, mq_db_rollout_cb cb, void *cb_cls);
	/** The bundle offered to kiosk @p device: that of the newest active
	 *  rollout naming it, its studio's street, or all. MQ_ERR_NOT_FOUND
	 *  when none is. */
	enum mq_err (*update_offer_get)(void *cls, const char *device, struct mq_db_bundle *out);
	/** Store @p st as its device's latest update state. */
	enum mq_err (*update_status_put)(void *cls, const struct mq_db_update_status *st);
	/** Hand every enrolled, unrevoked kiosk (by studio, then id) with its latest
	 *  update state, if any, to @p cb. */
	enum mq_err (*update_status_iterate)(void *cls, mq_db_update_status_cb cb, void *cb_cls);
	/* ---- participation: candidate topics and their backings (mq_db_part.h) ---- */
	/** Store candidate @p c (supports ignored); its new id into *@p id. */
	enum mq_err (*candidate_insert)(void *cls, const struct mq_db_candidate *c, int64_t *id);
	/** Hand candidate @p id, with its count, to @p cb once; MQ_ERR_NOT_FOUND
	 *  when there is none. */
	enum mq_err (*candidate_get)(void *cls, int64_t id, mq_db_candidate_cb cb, void *cb_cls);
	/** Hand the candidates matching @p f to @p cb, most backed first (then
	 *  oldest first). */
	enum mq_err (*candidates_iterate)(void *cls, const struct mq_db_candidate_filter *f,
					  mq_db_candidate_cb cb, void *cb_cls);
	/** Count one backing of candidate @p candidate by @p voter through
	 *  @p channel ("kiosk" | "phone") at @p at: MQ_ERR_CONFLICT when that
	 *  voter has backed it already. */
	enum mq_err (*candidate_support_insert)(void *cls, int64_t candidate, const char *channel,
						const char *voter, int64_t at);
	/** Link candidate @p id to topic @p topic: MQ_ERR_NOT_FOUND when there is
	 *  no such candidate or it was promoted already. */
	enum mq_err (*candidate_promote)(void *cls, int64_t id, const char *topic);
	/* ---- participation: calls for members (征集), liaison filings ----------- */
	/** Open topic @p topic for members to volunteer, asking @p note, by @p who
	 *  at @p at (again when it was closed: the volunteers stay). */
	enum mq_err (*topic_call_open)(void *cls, const char *topic, const char *note,
				       const char *who, int64_t at);
	/** Close the open call of @p topic at @p at: MQ_ERR_NOT_FOUND when none is open. */
	enum mq_err (*topic_call_close)(void *cls, const char *topic, int64_t at);
	/** Hand the calls matching @p f to @p cb, newest first. */
	enum mq_err (*topic_calls_iterate)(void *cls, const struct mq_db_call_filter *f,
					   mq_db_topic_call_cb cb, void *cb_cls);
	/** Member @p member volunteers for @p topic at @p at: MQ_ERR_CONFLICT when
	 *  they have already. */
	enum mq_err (*volunteer_insert)(void *cls, const char *topic, const char *member,
					int64_t at);
	/** Hand the volunteers of @p topic to @p cb, the earliest first. */
	enum mq_err (*volunteers_iterate)(void *cls, const char *topic, mq_db_volunteer_cb cb,
					  void *cb_cls);
	/** Choose volunteer @p member of @p topic at @p at, who also joins the
	 *  topic's members: MQ_ERR_NOT_FOUND when not a volunteer or chosen already. */
	enum mq_err (*volunteer_choose)(void *cls, const char *topic, const char *member,
					int64_t at);
	/** Hand each member of @p studio (NULL: all) who volunteered or was chosen
	 *  in [@p from, @p to) to @p cb with the counts, by studio and member. */
	enum mq_err (*volunteer_tally)(void *cls, const char *studio, int64_t from, int64_t to,
				       mq_db_volunteer_tally_cb cb, void *cb_cls);
	/** Record that liaison officer @p username filed opinion @p opinion at @p at. */
	enum mq_err (*liaison_filing_insert)(void *cls, const char *opinion, const char *username,
					     int64_t at);
	/** Hand the opinions @p username filed to @p cb, newest first, at most @p limit. */
	enum mq_err (*liaison_filings_iterate)(void *cls, const char *username, unsigned int limit,
					       mq_db_liaison_filing_cb cb, void *cb_cls);
	/* ---- participation: questionnaires and their responses (mq_db_part.h) ---- */
	/** Store survey @p s (responses ignored); its new id into *@p id. */
	enum mq_err (*survey_insert)(void *cls, const struct mq_db_survey *s, int64_t *id);
	/** Hand survey @p id, with its count of responses, to @p cb once;
	 *  MQ_ERR_NOT_FOUND when there is none. */
	enum mq_err (*survey_get)(void *cls, int64_t id, mq_db_survey_cb cb, void *cb_cls);
	/** Hand the surveys matching @p f to @p cb, newest first. */
	enum mq_err (*surveys_iterate)(void *cls, const struct mq_db_survey_filter *f,
				       mq_db_survey_cb cb, void *cb_cls);
	/** Store response @p r; its id into *@p id. MQ_ERR_CONFLICT when that
	 *  voter has answered the survey already. */
	enum mq_err (*survey_response_insert)(void *cls, const struct mq_db_survey_response *r,
					      int64_t *id);
	/** Whether @p voter has answered survey @p survey, into *@p answered. */
	enum mq_err (*survey_response_exists)(void *cls, int64_t survey, const char *voter,
					      bool *answered);
	/** Store one answer of response @p response to question @p q: option
	 *  @p k (1..8), or @p text when @p k is 0. */
	enum mq_err (*survey_answer_insert)(void *cls, int64_t response, int64_t q, int64_t k,
					    const char *text);
	/** Hand every (question, option) of survey @p survey chosen at least
	 *  once, with how often, to @p cb, by question then option. */
	enum mq_err (*survey_counts)(void *cls, int64_t survey, mq_db_survey_count_cb cb,
				     void *cb_cls);
	/** Hand the free-text answers of survey @p survey (hidden ones too) to
	 *  @p cb, by question, oldest first. */
	enum mq_err (*survey_texts_iterate)(void *cls, int64_t survey, mq_db_survey_text_cb cb,
					    void *cb_cls);
	/** Hide (or show again) text answer @p answer of survey @p survey:
	 *  MQ_ERR_NOT_FOUND when it is no text answer of that survey. */
	enum mq_err (*survey_text_hide)(void *cls, int64_t survey, int64_t answer, bool hidden);
};

/**
 * Open the database named by @p url, the --db of every command:
 * "sqlite:PATH" (the SQLite plugin, mq_db_sqlite.h) or a libpq URI
 * ("postgresql://...", "postgres://...", e.g.
 * "postgresql:///minqing?host=/run/postgresql&port=5432&user=minqing": the
 * PostgreSQL plugin, mq_db_pg.h, with a pool of 4 connections). On success
 * *@p out holds a handle to free with mq_db_destroy(). Otherwise @p why
 * (@p size bytes) tells a technician what to do, and the result is
 * MQ_ERR_CONFIG for a URL that names no database, or the plugin's error
 * when it cannot open.
 */
enum mq_err mq_db_open(const char *url, struct mq_db **out, char *why, size_t size) MQ_MUST_CHECK;

/** mq_db_open with a PostgreSQL pool of at most @p connections connections
 *  (0: the default): serve gives one per HTTP worker thread. SQLite ignores it. */
enum mq_err mq_db_open_pool(const char *url, unsigned int connections, struct mq_db **out,
			    char *why, size_t size) MQ_MUST_CHECK;

/** True when @p url names a PostgreSQL database (a libpq URI). */
bool mq_db_url_is_pg(const char *url);

/** Close and free @p db. NULL is a no-op. */
void mq_db_destroy(struct mq_db *db);

#endif
