/* mq_page.h — private to server/: the frame every public HTML page shares. */
#ifndef MQ_PAGE_H
#define MQ_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_buf.h"
#include "mq_http.h"

/** Append the document head, the inline style and the header band with
 *  @p heading (escaped), and open <main>. */
void mq_page_begin(struct mq_buf *b, const char *heading);

/** mq_page_begin with the brand line (and title) @p brand instead of
 *  "民情 · 进度查询", and @p extra_css (trusted, may be NULL) after the shared style. */
void mq_page_begin_ex(struct mq_buf *b, const char *brand, const char *heading,
		      const char *extra_css);

/** Close <main>, append a footer line @p footer (escaped) and end the document. */
void mq_page_end(struct mq_buf *b, const char *footer);

/** Close the page in @p b with footer @p footer (mq_page_end) and answer
 *  @p status with it; @p b is consumed. */
void mq_page_reply(struct mq_http_response *resp, unsigned int status, struct mq_buf *b,
		   const char *footer);

/** Answer @p status with a whole page: @p heading, a bold @p lead line and
 *  a paragraph @p text (all escaped). */
void mq_page_message(struct mq_http_response *resp, unsigned int status, const char *heading,
		     const char *lead, const char *text);

/** mq_page_message with the brand line @p brand and @p extra_css (trusted,
 *  may be NULL) of mq_page_begin_ex. */
void mq_page_message_ex(struct mq_http_response *resp, unsigned int status, const char *brand,
			const char *extra_css, const char *heading, const char *lead,
			const char *text);

#endif
