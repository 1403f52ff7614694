/* label.c — labels: role "text", wrapped, top-aligned. */
#include "label.h"

#include "widget_private.h"

struct mq_ui_widget *mq_ui_label_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					const char *id, const char *text, SDL_Rect rect,
					int font_px, bool bold, mq_ui_rgb fg, mq_ui_rgb bg)
{
	struct mq_ui_widget *w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_TEXT, rect);

	if (!w || !mq_ui_widget_set_text(w, text))
		return NULL;
	mq_ui_widget_set_font(w, font_px, bold);
	mq_ui_widget_set_colors(w, fg, bg, false);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, true);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, font_px));
	return w;
}

int mq_ui_label_measure(struct mq_ui_text *text, const struct mq_ui_theme *t, const char *s,
			int font_px, bool bold, int width)
{
	struct mq_ui_line line;
	size_t n = mq_ui_text_wrap(text, font_px, bold, s, width, &line, 1);

	return (int)n * mq_ui_theme_line_h(t, font_px);
}
