/* mq_liaison.h — 民情联络员: liaison officers visit residents (上门走访) and
 * file their opinions on their behalf from a phone-sized console page
 * (/console/file). A filing is an opinion of the officer's studio with the
 * channel `liaison` (联络员走访), the community visited, and the resident's
 * name or phone only with the resident's consent; it goes through the
 * opinion kind's checks and the five steps like any other (filed as the
 * phone side files, mq_phone.h: the form's token makes a second submission
 * store nothing). Who filed it is kept, so that each officer sees only their
 * own filings and how they progress. */
#ifndef MQ_LIAISON_H
#define MQ_LIAISON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_phone.h"

#define MQ_LIAISON_LIST_MAX 200      /* filings an officer's list shows */

/** A filing as the form gives it. Strings are UTF-8; NULL or "" is absent. */
struct mq_liaison_in {
	const char *form;           /* the form's token (MQ_PHONE_FORM_LIAISON), checked
				       good by the caller */
	const char *category;       /* a category key */
	const char *community;      /* a community key of the officer's studio */
	const char *text;           /* 1..MQ_OPINION_TEXT_MAX characters */
	bool consent;               /* the resident agreed to leave contact details */
	const char *name;           /* only with consent */
	const char *phone;          /* only with consent: a mobile number */
	int64_t now;
};

/**
 * File @p in for liaison officer @p who in one transaction: the opinion
 * (channel `liaison`, first step 收集采集), who filed it, and the audit
 * entry "opinion.file". The tracking token and short code into @p out (the
 * first's when the form was sent before). MQ_ERR_AUTH for another role;
 * MQ_ERR_INVALID with a Chinese reason in @p msg for a missing community or
 * text, contact details without consent (or consent without any), a phone
 * that is not a mobile number, or what the opinion kind refuses.
 */
enum mq_err mq_liaison_file(struct mq_db *db, const struct mq_db_staff *who,
			    const struct mq_liaison_in *in, struct mq_phone_filed *out,
			    char *msg, size_t size) MQ_MUST_CHECK;

#endif
