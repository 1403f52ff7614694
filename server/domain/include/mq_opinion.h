/* mq_opinion.h — opinions (社情民意) coming in: stored with the first step
 * of their history, 收集采集, whichever way they come (a kiosk's record, an
 * Open311 client). */
#ifndef MQ_OPINION_H
#define MQ_OPINION_H

#include <stdint.h>

#include "mq_db.h"

/** Store opinion @p op (its record row stored already) and open its history
 *  with the stage `collected` by @p actor_role ("kiosk", "open311") at
 *  op->created_at. A conflict here is a storage fault (MQ_ERR_DB): the
 *  caller checked the id and token. */
enum mq_err mq_opinion_store(struct mq_db *db, const struct mq_db_opinion *op,
			     const char *actor_role) MQ_MUST_CHECK;

/** An opinion filed through an Open311 API key. */
struct mq_opinion_file_in {
	const struct mq_db_open311_key *key;   /* its studio and device */
	const char *category;                  /* a category key */
	const char *text;                      /* 1..MQ_OPINION_TEXT_MAX characters */
	const char *community;                 /* a community of the key's studio, or NULL */
	int64_t now;
};

/** What filing made: the opinion's record id, tracking token and short code. */
struct mq_opinion_filed {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
};

/**
 * File @p in as an opinion of channel `web`, in one transaction: its record
 * row (the device's, with the content hash of {category, text, token}), the
 * opinion and its first stage. No personal data: Open311 has no consent.
 */
enum mq_err mq_opinion_file(struct mq_db *db, const struct mq_opinion_file_in *in,
			    struct mq_opinion_filed *out) MQ_MUST_CHECK;

#endif
