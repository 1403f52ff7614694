/* html_raw_literal_only.c — compiled, never run, by the tests
 * html_raw_accepts_literals (with -DMQ_LITERAL_ONLY_OK: must compile) and
 * html_raw_rejects_variables (without: must NOT compile). It shows that
 * only a string literal can be added to a page raw or be its format. */
#include "mq_html.h"

void raw_markup(struct mq_html *h, const char *s, const char *fmt);

void raw_markup(struct mq_html *h, const char *s, const char *fmt)
{
#ifdef MQ_LITERAL_ONLY_OK
	(void)s;
	(void)fmt;
	mq_html_raw(h, "<p>");
	mq_html_printf(h, "%s</p>", "text");
#else
	mq_html_raw(h, s);          /* a variable as trusted markup: does not compile */
	mq_html_printf(h, fmt, 1);  /* a variable as the format: does not compile */
#endif
}
