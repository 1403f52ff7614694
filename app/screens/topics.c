/* topics.c — 大家来选议题: the studio's open candidate topics (from the
 * server's state) with their description, closing day and backings, and a
 * 支持 button each (topics.back.<id>). Backing queues an anonymous record
 * of kind topic_support; each topic is backed at most once per resident's
 * visit (mq_app_visit_gen: the idle wipe, or a new touch after the idle
 * time, ends it), so tapping again, or coming back through 首页, counts
 * nothing more. A page shows what fits; 上一页 / 下一页 turn. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "label.h"
#include "mq_log.h"
#include "mq_store_part.h"
#include "mq_time.h"
#include "screens.h"

#define BACKED_MAX 64

struct topics {
	/* this visit's backings: kept through 首页, gone with the visit */
	unsigned visit;
	int64_t backed[BACKED_MAX];
	size_t n_backed;
	/* the session */
	int page;
	struct mq_screen_message message;
};

static struct topics *tp(const struct mq_app *app)
{
	struct topics *d = mq_app_data(app, &mq_screen_topics);

	if (d->visit != mq_app_visit_gen(app)) {
		d->visit = mq_app_visit_gen(app);
		d->n_backed = 0;
		memset(d->backed, 0, sizeof(d->backed));
	}
	return d;
}

static bool backed(const struct topics *d, int64_t id)
{
	for (size_t i = 0; i < d->n_backed; i++)
		if (d->backed[i] == id)
			return true;
	return false;
}

static struct mq_screen_message *message(struct mq_app *app)
{
	return &tp(app)->message;
}

static void tap_home(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

static const struct mq_screen_form form = { "topics", message, tap_home, NULL, NULL, NULL, false };

bool mq_screen_candidate_open(const struct mq_app *app, const struct mq_state_candidate *c)
{
	char today[16];

	mq_time_format_shanghai(mq_app_wall(app), "%Y-%m-%d", today, sizeof(today));
	return c->id > 0 && c->title && (!c->closes || strcmp(c->closes, today) >= 0);
}

/* The open candidate of @p id in the state, or NULL. */
static const struct mq_state_candidate *candidate(const struct mq_app *app, int64_t id)
{
	for (size_t i = 0; i < app->state->n_candidates; i++) {
		const struct mq_state_candidate *c = &app->state->candidates[i];

		if (c->id == id && mq_screen_candidate_open(app, c))
			return c;
	}
	return NULL;
}

static void tap_back_topic(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct topics *d = tp(app);
	long long id = 0;
	char rec[37];
	enum mq_err err;

	if (sscanf(mq_ui_widget_id(w), "topics.back.%lld", &id) != 1 || !candidate(app, id))
		return;
	if (backed(d, id)) {
		mq_screen_show_message(app, &form, "您已经支持过这个议题了，谢谢！", false);
		return;
	}
	if (d->n_backed == BACKED_MAX)
		return;
	err = app->store ? mq_store_back_topic(app->store, id, mq_time_now(), rec) : MQ_ERR_DB;
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot queue the backing of candidate %lld (%s)", id,
			     mq_strerror(err));
		mq_screen_show_message(app, &form, "暂时无法保存，请联系工作人员", true);
		return;
	}
	d->backed[d->n_backed++] = id;
	if (app->sync)
		mq_sync_kick(app->sync);
	snprintf(d->message.text, sizeof(d->message.text), "%s", "谢谢您的支持！");
	d->message.error = false;
	mq_app_relayout(app);
}

static void tap_page(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct topics *d = tp(app);

	d->page += strcmp(mq_ui_widget_id(w), "topics.next") == 0 ? 1 : -1;
	d->message.text[0] = '\0';
	mq_app_relayout(app);
}

/* "截止：11月30日 · 已有 12 人支持" for @p c into @p out. */
static void detail_line(const struct mq_app *app, const struct mq_state_candidate *c,
			bool mine, char *out, size_t size)
{
	char day[32] = "", n[24];
	int y, m, dd;
	const char *const vars[2][2] = { { "day", day }, { "n", n } };

	if (c->closes && sscanf(c->closes, "%d-%d-%d", &y, &m, &dd) == 3)
		snprintf(day, sizeof(day), mq_i18n_lang() == MQ_LANG_EN ? "%d/%d" : "%d月%d日",
			 mq_i18n_lang() == MQ_LANG_EN ? dd : m, mq_i18n_lang() == MQ_LANG_EN ? m : dd);
	snprintf(n, sizeof(n), "%lld", (long long)(c->supports + (mine ? 1 : 0)));
	mq_screen_fill(mq_tr("截止：{day} · 已有 {n} 人支持"), vars, 2, out, size);
	(void)app;
}

/* One candidate's row at @p y (@p h tall): its words on the left, 支持 on the right. */
static void build_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y, int h,
		      const struct mq_state_candidate *cand)
{
	const struct mq_ui_theme *t = &app->theme;
	struct topics *d = tp(app);
	bool mine = backed(d, cand->id);
	int bw = t->touch_min * 3, tw = c.w - bw - t->gap, th, dh;
	char id[MQ_UI_ID_MAX], line[256], spoken[512], shown[2400];
	const char *desc = cand->description && *cand->description ? cand->description : NULL;
	struct mq_ui_widget *w;

	w = mq_ui_widget_create(tree, (snprintf(id, sizeof(id), "topics.row.%lld",
						(long long)cand->id), id),
				MQ_UI_ROLE_DECOR, (SDL_Rect){ c.x, y, c.w, h });
	if (w) {
		mq_ui_widget_set_colors(w, t->text, t->surface, true);
		mq_ui_widget_set_frame(w, 0, 0, t->radius_small);
	}
	th = mq_ui_theme_line_h(t, t->font_body);
	snprintf(id, sizeof(id), "topics.title.%lld", (long long)cand->id);
	(void)mq_ui_label_create(tree, t, id, cand->title ? cand->title : "",
				 (SDL_Rect){ c.x + t->gap_small, y + t->gap_small, tw, th },
				 t->font_body, true, t->text, t->surface);
	detail_line(app, cand, mine, line, sizeof(line));
	dh = h - th - 2 * t->gap_small;
	/* in large type the day and the count only: the description would not fit */
	snprintf(shown, sizeof(shown), "%s%s%s", desc && !t->elder ? desc : "",
		 desc && !t->elder ? "\n" : "", line);
	snprintf(id, sizeof(id), "topics.detail.%lld", (long long)cand->id);
	(void)mq_ui_label_create(tree, t, id, shown,
				 (SDL_Rect){ c.x + t->gap_small, y + t->gap_small + th, tw, dh },
				 t->font_small, false, t->text_muted, t->surface);
	snprintf(id, sizeof(id), "topics.back.%lld", (long long)cand->id);
	w = mq_ui_button_create(tree, t, id, mine ? mq_tr("已支持 ✓") : mq_tr("支持"),
				(SDL_Rect){ c.x + c.w - bw - t->gap_small, y + (h - t->touch_min) / 2,
					    bw, t->touch_min },
				mine ? MQ_UI_BUTTON_SECONDARY : MQ_UI_BUTTON_PRIMARY, t->font_body,
				tap_back_topic, app);
	if (w) {
		snprintf(spoken, sizeof(spoken), "%s%s", mine ? mq_tr("已支持：") : mq_tr("支持："),
			 cand->title ? cand->title : "");
		mq_ui_widget_set_spoken(w, spoken);
	}
}

/* Rows of the current page; 上一页 / 下一页 when there are more. */
static void build_rows(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y, int bottom)
{
	const struct mq_ui_theme *t = &app->theme;
	struct topics *d = tp(app);
	int row_h = mq_ui_theme_line_h(t, t->font_body) + 2 * t->gap_small +
		    (t->elder ? 1 : 3) * mq_ui_theme_line_h(t, t->font_small);
	size_t n = 0, per, first;
	const struct mq_state_candidate *list[BACKED_MAX];

	for (size_t i = 0; i < app->state->n_candidates && n < BACKED_MAX; i++)
		if (mq_screen_candidate_open(app, &app->state->candidates[i]))
			list[n++] = &app->state->candidates[i];
	if (row_h < t->touch_min + 2 * t->gap_small)
		row_h = t->touch_min + 2 * t->gap_small;
	per = (size_t)((bottom - y + t->gap) / (row_h + t->gap));
	if (per == 0)
		per = 1;
	if (d->page < 0 || (size_t)d->page * per >= n)
		d->page = 0;
	first = (size_t)d->page * per;
	for (size_t i = first; i < n && i < first + per; i++) {
		build_row(app, tree, c, y, row_h, list[i]);
		y += row_h + t->gap;
	}
	if (n == 0)
		(void)mq_ui_label_create(tree, t, "topics.none", mq_tr("现在没有正在征集的议题"),
					 (SDL_Rect){ c.x, y, c.w, mq_ui_theme_line_h(t, t->font_body) },
					 t->font_body, false, t->text_muted, t->bg);
	if (first > 0)
		(void)mq_ui_button_create(tree, t, "topics.prev", mq_tr("上一页"),
					  (SDL_Rect){ c.x + c.w / 2 - t->touch_min * 3 - t->gap,
						      c.y + c.h - t->button_h, t->touch_min * 3,
						      t->button_h },
					  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_page, app);
	if (first + per < n)
		(void)mq_ui_button_create(tree, t, "topics.next", mq_tr("下一页"),
					  (SDL_Rect){ c.x + c.w / 2, c.y + c.h - t->button_h,
						      t->touch_min * 3, t->button_h },
					  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_page, app);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	struct topics *d = tp(app);
	int title_h = mq_ui_theme_line_h(t, t->font_title), y = c.y, hh, bottom;
	const char *hint = mq_tr("您最关心哪件事？点“支持”，每个议题每人支持一次。大家支持最多的，委员们会优先协商。");
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, "topics.title", mq_tr("大家来选议题"),
			       (SDL_Rect){ c.x, y, c.w, title_h }, t->font_title, true, t->text,
			       t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	y += title_h;
	hh = mq_ui_label_measure(app->text, t, hint, t->font_body, false, c.w);
	(void)mq_ui_label_create(tree, t, "topics.hint", hint, (SDL_Rect){ c.x, y, c.w, hh },
				 t->font_body, false, t->text_muted, t->bg);
	y += hh + t->gap;
	bottom = c.y + c.h - t->button_h - t->gap;
	build_rows(app, tree, c, y, bottom);
	mq_screen_build_back(app, tree, &form, "返回",
			     (SDL_Rect){ c.x, c.y + c.h - t->button_h, t->touch_min * 3,
					 t->button_h });
	mq_screen_build_message(app, tree, &form,
				(SDL_Rect){ c.x + c.w / 2 + t->touch_min * 3 + t->gap,
					    c.y + c.h - t->button_h,
					    c.w / 2 - t->touch_min * 3 - t->gap, t->button_h },
				d->message.error);
	/* a thank-you is news, not a warning: the calm colours */
	w = mq_ui_tree_find(tree, "topics.message");
	if (w && !d->message.error)
		mq_ui_widget_set_colors(w, t->ok_fg, t->surface, true);
	mq_screen_announce(tree, (const char *const[]){ "topics.title", "topics.hint",
							"topics.message", NULL });
}

static void clear(struct mq_app *app, void *data)
{
	struct topics *d = data;

	(void)app;
	d->page = 0;
	memset(&d->message, 0, sizeof(d->message));
}

const struct mq_screen_impl mq_screen_topics = {
	.name = "topics",
	.data_size = sizeof(struct topics),
	.build = build,
	.clear = clear,
};
