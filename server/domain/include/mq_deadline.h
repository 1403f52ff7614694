/* mq_deadline.h — the stages' time limits (督查反馈) and how an opinion
 * stands against them.
 *
 * Every opinion has three deadlines, all counted in working days from its
 * collection (the record's created_at, as the kiosk stamped it):
 *   分析研判 (triage)   — done when it gets its first stage event after
 *                          collection (every triage writes one);
 *   首次答复 (answer)   — done when a stage event first carries a public
 *                          note, the first thing the resident reads;
 *   办结 (close)        — done when it, or its topic, is closed.
 * A deadline is the end (Asia/Shanghai) of its last working day: done
 * before that instant is on time. Until all three are done, the first open
 * one is "next"; the console shows how many working days are left for it
 * (剩余N个工作日, 今日到期) or by how many it is late (超期N个工作日), and
 * sorts by it. A topic stands as its most urgent open opinion.
 *
 * The limits, the escalation threshold and the digest's "due soon" window
 * are the district's (mq_deadline_limits_save); the calendar is the
 * official one (mq_calendar.h). */
#ifndef MQ_DEADLINE_H
#define MQ_DEADLINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_workday.h"

/** The three deadlines of an opinion, in the order they fall due. */
enum mq_deadline_kind {
	MQ_DEADLINE_TRIAGE,     /* "triage" 分析研判 */
	MQ_DEADLINE_ANSWER,     /* "answer" 首次答复 */
	MQ_DEADLINE_CLOSE,      /* "close"  办结 */
};
#define MQ_DEADLINE_KINDS 3

/** The key of @p k ("triage", "answer", "close"): what storage writes. */
const char *mq_deadline_kind_key(enum mq_deadline_kind k);

/** The Chinese name of @p k (分析研判, 首次答复, 办结). */
const char *mq_deadline_kind_name(enum mq_deadline_kind k);

/** The kind whose key is @p key into *@p out; false for anything else. */
bool mq_deadline_kind_parse(const char *key, enum mq_deadline_kind *out);

/** What deadlines are judged by: the limits and the calendar, read once. */
struct mq_deadline_rules {
	struct mq_workday_limits limits;
	int escalate;                       /* working days overdue before escalation */
	int soon;                           /* "due soon": at most this many working days left */
	struct mq_calendar *calendar;       /* owned */
};

/** Read the rules from @p db into @p out (free with mq_deadline_rules_finish).
 *  MQ_ERR_NOMEM or the storage error otherwise; @p out then holds nothing. */
enum mq_err mq_deadline_rules_load(struct mq_db *db, struct mq_deadline_rules *out) MQ_MUST_CHECK;

/** Free what @p r holds. NULL is a no-op. */
void mq_deadline_rules_finish(struct mq_deadline_rules *r);

/** The rules of @p db into *@p out, shared with other callers and threads:
 *  kept in memory while their stored version (db->deadline_rules_version)
 *  stays the one they were loaded at, loaded anew after any change by any
 *  process. Call it inside the db->read_tx that reads what the rules judge,
 *  so that the version and the rules are of one state. Read-only; give it
 *  back with mq_deadline_rules_release. */
enum mq_err mq_deadline_rules_shared(struct mq_db *db,
				     const struct mq_deadline_rules **out) MQ_MUST_CHECK;

/** Give back rules from mq_deadline_rules_shared. NULL is a no-op. */
void mq_deadline_rules_release(const struct mq_deadline_rules *r);

/** How one opinion stands at a given time. */
struct mq_deadline_state {
	int64_t at;                           /* when it was evaluated */
	int64_t due_day[MQ_DEADLINE_KINDS];   /* day numbers (mq_workday.h) */
	int64_t due[MQ_DEADLINE_KINDS];       /* the instants: end of the due day */
	int64_t done[MQ_DEADLINE_KINDS];      /* when met, 0 while open */
	bool open;                            /* some deadline is still open */
	enum mq_deadline_kind next;           /* the first open one, when open */
	bool overdue;                         /* next is past its deadline */
	int days;                             /* working days left for next, or late by */
};

/** How @p p stands under @p r at @p now into @p out. */
void mq_deadline_eval(const struct mq_deadline_rules *r, const struct mq_db_progress *p,
		      int64_t now, struct mq_deadline_state *out);

/** True when deadline @p k of @p s counts towards its on-time rate at the
 *  time it was evaluated: met (in time or late), or open past its
 *  deadline. Into *@p on_time, whether it was met in time. */
bool mq_deadline_counted(const struct mq_deadline_state *s, enum mq_deadline_kind k,
			 bool *on_time);

/** The words for @p s: "剩余3个工作日", "今日到期", "超期2个工作日",
 *  "已超期" (past the deadline with no working day gone by since, as on the
 *  weekend after a Friday deadline), or "" when nothing is open. */
void mq_deadline_words(const struct mq_deadline_state *s, char *out, size_t size);

/** Sorting by urgency: open before done; the open by their next deadline,
 *  earliest (the most overdue) first. Negative, 0 or positive as qsort's. */
int mq_deadline_cmp(const struct mq_deadline_state *a, const struct mq_deadline_state *b);

/** One opinion with its milestones and how it stands: a copy of a
 *  progress row that outlives the storage callback. */
struct mq_deadline_item {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char studio[MQ_KEY_MAX + 1];
	char studio_name[MQ_DB_NAME_MAX];
	char excerpt[160];                    /* the first 30 characters of its text */
	char phone[MQ_PHONE_MAX + 1];         /* only when the filter asked for it; "" if none */
	char assigned[MQ_KEY_MAX + 1];        /* responsible member, "" if none */
	char topic[MQ_UUID_LEN + 1];          /* "" when in no topic */
	int64_t topic_no;
	char topic_title[160];
	enum mq_stage topic_stage;
	int64_t created_at, triaged_at, answered_at, result_at, closed_at;
	struct mq_deadline_state st;
	bool topic_lead;                      /* the opinion its topic stands as (see below) */
};

/** A list of items (fill with mq_deadline_items_load, free with _finish). */
struct mq_deadline_items {
	struct mq_deadline_item *v;
	size_t n;
};

/**
 * The opinions matching @p f with how they stand under @p r at @p now, in
 * the order storage hands them (oldest first), each topic's lead marked.
 * MQ_ERR_NOMEM or the storage error otherwise; @p out then holds nothing.
 */
enum mq_err mq_deadline_items_load(struct mq_db *db, const struct mq_deadline_rules *r,
				   const struct mq_db_progress_filter *f, int64_t now,
				   struct mq_deadline_items *out) MQ_MUST_CHECK;

/** Free what @p l holds. NULL is a no-op. */
void mq_deadline_items_finish(struct mq_deadline_items *l);

/** Sort @p l by urgency (mq_deadline_cmp), the newest first among equals. */
void mq_deadline_items_sort(struct mq_deadline_items *l);

/** The item that decides how topic @p topic stands, its lead: its most
 *  urgent open opinion, else its newest; NULL when @p l has none of it. */
const struct mq_deadline_item *mq_deadline_topic_item(const struct mq_deadline_items *l,
						      const char *topic);

/**
 * What a kiosk needs to promise a due date offline, for its state pull:
 * *@p limits = {"triage","answer","close"} (working days) and *@p calendar =
 * {"years":[Y...],"holidays":[DAY...],"workdays":[DAY...]} (caller decrefs
 * both). MQ_ERR_NOMEM or the storage error otherwise.
 */
enum mq_err mq_deadline_kiosk_json(struct mq_db *db, json_t **limits,
				   json_t **calendar) MQ_MUST_CHECK;

/** New time limits, escalation threshold and digest window, as typed into the console. */
struct mq_deadline_limits_in {
	int triage, answer, close, escalate, soon;
};

/**
 * Store @p in as the district's rules for admin @p who at @p now, with the
 * audit entry "deadlines.limits". MQ_ERR_AUTH when @p who is no admin;
 * MQ_ERR_INVALID with a Chinese explanation in @p msg when a limit is out
 * of range or the three are not in order (研判 ≤ 答复 ≤ 办结).
 */
enum mq_err mq_deadline_limits_save(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_deadline_limits_in *in, int64_t now, char *msg,
				    size_t size) MQ_MUST_CHECK;

#endif
