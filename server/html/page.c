/* page.c — the page frames (mq_page.h): the skeletons page.html and
 * console.html filled in, split at their {{content}} so that a handler
 * writes its content between begin and end. */
#include "mq_page.h"

#include "assets.h"

#define SHEETS_MAX 8

void mq_page_begin(struct mq_html *h, const char *heading)
{
	mq_page_begin_ex(h, MQ_PAGE_BRAND, heading, NULL);
}

void mq_page_begin_ex(struct mq_html *h, const char *brand, const char *heading,
		      const char *const *css)
{
	/* page.css first, then the page's own sheets, in the one <style> */
	const char *sheets[SHEETS_MAX + 1] = { "page.css" };
	size_t n = 1;

	for (; css && css[n - 1] && n < SHEETS_MAX; n++)
		sheets[n] = css[n - 1];
	sheets[n] = NULL;
	{
		const struct mq_html_slot slots[] = {
			{ .name = "brand", .text = brand },
			{ .name = "heading", .text = heading },
			{ .name = "css", .assets = sheets },
		};

		mq_html_skeleton(h, "page.html", NULL, "content", slots, 3);
	}
}

void mq_page_end(struct mq_html *h, const char *footer)
{
	const struct mq_html_slot slots[] = { { .name = "footer", .text = footer } };

	mq_html_skeleton(h, "page.html", "content", NULL, slots, 1);
}

void mq_page_reply(struct mq_http_response *resp, unsigned int status, struct mq_html *h,
		   const char *footer)
{
	char *html;
	size_t len = 0;

	mq_page_end(h, footer);
	html = mq_html_steal(h, &len);
	mq_http_reply_html(resp, status, html, len);
}

void mq_page_message(struct mq_http_response *resp, unsigned int status, const char *heading,
		     const char *lead, const char *text)
{
	mq_page_message_ex(resp, status, MQ_PAGE_BRAND, NULL, heading, lead, text);
}

void mq_page_message_ex(struct mq_http_response *resp, unsigned int status, const char *brand,
			const char *const *css, const char *heading, const char *lead,
			const char *text)
{
	struct mq_html h;

	mq_html_init(&h);
	mq_page_begin_ex(&h, brand, heading, css);
	mq_html_raw(&h, "<section class=\"card\">\n<p class=\"big\">");
	mq_html_text(&h, lead);
	mq_html_raw(&h, "</p>\n<p>");
	mq_html_text(&h, text);
	mq_html_raw(&h, "</p>\n</section>\n");
	mq_page_reply(resp, status, &h, "民情 · 委员工作室");
}

void mq_page_console_begin(struct mq_html *h, const char *title, const struct mq_html *nav)
{
	static const char *const sheets[] = { "console.css", NULL };
	struct mq_html none;
	const struct mq_html_slot slots[] = {
		{ .name = "title", .text = title },
		{ .name = "css", .assets = sheets },
		{ .name = "nav", .html = nav ? nav : &none },
	};

	mq_html_init(&none);
	mq_html_skeleton(h, "console.html", NULL, "content", slots, 3);
	mq_html_finish(&none);
}

void mq_page_console_end(struct mq_html *h)
{
	mq_html_skeleton(h, "console.html", "content", NULL, NULL, 0);
}
