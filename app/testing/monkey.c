/* monkey.c — the monkey test (`monkey N SEED` script command): N random
 * events injected in-process through the same SDL event path a finger
 * takes — taps on widgets and anywhere, double taps, presses that slide
 * off, finger strokes, scanner bursts, clock jumps (idle warning and wipe)
 * — with frames drawn only every so often so 100,000 events fit in CI
 * under ASan. Afterwards the UI must still find its way home. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "testing.h"

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
static struct mq_ui_widget *pick(struct mq_app *app, uint64_t *s)
{
	size_t n = mq_ui_tree_count(app->tree), count = 0, want;

	for (size_t i = 0; i < n; i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

		count += mq_ui_widget_visible(w) && mq_ui_widget_touchable(w);
	}
	if (count == 0)
		return NULL;
	want = (size_t)below(s, (int)count);
	for (size_t i = 0; i < n; i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

		if (mq_ui_widget_visible(w) && mq_ui_widget_touchable(w) && want-- == 0)
			return w;
	}
	return NULL;
}

static void drain(struct mq_app *app)
{
	while (mq_app_pump(app, 0) &&
	       SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
		;
}

static void tap_centre(struct mq_app *app, const struct mq_ui_widget *w)
{
	SDL_Rect r = mq_ui_widget_rect(w);

	mq_app_tap(app, r.x + r.w / 2, r.y + r.h / 2);
}

static const char *const bursts[] = {
	"12345678\n", "https://minqing.example.gov.cn/t/AAAAAAAAAAAAAAAAAAAAAA\n",
	"路灯坏了", "\n", "abc", "99999999999999999999\n", "/t/\n", "MQHB0001\n", "，。！",
};

bool mq_monkey_run(struct mq_app *app, long events, unsigned long seed, char *err,
		   size_t err_size)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
	struct mq_ui_widget *w;

	mq_app_set_drawing(app, false);
	for (long i = 0; i < events && !mq_app_quitting(app); i++) {
		int r = below(&s, 100);
		SDL_Rect rc;

		if (r < 50 && (w = pick(app, &s))) {
			rc = mq_ui_widget_rect(w);
			mq_app_tap(app, rc.x + below(&s, rc.w > 0 ? rc.w : 1),
				   rc.y + below(&s, rc.h > 0 ? rc.h : 1));
		} else if (r < 70) {
			mq_app_tap(app, below(&s, app->w), below(&s, app->h));
		} else if (r < 75 && (w = pick(app, &s))) {
			/* double tap: two taps before anything else happens */
			rc = mq_ui_widget_rect(w);
			mq_app_tap(app, rc.x + rc.w / 2, rc.y + rc.h / 2);
			mq_app_tap(app, rc.x + rc.w / 2, rc.y + rc.h / 2);
		} else if (r < 82) {
			SDL_Point pts[8];
			int n = 2 + below(&s, 7), x0 = below(&s, app->w), y0 = below(&s, app->h);

			for (int k = 0; k < n; k++)
				pts[k] = (SDL_Point){ x0 + below(&s, 200) - 100, y0 + below(&s, 200) - 100 };
			for (int k = 0; k < n; k++) {
				pts[k].x = pts[k].x < 0 ? 0 : pts[k].x >= app->w ? app->w - 1 : pts[k].x;
				pts[k].y = pts[k].y < 0 ? 0 : pts[k].y >= app->h ? app->h - 1 : pts[k].y;
			}
			mq_app_stroke(app, pts, (size_t)n);
		} else if (r < 86 && (w = pick(app, &s))) {
			/* press, then slide off and lift elsewhere: must not tap */
			rc = mq_ui_widget_rect(w);
			mq_app_slide(app, rc.x + 1, rc.y + 1, below(&s, app->w), below(&s, app->h));
		} else if (r < 92) {
			mq_app_hid(app, bursts[below(&s, (int)(sizeof(bursts) / sizeof(bursts[0])))]);
		} else if (r < 95) {
			mq_app_advance_clock(app, below(&s, 130));
			drain(app);
		} else {
			static const char *const chrome[] = { "ui.home", "ui.elder_mode", "ui.lang" };

			w = mq_ui_tree_find(app->tree, chrome[below(&s, 3)]);
			if (w && mq_ui_widget_visible(w))
				tap_centre(app, w);
		}
		if (i % DRAW_EVERY == DRAW_EVERY - 1)
			mq_app_redraw(app);
	}
	mq_app_set_drawing(app, true);
	/* Not stuck: whatever is up, the resident can get home. */
	w = mq_ui_tree_find(app->tree, "ui.idle.continue");
	if (w && mq_ui_widget_visible(w))
		tap_centre(app, w);
	w = mq_ui_tree_find(app->tree, "ui.home");
	if (!w || !mq_ui_widget_visible(w)) {
		snprintf(err, err_size, "after the monkey there is no ui.home on screen %s",
			 mq_app_screen_name(app));
		return false;
	}
	tap_centre(app, w);
	if (!mq_app_at_home(app) || !mq_ui_tree_find(app->tree, "home.file_opinion")) {
		snprintf(err, err_size, "ui.home did not lead home (screen %s)",
			 mq_app_screen_name(app));
		return false;
	}
	mq_app_redraw(app);
	mq_log_info("monkey", "%ld events (seed %lu): no crash, home reachable", events, seed);
	return true;
}
