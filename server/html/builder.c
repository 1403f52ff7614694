/* builder.c — struct mq_html (mq_html.h): a page built from literals,
 * escaped text and fragments (assets: assets.c).
 *
 * mq_html_printf_() walks its format itself, so that it can escape what a
 * %s or %c brings: each conversion is copied out with its flags, width,
 * precision and length, formatted alone by snprintf with the argument read
 * at its own type, and appended raw (numbers) or escaped (text). */
#include "mq_html.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "mq_log.h"

void mq_html_init(struct mq_html *h)
{
	mq_buf_init(&h->buf);
}

void mq_html_finish(struct mq_html *h)
{
	if (h)
		mq_buf_finish(&h->buf);
}

void mq_html_raw_(struct mq_html *h, const char *literal)
{
	mq_buf_add(&h->buf, literal);
}

void mq_html_text(struct mq_html *h, const char *text)
{
	mq_buf_add_xml(&h->buf, text);
}

void mq_html_text_or(struct mq_html *h, const char *text, const char *fallback)
{
	mq_html_text(h, text && text[0] ? text : fallback);
}

void mq_html_url_value(struct mq_html *h, const char *value)
{
	static const char hexd[] = "0123456789ABCDEF";

	for (const char *s = value; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[3] = { '%', hexd[c >> 4], hexd[c & 15] };

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			mq_buf_add_n(&h->buf, s, 1);
		else
			mq_buf_add_n(&h->buf, esc, sizeof esc);
	}
}

void mq_html_append(struct mq_html *h, const struct mq_html *fragment)
{
	if (fragment->buf.failed)
		h->buf.failed = true;
	else if (fragment->buf.len)
		mq_buf_add_n(&h->buf, fragment->buf.data, fragment->buf.len);
}

bool mq_html_empty(const struct mq_html *h)
{
	return h->buf.len == 0;
}

bool mq_html_failed(const struct mq_html *h)
{
	return h->buf.failed;
}

char *mq_html_steal(struct mq_html *h, size_t *len)
{
	return mq_buf_steal(&h->buf, len);
}

/* ---- the escaping printf ------------------------------------------------- */

/* One conversion of a format, as written: "%-*.*lld". */
struct spec {
	char text[32];       /* NUL-terminated */
	int stars;           /* '*' for width and precision: 0, 1 or 2 */
	int star[2];         /* their values, read from the arguments */
	char length[3];      /* "", "hh", "h", "l", "ll", "z", "j", "t" or "L" */
	char conv;           /* the conversion character */
};

/* Reads the conversion at @p p (its '%') into @p sp; returns the character
 * after it, or NULL when it is not one this builder formats. */
static const char *read_spec(const char *p, struct spec *sp)
{
	const char *start = p++;
	size_t n;

	memset(sp, 0, sizeof *sp);
	p += strspn(p, "-+ #0");
	if (*p == '*')
		sp->stars++, p++;
	else
		p += strspn(p, "0123456789");
	if (*p == '.') {
		p++;
		if (*p == '*')
			sp->stars++, p++;
		else
			p += strspn(p, "0123456789");
	}
	n = strspn(p, "hljztL");
	if (n > 2)
		return NULL;
	memcpy(sp->length, p, n);
	p += n;
	sp->conv = *p;
	if (!sp->conv || !strchr("diouxXeEfFgGaAcs%", sp->conv))
		return NULL;
	p++;
	if ((size_t)(p - start) >= sizeof sp->text)
		return NULL;
	memcpy(sp->text, start, (size_t)(p - start));
	return p;
}

/* The formatted text of one conversion is appended raw (numbers) or escaped
 * (text). The conversion's own text is one piece of the literal format the
 * caller's compiler checked against the argument read here, which is why
 * the format may be a variable just below. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#define FORMAT_ONE(out, size, sp, value)                                                    \
	((sp)->stars == 0   ? snprintf((out), (size), (sp)->text, (value))                   \
	 : (sp)->stars == 1 ? snprintf((out), (size), (sp)->text, (sp)->star[0], (value))    \
			    : snprintf((out), (size), (sp)->text, (sp)->star[0], (sp)->star[1], \
				       (value)))

/* Reads the next argument as a @p type, formats it per @p sp and appends
 * it (escaped when @p escape). */
#define EMIT(h, sp, ap, type, escape)                                                       \
	do {                                                                                  \
		type v_ = va_arg(*(ap), type);                                                 \
		char small_[128], *out_ = small_;                                              \
		int n_ = FORMAT_ONE(small_, sizeof small_, (sp), v_);                          \
		if (n_ >= (int)sizeof small_ && (out_ = malloc((size_t)n_ + 1)))              \
			FORMAT_ONE(out_, (size_t)n_ + 1, (sp), v_);                            \
		if (n_ < 0 || !out_)                                                           \
			(h)->buf.failed = true;                                                \
		else if (escape)                                                               \
			mq_buf_add_xml(&(h)->buf, out_);                                       \
		else                                                                           \
			mq_buf_add_n(&(h)->buf, out_, (size_t)n_);                             \
		if (out_ != small_)                                                            \
			free(out_);                                                            \
	} while (0)

/* A signed integer conversion, read at the type its length names. */
static void emit_signed(struct mq_html *h, const struct spec *sp, va_list *ap)
{
	const char *l = sp->length;

	if (!strcmp(l, "l"))
		EMIT(h, sp, ap, long, false);
	else if (!strcmp(l, "ll"))
		EMIT(h, sp, ap, long long, false);
	else if (!strcmp(l, "z"))
		EMIT(h, sp, ap, ssize_t, false);
	else if (!strcmp(l, "j"))
		EMIT(h, sp, ap, intmax_t, false);
	else if (!strcmp(l, "t"))
		EMIT(h, sp, ap, ptrdiff_t, false);
	else
		EMIT(h, sp, ap, int, false);   /* also hh and h: promoted */
}

/* An unsigned integer conversion, read at the type its length names. */
static void emit_unsigned(struct mq_html *h, const struct spec *sp, va_list *ap)
{
	const char *l = sp->length;

	if (!strcmp(l, "l"))
		EMIT(h, sp, ap, unsigned long, false);
	else if (!strcmp(l, "ll"))
		EMIT(h, sp, ap, unsigned long long, false);
	else if (!strcmp(l, "z"))
		EMIT(h, sp, ap, size_t, false);
	else if (!strcmp(l, "j"))
		EMIT(h, sp, ap, uintmax_t, false);
	else if (!strcmp(l, "t"))
		EMIT(h, sp, ap, ptrdiff_t, false);
	else
		EMIT(h, sp, ap, unsigned int, false);
}

/* Appends @p v in decimal, as "%d" would, without snprintf. */
static void add_int(struct mq_html *h, int v)
{
	char d[16];
	size_t i = sizeof d;
	unsigned int u = v < 0 ? 0U - (unsigned int)v : (unsigned int)v;

	do
		d[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		d[--i] = '-';
	mq_buf_add_n(&h->buf, d + i, sizeof d - i);
}

/* Appends one conversion, reading its arguments from @p ap. */
static void emit(struct mq_html *h, struct spec *sp, va_list *ap)
{
	for (int i = 0; i < sp->stars; i++)
		sp->star[i] = va_arg(*ap, int);
	switch (sp->conv) {
	case '%':
		mq_buf_add_n(&h->buf, "%", 1);
		break;
	case 's':
		if (strcmp(sp->text, "%s") == 0) {
			/* the common case, escaped straight from the argument */
			const char *v = va_arg(*ap, const char *);

			mq_buf_add_xml(&h->buf, v ? v : "(null)");
			break;
		}
		EMIT(h, sp, ap, const char *, true);
		break;
	case 'c':
		EMIT(h, sp, ap, int, true);
		break;
	case 'd':
	case 'i':
		if (strcmp(sp->text, "%d") == 0) {
			add_int(h, va_arg(*ap, int));   /* the common case */
			break;
		}
		emit_signed(h, sp, ap);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		emit_unsigned(h, sp, ap);
		break;
	default:   /* the floating conversions */
		if (!strcmp(sp->length, "L"))
			EMIT(h, sp, ap, long double, false);
		else
			EMIT(h, sp, ap, double, false);
		break;
	}
}
#pragma GCC diagnostic pop

void mq_html_printf_(struct mq_html *h, const char *fmt, ...)
{
	va_list ap;
	struct spec sp;

	va_start(ap, fmt);
	while (*fmt && !h->buf.failed) {
		const char *pct = strchr(fmt, '%');

		if (!pct) {
			mq_buf_add(&h->buf, fmt);
			break;
		}
		mq_buf_add_n(&h->buf, fmt, (size_t)(pct - fmt));
		fmt = read_spec(pct, &sp);
		if (!fmt) {
			mq_log_error("html", "format conversion refused: %.16s", pct);
			h->buf.failed = true;
			break;
		}
		emit(h, &sp, &ap);
	}
	va_end(ap);
}
