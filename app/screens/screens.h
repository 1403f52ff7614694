/* screens.h — what the kiosk's screens share (private to app/screens):
 * each screen's operations table (mq_screen.h) for navigating to it, the
 * calls one screen makes into another, names and URLs from the state and
 * the config, and the pieces the multi-step forms are built from.
 *
 * A screen builds its widgets into the tree from the theme, the server
 * state and its own data (mq_app_data), inside the content rectangle under
 * the top bar. Builds are cheap and happen whenever the layout changes
 * (elder mode, language, a new state from the server). */
#ifndef MQ_SCREENS_PRIVATE_H
#define MQ_SCREENS_PRIVATE_H

#include "i18n.h"
#include "mq_app.h"
#include "mq_sig.h"
#include "mq_store.h"
#include "textinput.h"

/** Home: studio and street, date and time, the member on duty, the big
 * actions, recently resolved issues, how an opinion moves, sync state. */
extern const struct mq_screen_impl mq_screen_home;

/** File an opinion: category, text, community, member, contact, review. */
extern const struct mq_screen_impl mq_screen_opinion;

/** Confirmation: the QR code of the tracking (or booking) page, the code, what happens next. */
extern const struct mq_screen_impl mq_screen_confirm;

/** Track my issue: the short code on a digits pad (or a scanned QR), then the stage timeline. */
extern const struct mq_screen_impl mq_screen_track;

/** Service screen for the technician: PIN first, then queue and sync figures. */
extern const struct mq_screen_impl mq_screen_service;

/** Book a visit: the coming shifts and their slots, name, phone, topic, review. */
extern const struct mq_screen_impl mq_screen_book;

/** Member check-in/out: badge or number + PIN, today's bookings with marks, 签退. */
extern const struct mq_screen_impl mq_screen_checkin;

/** Cancel a booking made here: its code and the phone's last 4 digits on a pad. */
extern const struct mq_screen_impl mq_screen_cancel;

/** 大家来选议题: the open candidate topics, each with 支持 (topics.back.<id>). */
extern const struct mq_screen_impl mq_screen_topics;

/** True when candidate @p c can be backed today (by the UI clock, Asia/
 *  Shanghai): an id and a title, and not past its closing day (a kiosk
 *  offline since the last pull shows no closed topic). */
bool mq_screen_candidate_open(const struct mq_app *app, const struct mq_state_candidate *c);

/** 问卷调查: the open questionnaires, one question per page. */
extern const struct mq_screen_impl mq_screen_survey;

/** First boot: server address and enrollment code (keypad or scanned QR), then home. */
extern const struct mq_screen_impl mq_screen_enroll;

/**
 * The server address this kiosk enrolled with on the enrollment screen
 * since it started, or "" (the tracking URLs' base when the config names
 * neither public_url nor server_url).
 */
const char *mq_screen_enroll_address(const struct mq_app *app);

/**
 * Text from the scanner (or any keyboard) for the track screen: collected
 * until "\n", then looked up as a tracking URL, token or short code.
 */
void mq_screen_track_scan(struct mq_app *app, const char *text);

/**
 * Text from the scanner while the home or check-in screen is up: collected
 * until "\n", then taken as a badge code (on home: a tracking QR goes to
 * 查询进度 instead). A badge on home opens the check-in screen.
 */
void mq_screen_checkin_scan(struct mq_app *app, const char *text);

/** Count a tap on the studio name (the hidden gesture: 5 taps within 4 s opens service). */
void mq_screen_service_gesture(struct mq_app *app);

/**
 * The confirmation of a filed opinion: keep @p receipt and its tracking
 * URL for the confirm screen (the caller then goes there).
 */
void mq_screen_confirm_opinion(struct mq_app *app, const struct mq_receipt *receipt);

/**
 * The confirmation of a booking: keep @p receipt, its booking page URL, the
 * slot's times and its member (@p member may be NULL) for the confirm screen.
 */
void mq_screen_confirm_booking(struct mq_app *app, const struct mq_receipt *receipt,
			       int64_t start, int64_t end, const char *member);

/**
 * Fill template @p tmpl (a translated string with "{name}" placeholders)
 * into @p out (@p size bytes): each "{name}" of the @p n pairs {name,
 * value} in @p vars becomes its value; anything else is copied. Strings
 * that take values are translated as templates, not printf formats, so a
 * catalogue entry can never take the wrong arguments.
 */
void mq_screen_fill(const char *tmpl, const char *const (*vars)[2], size_t n, char *out,
		    size_t size);

/**
 * Read-aloud: the widgets @p ids (NULL-terminated) are said when their page
 * appears, in tree order (a title, an instruction). Missing ones are skipped.
 */
void mq_screen_announce(struct mq_ui_tree *tree, const char *const *ids);

/**
 * Read-aloud: the keys of the digits pad "<prefix>.key.*" say nothing (a
 * PIN, or the digits that prove a booking is one's own, are not said aloud
 * for onlookers to hear).
 */
void mq_screen_silence_pad(struct mq_ui_tree *tree, const char *prefix);

/* --- digits pages (checkin.c, cancel.c): fields the pad types into --- */

/**
 * A digits field (role input, @p text in large type) in @p r; @p active
 * (where the pad types) draws a thick outline. A tap calls @p on_tap to
 * choose it.
 */
void mq_screen_pad_field(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			 const char *text, bool active, SDL_Rect r, mq_ui_tap_cb on_tap);

/** A label of @p text at the top of @p r, as tall as it wraps to; returns that height. */
int mq_screen_text_line(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			const char *text, SDL_Rect r, int px, bool bold, mq_ui_rgb fg);

/** A boxed message at the top of @p r, red when @p error, else in the calm colour. */
void mq_screen_message_box(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			   SDL_Rect r, const char *text, bool error);

/** A message a screen shows: the Chinese source (said through mq_tr), and whether it warns. */
struct mq_screen_message {
	char text[256];
	bool error;
};

/** The category name for @p key from the state (translated), or the key. */
const char *mq_screen_category_name(const struct mq_app *app, const char *key);

/** The five stages: key and Chinese name, in order. */
extern const char *const mq_screen_stages[5][2];

/** The tracking URL for @p token into @p out ("" when no public_url/server_url is set). */
void mq_screen_tracking_url(const struct mq_app *app, const char *token, char *out,
			    size_t size);

/** The booking page URL (public_url + "/b/" + token) for @p token into @p out ("" if no URL). */
void mq_screen_booking_url(const struct mq_app *app, const char *token, char *out,
			   size_t size);

/* --- the multi-step forms (opinion.c, book.c): the pieces they share --- */

/** Longest name a resident leaves, in characters. */
#define MQ_SCREEN_NAME_MAX_CHARS 20

/**
 * Who a shared form piece builds for: the prefix of the form's widget ids
 * (DESIGN.md §4: "opinion", "book"), where its message is kept, and its tap
 * handlers, each called with the app. A form keeps one static const
 * instance; the pieces only read it.
 */
struct mq_screen_form {
	const char *prefix;          /* ids are "<prefix>.title", "<prefix>.back", ... */
	struct mq_screen_message *(*message)(struct mq_app *app);  /* in the form's session */
	mq_ui_tap_cb back;           /* 上一步 / 返回 */
	mq_ui_tap_cb next;           /* 下一步 */
	mq_ui_tap_cb edit;           /* 修改 on a review row ("<prefix>.edit.<key>") */
	mq_ui_tap_cb submit;         /* 提交 on the review page */
	bool questions;              /* a questionnaire: the header counts 第N题, not 第N步 */
};

/** True when @p s holds nothing but spaces, tabs and line breaks. */
bool mq_screen_is_blank(const char *s);

/**
 * The page title on the left and "第N步，共M步" (@p step of @p steps) on the
 * right of the first line of @p c, then @p hint (may be NULL) wrapped under
 * them. Returns the y under the last of them; the form adds its own gap.
 */
int mq_screen_build_header(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			   const struct mq_screen_form *form, int step, int steps,
			   const char *title, const char *hint);

/**
 * Say @p zh (untranslated; NULL hides the message) in the form's message box,
 * already built, and keep it in the form's message so the next build says it too.
 * An @p error starts with "请注意：", so it is told in words and not only in red.
 */
void mq_screen_show_message(struct mq_app *app, const struct mq_screen_form *form,
			    const char *zh, bool error);

/**
 * The form's message box ("<prefix>.message") in @p r: the form's message,
 * hidden while there is none; with "请注意：" in front when @p error.
 */
void mq_screen_build_message(struct mq_app *app, struct mq_ui_tree *tree,
			     const struct mq_screen_form *form, SDL_Rect r, bool error);

/** The form's back button ("<prefix>.back", @p label untranslated) in @p r. */
void mq_screen_build_back(struct mq_app *app, struct mq_ui_tree *tree,
			  const struct mq_screen_form *form, const char *label, SDL_Rect r);

/** The form's 下一步 button ("<prefix>.next") in @p r, greyed when @p dimmed. */
void mq_screen_build_next(struct mq_app *app, struct mq_ui_tree *tree,
			  const struct mq_screen_form *form, SDL_Rect r, bool dimmed);

/**
 * The bottom row of @p c: the back button (@p back_label untranslated) on the
 * left and, when @p next, 下一步 on the right (greyed when @p next_dimmed).
 */
void mq_screen_build_nav(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			 const struct mq_screen_form *form, const char *back_label, bool next,
			 bool next_dimmed);

/**
 * The on-screen keyboard across the bottom of @p c, typing into @p input
 * (may be NULL), which gets the focus and calls @p on_change on each edit.
 */
void mq_screen_build_keyboard(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			      struct mq_ui_widget *input, mq_ui_change_cb on_change);

/**
 * The phone number field ("<prefix>.phone", showing @p phone) at @p y in the
 * left half of @p c. Returns the rest of that half under it, down to the
 * bottom row, for the form's own lines and its message box.
 */
SDL_Rect mq_screen_build_phone_field(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
				     int y, const struct mq_screen_form *form, const char *phone);

/**
 * The phone pad in the right half of @p c, its top aligned with the header,
 * as tall as fits above the bottom row from @p y (the header's bottom);
 * each key goes to @p on_key.
 */
void mq_screen_build_phone_pad(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			       int y, void (*on_key)(struct mq_ui_digitpad *pad, char key));

/**
 * Apply pad @p key ('\b' one back, 'c' clear, else a digit) to @p phone
 * (@p size bytes) and show it in "<prefix>.phone". A key no phone number
 * could take is refused, saying why; returns false then, else true.
 */
bool mq_screen_type_phone(struct mq_app *app, const struct mq_screen_form *form, char *phone,
			  size_t size, char key);

/**
 * One review row at @p y: the caption @p what (@p what_w wide), @p value in
 * @p px type (at most @p max_lines lines, at least a finger tall) and a 修改
 * button ("<prefix>.edit.<key>"). Returns the height it takes.
 */
int mq_screen_build_review_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
			       const struct mq_screen_form *form, const char *key,
			       const char *what, const char *value, int what_w, int px,
			       int max_lines);

/**
 * The review page's bottom row: 上一步 on the left, @p label (untranslated)
 * as the big submit button (@p submit_w wide) on the right, and the message
 * box between them (see mq_screen_build_message for @p error).
 */
void mq_screen_build_submit(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			    const struct mq_screen_form *form, const char *label, int submit_w,
			    bool error);

/* --- booking a visit and duty members' check-in (book.c, checkin.c, visits.c) --- */

/** Longest booking topic in characters (DESIGN §5 allows 200; one line here). */
#define MQ_SCREEN_TOPIC_MAX_CHARS 60

/** Unix seconds of the start of today in Asia/Shanghai (by the UI clock). */
int64_t mq_screen_today_start(const struct mq_app *app);

/** The Asia/Shanghai time ("HH:MM", rounded up to the minute) at which a
 *  lock with @p wait_ms ms of the UI clock left opens, into @p hm: what the
 *  lock messages of the PIN pads and the code lookup say. */
void mq_screen_unlock_time(const struct mq_app *app, int64_t wait_ms, char hm[16]);

/** "11月20日 星期四" / "Thu 20 Nov" for unix time @p t (Asia/Shanghai). */
void mq_screen_format_day(int64_t t, char *out, size_t size);

/** "09:00–09:30" (Asia/Shanghai). */
void mq_screen_format_span(int64_t start, int64_t end, char *out, size_t size);

/**
 * The device key (device.json) into @p key, for what the kiosk keeps keyed
 * with it (the HMAC that lets a resident cancel a booking here). False
 * (logged) when the kiosk has none.
 */
bool mq_screen_device_key(const struct mq_app *app, unsigned char key[MQ_SIG_KEY_BYTES]);

/** Free places of @p slot: the state's count minus this kiosk's pending bookings,
 *  plus the places cancelled here that the server's count does not know yet. */
int mq_screen_slot_free(const struct mq_app *app, const struct mq_state_slot *slot);

/** A booking on a duty member's list (no phone; the name masked). */
struct mq_screen_booking {
	char id[MQ_UUID_LEN + 1];
	char slot[64];
	char name[64];
	char topic[MQ_SCREEN_TOPIC_MAX_CHARS * 4 + 1];
	char status[16];             /* pending, booked, attended, no_show */
	int64_t start, end;
};

/**
 * The bookings of @p shift: the state's own list when it has one, plus this
 * kiosk's bookings the server has not listed yet; cancelled and refused ones
 * left out; by slot time. Returns how many were written to @p out (at most
 * @p max).
 */
size_t mq_screen_shift_bookings(struct mq_app *app, const struct mq_state_shift *shift,
				struct mq_screen_booking *out, size_t max);

#endif
