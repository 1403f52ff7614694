/* mq_app.h — the running kiosk UI (the shell): the display, theme and text
 * cache, the widget tree of the current screen, the keyboard and its input
 * methods, the server state, the UI clock, navigation between the screens
 * registered at creation (mq_screen.h), the resident's session, and the
 * event loop. Screens and the test tools use it; it knows no screen by name.
 *
 * The fields of struct mq_app are what screens read (and, for pad, set);
 * the loop keeps everything else to itself. */
#ifndef MQ_APP_H
#define MQ_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digitpad.h"
#include "keyboard.h"
#include "mq_config.h"
#include "mq_screen.h"
#include "mq_state.h"
#include "mq_sync.h"
#include "text.h"
#include "theme.h"
#include "widget.h"

struct mq_store;
struct mq_ui_ime_pinyin;

/** Seconds the "do you need more time?" warning counts down before the wipe. */
#define MQ_APP_IDLE_WARNING_S 20

/** The running UI. One per mq_app_create; owned by the shell. */
struct mq_app {
	const struct mq_config *cfg;
	struct mq_store *store;                     /* the kiosk store, or NULL */
	struct mq_sync *sync;                       /* background sync (owned), NULL when not enrolled */
	int w, h;                                   /* logical screen */

	struct mq_ui_text *text;
	struct mq_ui_theme theme;                   /* change through mq_app_set_elder */
	bool elder;

	struct mq_ui_tree *tree;                    /* the current screen's widgets */
	struct mq_ui_keyboard *kb;
	struct mq_ui_ime_pinyin *pinyin;            /* NULL: pinyin unavailable */
	struct mq_ui_digitpad pad;                  /* the digits pad's target (set by the screen) */

	const struct mq_state *state;               /* server state (empty before the first sync) */
	int sync_rounds;                            /* rounds the sync thread reported */
	struct mq_sync_report sync_last;            /* the last one */
	int64_t sync_last_at;                       /* its wall time (UI clock) */
};

/** What mq_app_create needs. Everything it points to is borrowed for the app's life. */
struct mq_app_options {
	const struct mq_config *cfg;
	struct mq_store *store;                     /* the kiosk store, owned by the caller */
	struct mq_sync *sync;                       /* background sync, may be NULL; the app
						     * owns it from here on, even if create fails */
	bool headless;                              /* render offscreen, no display */
	int width, height;                          /* override cfg's size when > 0 */
	const struct mq_screen_impl *const *screens; /* every screen; the first is home */
	size_t n_screens;
	/**
	 * The screen shown first and on every return home while the kiosk is
	 * not enrolled (enrollment; one of @p screens). NULL: the kiosk is
	 * enrolled and home is screens[0]. The panel never goes dark before.
	 */
	const struct mq_screen_impl *unenrolled_home;
	/**
	 * Add what every screen has around it (the top bar) to @p tree and
	 * return the rectangle left for the screen. NULL: the whole screen.
	 */
	SDL_Rect (*frame)(struct mq_app *app, struct mq_ui_tree *tree);
	/**
	 * Called on the UI thread after every frame drawn and every sync round
	 * the thread reported, with @p observe_cls: how those outside the UI
	 * (the system updates) learn whether the screen is idle, home was
	 * drawn, a round completed. NULL: nobody listens.
	 */
	void (*observe)(struct mq_app *app, void *cls);
	void *observe_cls;
};

/**
 * Start SDL (a window, or headless), the display, text, keyboard and input
 * methods, load the state from the store, start @p opt->sync's background
 * thread (when not NULL) and show the home screen. Returns NULL (logged)
 * when the UI cannot start, having destroyed @p opt->sync.
 */
struct mq_app *mq_app_create(const struct mq_app_options *opt);

/** Wipe the session, stop the screens, the sync client and SDL, free @p app. NULL is a no-op. */
void mq_app_destroy(struct mq_app *app);

/**
 * The kiosk has just been enrolled on screen: the app takes @p sync (may be
 * NULL when it could not be made; logged) and starts its thread, home
 * becomes the first registered screen, and the panel may now go dark
 * outside opening hours. Does not navigate.
 */
void mq_app_enrolled(struct mq_app *app, struct mq_sync *sync);

/** True when the kiosk is enrolled (it has credentials). */
bool mq_app_is_enrolled(const struct mq_app *app);

/** Run the event loop until the UI quits (the window closed). */
void mq_app_run(struct mq_app *app);

/* --- clock --- */

/** UI clock in ms: monotonic time plus what mq_app_advance_clock added. */
int64_t mq_app_now_ms(const struct mq_app *app);

/** Wall-clock unix seconds as the UI shows them (plus what was added). */
int64_t mq_app_wall(const struct mq_app *app);

/** Advance the UI clock by @p seconds (idle timers and the shown time follow). */
void mq_app_advance_clock(struct mq_app *app, int64_t seconds);

/* --- screens and navigation --- */

/** Switch to @p screen (one of those registered); the tree is rebuilt after the current event. */
void mq_app_go(struct mq_app *app, const struct mq_screen_impl *screen);

/** Clear the session and go to the home screen (首页, 完成 and the idle timeout). */
void mq_app_go_home(struct mq_app *app);

/** The screen shown (or about to be). */
const struct mq_screen_impl *mq_app_screen(const struct mq_app *app);

/** True when the home screen is up (before enrollment: the enrollment screen). */
bool mq_app_at_home(const struct mq_app *app);

/** True while the panel is dark (outside opening hours, nobody at the screen). */
bool mq_app_blanked(const struct mq_app *app);

/** The current screen's dump name ("home", "opinion", ...). */
const char *mq_app_screen_name(const struct mq_app *app);

/** The data of @p screen (its data_size bytes), or NULL when it keeps none or is not registered. */
void *mq_app_data(const struct mq_app *app, const struct mq_screen_impl *screen);

/**
 * Forget the resident: every screen's clear op wipes its session, the
 * keyboard's input methods (composition, strokes, candidates) and the input
 * fields on screen are emptied and a rebuild asked for by a screen is
 * dropped. A PIN check still running belongs to nobody after this (see
 * mq_app_session_gen).
 */
void mq_app_clear_session(struct mq_app *app);

/** A number that changes with every mq_app_clear_session. */
unsigned mq_app_session_gen(const struct mq_app *app);

/**
 * A number that changes when a resident's visit ends: the idle wipe, or a
 * touch after the idle time without any (someone new at the home screen).
 * 首页 and 完成 end a form's session, not the visit: what a resident may do
 * once per visit (back a candidate topic, answer a questionnaire) is
 * counted against this.
 */
unsigned mq_app_visit_gen(const struct mq_app *app);

/* --- drawing --- */

/** Rebuild the current screen after the current event (layout or text changed). */
void mq_app_relayout(struct mq_app *app);

/** Rebuild the current screen at UI-clock time @p at_ms (e.g. when a lock ends). */
void mq_app_relayout_at(struct mq_app *app, int64_t at_ms);

/** Something visible changed: draw a frame soon. */
void mq_app_invalidate(struct mq_app *app);

/** Send typed text and keys to @p w (an input), or nowhere with NULL. */
void mq_app_set_focus(struct mq_app *app, struct mq_ui_widget *w);

/** Large type (elder mode) on or off: the theme follows and the screen is rebuilt. */
void mq_app_set_elder(struct mq_app *app, bool elder);

/* --- read-aloud (朗读) --- */

/**
 * True when read-aloud is on for the resident at the screen: their choice
 * (mq_app_set_speech, until the idle wipe), else the config's speech, else
 * elder mode.
 */
bool mq_app_speech(const struct mq_app *app);

/** Read-aloud on or off for this resident; on, it says so and reads the page again. */
void mq_app_set_speech(struct mq_app *app, bool on);

/** Say @p text now when read-aloud is on (it cuts what is being said). Never blocks. */
void mq_app_say(struct mq_app *app, const char *text);

/** The last utterances, oldest first, into @p out (at most @p max): the dump's "spoken". */
size_t mq_app_spoken(const struct mq_app *app, const char **out, size_t max);

/** True when read-aloud has nothing left to say or play (tests wait for it). */
bool mq_app_speech_quiet(const struct mq_app *app);

/* --- other threads --- */

/** A call to make on the UI thread (mq_app_post). The poster owns it and
 *  keeps it alive until it ran or the app is destroyed. */
struct mq_app_call {
	void (*fn)(struct mq_app *app, void *cls);
	void *cls;
};

/**
 * Have @p call->fn(app, call->cls) run on the UI thread between events,
 * from any thread. False when SDL cannot queue it (no event type, queue
 * full): then it will not run.
 */
bool mq_app_post(struct mq_app *app, struct mq_app_call *call);

/**
 * Fill @p ev with an SDL event that, pushed with SDL_PushEvent from any
 * thread, calls @p screen's wake op on the UI thread. Returns false when
 * SDL had no event type to spare: the caller then does its work inline.
 */
bool mq_app_wake_event(const struct mq_app *app, const struct mq_screen_impl *screen,
		       SDL_Event *ev);

/* --- driving the UI (the test tools) --- */

/**
 * Handle events for up to @p timeout_ms (0: only what is queued), then
 * rebuild and draw if needed. Returns false once the UI should quit.
 */
bool mq_app_pump(struct mq_app *app, int timeout_ms);

/** True once the UI should quit. */
bool mq_app_quitting(const struct mq_app *app);

/**
 * Tap logical point (@p x, @p y) the way a finger does: mouse button down
 * and up events at the matching window position, handled before returning.
 */
void mq_app_tap(struct mq_app *app, int x, int y);

/**
 * Press at logical (@p x0, @p y0) and lift at (@p x1, @p y1) with no move
 * between (a finger sliding off), handled before returning.
 */
void mq_app_slide(struct mq_app *app, int x0, int y0, int x1, int y1);

/** Feed one finger stroke (logical points) through the event path: down, moves, up. */
void mq_app_stroke(struct mq_app *app, const SDL_Point *pts, size_t n);

/** Inject @p text as a USB scanner would: a burst of text events ('\n' as Return). */
void mq_app_hid(struct mq_app *app, const char *text);

/** With @p on false, frames are skipped (logic only) until turned on again. */
void mq_app_set_drawing(struct mq_app *app, bool on);

/**
 * Draw a full frame now, whether or not anything changed. (Frames drawn
 * between events redraw only what changed.)
 */
void mq_app_redraw(struct mq_app *app);

/**
 * The test of partial redraws: draw what is pending, then a full frame, and
 * compare the two pixel for pixel (the screen and, rotated, the panel).
 * False with where they differ in @p err.
 */
bool mq_app_check_redraw(struct mq_app *app, char *err, size_t err_size);

/** Draw the current frame if needed and save it as a PNG. False (logged) on failure. */
bool mq_app_screenshot(struct mq_app *app, const char *path);

#endif
