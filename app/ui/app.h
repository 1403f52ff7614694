/* app.h — the running UI (private to app/ui, app/screens and app/script.c):
 * the display, theme, current screen and its widget tree, the resident's
 * session, the UI clock, and the calls the screens and the script driver use. */
#ifndef MQ_UI_APP_H
#define MQ_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digitpad.h"
#include "display.h"
#include "draw.h"
#include "handwriting.h"
#include "i18n.h"
#include "ime_pinyin.h"
#include "keyboard.h"
#include "mq_config.h"
#include "mq_store.h"
#include "mq_state.h"
#include "mq_store_lookup.h"
#include "mq_sync.h"
#include "mq_ui.h"
#include "text.h"
#include "theme.h"
#include "visit.h"
#include "widget.h"

/** Longest opinion, in characters (DESIGN §5: text 1..2000). */
#define MQ_UI_OPINION_MAX_CHARS 2000

/** Seconds the "do you need more time?" warning counts down before the wipe. */
#define MQ_UI_IDLE_WARNING_S 20

/** The screens. */
enum mq_screen {
	MQ_SCREEN_HOME,
	MQ_SCREEN_OPINION,
	MQ_SCREEN_CONFIRM,
	MQ_SCREEN_TRACK,
	MQ_SCREEN_SERVICE,
	MQ_SCREEN_BOOK,            /* 预约委员 (book.c) */
	MQ_SCREEN_CHECKIN,         /* 委员签到 (checkin.c) */
};

/** The steps of booking a visit, in order. */
enum mq_book_step {
	MQ_BK_SLOT = 1,            /* the coming shifts, a slot */
	MQ_BK_NAME,                /* the resident's name (keyboard) */
	MQ_BK_PHONE,               /* the phone number (digits pad) */
	MQ_BK_TOPIC,               /* one line about what they want to talk about (optional) */
	MQ_BK_REVIEW,              /* everything once more, then 提交预约 */
};

/** Where a duty member is on the check-in screen. */
enum mq_checkin_step {
	MQ_CI_IDENTIFY = 0,        /* badge scan, or member number + PIN */
	MQ_CI_MEMBER,              /* checked in: today's bookings, marks, 签退 */
	MQ_CI_DONE,                /* checked out */
};

/** Longest booking topic in characters (DESIGN §5 allows 200; one line here). */
#define MQ_UI_TOPIC_MAX_CHARS 60

/** Bookings the check-in screen lists at most. */
#define MQ_UI_CHECKIN_ROWS 12

/** The steps of filing an opinion, in order. */
enum mq_opinion_step {
	MQ_OP_CATEGORY = 1,        /* the category grid */
	MQ_OP_TEXT,                /* the words, by pinyin or handwriting */
	MQ_OP_COMMUNITY,           /* which community (optional) */
	MQ_OP_MEMBER,              /* address a member, 委员信箱 (optional) */
	MQ_OP_CONTACT,             /* anonymous (default) or leave name and phone */
	MQ_OP_NAME,                /* ... the name */
	MQ_OP_PHONE,               /* ... the phone number and the consent */
	MQ_OP_REVIEW,              /* everything once more, then 提交 */
};

/** Longest contact name in characters. */
#define MQ_UI_NAME_MAX_CHARS 20

/** What one resident is doing; wiped (overwritten) when they finish or walk away. */
struct mq_ui_session {
	int step;                                   /* enum mq_opinion_step */
	char category[64];                          /* key */
	char community[64];                         /* key or "" */
	char member[64];                            /* key or "" */
	bool contact;                               /* chose to leave name and phone */
	bool consent;                               /* ticked the consent line */
	char name[MQ_UI_NAME_MAX_CHARS * 4 + 1];
	char phone[MQ_UI_PHONE_MAX + 1];
	char text[MQ_UI_OPINION_MAX_CHARS * 4 + 1];
	char message[256];                          /* Chinese source; shown through mq_tr */
	bool message_is_error;
	struct mq_receipt receipt;                  /* after a successful submit */
	char url[1100];                             /* tracking URL for the QR */

	/* track my issue */
	char code[MQ_SHORT_CODE_LEN + 1];           /* typed on the digits pad */
	char scan[512];                             /* a scanner burst in progress */
	bool track_searched;                        /* a lookup ran */
	bool track_found;
	struct mq_store_opinion_view track;

	/* service screen */
	char pin[32];
	bool service_open;

	/* book a visit (book.c); name, phone and topic are wiped with the session */
	int bk_step;                                /* enum mq_book_step */
	int bk_day;                                 /* which day's shifts are shown */
	char bk_slot[64];                           /* the chosen slot id */
	char bk_name[MQ_UI_NAME_MAX_CHARS * 4 + 1];
	char bk_phone[MQ_UI_PHONE_MAX + 1];
	char bk_topic[MQ_UI_TOPIC_MAX_CHARS * 4 + 1];
	bool confirm_booking;                       /* the confirm screen shows a booking */
	int64_t bk_start, bk_end;                   /* the booked slot, for the receipt */
	char bk_member[64];                         /* its member key */

	/* member check-in (checkin.c) */
	int ci_step;                                /* enum mq_checkin_step */
	bool ci_pin_field;                          /* the pad types the PIN (else the number) */
	char ci_number[8];                          /* member number typed on the pad */
	char ci_pin[16];                            /* PIN typed (never drawn, never dumped) */
	bool ci_busy;                               /* a PIN is being checked (argon2id) */
	int ci_left;                                /* after a wrong PIN: tries left (0: none shown) */
	char ci_member[64];                         /* the member identified */
	bool ci_by_badge;
	char ci_marks[MQ_UI_CHECKIN_ROWS][MQ_UUID_LEN + 1];  /* booking ids marked ... */
	signed char ci_mark[MQ_UI_CHECKIN_ROWS];    /* ... 1 attended, 2 no-show */
};

/** The running UI. One per mq_ui_run. */
struct mq_ui_app {
	const struct mq_config *cfg;
	struct mq_store *store;
	struct mq_sync *sync;
	bool headless;
	int w, h;                                   /* logical screen */

	struct mq_ui_display *display;
	struct mq_ui_text *text;
	struct mq_ui_corners *corners;
	struct mq_ui_theme theme;
	bool elder;

	struct mq_ui_tree *tree;
	struct mq_ui_keyboard *kb;
	struct mq_ui_ime_pinyin *pinyin;            /* NULL: pinyin unavailable */
	struct mq_ui_handwriting *hw;
	struct mq_ui_digitpad pad;                  /* the digits/phone pad's target */
	struct mq_ui_widget *focus;                 /* the input receiving text, or NULL */
	struct mq_ui_widget *pressed;               /* under the finger, or NULL */
	enum mq_screen built_screen;                /* the screen the widget tree was built for */
	enum mq_screen screen;
	bool rebuild;                               /* rebuild the tree before drawing */
	bool dirty;                                 /* draw a frame */
	bool quit;
	bool no_draw;                               /* monkey: logic only, frames skipped */
	int frames;                                 /* frames drawn (bench, tests) */
	int64_t first_frame_ms;                     /* process start to first frame, -1 before */

	bool idle_warning;                          /* "还需要更多时间吗?" is up */
	int64_t idle_deadline_ms;                   /* UI clock: wipe at this time */
	int shown_countdown;                        /* seconds on the warning */
	int studio_taps;                            /* the service gesture */
	int64_t studio_tap_ms;

	int64_t clock_offset_ms;                    /* `clock +S` moves the UI clock */
	int64_t last_input_ms;                      /* UI clock */
	int64_t shown_minute;                       /* wall minute on the home clock */

	struct mq_state *state;                     /* server state (empty before the first sync) */
	int sync_rounds;
	struct mq_sync_report sync_last;
	int64_t sync_last_at;                       /* wall time of the last round */

	struct mq_ui_session s;
	unsigned session_gen;                       /* bumped by every clear_session */
	int64_t relayout_at_ms;                     /* UI clock: rebuild then (0: never) */

	/* Survive the session wipe on purpose: a lock must not end by walking away. */
	struct mq_ui_pin_guard pin_guard;
	struct SDL_Thread *verify_thread;           /* checking a PIN, or NULL */
	struct mq_ui_pin_job *verify_job;           /* what it checks (owned) */
	uint32_t verify_event;                      /* SDL event type: a check finished */
};

/** UI clock in ms: monotonic time plus what `clock` added. */
int64_t mq_ui_app_now_ms(const struct mq_ui_app *app);

/** Wall-clock unix seconds as the UI shows it (plus what `clock` added). */
int64_t mq_ui_app_wall(const struct mq_ui_app *app);

/** Advance the UI clock by @p seconds (idle timers and the shown time follow). */
void mq_ui_app_advance_clock(struct mq_ui_app *app, int64_t seconds);

/** Switch to @p screen; the tree is rebuilt after the current event. */
void mq_ui_app_go(struct mq_ui_app *app, enum mq_screen screen);

/** Rebuild the current screen after the current event (layout or text changed). */
void mq_ui_app_relayout(struct mq_ui_app *app);

/** Something visible changed: draw a frame soon. */
void mq_ui_app_invalidate(struct mq_ui_app *app);

/** Send typed text and keys to @p w (an input), or nowhere with NULL. */
void mq_ui_app_set_focus(struct mq_ui_app *app, struct mq_ui_widget *w);

/**
 * Forget the resident's draft, message and receipt: the session is
 * overwritten and the keyboard's input methods (pinyin composition,
 * handwriting strokes, candidates) are reset too.
 */
void mq_ui_app_clear_session(struct mq_ui_app *app);

/** Clear the session and go home (what 首页, 完成 and the idle timeout do). */
void mq_ui_app_go_home(struct mq_ui_app *app);

/** The idle warning: add its widgets over the screen when it is up. */
void mq_ui_idle_build(struct mq_ui_app *app, struct mq_ui_tree *tree);

/**
 * Idle timers: show the warning after idle_seconds without a touch, count
 * down, then wipe and go home. Returns the UI-clock time of the next check.
 */
int64_t mq_ui_idle_run(struct mq_ui_app *app, int64_t now);

/** Any touch or key: the resident is still here. */
void mq_ui_app_touched(struct mq_ui_app *app);

/**
 * Inject @p events random touches, drags, scanner bursts and clock jumps
 * (seeded with @p seed), handled in-process; frames are drawn only every
 * so often. Returns false if the UI ended up stuck (no way home).
 */
bool mq_ui_monkey_run(struct mq_ui_app *app, long events, unsigned long seed, char *err,
		      size_t err_size);

/** Draw a full frame now, whether or not anything changed (bench). */
void mq_ui_app_redraw(struct mq_ui_app *app);

/** Feed one finger stroke (logical points) through the event path: down, moves, up. */
void mq_ui_app_stroke(struct mq_ui_app *app, const SDL_Point *pts, size_t n);

/** The dump name of the current screen ("home", "opinion", "confirm", "track", "service",
 *  "book", "checkin"). */
const char *mq_ui_app_screen_name(const struct mq_ui_app *app);

/**
 * Handle events for up to @p timeout_ms (0: only what is queued), then
 * rebuild and draw if needed. Returns false once the UI should quit.
 */
bool mq_ui_app_pump(struct mq_ui_app *app, int timeout_ms);

/**
 * Tap logical point (@p x, @p y) the way a finger does: mouse button down
 * and up events at the matching window position, handled before returning.
 */
void mq_ui_app_tap(struct mq_ui_app *app, int x, int y);

/** Inject @p text as a USB scanner would: a burst of text events ('\n' as Return). */
void mq_ui_app_hid(struct mq_ui_app *app, const char *text);

/** Draw the current frame if needed and save it as a PNG. */
bool mq_ui_app_screenshot(struct mq_ui_app *app, const char *path);

/** Write the widget tree as DESIGN §4 dump JSON to @p path. */
bool mq_ui_app_dump(struct mq_ui_app *app, const char *path);

/**
 * Add the top bar (studio name, 首页, 长辈模式, English) to the tree and
 * return the rectangle left for the screen's content.
 */
SDL_Rect mq_ui_chrome_build(struct mq_ui_app *app, struct mq_ui_tree *tree);

/** The studio's name from the server state, else 委员工作室 (translated). */
const char *mq_ui_app_studio_name(const struct mq_ui_app *app);

#endif
