/* mq_visit.h — the rules behind booking a visit and checking duty members in,
 * kept apart from the screens so they can be tested alone: free places of
 * a slot, which slots are offered, member numbers typed on the digits pad,
 * masking a resident's name, the PIN lockout (5 wrong tries lock that
 * member and the PIN pad for 5 minutes of the UI clock), and the growing
 * lockout of the track screen's short-code lookup. */
#ifndef MQ_VISIT_H
#define MQ_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Wrong PINs in a row before a member (and the PIN pad) is locked. */
#define MQ_VISIT_PIN_TRIES 5

/** How long a lock lasts, in ms of the UI clock. */
#define MQ_VISIT_PIN_LOCK_MS (5 * 60 * 1000)

/** Members the lockout remembers at once (the oldest unlocked entry is reused). */
#define MQ_VISIT_PIN_GUARD_MAX 32

/**
 * Free places the kiosk may offer: the server's count in the cached state
 * minus the bookings made here that the server has not answered yet, never
 * below 0. A negative @p pending (the store could not count) counts as 0.
 */
int mq_visit_slot_free(int state_free, int pending);

/**
 * Whether a slot starting at @p start (unix s) is offered at @p now: it has
 * not begun yet. Full slots are still shown (as full) but not tappable:
 * see mq_visit_slot_free.
 */
bool mq_visit_slot_offered(int64_t start, int64_t now);

/**
 * The member number shown on screen for member key @p key: the digits
 * after its last '-' ("hubin-01" → "01"). "" when the key has none.
 */
void mq_visit_member_number(const char *key, char *out, size_t size);

/**
 * True when @p typed (digits from the pad) names member @p key: the same
 * number as mq_visit_member_number, leading zeros not needed ("1" and "01"
 * both name hubin-01).
 */
bool mq_visit_member_number_matches(const char *key, const char *typed);

/** Wrong-PIN counts and locks. Caller-owned; zeroed memory is a fresh guard. */
struct mq_visit_pin_guard {
	struct {
		char member[64];
		int fails;                /* wrong tries since the last success or lock end */
		int64_t locked_until;     /* UI-clock ms; 0 when not locked */
	} e[MQ_VISIT_PIN_GUARD_MAX];
	int64_t pad_locked_until;         /* the PIN pad as a whole; 0 when not locked */
};

/**
 * Milliseconds until @p member may try a PIN again at UI time @p now (0:
 * now). With @p member NULL or "", only the pad's lock counts.
 */
int64_t mq_visit_pin_guard_wait(const struct mq_visit_pin_guard *g, const char *member, int64_t now);

/**
 * Count a wrong PIN for @p member at @p now. Returns the tries left before
 * the lock; 0 means the member and the pad are now locked for
 * MQ_VISIT_PIN_LOCK_MS.
 */
int mq_visit_pin_guard_fail(struct mq_visit_pin_guard *g, const char *member, int64_t now);

/** A right PIN (or badge) for @p member: forget its wrong tries. */
void mq_visit_pin_guard_ok(struct mq_visit_pin_guard *g, const char *member);

/* ---- the track screen's short codes -------------------------------------- */

/** Codes not found in a row before the code lookup locks. */
#define MQ_VISIT_CODE_TRIES 5
/** The first lock, in ms of the UI clock; each next one lasts twice as long. */
#define MQ_VISIT_CODE_LOCK_MS (60 * 1000)
/** The longest lock. */
#define MQ_VISIT_CODE_LOCK_MAX_MS (30 * 60 * 1000)
/** Quiet time after which the growth starts again from the first lock. */
#define MQ_VISIT_CODE_FORGET_MS (60 * 60 * 1000)

/**
 * Misses and locks of the short-code lookup (查询进度): 8 digits guessed
 * at the kiosk must not open other residents' progress. Caller-owned and
 * kept across the idle wipe; zeroed memory is a fresh guard.
 */
struct mq_visit_code_guard {
	int misses;                /* codes not found since the last find or lock */
	int locks;                 /* locks so far (the next one lasts 2^locks minutes) */
	int64_t locked_until;      /* UI-clock ms; 0 when not locked */
	int64_t last_miss;         /* UI-clock ms of the last miss */
};

/** Milliseconds until a code may be looked up again at @p now (0: now). */
int64_t mq_visit_code_guard_wait(const struct mq_visit_code_guard *g, int64_t now);

/** Count a code not found at @p now. Returns the tries left before a lock;
 *  0 means the lookup is now locked (for MQ_VISIT_CODE_LOCK_MS doubled by
 *  every lock before, up to MQ_VISIT_CODE_LOCK_MAX_MS). */
int mq_visit_code_guard_miss(struct mq_visit_code_guard *g, int64_t now);

/** A code was found: the misses start over (the growth of locks does not). */
void mq_visit_code_guard_found(struct mq_visit_code_guard *g);

#endif
