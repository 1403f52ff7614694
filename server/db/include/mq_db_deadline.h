/* mq_db_deadline.h — the rows of 督查反馈 that storage exchanges: the
 * official calendar, the time limits, the webhooks notifications go to,
 * each opinion's progress (when it was collected, triaged, answered,
 * closed), supervision orders (督办), escalations and the notification
 * outbox. The operations are the "deadlines" block of struct mq_db
 * (mq_db.h). As everywhere, strings handed to callbacks live only during
 * the callback, and optional strings are NULL when absent. */
#ifndef MQ_DB_DEADLINE_H
#define MQ_DB_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mq_db_console.h"
#include "mq_stage.h"
#include "mq_wire.h"

#define MQ_DB_URL_MAX 512             /* bytes of a webhook URL */
#define MQ_DB_NOTICE_KEY_MAX 96       /* bytes of a notification's key */

/** A year whose State Council notice the calendar holds. */
struct mq_db_calendar_year {
	int year;
	const char *source;               /* the file imported, or what shipped */
	int64_t imported_at;
	const char *imported_by;
};

/** One exception day of the calendar. */
struct mq_db_calendar_day {
	const char *day;                  /* YYYY-MM-DD */
	bool workday;                     /* a weekend day worked (调休); else a holiday */
};

/** The district's time limits, in working days (0006_deadlines.sql). */
struct mq_db_deadline_limits {
	int triage, answer, close;        /* from collection */
	int escalate;                     /* overdue this many working days: to the district */
	int soon;                         /* a digest's "due soon" window */
	int64_t updated_at;               /* 0: never changed */
	char updated_by[33];
};

/** Which deadline rules a backend holds: equal versions mean equal rules.
 *  @p instance tells apart the backends opened in one process (a closed
 *  one's address may be reused), @p version counts the changes stored. */
struct mq_db_rules_version {
	uint64_t instance;
	int64_t version;
};

/** The formats of a notification webhook. */
enum mq_db_hook_format {
	MQ_HOOK_WECOM,                    /* "wecom": 企业微信 group robot, msgtype markdown */
	MQ_HOOK_DINGTALK,                 /* "dingtalk": 钉钉 robot, msgtype markdown */
	MQ_HOOK_JSON,                     /* "json": plain JSON */
};

/** The key of @p f ("wecom", "dingtalk", "json"). */
static inline const char *mq_hook_format_key(enum mq_db_hook_format f)
{
	return f == MQ_HOOK_WECOM ? "wecom" : f == MQ_HOOK_DINGTALK ? "dingtalk" : "json";
}

/** The format whose key is @p key into *@p out; false for anything else:
 *  the one place a format key is read (storage rows, the console's form). */
static inline bool mq_hook_format_parse(const char *key, enum mq_db_hook_format *out)
{
	for (int i = 0; key && i < 3; i++) {
		if (strcmp(key, mq_hook_format_key((enum mq_db_hook_format)i)) == 0) {
			*out = (enum mq_db_hook_format)i;
			return true;
		}
	}
	return false;
}

/** Where notifications of one scope go. */
struct mq_db_webhook {
	const char *scope;                /* a studio id, "*" the district, "sms" the gateway */
	const char *url;
	enum mq_db_hook_format format;
	int64_t updated_at;
	const char *updated_by;
};

/** What progress_iterate hands out: the opinions @p of would list (without
 *  its limit and offset), of those only the open ones and the ones closed
 *  at or after @p open_or_closed_since unless 0. */
struct mq_db_progress_filter {
	struct mq_db_opinion_filter of;
	int64_t open_or_closed_since;
	bool with_phone;                  /* fill contact_phone (notifications only) */
};

/** One opinion's milestones: what its deadlines are judged by. */
struct mq_db_progress {
	const char *id;
	const char *token;
	const char *short_code;
	const char *studio;
	const char *studio_name;
	const char *category_name;
	const char *text;
	const char *contact_phone;        /* only with_phone, and only when the resident consented */
	const char *assigned_member;
	enum mq_stage stage;
	const char *disposition;          /* NULL until triaged */
	const char *topic;                /* NULL when in no topic */
	int64_t topic_no;
	const char *topic_title;
	enum mq_stage topic_stage;        /* when topic */
	int64_t created_at;               /* collection: the record's created_at */
	int64_t triaged_at;               /* first stage event after collection; 0: none */
	int64_t answered_at;              /* first one with a public note; 0: none */
	int64_t result_at;                /* first reaching 督查反馈; 0: none */
	int64_t closed_at;                /* the opinion's or its topic's; 0: open */
};

/** A supervision order (督办). */
struct mq_db_order {
	const char *id;                   /* UUID */
	int64_t no;                       /* assigned by order_insert */
	const char *studio;
	const char *studio_name;          /* read only */
	const char *topic;                /* exactly one of topic and opinion */
	const char *opinion;
	const char *subject_title;        /* read only: the topic's title or the opinion's text */
	int64_t subject_no;               /* read only: the topic's number, 0 for an opinion */
	const char *note;
	const char *due_day;              /* YYYY-MM-DD */
	int64_t issued_at;
	const char *issued_by;
	int64_t acknowledged_at;          /* 0: not yet */
	const char *acknowledged_by;
	const char *answer;               /* "" until answered */
	int64_t answered_at;              /* 0: not yet */
	const char *answered_by;
};

/** Which orders orders_iterate hands out; NULL and false do not filter. */
struct mq_db_order_filter {
	const char *studio;
	const char *id;
	const char *topic;
	const char *opinion;
	bool open_only;                   /* not answered yet */
	int64_t issued_from, issued_to;   /* [from, to); 0: open-ended */
	unsigned int limit;               /* 0 means 200 */
};

/** An item escalated to the district's list. */
struct mq_db_escalation {
	const char *subject_kind;         /* "topic" | "opinion" */
	const char *subject;
	const char *deadline;             /* "triage" | "answer" | "close" */
	const char *studio;
	int64_t due_at;
	int64_t escalated_at;
};

/** A notification in the outbox. */
struct mq_db_notice {
	const char *key;
	const char *kind;                 /* sms_answer, sms_result, digest, order, order_answer,
					     escalation */
	const char *target;               /* "sms", a studio id, "*" */
	const char *subject;
	const char *phone;                /* sms only; NULL once done */
	const char *body;                 /* JSON */
	int64_t not_before;
	const char *state;                /* queued, sending, retry, sent, failed */
	int64_t attempts;
	int64_t next_at;
	int64_t created_at;
	int64_t sent_at;                  /* 0: not sent */
	const char *last_error;
};

/** Receives one calendar year; return false to stop early. */
typedef bool (*mq_db_calendar_year_cb)(void *cb_cls, const struct mq_db_calendar_year *row);
/** Receives one calendar day; return false to stop early. */
typedef bool (*mq_db_calendar_day_cb)(void *cb_cls, const struct mq_db_calendar_day *row);
/** Receives one webhook; return false to stop early. */
typedef bool (*mq_db_webhook_cb)(void *cb_cls, const struct mq_db_webhook *row);
/** Receives one opinion's progress; return false to stop early. */
typedef bool (*mq_db_progress_cb)(void *cb_cls, const struct mq_db_progress *row);
/** Receives one supervision order; return false to stop early. */
typedef bool (*mq_db_order_cb)(void *cb_cls, const struct mq_db_order *row);
/** Receives one escalation; return false to stop early. */
typedef bool (*mq_db_escalation_cb)(void *cb_cls, const struct mq_db_escalation *row);
/** Receives one notification; return false to stop early. */
typedef bool (*mq_db_notice_cb)(void *cb_cls, const struct mq_db_notice *row);
/** Receives one (topic, member) responsibility pair; return false to stop early. */
typedef bool (*mq_db_responsible_cb)(void *cb_cls, const char *topic, const char *member);

#endif
