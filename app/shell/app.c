/* app.c — what the running app does between events (mq_app.h): the UI
 * clock, the screens' data and navigation between them, rebuild and draw
 * requests, the focused field and typing into it, and wiping the
 * resident's session. Start-up and shut-down are in start.c. */
#include <SDL.h>
#include <string.h>

#include "i18n.h"
#include "mq_log.h"
#include "mq_time.h"
#include "shell.h"
#include "textinput.h"

int64_t mq_app_now_ms(const struct mq_app *app)
{
	return mq_time_mono_ms() + mq_shell_of_const(app)->clock_offset_ms;
}

int64_t mq_app_wall(const struct mq_app *app)
{
	return mq_time_now() + mq_shell_of_const(app)->clock_offset_ms / 1000;
}

void mq_app_advance_clock(struct mq_app *app, int64_t seconds)
{
	mq_shell_of(app)->clock_offset_ms += seconds * 1000;
}

void mq_app_go(struct mq_app *app, const struct mq_screen_impl *screen)
{
	struct mq_shell *sh = mq_shell_of(app);

	sh->screen = screen;
	sh->rebuild = true;
	sh->dirty = true;
}

void mq_app_go_home(struct mq_app *app)
{
	mq_app_clear_session(app);
	mq_app_go(app, mq_shell_of(app)->home);
}

void mq_app_enrolled(struct mq_app *app, struct mq_sync *sync)
{
	struct mq_shell *sh = mq_shell_of(app);

	sh->enrolled = true;
	sh->home = sh->screens[0];
	if (!sync || app->sync) {
		if (sync)
			mq_sync_destroy(sync);      /* one client is enough */
		return;
	}
	app->sync = sync;
	if (mq_sync_start(sync, mq_shell_sync_notify, NULL) != MQ_OK)
		mq_log_warn("ui", "background sync did not start; records stay queued");
}

bool mq_app_is_enrolled(const struct mq_app *app)
{
	return mq_shell_of_const(app)->enrolled;
}

bool mq_app_blanked(const struct mq_app *app)
{
	return mq_shell_of_const(app)->blanked;
}

const struct mq_screen_impl *mq_app_screen(const struct mq_app *app)
{
	return mq_shell_of_const(app)->screen;
}

bool mq_app_at_home(const struct mq_app *app)
{
	const struct mq_shell *sh = mq_shell_of_const(app);

	return sh->screen == sh->home;
}

const char *mq_app_screen_name(const struct mq_app *app)
{
	return mq_shell_of_const(app)->screen->name;
}

void *mq_app_data(const struct mq_app *app, const struct mq_screen_impl *screen)
{
	const struct mq_shell *sh = mq_shell_of_const(app);

	for (size_t i = 0; i < sh->n_screens; i++)
		if (sh->screens[i] == screen)
			return sh->data[i];
	return NULL;
}

void mq_app_relayout(struct mq_app *app)
{
	struct mq_shell *sh = mq_shell_of(app);

	sh->rebuild = true;
	sh->dirty = true;
}

void mq_app_relayout_at(struct mq_app *app, int64_t at_ms)
{
	mq_shell_of(app)->relayout_at_ms = at_ms;
}

void mq_app_invalidate(struct mq_app *app)
{
	mq_shell_of(app)->dirty = true;
}

void mq_app_set_focus(struct mq_app *app, struct mq_ui_widget *w)
{
	struct mq_shell *sh = mq_shell_of(app);

	if (sh->focus && mq_ui_input_is(sh->focus))
		mq_ui_input_set_focused(sh->focus, false);
	sh->focus = mq_ui_input_is(w) ? w : NULL;
	if (sh->focus)
		mq_ui_input_set_focused(sh->focus, true);
	sh->dirty = true;
}

void mq_app_set_elder(struct mq_app *app, bool elder)
{
	app->elder = elder;
	mq_ui_theme_init(&app->theme, app->cfg->dpi, app->elder);
	mq_app_relayout(app);
}

void mq_app_clear_session(struct mq_app *app)
{
	struct mq_shell *sh = mq_shell_of(app);

	/* The screens' sessions may hold a resident's words: each screen wipes
	 * its own; the input methods hold some too (composition, strokes,
	 * candidates). */
	for (size_t i = 0; i < sh->n_screens; i++)
		if (sh->screens[i]->clear)
			sh->screens[i]->clear(app, sh->data[i]);
	sh->session_gen++;           /* a PIN check still running belongs to nobody now */
	sh->relayout_at_ms = 0;
	if (app->kb)
		mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	if (app->tree)
		for (size_t i = 0; i < mq_ui_tree_count(app->tree); i++) {
			struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

			if (mq_ui_input_is(w))
				(void)mq_ui_widget_set_text(w, "");
		}
	sh->focus = NULL;
}

unsigned mq_app_session_gen(const struct mq_app *app)
{
	return mq_shell_of_const(app)->session_gen;
}

bool mq_app_wake_event(const struct mq_app *app, const struct mq_screen_impl *screen,
		       SDL_Event *ev)
{
	const struct mq_shell *sh = mq_shell_of_const(app);

	if (!sh->wake_event)
		return false;
	for (size_t i = 0; i < sh->n_screens; i++)
		if (sh->screens[i] == screen) {
			memset(ev, 0, sizeof(*ev));
			ev->type = sh->wake_event;
			ev->user.code = (Sint32)i;
			return true;
		}
	return false;
}

bool mq_app_post(struct mq_app *app, struct mq_app_call *call)
{
	const struct mq_shell *sh = mq_shell_of_const(app);
	SDL_Event ev;

	if (!sh->post_event)
		return false;
	memset(&ev, 0, sizeof(ev));
	ev.type = sh->post_event;
	ev.user.data1 = call;
	return SDL_PushEvent(&ev) == 1;
}

void mq_shell_touched(struct mq_shell *sh)
{
	int64_t now = mq_app_now_ms(&sh->app);
	int idle_s = sh->app.cfg->idle_seconds > 0 ? sh->app.cfg->idle_seconds : 90;

	if (now - sh->last_input_ms >= (int64_t)idle_s * 1000)
		sh->visit_gen++;     /* nobody touched it for the idle time: someone new */
	sh->last_input_ms = now;
}

unsigned mq_app_visit_gen(const struct mq_app *app)
{
	return mq_shell_of_const(app)->visit_gen;
}

void mq_shell_type(struct mq_shell *sh, const char *s)
{
	if (!sh->focus)
		return;
	if (!mq_ui_input_insert(sh->focus, s))
		mq_log_info("ui", "text field %s is full", mq_ui_widget_id(sh->focus));
	sh->dirty = true;
}

void mq_shell_backspace(struct mq_shell *sh)
{
	if (sh->focus && mq_ui_input_backspace(sh->focus))
		sh->dirty = true;
}
