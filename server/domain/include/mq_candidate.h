/* mq_candidate.h — candidate topics (候选议题, 议题遴选): a street group
 * publishes them for a studio with a closing date; residents back them
 * anonymously, once each, at the kiosk (records of kind topic_support) and
 * from their phones; after closing the street group sees the ranking and
 * promotes one into a real topic, which then moves through the five steps. */
#ifndef MQ_CANDIDATE_H
#define MQ_CANDIDATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_CANDIDATE_TITLE_MAX 100   /* characters */
#define MQ_CANDIDATE_DESC_MAX 500    /* characters */

/** A new candidate as the console's form gives it. */
struct mq_candidate_in {
	const char *studio;          /* for a street account, its own (or NULL) */
	const char *title;
	const char *description;     /* may be NULL or "" */
	const char *closes;          /* YYYY-MM-DD, today or later */
	const char *opinion;         /* the triaged opinion it comes from, or NULL */
};

/**
 * Publish candidate @p in for @p who at @p now: its id into *@p id.
 * MQ_ERR_INVALID with a Chinese reason in @p msg for a bad field;
 * MQ_ERR_AUTH when @p who only reads; MQ_ERR_NOT_FOUND for a studio or an
 * opinion out of @p who's scope.
 */
enum mq_err mq_candidate_create(struct mq_db *db, const struct mq_db_staff *who,
				const struct mq_candidate_in *in, int64_t now, char *msg,
				size_t size, int64_t *id) MQ_MUST_CHECK;

/** Today's date (Asia/Shanghai) at @p now as YYYY-MM-DD: what "still open"
 *  is measured against. */
void mq_candidate_today(int64_t now, char out[11]);

/**
 * MQ_OK if candidate @p id of studio @p studio (NULL: any) may be backed at
 * @p now; MQ_ERR_INVALID with an English reason in @p msg when it is
 * unknown, of another studio, closed or promoted. Writes nothing.
 */
enum mq_err mq_candidate_check(struct mq_db *db, int64_t id, const char *studio, int64_t now,
			       char *msg, size_t size) MQ_MUST_CHECK;

/**
 * Count one backing of candidate @p id of studio @p studio by @p voter (a
 * digest of the phone browser's cookie) through the phone at @p now, in one
 * transaction: MQ_ERR_CONFLICT when that browser backed it already,
 * MQ_ERR_INVALID (reason in @p msg) as mq_candidate_check.
 */
enum mq_err mq_candidate_back_phone(struct mq_db *db, int64_t id, const char *studio,
				    const char *voter, int64_t now, char *msg,
				    size_t size) MQ_MUST_CHECK;

/**
 * Promote closed candidate @p id into a new topic (its title) for @p who at
 * @p now, in one transaction with its audit entry: the topic's id into
 * @p topic. MQ_ERR_INVALID (Chinese reason in @p msg) while still open or
 * when promoted already; MQ_ERR_NOT_FOUND out of @p who's scope.
 */
enum mq_err mq_candidate_promote(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
				 int64_t now, char *msg, size_t size,
				 char topic[MQ_UUID_LEN + 1]) MQ_MUST_CHECK;

/** The candidates of @p studio still open at @p now, most backed first, as
 *  the state pull's `candidates` (owned, into *@p out): [{id, title,
 *  description, closes, supports}]. */
enum mq_err mq_candidate_open_json(struct mq_db *db, const char *studio, int64_t now,
				   json_t **out) MQ_MUST_CHECK;

#endif
