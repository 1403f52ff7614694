/* start.c — starting the running app and shutting it down (mq_app.h):
 * SDL (a window or headless), the display, text cache, widget tree,
 * keyboard and input methods, the screens' data, the state from the store
 * and the sync thread's notifications; torn down in reverse. */
#include <SDL.h>
#include <stdlib.h>

#include "display.h"
#include "i18n.h"
#include "ime_pinyin.h"
#include "mq_log.h"
#include "shell.h"

/* The keyboard types into the focused field. */
static void sink_text(void *cls, const char *s)
{
	mq_shell_type(cls, s);
}

static void sink_backspace(void *cls)
{
	mq_shell_backspace(cls);
}

static void kb_relayout(void *cls)
{
	mq_app_relayout(cls);
}

/* The registered screens and their data, zeroed. */
static bool add_screens(struct mq_shell *sh, const struct mq_app_options *opt)
{
	if (opt->n_screens == 0 || !opt->screens) {
		mq_log_error("ui", "no screens");
		return false;
	}
	sh->screens = opt->screens;
	sh->n_screens = opt->n_screens;
	sh->frame = opt->frame;
	sh->observe = opt->observe;
	sh->observe_cls = opt->observe_cls;
	sh->data = calloc(opt->n_screens, sizeof(*sh->data));
	if (!sh->data)
		return false;
	for (size_t i = 0; i < opt->n_screens; i++)
		if (opt->screens[i]->data_size &&
		    !(sh->data[i] = calloc(1, opt->screens[i]->data_size)))
			return false;
	sh->home = opt->screens[0];
	for (size_t i = 0; opt->unenrolled_home && i < opt->n_screens; i++)
		if (opt->screens[i] == opt->unenrolled_home)
			sh->home = opt->unenrolled_home;
	sh->enrolled = sh->home == opt->screens[0];
	sh->screen = sh->built_screen = sh->home;
	sh->screens_ready = true;
	return true;
}

/* SDL and the display. */
static bool start_sdl(struct mq_shell *sh, const struct mq_config *cfg)
{
	Uint32 init = sh->headless ? SDL_INIT_EVENTS | SDL_INIT_TIMER
				   : SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER;
	char err[256];

	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	if (SDL_Init(init) != 0) {
		mq_log_error("ui", "cannot start SDL: %s%s", SDL_GetError(),
			     sh->headless ? "" : " (no display? try --headless)");
		return false;
	}
	sh->sdl_up = true;
	sh->display = mq_ui_display_create(sh->headless, sh->app.w, sh->app.h, cfg->rotation, err,
					   sizeof(err));
	if (!sh->display) {
		mq_log_error("ui", "%s", err);
		return false;
	}
	return true;
}

/* Text cache, corners, the tree and the keyboard with its input methods. */
static bool start_widgets(struct mq_shell *sh, const struct mq_config *cfg)
{
	struct mq_app *app = &sh->app;
	struct mq_ui_keyboard_sink sink = { sink_text, sink_backspace, sh };
	struct mq_ui_ime ime;

	app->text = mq_ui_text_create(mq_ui_display_renderer(sh->display), cfg->font);
	sh->corners = mq_ui_corners_create(mq_ui_display_renderer(sh->display));
	app->tree = mq_ui_tree_create();
	app->kb = mq_ui_keyboard_create(&sink);
	if (!app->text || !sh->corners || !app->tree || !app->kb)
		return false;
	mq_ui_tree_set_bounds(app->tree, (SDL_Rect){ 0, 0, app->w, app->h });
	mq_ui_keyboard_set_relayout(app->kb, kb_relayout, app);
	app->pinyin = mq_ui_ime_pinyin_create(NULL, &ime);
	if (app->pinyin)
		mq_ui_keyboard_set_ime(app->kb, &ime);
	sh->hw = mq_ui_handwriting_create(NULL, &ime);
	if (sh->hw)
		mq_ui_keyboard_set_handwriting(app->kb, &ime);
	mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	if (!sh->headless)
		SDL_StartTextInput();
	return true;
}

/* The state the store holds, else the empty one (never synced). */
static bool load_state(struct mq_shell *sh)
{
	if (sh->app.store)
		sh->state = mq_state_load(sh->app.store);
	if (!sh->state)
		sh->state = mq_state_from_json(NULL);
	sh->app.state = sh->state;
	return sh->state != NULL;
}

struct mq_app *mq_app_create(const struct mq_app_options *opt)
{
	struct mq_shell *sh;
	struct mq_app *app;

	if (!opt->cfg) {
		mq_log_error("ui", "no configuration");
		mq_sync_destroy(opt->sync);
		return NULL;
	}
	sh = calloc(1, sizeof(*sh));
	if (!sh) {
		mq_sync_destroy(opt->sync);
		return NULL;
	}
	app = &sh->app;
	app->cfg = opt->cfg;
	app->store = opt->store;
	app->sync = opt->sync;
	sh->headless = opt->headless;
	sh->first_frame_ms = -1;
	sh->speech_choice = -1;
	app->w = opt->width > 0 ? opt->width : opt->cfg->width;
	app->h = opt->height > 0 ? opt->height : opt->cfg->height;
	if (app->w < 64 || app->h < 64) {
		app->w = 1280;
		app->h = 800;
	}
	app->elder = opt->cfg->elder_mode;
	mq_i18n_set_lang(mq_i18n_parse(opt->cfg->lang));
	mq_ui_theme_init(&app->theme, opt->cfg->dpi, app->elder);
	if (!add_screens(sh, opt)) {
		mq_app_destroy(app);
		return NULL;
	}
	mq_app_clear_session(app);
	if (!start_sdl(sh, opt->cfg) || !start_widgets(sh, opt->cfg)) {
		mq_app_destroy(app);
		return NULL;
	}
	mq_shell_start_events(sh);
	if (!load_state(sh)) {
		mq_app_destroy(app);
		return NULL;
	}
	if (app->sync && mq_sync_start(app->sync, mq_shell_sync_notify, NULL) != MQ_OK)
		mq_log_warn("ui", "background sync did not start; records stay queued");
	sh->last_input_ms = mq_app_now_ms(app);
	mq_log_info("ui", "%dx%d at %d dpi, rotation %d, %s%s%s", app->w, app->h, app->theme.dpi,
		    opt->cfg->rotation, opt->headless ? "headless" : "window",
		    app->elder ? ", elder mode" : "", sh->enrolled ? "" : ", not enrolled");
	mq_app_go(app, sh->home);
	return app;
}

void mq_app_destroy(struct mq_app *app)
{
	struct mq_shell *sh = mq_shell_of(app);

	if (!app)
		return;
	mq_shell_stop_events(sh);
	mq_sync_destroy(app->sync);      /* joins its thread: no more notifications */
	app->sync = NULL;
	mq_shell_unblank(sh, "the kiosk stops");
	/* the screens' ops only once every screen has its data */
	for (size_t i = 0; sh->screens_ready && i < sh->n_screens; i++)
		if (sh->screens[i]->finish)
			sh->screens[i]->finish(app);
	if (sh->screens_ready)
		mq_app_clear_session(app);
	mq_shell_speech_finish(sh);
	mq_state_destroy(sh->state);
	mq_ui_keyboard_destroy(app->kb);
	mq_ui_ime_pinyin_destroy(app->pinyin);
	mq_ui_handwriting_destroy(sh->hw);
	mq_ui_tree_destroy(app->tree);
	mq_ui_corners_destroy(sh->corners);
	mq_ui_text_destroy(app->text);
	mq_ui_display_destroy(sh->display);
	if (sh->sdl_up)
		SDL_Quit();
	for (size_t i = 0; sh->data && i < sh->n_screens; i++)
		free(sh->data[i]);
	free(sh->data);
	free(sh);
}
