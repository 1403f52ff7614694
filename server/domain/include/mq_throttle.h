/* mq_throttle.h — slowing down guessing (OWASP ASVS 2.2.1) without locking
 * anyone out: failures are counted per purpose ("login", "enroll", ...),
 * subject (an account name; "" when only the address matters) and address
 * group (an IPv4 address; an IPv6 address's /64, mq_net_group). After
 * policy->free failures each further one makes the pair wait twice as long
 * as the one before (base_s, 2 base_s, 4 base_s, ... up to cap_s) from the
 * last failure. Another address is never slowed by them, so the right
 * password from elsewhere still works; a success forgets the pair's count;
 * counts quiet for forget_s are purged on the next failure. A rate limit
 * (the phone side counts every POST) sets window_s: a count quiet that
 * long starts again from zero.
 *
 * Usage (what POST /console/login does, and any other guessable door):
 *   int64_t wait;
 *   mq_throttle_wait(db, &policy, name, client, now, &wait);  // 0: go on
 *   ... a wrong guess:  mq_throttle_fail(db, &policy, name, client, now);
 *   ... a right one:    mq_throttle_clear(db, &policy, name, client);
 * When wait > 0, answer 429 with Retry-After: wait and check nothing. */
#ifndef MQ_THROTTLE_H
#define MQ_THROTTLE_H

#include <stdint.h>

#include "mq_db.h"

/** How one door is throttled. Static storage, usually. */
struct mq_throttle_policy {
	const char *purpose;       /* the throttle table's purpose key, e.g. "login" */
	int free;                  /* failures of a (subject, address) pair that cost nothing */
	int base_s;                /* the wait after the first failure past free */
	int cap_s;                 /* the longest wait */
	int forget_s;              /* a count quiet this long is purged */
	int window_s;              /* 0: none; else a count quiet this long starts again
				    * from zero (a rate limit rather than a guess count).
				    * The purge (forget_s) is shared by every purpose, so a
				    * door that forgets sooner than others says so here,
				    * never with a shorter forget_s */
};

/**
 * The seconds (@p subject, @p address) must still wait at @p now before it
 * may try again, into *@p wait_s (0: it may). @p subject NULL counts as "";
 * @p address is a numeric address (NULL or malformed: one shared group
 * "unknown"). Returns MQ_OK or the storage error.
 */
enum mq_err mq_throttle_wait(struct mq_db *db, const struct mq_throttle_policy *policy,
			     const char *subject, const char *address, int64_t now,
			     int64_t *wait_s) MQ_MUST_CHECK;

/** Count a failure of (@p subject, @p address) at @p now, purging the counts
 *  quiet for policy->forget_s. */
enum mq_err mq_throttle_fail(struct mq_db *db, const struct mq_throttle_policy *policy,
			     const char *subject, const char *address,
			     int64_t now) MQ_MUST_CHECK;

/** Forget the failures of (@p subject, @p address): it got in. */
enum mq_err mq_throttle_clear(struct mq_db *db, const struct mq_throttle_policy *policy,
			      const char *subject, const char *address) MQ_MUST_CHECK;

/** The wait after @p failures failures under @p policy (0 up to policy->free). */
int64_t mq_throttle_delay(const struct mq_throttle_policy *policy, int64_t failures);

#endif
