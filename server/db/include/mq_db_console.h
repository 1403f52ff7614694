/* mq_db_console.h — the rows the staff console and the public side
 * exchange with storage: staff, sessions, the audit log, topics (议题),
 * triage, members' records, kiosk health, ratings, statistics, Open311 keys.
 * The operations themselves are the "console" block at the end of struct
 * mq_db (mq_db.h). As there, strings handed to callbacks live only during
 * the callback, and optional strings are NULL when absent. */
#ifndef MQ_DB_CONSOLE_H
#define MQ_DB_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mq_stage.h"
#include "mq_wire.h"

#define MQ_DB_USER_MAX 32         /* console user names: 1..32 of [a-z0-9_.-] */
#define MQ_DB_PWHASH_MAX 128      /* crypto_pwhash_STRBYTES */
#define MQ_DB_SECRET_HEX 64       /* SHA-256 hex, session ids, CSRF tokens */

/** A console account's role (DESIGN.md §6): what it may see and change. */
enum mq_role {
	MQ_ROLE_ADMIN,      /* "admin": the whole district */
	MQ_ROLE_STREET,     /* "street": one street's group and studio */
	MQ_ROLE_MEMBER,     /* "member": what is addressed or assigned to one member */
	MQ_ROLE_LIAISON,    /* "liaison": 民情联络员 of one street's studio: files opinions
			       for residents visited (/console/file), sees only those */
};

/** The role whose key is @p key into *@p out; false for anything else. The
 *  one place a role key is read: storage rows, the staff forms, staff-add. */
static inline bool mq_role_parse(const char *key, enum mq_role *out)
{
	static const char *const keys[] = { "admin", "street", "member", "liaison" };

	for (int i = 0; key && i < 4; i++) {
		if (strcmp(key, keys[i]) == 0) {
			*out = (enum mq_role)i;
			return true;
		}
	}
	return false;
}

/** The key of @p role ("admin", "street", "member", "liaison"): what storage,
 *  the audit log, the stage history and the logs write. */
static inline const char *mq_role_key(enum mq_role role)
{
	return role == MQ_ROLE_ADMIN    ? "admin"
	       : role == MQ_ROLE_STREET ? "street"
	       : role == MQ_ROLE_LIAISON ? "liaison"
					 : "member";
}

/** A console account. studio is "" unless role is street or liaison, member ""
 *  unless member. */
struct mq_db_staff {
	char username[MQ_DB_USER_MAX + 1];
	enum mq_role role;
	char studio[MQ_KEY_MAX + 1];
	char member[MQ_KEY_MAX + 1];
	char pw_hash[MQ_DB_PWHASH_MAX];        /* argon2id string; "" when read with a session */
	int64_t created_at;
	bool disabled;                         /* cannot log in (0004_staff.sql) */
	int64_t last_login;                    /* 0 when unknown; filled by staff_iterate only */
};

/** A console session and its account. */
struct mq_db_session {
	char id[MQ_DB_SECRET_HEX + 1];         /* SHA-256 hex of the cookie secret */
	char csrf[MQ_DB_SECRET_HEX + 1];
	int64_t created_at;
	int64_t expires_at;
	struct mq_db_staff staff;
};

/** One audit log entry: who changed what, with the state before and after (JSON). */
struct mq_db_audit {
	int64_t id;                 /* assigned by the store */
	int64_t at;
	const char *actor;          /* console user name */
	const char *studio;         /* the street concerned, NULL for district-wide */
	const char *action;         /* e.g. "triage.topic_new" */
	const char *subject;        /* e.g. an opinion id */
	const char *before;         /* JSON or NULL */
	const char *after;          /* JSON or NULL */
};

/** An opinion as the console sees it: the row plus triage, topic and rating. */
struct mq_db_console_opinion {
	struct mq_db_opinion op;    /* includes the contact: console only */
	const char *disposition;    /* NULL until triaged */
	const char *topic;          /* topic id or NULL */
	int64_t topic_no;
	const char *topic_title;
	enum mq_stage topic_stage;  /* research .. closed; meaningful when topic is set */
	const char *topic_result;   /* published result, "" before */
	int64_t topic_published_at; /* 0 before */
	const char *department;
	const char *duplicate_of;
	const char *assigned_member;
	const char *member_name;    /* of op.member */
	const char *assigned_name;
	int64_t closed_at;          /* 0 while open */
	int stars;                  /* 0 when not rated */
	const char *rating_comment;
	int64_t topic_closed_at;    /* 0 while its topic is open, or in no topic */
};

/** Which opinions opinions_iterate hands out; zero/NULL fields do not filter. */
struct mq_db_opinion_filter {
	const char *studio;
	const char *member;         /* addressed or assigned to, or in a topic of, this member */
	const char *category;
	const char *community;
	const char *channel;
	bool by_stage;              /* only opinions at stage `stage` */
	enum mq_stage stage;
	const char *topic;
	const char *id;             /* just this opinion (record id) */
	int64_t created_after;
	int64_t created_before;
	unsigned int limit;         /* 0 means 100 */
	unsigned int offset;
};

/** True when @p f asks for one opinion by its id and nothing else: the
 *  backends then read it by its primary key. */
static inline bool mq_db_opinion_filter_just_id(const struct mq_db_opinion_filter *f)
{
	return f->id && !f->studio && !f->member && !f->category && !f->community &&
	       !f->channel && !f->by_stage && !f->topic && !f->created_after &&
	       !f->created_before;
}

/** What triage stores on an opinion. */
struct mq_db_triage {
	const char *id;
	const char *disposition;
	const char *topic;
	const char *department;
	const char *duplicate_of;
	const char *assigned_member;
	int64_t closed_at;          /* 0 for none */
};

/** A consultation topic (议题). */
struct mq_db_topic {
	const char *id;             /* UUID */
	int64_t no;                 /* assigned by topic_insert */
	const char *studio;
	const char *studio_name;    /* read only */
	const char *title;
	enum mq_stage stage;        /* research, consult, feedback or closed */
	int64_t created_at;
	const char *created_by;
	int64_t visits_planned;
	int64_t visits_done;
	const char *research_note;
	const char *consult_form;   /* NULL or a key of mq_consult_forms */
	const char *consult_date;   /* NULL or YYYY-MM-DD */
	const char *participants;
	const char *outcome;
	const char *result;         /* published to residents */
	int64_t published_at;       /* 0 until published */
	const char *followup_due;   /* NULL or YYYY-MM-DD */
	const char *supervision;
	int64_t closed_at;          /* 0 while open */
	int64_t n_opinions;         /* read only */
	int64_t n_ratings;          /* read only */
	double avg_stars;           /* read only; 0 when no rating */
};

/** Which topics topics_iterate hands out; NULL fields do not filter. */
struct mq_db_topic_filter {
	const char *studio;
	const char *member;         /* involved member */
	bool by_stage;              /* only topics at stage `stage` */
	enum mq_stage stage;
	const char *id;             /* just this topic */
	bool published_only;        /* only topics with a published result, newest first */
	unsigned int limit;         /* 0 means 100 */
};

/** A member's full record for the console (badge, PIN set, communities). */
struct mq_db_member_admin {
	struct mq_db_member m;
	const char *studio_name;
	const char *badge_code;     /* NULL when none */
	bool has_pin;
	const char *communities;    /* community keys covered, comma-separated, "" when none */
};

/** A kiosk heartbeat (POST /api/v1/heartbeat). */
struct mq_db_heartbeat {
	const char *device;
	int64_t at;
	const char *version;
	int64_t uptime_s;
	int64_t queue_depth;
	int64_t oldest_queued_age_s;
	int64_t disk_free_bytes;
	const char *last_error;     /* NULL when none */
};

/** An enrolled kiosk with its latest heartbeat. */
struct mq_db_kiosk {
	const char *id;
	const char *studio;
	const char *studio_name;
	int64_t created_at;
	int64_t last_seen;          /* 0 when never */
	bool has_heartbeat;
	struct mq_db_heartbeat hb;  /* valid when has_heartbeat */
	int64_t revoked_at;         /* 0 while it may sync */
};

/** The statistics stats_iterate can produce; the row fields each fills are listed. */
enum mq_db_stat {
	MQ_STAT_BY_STREET,          /* key street, label name, n[0] opinions, n[1] those that
				       reached 督查反馈 within 30 days, n[2] those that had
				       30 days (or were answered sooner), n[3] ratings,
				       x average stars */
	MQ_STAT_BY_CATEGORY,        /* key, label, n[0] opinions */
	MQ_STAT_BY_MONTH,           /* key "YYYY-MM" (Asia/Shanghai), n[0] opinions */
	MQ_STAT_STAGE_SPANS,        /* key stage, n[0] seconds spent in it (one row per
				       opinion and finished stage) */
	MQ_STAT_STARS,              /* key "1".."5", n[0] ratings */
	MQ_STAT_MEMBERS,            /* key member, label name, n[0] opinions addressed,
				       n[1] assigned, n[2] topics involved */
};

/** One statistics row; see enum mq_db_stat. */
struct mq_db_stat_row {
	const char *key;
	const char *label;
	int64_t n[5];
	double x;
};

/** Totals for /metrics. */
struct mq_db_counts {
	int64_t records;
	int64_t opinions;
	int64_t topics;
	int64_t ratings;
	int64_t devices;
};

/** An Open311 API key's binding. */
struct mq_db_open311_key {
	char key_hash[MQ_DB_SECRET_HEX + 1];
	char studio[MQ_KEY_MAX + 1];
	char device[MQ_SIG_KEYID_MAX + 1];
	char label[MQ_DB_NAME_MAX];
	int64_t created_at;
	int64_t revoked_at;         /* 0 while the key works; ignored on insert */
};

/** Receives one Open311 key; return false to stop early. */
typedef bool (*mq_db_open311_key_cb)(void *cb_cls, const struct mq_db_open311_key *row);

/** Receives one console opinion; return false to stop early. */
typedef bool (*mq_db_console_opinion_cb)(void *cb_cls, const struct mq_db_console_opinion *row);
/** Receives one topic; return false to stop early. */
typedef bool (*mq_db_topic_cb)(void *cb_cls, const struct mq_db_topic *row);
/** Receives one console account (no password hash); return false to stop early. */
typedef bool (*mq_db_staff_cb)(void *cb_cls, const struct mq_db_staff *row);
/** Receives one audit entry; return false to stop early. */
typedef bool (*mq_db_audit_cb)(void *cb_cls, const struct mq_db_audit *row);
/** Receives one member record; return false to stop early. */
typedef bool (*mq_db_member_admin_cb)(void *cb_cls, const struct mq_db_member_admin *row);
/** Receives one kiosk; return false to stop early. */
typedef bool (*mq_db_kiosk_cb)(void *cb_cls, const struct mq_db_kiosk *row);

/** The scope of the technician PIN that holds for every studio without its own. */
#define MQ_DB_SERVICE_PIN_ALL "*"

/** A technician PIN the district set (0007_service_pin.sql), without its hash. */
struct mq_db_service_pin {
	const char *scope;           /* MQ_DB_SERVICE_PIN_ALL or a studio id */
	const char *studio_name;     /* "" for MQ_DB_SERVICE_PIN_ALL */
	int64_t set_at;
	const char *set_by;          /* the account that set it */
};
/** Receives one technician PIN; return false to stop early. */
typedef bool (*mq_db_service_pin_cb)(void *cb_cls, const struct mq_db_service_pin *row);
/** Receives one statistics row; return false to stop early. */
typedef bool (*mq_db_stat_cb)(void *cb_cls, const struct mq_db_stat_row *row);

#endif
