/* textinput.h — a multi-line text field (role "input"): shows its text with
 * a caret at the end, scrolled so the caret stays in view, a placeholder
 * while empty, and a limit in characters (code points). */
#ifndef MQ_UI_TEXTINPUT_H
#define MQ_UI_TEXTINPUT_H

#include <stddef.h>

#include "widget.h"

/** Called after the text of an input changed. */
typedef void (*mq_ui_change_cb)(struct mq_ui_widget *w, void *cls);

/**
 * Add a text field holding at most @p max_chars characters, starting with
 * @p initial (may be NULL; cut at the limit), showing @p placeholder while
 * empty. NULL on error.
 */
struct mq_ui_widget *mq_ui_input_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
					const char *id, SDL_Rect rect, size_t max_chars,
					const char *initial, const char *placeholder);

/** True if @p w was made by mq_ui_input_create. */
bool mq_ui_input_is(const struct mq_ui_widget *w);

/**
 * Append UTF-8 @p s at the caret. Control characters other than '\n' are
 * dropped, tabs become spaces. Stops at the limit: returns false if any
 * character did not fit (the rest was inserted).
 */
bool mq_ui_input_insert(struct mq_ui_widget *w, const char *s);

/** Delete the character before the caret. Returns false if the field was empty. */
bool mq_ui_input_backspace(struct mq_ui_widget *w);

/** Number of characters (code points) in the field. */
size_t mq_ui_input_count(const struct mq_ui_widget *w);

/** The limit given at creation. */
size_t mq_ui_input_max(const struct mq_ui_widget *w);

/** Call @p cb(w, cls) after every change. @p cls is borrowed. */
void mq_ui_input_set_on_change(struct mq_ui_widget *w, mq_ui_change_cb cb, void *cls);

/** Draw the focus outline and caret when @p focused. */
void mq_ui_input_set_focused(struct mq_ui_widget *w, bool focused);

#endif
