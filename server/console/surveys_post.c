/* surveys_post.c — POST /console/surveys: a street group or an admin
 * defines a questionnaire (surveys_get.c's form): scope (studio:ID or
 * street:KEY), title, starts, ends, and per question q<n>, q<n>kind and
 * q<n>opts (one option a line); questions left empty are skipped. It is
 * defined by mq_survey_create, as `survey-import` does; on success the
 * answer is 303 to its results page; a refused one gets the page again
 * (422) with the reason above the form, filled as it was sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_survey.h"

/* Bytes of one question's options as typed (8 options of 50 characters and line ends). */
#define OPTS_MAX (MQ_SURVEY_OPTIONS_MAX * (4 * MQ_SURVEY_OPTION_MAX + 2) + 64)

/* The questions' option lines, split in place. */
struct opts {
	char text[MQ_SURVEY_QUESTIONS_MAX][OPTS_MAX];
};

/* Split @p text into lines (blank ones dropped) as the options of @p q;
 * false when there are more than MQ_SURVEY_OPTIONS_MAX. */
static bool split_options(char *text, struct mq_survey_question *q)
{
	char *save = NULL;

	q->n_options = 0;
	for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			continue;
		if (q->n_options == MQ_SURVEY_OPTIONS_MAX)
			return false;
		q->options[q->n_options++] = line;
	}
	return true;
}

/* The form's questions into @p in; false (reason in @p msg) for too many options. */
static bool read_questions(struct mq_form *f, struct mq_survey_in *in, struct opts *o,
			   char *msg, size_t size)
{
	for (int n = 1; n <= MQ_SURVEY_QUESTIONS_MAX; n++) {
		struct mq_survey_question *q = &in->questions[in->n_questions];
		char name[16];
		const char *text, *opts;

		snprintf(name, sizeof name, "q%d", n);
		if (!(text = mq_form_text(f, name)))
			continue;
		q->text = text;
		snprintf(name, sizeof name, "q%dkind", n);
		if (!mq_survey_kind_parse(mq_form_get(f, name), &q->kind))
			q->kind = MQ_SURVEY_SINGLE;
		snprintf(name, sizeof name, "q%dopts", n);
		opts = mq_form_get(f, name);
		snprintf(o->text[in->n_questions], OPTS_MAX, "%s", opts ? opts : "");
		if (!split_options(o->text[in->n_questions], q)) {
			snprintf(msg, size, "第%d题的选项超过%d个。", n, MQ_SURVEY_OPTIONS_MAX);
			return false;
		}
		in->n_questions++;
	}
	return true;
}

void mq_console_surveys_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form f;
	struct mq_survey_in in = { 0 };
	struct opts *o = calloc(1, sizeof *o);
	const char *scope;
	char msg[200] = "", where[48];
	int64_t id = 0;
	enum mq_err err = MQ_ERR_INVALID;

	if (!o) {
		mq_console_message(resp, 503, NULL, "暂时无法保存", "服务器内存不足，请稍后再试。");
		return;
	}
	if (!mq_console_post(hc, resp, &s, &f)) {
		mq_form_finish(&f);
		free(o);
		return;
	}
	scope = mq_form_text(&f, "scope");
	if (scope && strncmp(scope, "studio:", 7) == 0)
		in.studio = scope + 7;
	else if (scope && strncmp(scope, "street:", 7) == 0)
		in.street = scope + 7;
	in.title = mq_form_text(&f, "title");
	in.starts = mq_form_text(&f, "starts");
	in.ends = mq_form_text(&f, "ends");
	if (read_questions(&f, &in, o, msg, sizeof msg))
		err = mq_survey_create(hc->srv->db, &s.staff, &in, hc->req->now, msg, sizeof msg,
				       &id);
	snprintf(where, sizeof where, "/console/surveys/%lld?ok=1", (long long)id);
	if (err == MQ_ERR_INVALID)   /* the form again, filled, saying what to change */
		mq_console_surveys_page(hc, resp, &s, 422, msg, &f);
	else
		mq_console_save_reply(resp, &s, err, where, msg, "没有找到这个工作室或街道。",
				      "委员账号只能查看，不能发布问卷。");
	mq_form_finish(&f);
	free(o);
}
