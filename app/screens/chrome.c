/* chrome.c — the top bar every screen has (the shell's frame): the
 * studio's name on the left, 首页 / 朗读 / 长辈模式 / English on the right. */
#include <string.h>

#include "button.h"
#include "label.h"
#include "mq_screens.h"
#include "screens.h"

static void tap_home(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

static void tap_studio(struct mq_ui_widget *w, void *cls)
{
	mq_screen_service_gesture(cls);
}

static void tap_elder(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_set_elder(app, !app->elder);
}

/* 朗读: read-aloud on or off for this resident. */
static void tap_speech(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_set_speech(app, !mq_app_speech(app));
	mq_app_relayout(app);
}

static void tap_lang(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_i18n_set_lang(mq_i18n_lang() == MQ_LANG_ZH ? MQ_LANG_EN : MQ_LANG_ZH);
	mq_app_relayout(app);
}

/* A bar button as wide as its text needs, right-aligned at *right. */
static void bar_button(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
		       const char *text, int *right, mq_ui_tap_cb cb)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = t->topbar_h - 2 * t->gap_small;
	int y = t->gap_small;
	int w = mq_ui_text_width(app->text, t->font_body, true, text, strlen(text)) + 2 * t->gap;

	if (w < t->touch_min * 2)
		w = t->touch_min * 2;
	if (h < t->touch_min) {
		y -= (t->touch_min - h) / 2;
		h = t->touch_min;
	}
	*right -= w;
	(void)mq_ui_button_create(tree, t, id, text,
				  (SDL_Rect){ *right, y, w, h }, MQ_UI_BUTTON_BAR,
				  t->font_body, cb, app);
	*right -= t->gap_small;
}

/* The studio's name from the server state, else 委员工作室 (translated). */
static const char *studio_name(const struct mq_app *app)
{
	const char *name = app->state->studio.name;

	return name && *name ? mq_tr(name) : mq_tr("委员工作室");
}

SDL_Rect mq_screens_frame(struct mq_app *app, struct mq_ui_tree *tree)
{
	const struct mq_ui_theme *t = &app->theme;
	struct mq_ui_widget *bar, *rule, *name;
	int right = app->w - t->pad;
	int rule_h = t->border * 2, name_w, name_px;

	bar = mq_ui_widget_create(tree, "ui.topbar", MQ_UI_ROLE_DECOR,
				  (SDL_Rect){ 0, 0, app->w, t->topbar_h });
	if (bar)
		mq_ui_widget_set_colors(bar, t->topbar_fg, t->topbar_bg, true);
	rule = mq_ui_widget_create(tree, "ui.topbar.rule", MQ_UI_ROLE_DECOR,
				   (SDL_Rect){ 0, t->topbar_h, app->w, rule_h });
	if (rule)
		mq_ui_widget_set_colors(rule, t->accent, t->accent, true);

	bar_button(app, tree, "ui.lang", mq_i18n_lang() == MQ_LANG_ZH ? "English" : "中文",
		   &right, tap_lang);
	bar_button(app, tree, "ui.elder_mode", app->elder ? mq_tr("标准字号") : mq_tr("长辈模式"),
		   &right, tap_elder);
	bar_button(app, tree, "ui.speech", mq_app_speech(app) ? mq_tr("关闭朗读") : mq_tr("朗读"),
		   &right, tap_speech);
	bar_button(app, tree, "ui.home", mq_tr("首页"), &right, tap_home);

	/* a long name steps down to the body size rather than run under the buttons */
	name_w = right - t->pad - t->gap;
	name_px = mq_ui_text_width(app->text, t->font_title, true, studio_name(app),
				   strlen(studio_name(app))) <= name_w ? t->font_title : t->font_body;
	name = mq_ui_label_create(tree, t, "ui.studio", studio_name(app),
				  (SDL_Rect){ t->pad, 0, name_w, t->topbar_h },
				  name_px, true, t->topbar_fg, t->topbar_bg);
	if (name) {
		mq_ui_widget_set_align(name, MQ_UI_ALIGN_LEFT, false);
		/* The technician's hidden way in: five taps on the name. */
		mq_ui_widget_set_on_tap(name, tap_studio, app);
	}
	return (SDL_Rect){ t->pad, t->topbar_h + rule_h + t->gap, app->w - 2 * t->pad,
			   app->h - t->topbar_h - rule_h - t->gap - t->pad };
}
