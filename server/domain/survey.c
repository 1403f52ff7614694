/* survey.c — questionnaires (mq_survey.h): defining one (console form or
 * import file), checking and storing responses from kiosks and phones,
 * the results and their CSV, moderation of free text, the state pull's
 * `surveys`. Every write is one transaction with typed input. */
#include "mq_survey.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_candidate.h"
#include "mq_date.h"
#include "mq_wire.h"

static const char *const kind_keys[] = { "single", "multiple", "text" };

const char *mq_survey_kind_key(enum mq_survey_kind k)
{
	return (unsigned int)k < 3 ? kind_keys[k] : "text";
}

bool mq_survey_kind_parse(const char *key, enum mq_survey_kind *out)
{
	for (int i = 0; key && i < 3; i++)
		if (strcmp(key, kind_keys[i]) == 0) {
			*out = (enum mq_survey_kind)i;
			return true;
		}
	return false;
}

/* ---- the file format and the stored questions ---------------------------- */

/* Question @p q of JSON @p j into @p out; false (reason in @p msg) on a bad shape. */
static bool question_from_json(const json_t *j, size_t n, struct mq_survey_question *out,
			       char *msg, size_t size)
{
	const json_t *opts = json_object_get(j, "options");
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)j, key, v)
		if (strcmp(key, "text") && strcmp(key, "kind") && strcmp(key, "options"))
			return snprintf(msg, size, "第%zu题有不认识的字段“%s”。", n, key), false;
	out->text = json_string_value(json_object_get(j, "text"));
	if (!json_is_object(j) || !out->text)
		return snprintf(msg, size, "第%zu题缺少题目文字（text）。", n), false;
	if (!mq_survey_kind_parse(json_string_value(json_object_get(j, "kind")), &out->kind))
		return snprintf(msg, size, "第%zu题的类型（kind）应为 single、multiple 或 text。",
				n), false;
	if (opts && !json_is_array(opts))
		return snprintf(msg, size, "第%zu题的选项（options）应是一列文字。", n), false;
	if (json_array_size(opts) > MQ_SURVEY_OPTIONS_MAX)
		return snprintf(msg, size, "第%zu题的选项超过%d个。", n, MQ_SURVEY_OPTIONS_MAX),
		       false;
	out->n_options = 0;
	json_array_foreach(opts, i, v) {
		if (!json_is_string(v))
			return snprintf(msg, size, "第%zu题的选项应是文字。", n), false;
		out->options[out->n_options++] = json_string_value(v);
	}
	return true;
}

bool mq_survey_from_json(const json_t *json, struct mq_survey_in *in, char *msg, size_t size)
{
	static const char *const fields[] = { "studio", "street", "title", "starts", "ends",
					      "questions", NULL };
	const json_t *qs = json_object_get(json, "questions");
	const char *key;
	json_t *v;
	size_t i;

	memset(in, 0, sizeof *in);
	if (!json_is_object(json))
		return snprintf(msg, size, "文件内容应是一个 JSON 对象。"), false;
	json_object_foreach((json_t *)json, key, v) {
		for (i = 0; fields[i] && strcmp(fields[i], key); i++)
			;
		if (!fields[i] || (!json_is_string(v) && strcmp(key, "questions")))
			return snprintf(msg, size, "字段“%s”不认识或不是文字。", key), false;
	}
	in->studio = json_string_value(json_object_get(json, "studio"));
	in->street = json_string_value(json_object_get(json, "street"));
	in->title = json_string_value(json_object_get(json, "title"));
	in->starts = json_string_value(json_object_get(json, "starts"));
	in->ends = json_string_value(json_object_get(json, "ends"));
	if (!json_is_array(qs) || json_array_size(qs) == 0)
		return snprintf(msg, size, "缺少题目（questions）。"), false;
	if (json_array_size(qs) > MQ_SURVEY_QUESTIONS_MAX)
		return snprintf(msg, size, "题目超过%d道。", MQ_SURVEY_QUESTIONS_MAX), false;
	json_array_foreach(qs, i, v)
		if (!question_from_json(v, i + 1, &in->questions[in->n_questions++], msg, size))
			return false;
	return true;
}

/* The questions of @p in as stored: [{text, kind, options}]. */
static json_t *questions_json(const struct mq_survey_question *qs, size_t n)
{
	json_t *all = json_array();

	for (size_t i = 0; all && i < n; i++) {
		json_t *opts = json_array();
		for (size_t k = 0; opts && k < qs[i].n_options; k++)
			json_array_append_new(opts, json_string(qs[i].options[k]));
		if (json_array_append_new(all, json_pack("{s:s, s:s, s:o*}", "text", qs[i].text,
							 "kind", mq_survey_kind_key(qs[i].kind),
							 "options", opts)) != 0) {
			json_decref(all);
			return NULL;
		}
	}
	return all;
}

/* ---- defining one ---------------------------------------------------------- */

/* False (reason in @p msg) unless question @p q (number @p n) keeps the rules. */
static bool question_ok(const struct mq_survey_question *q, size_t n, char *msg, size_t size)
{
	if (!q->text || !q->text[0] || !mq_workflow_fits(q->text, MQ_SURVEY_QUESTION_MAX))
		return snprintf(msg, size, "第%zu题的题目应为1到%d字。", n,
				MQ_SURVEY_QUESTION_MAX), false;
	if (q->kind == MQ_SURVEY_TEXT && q->n_options)
		return snprintf(msg, size, "第%zu题是填空题，不能有选项。", n), false;
	if (q->kind != MQ_SURVEY_TEXT && (q->n_options < 2 || q->n_options > MQ_SURVEY_OPTIONS_MAX))
		return snprintf(msg, size, "第%zu题是选择题，应有2到%d个选项。", n,
				MQ_SURVEY_OPTIONS_MAX), false;
	for (size_t k = 0; k < q->n_options; k++)
		if (!q->options[k] || !q->options[k][0] ||
		    !mq_workflow_fits(q->options[k], MQ_SURVEY_OPTION_MAX))
			return snprintf(msg, size, "第%zu题的第%zu个选项应为1到%d字。", n, k + 1,
					MQ_SURVEY_OPTION_MAX), false;
	return true;
}

/* True when @p s is a real date YYYY-MM-DD. */
static bool date_ok(const char *s)
{
	struct mq_date d;

	return s && mq_workflow_date_ok(s) && mq_date_parse(s, &d);
}

/* Is there a studio in street @p street? Its name into @p name. */
static bool street_known(struct mq_db *db, const char *street, char *name, size_t size);

struct create_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_survey_in *in;
	int64_t now, id;
	char street[MQ_KEY_MAX + 1];
	const char *studio;
	char msg[160];
};

/* Where the survey goes (studio or street), in @p who's scope. */
static enum mq_err create_place(struct create_tx *tx)
{
	const struct mq_survey_in *in = tx->in;
	const char *own = tx->who ? mq_account_studio(tx->who) : NULL;
	bool has_studio = in->studio && in->studio[0], has_street = in->street && in->street[0];
	struct mq_db_studio st;
	char name[MQ_DB_NAME_MAX];

	if (has_studio == has_street)
		return snprintf(tx->msg, sizeof tx->msg, "请选择一个工作室，或者整个街道（二选一）。"),
		       MQ_ERR_INVALID;
	if (has_studio) {
		if (tx->db->studio_get(tx->db->cls, in->studio, &st) != MQ_OK)
			return snprintf(tx->msg, sizeof tx->msg, "没有这个工作室。"),
			       MQ_ERR_INVALID;
		if (own && strcmp(own, in->studio))
			return MQ_ERR_NOT_FOUND;
		tx->studio = in->studio;
		snprintf(tx->street, sizeof tx->street, "%s", st.street);
		return MQ_OK;
	}
	if (!street_known(tx->db, in->street, name, sizeof name))
		return snprintf(tx->msg, sizeof tx->msg, "没有这个街道。"), MQ_ERR_INVALID;
	if (own && (tx->db->studio_get(tx->db->cls, own, &st) != MQ_OK ||
		    strcmp(st.street, in->street)))
		return MQ_ERR_NOT_FOUND;
	snprintf(tx->street, sizeof tx->street, "%s", in->street);
	return MQ_OK;
}

static enum mq_err create_check(struct create_tx *tx)
{
	const struct mq_survey_in *in = tx->in;
	char today[11];
	enum mq_err err;

	if (tx->who && !mq_account_can_edit(tx->who))
		return MQ_ERR_AUTH;
	if ((err = create_place(tx)) != MQ_OK)
		return err;
	if (!in->title || !in->title[0] || !mq_workflow_fits(in->title, MQ_SURVEY_TITLE_MAX))
		return snprintf(tx->msg, sizeof tx->msg, "请填写问卷名称（不超过%d字）。",
				MQ_SURVEY_TITLE_MAX), MQ_ERR_INVALID;
	mq_candidate_today(tx->now, today);
	if (!date_ok(in->starts) || !date_ok(in->ends) || strcmp(in->starts, in->ends) > 0)
		return snprintf(tx->msg, sizeof tx->msg,
				"请填写开始和结束日期（YYYY-MM-DD，结束不早于开始）。"), MQ_ERR_INVALID;
	if (strcmp(in->ends, today) < 0)
		return snprintf(tx->msg, sizeof tx->msg, "结束日期已经过去。"), MQ_ERR_INVALID;
	if (in->n_questions == 0 || in->n_questions > MQ_SURVEY_QUESTIONS_MAX)
		return snprintf(tx->msg, sizeof tx->msg, "问卷应有1到%d道题。",
				MQ_SURVEY_QUESTIONS_MAX), MQ_ERR_INVALID;
	for (size_t i = 0; i < in->n_questions; i++)
		if (!question_ok(&in->questions[i], i + 1, tx->msg, sizeof tx->msg))
			return MQ_ERR_INVALID;
	return MQ_OK;
}

static enum mq_err create_cb(void *cls)
{
	static const struct mq_db_staff cli = { .username = "cli", .role = MQ_ROLE_ADMIN };
	struct create_tx *tx = cls;
	const struct mq_survey_in *in = tx->in;
	const struct mq_db_staff *who = tx->who ? tx->who : &cli;
	enum mq_err err = create_check(tx);
	json_t *qs, *after;
	char *text, subject[24];
	struct mq_db_survey s;

	if (err != MQ_OK)
		return err;
	if (!(qs = questions_json(in->questions, in->n_questions)) ||
	    !(text = json_dumps(qs, JSON_COMPACT))) {
		json_decref(qs);
		return MQ_ERR_NOMEM;
	}
	s = (struct mq_db_survey){ .street = tx->street, .studio = tx->studio,
				   .title = in->title, .starts = in->starts, .ends = in->ends,
				   .questions = text, .created_by = who->username,
				   .created_at = tx->now };
	err = tx->db->survey_insert(tx->db->cls, &s, &tx->id);
	free(text);
	if (err != MQ_OK) {
		json_decref(qs);
		return err;
	}
	after = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:o}", "id", (json_int_t)tx->id,
			  "street", tx->street, "studio", tx->studio, "title", in->title, "starts",
			  in->starts, "ends", in->ends, "questions", qs);
	if (!after)
		return MQ_ERR_NOMEM;
	snprintf(subject, sizeof subject, "survey/%lld", (long long)tx->id);
	return mq_audit(tx->db, who, tx->now, tx->studio, "survey.create", subject, NULL, after);
}

enum mq_err mq_survey_create(struct mq_db *db, const struct mq_db_staff *who,
			     const struct mq_survey_in *in, int64_t now, char *msg, size_t size,
			     int64_t *id)
{
	struct create_tx tx = { .db = db, .who = who, .in = in, .now = now };
	enum mq_err err = db->run_tx(db->cls, "survey_create", create_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	*id = err == MQ_OK ? tx.id : 0;
	return err;
}

/* ---- streets ---------------------------------------------------------------- */

#define STREET_STUDIOS_MAX 256

struct studio_keys {
	char keys[STREET_STUDIOS_MAX][MQ_KEY_MAX + 1];
	size_t n;
};

static bool studio_key(void *cls, const struct mq_db_named *n)
{
	struct studio_keys *k = cls;

	if (k->n < STREET_STUDIOS_MAX)
		snprintf(k->keys[k->n++], MQ_KEY_MAX + 1, "%s", n->key);
	return true;
}

/* The studios are read first, then each looked up: no read inside another. */
static bool street_known(struct mq_db *db, const char *street, char *name, size_t size)
{
	struct studio_keys *k = calloc(1, sizeof *k);
	struct mq_db_studio st;
	bool found = false;

	if (!k || db->studios_iterate(db->cls, studio_key, k) != MQ_OK) {
		free(k);
		return false;
	}
	for (size_t i = 0; !found && i < k->n; i++)
		if (db->studio_get(db->cls, k->keys[i], &st) == MQ_OK &&
		    strcmp(st.street, street) == 0) {
			snprintf(name, size, "%s", st.street_name);
			found = true;
		}
	free(k);
	return found;
}

/* ---- reading one ------------------------------------------------------------ */

struct load {
	struct mq_survey *s;
	enum mq_err err;
};

static bool survey_got(void *cls, const struct mq_db_survey *row)
{
	struct load *l = cls;
	struct mq_survey *s = l->s;
	json_t *qs = json_loads(row->questions, 0, NULL);
	const json_t *title;
	size_t i;
	json_t *q;
	char msg[160];

	s->id = row->id;
	snprintf(s->street, sizeof s->street, "%s", row->street);
	snprintf(s->studio, sizeof s->studio, "%s", row->studio ? row->studio : "");
	snprintf(s->starts, sizeof s->starts, "%s", row->starts);
	snprintf(s->ends, sizeof s->ends, "%s", row->ends);
	s->responses = row->responses;
	s->json = json_pack("{s:s, s:o?}", "title", row->title, "questions", qs);
	l->err = s->json && json_is_array(qs) ? MQ_OK : MQ_ERR_DB;
	if (l->err != MQ_OK)
		return false;
	title = json_object_get(s->json, "title");
	s->title = json_string_value(title);
	json_array_foreach(qs, i, q)
		if (i >= MQ_SURVEY_QUESTIONS_MAX ||
		    !question_from_json(q, i + 1, &s->questions[s->n_questions++], msg, sizeof msg))
			l->err = MQ_ERR_DB;
	return false;
}

enum mq_err mq_survey_load(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
			   struct mq_survey *out)
{
	struct load l = { out, MQ_ERR_NOT_FOUND };
	const char *own = who ? mq_account_studio(who) : NULL;
	enum mq_err err;
	struct mq_db_studio st;

	memset(out, 0, sizeof *out);
	err = db->survey_get(db->cls, id, survey_got, &l);
	if (err == MQ_OK)
		err = l.err;
	if (err == MQ_OK && own &&
	    (out->studio[0] ? strcmp(own, out->studio) != 0
			    : (db->studio_get(db->cls, own, &st) != MQ_OK ||
			       strcmp(st.street, out->street) != 0)))
		err = MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		mq_survey_finish(out);
	return err;
}

void mq_survey_finish(struct mq_survey *s)
{
	json_decref(s->json);
	memset(s, 0, sizeof *s);
}

bool mq_survey_is_open(const struct mq_survey *s, int64_t now)
{
	char today[11];

	mq_candidate_today(now, today);
	return strcmp(s->starts, today) <= 0 && strcmp(today, s->ends) <= 0;
}

/* ---- responses ---------------------------------------------------------------- */

bool mq_survey_answers_from_json(const json_t *answers, struct mq_survey_response_in *in,
				 char *msg, size_t size)
{
	const char *why = mq_wire_survey_answers_check(answers);
	size_t i, k;
	json_t *a, *o;

	in->n_answers = 0;
	if (why)
		return snprintf(msg, size, "%s", why), false;
	json_array_foreach(answers, i, a) {
		struct mq_survey_answer *x = &in->answers[in->n_answers++];
		x->q = (int)json_integer_value(json_object_get(a, "q"));
		x->text = json_string_value(json_object_get(a, "text"));
		x->n_options = 0;
		json_array_foreach(json_object_get(a, "options"), k, o)
			x->options[x->n_options++] = (int)json_integer_value(o);
	}
	return true;
}

/* False (reason in @p msg) unless answer @p a fits question @p q of @p s. */
static bool answer_ok(const struct mq_survey_question *q, const struct mq_survey_answer *a,
		      char *msg, size_t size)
{
	if (q->kind == MQ_SURVEY_TEXT) {
		if (a->n_options || !mq_workflow_fits(a->text, MQ_SURVEY_TEXT_MAX))
			return snprintf(msg, size, "第%d题请填写不超过%d字。", a->q,
					MQ_SURVEY_TEXT_MAX), false;
		return true;
	}
	if (a->text || a->n_options == 0 || (q->kind == MQ_SURVEY_SINGLE && a->n_options != 1))
		return snprintf(msg, size, "第%d题请%s。", a->q,
				q->kind == MQ_SURVEY_SINGLE ? "选一项" : "至少选一项"), false;
	for (size_t i = 0; i < a->n_options; i++) {
		if (a->options[i] < 1 || (size_t)a->options[i] > q->n_options)
			return snprintf(msg, size, "第%d题没有第%d个选项。", a->q, a->options[i]),
			       false;
		for (size_t j = 0; j < i; j++)
			if (a->options[j] == a->options[i])
				return snprintf(msg, size, "第%d题的选项重复了。", a->q), false;
	}
	return true;
}

/* False (reason in @p msg) unless @p in answers every choice question of @p s once. */
static bool answers_ok(const struct mq_survey *s, const struct mq_survey_response_in *in,
		       char *msg, size_t size)
{
	bool seen[MQ_SURVEY_QUESTIONS_MAX] = { false };

	for (size_t i = 0; i < in->n_answers; i++) {
		const struct mq_survey_answer *a = &in->answers[i];
		if (a->q < 1 || (size_t)a->q > s->n_questions || seen[a->q - 1])
			return snprintf(msg, size, "第%d题不存在或答了两次。", a->q), false;
		seen[a->q - 1] = true;
		if (!answer_ok(&s->questions[a->q - 1], a, msg, size))
			return false;
	}
	for (size_t q = 0; q < s->n_questions; q++)
		if (!seen[q] && s->questions[q].kind != MQ_SURVEY_TEXT)
			return snprintf(msg, size, "第%zu题还没有回答。", q + 1), false;
	return true;
}

enum mq_err mq_survey_check_response(struct mq_db *db, const struct mq_survey_response_in *in,
				     int64_t now, char *msg, size_t size)
{
	struct mq_survey s;
	struct mq_db_studio st;
	enum mq_err err = mq_survey_load(db, NULL, in->survey, &s);
	bool here;

	if (err == MQ_ERR_NOT_FOUND)
		return snprintf(msg, size, "没有这份问卷。"), MQ_ERR_INVALID;
	if (err != MQ_OK)
		return err;
	here = s.studio[0] ? strcmp(s.studio, in->studio) == 0
			   : db->studio_get(db->cls, in->studio, &st) == MQ_OK &&
				     strcmp(st.street, s.street) == 0;
	if (!here)
		err = (snprintf(msg, size, "这份问卷不在本工作室。"), MQ_ERR_INVALID);
	else if (!mq_survey_is_open(&s, now))
		err = (snprintf(msg, size, "这份问卷不在填写时间内。"), MQ_ERR_INVALID);
	else if (!answers_ok(&s, in, msg, size))
		err = MQ_ERR_INVALID;
	mq_survey_finish(&s);
	return err;
}

enum mq_err mq_survey_store_response(struct mq_db *db, const struct mq_survey_response_in *in)
{
	struct mq_db_survey_response r = { .survey = in->survey, .channel = in->channel,
					   .voter = in->voter, .created_at = in->created_at };
	int64_t id;
	enum mq_err err = db->survey_response_insert(db->cls, &r, &id);

	for (size_t i = 0; err == MQ_OK && i < in->n_answers; i++) {
		const struct mq_survey_answer *a = &in->answers[i];
		if (!a->n_options && a->text && a->text[0])
			err = db->survey_answer_insert(db->cls, id, a->q, 0, a->text);
		for (size_t k = 0; err == MQ_OK && k < a->n_options; k++)
			err = db->survey_answer_insert(db->cls, id, a->q, a->options[k], NULL);
	}
	return err;
}

struct respond_tx {
	struct mq_db *db;
	const struct mq_survey_response_in *in;
	int64_t now;
	char msg[160];
};

static enum mq_err respond_cb(void *cls)
{
	struct respond_tx *tx = cls;
	enum mq_err err = mq_survey_check_response(tx->db, tx->in, tx->now, tx->msg,
						   sizeof tx->msg);

	return err == MQ_OK ? mq_survey_store_response(tx->db, tx->in) : err;
}

enum mq_err mq_survey_respond(struct mq_db *db, const struct mq_survey_response_in *in,
			      int64_t now, char *msg, size_t size)
{
	struct respond_tx tx = { .db = db, .in = in, .now = now };
	enum mq_err err = db->run_tx(db->cls, "survey_respond", respond_cb, &tx);

	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "%s", tx.msg);
	return err;
}

/* ---- results ---------------------------------------------------------------- */

static bool count_got(void *cls, int64_t q, int64_t k, int64_t count)
{
	struct mq_survey_results *r = cls;

	if (q >= 1 && q <= MQ_SURVEY_QUESTIONS_MAX && k >= 1 && k <= MQ_SURVEY_OPTIONS_MAX)
		r->counts[q - 1][k - 1] = count;
	return true;
}

static bool text_got(void *cls, const struct mq_db_survey_text *t)
{
	struct mq_survey_results *r = cls;

	if (t->q >= 1 && t->q <= MQ_SURVEY_QUESTIONS_MAX)
		r->texts[t->q - 1]++;
	return true;
}

enum mq_err mq_survey_results(struct mq_db *db, const struct mq_survey *s,
			      struct mq_survey_results *out)
{
	enum mq_err err;

	memset(out, 0, sizeof *out);
	out->responses = s->responses;
	err = db->survey_counts(db->cls, s->id, count_got, out);
	if (err == MQ_OK)
		err = db->survey_texts_iterate(db->cls, s->id, text_got, out);
	return err;
}

void mq_survey_csv(struct mq_buf *b, const struct mq_survey *s, const struct mq_survey_results *r)
{
	mq_buf_add(b, "question,option,count\n");
	for (size_t q = 0; q < s->n_questions; q++) {
		const struct mq_survey_question *x = &s->questions[q];
		for (size_t k = 0; k < x->n_options; k++) {
			mq_buf_add_csv(b, x->text);
			mq_buf_add(b, ",");
			mq_buf_add_csv(b, x->options[k]);
			mq_buf_printf(b, ",%lld\n", (long long)r->counts[q][k]);
		}
		if (x->kind == MQ_SURVEY_TEXT) {
			mq_buf_add_csv(b, x->text);
			mq_buf_printf(b, ",,%lld\n", (long long)r->texts[q]);
		}
	}
	mq_buf_printf(b, "responses,,%lld\n", (long long)r->responses);
}

/* ---- moderation ---------------------------------------------------------------- */

struct hide_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	int64_t survey, answer, now;
	bool hidden;
};

static enum mq_err hide_cb(void *cls)
{
	struct hide_tx *tx = cls;
	struct mq_survey s;
	char subject[48];
	enum mq_err err;

	if (!mq_account_can_edit(tx->who))
		return MQ_ERR_AUTH;
	if ((err = mq_survey_load(tx->db, tx->who, tx->survey, &s)) != MQ_OK)
		return err;
	err = tx->db->survey_text_hide(tx->db->cls, tx->survey, tx->answer, tx->hidden);
	snprintf(subject, sizeof subject, "survey/%lld/answer/%lld", (long long)tx->survey,
		 (long long)tx->answer);
	if (err == MQ_OK)
		err = mq_audit(tx->db, tx->who, tx->now, s.studio[0] ? s.studio : NULL,
			       tx->hidden ? "survey.text_hide" : "survey.text_show", subject, NULL,
			       NULL);
	mq_survey_finish(&s);
	return err;
}

enum mq_err mq_survey_text_hide(struct mq_db *db, const struct mq_db_staff *who, int64_t survey,
				int64_t answer, bool hidden, int64_t now)
{
	struct hide_tx tx = { db, who, survey, answer, now, hidden };

	return db->run_tx(db->cls, "survey_text_hide", hide_cb, &tx);
}

/* ---- the kiosks' state pull ------------------------------------------------ */

static bool add_survey(void *cls, const struct mq_db_survey *s)
{
	json_t *qs = json_loads(s->questions, 0, NULL);

	return qs && json_array_append_new(cls, json_pack("{s:I, s:s, s:o}", "id",
							  (json_int_t)s->id, "title", s->title,
							  "questions", qs)) == 0;
}

enum mq_err mq_survey_open_json(struct mq_db *db, const char *studio, int64_t now,
				json_t **out)
{
	char today[11];
	struct mq_db_survey_filter f = { .studio = studio, .open_on = today };
	enum mq_err err;

	mq_candidate_today(now, today);
	if (!(*out = json_array()))
		return MQ_ERR_NOMEM;
	err = db->surveys_iterate(db->cls, &f, add_survey, *out);
	if (err != MQ_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}
