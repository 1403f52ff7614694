/* mq_state.h — the server's kiosk state (GET /api/v1/kiosk/state, DESIGN §5,
 * as the sync client cached it in the store) parsed once into structs: the
 * studio, categories, communities, members, duty shifts with their slots and
 * bookings, the public board of resolved issues, the stage changes, and the
 * district's time limits with the official calendar, so that the kiosk
 * works out a due date offline exactly as the server does (mq_workday.h).
 * Screens read these structs and never the JSON.
 *
 * Every string is borrowed from the parsed document, which the state keeps
 * until mq_state_destroy; a string the document does not have (absent, or
 * not a string) is NULL. Lists keep the document's order and one entry per
 * element, whatever its shape (an element that is no object gives an entry
 * with every field NULL or 0). */
#ifndef MQ_STATE_H
#define MQ_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_workday.h"

struct json_t;
struct mq_store;

/** A category or a community: its key and its (Chinese) name. */
struct mq_state_named {
	const char *key;
	const char *name;
};

/** A member (委员) of the studio. */
struct mq_state_member {
	const char *key;             /* e.g. "hubin-01" */
	const char *name;
	const char *sector;          /* 界别 */
	const char *expertise;
	const char *badge_hash;      /* its badge code as HMAC-SHA-256 hex under the studio's
				      * badge key (mq_badge.h); never the code itself */
	const char *pin_hash;        /* crypto_pwhash_str (argon2id) of the member's PIN */
};

/** A time span as the document gives it (RFC 3339, read as unix seconds). */
struct mq_state_span {
	int64_t start, end;          /* 0 when absent or malformed */
	bool has_start, has_end;     /* the document's value was well-formed */
};

/** A bookable slot of a shift. */
struct mq_state_slot {
	const char *id;
	struct mq_state_span at;
	int free;                    /* free places as the server counts them (0 when absent) */
};

/** A resident's booking of a slot, as the server lists it (names masked, no phone). */
struct mq_state_booking {
	const char *id;              /* the booking record's id */
	const char *slot;
	const char *name;            /* masked */
	const char *topic;
	const char *status;          /* booked, attended, no_show, cancelled, refused */
};

/** A member's duty shift in the studio. */
struct mq_state_shift {
	const char *id;
	const char *member;          /* member key */
	struct mq_state_span at;
	struct mq_state_slot *slots;
	size_t n_slots;
	bool lists_bookings;         /* the server sent the shift's bookings (an older one does not) */
	struct mq_state_booking *bookings;
	size_t n_bookings;
};

/** An issue on the public board of resolved issues (anonymised). */
struct mq_state_resolved {
	const char *category;        /* category key */
	const char *title;
	const char *outcome;
};

/** A stage change of one of this studio's opinions. */
struct mq_state_stage {
	const char *token;           /* the opinion's tracking token */
	const char *stage;           /* collected, triaged, research, consult, feedback */
	const char *at;              /* RFC 3339 */
};

/** A candidate topic residents may back (议题遴选), open today. */
struct mq_state_candidate {
	int64_t id;                  /* 0 when absent or not positive: never offered */
	const char *title;
	const char *description;
	const char *closes;          /* YYYY-MM-DD, the last day */
	int64_t supports;            /* backings the server counted */
};

#define MQ_STATE_SURVEY_QUESTIONS 10
#define MQ_STATE_SURVEY_OPTIONS 8

/** One question of a questionnaire; kind "single", "multiple" or "text". */
struct mq_state_question {
	const char *text;
	const char *kind;
	const char *options[MQ_STATE_SURVEY_OPTIONS];
	size_t n_options;            /* the first 8 of the document's */
};

/** A questionnaire (问卷调查) open at this studio today. */
struct mq_state_survey {
	int64_t id;                  /* 0 when absent or not positive: never offered */
	const char *title;
	struct mq_state_question questions[MQ_STATE_SURVEY_QUESTIONS];
	size_t n_questions;          /* the first 10 of the document's */
};

/** The whole state. Read-only for everyone but mq_state.c. */
struct mq_state {
	struct {
		const char *id;
		const char *name;    /* 湖滨街道委员工作室 */
		const char *street;  /* its street's key: hubin, never shown */
		const char *street_name;   /* 湖滨街道; NULL from a server that sends none */
	} studio;
	struct mq_state_named *categories;
	size_t n_categories;
	struct mq_state_named *communities;
	size_t n_communities;
	struct mq_state_member *members;
	size_t n_members;
	struct mq_state_shift *shifts;
	size_t n_shifts;
	struct mq_state_resolved *resolved;
	size_t n_resolved;
	struct mq_state_stage *stages;
	size_t n_stages;
	struct mq_state_candidate *candidates;   /* "candidates", most backed first */
	size_t n_candidates;
	struct mq_state_survey *surveys;         /* "surveys", newest first */
	size_t n_surveys;
	const char *cursor;          /* what the next pull sends as since= */
	const char *service_pin_hash; /* crypto_pwhash_str (argon2id) of the technician PIN
				       * the district set for this studio; NULL: none yet */
	/* The district's time limits ("deadlines": {"triage","answer","close"},
	 * working days; the defaults 5/15/30 when absent or not positive) and
	 * the official calendar ("calendar": {"years":[Y...],"holidays":[DAY...],
	 * "workdays":[DAY...]}, days YYYY-MM-DD; a malformed day is left out).
	 * Without a calendar (never synced, an older server) every year is
	 * Monday to Friday. */
	struct mq_workday_limits limits;
	struct mq_calendar *calendar;    /* owned by the state; never NULL */
	/* The system update offered to this kiosk ("update"); version NULL when
	 * none is (or it is malformed: a size that is not positive, a sha256
	 * that is not 64 hex digits, a url that is not a /api/v1/ path). */
	struct {
		const char *version;
		int64_t size;
		const char *sha256;
		const char *url;
	} update;
};

/**
 * Parse @p doc (a state document; NULL or a non-object gives the empty
 * state, as a kiosk has before its first sync). The state takes its own
 * reference to @p doc. Returns NULL only when out of memory; free with
 * mq_state_destroy.
 */
struct mq_state *mq_state_from_json(struct json_t *doc);

/**
 * The state cached in @p store, parsed; NULL when the store holds none
 * (never synced) or out of memory. Free with mq_state_destroy.
 */
struct mq_state *mq_state_load(struct mq_store *store);

/** Free @p st and the document it borrows from. NULL is a no-op. */
void mq_state_destroy(struct mq_state *st);

/** The first member with key @p key (borrowed from @p st), or NULL. */
const struct mq_state_member *mq_state_member(const struct mq_state *st, const char *key);

/**
 * The name of the first entry of @p list (@p n entries) with key @p key and
 * a non-empty name, or NULL (also for a NULL or empty @p key).
 */
const char *mq_state_named_find(const struct mq_state_named *list, size_t n, const char *key);

/** The name of member @p key, as mq_state_named_find finds names (NULL if none). */
const char *mq_state_member_name(const struct mq_state *st, const char *key);

/** The day (mq_workday.h day number) by which the street group promises
 *  分析研判 of an opinion filed at UTC time @p filed: the configured limit in
 *  working days of the calendar. */
int64_t mq_state_triage_due_day(const struct mq_state *st, int64_t filed);

/**
 * The slot with id @p id (borrowed), or NULL; its shift into @p shift when
 * that is not NULL (left alone when there is no such slot).
 */
const struct mq_state_slot *mq_state_slot_find(const struct mq_state *st, const char *id,
					       const struct mq_state_shift **shift);

#endif
