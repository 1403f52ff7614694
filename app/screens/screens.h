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

/** The booking page URL (public_url + "/b/" + token) for @p token into @p out ("" if no URL). */
void mq_screen_booking_url(const struct mq_ui_app *app, const char *token, char *out,
			   size_t size);

/* --- booking a visit and duty members' check-in (book.c, checkin.c, visits.c) --- */

/** Book a visit: the coming shifts and their slots, name, phone, topic, review (enum mq_book_step). */
void mq_screen_book_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/** Member check-in/out: badge or number + PIN, today's bookings with marks, 签退. */
void mq_screen_checkin_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect content);

/**
 * Text from the scanner while the home or check-in screen is up: collected
 * until "\n", then taken as a badge code (on home: a tracking QR goes to
 * 查询进度 instead). A badge on home opens the check-in screen.
 */
void mq_screen_checkin_scan(struct mq_ui_app *app, const char *text);

/** A PIN check finished (the verify event): check in or count the wrong try. */
void mq_screen_checkin_verified(struct mq_ui_app *app);

/** Wait for a PIN check still running and free it (the UI is closing). */
void mq_screen_checkin_finish(struct mq_ui_app *app);

/** The member @p key from the state (borrowed), or NULL. */
json_t *mq_screen_member(const struct mq_ui_app *app, const char *key);

/** Unix seconds of the start of today in Asia/Shanghai (by the UI clock). */
int64_t mq_screen_today_start(const struct mq_ui_app *app);

/** "11月20日 星期四" / "Thu 20 Nov" for unix time @p t (Asia/Shanghai). */
void mq_screen_format_day(int64_t t, char *out, size_t size);

/** "09:00–09:30" (Asia/Shanghai). */
void mq_screen_format_span(int64_t start, int64_t end, char *out, size_t size);

/** The slot @p id from the state's shifts (borrowed) and its shift, or NULL. */
json_t *mq_screen_slot_find(const struct mq_ui_app *app, const char *id, json_t **shift);

/** Free places of @p slot (a state object): its free minus this kiosk's pending bookings. */
int mq_screen_slot_free(const struct mq_ui_app *app, json_t *slot);

/** A booking on a duty member's list (no phone; the name masked). */
struct mq_screen_booking {
	char id[MQ_UUID_LEN + 1];
	char slot[64];
	char name[64];
	char topic[MQ_UI_TOPIC_MAX_CHARS * 4 + 1];
	char status[16];             /* pending, booked, attended, no_show */
	int64_t start, end;
};


/**
 * The bookings of @p shift (a state object): the state's own list when it
 * has one, plus this kiosk's bookings the server has not listed yet;
 * cancelled and refused ones left out; by slot time. Returns how many
 * were written to @p out (at most @p max).
 */
size_t mq_screen_shift_bookings(struct mq_ui_app *app, json_t *shift,
				struct mq_screen_booking *out, size_t max);

#endif
