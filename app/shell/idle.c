/* idle.c — when a resident walks away: after idle_seconds without a touch
 * the screen asks "还需要更多时间吗?" with a 20-second countdown and one big
 * button to continue; then everything they typed is wiped (session, input
 * fields, input methods) and home returns with the configured language and
 * text size. On the home screen with nothing typed there is nothing to
 * protect: a changed language or text size is quietly reset. */
#include <stdio.h>

#include "button.h"
#include "i18n.h"
#include "label.h"
#include "mq_log.h"
#include "shell.h"

static void tap_continue(struct mq_ui_widget *w, void *cls)
{
	struct mq_shell *sh = cls;

	sh->idle_warning = false;
	mq_shell_touched(sh);
	mq_app_relayout(&sh->app);
}

/* The dim layer swallows taps so nothing behind the dialog reacts. */
static void tap_nothing(struct mq_ui_widget *w, void *cls)
{
}

static int seconds_left(const struct mq_shell *sh)
{
	int64_t left = sh->idle_deadline_ms - mq_app_now_ms(&sh->app);

	return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

void mq_shell_idle_build(struct mq_shell *sh, struct mq_ui_tree *tree)
{
	const struct mq_app *app = &sh->app;
	const struct mq_ui_theme *t = &app->theme;
	int w = app->w * 2 / 3, h, y, title_h, line_h = mq_ui_theme_line_h(t, t->font_body);
	char buf[160];
	struct mq_ui_widget *x;
	SDL_Rect box;

	if (w < t->touch_min * 8)
		w = app->w - 2 * t->pad;
	title_h = mq_ui_label_measure(app->text, t, mq_tr("还需要更多时间吗？"), t->font_huge, true,
				      w - 2 * t->pad);
	h = t->pad + title_h + t->gap + 2 * line_h + t->gap + t->big_button_h + t->pad;
	box = (SDL_Rect){ (app->w - w) / 2, (app->h - h) / 2, w, h };

	x = mq_ui_widget_create(tree, "ui.idle.dim", MQ_UI_ROLE_DECOR,
				(SDL_Rect){ 0, 0, app->w, app->h });
	if (x) {
		mq_ui_widget_set_colors(x, t->text, t->overlay_bg, true);
		mq_ui_widget_set_on_tap(x, tap_nothing, sh);
	}
	x = mq_ui_widget_create(tree, "ui.idle.box", MQ_UI_ROLE_DECOR, box);
	if (x) {
		mq_ui_widget_set_colors(x, t->text, t->surface, true);
		mq_ui_widget_set_frame(x, t->border * 2, t->accent, t->radius);
	}
	y = box.y + t->pad;
	x = mq_ui_label_create(tree, t, "ui.idle.title", mq_tr("还需要更多时间吗？"),
			       (SDL_Rect){ box.x + t->pad, y, w - 2 * t->pad, title_h },
			       t->font_huge, true, t->text, t->surface);
	if (x)
		mq_ui_widget_set_align(x, MQ_UI_ALIGN_CENTER, true);
	y += title_h + t->gap;
	snprintf(buf, sizeof(buf), "%d %s", seconds_left(sh),
		 mq_tr("秒后将清除您填写的内容并回到首页"));
	x = mq_ui_label_create(tree, t, "ui.idle.countdown", buf,
			       (SDL_Rect){ box.x + t->pad, y, w - 2 * t->pad, 2 * line_h },
			       t->font_body, false, t->text, t->surface);
	if (x)
		mq_ui_widget_set_align(x, MQ_UI_ALIGN_CENTER, true);
	y += 2 * line_h + t->gap;
	(void)mq_ui_button_create(tree, t, "ui.idle.continue", mq_tr("继续使用"),
				  (SDL_Rect){ box.x + t->pad, y, w - 2 * t->pad, t->big_button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_huge, tap_continue, sh);
	sh->shown_countdown = seconds_left(sh);
}

/* Read-aloud: the question, the countdown and what to tap. */
static void say_warning(struct mq_shell *sh)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s %d %s", mq_tr("还需要更多时间吗？"), MQ_APP_IDLE_WARNING_S,
		 mq_tr("秒后将清除您填写的内容并回到首页。要继续，请点“继续使用”。"));
	mq_app_say(&sh->app, buf);
}

/* Off home a resident may have left something behind; home holds nothing. */
static bool has_session(const struct mq_shell *sh)
{
	return !mq_app_at_home(&sh->app);
}

static void reset_for_next(struct mq_shell *sh)
{
	struct mq_app *app = &sh->app;

	sh->idle_warning = false;
	sh->visit_gen++;             /* the idle wipe ends the resident's visit */
	mq_shell_speech_reset(sh);
	mq_app_clear_session(app);
	mq_app_set_elder(app, app->cfg->elder_mode);
	mq_i18n_set_lang(mq_i18n_parse(app->cfg->lang));
	mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	mq_app_go(app, sh->home);
}

int64_t mq_shell_idle_run(struct mq_shell *sh, int64_t now)
{
	const struct mq_app *app = &sh->app;
	int64_t idle_ms = (int64_t)(app->cfg->idle_seconds > 0 ? app->cfg->idle_seconds : 90) * 1000;
	bool changed = app->elder != app->cfg->elder_mode ||
		       mq_i18n_lang() != mq_i18n_parse(app->cfg->lang);
	int64_t next = now + 3600 * 1000;

	if (sh->idle_warning) {
		if (now >= sh->idle_deadline_ms) {
			mq_log_info("ui", "nobody answered: wiping the form, back to the home screen");
			reset_for_next(sh);
			return next;
		}
		if (seconds_left(sh) != sh->shown_countdown)
			mq_app_relayout(&sh->app);
		/* wake at the next whole second of the countdown */
		next = now + (sh->idle_deadline_ms - now) % 1000;
		return next > now ? next : now + 1000;
	}
	if (!has_session(sh) && !changed)
		return next;
	if (now - sh->last_input_ms >= idle_ms) {
		if (!has_session(sh)) {
			reset_for_next(sh);
			return next;
		}
		mq_log_info("ui", "idle for %d s: asking whether the resident needs more time",
			    (int)(idle_ms / 1000));
		sh->idle_warning = true;
		sh->idle_deadline_ms = now + MQ_APP_IDLE_WARNING_S * 1000;
		sh->pressed = NULL;
		say_warning(sh);
		mq_app_relayout(&sh->app);
		return now + 1000;
	}
	return sh->last_input_ms + idle_ms;
}
