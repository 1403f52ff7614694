/* mq_rating.h — a resident's satisfaction (满意度) with the published result
 * of an opinion: 1..5 stars and an optional comment, once per opinion, and
 * only after feedback (督查反馈) is published, whether it comes from a kiosk
 * (record kind `rating`) or from the tracking page's form. */
#ifndef MQ_RATING_H
#define MQ_RATING_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/**
 * Whether opinion @p opinion (record id; of @p studio unless NULL) may be
 * rated with @p stars and @p comment (NULL: none): 1..5, at most 200
 * characters, feedback published, not rated yet. MQ_ERR_INVALID with an
 * English reason in @p msg otherwise; the storage error when it fails.
 */
enum mq_err mq_rating_check(struct mq_db *db, const char *opinion, const char *studio,
			    int stars, const char *comment, char *msg, size_t size) MQ_MUST_CHECK;

/** A rating from the tracking page's form. */
struct mq_rating_in {
	const char *token;           /* the opinion's tracking token: the credential */
	int stars;                   /* 1..5 */
	const char *comment;         /* NULL: none */
	int64_t now;
};

/**
 * Store rating @p in (channel `web`) in one transaction after
 * mq_rating_check. MQ_ERR_NOT_FOUND for an unknown token; MQ_ERR_INVALID,
 * with the reason in @p msg, when the opinion may not be rated (again).
 */
enum mq_err mq_rating_by_token(struct mq_db *db, const struct mq_rating_in *in, char *msg,
			       size_t size) MQ_MUST_CHECK;

#endif
