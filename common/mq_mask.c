/* mq_mask.c — masking names and phone numbers for display. */
#include "mq_mask.h"

#include <stdio.h>
#include <string.h>

/* Length in bytes of the UTF-8 character starting at @p s (1 for a stray byte). */
static size_t utf8_char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

void mq_mask_name(const char *name, char *out, size_t size)
{
	size_t first, rest = 0;
	const char *p;

	if (!name || !*name) {
		snprintf(out, size, "*");
		return;
	}
	first = utf8_char_len(name);
	if (first > strlen(name))
		first = strlen(name);
	for (p = name + first; *p; p += strnlen(p, utf8_char_len(p)))
		rest++;
	if (rest < 1)
		rest = 1;
	if (rest > 3)
		rest = 3;
	snprintf(out, size, "%.*s%.*s", (int)first, name, (int)rest, "***");
}

void mq_mask_phone(const char *phone, char *out, size_t size)
{
	char d[24];
	size_t n = 0;

	for (const char *p = phone ? phone : ""; *p && n < sizeof d - 1; p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	d[n] = '\0';
	if (n >= 11)
		snprintf(out, size, "%.3s****%s", d, d + n - 4);
	else if (n >= 2)
		snprintf(out, size, "*****%s", d + n - 2);
	else
		snprintf(out, size, "*****");
}
