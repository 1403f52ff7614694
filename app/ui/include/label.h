/* label.h — text on the page: wraps at the rectangle's width (Chinese-aware). */
#ifndef MQ_UI_LABEL_H
#define MQ_UI_LABEL_H

#include "text.h"
#include "widget.h"

/**
 * Add a label (role "text") showing @p text at @p font_px in @p fg over
 * @p bg (the colour behind it; a label paints no background of its own).
 * Wraps to the width of @p rect, line height from the theme. NULL on error.
 */
struct mq_ui_widget *mq_ui_label_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					const char *id, const char *text, SDL_Rect rect,
					int font_px, bool bold, mq_ui_rgb fg, mq_ui_rgb bg);

/** Height in px that @p text needs at @p font_px wrapped to @p width (whole lines). */
int mq_ui_label_measure(struct mq_ui_text *text, const struct mq_ui_theme *t, const char *s,
			int font_px, bool bold, int width);

#endif
