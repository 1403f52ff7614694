/* phone_survey.c — GET and POST /f/{studio}/survey/{id}: residents answer a
 * questionnaire (问卷调查) open at the studio from their phones, without
 * JavaScript: radio buttons for a single choice, check boxes for a multiple
 * choice, a text area for a free-text question. Anonymous and once per
 * browser: the voter cookie's digest is the response's voter, so a second
 * answer is told kindly and not counted. The POST passes the phone side's
 * guard (rate limits, form token, honeypot). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_digest.h"
#include "mq_log.h"
#include "mq_survey.h"
#include "phone.h"

/* The survey's id from the path (/f/{studio}/survey/{id}); 0 when none. */
static int64_t path_id(const struct phone_req *r)
{
	const char *slash = strrchr(r->hc->req->path, '/');
	char *end = NULL;
	long long id = slash ? strtoll(slash + 1, &end, 10) : 0;

	return end && *end == '\0' && id > 0 ? id : 0;
}

/* Whether option @p k of question @p q was posted (to keep a refused form filled). */
static bool posted(struct phone_req *r, size_t q, size_t k)
{
	const char *v[MQ_SURVEY_OPTIONS_MAX];
	char name[8], want[8];
	size_t n;

	snprintf(name, sizeof name, "q%zu", q + 1);
	snprintf(want, sizeof want, "%zu", k + 1);
	n = mq_form_all(&r->form, name, v, MQ_SURVEY_OPTIONS_MAX);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], want) == 0)
			return true;
	return false;
}

/* Question @p q of @p s as a fieldset, filled from the POST when there is one. */
static void question(struct mq_html *b, struct phone_req *r, const struct mq_survey *s,
		     size_t q)
{
	const struct mq_survey_question *x = &s->questions[q];
	char name[8];
	const char *text;

	snprintf(name, sizeof name, "q%zu", q + 1);
	mq_html_printf(b, "<fieldset class=\"card\"><legend id=\"q%zu-legend\">", q + 1);
	mq_html_printf(b, "%zu. ", q + 1);
	mq_html_text(b, x->text);
	if (x->kind == MQ_SURVEY_MULTIPLE)
		mq_html_raw(b, "<span class=\"hint\">（可多选）</span>");
	else if (x->kind == MQ_SURVEY_TEXT)
		mq_html_raw(b, "<span class=\"hint\">（可以不填）</span>");
	mq_html_raw(b, "</legend>\n");
	if (x->kind == MQ_SURVEY_TEXT) {
		snprintf(name, sizeof name, "q%zut", q + 1);
		text = mq_form_get(&r->form, name);
		mq_html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"4\" maxlength=\"%d\""
			       " aria-labelledby=\"q%zu-legend\">", name, name, MQ_SURVEY_TEXT_MAX,
			       q + 1);
		mq_html_text(b, text ? text : "");
		mq_html_raw(b, "</textarea>\n</fieldset>\n");
		return;
	}
	mq_html_raw(b, "<div class=\"choices\">");
	for (size_t k = 0; k < x->n_options; k++) {
		if (x->kind == MQ_SURVEY_MULTIPLE)
			mq_html_raw(b, "<label class=\"choice\"><input type=\"checkbox\"");
		else
			mq_html_raw(b, "<label class=\"choice\"><input type=\"radio\"");
		mq_html_printf(b, " name=\"%s\" value=\"%zu\"", name, k + 1);
		if (posted(r, q, k))
			mq_html_raw(b, " checked");
		mq_html_raw(b, "> ");
		mq_html_text(b, x->options[k]);
		mq_html_raw(b, "</label>\n");
	}
	mq_html_raw(b, "</div></fieldset>\n");
}

/* The questionnaire's page: @p note (a notice, or NULL) and @p error (an
 * alert, or NULL) above the form; with @p form false only the notice. */
static void survey_page(struct phone_req *r, struct mq_http_response *resp,
			const struct mq_survey *s, const char *note, const char *error, bool form)
{
	struct mq_html b;
	struct phone_errors e = { .n = 0 };
	char path[MQ_KEY_MAX + 48], back[MQ_KEY_MAX + 16];

	snprintf(path, sizeof path, "/f/%s/survey/%lld", r->studio.id, (long long)s->id);
	snprintf(back, sizeof back, "/f/%s", r->studio.id);
	mq_html_init(&b);
	phone_begin(&b, r, "民情E点通 · 问卷调查", s->title, path);
	if (error)
		phone_error(&e, error);
	phone_errors_card(&b, &e, note);
	if (form) {
		mq_html_raw(&b, "<section class=\"card intro\"><p>不用留姓名，每人填写一次。"
			       "填完请点最下面的“提交”。</p></section>\n");
		phone_form_open(&b, r, path);
		for (size_t q = 0; q < s->n_questions; q++)
			question(&b, r, s, q);
		mq_html_raw(&b, "<button type=\"submit\">提交</button>\n</form>\n");
	} else {
		mq_html_raw(&b, "<p><a class=\"button\" href=\"");
		mq_html_text(&b, back);
		mq_html_raw(&b, "\">返回民情E点通</a></p>\n");
	}
	phone_reply(resp, 200, &b);
}

/* The survey of the path, open at this studio today, into @p s; false when
 * answered already (a friendly 404). */
static bool load(struct phone_req *r, struct mq_http_response *resp, struct mq_survey *s)
{
	enum mq_err err = mq_survey_load(r->hc->srv->db, NULL, path_id(r), s);
	bool here = err == MQ_OK &&
		    (s->studio[0] ? strcmp(s->studio, r->studio.id) == 0
				  : strcmp(s->street, r->studio.street) == 0);

	if (err != MQ_OK && err != MQ_ERR_NOT_FOUND) {
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再打开本页。", NULL, NULL);
		return false;
	}
	if (!here || !mq_survey_is_open(s, r->hc->req->now)) {
		char back[MQ_KEY_MAX + 16];

		if (err == MQ_OK)
			mq_survey_finish(s);
		snprintf(back, sizeof back, "/f/%s", r->studio.id);
		phone_message(resp, r, 404, "没有找到这份问卷。",
			      "它可能已经结束了，或者不在这个工作室。", back, "返回民情E点通");
		return false;
	}
	return true;
}

void mq_public_phone_survey_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;
	struct mq_survey s;
	char v[PHONE_VOTER_HEX + 1];

	if (!phone_open(&r, hc, resp))
		return;
	if (load(&r, resp, &s)) {
		char digest[MQ_DIGEST_HEX + 1];
		bool answered = false;

		if (phone_new_token(&r, MQ_PHONE_FORM_SURVEY, resp)) {
			phone_voter(&r, resp, v);
			mq_digest_text(v, digest);
			/* a failed look-up shows the form: the answer is refused later if need be */
			(void)hc->srv->db->survey_response_exists(hc->srv->db->cls, s.id, digest,
								  &answered);
			survey_page(&r, resp, &s, answered ? "您已经填过这份问卷了，谢谢！" : NULL,
				    NULL, !answered);
		}
		mq_survey_finish(&s);
	}
	phone_close(&r);
}

/* The posted answers of @p s into @p in (borrowing from the form). */
static void read_answers(struct phone_req *r, const struct mq_survey *s,
			 struct mq_survey_response_in *in)
{
	for (size_t q = 0; q < s->n_questions; q++) {
		struct mq_survey_answer *a = &in->answers[in->n_answers];
		const char *v[MQ_SURVEY_OPTIONS_MAX];
		char name[8];
		size_t n;

		memset(a, 0, sizeof *a);
		a->q = (int)q + 1;
		if (s->questions[q].kind == MQ_SURVEY_TEXT) {
			snprintf(name, sizeof name, "q%zut", q + 1);
			a->text = mq_form_text(&r->form, name);
			in->n_answers += a->text != NULL;
			continue;
		}
		snprintf(name, sizeof name, "q%zu", q + 1);
		n = mq_form_all(&r->form, name, v, MQ_SURVEY_OPTIONS_MAX);
		for (size_t i = 0; i < n; i++) {
			char *end = NULL;
			long k = strtol(v[i], &end, 10);
			a->options[a->n_options++] = end && *end == '\0' && k > 0 && k < 100 ? (int)k : 0;
		}
		in->n_answers += n > 0;
	}
}

/* Stores the posted answers, and answers with the thanks or the form again. */
static void answer(struct phone_req *r, struct mq_http_response *resp, const struct mq_survey *s)
{
	struct mq_survey_response_in in = { .survey = s->id, .studio = r->studio.id,
					    .channel = "phone", .created_at = r->hc->req->now };
	char v[PHONE_VOTER_HEX + 1], digest[MQ_DIGEST_HEX + 1], msg[160] = "";
	enum mq_err err;

	phone_voter(r, resp, v);
	mq_digest_text(v, digest);
	in.voter = digest;
	read_answers(r, s, &in);
	err = mq_survey_respond(r->hc->srv->db, &in, r->hc->req->now, msg, sizeof msg);
	mq_log_info("phone", "survey %lld at %s: %s", (long long)s->id, r->studio.id,
		    err == MQ_OK ? "answered" : err == MQ_ERR_CONFLICT ? "this browser answered it already"
				    : err == MQ_ERR_INVALID ? msg : mq_strerror(err));
	if (err == MQ_OK)
		survey_page(r, resp, s, "谢谢您！您的回答已经记下了。", NULL, false);
	else if (err == MQ_ERR_CONFLICT)
		survey_page(r, resp, s, "您已经填过这份问卷了，每人只算一次。", NULL, false);
	else if (err == MQ_ERR_INVALID)
		survey_page(r, resp, s, NULL, msg, true);
	else {
		phone_message(resp, r, 503, "服务器暂时繁忙，这次没有记下。", "请稍后再试。",
			      NULL, NULL);
		mq_http_add_header(resp, "Retry-After", "30");
	}
}

void mq_public_phone_survey_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;
	struct mq_survey s;

	if (!phone_open(&r, hc, resp))
		return;
	if (!load(&r, resp, &s)) {
		phone_close(&r);
		return;
	}
	switch (phone_guard(&r, MQ_PHONE_FORM_SURVEY, resp)) {
	case PHONE_GO:
		answer(&r, resp, &s);
		break;
	case PHONE_EXPIRED:
		survey_page(&r, resp, &s, "这个页面打开太久了，请再点一次“提交”。", NULL, true);
		break;
	case PHONE_DECOY:
		survey_page(&r, resp, &s, "谢谢您！您的回答已经记下了。", NULL, false);
		break;
	case PHONE_ANSWERED:
		break;
	}
	mq_survey_finish(&s);
	phone_close(&r);
}

/* ---- links from the phone's front page --------------------------------------- */

struct links {
	struct mq_html *b;
	const struct phone_req *r;
	size_t n;
};

static bool any_candidate(void *cls, const struct mq_db_candidate *c)
{
	(void)c;
	++*(size_t *)cls;
	return false;
}

static bool survey_link(void *cls, const struct mq_db_survey *s)
{
	struct links *l = cls;

	l->n++;
	mq_html_printf(l->b, "<p>问卷调查：<a href=\"/f/%s/survey/%lld%s\">", l->r->studio.id,
		       (long long)s->id, l->r->large ? "?size=large" : "");
	mq_html_text(l->b, s->title);
	mq_html_raw(l->b, "</a></p>\n");
	return l->n < 5;
}

void phone_participation_links(struct mq_html *b, const struct phone_req *r)
{
	struct mq_db *db = r->hc->srv->db;
	char today[11];
	struct mq_db_candidate_filter cf = { .studio = r->studio.id, .open_on = today };
	struct mq_db_survey_filter sf = { .studio = r->studio.id, .open_on = today };
	struct links l = { b, r, 0 };
	size_t n = 0;

	mq_candidate_today(r->hc->req->now, today);
	if (db->candidates_iterate(db->cls, &cf, any_candidate, &n) == MQ_OK && n)
		mq_html_printf(b, "<p>委员们先商量哪件事？<a href=\"/f/%s/topics%s\">大家来选议题</a></p>\n",
			       r->studio.id, r->large ? "?size=large" : "");
	(void)db->surveys_iterate(db->cls, &sf, survey_link, &l);
}
