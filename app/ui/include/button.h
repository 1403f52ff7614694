/* button.h — a big rounded button: centred, wrapped text, a pressed shade. */
#ifndef MQ_UI_BUTTON_H
#define MQ_UI_BUTTON_H

#include "widget.h"

/** How a button looks; all colours come from the theme. */
enum mq_ui_button_style {
	MQ_UI_BUTTON_PRIMARY,      /* the main action: deep red, white text */
	MQ_UI_BUTTON_SECONDARY,    /* ivory with an outline: back, choices */
	MQ_UI_BUTTON_BAR,          /* on the top bar: 首页, 长辈模式, English */
	MQ_UI_BUTTON_DIMMED,       /* looks unavailable, still tappable to explain why */
};

/**
 * Add a button to @p tree with @p text in @p font_px (0: the theme's body
 * size), calling @p cb(w, cls) on tap. Returns NULL on error (logged).
 */
struct mq_ui_widget *mq_ui_button_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					 const char *id, const char *text, SDL_Rect rect,
					 enum mq_ui_button_style style, int font_px,
					 mq_ui_tap_cb cb, void *cls);

/** Restyle @p w (a button) with @p style. */
void mq_ui_button_set_style(struct mq_ui_widget *w, const struct mq_ui_theme *t,
			    enum mq_ui_button_style style);

#endif
