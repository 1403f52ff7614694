/* mq_page.h — the frames every page shares, from the skeletons and style
 * sheets of server/html/assets/: the residents' public pages (page.html,
 * page.css: zh-CN, mobile first, large type, strong contrast, no
 * JavaScript) and the staff console's pages (console.html, console.css).
 * The CSP allows inline style only, so the style sheets are inlined. */
#ifndef MQ_PAGE_H
#define MQ_PAGE_H

#include "mq_html.h"
#include "mq_http.h"

/** The brand line of the tracking pages, the default of mq_page_begin. */
#define MQ_PAGE_BRAND "民情 · 进度查询"

/** Open a public page: the document head with page.css, the header band
 *  with the brand MQ_PAGE_BRAND and @p heading (escaped), and <main>. */
void mq_page_begin(struct mq_html *h, const char *heading);

/** mq_page_begin with the brand line (and title) @p brand (escaped) and the
 *  style sheets @p css (asset names, NULL-terminated; NULL for none) after
 *  page.css. */
void mq_page_begin_ex(struct mq_html *h, const char *brand, const char *heading,
		      const char *const *css);

/** Close <main>, append the footer line @p footer (escaped) and end the document. */
void mq_page_end(struct mq_html *h, const char *footer);

/** Close the page in @p h with footer @p footer (mq_page_end) and answer
 *  @p status with it; @p h is consumed. */
void mq_page_reply(struct mq_http_response *resp, unsigned int status, struct mq_html *h,
		   const char *footer);

/** Answer @p status with a whole public page: @p heading, a bold @p lead
 *  line and a paragraph @p text (all escaped). */
void mq_page_message(struct mq_http_response *resp, unsigned int status, const char *heading,
		     const char *lead, const char *text);

/** mq_page_message with the brand line @p brand and the style sheets @p css
 *  of mq_page_begin_ex. */
void mq_page_message_ex(struct mq_http_response *resp, unsigned int status, const char *brand,
			const char *const *css, const char *heading, const char *lead,
			const char *text);

/** Open a console page titled @p title (escaped): the document head with
 *  console.css, the header band holding @p nav (the navigation and account
 *  line, built by the console; NULL: none), and the heading. */
void mq_page_console_begin(struct mq_html *h, const char *title, const struct mq_html *nav);

/** Close a console page opened by mq_page_console_begin. */
void mq_page_console_end(struct mq_html *h);

#endif
