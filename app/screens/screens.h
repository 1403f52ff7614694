/* screens.h — the kiosk's screens. Each builds its widgets into the tree
 * from the theme, the server state and the resident's session, inside the
 * content rectangle under the top bar. Builds are cheap and happen whenever
 * the layout changes (elder mode, language, a new state from the server). */
#ifndef MQ_SCREENS_H
#define MQ_SCREENS_H

#include "app.h"

/** Home: studio and street, date and time, the member on duty, 反映民意 and
 * 查询进度, recently resolved issues, how an opinion moves, sync state. */
void mq_screen_home_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** File an opinion: category, text, community, member, contact, review (enum mq_opinion_step). */
void mq_screen_opinion_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** Confirmation: the tracking QR code, the short code and what happens next. */
void mq_screen_confirm_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** Track my issue: the short code on a digits pad (or a scanned QR), then the stage timeline. */
void mq_screen_track_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/**
 * Text from the scanner (or any keyboard) while the track screen is up:
 * collected until "\n", then looked up as a tracking URL, token or short code.
 */
void mq_screen_track_scan(struct mq_ui_app *app, const char *text);

/** Service screen for the technician: PIN first, then queue and sync figures. */
void mq_screen_service_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** Count a tap on the studio name (the hidden gesture: 5 taps within 4 s opens service). */
void mq_screen_service_gesture(struct mq_ui_app *app);

/** The category name for @p key from the state (translated), or the key. */
const char *mq_screen_category_name(const struct mq_ui_app *app, const char *key);

/** The name of member/community @p key from state list @p list ("members"/"communities"), or NULL. */
const char *mq_screen_state_name(const struct mq_ui_app *app, const char *list, const char *key);

/** The five stages: key and Chinese name, in order. */
extern const char *const mq_screen_stages[5][2];

/** The tracking URL for @p token into @p out ("" when no public_url/server_url is set). */
void mq_screen_tracking_url(const struct mq_ui_app *app, const char *token, char *out,
			    size_t size);

#endif
