/* survey_get.c — GET /console/surveys/{id}: one questionnaire's results.
 * Per question: for a choice question each option's count and share as a
 * table and an inline SVG bar chart; for a free-text question the answers,
 * escaped, oldest first, each with 隐藏 / 恢复显示 (survey_post.c) for
 * staff who may edit (a hidden one stays listed, marked, for the record).
 * `minqing-server report survey --id ID` prints the same counts as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_survey.h"

/* The bars of question @p q: one per option, the longest full width. */
static void bars(struct mq_html *b, const struct mq_survey *s, const struct mq_survey_results *r,
		 size_t q)
{
	const struct mq_survey_question *x = &s->questions[q];
	const int label_w = 150, bar_w = 260, row_h = 26;
	int64_t max = 0;
	char label[64];

	for (size_t k = 0; k < x->n_options; k++)
		if (r->counts[q][k] > max)
			max = r->counts[q][k];
	mq_html_printf(b, "<svg role=\"img\" aria-labelledby=\"svg-q%zu\" viewBox=\"0 0 %d %zu\""
		       " width=\"100%%\" style=\"max-width:%dpx\"><title id=\"svg-q%zu\">第%zu题（图表）"
		       "</title>\n", q + 1, label_w + bar_w + 60, x->n_options * (size_t)row_h + 6,
		       label_w + bar_w + 60, q + 1, q + 1);
	for (size_t k = 0; k < x->n_options; k++) {
		int64_t v = r->counts[q][k], w = max ? v * bar_w / max : 0;
		int y = (int)k * row_h + 4;

		mq_buf_excerpt(x->options[k], 10, label, sizeof label);
		mq_html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\""
			       " fill=\"#1b1b1b\">%s</text>", label_w - 6, y + 15, label);
		mq_html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%lld\" height=\"%d\" fill=\"#a31d1d\"/>"
			       "<text x=\"%lld\" y=\"%d\" font-size=\"13\" fill=\"#1b1b1b\">%lld</text>\n",
			       label_w, y, (long long)w, row_h - 8, (long long)(label_w + w + 6), y + 15,
			       (long long)v);
	}
	mq_html_raw(b, "</svg>\n");
}

/* The counts of choice question @p q as a table, then its bars. */
static void choice(struct mq_html *b, const struct mq_survey *s, const struct mq_survey_results *r,
		   size_t q)
{
	const struct mq_survey_question *x = &s->questions[q];

	mq_html_printf(b, "<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"第%zu题\">"
		       "<table><thead><tr><th scope=\"col\">选项</th><th scope=\"col\" class=\"num\">"
		       "人数</th><th scope=\"col\" class=\"num\">占答卷</th></tr></thead><tbody>\n",
		       q + 1);
	for (size_t k = 0; k < x->n_options; k++) {
		mq_html_raw(b, "<tr><th scope=\"row\">");
		mq_html_text(b, x->options[k]);
		mq_html_printf(b, "</th><td class=\"num\">%lld</td><td class=\"num\">%lld%%</td></tr>\n",
			       (long long)r->counts[q][k],
			       r->responses ? (long long)(r->counts[q][k] * 100 / r->responses) : 0LL);
	}
	mq_html_raw(b, "</tbody></table></div>\n");
	bars(b, s, r, q);
}

struct texts {
	struct mq_html *b;
	const struct mq_db_session *s;
	int64_t survey;
	int64_t q;
	size_t n;
};

static bool text_row(void *cls, const struct mq_db_survey_text *t)
{
	struct texts *l = cls;
	struct mq_html *b = l->b;
	char when[32];

	if (t->q != l->q)
		return true;
	l->n++;
	mq_date_format_minute(t->created_at, when, sizeof when);
	if (t->hidden)
		mq_html_raw(b, "<li class=\"hidden-answer\"><p><em>（已隐藏）</em> ");
	else
		mq_html_raw(b, "<li><p>");
	mq_html_text(b, t->text);
	mq_html_raw(b, " <span class=\"hint\">");
	mq_html_text(b, when);
	mq_html_raw(b, "</span></p>");
	if (mq_account_can_edit(&l->s->staff)) {
		mq_html_printf(b, "<form method=\"post\" action=\"/console/surveys/%lld\">",
			       (long long)l->survey);
		mq_console_csrf_field(b, l->s);
		mq_html_printf(b, "<input type=\"hidden\" name=\"answer\" value=\"%lld\">",
			       (long long)t->id);
		if (t->hidden)
			mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"show\">"
				       "<button type=\"submit\" class=\"secondary\">恢复显示</button>");
		else
			mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"hide\">"
				       "<button type=\"submit\" class=\"secondary\">隐藏</button>");
		mq_html_raw(b, "</form>");
	}
	mq_html_raw(b, "</li>\n");
	return true;
}

/* The page of @p sv; the storage error of its free texts, if any. */
static enum mq_err results(struct mq_handler_ctx *hc, struct mq_html *b,
			   const struct mq_db_session *s, const struct mq_survey *sv,
			   const struct mq_survey_results *r)
{
	enum mq_err err = MQ_OK;

	mq_html_raw(b, "<p><a href=\"/console/surveys\">← 全部问卷</a></p>\n");
	mq_html_printf(b, "<p>填写日期 %s 至 %s · 共 %lld 份答卷（终端和手机）</p>\n",
		       sv->starts, sv->ends, (long long)r->responses);
	mq_console_saved_notice(b, hc->req->query);
	for (size_t q = 0; q < sv->n_questions && err == MQ_OK; q++) {
		struct texts l = { b, s, sv->id, (int64_t)q + 1, 0 };

		mq_html_printf(b, "<section class=\"card\"><h2>%zu. ", q + 1);
		mq_html_text(b, sv->questions[q].text);
		mq_html_raw(b, "</h2>\n");
		if (sv->questions[q].kind != MQ_SURVEY_TEXT) {
			choice(b, sv, r, q);
		} else {
			mq_html_printf(b, "<p>%lld 人填写了这一题。</p><ul class=\"answers\">\n",
				       (long long)r->texts[q]);
			err = hc->srv->db->survey_texts_iterate(hc->srv->db->cls, sv->id, text_row, &l);
			if (l.n == 0)
				mq_html_raw(b, "<li>还没有人填写。</li>\n");
			mq_html_raw(b, "</ul>\n");
		}
		mq_html_raw(b, "</section>\n");
	}
	return err;
}

void mq_console_survey_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_survey sv;
	struct mq_survey_results r;
	struct mq_html b;
	char *end = NULL;
	long long id = hc->param ? strtoll(hc->param, &end, 10) : 0;
	enum mq_err err;

	if (!mq_console_session_staff(hc, resp, &s, "问卷调查"))
		return;
	err = id > 0 && end && !*end ? mq_survey_load(hc->srv->db, &s.staff, id, &sv)
				     : MQ_ERR_NOT_FOUND;
	if (err == MQ_ERR_NOT_FOUND) {
		mq_console_message(resp, 404, &s, "没有找到这份问卷", "它不存在，或者不在您的范围内。");
		return;
	}
	if (err == MQ_OK && (err = mq_survey_results(hc->srv->db, &sv, &r)) != MQ_OK)
		mq_survey_finish(&sv);
	if (err != MQ_OK) {
		mq_console_message(resp, 503, &s, "暂时无法显示", "数据库暂时没有响应，请稍后再试。");
		return;
	}
	mq_html_init(&b);
	mq_console_begin(&b, sv.title, MQ_NAV_SURVEYS, &s);
	err = results(hc, &b, &s, &sv, &r);
	mq_survey_finish(&sv);
	mq_console_finish(&b, resp, &s, err);
}
