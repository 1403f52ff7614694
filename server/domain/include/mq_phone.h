/* mq_phone.h — the phone side (民情E点通): a resident files an opinion or
 * books a visit from their own phone through /f/{studio}, with no app and
 * no account. What they send becomes a record of the studio's phone device
 * ("phone-{studio}", made on first use; its key is random and never handed
 * out, as an Open311 key's device) and goes through the record kinds' own
 * checks and stores (mq_records.h) with channel `phone`: the same shape and
 * limits as a kiosk's record, the same keys, the same capacity rule, the
 * same five steps after it.
 *
 * Abuse control without a captcha:
 *   - form tokens: every form carries one, made here and signed with the
 *     server's secret "phone_form" (HMAC-SHA-256): bound to the form's kind
 *     and studio, good for MQ_PHONE_FORM_TTL_S. A form without a good one
 *     stores nothing.
 *   - the same token twice stores once: the record's id is derived from the
 *     token, so a second submission finds the first and answers with its
 *     tracking or booking token. Never by address: residents behind one
 *     NAT are different people.
 *   - rate limits (mq_throttle.h): every POST counts, per client address
 *     group and per studio, with growing waits past a free allowance.
 *   - the honeypot is the caller's: a filled one stores nothing, and the
 *     answer points at mq_phone_decoy's token instead. */
#ifndef MQ_PHONE_H
#define MQ_PHONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_throttle.h"

#define MQ_PHONE_FORM_TTL_S (4 * 3600)   /* a form is good this long: slow typists too */
#define MQ_PHONE_FORM_MAX 72             /* bytes of a form token, with its NUL */
#define MQ_PHONE_MOBILE_LEN 11           /* digits of a mainland mobile number */
#define MQ_PHONE_BOOK_DAYS 14            /* slots offered: as the kiosk's state */

/** The two forms of the phone side. */
enum mq_phone_form {
	MQ_PHONE_FORM_OPINION,
	MQ_PHONE_FORM_BOOKING,
	MQ_PHONE_FORM_TOPICS,      /* backing a candidate topic (/f/{studio}/topics) */
	MQ_PHONE_FORM_LIAISON,     /* a liaison officer's filing (/console/file, mq_liaison.h) */
	MQ_PHONE_FORM_SURVEY,      /* answering a questionnaire (/f/{studio}/survey/{id}) */
};

/** What checking a form token found. */
enum mq_phone_verdict {
	MQ_PHONE_TOKEN_GOOD,
	MQ_PHONE_TOKEN_EXPIRED,     /* ours, older than MQ_PHONE_FORM_TTL_S */
	MQ_PHONE_TOKEN_FORGED,      /* missing, malformed, not ours, another form's or studio's */
};

/** A new form token for form @p form of @p studio at @p now into @p out.
 *  Makes the secret on first use. */
enum mq_err mq_phone_form_token(struct mq_db *db, enum mq_phone_form form, const char *studio,
				int64_t now, char out[MQ_PHONE_FORM_MAX]) MQ_MUST_CHECK;

/** Check form token @p token (may be NULL) of form @p form of @p studio at
 *  @p now into *@p verdict. */
enum mq_err mq_phone_form_check(struct mq_db *db, enum mq_phone_form form, const char *studio,
				const char *token, int64_t now,
				enum mq_phone_verdict *verdict) MQ_MUST_CHECK;

/** The rate limits of POSTs under /f/: per client address group, per studio. */
extern const struct mq_throttle_policy mq_phone_address_throttle;
extern const struct mq_throttle_policy mq_phone_studio_throttle;

/**
 * Admit one POST to the phone side of @p studio from @p client (the address
 * behind trusted proxies; NULL: unknown) at @p now: *@p wait_s is 0 and the
 * POST is counted against both limits, or the seconds the address (or the
 * studio, under a flood) must still wait, and nothing is counted.
 */
enum mq_err mq_phone_admit(struct mq_db *db, const char *studio, const char *client, int64_t now,
			   int64_t *wait_s) MQ_MUST_CHECK;

/** True if @p in is a mainland Chinese mobile number: 11 digits 1[3-9]...,
 *  blanks and '-' between them and a leading +86 or 86 allowed; its digits
 *  into @p out. */
bool mq_phone_is_mobile(const char *in, char out[MQ_PHONE_MOBILE_LEN + 1]);

/** An opinion from the phone form. Strings are UTF-8; NULL or "" is absent. */
struct mq_phone_opinion_in {
	const char *studio;
	const char *form;           /* its form token, checked good by the caller */
	const char *category;       /* a category key */
	const char *community;      /* a community key of the studio */
	const char *member;         /* 委员信箱: a member key of the studio */
	const char *text;           /* 1..MQ_OPINION_TEXT_MAX characters */
	const char *name;           /* with consent only */
	const char *phone;          /* with consent only: mq_phone_is_mobile's digits */
	int64_t now;
};

/** What filing or booking answered: the tracking (or booking) token and its
 *  short code; @p again when the form had been sent before. */
struct mq_phone_filed {
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	bool again;
};

/**
 * File @p in in one transaction: the studio's phone device (first time), the
 * record and the opinion with its first step 收集采集, channel `phone`. The
 * form's second submission stores nothing and answers the first's tokens.
 * MQ_ERR_INVALID (English reason in @p msg) for what the opinion kind
 * refuses: a text too long, an unknown category, community or member, ...
 */
enum mq_err mq_phone_file_opinion(struct mq_db *db, const struct mq_phone_opinion_in *in,
				  struct mq_phone_filed *out, char *msg,
				  size_t size) MQ_MUST_CHECK;

/** A booking from the phone form. */
struct mq_phone_booking_in {
	const char *studio;
	const char *form;           /* its form token, checked good by the caller */
	const char *slot;           /* a slot id of the studio */
	const char *name;           /* 1..50 characters */
	const char *phone;          /* mq_phone_is_mobile's digits */
	const char *topic;          /* one line, may be NULL */
	int64_t now;
};

/**
 * Book @p in as mq_phone_file_opinion files: channel `phone`, the booking
 * kind's checks, its capacity rule in the same statement as the kiosks'.
 * MQ_ERR_CONFLICT when the slot has no place left (nothing is stored: the
 * resident picks another); MQ_ERR_INVALID (reason in @p msg) for a slot
 * unknown, of another studio or begun.
 */
enum mq_err mq_phone_book(struct mq_db *db, const struct mq_phone_booking_in *in,
			  struct mq_phone_filed *out, char *msg, size_t size) MQ_MUST_CHECK;

/** The token the answer to a dropped (honeypot) submission of form token
 *  @p form points at: stable for the form, never a stored record's. */
enum mq_err mq_phone_decoy(struct mq_db *db, const char *form,
			   char out[MQ_TOKEN_LEN + 1]) MQ_MUST_CHECK;

#endif
