/* app.h — the running UI (private to app/ui, app/screens and app/script.c):
 * the display, theme, current screen and its widget tree, the resident's
 * session, the UI clock, and the calls the screens and the script driver use. */
#ifndef MQ_UI_APP_H
#define MQ_UI_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "display.h"
#include "draw.h"
#include "i18n.h"
#include "keyboard.h"
#include "mq_config.h"
#include "mq_store.h"
#include "mq_sync.h"
#include "mq_ui.h"
#include "text.h"
#include "theme.h"
#include "widget.h"

/** Longest opinion, in characters (DESIGN §5: text 1..2000). */
#define MQ_UI_OPINION_MAX_CHARS 2000

/** The screens. */
enum mq_screen {
	MQ_SCREEN_HOME,
	MQ_SCREEN_OPINION,
	MQ_SCREEN_CONFIRM,
};

/** What one resident is doing; wiped when they finish or walk away. */
struct mq_ui_session {
	int step;                                   /* opinion: 1 category, 2 text */
	char category[64];                          /* key */
	char text[MQ_UI_OPINION_MAX_CHARS * 4 + 1];
	char message[256];                          /* Chinese source; shown through mq_tr */
	bool message_is_error;
	struct mq_receipt receipt;                  /* after a successful submit */
	char url[1100];                             /* tracking URL for the QR */
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
	struct mq_ui_widget *focus;                 /* the input receiving text, or NULL */
	struct mq_ui_widget *pressed;               /* under the finger, or NULL */
	enum mq_screen screen;
	bool rebuild;                               /* rebuild the tree before drawing */
	bool dirty;                                 /* draw a frame */
	bool quit;

	int64_t clock_offset_ms;                    /* `clock +S` moves the UI clock */
	int64_t last_input_ms;                      /* UI clock */
	int64_t shown_minute;                       /* wall minute on the home clock */

	json_t *state;                              /* server state, or NULL */
	int sync_rounds;
	struct mq_sync_report sync_last;
	int64_t sync_last_at;                       /* wall time of the last round */

	struct mq_ui_session s;
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

/** Forget the resident's draft, message and receipt. */
void mq_ui_app_clear_session(struct mq_ui_app *app);

/** The dump name of the current screen ("home", "opinion", "confirm"). */
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

/** The dump JSON of the current tree (caller json_decref's). NULL when out of memory. */
json_t *mq_ui_app_dump_json(struct mq_ui_app *app);

/**
 * Add the top bar (studio name, 首页, 长辈模式, English) to the tree and
 * return the rectangle left for the screen's content.
 */
SDL_Rect mq_ui_chrome_build(struct mq_ui_app *app, struct mq_ui_tree *tree);

/** The studio's name from the server state, else 委员工作室 (translated). */
const char *mq_ui_app_studio_name(const struct mq_ui_app *app);

#endif
