/* loop.c — the kiosk UI's run loop: event dispatch (touch, mouse,
 * keyboard/scanner, sync notifications, wake-ups from the screens'
 * threads), timers (a clock on screen, returning home when a resident
 * walks away), rebuilding the current screen through its operations and
 * drawing a frame only when something changed. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "damage.h"
#include "display.h"
#include "mq_log.h"
#include "mq_notify.h"
#include "mq_time.h"
#include "shell.h"

/* The sync thread wakes the UI through this SDL event type. It is a static
 * rather than a field so a late notification after mq_app_destroy only
 * pushes into a closed queue, never touches freed memory. */
static SDL_atomic_t sync_event_type;

void mq_shell_sync_notify(void *cls)
{
	SDL_Event ev;
	int type = SDL_AtomicGet(&sync_event_type);

	(void)cls;
	if (type <= 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = (Uint32)type;
	(void)SDL_PushEvent(&ev);
}

void mq_shell_start_events(struct mq_shell *sh)
{
	int type = (int)SDL_RegisterEvents(3);

	SDL_AtomicSet(&sync_event_type, type == (int)(Uint32)-1 ? 0 : type);
	/* the second: a screen's thread finished (mq_app_wake_event) */
	sh->wake_event = type == (int)(Uint32)-1 ? 0 : (uint32_t)type + 1;
	/* the third: a call from another thread (mq_app_post) */
	sh->post_event = type == (int)(Uint32)-1 ? 0 : (uint32_t)type + 2;
}

void mq_shell_stop_events(struct mq_shell *sh)
{
	(void)sh;
	SDL_AtomicSet(&sync_event_type, 0);
}

/* Milliseconds since this process started (for "start-up to first frame"):
 * now on CLOCK_BOOTTIME minus the start time in /proc/self/stat. -1 if unknown. */
static int64_t process_age_ms(void)
{
	char buf[1024], *p;
	unsigned long long start = 0;
	struct timespec ts;
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/self/stat", "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after "pid (comm)": state is field 3, starttime field 22 */
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%llu", &start) != 1 || hz <= 0 ||
	    clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - (int64_t)(start * 1000 / hz);
}

/* Rebuild the tree for the current screen: frame, screen, idle warning. */
static void rebuild(struct mq_shell *sh)
{
	struct mq_app *app = &sh->app;
	SDL_Rect content = { 0, 0, app->w, app->h };
	char pressed_id[128] = "";

	/* A rebuild while a finger is down (a sync round finished, the minute
	 * changed) must not swallow the tap: the press follows its widget's id. */
	if (sh->pressed && sh->built_screen == sh->screen)
		snprintf(pressed_id, sizeof(pressed_id), "%s", mq_ui_widget_id(sh->pressed));
	sh->built_screen = sh->screen;
	sh->rebuild = false;
	sh->focus = NULL;
	sh->pressed = NULL;
	mq_ui_keyboard_detach(app->kb);
	/* built in place: what draws as before (the top bar, a keyboard) is
	 * not drawn again */
	mq_ui_tree_rebuild_begin(app->tree);
	if (sh->frame)
		content = sh->frame(app, app->tree);
	sh->screen->build(app, app->tree, content);
	if (sh->idle_warning)
		mq_shell_idle_build(sh, app->tree);
	mq_ui_tree_rebuild_end(app->tree);
	mq_shell_speak_page(sh);
	if (pressed_id[0]) {
		sh->pressed = mq_ui_tree_find(app->tree, pressed_id);
		if (sh->pressed)
			mq_ui_widget_set_pressed(sh->pressed, true);
	}
	sh->shown_minute = mq_app_wall(app) / 60;
	sh->dirty = true;
}

/* The whole screen: the tree, or a black frame while the panel is dark. */
static void render_all(struct mq_shell *sh, struct mq_ui_draw *d, mq_ui_rgb bg)
{
	SDL_SetRenderDrawColor(d->renderer, (bg >> 16) & 0xFF, (bg >> 8) & 0xFF, bg & 0xFF, 0xFF);
	SDL_RenderClear(d->renderer);
	if (!sh->blanked)
		mq_ui_tree_draw(sh->app.tree, d);
	mq_ui_display_present(sh->display);
}

/* Draw a frame now: only what changed since the last one (the widgets'
 * damage), or with @p full the whole screen; once a black frame while the
 * panel is dark. */
static void render(struct mq_shell *sh, bool full)
{
	struct mq_app *app = &sh->app;
	struct mq_ui_draw d = { mq_ui_display_renderer(sh->display), app->text, sh->corners,
				&app->theme, NULL, false };
	mq_ui_rgb bg = sh->blanked ? 0 : app->theme.bg;
	SDL_Rect areas[MQ_UI_DAMAGE_MAX];
	size_t n = 0;

	sh->dirty = false;
	if (sh->blanked && sh->black_shown)
		return;                  /* dark: no redraws until it is lit again */
	/* the first frame, a black one or a new background take the whole screen */
	full = full || sh->full || sh->blanked || sh->frame_black || sh->first_frame_ms < 0 ||
	       bg != sh->frame_bg;
	mq_ui_display_begin(sh->display);
	if (!full) {
		n = mq_ui_tree_take_damage(app->tree, &d, areas, &full);
		if (!full && n == 0)
			return;          /* nothing looks different: no frame */
	}
	if (full) {
		render_all(sh, &d, bg);
	} else {
		mq_ui_tree_draw_areas(app->tree, &d, areas, n, bg);
		mq_ui_display_present_areas(sh->display, areas, n);
	}
	sh->full = false;
	sh->frame_bg = bg;
	sh->frame_black = sh->blanked;
	sh->black_shown = sh->blanked;
	if (sh->observe)
		sh->observe(app, sh->observe_cls);
	if (sh->first_frame_ms < 0) {
		sh->first_frame_ms = process_age_ms();
		mq_log_info("ui", "first frame %lld ms after start",
			    (long long)sh->first_frame_ms);
		/* systemd's Type=notify: the kiosk is up once the panel shows a screen */
		mq_notify_ready(mq_app_screen_name(app));
		/* the handwriting model into the page cache, not into our memory */
		mq_ui_handwriting_prefetch(sh->hw);
	}
}

void mq_app_redraw(struct mq_app *app)
{
	render(mq_shell_of(app), true);
}

bool mq_app_quitting(const struct mq_app *app)
{
	return mq_shell_of_const(app)->quit;
}

static void press(struct mq_shell *sh, int x, int y)
{
	struct mq_ui_widget *w = mq_ui_tree_hit(sh->app.tree, x, y);

	if (sh->pressed)
		mq_ui_widget_set_pressed(sh->pressed, false);
	sh->pressed = w;
	if (w) {
		mq_ui_widget_set_pressed(w, true);
		mq_ui_widget_drag(w, MQ_UI_DRAG_DOWN, x, y);
		mq_shell_speak_press(sh, w);
		sh->dirty = true;
	}
}

static void motion(struct mq_shell *sh, int x, int y)
{
	if (sh->pressed && mq_ui_widget_drags(sh->pressed)) {
		mq_ui_widget_drag(sh->pressed, MQ_UI_DRAG_MOVE, x, y);
		sh->dirty = true;
	}
}

static void release(struct mq_shell *sh, int x, int y, bool inside)
{
	struct mq_ui_widget *w = inside ? mq_ui_tree_hit(sh->app.tree, x, y) : NULL;
	struct mq_ui_widget *was = sh->pressed;

	sh->pressed = NULL;
	if (!was)
		return;
	mq_ui_widget_set_pressed(was, false);
	sh->dirty = true;
	if (mq_ui_widget_drags(was)) {
		mq_ui_widget_drag(was, MQ_UI_DRAG_UP, x, y);
		return;
	}
	/* A tap is down and up on the same widget: sliding off cancels. */
	if (w == was)
		(void)mq_ui_widget_tap(w);
}

/* A press, move or release at logical (x, y) inside the screen or not. */
static void touch(struct mq_shell *sh, Uint32 type, int x, int y, bool in)
{
	mq_shell_touched(sh);
	if (sh->blanked) {
		/* the touch that lights a dark panel presses nothing: nobody saw what was there */
		if (type == SDL_MOUSEBUTTONDOWN || type == SDL_FINGERDOWN)
			mq_shell_unblank(sh, "a touch");
		return;
	}
	if (type == SDL_MOUSEBUTTONDOWN || type == SDL_FINGERDOWN) {
		if (in)
			press(sh, x, y);
	} else if (type == SDL_MOUSEBUTTONUP || type == SDL_FINGERUP) {
		release(sh, x, y, in);
	} else {
		motion(sh, x, y);
	}
}

/* Mouse and finger events; false when @p ev is neither. */
static bool handle_touch(struct mq_shell *sh, const SDL_Event *ev)
{
	int x, y;
	bool in;

	switch (ev->type) {
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		/* A touchscreen reports fingers; SDL's mouse copies of them are skipped. */
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return true;
		in = mq_ui_display_to_logical(sh->display, ev->button.x, ev->button.y, &x, &y);
		touch(sh, ev->type, x, y, in);
		return true;
	case SDL_MOUSEMOTION:
		if (ev->motion.which == SDL_TOUCH_MOUSEID || !(ev->motion.state & SDL_BUTTON_LMASK))
			return true;
		(void)mq_ui_display_to_logical(sh->display, ev->motion.x, ev->motion.y, &x, &y);
		touch(sh, ev->type, x, y, true);
		return true;
	case SDL_FINGERMOTION:
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		in = mq_ui_display_touch_to_logical(sh->display, ev->tfinger.x, ev->tfinger.y, &x,
						    &y);
		touch(sh, ev->type, x, y, in);
		return true;
	default:
		return false;
	}
}

/* Where scanner text goes while the screen's scan op takes it: on a screen
 * that has one, unless the idle warning is up or (for most) a field has
 * the focus. */
static bool to_scanner(const struct mq_shell *sh)
{
	return sh->screen->scan && !sh->idle_warning && (sh->screen->scan_over_focus || !sh->focus);
}

static bool is_return(const SDL_Event *ev)
{
	return ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER;
}

/* Text and keys: the scanner (or a hardware keyboard); false when @p ev is neither. */
static bool handle_keys(struct mq_shell *sh, const SDL_Event *ev)
{
	if (sh->blanked && (ev->type == SDL_TEXTINPUT || ev->type == SDL_KEYDOWN))
		mq_shell_unblank(sh, "a scan or a key");   /* and the scan still counts */
	switch (ev->type) {
	case SDL_TEXTINPUT:
		mq_shell_touched(sh);
		if (to_scanner(sh))
			sh->screen->scan(&sh->app, ev->text.text);
		else if (sh->focus)
			mq_shell_type(sh, ev->text.text);
		else
			mq_log_debug("ui", "text input with no field to take it");
		return true;
	case SDL_KEYDOWN:
		mq_shell_touched(sh);
		if (to_scanner(sh) && is_return(ev)) {
			sh->screen->scan(&sh->app, "\n");
			return true;
		}
		if (!sh->focus)
			return true;
		if (ev->key.keysym.sym == SDLK_BACKSPACE)
			mq_shell_backspace(sh);
		else if (is_return(ev))
			mq_shell_type(sh, "\n");
		return true;
	default:
		return false;
	}
}

/* A sync round finished: the state in the store may be new. */
static void synced(struct mq_shell *sh)
{
	struct mq_app *app = &sh->app;
	struct mq_state *state = app->store ? mq_state_load(app->store) : NULL;

	mq_sync_last(app->sync, &app->sync_last);
	app->sync_rounds++;
	app->sync_last_at = mq_app_wall(app);
	/* no state in the store (or no memory): keep showing the last one */
	if (state) {
		mq_state_destroy(sh->state);
		sh->state = state;
		app->state = state;
	}
	/* Studio name, categories and the sync line may have changed; the
	 * drafts live in the screens' sessions, so a rebuild loses nothing. */
	mq_app_relayout(app);
	if (sh->observe)
		sh->observe(app, sh->observe_cls);
}

/* The window and the renderer, wake-ups and sync notifications. */
static void handle_other(struct mq_shell *sh, const SDL_Event *ev)
{
	switch (ev->type) {
	case SDL_QUIT:
		sh->quit = true;
		return;
	case SDL_WINDOWEVENT:
		sh->dirty = true;
		sh->full = true;         /* exposed or resized: the output lost the picture */
		return;
	case SDL_RENDER_DEVICE_RESET:
		mq_ui_text_reset(sh->app.text);
		mq_ui_corners_reset(sh->corners);
		/* fall through */
	case SDL_RENDER_TARGETS_RESET:
		if (!mq_ui_display_reset(sh->display))
			mq_log_error("ui", "cannot recreate the screen texture: %s", SDL_GetError());
		sh->dirty = true;
		sh->full = true;
		return;
	default:
		break;
	}
	if (sh->post_event && ev->type == sh->post_event) {
		struct mq_app_call *call = ev->user.data1;

		if (call && call->fn)
			call->fn(&sh->app, call->cls);
		return;
	}
	if (sh->wake_event && ev->type == sh->wake_event) {
		if (ev->user.code >= 0 && (size_t)ev->user.code < sh->n_screens &&
		    sh->screens[ev->user.code]->wake)
			sh->screens[ev->user.code]->wake(&sh->app);
		return;
	}
	if ((int)ev->type == SDL_AtomicGet(&sync_event_type))
		synced(sh);
}

static void handle(struct mq_shell *sh, const SDL_Event *ev)
{
	if (!handle_touch(sh, ev) && !handle_keys(sh, ev))
		handle_other(sh, ev);
}

/* Timers: a clock on screen, and the idle warning and return to home
 * (which also restores the configured language and text size for the
 * next person). */
static int64_t run_timers(struct mq_shell *sh)
{
	struct mq_app *app = &sh->app;
	int64_t now = mq_app_now_ms(app);
	int64_t wall = mq_app_wall(app);
	int64_t next = mq_shell_idle_run(sh, now);
	int64_t blank_next = mq_shell_blank_run(sh, now);

	if (blank_next < next)
		next = blank_next;

	/* a screen asked to be rebuilt at a time (e.g. when a PIN lock ends) */
	if (sh->relayout_at_ms) {
		if (now >= sh->relayout_at_ms) {
			sh->relayout_at_ms = 0;
			mq_app_relayout(app);
		} else if (sh->relayout_at_ms < next) {
			next = sh->relayout_at_ms;
		}
	}

	if (sh->screen->shows_clock && !sh->idle_warning) {
		if (wall / 60 != sh->shown_minute)
			mq_app_relayout(app);
		if (now + (60 - wall % 60) * 1000 < next)
			next = now + (60 - wall % 60) * 1000;
	}
	return next;
}

/* Timers, rebuild, draw; returns when the next timer is due (UI clock). */
static int64_t settle(struct mq_shell *sh)
{
	int64_t next = run_timers(sh);

	if (sh->rebuild)
		rebuild(sh);
	if (sh->dirty && !sh->no_draw)
		render(sh, false);
	return next;
}

/* Handle @p ev and whatever else is queued. */
static void handle_queue(struct mq_shell *sh, SDL_Event *ev)
{
	handle(sh, ev);
	while (!sh->quit && SDL_PollEvent(ev)) {
		handle(sh, ev);
		/* A tap can switch screens; later events belong to the new one. */
		if (sh->rebuild)
			rebuild(sh);
	}
}

/* The systemd watchdog: ping from the loop itself, so a frozen loop stops it. */
static void watchdog(void)
{
	mq_notify_watchdog(mq_time_mono_ms());
}

/* @p wait_ms, shortened so the loop comes round in time to ping the watchdog. */
static int64_t watchdog_cap(int64_t wait_ms)
{
	int64_t period = mq_notify_watchdog_period_ms();

	return period > 0 && wait_ms > period / 2 ? period / 2 : wait_ms;
}

bool mq_app_pump(struct mq_app *app, int timeout_ms)
{
	struct mq_shell *sh = mq_shell_of(app);
	SDL_Event ev;
	int64_t next = settle(sh);
	int64_t left = next - mq_app_now_ms(app);

	watchdog();
	/* Wake for the next timer even inside a long wait. */
	if (timeout_ms > 0 && left < timeout_ms)
		timeout_ms = left > 1 ? (int)left : 1;
	if (timeout_ms > 0)
		timeout_ms = (int)watchdog_cap(timeout_ms);
	if (timeout_ms > 0 ? SDL_WaitEventTimeout(&ev, timeout_ms) : SDL_PollEvent(&ev))
		handle_queue(sh, &ev);
	(void)settle(sh);
	watchdog();
	return !sh->quit;
}

bool mq_app_screenshot(struct mq_app *app, const char *path)
{
	(void)settle(mq_shell_of(app));
	return mq_ui_display_screenshot(mq_shell_of(app)->display, path);
}

bool mq_app_check_redraw(struct mq_app *app, char *err, size_t err_size)
{
	struct mq_shell *sh = mq_shell_of(app);
	struct mq_ui_display_copy *shown;
	char where[160];
	long n;

	(void)settle(sh);
	shown = mq_ui_display_copy(sh->display);
	if (!shown) {
		snprintf(err, err_size, "cannot copy the screen");
		return false;
	}
	render(sh, true);
	n = mq_ui_display_compare(sh->display, shown, where, sizeof(where));
	mq_ui_display_copy_free(shown);
	if (n != 0) {
		snprintf(err, err_size, "the frame drawn in parts differs from a full redraw: %s",
			 where);
		return false;
	}
	return true;
}

void mq_app_set_drawing(struct mq_app *app, bool on)
{
	mq_shell_of(app)->no_draw = !on;
}

/* Whether SDL can really sleep until an event. SDL 2.26 blocks in
 * SDL_WaitEventTimeout only with a windowing system that has a wait hook
 * (X11, Wayland); headless and on KMSDRM it polls every millisecond, which
 * on a small ARM board costs more than the whole idle screen. There we
 * sleep ourselves, waking often enough for a finger (input_ms) while
 * someone is using the screen and less often when nobody is. */
static bool sdl_can_block(const struct mq_shell *sh)
{
	const char *drv = sh->headless ? NULL : SDL_GetCurrentVideoDriver();

	return drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
}

void mq_app_run(struct mq_app *app)
{
	const int64_t busy_ms = 10, quiet_ms = 40, busy_for_ms = 5000;
	struct mq_shell *sh = mq_shell_of(app);
	bool block = sdl_can_block(sh);
	SDL_Event ev;

	while (!sh->quit) {
		int64_t next, wait, now;
		bool got;

		watchdog();
		next = run_timers(sh);
		if (sh->rebuild)
			rebuild(sh);
		if (sh->dirty)
			render(sh, false);
		now = mq_app_now_ms(app);
		wait = next - now;
		if (wait < 1)
			wait = 1;
		if (wait > 60 * 1000)
			wait = 60 * 1000;
		wait = watchdog_cap(wait);
		if (block) {
			/* Sleep until an event or the next timer: no polling. */
			got = SDL_WaitEventTimeout(&ev, (int)wait);
		} else {
			int64_t step = now - sh->last_input_ms < busy_for_ms ? busy_ms : quiet_ms;

			got = SDL_PollEvent(&ev);
			if (!got)
				SDL_Delay((Uint32)(wait < step ? wait : step));
		}
		if (got)
			handle_queue(sh, &ev);
	}
}
