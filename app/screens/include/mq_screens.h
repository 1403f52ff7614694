/* mq_screens.h — the kiosk's screens as the shell gets them: the list of
 * their operations tables, home first, and the top bar around them. */
#ifndef MQ_SCREENS_H
#define MQ_SCREENS_H

#include <stddef.h>

#include "mq_app.h"

/**
 * Every screen of the kiosk for mq_app_options.screens, home first; @p n
 * gets how many. The list is static.
 */
const struct mq_screen_impl *const *mq_screens_list(size_t *n);

/**
 * The screen a kiosk without credentials shows instead of home
 * (mq_app_options.unenrolled_home): enrollment.
 */
const struct mq_screen_impl *mq_screens_unenrolled_home(void);

/**
 * The top bar every screen has (mq_app_options.frame): the studio's name
 * (five taps open the service screen), 首页, 长辈模式 and the language.
 * Returns the rectangle left for the screen's content.
 */
SDL_Rect mq_screens_frame(struct mq_app *app, struct mq_ui_tree *tree);

#endif
