/* assets.h — private to server/html/: the page skeletons of assets/ filled
 * in (assets.c), for the page frames (page.c). */
#ifndef MQ_HTML_ASSETS_H
#define MQ_HTML_ASSETS_H

#include <stddef.h>

#include "mq_html.h"

/** What fills one {{marker}} of a skeleton: exactly one of the fields. */
struct mq_html_slot {
	const char *name;            /* the marker's name, without the braces */
	const char *text;            /* text, escaped */
	const struct mq_html *html;  /* a built fragment */
	const char *const *assets;   /* asset names (style sheets), NULL-terminated */
};

/**
 * Append the skeleton asset @p asset ("page.html", ...) from just after its
 * marker {{@p from}} (NULL: its start) up to its marker {{@p to}} (NULL: its
 * end), each marker on the way replaced by the slot of its name in @p slots
 * (@p n of them). A marker that is missing, or has no slot, fails the page
 * (and is logged): the skeletons and their callers go together.
 */
void mq_html_skeleton(struct mq_html *h, const char *asset, const char *from, const char *to,
		      const struct mq_html_slot *slots, size_t n);

#endif
