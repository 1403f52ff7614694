/* monkey.c — the monkey test (`monkey N SEED` script command): N random
 * events injected in-process through the same SDL event path a finger
 * takes — taps on widgets and anywhere, double taps, presses that slide
 * off, finger strokes, scanner bursts, clock jumps (idle warning and wipe)
 * — with frames drawn only every so often so 100,000 events fit in CI
 * under ASan. Afterwards the UI must still find its way home. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "mq_log.h"
#include "widget_private.h"

#define DRAW_EVERY 2500

static uint64_t next_rand(uint64_t *s)
{
	/* xorshift64*: deterministic per seed, good enough to wander a UI */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static int below(uint64_t *s, int n)
{
	return n > 0 ? (int)(next_rand(s) % (uint64_t)n) : 0;
}

/* A random visible widget that takes taps or drags, or NULL. */
static struct mq_ui_widget *pick(struct mq_ui_app *app, uint64_t *s)
{
	size_t n = mq_ui_tree_count(app->tree), count = 0, want;

	for (size_t i = 0; i < n; i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

		count += w->visible && (w->on_tap || w->on_drag);
	}
	if (count == 0)
		return NULL;
	want = (size_t)below(s, (int)count);
	for (size_t i = 0; i < n; i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

		if (w->visible && (w->on_tap || w->on_drag) && want-- == 0)
			return w;
	}
	return NULL;
}

static void push_button(struct mq_ui_app *app, Uint32 type, int x, int y)
{
	SDL_Event ev;
	int wx, wy;

	mq_ui_display_to_window(app->display, x, y, &wx, &wy);
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	ev.button.x = wx;
	ev.button.y = wy;
	(void)SDL_PushEvent(&ev);
}

static void drain(struct mq_ui_app *app)
{
	while (mq_ui_app_pump(app, 0) &&
	       SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
		;
}

static const char *const bursts[] = {
	"12345678\n", "https://minqing.example.gov.cn/t/AAAAAAAAAAAAAAAAAAAAAA\n",
	"路灯坏了", "\n", "abc", "99999999999999999999\n", "/t/\n", "MQHB0001\n", "，。！",
};

bool mq_ui_monkey_run(struct mq_ui_app *app, long events, unsigned long seed, char *err,
		      size_t err_size)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
	struct mq_ui_widget *w;

	app->no_draw = true;
	for (long i = 0; i < events && !app->quit; i++) {
		int r = below(&s, 100);
		SDL_Rect rc;

		if (r < 50 && (w = pick(app, &s))) {
			rc = w->rect;
			mq_ui_app_tap(app, rc.x + below(&s, rc.w > 0 ? rc.w : 1),
				      rc.y + below(&s, rc.h > 0 ? rc.h : 1));
		} else if (r < 70) {
			mq_ui_app_tap(app, below(&s, app->w), below(&s, app->h));
		} else if (r < 75 && (w = pick(app, &s))) {
			/* double tap: two taps before anything else happens */
			rc = w->rect;
			mq_ui_app_tap(app, rc.x + rc.w / 2, rc.y + rc.h / 2);
			mq_ui_app_tap(app, rc.x + rc.w / 2, rc.y + rc.h / 2);
		} else if (r < 82) {
			SDL_Point pts[8];
			int n = 2 + below(&s, 7), x0 = below(&s, app->w), y0 = below(&s, app->h);

			for (int k = 0; k < n; k++)
				pts[k] = (SDL_Point){ x0 + below(&s, 200) - 100, y0 + below(&s, 200) - 100 };
			for (int k = 0; k < n; k++) {
				pts[k].x = pts[k].x < 0 ? 0 : pts[k].x >= app->w ? app->w - 1 : pts[k].x;
				pts[k].y = pts[k].y < 0 ? 0 : pts[k].y >= app->h ? app->h - 1 : pts[k].y;
			}
			mq_ui_app_stroke(app, pts, (size_t)n);
		} else if (r < 86 && (w = pick(app, &s))) {
			/* press, then slide off and lift elsewhere: must not tap */
			push_button(app, SDL_MOUSEBUTTONDOWN, w->rect.x + 1, w->rect.y + 1);
			push_button(app, SDL_MOUSEBUTTONUP, below(&s, app->w), below(&s, app->h));
			drain(app);
		} else if (r < 92) {
			mq_ui_app_hid(app, bursts[below(&s, (int)(sizeof(bursts) / sizeof(bursts[0])))]);
		} else if (r < 95) {
			mq_ui_app_advance_clock(app, below(&s, 130));
			drain(app);
		} else {
			static const char *const chrome[] = { "ui.home", "ui.elder_mode", "ui.lang" };

			w = mq_ui_tree_find(app->tree, chrome[below(&s, 3)]);
			if (w && w->visible)
				mq_ui_app_tap(app, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
		}
		if (i % DRAW_EVERY == DRAW_EVERY - 1) {
			app->no_draw = false;
			mq_ui_app_redraw(app);
			app->no_draw = true;
		}
	}
	app->no_draw = false;
	/* Not stuck: whatever is up, the resident can get home. */
	w = mq_ui_tree_find(app->tree, "ui.idle.continue");
	if (w && w->visible)
		mq_ui_app_tap(app, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
	w = mq_ui_tree_find(app->tree, "ui.home");
	if (!w || !w->visible) {
		snprintf(err, err_size, "after the monkey there is no ui.home on screen %s",
			 mq_ui_app_screen_name(app));
		return false;
	}
	mq_ui_app_tap(app, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
	if (app->screen != MQ_SCREEN_HOME || !mq_ui_tree_find(app->tree, "home.file_opinion")) {
		snprintf(err, err_size, "ui.home did not lead home (screen %s)",
			 mq_ui_app_screen_name(app));
		return false;
	}
	mq_ui_app_redraw(app);
	mq_log_info("monkey", "%ld events (seed %lu): no crash, home reachable", events, seed);
	return true;
}
