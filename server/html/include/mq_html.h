/* mq_html.h — HTML built safely by construction.
 *
 * A page is a struct mq_html, a type of its own, so that the plain text
 * functions of mq_buf cannot write into it. Only three things reach a page
 * unescaped:
 *
 *   - string literals, through mq_html_raw() and the format of
 *     mq_html_printf(): both are macros that glue "" to each side of their
 *     argument, so anything but a literal fails to compile;
 *   - the asset files of server/html/assets/ (style sheets), by name;
 *   - fragments already built as struct mq_html.
 *
 * Everything else goes through a function that escapes it: mq_html_text(),
 * every %s and %c of mq_html_printf(), mq_html_url_value() for a URL query
 * value. Numbers are formatted as printf formats them.
 *
 * Errors are sticky, as in mq_buf: after a failed allocation (or a format
 * this builder refuses) every call is a no-op and mq_html_steal() returns
 * NULL, so builders check once at the end. */
#ifndef MQ_HTML_H
#define MQ_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "mq_buf.h"

/** A page or a fragment being built. The caller owns it (init/finish); its
 *  buffer is private to the functions below. */
struct mq_html {
	struct mq_buf buf;
};

/** Start an empty page or fragment. */
void mq_html_init(struct mq_html *h);

/** Free what @p h holds. NULL is a no-op. */
void mq_html_finish(struct mq_html *h);

/** Append markup @p literal as it is. @p literal must be a string literal
 *  (or a macro that is one): any other expression does not compile. */
#define mq_html_raw(h, literal) mq_html_raw_((h), "" literal "")

/** What mq_html_raw() expands to. Call the macro, never this. */
void mq_html_raw_(struct mq_html *h, const char *literal);

/**
 * printf into @p h with @p fmt, which must be a string literal: every %s
 * and %c argument is escaped as mq_html_text() escapes (after its width and
 * precision apply, so "%.*s" cuts the text, not its escapes); numbers
 * (%d %i %u %x %X %o with hh h l ll z j t, and %f %e %g %a with L) are
 * formatted as printf does; %% is a percent sign. %p and %n are refused
 * (the page fails).
 */
#define mq_html_printf(h, fmt, ...) mq_html_printf_((h), "" fmt "", ##__VA_ARGS__)

/** What mq_html_printf() expands to. Call the macro, never this. */
void mq_html_printf_(struct mq_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Append @p text with & < > " ' escaped, safe in element text and in a
 *  quoted attribute value. NULL appends nothing. */
void mq_html_text(struct mq_html *h, const char *text);

/** mq_html_text(@p text), or mq_html_text(@p fallback) when @p text is NULL or "". */
void mq_html_text_or(struct mq_html *h, const char *text, const char *fallback);

/** Append @p value percent-encoded for a URL query value: only A-Z a-z 0-9
 *  - _ . stay as they are, so it is safe inside a quoted attribute too. */
void mq_html_url_value(struct mq_html *h, const char *value);

/** Append the bytes of @p fragment (built, escaped, by these functions). */
void mq_html_append(struct mq_html *h, const struct mq_html *fragment);

/**
 * Append the asset file @p name of server/html/assets/ ("console.css", ...),
 * compiled into the program. A style sheet (*.css) comes without its line
 * breaks, so that the file can hold one rule a line. An unknown name fails
 * the page (and is logged): it is a programming error.
 */
void mq_html_asset(struct mq_html *h, const char *name);

/**
 * Append a QR code of @p text (libqrencode, error correction M, a quiet
 * zone of four modules) as an inline SVG @p px pixels square, its modules
 * as one path, with @p label as its accessible name (both escaped). False,
 * appending nothing, when @p text cannot be encoded (too long).
 */
bool mq_html_qr(struct mq_html *h, const char *text, int px, const char *label);

/** True if nothing has been appended to @p h. */
bool mq_html_empty(const struct mq_html *h);

/** True if an allocation or a format failed: the page is lost. */
bool mq_html_failed(const struct mq_html *h);

/** Hand over the text (malloc'd, caller frees) and its length, and empty
 *  @p h; NULL (with @p h emptied) if anything failed. */
char *mq_html_steal(struct mq_html *h, size_t *len);

#endif
