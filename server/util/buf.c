/* buf.c — the growable text buffer (mq_buf.h). */
#include "mq_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mq_buf_init(struct mq_buf *b)
{
	memset(b, 0, sizeof *b);
}

void mq_buf_finish(struct mq_buf *b)
{
	if (!b)
		return;
	free(b->data);
	memset(b, 0, sizeof *b);
}

/* Makes room for @p more bytes plus the NUL. */
static bool reserve(struct mq_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return false;
	if (more > ((size_t)-1) / 4 - b->len) {
		b->failed = true;
		return false;
	}
	need = b->len + more + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 1024;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void mq_buf_add_n(struct mq_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void mq_buf_add(struct mq_buf *b, const char *s)
{
	if (s)
		mq_buf_add_n(b, s, strlen(s));
}

void mq_buf_printf(struct mq_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void mq_buf_add_xml(struct mq_buf *b, const char *s)
{
	if (!s)
		return;
	for (;;) {
		size_t run = strcspn(s, "&<>\"'");   /* copied as it is, at once */

		mq_buf_add_n(b, s, run);
		s += run;
		switch (*s) {
		case '&': mq_buf_add_n(b, "&amp;", 5); break;
		case '<': mq_buf_add_n(b, "&lt;", 4); break;
		case '>': mq_buf_add_n(b, "&gt;", 4); break;
		case '"': mq_buf_add_n(b, "&quot;", 6); break;
		case '\'': mq_buf_add_n(b, "&#39;", 5); break;
		default: return;   /* the end */
		}
		s++;
	}
}

char *mq_buf_steal(struct mq_buf *b, size_t *len)
{
	char *data;

	if (b->failed || !reserve(b, 0)) {
		mq_buf_finish(b);
		return NULL;
	}
	data = b->data;
	data[b->len] = '\0';   /* an empty buffer has just been allocated */
	*len = b->len;
	memset(b, 0, sizeof *b);
	return data;
}

size_t mq_buf_utf8_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	size_t left = strlen(p);

	return n < left ? n : left;
}

void mq_buf_excerpt(const char *s, int max, char *out, size_t size)
{
	size_t i = 0;
	int chars = 0;

	if (!s)
		s = "";
	while (s[i] && chars < max) {
		size_t n = mq_buf_utf8_len(s + i);

		if (i + n + 4 >= size)
			break;
		i += n;
		chars++;
	}
	snprintf(out, size, "%.*s%s", (int)i, s, s[i] ? "…" : "");
}

void mq_buf_truncate(struct mq_buf *b, size_t len)
{
	if (b->failed || len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void mq_buf_add_csv(struct mq_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		mq_buf_add(b, s);
		return;
	}
	mq_buf_add(b, "\"");
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		mq_buf_add_n(b, s, (size_t)(q - s));
		mq_buf_add(b, "\"\"");
	}
	mq_buf_add(b, s);
	mq_buf_add(b, "\"");
}
