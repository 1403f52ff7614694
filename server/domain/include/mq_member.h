/* mq_member.h — a member's record (委员档案) as street groups and admins
 * keep it: sector, expertise, badge code, the communities covered, and the
 * check-in PIN, kept only as an argon2id hash. */
#ifndef MQ_MEMBER_H
#define MQ_MEMBER_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_MEMBER_COMMUNITIES_MAX 32   /* communities one member covers */

/** A member's record as the console's form sends it; NULL strings are empty fields. */
struct mq_member_update_in {
	const char *key;                   /* the member */
	const char *sector;                /* 界别: 1..60 characters */
	const char *expertise;             /* at most 100 characters */
	const char *badge_code;            /* at most 32 bytes */
	const char *const *communities;    /* community keys of the member's studio */
	size_t n_communities;
	const char *pin_hash;              /* a new PIN's hash; NULL keeps the PIN */
};

/**
 * Save @p in for @p who at @p now in one transaction, audited as
 * "member.update" with the record before and after (never the PIN).
 * MQ_ERR_NOT_FOUND when the member is not in @p who's scope;
 * MQ_ERR_INVALID with a Chinese explanation in @p msg for a field that is
 * too long, a badge code another member has, or a community of another
 * street.
 */
enum mq_err mq_member_update(struct mq_db *db, const struct mq_db_staff *who,
			     const struct mq_member_update_in *in, int64_t now, char *msg,
			     size_t size) MQ_MUST_CHECK;

#endif
