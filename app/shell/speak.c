/* speak.c — read-aloud (朗读) in the running app: whether it is on for the
 * resident at the screen (their choice on ui.speech, else the config's
 * `speech`, else elder mode), and the few places the shell speaks, kept
 * generic so no screen calls the speech engine itself:
 *   - a page appears: the widgets its screen marked (mq_ui_widget_set_announce:
 *     the title and the instruction), said when they differ from the last
 *     page's, so a sync round or a new minute says nothing again;
 *   - a finger lands on a button or key (a pinyin candidate is one): its
 *     spoken text, before the finger lifts, so sliding off cancels a press
 *     the resident did not mean;
 *   - what a screen or the idle warning asks for through mq_app_say.
 * The engine starts on the first utterance (app/speech). */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mq_log.h"
#include "mq_speech.h"
#include "shell.h"

bool mq_app_speech(const struct mq_app *app)
{
	const struct mq_shell *sh = mq_shell_of_const(app);

	if (sh->speech_choice >= 0)
		return sh->speech_choice > 0;
	if (app->cfg->speech >= 0)
		return app->cfg->speech > 0;
	return app->elder;
}

static const char *lang(void)
{
	return mq_i18n_lang() == MQ_LANG_EN ? "en" : "zh";
}

/* The speech player, started on first use; NULL when out of memory. */
static struct mq_speech *speech(struct mq_shell *sh)
{
	if (!sh->speech) {
		/* headless is for tests and screenshots: no sound card unless a
		 * test asks for one (SDL_AUDIODRIVER=disk) */
		if (sh->headless && !getenv("SDL_AUDIODRIVER"))
			SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
		sh->speech = mq_speech_create(mq_synth_default(), sh->app.cfg->speech_volume);
		if (!sh->speech)
			mq_log_error("speech", "out of memory: read-aloud is off");
	}
	return sh->speech;
}

void mq_app_say(struct mq_app *app, const char *text)
{
	if (mq_app_speech(app) && text && *text)
		mq_speech_say(speech(mq_shell_of(app)), lang(), text);
}

void mq_app_set_speech(struct mq_app *app, bool on)
{
	struct mq_shell *sh = mq_shell_of(app);
	char buf[sizeof(sh->announced) + 64];

	sh->speech_choice = on;
	mq_log_info("speech", "read-aloud %s", on ? "on" : "off");
	if (!on) {
		mq_speech_stop(sh->speech);
		return;
	}
	/* say that it is on, then the page the resident is looking at */
	snprintf(buf, sizeof(buf), "%s%s", mq_tr("朗读已打开。"), sh->announced);
	mq_app_say(app, buf);
}

size_t mq_app_spoken(const struct mq_app *app, const char **out, size_t max)
{
	return mq_speech_history(mq_shell_of_const(app)->speech, out, max);
}

bool mq_app_speech_quiet(const struct mq_app *app)
{
	return mq_speech_quiet(mq_shell_of_const(app)->speech);
}

/* True when @p s ends in a sentence mark (no "。" to add before the next part). */
static bool ends_sentence(const char *s)
{
	static const char *const marks[] = { "。", "！", "？", "：", ".", "!", "?", ":" };
	size_t n = strlen(s);

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t m = strlen(marks[i]);

		if (n >= m && memcmp(s + n - m, marks[i], m) == 0)
			return true;
	}
	return n == 0;
}

void mq_shell_speak_page(struct mq_shell *sh)
{
	struct mq_app *app = &sh->app;
	char page[sizeof(sh->announced)] = "";
	size_t used = 0;

	for (size_t i = 0; i < mq_ui_tree_count(app->tree); i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);
		const char *s;
		int n;

		if (!mq_ui_widget_announce(w) || !mq_ui_widget_visible(w))
			continue;
		s = mq_ui_widget_spoken(w);
		if (!*s)
			continue;
		n = snprintf(page + used, sizeof(page) - used, "%s%s",
			     ends_sentence(page) ? "" : mq_i18n_lang() == MQ_LANG_EN ? ". " : "。", s);
		if (n < 0 || used + (size_t)n >= sizeof(page))
			break;
		used += (size_t)n;
	}
	if (strcmp(page, sh->announced) == 0)
		return;
	memcpy(sh->announced, page, sizeof(page));
	mq_app_say(app, page);
}

void mq_shell_speak_press(struct mq_shell *sh, struct mq_ui_widget *w)
{
	enum mq_ui_role role = mq_ui_widget_role(w);

	if (role == MQ_UI_ROLE_BUTTON || role == MQ_UI_ROLE_KEY)
		mq_app_say(&sh->app, mq_ui_widget_spoken(w));
}

void mq_shell_speech_reset(struct mq_shell *sh)
{
	sh->speech_choice = -1;
	sh->announced[0] = '\0';
	mq_speech_stop(sh->speech);
	mq_speech_forget(sh->speech);
}

void mq_shell_speech_finish(struct mq_shell *sh)
{
	mq_speech_destroy(sh->speech);
	sh->speech = NULL;
}
