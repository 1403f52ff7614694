/* home.c — the home screen: which studio this is, the date and time, the
 * one action that works today (反映民意), how an opinion moves through the
 * five steps, and a quiet line about sync. Booking, tracking and check-in
 * get their buttons when their screens exist. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "button.h"
#include "label.h"
#include "mq_time.h"
#include "screens.h"
#include "widget.h"

static void tap_file(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_app *app = cls;

	mq_ui_app_clear_session(app);
	app->s.step = 1;
	mq_ui_app_go(app, MQ_SCREEN_OPINION);
}

static void format_now(const struct mq_ui_app *app, char *out, size_t size)
{
	static const char *const wd_zh[] = { "星期日", "星期一", "星期二", "星期三",
					     "星期四", "星期五", "星期六" };
	static const char *const wd_en[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					     "Thursday", "Friday", "Saturday" };
	static const char *const mon_en[] = { "January", "February", "March", "April", "May",
					      "June", "July", "August", "September", "October",
					      "November", "December" };
	time_t t = (time_t)(mq_ui_app_wall(app) + MQ_SHANGHAI_OFFSET_S);
	struct tm tm;
	char hm[16];

	gmtime_r(&t, &tm);
	mq_time_format_shanghai(mq_ui_app_wall(app), "%H:%M", hm, sizeof(hm));
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(out, size, "%s, %d %s %d   %s", wd_en[tm.tm_wday], tm.tm_mday,
			 mon_en[tm.tm_mon], tm.tm_year + 1900, hm);
	else
		snprintf(out, size, "%d年%d月%d日  %s  %s", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, wd_zh[tm.tm_wday], hm);
}

/* Never alarming: records are safe on the kiosk whatever the network does. */
static const char *sync_line(const struct mq_ui_app *app, char *buf, size_t size)
{
	char hm[16];

	if (!app->sync || app->sync_rounds == 0)
		return mq_tr("您提交的内容已安全保存在本机");
	if (app->sync_last.err == MQ_OK) {
		mq_time_format_shanghai(app->sync_last_at, "%H:%M", hm, sizeof(hm));
		snprintf(buf, size, "%s %s", mq_tr("已同步"), hm);
		return buf;
	}
	return mq_tr("离线，记录已安全保存，联网后自动上传");
}

void mq_screen_home_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	static const char *const steps[][2] = {
		{ "collected", "收集采集" }, { "triaged", "分析研判" }, { "research", "调研走访" },
		{ "consult", "协商办理" }, { "feedback", "督查反馈" },
	};
	const struct mq_ui_theme *t = &app->theme;
	char now[128], buf[128], id[MQ_UI_ID_MAX], label[128];
	const char *hint = mq_tr("说说您身边的难点、热点问题，街道委员小组会分析研判、协商办理");
	const char *welcome = mq_tr("倾听民声 · 了解民情 · 集中民智 · 助解民忧");
	int title_h = mq_ui_theme_line_h(t, t->font_title);
	int small_h = mq_ui_theme_line_h(t, t->font_small);
	int btn_w = c.w * 2 / 3 > t->touch_min * 6 ? c.w * 2 / 3 : c.w;
	int hint_h = mq_ui_label_measure(app->text, t, hint, t->font_body, false, c.w);
	int welcome_h = mq_ui_label_measure(app->text, t, welcome, t->font_title, true, c.w);
	int step_h = mq_ui_theme_line_h(t, t->font_body);
	int total, y, step_w, arrow_w, n = (int)(sizeof(steps) / sizeof(steps[0]));
	struct mq_ui_widget *w;

	format_now(app, now, sizeof(now));
	total = title_h + t->gap + welcome_h + 2 * t->gap + t->big_button_h + t->gap_small +
		hint_h + 2 * t->gap + small_h + t->gap_small + step_h;
	y = c.y + (c.h - small_h - t->gap - total) / 2;
	if (y < c.y)
		y = c.y;

	w = mq_ui_label_create(tree, t, "home.clock", now, (SDL_Rect){ c.x, y, c.w, title_h },
			       t->font_title, false, t->text, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	y += title_h + t->gap;

	w = mq_ui_label_create(tree, t, "home.welcome", welcome,
			       (SDL_Rect){ c.x, y, c.w, welcome_h }, t->font_title, true,
			       t->primary, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
	y += welcome_h + 2 * t->gap;

	(void)mq_ui_button_create(tree, t, "home.file_opinion", mq_tr("反映民意"),
				  (SDL_Rect){ c.x + (c.w - btn_w) / 2, y, btn_w, t->big_button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_huge, tap_file, app);
	y += t->big_button_h + t->gap_small;
	w = mq_ui_label_create(tree, t, "home.file_opinion.hint", hint,
			       (SDL_Rect){ c.x, y, c.w, hint_h },
			       t->font_body, false, t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
	y += hint_h + 2 * t->gap;

	w = mq_ui_label_create(tree, t, "home.steps", mq_tr("您的意见将经过以下五个步骤"),
			       (SDL_Rect){ c.x, y, c.w, small_h }, t->font_small, false,
			       t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	y += small_h + t->gap_small;
	/* Plain text with arrows between: information, not buttons. */
	arrow_w = mq_ui_text_width(app->text, t->font_body, false, "→", strlen("→")) + 2 * t->gap;
	step_w = (c.w - (n - 1) * arrow_w) / n;
	for (int i = 0; i < n; i++) {
		int x = c.x + i * (step_w + arrow_w);

		snprintf(id, sizeof(id), "home.step.%s", steps[i][0]);
		snprintf(label, sizeof(label), "%d. %s", i + 1, mq_tr(steps[i][1]));
		w = mq_ui_label_create(tree, t, id, label, (SDL_Rect){ x, y, step_w, step_h },
				       t->font_body, true, t->secondary_fg, t->bg);
		if (w)
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
		if (i + 1 == n)
			break;
		snprintf(id, sizeof(id), "home.step.arrow%d", i + 1);
		w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_DECOR,
					(SDL_Rect){ x + step_w, y, arrow_w, step_h });
		if (w && mq_ui_widget_set_text(w, "→")) {
			mq_ui_widget_set_font(w, t->font_body, false);
			mq_ui_widget_set_colors(w, t->text_muted, t->bg, false);
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
		}
	}

	w = mq_ui_label_create(tree, t, "home.sync", sync_line(app, buf, sizeof(buf)),
			       (SDL_Rect){ c.x, c.y + c.h - small_h, c.w, small_h }, t->font_small,
			       false, t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
}
