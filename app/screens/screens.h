/* screens.h — the kiosk's screens. Each builds its widgets into the tree
 * from the theme, the server state and the resident's session, inside the
 * content rectangle under the top bar. Builds are cheap and happen whenever
 * the layout changes (elder mode, language, a new state from the server). */
#ifndef MQ_SCREENS_H
#define MQ_SCREENS_H

#include "app.h"

/** Home: studio, date and time, 反映民意, how an opinion moves, sync state. */
void mq_screen_home_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** File an opinion: step 1 the category grid, step 2 the text with the keyboard. */
void mq_screen_opinion_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** Confirmation: the tracking QR code, the short code and what happens next. */
void mq_screen_confirm_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

#endif
