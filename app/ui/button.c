/* button.c — buttons: a styled widget with role "button". */
#include "button.h"

#include "mq_log.h"
#include "widget_private.h"

void mq_ui_button_set_style(struct mq_ui_widget *w, const struct mq_ui_theme *t,
			    enum mq_ui_button_style style)
{
	switch (style) {
	case MQ_UI_BUTTON_PRIMARY:
		mq_ui_widget_set_colors(w, t->on_primary, t->primary, true);
		mq_ui_widget_set_pressed_colors(w, t->on_primary, t->primary_pressed);
		mq_ui_widget_set_frame(w, 0, 0, t->radius);
		break;
	case MQ_UI_BUTTON_SECONDARY:
		mq_ui_widget_set_colors(w, t->secondary_fg, t->secondary_bg, true);
		mq_ui_widget_set_pressed_colors(w, t->secondary_fg, t->key_pressed_bg);
		mq_ui_widget_set_frame(w, t->border, t->outline, t->radius);
		break;
	case MQ_UI_BUTTON_BAR:
		mq_ui_widget_set_colors(w, t->topbar_fg, t->topbar_button_bg, true);
		mq_ui_widget_set_pressed_colors(w, t->topbar_fg, t->primary_pressed);
		mq_ui_widget_set_frame(w, t->border, t->topbar_fg, t->radius_small);
		break;
	case MQ_UI_BUTTON_DIMMED:
		mq_ui_widget_set_colors(w, t->disabled_fg, t->disabled_bg, true);
		mq_ui_widget_set_pressed_colors(w, t->disabled_fg, t->key_pressed_bg);
		mq_ui_widget_set_frame(w, 0, 0, t->radius);
		break;
	}
}

struct mq_ui_widget *mq_ui_button_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					 const char *id, const char *text, SDL_Rect rect,
					 enum mq_ui_button_style style, int font_px,
					 mq_ui_tap_cb cb, void *cls)
{
	struct mq_ui_widget *w;

	if (rect.h < t->touch_min || rect.w < t->touch_min)
		mq_log_warn("ui", "button %s is %dx%d, below the %d px touch target", id, rect.w,
			    rect.h, t->touch_min);
	w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_BUTTON, rect);
	if (!w)
		return NULL;
	if (!mq_ui_widget_set_text(w, text))
		return NULL;
	mq_ui_widget_set_font(w, font_px > 0 ? font_px : t->font_body, true);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
	mq_ui_widget_set_padding(w, t->gap_small);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, w->font_px));
	mq_ui_button_set_style(w, t, style);
	mq_ui_widget_set_on_tap(w, cb, cls);
	return w;
}
