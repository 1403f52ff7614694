/* surveys_get.c — GET /console/surveys: 问卷调查. The questionnaires in
 * the account's scope (a street group: its studio's and its street's; an
 * admin: all), newest first, with their place, days, state and count of
 * responses, each linking to its results; and the form that defines a new
 * one (surveys_post.c): one studio or a whole street, the first and last
 * day, up to 10 questions (单选, 多选, 填空) of up to 8 options. The same
 * can be imported from a JSON file with `minqing-server survey-import`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_array.h"
#include "mq_candidate.h"
#include "mq_survey.h"

/* A survey of the list, copied out of the storage callback (names are
 * looked up after: no read inside another). */
struct row {
	int64_t id, responses;
	char title[4 * MQ_SURVEY_TITLE_MAX + 1];
	char studio[MQ_KEY_MAX + 1], street[MQ_KEY_MAX + 1];
	char starts[11], ends[11];
};

struct rows {
	struct row *v;
	size_t n;
	bool failed;
};

static bool add(void *cls, const struct mq_db_survey *s)
{
	struct rows *l = cls;
	struct row *r = mq_array_add(&l->v, &l->n, sizeof *l->v);

	if (!r) {
		l->failed = true;
		return false;
	}
	r->id = s->id;
	r->responses = s->responses;
	snprintf(r->title, sizeof r->title, "%s", s->title);
	snprintf(r->studio, sizeof r->studio, "%s", s->studio ? s->studio : "");
	snprintf(r->street, sizeof r->street, "%s", s->street);
	snprintf(r->starts, sizeof r->starts, "%s", s->starts);
	snprintf(r->ends, sizeof r->ends, "%s", s->ends);
	return true;
}

/* Where survey @p r goes, by name: the studio's, or its street's 全街道. */
static void place(struct mq_handler_ctx *hc, struct mq_html *b, const struct row *r)
{
	struct mq_console_list studios = { 0 };
	struct mq_db_studio st;
	bool named = false;

	if (r->studio[0]) {
		if (hc->srv->db->studio_get(hc->srv->db->cls, r->studio, &st) == MQ_OK)
			mq_html_text(b, st.name);
		else
			mq_html_text(b, r->studio);
		return;
	}
	(void)hc->srv->db->studios_iterate(hc->srv->db->cls, mq_console_list_add, &studios);
	for (size_t i = 0; !named && i < studios.n; i++)
		if (hc->srv->db->studio_get(hc->srv->db->cls, studios.items[i].key, &st) == MQ_OK &&
		    strcmp(st.street, r->street) == 0) {
			mq_html_printf(b, "%s（全街道）", st.street_name);
			named = true;
		}
	if (!named)
		mq_html_printf(b, "%s（全街道）", r->street);
	mq_console_list_finish(&studios);
}

static void list_rows(struct mq_handler_ctx *hc, struct mq_html *b, const struct rows *l,
		      const char *today)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct row *r = &l->v[i];
		const char *state = strcmp(today, r->starts) < 0 ? "未开始"
				    : strcmp(today, r->ends) > 0 ? "已结束" : "进行中";

		mq_html_printf(b, "<tr><th scope=\"row\"><a href=\"/console/surveys/%lld\">",
			       (long long)r->id);
		mq_html_text(b, r->title);
		mq_html_raw(b, "</a></th><td>");
		place(hc, b, r);
		mq_html_printf(b, "</td><td>%s 至 %s</td><td>%s</td><td class=\"num\">%lld</td></tr>\n",
			       r->starts, r->ends, state, (long long)r->responses);
	}
	if (l->n == 0)
		mq_html_raw(b, "<tr><td colspan=\"5\">还没有问卷。</td></tr>\n");
}

/* The <option>s of where a survey may go: each studio @p who may use, and its street. */
static void scope_options(struct mq_handler_ctx *hc, struct mq_html *b,
			  const struct mq_db_staff *who, const char *chosen)
{
	struct mq_db *db = hc->srv->db;
	struct mq_console_list studios = { 0 };
	const char *own = mq_account_studio(who);
	char seen[16][MQ_KEY_MAX + 1];
	size_t n_seen = 0;
	struct mq_db_studio st;

	(void)db->studios_iterate(db->cls, mq_console_list_add, &studios);
	for (size_t i = 0; i < studios.n; i++) {
		bool dup = false;

		if ((own && strcmp(own, studios.items[i].key)) ||
		    db->studio_get(db->cls, studios.items[i].key, &st) != MQ_OK)
			continue;
		mq_html_printf(b, "<option value=\"studio:%s\"%s>%s</option>", st.id,
			       chosen && strncmp(chosen, "studio:", 7) == 0 &&
					       strcmp(chosen + 7, st.id) == 0 ? " selected" : "",
			       st.name);
		for (size_t k = 0; k < n_seen; k++)
			dup = dup || strcmp(seen[k], st.street) == 0;
		if (dup || n_seen == 16)
			continue;
		snprintf(seen[n_seen++], MQ_KEY_MAX + 1, "%s", st.street);
		mq_html_printf(b, "<option value=\"street:%s\"%s>%s（全街道各工作室）</option>",
			       st.street,
			       chosen && strncmp(chosen, "street:", 7) == 0 &&
					       strcmp(chosen + 7, st.street) == 0 ? " selected" : "",
			       st.street_name);
	}
	mq_console_list_finish(&studios);
}

/* The value of field @p name of @p kept (NULL: none), "" when absent. */
static const char *kept_value(const struct mq_form *kept, const char *name)
{
	const char *v = kept ? mq_form_get(kept, name) : NULL;

	return v ? v : "";
}

/* One question's fields of the new-survey form, filled from @p kept. */
static void question_fields(struct mq_html *b, int q, const struct mq_form *kept)
{
	static const char *const kinds[][2] = { { "single", "单选" }, { "multiple", "多选" },
						{ "text", "填空（可不填）" } };
	char name[16];
	const char *kind;

	snprintf(name, sizeof name, "q%d", q);
	mq_html_printf(b, "<fieldset class=\"question\"><legend>第%d题%s</legend>\n"
		       "<div class=\"field\"><label for=\"q%d\">题目</label>"
		       "<input type=\"text\" id=\"q%d\" name=\"q%d\" size=\"60\" maxlength=\"%d\""
		       " value=\"%s\"%s></div>\n"
		       "<div class=\"field\"><label for=\"q%dkind\">类型</label>"
		       "<select id=\"q%dkind\" name=\"q%dkind\">",
		       q, q == 1 ? "" : "（不用的题目留空）", q, q, q, MQ_SURVEY_QUESTION_MAX,
		       kept_value(kept, name), q == 1 ? " required" : "", q, q, q);
	snprintf(name, sizeof name, "q%dkind", q);
	kind = kept_value(kept, name);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		mq_html_printf(b, "<option value=\"%s\"%s>%s</option>", kinds[k][0],
			       strcmp(kind, kinds[k][0]) == 0 ? " selected" : "", kinds[k][1]);
	snprintf(name, sizeof name, "q%dopts", q);
	mq_html_printf(b, "</select></div>\n"
		       "<div class=\"field\"><label for=\"q%dopts\">选项（每行一个，2到8个；填空题不填）</label>"
		       "<textarea id=\"q%dopts\" name=\"q%dopts\" rows=\"3\">%s</textarea></div>\n"
		       "</fieldset>\n", q, q, q, kept_value(kept, name));
}

/* The form of a new survey; @p kept (NULL: none) is a refused one's fields,
 * shown again under @p error. */
static void new_form(struct mq_handler_ctx *hc, struct mq_html *b, const struct mq_db_session *s,
		     const char *error, const struct mq_form *kept)
{
	char today[11];
	const char *starts = kept_value(kept, "starts"), *ends = kept_value(kept, "ends");

	mq_candidate_today(hc->req->now, today);
	mq_html_raw(b, "<section class=\"card\"><h2>新建问卷</h2>\n");
	if (error) {
		mq_html_raw(b, "<div class=\"error\" role=\"alert\"><p><strong>没有发布：</strong>");
		mq_html_text(b, error);
		mq_html_raw(b, "请改正后重新提交。</p></div>\n<details open>");
	} else {
		mq_html_raw(b, "<details>");
	}
	mq_html_raw(b, "<summary>填写问卷内容</summary>\n<form method=\"post\" action=\"/console/surveys\">");
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<div class=\"field\"><label for=\"s-scope\">发放范围</label>"
		       "<select id=\"s-scope\" name=\"scope\">");
	scope_options(hc, b, &s->staff, kept ? mq_form_get(kept, "scope") : NULL);
	mq_html_printf(b, "</select></div>\n"
		       "<div class=\"field\"><label for=\"s-title\">问卷名称</label>"
		       "<input type=\"text\" id=\"s-title\" name=\"title\" size=\"40\" maxlength=\"%d\""
		       " value=\"%s\" required></div>\n"
		       "<div class=\"field\"><label for=\"s-starts\">开始日期</label>"
		       "<input type=\"date\" id=\"s-starts\" name=\"starts\" value=\"%s\" required></div>\n"
		       "<div class=\"field\"><label for=\"s-ends\">结束日期（当天仍可填写）</label>"
		       "<input type=\"date\" id=\"s-ends\" name=\"ends\" value=\"%s\" required></div>\n",
		       MQ_SURVEY_TITLE_MAX, kept_value(kept, "title"), starts[0] ? starts : today,
		       ends[0] ? ends : today);
	for (int q = 1; q <= 3; q++)
		question_fields(b, q, kept);
	mq_html_printf(b, "<details><summary>更多题目（最多%d题）</summary>\n", MQ_SURVEY_QUESTIONS_MAX);
	for (int q = 4; q <= MQ_SURVEY_QUESTIONS_MAX; q++)
		question_fields(b, q, kept);
	mq_html_raw(b, "</details>\n");
	mq_html_raw(b, "<button type=\"submit\">发布问卷</button></form></details>\n"
		       "<p class=\"hint\">也可以用 JSON 文件导入：<code>minqing-server survey-import 文件</code>"
		       "（格式见手册）。问卷发布后在终端“问卷调查”和手机“民情E点通”上填写，"
		       "每人每份填写一次，不记名。</p></section>\n");
}

void mq_console_surveys_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;

	if (mq_console_session_staff(hc, resp, &s, "问卷调查"))
		mq_console_surveys_page(hc, resp, &s, 200, NULL, NULL);
}

void mq_console_surveys_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const struct mq_db_session *sp, unsigned int status, const char *error,
			     const struct mq_form *kept)
{
	struct mq_db_session s = *sp;
	struct mq_html b;
	char today[11];
	struct rows l = { 0 };
	struct mq_db_survey_filter f = { 0 };
	enum mq_err err;

	mq_candidate_today(hc->req->now, today);
	f.studio = mq_account_studio(&s.staff);
	err = hc->srv->db->surveys_iterate(hc->srv->db->cls, &f, add, &l);
	if (err == MQ_OK && l.failed)
		err = MQ_ERR_NOMEM;
	mq_html_init(&b);
	mq_console_begin(&b, "问卷调查", MQ_NAV_SURVEYS, &s);
	mq_html_raw(&b, "<section class=\"card\"><h2>全部问卷</h2>\n"
		       "<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"全部问卷\"><table>"
		       "<thead><tr><th scope=\"col\">问卷</th><th scope=\"col\">范围</th>"
		       "<th scope=\"col\">填写日期</th><th scope=\"col\">状态</th>"
		       "<th scope=\"col\" class=\"num\">答卷</th></tr></thead><tbody>\n");
	list_rows(hc, &b, &l, today);
	mq_html_raw(&b, "</tbody></table></div></section>\n");
	free(l.v);
	if (mq_account_can_edit(&s.staff))
		new_form(hc, &b, &s, error, kept);
	if (err == MQ_OK && status != 200)
		mq_console_end(&b, resp, status);
	else
		mq_console_finish(&b, resp, &s, err);
}
