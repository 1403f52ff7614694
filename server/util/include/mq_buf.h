/* mq_buf.h — a growable text buffer for the plain text formats the server
 * writes: CSV, iCalendar, XML, Prometheus metrics. Pages are built with
 * struct mq_html (mq_html.h) instead, which escapes by construction.
 * Errors are sticky: after a failed allocation every call is a no-op and
 * mq_buf_steal() returns NULL, so builders check once at the end. */
#ifndef MQ_BUF_H
#define MQ_BUF_H

#include <stdbool.h>
#include <stddef.h>

/** A buffer owned by the caller (init/finish). */
struct mq_buf {
	char *data;     /* NUL-terminated while not failed */
	size_t len;
	size_t cap;
	bool failed;    /* an allocation failed */
};

/** Start an empty buffer. */
void mq_buf_init(struct mq_buf *b);

/** Free what @p b holds. NULL is a no-op. */
void mq_buf_finish(struct mq_buf *b);

/** The octets of the UTF-8 character at @p p by its lead byte, never past
 *  the end of the string (0 at its end). */
size_t mq_buf_utf8_len(const char *p);

/** Copy at most @p max characters of @p s (UTF-8; NULL is "") into @p out
 *  (@p size bytes), with "…" when cut: a list's excerpt of a long text. */
void mq_buf_excerpt(const char *s, int max, char *out, size_t size);

/** Append @p s as it is. NULL appends nothing. */
void mq_buf_add(struct mq_buf *b, const char *s);

/** Append the @p n bytes at @p s as they are. */
void mq_buf_add_n(struct mq_buf *b, const char *s, size_t n);

/** Append printf-formatted text as it is. */
void mq_buf_printf(struct mq_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Append @p s with & < > " ' escaped for XML (and HTML) text and quoted
 *  attribute values. NULL appends nothing. */
void mq_buf_add_xml(struct mq_buf *b, const char *s);

/** Append @p s as one CSV field (RFC 4180): quoted, with its quotes
 *  doubled, when it holds a comma, a quote or a line end. */
void mq_buf_add_csv(struct mq_buf *b, const char *s);

/** Cut @p b back to its first @p len bytes (no-op when it is shorter). */
void mq_buf_truncate(struct mq_buf *b, size_t len);

/** Hand over the text (malloc'd, caller frees) and its length; NULL if an allocation failed. */
char *mq_buf_steal(struct mq_buf *b, size_t *len);

#endif
