/* mq_form.h — HTML form bodies and query strings
 * (application/x-www-form-urlencoded) decoded, and cookies read. Everything
 * here is network input: bounded, UTF-8 checked, NUL refused. */
#ifndef MQ_FORM_H
#define MQ_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "mq_error.h"

#define MQ_FORM_FIELD_MAX 4000     /* bytes of one decoded name or value */
#define MQ_FORM_FIELDS_MAX 256     /* fields of one form */

/** One name=value pair of a decoded form. */
struct mq_form_field {
	char *name;
	char *value;
};

/** A decoded form or query (zero it, or let mq_form_parse fill it; free
 *  with mq_form_finish). Fields keep the order they came in. */
struct mq_form {
	struct mq_form_field *f;
	size_t n;
};

/**
 * Decode @p data (@p len bytes, need not be NUL-terminated): '&'-separated
 * name=value pairs, '+' a space, %XX a byte; empty pairs skipped, a name
 * without '=' has the value "". False, with @p out empty, when a %-escape is
 * malformed, a byte is NUL (also as %00), the text is not UTF-8, a name or
 * value is over MQ_FORM_FIELD_MAX bytes, there are more than
 * MQ_FORM_FIELDS_MAX fields, or memory runs out.
 */
bool mq_form_parse(const char *data, size_t len, struct mq_form *out) MQ_MUST_CHECK;

/** mq_form_parse with values of up to @p field_max bytes (decoded): for the
 *  one form that takes a whole file (the roster import's CSV). */
bool mq_form_parse_max(const char *data, size_t len, size_t field_max,
		       struct mq_form *out) MQ_MUST_CHECK;

/** Free what @p f holds and empty it. NULL is a no-op. */
void mq_form_finish(struct mq_form *f);

/** The first value of @p name, or NULL. Borrowed from @p f. */
const char *mq_form_get(const struct mq_form *f, const char *name);

/** The first value of @p name with leading and trailing blanks (space, tab,
 *  CR, LF) cut in place, or NULL when absent or blank. Borrowed from @p f. */
const char *mq_form_text(struct mq_form *f, const char *name);

/** Up to @p max non-empty values of @p name, in order, into @p out; returns
 *  how many. Borrowed from @p f. */
size_t mq_form_all(const struct mq_form *f, const char *name, const char **out, size_t max);

/**
 * Copy the value of cookie @p name from the Cookie header @p header (may be
 * NULL) into @p out. Cookies are separated by ';' and optional spaces; the
 * name must match whole ("mq_session" is not "mq_session2"). False when
 * absent, when the value is longer than @p size - 1 bytes.
 */
bool mq_cookie_get(const char *header, const char *name, char *out, size_t size);

#endif
