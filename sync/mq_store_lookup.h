/* mq_store_lookup.h — read-only lookups in the kiosk store for the UI's
 * "track my issue" screen: an opinion filed at this kiosk, found by the
 * short code a resident types or by the token in the QR they scan. */
#ifndef MQ_STORE_LOOKUP_H
#define MQ_STORE_LOOKUP_H

#include "mq_error.h"
#include "mq_id.h"
#include "mq_store.h"
#include "mq_time.h"

/** What the kiosk knows about one of its opinions (no personal data). */
struct mq_store_opinion_view {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char category[64];                 /* key */
	char created_at[MQ_RFC3339_LEN + 1];
	char stage[32];                    /* collected, triaged, research, consult, feedback */
	char stage_at[MQ_RFC3339_LEN + 1]; /* when it reached that stage; "" when unknown */
	char stage_note[1024];             /* the stage's public note; "" when none */
};

/**
 * The newest opinion with @p short_code (8 digits) into @p out.
 * MQ_ERR_NOT_FOUND when this kiosk has none, MQ_ERR_INVALID for a
 * malformed code, MQ_ERR_DB on error.
 */
enum mq_err mq_store_find_opinion(struct mq_store *store, const char *short_code,
				  struct mq_store_opinion_view *out) MQ_MUST_CHECK;

/** The opinion with tracking @p token; errors as mq_store_find_opinion. */
enum mq_err mq_store_find_opinion_by_token(struct mq_store *store, const char *token,
					   struct mq_store_opinion_view *out) MQ_MUST_CHECK;

#endif
