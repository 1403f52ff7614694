/* inject.c — driving the UI the way a finger and a USB scanner do: SDL
 * events at the window position of a logical point, pushed into the queue
 * and handled through the same path as real ones before returning (the
 * script driver and the monkey test use these). */
#include <SDL.h>
#include <string.h>

#include "display.h"
#include "shell.h"
#include "text.h"

/* Handle what was pushed, and what that caused, until the queue is empty. */
static void drain(struct mq_app *app)
{
	while (mq_app_pump(app, 0) &&
	       SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
		;
}

void mq_app_stroke(struct mq_app *app, const SDL_Point *pts, size_t n)
{
	struct mq_ui_display *d = mq_shell_of(app)->display;
	SDL_Event ev;
	int wx, wy;

	for (size_t i = 0; i < n; i++) {
		mq_ui_display_to_window(d, pts[i].x, pts[i].y, &wx, &wy);
		memset(&ev, 0, sizeof(ev));
		if (i == 0) {
			ev.type = SDL_MOUSEBUTTONDOWN;
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.state = SDL_PRESSED;
			ev.button.x = wx;
			ev.button.y = wy;
			ev.button.windowID = mq_ui_display_window_id(d);
		} else {
			ev.type = SDL_MOUSEMOTION;
			ev.motion.state = SDL_BUTTON_LMASK;
			ev.motion.x = wx;
			ev.motion.y = wy;
			ev.motion.windowID = mq_ui_display_window_id(d);
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
		ev.button.windowID = mq_ui_display_window_id(d);
		(void)SDL_PushEvent(&ev);
	}
	drain(app);
}

void mq_app_tap(struct mq_app *app, int x, int y)
{
	struct mq_ui_display *d = mq_shell_of(app)->display;
	SDL_Event ev;
	int wx, wy;

	mq_ui_display_to_window(d, x, y, &wx, &wy);
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_MOUSEBUTTONDOWN;
	ev.button.windowID = mq_ui_display_window_id(d);
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
	drain(app);
}

/* A left button event at logical (x, y), pushed but not handled. */
static void push_button(struct mq_app *app, Uint32 type, int x, int y)
{
	SDL_Event ev;
	int wx, wy;

	mq_ui_display_to_window(mq_shell_of(app)->display, x, y, &wx, &wy);
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	ev.button.x = wx;
	ev.button.y = wy;
	(void)SDL_PushEvent(&ev);
}

void mq_app_slide(struct mq_app *app, int x0, int y0, int x1, int y1)
{
	push_button(app, SDL_MOUSEBUTTONDOWN, x0, y0);
	push_button(app, SDL_MOUSEBUTTONUP, x1, y1);
	drain(app);
}

void mq_app_hid(struct mq_app *app, const char *text)
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
		ev.text.windowID = mq_ui_display_window_id(mq_shell_of(app)->display);
		memcpy(ev.text.text, text + i, n < sizeof(ev.text.text) ? n : 0);
		(void)SDL_PushEvent(&ev);
	}
	drain(app);
}
