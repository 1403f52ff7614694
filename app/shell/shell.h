/* shell.h — the shell's own state behind struct mq_app (private to
 * app/shell): the display, the screens and their data, the loop's flags,
 * the UI clock's offset and the idle timers. */
#ifndef MQ_SHELL_H
#define MQ_SHELL_H

#include "draw.h"
#include "handwriting.h"
#include "mq_app.h"

/** The app and what only the shell sees; the app comes first so one converts to the other. */
struct mq_shell {
	struct mq_app app;
	bool headless;
	bool sdl_up;                                /* SDL started: quit it at the end */
	struct mq_ui_display *display;
	struct mq_ui_corners *corners;
	struct mq_ui_handwriting *hw;
	struct mq_state *state;                     /* owned; app.state points to it */

	const struct mq_screen_impl *const *screens; /* registered; [0] is home once enrolled */
	const struct mq_screen_impl *home;          /* where go_home goes: [0], or enrollment */
	bool enrolled;                              /* home is [0]; the panel may go dark */
	size_t n_screens;
	void **data;                                /* each screen's data (NULL when none) */
	bool screens_ready;                         /* every screen has its data */
	SDL_Rect (*frame)(struct mq_app *app, struct mq_ui_tree *tree);
	void (*observe)(struct mq_app *app, void *cls);   /* mq_app_options.observe */
	void *observe_cls;

	const struct mq_screen_impl *screen;        /* shown (or about to be) */
	const struct mq_screen_impl *built_screen;  /* the screen the tree was built for */
	struct mq_ui_widget *focus;                 /* the input receiving text, or NULL */
	struct mq_ui_widget *pressed;               /* under the finger, or NULL */
	bool rebuild;                               /* rebuild the tree before drawing */
	bool dirty;                                 /* draw a frame (of what changed) */
	bool full;                                  /* the next frame draws the whole screen */
	mq_ui_rgb frame_bg;                         /* the background of the last frame */
	bool frame_black;                           /* the last frame was the dark panel's */
	bool quit;
	bool no_draw;                               /* the monkey: logic only, frames skipped */
	int64_t first_frame_ms;                     /* process start to first frame, -1 before */

	bool idle_warning;                          /* "还需要更多时间吗?" is up */
	int64_t idle_deadline_ms;                   /* UI clock: wipe at this time */
	int shown_countdown;                        /* seconds on the warning */

	int64_t clock_offset_ms;                    /* mq_app_advance_clock moves the UI clock */
	int64_t last_input_ms;                      /* UI clock */
	int64_t shown_minute;                       /* wall minute when the screen was built */

	unsigned session_gen;                       /* bumped by every clear_session */
	unsigned visit_gen;                         /* bumped when a resident's visit ends */
	int64_t relayout_at_ms;                     /* UI clock: rebuild then (0: never) */
	uint32_t wake_event;                        /* SDL event type of mq_app_wake_event, or 0 */
	uint32_t post_event;                        /* SDL event type of mq_app_post, or 0 */

	struct mq_speech *speech;                   /* read-aloud, started on first use (speak.c) */
	int speech_choice;                          /* the resident's ui.speech: 1, 0, -1 none */
	char announced[1024];                       /* what the shown page said (speak.c) */

	bool blanked;                               /* the panel is dark (blank.c) */
	bool black_shown;                           /* the black frame was drawn */
	int64_t blank_next_ms;                      /* UI clock: look at the opening hours again */
};

/** The shell behind @p app. */
static inline struct mq_shell *mq_shell_of(struct mq_app *app)
{
	return (struct mq_shell *)app;
}

/** The shell behind @p app, read-only. */
static inline const struct mq_shell *mq_shell_of_const(const struct mq_app *app)
{
	return (const struct mq_shell *)app;
}

/**
 * Blanking the panel (blank.c): outside opening hours, with nobody at the
 * screen for idle_seconds and the kiosk enrolled, turn the panel dark;
 * light it at opening time. Returns the UI-clock time of the next check.
 */
int64_t mq_shell_blank_run(struct mq_shell *sh, int64_t now);

/** Light the panel again (a touch, opening time); a no-op when it is lit (blank.c). */
void mq_shell_unblank(struct mq_shell *sh, const char *why);

/** Any touch or key: the resident is still here (app.c). */
void mq_shell_touched(struct mq_shell *sh);

/** Type @p s into the focused field, if any: the keyboard's or a hardware keyboard's text (app.c). */
void mq_shell_type(struct mq_shell *sh, const char *s);

/** Backspace in the focused field, if any (app.c). */
void mq_shell_backspace(struct mq_shell *sh);

/** The sync thread finished a round: wake the UI (loop.c; called on the sync thread). */
void mq_shell_sync_notify(void *cls);

/** Register the event types and start the sync thread (loop.c). */
void mq_shell_start_events(struct mq_shell *sh);

/** Stop hearing from the sync thread (loop.c). */
void mq_shell_stop_events(struct mq_shell *sh);

/** The idle warning: add its widgets over the screen when it is up (idle.c). */
void mq_shell_idle_build(struct mq_shell *sh, struct mq_ui_tree *tree);

/**
 * Idle timers (idle.c): show the warning after idle_seconds without a
 * touch, count down, then wipe and go home. Returns the UI-clock time of
 * the next check.
 */
int64_t mq_shell_idle_run(struct mq_shell *sh, int64_t now);

/** After a rebuild: say the page's marked widgets when they changed (speak.c). */
void mq_shell_speak_page(struct mq_shell *sh);

/** A finger landed on @p w: say a button's or key's spoken text (speak.c). */
void mq_shell_speak_press(struct mq_shell *sh, struct mq_ui_widget *w);

/** The idle wipe: the next resident starts with read-aloud as configured (speak.c). */
void mq_shell_speech_reset(struct mq_shell *sh);

/** Stop read-aloud for good (speak.c; before SDL quits). */
void mq_shell_speech_finish(struct mq_shell *sh);

#endif
