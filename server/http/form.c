/* form.c — decoding HTML form bodies and queries
 * (application/x-www-form-urlencoded) and reading cookies (mq_form.h).
 * Everything here is network input: bounded, UTF-8 checked, NUL refused. */
#include "mq_form.h"

#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_wire.h"

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes @p n bytes at @p in (+ is space, %XX a byte) into a new string;
 * NULL when malformed, a NUL byte, not UTF-8, over @p max bytes or out of
 * memory. */
static char *decode(const char *in, size_t n, size_t max)
{
	char *out, *o;

	if (n > 3 * max)
		return NULL;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	o = out;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '+') {
			*o++ = ' ';
		} else if (in[i] == '%') {
			int hi = i + 2 < n ? hex(in[i + 1]) : -1;
			int lo = i + 2 < n ? hex(in[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				goto bad;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (in[i] == '\0') {
			goto bad;
		} else {
			*o++ = in[i];
		}
	}
	*o = '\0';
	if ((size_t)(o - out) > max || mq_utf8_length(out) < 0)
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

bool mq_form_parse(const char *data, size_t len, struct mq_form *out)
{
	return mq_form_parse_max(data, len, MQ_FORM_FIELD_MAX, out);
}

bool mq_form_parse_max(const char *data, size_t len, size_t field_max, struct mq_form *out)
{
	size_t i = 0;

	memset(out, 0, sizeof *out);
	while (i < len) {
		size_t end = i, eq;
		struct mq_form_field *field;

		while (end < len && data[end] != '&')
			end++;
		if (end == i) {
			i++;
			continue;
		}
		if (out->n >= MQ_FORM_FIELDS_MAX)
			goto bad;
		for (eq = i; eq < end && data[eq] != '='; eq++)
			;
		if (!(field = mq_array_add(&out->f, &out->n, sizeof *out->f)))
			goto bad;
		field->name = decode(data + i, eq - i, MQ_FORM_FIELD_MAX);
		field->value = eq < end ? decode(data + eq + 1, end - eq - 1, field_max) : strdup("");
		if (!field->name || !field->value)
			goto bad;
		i = end + 1;
	}
	return true;
bad:
	mq_form_finish(out);
	return false;
}

void mq_form_finish(struct mq_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	free(f->f);
	memset(f, 0, sizeof *f);
}

const char *mq_form_get(const struct mq_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *mq_form_text(struct mq_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++) {
		char *v = f->f[i].value;
		size_t n;

		if (strcmp(f->f[i].name, name) != 0)
			continue;
		while (blank(*v))
			v++;
		n = strlen(v);
		while (n > 0 && blank(v[n - 1]))
			v[--n] = '\0';
		return n ? v : NULL;
	}
	return NULL;
}

size_t mq_form_all(const struct mq_form *f, const char *name, const char **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < f->n && k < max; i++)
		if (strcmp(f->f[i].name, name) == 0 && f->f[i].value[0])
			out[k++] = f->f[i].value;
	return k;
}

bool mq_cookie_get(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p && *p) {
		size_t n;

		while (*p == ' ' || *p == ';')
			p++;
		n = strcspn(p, ";");
		if (n > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t vlen = n - nlen - 1;
			if (vlen >= size)
				return false;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p += n;
	}
	return false;
}
