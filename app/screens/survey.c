/* survey.c — 问卷调查 at the kiosk: the questionnaires open at this studio
 * today (from the server's state), one question per page: a choice
 * question's options as big buttons (survey.q.<n>.<k>; one for 单选, any
 * for 多选), a free-text question's field (survey.q.<n>.text) over the
 * keyboard with pinyin and handwriting, as the opinion form has;
 * survey.next, and survey.submit on the last question. The answers go into
 * one anonymous record of kind survey_response; a questionnaire is
 * answered at most once per resident's visit (mq_app_visit_gen). With more
 * than one open, a list comes first. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "keyboard.h"
#include "label.h"
#include "mq_log.h"
#include "mq_store_part.h"
#include "mq_time.h"
#include "screens.h"
#include "textinput.h"

#define ANSWERED_MAX 16
#define QMAX MQ_STATE_SURVEY_QUESTIONS
#define OMAX MQ_STATE_SURVEY_OPTIONS

struct survey {
	/* the questionnaires answered in this visit: kept through 首页 */
	unsigned visit;
	int64_t answered[ANSWERED_MAX];
	size_t n_answered;
	/* the session */
	int64_t id;                  /* the questionnaire being answered; 0: the list */
	int q;                       /* the question on screen, from 0 */
	bool done;                   /* the thank-you page */
	bool chosen[QMAX][OMAX];
	char text[QMAX][MQ_WIRE_SURVEY_TEXT_MAX * 4 + 1];
	struct mq_screen_message message;
};

static struct survey *sv(const struct mq_app *app)
{
	struct survey *d = mq_app_data(app, &mq_screen_survey);

	if (d->visit != mq_app_visit_gen(app)) {
		d->visit = mq_app_visit_gen(app);
		d->n_answered = 0;
	}
	return d;
}

static bool answered(const struct survey *d, int64_t id)
{
	for (size_t i = 0; i < d->n_answered; i++)
		if (d->answered[i] == id)
			return true;
	return false;
}

/* The questionnaire of @p id in the state, or NULL. */
static const struct mq_state_survey *find(const struct mq_app *app, int64_t id)
{
	for (size_t i = 0; id > 0 && i < app->state->n_surveys; i++)
		if (app->state->surveys[i].id == id)
			return &app->state->surveys[i];
	return NULL;
}

static bool is_text(const struct mq_state_question *q)
{
	return !q->kind || strcmp(q->kind, "text") == 0 || q->n_options == 0;
}

static bool is_multiple(const struct mq_state_question *q)
{
	return q->kind && strcmp(q->kind, "multiple") == 0;
}

static struct mq_screen_message *message(struct mq_app *app)
{
	return &sv(app)->message;
}

static void tap_back(struct mq_ui_widget *w, void *cls);
static void tap_next(struct mq_ui_widget *w, void *cls);
static void tap_submit(struct mq_ui_widget *w, void *cls);

static const struct mq_screen_form form = { "survey", message, tap_back, tap_next, NULL,
					    tap_submit, true };

static void go_question(struct mq_app *app, int q)
{
	struct survey *d = sv(app);

	d->q = q;
	d->message.text[0] = '\0';
	mq_app_relayout(app);
}

static void tap_back(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);

	if (d->id && d->q > 0 && !d->done)
		go_question(app, d->q - 1);
	else
		mq_app_go_home(app);
}

/* False (saying why) when question @p q of @p s still needs a choice. */
static bool question_ok(struct mq_app *app, const struct mq_state_survey *s, int q)
{
	struct survey *d = sv(app);
	size_t n = 0;

	if (is_text(&s->questions[q]))
		return true;
	for (size_t k = 0; k < s->questions[q].n_options; k++)
		n += d->chosen[q][k];
	if (n == 0) {
		mq_screen_show_message(app, &form,
				       is_multiple(&s->questions[q]) ? "请至少选一项，再点“下一步”"
								     : "请选一项，再点“下一步”",
				       true);
		return false;
	}
	return true;
}

static void tap_next(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);
	const struct mq_state_survey *s = find(app, d->id);

	if (!s || !question_ok(app, s, d->q))
		return;
	if ((size_t)d->q + 1 < s->n_questions)
		go_question(app, d->q + 1);
}

static void tap_option(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);
	const struct mq_state_survey *s = find(app, d->id);
	int n, k;

	if (!s || sscanf(mq_ui_widget_id(w), "survey.q.%d.%d", &n, &k) != 2 || n < 1 ||
	    (size_t)n > s->n_questions || k < 1 || (size_t)k > s->questions[n - 1].n_options)
		return;
	if (!is_multiple(&s->questions[n - 1]))
		memset(d->chosen[n - 1], 0, sizeof(d->chosen[n - 1]));
	d->chosen[n - 1][k - 1] = !d->chosen[n - 1][k - 1];
	d->message.text[0] = '\0';
	mq_app_relayout(app);
}

/* The answers of @p s as the store takes them; how many. Texts point into @p d. */
static size_t collect(const struct survey *d, const struct mq_state_survey *s,
		      struct mq_store_survey_answer *out)
{
	size_t n = 0;

	for (size_t q = 0; q < s->n_questions && q < QMAX; q++) {
		struct mq_store_survey_answer *a = &out[n];

		memset(a, 0, sizeof(*a));
		a->q = (int)q + 1;
		if (is_text(&s->questions[q])) {
			if (mq_screen_is_blank(d->text[q]))
				continue;
			a->text = d->text[q];
		} else {
			for (size_t k = 0; k < s->questions[q].n_options && k < OMAX; k++)
				if (d->chosen[q][k])
					a->options[a->n_options++] = (int)k + 1;
		}
		n++;
	}
	return n;
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);
	const struct mq_state_survey *s = find(app, d->id);
	struct mq_store_survey_answer answers[QMAX];
	size_t n;
	char rec[37];
	enum mq_err err;

	if (!s || answered(d, d->id))
		return;
	for (size_t q = 0; q < s->n_questions; q++)
		if (!question_ok(app, s, (int)q)) {
			d->q = (int)q;
			mq_app_relayout(app);
			return;
		}
	n = collect(d, s, answers);
	err = !app->store ? MQ_ERR_DB
	      : n == 0    ? MQ_ERR_INVALID
			  : mq_store_answer_survey(app->store, d->id, answers, n, mq_time_now(), rec);
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot queue the answers to survey %lld (%s)", (long long)d->id,
			     mq_strerror(err));
		mq_screen_show_message(app, &form, err == MQ_ERR_INVALID ? "请先写下您的回答"
									: "暂时无法保存，请联系工作人员",
				       true);
		return;
	}
	if (d->n_answered < ANSWERED_MAX)
		d->answered[d->n_answered++] = d->id;
	/* the answers are in the store now; the screen forgets them */
	memset(d->chosen, 0, sizeof(d->chosen));
	memset(d->text, 0, sizeof(d->text));
	d->done = true;
	if (app->sync)
		mq_sync_kick(app->sync);
	mq_app_relayout(app);
}

static void tap_open(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);
	long long id;

	if (sscanf(mq_ui_widget_id(w), "survey.open.%lld", &id) != 1 || !find(app, id))
		return;
	d->id = id;
	d->done = answered(d, id);
	go_question(app, 0);
}

static void text_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct survey *d = sv(app);

	snprintf(d->text[d->q], sizeof(d->text[d->q]), "%s", mq_ui_widget_text(w));
	mq_app_invalidate(app);
}

/* The title line of @p c and @p hint under it; the y under them. */
static int heading(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, const char *title,
		   const char *hint, int step, int steps)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_theme_line_h(t, t->font_title), y = c.y + h, hh;
	struct mq_ui_widget *w;

	if (steps > 0)
		return mq_screen_build_header(app, tree, c, &form, step, steps, title, hint) + t->gap;
	w = mq_ui_label_create(tree, t, "survey.title", title, (SDL_Rect){ c.x, c.y, c.w, h },
			       t->font_title, true, t->text, t->bg);
	mq_ui_widget_set_announce(w, true);
	if (hint) {
		hh = mq_ui_label_measure(app->text, t, hint, t->font_body, false, c.w);
		w = mq_ui_label_create(tree, t, "survey.hint", hint, (SDL_Rect){ c.x, y, c.w, hh },
				       t->font_body, false, t->text_muted, t->bg);
		mq_ui_widget_set_announce(w, true);
		y += hh;
	}
	return y + t->gap;
}

/* The open questionnaires, one button each (more than one open). */
static void build_list(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	struct survey *d = sv(app);
	int y = heading(app, tree, c, mq_tr("问卷调查"), mq_tr("请选一份问卷。每份问卷每人填写一次。"),
			0, 0);
	char id[MQ_UI_ID_MAX], label[300];

	for (size_t i = 0; i < app->state->n_surveys; i++) {
		const struct mq_state_survey *s = &app->state->surveys[i];
		bool done = answered(d, s->id);

		if (s->id <= 0 || !s->title || y + t->button_h > c.y + c.h - t->button_h - t->gap)
			continue;
		snprintf(id, sizeof(id), "survey.open.%lld", (long long)s->id);
		snprintf(label, sizeof(label), "%s%s", s->title, done ? mq_tr("（已填写）") : "");
		(void)mq_ui_button_create(tree, t, id, label, (SDL_Rect){ c.x, y, c.w, t->button_h },
					  done ? MQ_UI_BUTTON_SECONDARY : MQ_UI_BUTTON_PRIMARY,
					  t->font_body, tap_open, app);
		y += t->button_h + t->gap;
	}
	mq_screen_build_nav(app, tree, c, &form, "返回", false, false);
}

/* The thank-you page (also when this visit answered it already). */
static void build_done(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
		       const struct mq_state_survey *s)
{
	const struct mq_ui_theme *t = &app->theme;
	int y = heading(app, tree, c, s && s->title ? s->title : mq_tr("问卷调查"), NULL, 0, 0);
	const char *words = mq_tr("谢谢您填写问卷！您的回答不记名，会和大家的回答一起交给街道委员小组。");
	int h = mq_ui_label_measure(app->text, t, words, t->font_title, true, c.w);
	struct mq_ui_widget *w;

	w = mq_ui_label_create(tree, t, "survey.thanks", words, (SDL_Rect){ c.x, y, c.w, h },
			       t->font_title, true, t->ok_fg, t->bg);
	mq_ui_widget_set_announce(w, true);
	(void)mq_ui_button_create(tree, t, "survey.done", mq_tr("完成"),
				  (SDL_Rect){ c.x + c.w - t->touch_min * 4, c.y + c.h - t->button_h,
					      t->touch_min * 4, t->button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_body, tap_back, app);
}

/* A choice question: its options as buttons in two columns. */
static void build_choice(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
			 const struct mq_state_survey *s)
{
	const struct mq_ui_theme *t = &app->theme;
	struct survey *d = sv(app);
	const struct mq_state_question *q = &s->questions[d->q];
	int cols = q->n_options > 4 || t->elder ? 2 : 1, rows, bw, bh, avail;
	char id[MQ_UI_ID_MAX], label[300];
	bool last = (size_t)d->q + 1 == s->n_questions;

	rows = ((int)q->n_options + cols - 1) / cols;
	avail = c.y + c.h - t->button_h - t->gap - y;
	bh = (avail - (rows - 1) * t->gap_small) / (rows > 0 ? rows : 1);
	if (bh > t->button_h * 3 / 2)
		bh = t->button_h * 3 / 2;
	if (bh < t->touch_min)
		bh = t->touch_min;
	bw = (c.w - (cols - 1) * t->gap) / cols;
	for (size_t k = 0; k < q->n_options; k++) {
		bool on = d->chosen[d->q][k];

		snprintf(id, sizeof(id), "survey.q.%d.%zu", d->q + 1, k + 1);
		snprintf(label, sizeof(label), "%s%s", q->options[k] ? q->options[k] : "",
			 on ? " ✓" : "");
		(void)mq_ui_button_create(tree, t, id, label,
					  (SDL_Rect){ c.x + (int)(k % (size_t)cols) * (bw + t->gap),
						      y + (int)(k / (size_t)cols) * (bh + t->gap_small),
						      bw, bh },
					  on ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
					  t->font_body, tap_option, app);
	}
	mq_screen_build_nav(app, tree, c, &form, d->q == 0 ? "返回" : "上一步", !last, false);
	if (last)
		(void)mq_ui_button_create(tree, t, "survey.submit", mq_tr("提交"),
					  (SDL_Rect){ c.x + c.w - t->touch_min * 4,
						      c.y + c.h - t->button_h, t->touch_min * 4,
						      t->button_h },
					  MQ_UI_BUTTON_PRIMARY, t->font_body, tap_submit, app);
	mq_screen_build_message(app, tree, &form,
					(SDL_Rect){ c.x + t->touch_min * 4 + t->gap,
						    c.y + c.h - t->button_h,
						    c.w - 2 * (t->touch_min * 4 + t->gap),
						    t->button_h },
					d->message.error);
}

/* A free-text question: the field on the left, back and next (or 提交) on
 * the right, the keyboard (pinyin, handwriting) under them. */
static void build_text(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
		       const struct mq_state_survey *s)
{
	const struct mq_ui_theme *t = &app->theme;
	struct survey *d = sv(app);
	int kb_h = mq_ui_keyboard_height(app->kb, t), side_w = mq_ui_theme_px(t, 200);
	int input_h = c.y + c.h - kb_h - t->gap - y, input_w = c.w - side_w - t->gap;
	int side_x = c.x + input_w + t->gap, bh = (input_h - t->gap) / 2;
	char id[MQ_UI_ID_MAX];
	bool last = (size_t)d->q + 1 == s->n_questions;
	struct mq_ui_widget *input;

	if (bh > t->button_h)
		bh = t->button_h;
	snprintf(id, sizeof(id), "survey.q.%d.text", d->q + 1);
	input = mq_ui_input_create(tree, t, id, (SDL_Rect){ c.x, y, input_w, input_h },
				   MQ_WIRE_SURVEY_TEXT_MAX, d->text[d->q],
				   mq_tr("可以不填。可以用拼音，也可以点“手写”用手指写字"));
	mq_ui_widget_set_spoken(input, mq_tr("请写下您的想法（可以不填）"));
	mq_screen_build_back(app, tree, &form, d->q == 0 ? "返回" : "上一步",
			     (SDL_Rect){ side_x, y, side_w, bh });
	if (last)
		(void)mq_ui_button_create(tree, t, "survey.submit", mq_tr("提交"),
					  (SDL_Rect){ side_x, y + input_h - bh, side_w, bh },
					  MQ_UI_BUTTON_PRIMARY, t->font_body, tap_submit, app);
	else
		mq_screen_build_next(app, tree, &form,
				     (SDL_Rect){ side_x, y + input_h - bh, side_w, bh }, false);
	mq_screen_build_message(app, tree, &form,
				(SDL_Rect){ c.x + t->gap_small, y + input_h - 2 * t->button_h,
					    input_w - 2 * t->gap_small, t->button_h },
				d->message.error);
	mq_screen_build_keyboard(app, tree, c, input, text_changed);
}

static void build_question(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			   const struct mq_state_survey *s)
{
	const struct mq_ui_theme *t = &app->theme;
	struct survey *d = sv(app);
	const struct mq_state_question *q;
	const char *how;
	int y, qh;
	struct mq_ui_widget *w;

	if (d->q < 0 || (size_t)d->q >= s->n_questions)
		d->q = 0;
	q = &s->questions[d->q];
	if (is_text(q)) {
		/* the keyboard takes the lower half: the question is the page's title */
		y = heading(app, tree, c, q->text ? q->text : "", NULL, d->q + 1,
			    (int)s->n_questions);
		build_text(app, tree, c, y, s);
		return;
	}
	how = is_multiple(q) ? mq_tr("可以选多项") : mq_tr("请选一项");
	y = heading(app, tree, c, s->title ? s->title : mq_tr("问卷调查"), how, d->q + 1,
		    (int)s->n_questions);
	qh = mq_ui_label_measure(app->text, t, q->text ? q->text : "", t->font_title, true, c.w);
	w = mq_ui_label_create(tree, t, "survey.question", q->text ? q->text : "",
			       (SDL_Rect){ c.x, y, c.w, qh }, t->font_title, true, t->text, t->bg);
	mq_ui_widget_set_announce(w, true);
	y += qh + t->gap;
	build_choice(app, tree, c, y, s);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct survey *d = sv(app);
	const struct mq_state_survey *s;

	if (!d->id) {
		size_t open = 0;
		for (size_t i = 0; i < app->state->n_surveys; i++)
			if (app->state->surveys[i].id > 0) {
				open++;
				d->id = app->state->surveys[i].id;
			}
		if (open != 1)
			d->id = 0;
		d->done = d->id && answered(d, d->id);
	}
	s = find(app, d->id);
	if (!s) {
		d->id = 0;
		build_list(app, tree, c);
	} else if (d->done || s->n_questions == 0) {
		build_done(app, tree, c, s);
	} else {
		build_question(app, tree, c, s);
	}
}

static void clear(struct mq_app *app, void *data)
{
	struct survey *d = data;

	(void)app;
	d->id = 0;
	d->q = 0;
	d->done = false;
	memset(d->chosen, 0, sizeof(d->chosen));
	memset(d->text, 0, sizeof(d->text));
	memset(&d->message, 0, sizeof(d->message));
}

const struct mq_screen_impl mq_screen_survey = {
	.name = "survey",
	.data_size = sizeof(struct survey),
	.build = build,
	.clear = clear,
};
