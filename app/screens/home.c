/* home.c — the home (attract) screen: the studio's street and the time, the
 * member on duty today and whether they are in the studio (checked in at
 * this kiosk since the start of the day), the three big actions (反映民意,
 * 预约委员, 查询进度), 委员签到 for duty members, recently resolved issues of
 * this studio (anonymised, from the server's state), how an opinion moves
 * through the five steps, and a quiet line about sync. A badge scanned
 * here goes straight to check-in, a receipt's QR code to 查询进度 (the
 * scanner is the check-in screen's, mq_screen_checkin_scan). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "button.h"
#include "icon.h"
#include "label.h"
#include "member_card.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "screens.h"
#include "widget.h"

#define MAX_RESOLVED 6

static void tap_file(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_opinion);
}

static void tap_track(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_track);
}

static void tap_book(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_book);
}

/* 大家来选议题 and 问卷调查 remember what this visit did apart from the
 * session (mq_app_visit_gen): a new session does not let it count twice. */
static void tap_topics(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_topics);
}

static void tap_survey(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_survey);
}

/* True when the state offers candidate topics (@p topics) or questionnaires. */
static bool has_participation(const struct mq_app *app, bool topics)
{
	if (topics) {
		for (size_t i = 0; i < app->state->n_candidates; i++)
			if (mq_screen_candidate_open(app, &app->state->candidates[i]))
				return true;
		return false;
	}
	for (size_t i = 0; i < app->state->n_surveys; i++)
		if (app->state->surveys[i].id > 0)
			return true;
	return false;
}

/* The participation cards across @p r: 大家来选议题 and/or 问卷调查, while open. */
static void build_cards(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	const struct mq_ui_theme *t = &app->theme;
	bool topics = has_participation(app, true), survey = has_participation(app, false);
	int n = topics + survey, w = n ? (r.w - (n - 1) * t->gap) / n : 0, x = r.x;

	if (topics) {
		(void)mq_ui_button_create(tree, t, "home.topics", mq_tr("大家来选议题"),
					  (SDL_Rect){ x, r.y, w, r.h }, MQ_UI_BUTTON_SECONDARY,
					  t->font_title, tap_topics, app);
		x += w + t->gap;
	}
	if (survey)
		(void)mq_ui_button_create(tree, t, "home.survey", mq_tr("问卷调查"),
					  (SDL_Rect){ x, r.y, w, r.h }, MQ_UI_BUTTON_SECONDARY,
					  t->font_title, tap_survey, app);
}

static void tap_checkin(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	mq_app_clear_session(app);
	mq_app_go(app, &mq_screen_checkin);
}

static void format_now(const struct mq_app *app, char *out, size_t size)
{
	static const char *const wd_zh[] = { "星期日", "星期一", "星期二", "星期三",
					     "星期四", "星期五", "星期六" };
	static const char *const wd_en[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					     "Thursday", "Friday", "Saturday" };
	static const char *const mon_en[] = { "January", "February", "March", "April", "May",
					      "June", "July", "August", "September", "October",
					      "November", "December" };
	time_t t = (time_t)(mq_app_wall(app) + MQ_SHANGHAI_OFFSET_S);
	struct tm tm;
	char hm[16];

	gmtime_r(&t, &tm);
	mq_time_format_shanghai(mq_app_wall(app), "%H:%M", hm, sizeof(hm));
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(out, size, "%s, %d %s %d   %s", wd_en[tm.tm_wday], tm.tm_mday,
			 mon_en[tm.tm_mon], tm.tm_year + 1900, hm);
	else
		snprintf(out, size, "%d年%d月%d日  %s  %s", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, wd_zh[tm.tm_wday], hm);
}

/* Never alarming: records are safe on the kiosk whatever the network does. */
static const char *sync_line(const struct mq_app *app, char *buf, size_t size)
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

/* The shift on now, else the next one today (Shanghai date); NULL if none. */
static const struct mq_state_shift *duty_shift(const struct mq_app *app, bool *now_on)
{
	const struct mq_state_shift *best = NULL;
	int64_t now = mq_app_wall(app), best_start = 0;
	int64_t day = (now + MQ_SHANGHAI_OFFSET_S) / 86400;

	*now_on = false;
	for (size_t i = 0; i < app->state->n_shifts; i++) {
		const struct mq_state_shift *s = &app->state->shifts[i];
		int64_t start = s->at.start, end = s->at.end;

		if (!s->at.has_start || !s->at.has_end)
			continue;
		if (start <= now && now < end) {
			*now_on = true;
			return s;
		}
		if (start > now && (start + MQ_SHANGHAI_OFFSET_S) / 86400 == day &&
		    (!best || start < best_start)) {
			best = s;
			best_start = start;
		}
	}
	return best;
}

/* Today's duty member at @p y of column @p r (a card saying whether they
 * are in the studio), or a line saying nobody is on duty. Returns the y
 * under it. */
static int build_duty(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r, int y)
{
	const struct mq_ui_theme *t = &app->theme;
	bool on = false, in;
	const struct mq_state_shift *shift = duty_shift(app, &on);
	const struct mq_state_member *m = shift ? mq_state_member(app->state, shift->member) : NULL;
	struct mq_ui_member_info info = { 0 };
	char when[64], hm1[16], hm2[16];
	int h;

	if (!m) {
		const char *none = mq_tr("今天没有委员值班，您的意见照样会送到街道委员小组");

		h = mq_ui_label_measure(app->text, t, none, t->font_body, false, r.w);
		(void)mq_ui_label_create(tree, t, "home.duty.none", none, (SDL_Rect){ r.x, y, r.w, h },
					 t->font_body, false, t->text_muted, t->bg);
		return y + h + t->gap_small;
	}
	mq_time_format_shanghai(shift->at.start, "%H:%M", hm1, sizeof(hm1));
	mq_time_format_shanghai(shift->at.end, "%H:%M", hm2, sizeof(hm2));
	snprintf(when, sizeof(when), "%s–%s", hm1, hm2);
	info.name = m->name;
	info.sector = m->sector;
	info.expertise = m->expertise;
	/* in the studio = checked in here today (not merely "a shift is on") */
	in = app->store && mq_store_member_present(app->store, shift->member,
						   mq_screen_today_start(app));
	info.presence = in ? MQ_UI_PRESENCE_IN : MQ_UI_PRESENCE_AWAY;
	info.when = when;
	h = mq_ui_member_card_height(app->text, t, &info, r.w);
	(void)mq_ui_member_card_create(tree, app->text, t, "home.duty", &info,
				       (SDL_Rect){ r.x, y, r.w, h }, NULL, NULL);
	return y + h + t->gap_small;
}

/* The resolved issues from @p y down to the bottom of column @p r, under
 * their heading; nothing when not even one fits. */
static void build_resolved(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r, int y)
{
	const struct mq_ui_theme *t = &app->theme;
	int head_h = mq_ui_theme_line_h(t, t->font_body), line_h = mq_ui_theme_line_h(t, t->font_small);
	char id[MQ_UI_ID_MAX], buf[512];
	struct mq_ui_widget *w;
	size_t shown = 0;

	/* the heading only with at least one item under it */
	if (app->state->n_resolved == 0 || y + head_h + t->gap_small + 2 * line_h + t->gap_small > r.y + r.h)
		return;
	(void)mq_ui_icon_create(tree, "home.resolved.icon", "check_circle",
				(SDL_Rect){ r.x, y, head_h, head_h }, t->font_body, t->ok_fg, t->bg);
	(void)mq_ui_label_create(tree, t, "home.resolved.title", mq_tr("近期已办结"),
				 (SDL_Rect){ r.x + head_h + t->gap_small, y, r.w - head_h, head_h },
				 t->font_body, true, t->text, t->bg);
	y += head_h + t->gap_small;
	for (size_t i = 0; i < app->state->n_resolved; i++) {
		const char *cat = app->state->resolved[i].category;
		const char *title = app->state->resolved[i].title;
		const char *outcome = app->state->resolved[i].outcome;
		int h;

		if (shown == MAX_RESOLVED || !title || !*title)
			continue;
		/* in large type the outcome would crowd out the list: titles only */
		snprintf(buf, sizeof(buf), "%s%s%s%s%s%s", cat ? "【" : "",
			 cat ? mq_screen_category_name(app, cat) : "", cat ? "】" : "", title,
			 outcome && *outcome && !t->elder ? " — " : "",
			 outcome && !t->elder ? outcome : "");
		h = mq_ui_label_measure(app->text, t, buf, t->font_small, false,
					r.w - 2 * t->gap_small);
		if (h > 2 * line_h)
			h = 2 * line_h;
		if (y + h + t->gap_small > r.y + r.h)
			break;
		snprintf(id, sizeof(id), "home.resolved.%zu", shown);
		w = mq_ui_label_create(tree, t, id, buf,
				       (SDL_Rect){ r.x, y, r.w, h + t->gap_small }, t->font_small,
				       false, t->text, t->surface);
		if (w) {
			mq_ui_widget_set_colors(w, t->text, t->surface, true);
			mq_ui_widget_set_padding(w, t->gap_small / 2);
		}
		y += h + t->gap_small * 2;
		shown++;
	}
}

/* The right column: who is on duty, 委员签到 for them, then what was resolved lately. */
static void build_side(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	const struct mq_ui_theme *t = &app->theme;
	int y = r.y, head_h = mq_ui_theme_line_h(t, t->font_body);

	(void)mq_ui_label_create(tree, t, "home.duty.title", mq_tr("今日值班委员"),
				 (SDL_Rect){ r.x, y, r.w, head_h }, t->font_body, true, t->text,
				 t->bg);
	y = build_duty(app, tree, r, y + head_h + t->gap_small);
	/* for duty members; residents' actions are the big ones on the left */
	(void)mq_ui_button_create(tree, t, "home.checkin", mq_tr("委员签到 / 签退"),
				  (SDL_Rect){ r.x + r.w / 3, y, r.w - r.w / 3, t->touch_min },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_checkin, app);
	build_resolved(app, tree, r, y + t->touch_min + t->gap);
}

/* A big action: the button, an icon above its words, a hint under it. */
static int action(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
		  const char *icon, const char *text, const char *hint, SDL_Rect r,
		  enum mq_ui_button_style style, mq_ui_tap_cb cb)
{
	const struct mq_ui_theme *t = &app->theme;
	char sub[MQ_UI_ID_MAX];
	int icon_h = t->font_huge * 3 / 2, h, lh = mq_ui_theme_line_h(t, t->font_huge);
	struct mq_ui_widget *b;
	bool primary = style == MQ_UI_BUTTON_PRIMARY;

	int px = t->font_huge;

	/* Long words (English) get a smaller size before they would wrap into the icon. */
	if (mq_ui_text_width(app->text, px, true, text, strlen(text)) > r.w - 2 * t->gap)
		px = t->font_title;
	b = mq_ui_button_create(tree, t, id, text, r, style, px, cb, app);
	if (b && mq_ui_label_measure(app->text, t, text, px, true, r.w - 2 * t->gap_small) > lh)
		icon_h = 0;            /* still two lines: words first, no icon */
	if (b && icon_h)
		mq_ui_widget_set_text_offset(b, icon_h / 2);
	snprintf(sub, sizeof(sub), "%s.icon", id);
	if (icon_h)
		(void)mq_ui_icon_create(tree, sub, icon,
				(SDL_Rect){ r.x, r.y + r.h / 2 + icon_h / 2 - lh / 2 - icon_h,
					    r.w, icon_h },
				t->font_huge, primary ? t->on_primary : t->secondary_fg,
				primary ? t->primary : t->secondary_bg);
	snprintf(sub, sizeof(sub), "%s.hint", id);
	h = mq_ui_label_measure(app->text, t, hint, t->font_body, false, r.w);
	b = mq_ui_label_create(tree, t, sub, hint, (SDL_Rect){ r.x, r.y + r.h + t->gap_small, r.w, h },
			       t->font_body, false, t->text_muted, t->bg);
	if (b)
		mq_ui_widget_set_align(b, MQ_UI_ALIGN_CENTER, true);
	return r.h + t->gap_small + h;
}

/* The street on the left and the date and time on the right of the first
 * line of @p c. Returns the y under them. */
static int build_title(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	/* the street's name, never its key (a server before street_name sends only
	 * the key): without a name the line says what the studio is for */
	const char *street = app->state->studio.street_name;
	int title_h = mq_ui_theme_line_h(t, t->font_title), clock_w;
	char now[128], buf[128];
	struct mq_ui_widget *w;

	format_now(app, now, sizeof(now));
	clock_w = mq_ui_text_width(app->text, t->font_body, false, now, strlen(now)) + t->gap;
	snprintf(buf, sizeof(buf), "%s", street && *street ? mq_tr(street)
							   : mq_tr("倾听民声 · 了解民情 · 集中民智 · 助解民忧"));
	w = mq_ui_label_create(tree, t, "home.street", buf,
			       (SDL_Rect){ c.x, c.y, c.w - clock_w - t->gap, title_h },
			       t->font_title, true, t->primary, t->bg);
	if (w) {
		char spoken[512];
		bool topics = has_participation(app, true), survey = has_participation(app, false);

		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
		/* read-aloud: the street, then what the page offers */
		snprintf(spoken, sizeof(spoken), "%s。%s%s", buf,
			 mq_tr("您好！请点屏幕上的大按钮：反映民意、预约委员、查询进度。"),
			 topics && survey ? mq_tr("下面还可以参加大家来选议题、问卷调查。")
			 : topics	  ? mq_tr("下面还可以参加大家来选议题。")
			 : survey	  ? mq_tr("下面还可以填写问卷调查。")
					  : "");
		mq_ui_widget_set_spoken(w, spoken);
		mq_ui_widget_set_announce(w, true);
	}
	w = mq_ui_label_create(tree, t, "home.clock", now,
			       (SDL_Rect){ c.x + c.w - clock_w, c.y, clock_w, title_h }, t->font_body,
			       false, t->text, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
	return c.y + title_h + t->gap;
}

/* The three big actions side by side at @p y in the left column (@p left_w
 * of @p c), as tall as the column has room above @p steps_y, then the
 * motto under them. */
static void build_actions(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int left_w,
			  int y, int steps_y)
{
	const struct mq_ui_theme *t = &app->theme;
	int title_h = mq_ui_theme_line_h(t, t->font_title), bw = (left_w - 2 * t->gap) / 3, bh;
	int h1, h2, card_h = t->button_h > title_h ? t->button_h : title_h;
	bool cards = has_participation(app, true) || has_participation(app, false);
	struct mq_ui_widget *w;

	/* open participation takes the motto's line, a finger tall */
	if (cards)
		title_h = card_h;

	/* The two actions take what the left column has: big is easy. */
	bh = steps_y - t->gap - y - t->gap_small - 2 * mq_ui_theme_line_h(t, t->font_body) -
	     t->gap - title_h;
	if (bh > t->big_button_h * 2)
		bh = t->big_button_h * 2;
	if (bh < t->big_button_h)
		bh = t->big_button_h;
	h1 = action(app, tree, "home.file_opinion", "pencil", mq_tr("反映民意"),
		    mq_tr("说说您身边的难点、热点问题"), (SDL_Rect){ c.x, y, bw, bh },
		    MQ_UI_BUTTON_PRIMARY, tap_file);
	h2 = action(app, tree, "home.book_visit", "calendar", mq_tr("预约委员"),
		    mq_tr("约个时间，当面和值班委员谈"),
		    (SDL_Rect){ c.x + bw + t->gap, y, bw, bh }, MQ_UI_BUTTON_PRIMARY, tap_book);
	if (h2 > h1)
		h1 = h2;
	h2 = action(app, tree, "home.track", "search", mq_tr("查询进度"),
		    mq_tr("输入查询码或扫码，看办到哪一步了"),
		    (SDL_Rect){ c.x + 2 * (bw + t->gap), y, bw, bh }, MQ_UI_BUTTON_PRIMARY, tap_track);
	y += (h1 > h2 ? h1 : h2) + t->gap;
	if (cards) {
		build_cards(app, tree, (SDL_Rect){ c.x, y, left_w, card_h });
		return;
	}
	w = mq_ui_label_create(tree, t, "home.welcome", mq_tr("倾听民声 · 了解民情 · 集中民智 · 助解民忧"),
			       (SDL_Rect){ c.x, y, left_w, title_h }, t->font_body, true,
			       t->secondary_fg, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
}

/* How an opinion moves: a caption at @p y across @p c and the five stages
 * with arrows between under it (plain text: information, not buttons). */
static void build_steps(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y)
{
	const struct mq_ui_theme *t = &app->theme;
	int small_h = mq_ui_theme_line_h(t, t->font_small), step_h = mq_ui_theme_line_h(t, t->font_body);
	int n = 5, arrow_w, step_w;
	char id[MQ_UI_ID_MAX], label[128];
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, "home.steps", mq_tr("您的意见将经过以下五个步骤"),
			       (SDL_Rect){ c.x, y, c.w, small_h }, t->font_small, false,
			       t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	y += small_h + t->gap_small;
	arrow_w = mq_ui_text_width(app->text, t->font_body, false, "→", strlen("→")) + 2 * t->gap;
	step_w = (c.w - (n - 1) * arrow_w) / n;
	for (int i = 0; i < n; i++) {
		int x = c.x + i * (step_w + arrow_w);

		snprintf(id, sizeof(id), "home.step.%s", mq_screen_stages[i][0]);
		snprintf(label, sizeof(label), "%d. %s", i + 1, mq_tr(mq_screen_stages[i][1]));
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
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	int title_h = mq_ui_theme_line_h(t, t->font_title);
	int small_h = mq_ui_theme_line_h(t, t->font_small);
	int step_h = mq_ui_theme_line_h(t, t->font_body);
	int left_w = c.w * 3 / 5, side_x = c.x + left_w + t->gap * 2, side_w = c.w - left_w - t->gap * 2;
	int y = build_title(app, tree, c), steps_y;
	char buf[128];
	struct mq_ui_widget *w;

	/* bottom up: sync line, the five steps (not in large type: the
	 * actions and the duty member come first there) */
	steps_y = t->elder ? c.y + c.h - small_h
			   : c.y + c.h - small_h - t->gap_small - step_h - t->gap_small - small_h;
	build_actions(app, tree, c, left_w, y, steps_y);
	build_side(app, tree, (SDL_Rect){ side_x, c.y + title_h + t->gap, side_w,
					  steps_y - t->gap - (c.y + title_h + t->gap) });
	if (!t->elder)
		build_steps(app, tree, c, steps_y);
	w = mq_ui_label_create(tree, t, "home.sync", sync_line(app, buf, sizeof(buf)),
			       (SDL_Rect){ c.x, c.y + c.h - small_h, c.w, small_h }, t->font_small,
			       false, t->text_muted, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
}

const struct mq_screen_impl mq_screen_home = {
	.name = "home",
	.build = build,
	.scan = mq_screen_checkin_scan,
	.shows_clock = true,
};
