/* filing.h — private to server/domain/: an opinion filed from a form
 * rather than a kiosk, as the phone side files it (phone.c): a record of the
 * studio's phone device through the opinion kind's checks and store, its id
 * derived from the form's token so a second submission stores nothing.
 * The phone side files with channel `phone`; liaison officers (liaison.c)
 * with `liaison` and a hook recording who filed it. */
#ifndef MQ_DOMAIN_FILING_H
#define MQ_DOMAIN_FILING_H

#include "mq_phone.h"

/** What runs, inside the filing's transaction, once a new opinion @p id is stored. */
struct mq_filing_hook {
	enum mq_err (*fn)(struct mq_db *db, const char *id, void *cls);
	void *cls;
};

/** mq_phone_file_opinion with channel @p channel and @p after (may be NULL). */
enum mq_err mq_filing_opinion(struct mq_db *db, const struct mq_phone_opinion_in *in,
			      const char *channel, const struct mq_filing_hook *after,
			      struct mq_phone_filed *out, char *msg, size_t size) MQ_MUST_CHECK;

#endif
