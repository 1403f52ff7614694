/* phone.h — private to server/public/: what the phone side's pages share
 * (phone.c): the studio of /f/{studio}, the frame with the 大字版 toggle,
 * the guard every POST passes (rate limits, size, form token, honeypot),
 * the refusal pages, and the opinion form and its review step
 * (phone_form.c). */
#ifndef MQ_PUBLIC_PHONE_H
#define MQ_PUBLIC_PHONE_H

#include <stdbool.h>

#include "mq_form.h"
#include "mq_html.h"
#include "mq_http.h"
#include "mq_phone.h"

/* Bytes of a POST under /f/: a 2000-character opinion percent-encoded
 * (up to 9 bytes a character) and the other fields. */
#define MQ_PHONE_POST_MAX (24 * 1024)
/* Bytes of one decoded value: the opinion's 2000 characters of UTF-8. */
#define MQ_PHONE_FIELD_MAX (4 * MQ_OPINION_TEXT_MAX + 16)
/* The hidden field a person never sees and a form-filling robot fills. */
#define MQ_PHONE_HONEYPOT "homepage"

/** One request to the phone side of a studio. */
struct phone_req {
	struct mq_handler_ctx *hc;
	struct mq_db_studio studio;
	bool large;                       /* 大字版: ?size=large, or size=large posted */
	struct mq_form form;              /* the POST's fields (empty for a GET) */
	char token[MQ_PHONE_FORM_MAX];    /* the form token the page carries */
};

/** Load the studio of the URL into @p r (and ?size= of a GET): false when
 *  answered already (an unknown studio's friendly 404, or 503). */
bool phone_open(struct phone_req *r, struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** Free what @p r holds. */
void phone_close(struct phone_req *r);

/** A fresh form token of @p form into r->token: false when answered (503). */
bool phone_new_token(struct phone_req *r, enum mq_phone_form form,
		     struct mq_http_response *resp);

/** What the guard of a POST decided. */
enum phone_guard {
	PHONE_GO,          /* a good form: handle it */
	PHONE_EXPIRED,     /* a form of ours, too old: r->token is a fresh one, show it again */
	PHONE_DECOY,       /* the honeypot was filled: answer as if stored, store nothing */
	PHONE_ANSWERED,    /* refused with a page already (429, 413, 400, 403, 503) */
};

/**
 * The guard of every POST of form @p form under /f/{studio}: counts the POST
 * against the rate limits of the client address and the studio (429 page
 * past them), bounds the body, parses it into r->form, reads size=, checks
 * the form token and the honeypot.
 */
enum phone_guard phone_guard(struct phone_req *r, enum mq_phone_form form,
			     struct mq_http_response *resp);

/** Open a phone page: the frame, @p heading (escaped), the 大字版 toggle to
 *  @p path (a literal-free path of this server, escaped). */
void phone_begin(struct mq_html *b, const struct phone_req *r, const char *brand,
		 const char *heading, const char *path);

/** Close @p b and answer @p status with it. */
void phone_reply(struct mq_http_response *resp, unsigned int status, struct mq_html *b);

/** Answer @p status with a whole phone page: @p lead (bold), @p text, and a
 *  button back to @p back (a path, escaped) labelled @p back_label. */
void phone_message(struct mq_http_response *resp, const struct phone_req *r, unsigned int status,
		   const char *lead, const char *text, const char *back, const char *back_label);

/** Open a phone form posting to @p path (escaped), with the hidden fields
 *  every phone form carries: the form token, size=large, and the honeypot
 *  (off screen, out of the tab order, hidden from screen readers). */
void phone_form_open(struct mq_html *b, const struct phone_req *r, const char *path);

/** Answer 303 to @p path (+ "?new=1" for a new opinion) keeping 大字版. */
void phone_redirect(struct mq_http_response *resp, const struct phone_req *r, const char *path,
		    bool fresh);

/** Answer a dropped (honeypot) submission as a stored one would be: 303 to
 *  @p prefix ("/t/" or "/b/") and mq_phone_decoy's token of the form. */
void phone_decoy_reply(struct phone_req *r, struct mq_http_response *resp, const char *prefix,
		       bool fresh);

/* Characters of the voter cookie (mq_voter, under /f/): 128 random bits. */
#define PHONE_VOTER_HEX 32

/** The browser's voter cookie into @p out, a new one (and its Set-Cookie
 *  on @p resp) when it has none: what 大家来选议题 and 问卷调查 count once,
 *  as its digest, never the cookie itself. */
void phone_voter(struct phone_req *r, struct mq_http_response *resp,
		 char out[PHONE_VOTER_HEX + 1]);

/** Links to what residents can join at this studio today, for the front
 *  page: 大家来选议题 when candidate topics are open, each open
 *  questionnaire (phone_survey.c). Nothing when none is. */
void phone_participation_links(struct mq_html *b, const struct phone_req *r);

/** A list of errors shown above a form, in plain Chinese. */
struct phone_errors {
	const char *msg[8];
	unsigned int n;
};

/** Add @p msg (a static string) to @p e. */
void phone_error(struct phone_errors *e, const char *msg);

/** The card listing @p e (role="alert"); nothing when empty. @p note, when
 *  not NULL, is shown first as a notice of its own. */
void phone_errors_card(struct mq_html *b, const struct phone_errors *e, const char *note);

/* ---- the opinion form (phone_form.c) ------------------------------------- */

/** What the opinion form holds, from its POST (borrowed from r->form). */
struct phone_opinion {
	const char *category, *community, *member, *text;
	bool contact;                     /* 留下姓名和电话 chosen */
	const char *name, *phone;
	bool consent;
};

/** Read the opinion form's fields of r->form into @p o. */
void phone_opinion_read(struct phone_req *r, struct phone_opinion *o);

/** Check @p o, its problems into @p e (plain Chinese); its phone, when
 *  given, normalised into @p mobile. True when there is none. */
bool phone_opinion_check(const struct phone_opinion *o, struct phone_errors *e,
			 char mobile[MQ_PHONE_MOBILE_LEN + 1]);

/** Answer @p status with the opinion form filled with @p o (NULL: empty),
 *  the errors @p e and the notice @p note above it. */
void phone_opinion_form(struct phone_req *r, struct mq_http_response *resp, unsigned int status,
			const struct phone_opinion *o, const struct phone_errors *e,
			const char *note);

/** Answer 200 with the review step of @p o: what will be sent (the name and
 *  the phone, @p mobile as phone_opinion_check read it, only masked),
 *  确认提交 and 返回修改. */
void phone_opinion_review(struct phone_req *r, struct mq_http_response *resp,
			  const struct phone_opinion *o, const char *mobile);

/* ---- the booking form (phone_book_get.c) ----------------------------------- */

/** What the booking form holds, from its POST (borrowed from r->form). */
struct phone_booking {
	const char *slot, *name, *phone, *topic;
};

/** Answer @p status with the booking form: the studio's slots of the next
 *  MQ_PHONE_BOOK_DAYS days (full ones shown, not choosable), filled with
 *  @p bk (NULL: empty), the errors @p e and the notice @p note above it. */
void phone_booking_form(struct phone_req *r, struct mq_http_response *resp, unsigned int status,
			const struct phone_booking *bk, const struct phone_errors *e,
			const char *note);

#endif
