/* icon.h — pictograms (role "image", text = the icon's name) drawn from the
 * Font Awesome 4 font (Debian fonts-font-awesome). An icon always sits next
 * to words: it helps people who read slowly find their way, it never
 * carries meaning alone. */
#ifndef MQ_UI_ICON_H
#define MQ_UI_ICON_H

#include <stdint.h>

#include "widget.h"

/** The Font Awesome code point for @p name ("tree", "bus", ...), 0 if unknown. */
uint32_t mq_ui_icon_code(const char *name);

/** The icon name for a category key from the server ("traffic" -> "bus"); "comments" otherwise. */
const char *mq_ui_icon_for_category(const char *key);

/**
 * Add icon @p name at @p px (em size) centred in @p rect, in @p fg over
 * @p bg (the colour behind it). NULL on error or unknown name.
 */
struct mq_ui_widget *mq_ui_icon_create(struct mq_ui_tree *tree, const char *id, const char *name,
				       SDL_Rect rect, int px, mq_ui_rgb fg, mq_ui_rgb bg);

#endif
