/* mq_ui.c — the kiosk UI's run loop: SDL set-up (window or headless), event
 * dispatch (touch, mouse, keyboard/scanner, sync notifications), timers (the
 * clock on the home screen, returning home when a resident walks away),
 * and drawing a frame only when something changed. */
#include "mq_ui.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "mq_log.h"
#include "mq_time.h"
#include "screens.h"
#include "script.h"
#include "textinput.h"
#include "widget_private.h"

/* The sync thread wakes the UI through this SDL event type. It is a static
 * rather than a field so a late notification after mq_ui_run returned only
 * pushes into a closed queue, never touches freed memory. */
static SDL_atomic_t sync_event_type;

static void sync_notify(void *cls)
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

int64_t mq_ui_app_now_ms(const struct mq_ui_app *app)
{
	return mq_time_mono_ms() + app->clock_offset_ms;
}

int64_t mq_ui_app_wall(const struct mq_ui_app *app)
{
	return mq_time_now() + app->clock_offset_ms / 1000;
}

void mq_ui_app_advance_clock(struct mq_ui_app *app, int64_t seconds)
{
	app->clock_offset_ms += seconds * 1000;
}

void mq_ui_app_go(struct mq_ui_app *app, enum mq_screen screen)
{
	app->screen = screen;
	app->rebuild = true;
	app->dirty = true;
}

void mq_ui_app_relayout(struct mq_ui_app *app)
{
	app->rebuild = true;
	app->dirty = true;
}

void mq_ui_app_invalidate(struct mq_ui_app *app)
{
	app->dirty = true;
}

void mq_ui_app_set_focus(struct mq_ui_app *app, struct mq_ui_widget *w)
{
	if (app->focus && mq_ui_input_is(app->focus))
		mq_ui_input_set_focused(app->focus, false);
	app->focus = mq_ui_input_is(w) ? w : NULL;
	if (app->focus)
		mq_ui_input_set_focused(app->focus, true);
	app->dirty = true;
}

void mq_ui_app_clear_session(struct mq_ui_app *app)
{
	/* The draft may hold a resident's words: wipe, not just forget; the
	 * input methods hold some too (composition, strokes, candidates). */
	memset(&app->s, 0, sizeof(app->s));
	app->s.step = MQ_OP_CATEGORY;
	app->s.bk_step = MQ_BK_SLOT;
	app->session_gen++;          /* a PIN check still running belongs to nobody now */
	app->relayout_at_ms = 0;
	if (app->kb)
		mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	if (app->tree)
		for (size_t i = 0; i < mq_ui_tree_count(app->tree); i++) {
			struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

			if (mq_ui_input_is(w))
				(void)mq_ui_widget_set_text(w, "");
		}
	app->focus = NULL;
}

void mq_ui_app_go_home(struct mq_ui_app *app)
{
	mq_ui_app_clear_session(app);
	mq_ui_app_go(app, MQ_SCREEN_HOME);
}

void mq_ui_app_touched(struct mq_ui_app *app)
{
	app->last_input_ms = mq_ui_app_now_ms(app);
}

const char *mq_ui_app_screen_name(const struct mq_ui_app *app)
{
	switch (app->screen) {
	case MQ_SCREEN_HOME: return "home";
	case MQ_SCREEN_OPINION: return "opinion";
	case MQ_SCREEN_CONFIRM: return "confirm";
	case MQ_SCREEN_TRACK: return "track";
	case MQ_SCREEN_SERVICE: return "service";
	case MQ_SCREEN_BOOK: return "book";
	case MQ_SCREEN_CHECKIN: return "checkin";
	}
	return "home";
}

const char *mq_ui_app_studio_name(const struct mq_ui_app *app)
{
	const char *name = app->state->studio.name;

	return name && *name ? mq_tr(name) : mq_tr("委员工作室");
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

static void rebuild(struct mq_ui_app *app)
{
	SDL_Rect content;
	char pressed_id[128] = "";

	/* A rebuild while a finger is down (a sync round finished, the minute
	 * changed) must not swallow the tap: the press follows its widget's id. */
	if (app->pressed && app->built_screen == app->screen)
		snprintf(pressed_id, sizeof(pressed_id), "%s", mq_ui_widget_id(app->pressed));
	app->built_screen = app->screen;
	app->rebuild = false;
	app->focus = NULL;
	app->pressed = NULL;
	mq_ui_keyboard_detach(app->kb);
	mq_ui_tree_clear(app->tree);
	content = mq_ui_chrome_build(app, app->tree);
	switch (app->screen) {
	case MQ_SCREEN_HOME:
		mq_screen_home_build(app, app->tree, content);
		break;
	case MQ_SCREEN_OPINION:
		mq_screen_opinion_build(app, app->tree, content);
		break;
	case MQ_SCREEN_CONFIRM:
		mq_screen_confirm_build(app, app->tree, content);
		break;
	case MQ_SCREEN_TRACK:
		mq_screen_track_build(app, app->tree, content);
		break;
	case MQ_SCREEN_SERVICE:
		mq_screen_service_build(app, app->tree, content);
		break;
	case MQ_SCREEN_BOOK:
		mq_screen_book_build(app, app->tree, content);
		break;
	case MQ_SCREEN_CHECKIN:
		mq_screen_checkin_build(app, app->tree, content);
		break;
	}
	if (app->idle_warning)
		mq_ui_idle_build(app, app->tree);
	if (pressed_id[0]) {
		app->pressed = mq_ui_tree_find(app->tree, pressed_id);
		if (app->pressed)
			mq_ui_widget_set_pressed(app->pressed, true);
	}
	app->shown_minute = mq_ui_app_wall(app) / 60;
	app->dirty = true;
}

static void render(struct mq_ui_app *app)
{
	struct mq_ui_draw d = { mq_ui_display_renderer(app->display), app->text, app->corners,
				&app->theme };
	mq_ui_rgb bg = app->theme.bg;

	app->dirty = false;
	app->frames++;
	mq_ui_display_begin(app->display);
	SDL_SetRenderDrawColor(d.renderer, (bg >> 16) & 0xFF, (bg >> 8) & 0xFF, bg & 0xFF, 0xFF);
	SDL_RenderClear(d.renderer);
	mq_ui_tree_draw(app->tree, &d);
	mq_ui_display_present(app->display);
	if (app->first_frame_ms < 0) {
		app->first_frame_ms = process_age_ms();
		mq_log_info("ui", "first frame %lld ms after start",
			    (long long)app->first_frame_ms);
	}
}

void mq_ui_app_redraw(struct mq_ui_app *app)
{
	render(app);
}

/* Keyboard output goes to the focused field. */
static void sink_text(void *cls, const char *s)
{
	struct mq_ui_app *app = cls;

	if (!app->focus)
		return;
	if (!mq_ui_input_insert(app->focus, s))
		mq_log_info("ui", "text field %s is full", mq_ui_widget_id(app->focus));
	app->dirty = true;
}

static void sink_backspace(void *cls)
{
	struct mq_ui_app *app = cls;

	if (app->focus && mq_ui_input_backspace(app->focus))
		app->dirty = true;
}

static void press(struct mq_ui_app *app, int x, int y)
{
	struct mq_ui_widget *w = mq_ui_tree_hit(app->tree, x, y);

	if (app->pressed)
		mq_ui_widget_set_pressed(app->pressed, false);
	app->pressed = w;
	if (w) {
		mq_ui_widget_set_pressed(w, true);
		mq_ui_widget_drag(w, MQ_UI_DRAG_DOWN, x, y);
		app->dirty = true;
	}
}

static void motion(struct mq_ui_app *app, int x, int y)
{
	if (app->pressed && mq_ui_widget_drags(app->pressed)) {
		mq_ui_widget_drag(app->pressed, MQ_UI_DRAG_MOVE, x, y);
		app->dirty = true;
	}
}

static void release(struct mq_ui_app *app, int x, int y, bool inside)
{
	struct mq_ui_widget *w = inside ? mq_ui_tree_hit(app->tree, x, y) : NULL;
	struct mq_ui_widget *was = app->pressed;

	app->pressed = NULL;
	if (!was)
		return;
	mq_ui_widget_set_pressed(was, false);
	app->dirty = true;
	if (mq_ui_widget_drags(was)) {
		mq_ui_widget_drag(was, MQ_UI_DRAG_UP, x, y);
		return;
	}
	/* A tap is down and up on the same widget: sliding off cancels. */
	if (w == was && was->on_tap) {
		mq_log_debug("ui", "tap %s", mq_ui_widget_id(w));
		w->on_tap(w, w->tap_cls);
	}
}

/* Where a scanner burst with no text field to take it is a badge (or, on
 * home, possibly a receipt's QR): home and the check-in screen. */
static bool scanner_screen(const struct mq_ui_app *app)
{
	return !app->idle_warning && !app->focus &&
	       (app->screen == MQ_SCREEN_HOME || app->screen == MQ_SCREEN_CHECKIN);
}

static void handle(struct mq_ui_app *app, const SDL_Event *ev)
{
	int x, y;
	bool in;

	switch (ev->type) {
	case SDL_QUIT:
		app->quit = true;
		return;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		/* A touchscreen reports fingers; SDL's mouse copies of them are skipped. */
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return;
		in = mq_ui_display_to_logical(app->display, ev->button.x, ev->button.y, &x, &y);
		mq_ui_app_touched(app);
		if (ev->type == SDL_MOUSEBUTTONDOWN) {
			if (in)
				press(app, x, y);
		} else {
			release(app, x, y, in);
		}
		return;
	case SDL_MOUSEMOTION:
		if (ev->motion.which == SDL_TOUCH_MOUSEID || !(ev->motion.state & SDL_BUTTON_LMASK))
			return;
		(void)mq_ui_display_to_logical(app->display, ev->motion.x, ev->motion.y, &x, &y);
		mq_ui_app_touched(app);
		motion(app, x, y);
		return;
	case SDL_FINGERMOTION:
		(void)mq_ui_display_touch_to_logical(app->display, ev->tfinger.x, ev->tfinger.y, &x,
						     &y);
		mq_ui_app_touched(app);
		motion(app, x, y);
		return;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		in = mq_ui_display_touch_to_logical(app->display, ev->tfinger.x, ev->tfinger.y, &x,
						    &y);
		mq_ui_app_touched(app);
		if (ev->type == SDL_FINGERDOWN) {
			if (in)
				press(app, x, y);
		} else {
			release(app, x, y, in);
		}
		return;
	case SDL_TEXTINPUT:
		mq_ui_app_touched(app);
		if (app->screen == MQ_SCREEN_TRACK && !app->idle_warning)
			mq_screen_track_scan(app, ev->text.text);
		else if (scanner_screen(app))
			mq_screen_checkin_scan(app, ev->text.text);
		else if (app->focus)
			sink_text(app, ev->text.text);
		else
			mq_log_debug("ui", "text input with no field to take it");
		return;
	case SDL_KEYDOWN:
		mq_ui_app_touched(app);
		if (app->screen == MQ_SCREEN_TRACK && !app->idle_warning &&
		    (ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER)) {
			mq_screen_track_scan(app, "\n");
			return;
		}
		if (scanner_screen(app) &&
		    (ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER)) {
			mq_screen_checkin_scan(app, "\n");
			return;
		}
		if (!app->focus)
			return;
		if (ev->key.keysym.sym == SDLK_BACKSPACE)
			sink_backspace(app);
		else if (ev->key.keysym.sym == SDLK_RETURN || ev->key.keysym.sym == SDLK_KP_ENTER)
			sink_text(app, "\n");
		return;
	case SDL_WINDOWEVENT:
		app->dirty = true;
		return;
	case SDL_RENDER_DEVICE_RESET:
		mq_ui_text_reset(app->text);
		mq_ui_corners_reset(app->corners);
		/* fall through */
	case SDL_RENDER_TARGETS_RESET:
		if (!mq_ui_display_reset(app->display))
			mq_log_error("ui", "cannot recreate the screen texture: %s", SDL_GetError());
		app->dirty = true;
		return;
	default:
		break;
	}
	if (app->verify_event && ev->type == app->verify_event) {
		mq_screen_checkin_verified(app);
		return;
	}
	if ((int)ev->type == SDL_AtomicGet(&sync_event_type)) {
		struct mq_state *state = app->store ? mq_state_load(app->store) : NULL;

		mq_sync_last(app->sync, &app->sync_last);
		app->sync_rounds++;
		app->sync_last_at = mq_ui_app_wall(app);
		/* no state in the store (or no memory): keep showing the last one */
		if (state) {
			mq_state_destroy(app->state);
			app->state = state;
		}
		/* Studio name, categories and the sync line may have changed; the
		 * draft lives in the session, so a rebuild loses nothing. */
		mq_ui_app_relayout(app);
	}
}

/* Timers: the minute on the home clock, and the idle warning and return
 * to home (which also restores the configured language and text size for
 * the next person). */
static int64_t run_timers(struct mq_ui_app *app)
{
	int64_t now = mq_ui_app_now_ms(app);
	int64_t wall = mq_ui_app_wall(app);
	int64_t next = mq_ui_idle_run(app, now);

	/* a screen asked to be rebuilt at a time (e.g. when a PIN lock ends) */
	if (app->relayout_at_ms) {
		if (now >= app->relayout_at_ms) {
			app->relayout_at_ms = 0;
			mq_ui_app_relayout(app);
		} else if (app->relayout_at_ms < next) {
			next = app->relayout_at_ms;
		}
	}

	if (app->screen == MQ_SCREEN_HOME && !app->idle_warning) {
		if (wall / 60 != app->shown_minute)
			mq_ui_app_relayout(app);
		if (now + (60 - wall % 60) * 1000 < next)
			next = now + (60 - wall % 60) * 1000;
	}
	return next;
}

/* Timers, rebuild, draw; returns when the next timer is due (UI clock). */
static int64_t settle(struct mq_ui_app *app)
{
	int64_t next = run_timers(app);

	if (app->rebuild)
		rebuild(app);
	if (app->dirty && !app->no_draw)
		render(app);
	return next;
}

bool mq_ui_app_pump(struct mq_ui_app *app, int timeout_ms)
{
	SDL_Event ev;
	int64_t next = settle(app);
	int64_t left = next - mq_ui_app_now_ms(app);

	/* Wake for the next timer even inside a long wait. */
	if (timeout_ms > 0 && left < timeout_ms)
		timeout_ms = left > 1 ? (int)left : 1;
	if (timeout_ms > 0 ? SDL_WaitEventTimeout(&ev, timeout_ms) : SDL_PollEvent(&ev)) {
		handle(app, &ev);
		while (!app->quit && SDL_PollEvent(&ev)) {
			handle(app, &ev);
			/* A tap can switch screens; later events belong to the new one. */
			if (app->rebuild)
				rebuild(app);
		}
	}
	(void)settle(app);
	return !app->quit;
}

void mq_ui_app_stroke(struct mq_ui_app *app, const SDL_Point *pts, size_t n)
{
	SDL_Event ev;
	int wx, wy;

	for (size_t i = 0; i < n; i++) {
		mq_ui_display_to_window(app->display, pts[i].x, pts[i].y, &wx, &wy);
		memset(&ev, 0, sizeof(ev));
		if (i == 0) {
			ev.type = SDL_MOUSEBUTTONDOWN;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.state = SDL_PRESSED;
			ev.button.x = wx;
			ev.button.y = wy;
			ev.button.windowID = mq_ui_display_window_id(app->display);
		} else {
			ev.type = SDL_MOUSEMOTION;
			ev.motion.state = SDL_BUTTON_LMASK;
			ev.motion.x = wx;
			ev.motion.y = wy;
			ev.motion.windowID = mq_ui_display_window_id(app->display);
		}
		(void)SDL_PushEvent(&ev);
	}
	if (n > 0) {
		memset(&ev, 0, sizeof(ev));
		ev.type = SDL_MOUSEBUTTONUP;
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.state = SDL_RELEASED;
		ev.button.x = wx;
		ev.button.y = wy;
		ev.button.windowID = mq_ui_display_window_id(app->display);
		(void)SDL_PushEvent(&ev);
	}
	while (mq_ui_app_pump(app, 0) && SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT,
							 SDL_LASTEVENT) > 0)
		;
}

void mq_ui_app_tap(struct mq_ui_app *app, int x, int y)
{
	SDL_Event ev;
	int wx, wy;

	mq_ui_display_to_window(app->display, x, y, &wx, &wy);
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_MOUSEBUTTONDOWN;
	ev.button.windowID = mq_ui_display_window_id(app->display);
	ev.button.which = 0;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.state = SDL_PRESSED;
	ev.button.clicks = 1;
	ev.button.x = wx;
	ev.button.y = wy;
	ev.button.timestamp = SDL_GetTicks();
	(void)SDL_PushEvent(&ev);
	ev.type = SDL_MOUSEBUTTONUP;
	ev.button.state = SDL_RELEASED;
	(void)SDL_PushEvent(&ev);
	while (mq_ui_app_pump(app, 0) && SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT,
							 SDL_LASTEVENT) > 0)
		;
}

void mq_ui_app_hid(struct mq_ui_app *app, const char *text)
{
	size_t len = strlen(text), n;
	SDL_Event ev;

	for (size_t i = 0; i < len; i += n) {
		memset(&ev, 0, sizeof(ev));
		(void)mq_ui_utf8_next(text + i, len - i, &n);
		if (text[i] == '\n') {
			ev.type = SDL_KEYDOWN;
			ev.key.state = SDL_PRESSED;
			ev.key.keysym.sym = SDLK_RETURN;
			ev.key.keysym.scancode = SDL_SCANCODE_RETURN;
			(void)SDL_PushEvent(&ev);
			ev.type = SDL_KEYUP;
			ev.key.state = SDL_RELEASED;
			(void)SDL_PushEvent(&ev);
			continue;
		}
		ev.type = SDL_TEXTINPUT;
		ev.text.windowID = mq_ui_display_window_id(app->display);
		memcpy(ev.text.text, text + i, n < sizeof(ev.text.text) ? n : 0);
		(void)SDL_PushEvent(&ev);
	}
	while (mq_ui_app_pump(app, 0) && SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT,
							 SDL_LASTEVENT) > 0)
		;
}

bool mq_ui_app_screenshot(struct mq_ui_app *app, const char *path)
{
	(void)settle(app);
	return mq_ui_display_screenshot(app->display, path);
}

/* Whether SDL can really sleep until an event. SDL 2.26 blocks in
 * SDL_WaitEventTimeout only with a windowing system that has a wait hook
 * (X11, Wayland); headless and on KMSDRM it polls every millisecond, which
 * on a small ARM board costs more than the whole idle screen. There we
 * sleep ourselves, waking often enough for a finger (input_ms) while
 * someone is using the screen and less often when nobody is. */
static bool sdl_can_block(const struct mq_ui_app *app)
{
	const char *drv = app->headless ? NULL : SDL_GetCurrentVideoDriver();

	return drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
}

static void loop(struct mq_ui_app *app)
{
	const int64_t busy_ms = 10, quiet_ms = 40, busy_for_ms = 5000;
	bool block = sdl_can_block(app);
	SDL_Event ev;

	while (!app->quit) {
		int64_t next, wait, now;
		bool got;

		next = run_timers(app);
		if (app->rebuild)
			rebuild(app);
		if (app->dirty)
			render(app);
		now = mq_ui_app_now_ms(app);
		wait = next - now;
		if (wait < 1)
			wait = 1;
		if (wait > 60 * 1000)
			wait = 60 * 1000;
		if (block) {
			/* Sleep until an event or the next timer: no polling. */
			got = SDL_WaitEventTimeout(&ev, (int)wait);
		} else {
			int64_t step = now - app->last_input_ms < busy_for_ms ? busy_ms : quiet_ms;

			got = SDL_PollEvent(&ev);
			if (!got)
				SDL_Delay((Uint32)(wait < step ? wait : step));
		}
		if (got) {
			handle(app, &ev);
			while (!app->quit && SDL_PollEvent(&ev)) {
				handle(app, &ev);
				if (app->rebuild)
					rebuild(app);
			}
		}
	}
}

static void kb_relayout(void *cls)
{
	mq_ui_app_relayout(cls);
}

int mq_ui_run(const struct mq_ui_options *opt)
{
	struct mq_ui_app *app;
	struct mq_ui_keyboard_sink sink;
	char err[256];
	int rc = 2, type;
	Uint32 init = opt->headless ? SDL_INIT_EVENTS | SDL_INIT_TIMER
				    : SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER;

	if (!opt->cfg) {
		mq_log_error("ui", "no configuration");
		return 2;
	}
	app = calloc(1, sizeof(*app));
	if (!app)
		return 2;
	app->cfg = opt->cfg;
	app->store = opt->store;
	app->sync = opt->sync;
	app->headless = opt->headless;
	app->first_frame_ms = -1;
	app->w = opt->width > 0 ? opt->width : opt->cfg->width;
	app->h = opt->height > 0 ? opt->height : opt->cfg->height;
	if (app->w < 64 || app->h < 64) {
		app->w = 1280;
		app->h = 800;
	}
	app->elder = opt->cfg->elder_mode;
	mq_i18n_set_lang(mq_i18n_parse(opt->cfg->lang));
	mq_ui_theme_init(&app->theme, opt->cfg->dpi, app->elder);
	mq_ui_app_clear_session(app);

	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	if (SDL_Init(init) != 0) {
		mq_log_error("ui", "cannot start SDL: %s%s", SDL_GetError(),
			     opt->headless ? "" : " (no display? try --headless)");
		free(app);
		return 2;
	}
	if (TTF_Init() != 0) {
		mq_log_error("ui", "cannot start SDL_ttf: %s", TTF_GetError());
		goto out_sdl;
	}
	(void)IMG_Init(IMG_INIT_PNG);
	app->display = mq_ui_display_create(opt->headless, app->w, app->h, opt->cfg->rotation,
					    err, sizeof(err));
	if (!app->display) {
		mq_log_error("ui", "%s", err);
		goto out_ttf;
	}
	app->text = mq_ui_text_create(mq_ui_display_renderer(app->display), opt->cfg->font);
	app->corners = mq_ui_corners_create(mq_ui_display_renderer(app->display));
	app->tree = mq_ui_tree_create();
	sink = (struct mq_ui_keyboard_sink){ sink_text, sink_backspace, app };
	app->kb = mq_ui_keyboard_create(&sink);
	if (!app->text || !app->corners || !app->tree || !app->kb)
		goto out_ui;
	mq_ui_keyboard_set_relayout(app->kb, kb_relayout, app);
	{
		struct mq_ui_ime ime;

		app->pinyin = mq_ui_ime_pinyin_create(NULL, &ime);
		if (app->pinyin)
			mq_ui_keyboard_set_ime(app->kb, &ime);
		app->hw = mq_ui_handwriting_create(NULL, &ime);
		if (app->hw)
			mq_ui_keyboard_set_handwriting(app->kb, &ime);
	}
	mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	if (!opt->headless)
		SDL_StartTextInput();

	type = (int)SDL_RegisterEvents(2);
	SDL_AtomicSet(&sync_event_type, type == (int)(Uint32)-1 ? 0 : type);
	/* the second: a PIN check finished on its thread (checkin.c) */
	app->verify_event = type == (int)(Uint32)-1 ? 0 : (uint32_t)type + 1;
	if (app->store)
		app->state = mq_state_load(app->store);
	if (!app->state)
		app->state = mq_state_from_json(NULL);
	if (!app->state)
		goto out_ui;
	if (app->sync && mq_sync_start(app->sync, sync_notify, NULL) != MQ_OK)
		mq_log_warn("ui", "background sync did not start; records stay queued");
	app->last_input_ms = mq_ui_app_now_ms(app);
	mq_log_info("ui", "%dx%d at %d dpi, rotation %d, %s%s", app->w, app->h, app->theme.dpi,
		    opt->cfg->rotation, opt->headless ? "headless" : "window",
		    app->elder ? ", elder mode" : "");
	mq_ui_app_go(app, MQ_SCREEN_HOME);

	if (opt->script_path)
		rc = mq_script_run(app, opt->script_path);
	else {
		loop(app);
		rc = 0;
	}

out_ui:
	SDL_AtomicSet(&sync_event_type, 0);
	mq_screen_checkin_finish(app);
	mq_ui_app_clear_session(app);
	mq_state_destroy(app->state);
	mq_ui_keyboard_destroy(app->kb);
	mq_ui_ime_pinyin_destroy(app->pinyin);
	mq_ui_handwriting_destroy(app->hw);
	mq_ui_tree_destroy(app->tree);
	mq_ui_corners_destroy(app->corners);
	mq_ui_text_destroy(app->text);
	mq_ui_display_destroy(app->display);
out_ttf:
	IMG_Quit();
	TTF_Quit();
out_sdl:
	SDL_Quit();
	free(app);
	return rc;
}
