/* topic_get.c — GET /console/topics/{id}: one topic (议题) with
 * its linked opinions, its history, and a form for each step: research
 * (调研走访), consultation (协商办理, one of the five forms), feedback
 * (督查反馈: the published result) and closing, its deadlines (剩余/超期)
 * and its supervision orders (督办, issued here by the district). Members
 * see the record without the forms. Out of scope answers 404. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_stage.h"

/* The topic read for the page: a copy that outlives the storage callback. */
struct topic {
	json_t *t;
	enum mq_stage stage;
};

static bool got(void *cls, const struct mq_db_topic *t)
{
	struct topic *x = cls;

	x->t = mq_workflow_topic_json(t);
	x->stage = t->stage;
	return false;
}

static const char *js(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

static long long ji(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static bool opinion_row(void *cls, const struct mq_db_console_opinion *o)
{
	struct mq_html *b = cls;
	char when[32], text[200];

	mq_date_format_minute(o->op.created_at, when, sizeof when);
	mq_buf_excerpt(o->op.text, 50, text, sizeof text);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	mq_html_text_or(b, o->op.community_name, "—");
	mq_html_raw(b, "</td><td><a href=\"/console/opinions/");
	mq_html_text(b, o->op.id);
	mq_html_raw(b, "\">");
	mq_html_text(b, text);
	mq_html_raw(b, "</a></td><td class=\"num\">");
	if (o->stars)
		mq_html_printf(b, "%d", o->stars);
	else
		mq_html_raw(b, "—");
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

struct members {
	struct mq_html *b;
	json_t *involved;      /* keys */
	bool checkboxes;
};

static bool involved_row(void *cls, const struct mq_db_member *m)
{
	return json_array_append_new(cls, json_string(m->key)) == 0;
}

static bool is_involved(const json_t *keys, const char *key)
{
	size_t i;
	json_t *v;

	json_array_foreach(keys, i, v)
		if (strcmp(json_string_value(v), key) == 0)
			return true;
	return false;
}

static bool member_box(void *cls, const struct mq_db_member *m)
{
	struct members *x = cls;
	bool on = is_involved(x->involved, m->key);

	if (!x->checkboxes) {
		if (on) {
			mq_html_text(x->b, m->name);
			mq_html_raw(x->b, " ");
		}
		return true;
	}
	mq_html_raw(x->b, "<label style=\"font-weight:400;display:inline-block;margin-right:12px\">"
			 "<input type=\"checkbox\" name=\"members\" value=\"");
	mq_html_text(x->b, m->key);
	mq_html_printf(x->b, "\"%s> ", on ? " checked" : "");
	mq_html_text(x->b, m->name);
	mq_html_raw(x->b, "</label>");
	return true;
}

static bool event_row(void *cls, const struct mq_db_stage_event *e)
{
	struct mq_html *b = cls;
	char when[32];

	mq_date_format_minute(e->at, when, sizeof when);
	mq_html_printf(b, "<li><strong>%s</strong> · ", mq_stage_name(e->stage));
	mq_html_text(b, when);
	mq_console_event_notes(b, e);
	mq_html_raw(b, "</li>\n");
	return true;
}

static void textarea(struct mq_html *b, const char *name, const char *label, const char *value,
		     const char *hint, bool required)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"t-%s\">%s</label><textarea id=\"t-%s\""
		       " name=\"%s\" maxlength=\"2000\"%s>", name, label, name, name,
		       required ? " required" : "");
	mq_html_text(b, value);
	mq_html_raw(b, "</textarea>");
	if (hint)
		mq_html_printf(b, "<p class=\"hint\">%s</p>", hint);
	mq_html_raw(b, "</div>\n");
}

static void input(struct mq_html *b, const char *type, const char *name, const char *label,
		  const char *value)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"t-%s\">%s</label><input type=\"%s\""
		       " id=\"t-%s\" name=\"%s\" value=\"", name, label, type, name, name);
	mq_html_text(b, value);
	mq_html_raw(b, "\"></div>\n");
}

static void form_open(struct mq_html *b, const json_t *t, const struct mq_db_session *s,
		      const char *action)
{
	mq_html_raw(b, "<form method=\"post\" action=\"/console/topics/");
	mq_html_text(b, js(t, "id"));
	mq_html_printf(b, "\"><input type=\"hidden\" name=\"action\" value=\"%s\">", action);
	mq_console_csrf_field(b, s);
}

static void notes(struct mq_html *b, const char *action)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"%s-pub\">给居民的进展说明（可选）</label>"
		       "<textarea id=\"%s-pub\" name=\"public_note\" maxlength=\"2000\"></textarea>"
		       "<p class=\"hint\">会显示在每位相关居民的查询页面上。</p></div>\n"
		       "<div class=\"field\"><label for=\"%s-int\">内部备注（可选）</label>"
		       "<textarea id=\"%s-int\" name=\"internal_note\" maxlength=\"2000\"></textarea></div>\n",
		       action, action, action, action);
}

static void kv(struct mq_html *b, const char *k, const char *v)
{
	mq_html_printf(b, "<dt>%s</dt><dd class=\"text\">", k);
	mq_html_text_or(b, v, "—");
	mq_html_raw(b, "</dd>");
}

/* The console time of @p at into @p when; false when @p at is not set. */
static bool dated(long long at, char when[32])
{
	if (!at)
		return false;
	mq_date_format_minute(at, when, 32);
	return true;
}

/* The topic's card: number, title, studio, stage, when and by whom, the
 * satisfaction, and the title form. */
static void summary(struct mq_html *b, const struct topic *x, const struct mq_db_session *s)
{
	const json_t *t = x->t;
	char when[32];

	mq_date_format_minute(ji(t, "created_at"), when, sizeof when);
	mq_html_printf(b, "<section class=\"card\"><h2>议题 #%lld：", ji(t, "no"));
	mq_html_text(b, js(t, "title"));
	mq_html_raw(b, "</h2><dl class=\"kv\">");
	kv(b, "委员工作室", js(t, "studio_name"));
	kv(b, "当前阶段", mq_stage_name(x->stage));
	kv(b, "立项时间", when);
	kv(b, "立项人", js(t, "created_by"));
	if (ji(t, "n_ratings"))
		mq_html_printf(b, "<dt>居民满意度</dt><dd>%.1f / 5（%lld人评价）</dd>",
			       json_real_value(json_object_get(t, "avg_stars")), ji(t, "n_ratings"));
	mq_html_raw(b, "</dl>");
	if (mq_account_can_edit(&s->staff)) {
		mq_html_raw(b, "<details><summary>修改议题名称</summary>");
		form_open(b, t, s, "title");
		input(b, "text", "title", "议题名称", js(t, "title"));
		mq_html_raw(b, "<button type=\"submit\">保存</button></form></details>");
	}
	mq_html_raw(b, "</section>\n");
}

/* The opinions linked to the topic, as a table. */
static enum mq_err opinions(struct mq_db *db, struct mq_html *b, const json_t *t)
{
	struct mq_db_opinion_filter of = { .topic = js(t, "id"), .limit = 500 };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\"><h2>关联的居民意见</h2>" MQ_CONSOLE_WRAP "<table>"
		       "<thead><tr><th scope=\"col\">提交时间</th><th scope=\"col\">社区</th>"
		       "<th scope=\"col\">内容</th><th scope=\"col\" class=\"num\">评分</th></tr></thead><tbody>\n");
	err = db->opinions_iterate(db->cls, &of, opinion_row, b);
	mq_html_raw(b, "</tbody></table></div></section>\n");
	return err;
}

/* 1. 调研走访: the form when @p edit, else the record. */
static enum mq_err research(struct mq_db *db, struct mq_html *b, const json_t *t,
			    const struct mq_db_session *s, bool edit)
{
	struct members mx = { .b = b, .involved = json_array(), .checkboxes = edit };
	enum mq_err err;

	if (!mx.involved)
		return MQ_ERR_NOMEM;
	err = db->topic_members_iterate(db->cls, js(t, "id"), involved_row, mx.involved);
	mq_html_raw(b, "<section class=\"card\" id=\"research\"><h2>1. 调研走访</h2>\n");
	if (edit) {
		char planned[24], done[24];
		snprintf(planned, sizeof planned, "%lld", ji(t, "visits_planned"));
		snprintf(done, sizeof done, "%lld", ji(t, "visits_done"));
		form_open(b, t, s, "research");
		input(b, "number", "visits_planned", "计划走访次数", planned);
		input(b, "number", "visits_done", "已走访次数", done);
		mq_html_raw(b, "<fieldset><legend>参与委员</legend>");
		if (err == MQ_OK)
			err = db->members_iterate(db->cls, js(t, "studio"), member_box, &mx);
		mq_html_raw(b, "</fieldset>");
		textarea(b, "research_note", "调研记录", js(t, "research_note"), "仅工作人员可见。", false);
		notes(b, "research");
		mq_html_raw(b, "<button type=\"submit\">保存调研走访</button></form>\n");
	} else {
		mq_html_printf(b, "<dl class=\"kv\"><dt>走访</dt><dd>计划 %lld 次，已走访 %lld 次</dd>"
			       "<dt>参与委员</dt><dd>", ji(t, "visits_planned"), ji(t, "visits_done"));
		if (err == MQ_OK)
			err = db->members_iterate(db->cls, js(t, "studio"), member_box, &mx);
		mq_html_raw(b, "</dd>");
		kv(b, "调研记录", js(t, "research_note"));
		mq_html_raw(b, "</dl>");
	}
	mq_html_raw(b, "</section>\n");
	json_decref(mx.involved);
	return err;
}

/* 2. 协商办理: the form (one of the five forms of consultation) when @p edit, else the record. */
static void consult(struct mq_html *b, const json_t *t, const struct mq_db_session *s, bool edit)
{
	mq_html_raw(b, "<section class=\"card\" id=\"consult\"><h2>2. 协商办理</h2>\n");
	if (edit) {
		form_open(b, t, s, "consult");
		mq_html_raw(b, "<fieldset><legend>协商形式</legend>");
		for (const struct mq_consult_form *f = mq_workflow_consult_forms; f->key; f++) {
			mq_html_printf(b, "<label style=\"font-weight:400;display:inline-block;margin-right:14px\">"
				       "<input type=\"radio\" name=\"consult_form\" value=\"%s\"", f->key);
			if (strcmp(js(t, "consult_form"), f->key) == 0)
				mq_html_raw(b, " checked");
			mq_html_printf(b, " required> %s</label>", f->name);
		}
		mq_html_raw(b, "</fieldset>");
		input(b, "date", "consult_date", "协商日期", js(t, "consult_date"));
		textarea(b, "participants", "参加人员（部门、居民代表、当事人等）", js(t, "participants"), NULL, false);
		textarea(b, "outcome", "协商结果", js(t, "outcome"), "仅工作人员可见；向居民公布的结果在“督查反馈”中填写。", false);
		notes(b, "consult");
		mq_html_raw(b, "<button type=\"submit\">保存协商办理</button></form>\n");
	} else {
		mq_html_raw(b, "<dl class=\"kv\">");
		kv(b, "协商形式", mq_workflow_consult_form_name(js(t, "consult_form")));
		kv(b, "协商日期", js(t, "consult_date"));
		kv(b, "参加人员", js(t, "participants"));
		kv(b, "协商结果", js(t, "outcome"));
		mq_html_raw(b, "</dl>");
	}
	mq_html_raw(b, "</section>\n");
}

/* 3. 督查反馈: when the result was published, and the form when @p edit, else the record. */
static void feedback(struct mq_html *b, const json_t *t, const struct mq_db_session *s, bool edit)
{
	char when[32];

	mq_html_raw(b, "<section class=\"card\" id=\"feedback\"><h2>3. 督查反馈</h2>\n");
	if (dated(ji(t, "published_at"), when)) {
		mq_html_raw(b, "<p class=\"hint\">办理结果已于 ");
		mq_html_text(b, when);
		mq_html_raw(b, " 公布。</p>");
	}
	if (edit) {
		form_open(b, t, s, "feedback");
		textarea(b, "result", "向居民公布的办理结果", js(t, "result"),
			 "公布后，每位相关居民都能在查询页面看到，并可以评价满意度。", true);
		input(b, "date", "followup_due", "跟踪督办期限", js(t, "followup_due"));
		textarea(b, "supervision", "督查记录", js(t, "supervision"), "仅工作人员可见。", false);
		if (ji(t, "published_at"))
			mq_html_raw(b, "<button type=\"submit\">更新办理结果</button></form>\n");
		else
			mq_html_raw(b, "<button type=\"submit\">公布办理结果</button></form>\n");
	} else {
		mq_html_raw(b, "<dl class=\"kv\">");
		kv(b, "办理结果", js(t, "result"));
		kv(b, "跟踪督办期限", js(t, "followup_due"));
		kv(b, "督查记录", js(t, "supervision"));
		mq_html_raw(b, "</dl>");
	}
	mq_html_raw(b, "</section>\n");
}

/* 4. 办结: when it was closed, or the form once the result is published. */
static void closing(struct mq_html *b, const json_t *t, const struct mq_db_session *s, bool edit)
{
	char when[32];
	bool closed = dated(ji(t, "closed_at"), when);

	mq_html_raw(b, "<section class=\"card\" id=\"close\"><h2>4. 办结</h2>\n");
	if (closed) {
		mq_html_raw(b, "<p>议题已于 ");
		mq_html_text(b, when);
		mq_html_raw(b, " 办结。</p>");
	}
	if (!closed && edit && ji(t, "published_at")) {
		form_open(b, t, s, "close");
		mq_html_raw(b, "<div class=\"field\"><label for=\"t-close-supervision\">督查记录</label>"
			       "<textarea id=\"t-close-supervision\" name=\"supervision\" maxlength=\"2000\">");
		mq_html_text(b, js(t, "supervision"));
		mq_html_raw(b, "</textarea></div>\n");
		notes(b, "close");
		mq_html_raw(b, "<button type=\"submit\">办结议题</button></form>\n");
	} else if (!closed) {
		mq_html_raw(b, "<p class=\"hint\">公布办理结果后可以办结。</p>");
	}
	mq_html_raw(b, "</section>\n");
}

/* The topic page's body: its card, its deadlines and orders, its opinions,
 * a card per step, its history. */
static enum mq_err page(struct mq_db *db, struct mq_html *b, const struct topic *x,
			const struct mq_db_session *s, int64_t now)
{
	const json_t *t = x->t;
	bool edit = mq_account_can_edit(&s->staff) && x->stage != MQ_STAGE_CLOSED;
	enum mq_err err;

	summary(b, x, s);
	err = mq_console_deadline_cards(db, b, s, js(x->t, "id"), NULL, now);
	if (err == MQ_OK)
		err = opinions(db, b, t);
	mq_html_raw(b, "<div class=\"grid\">\n");
	if (err == MQ_OK)
		err = research(db, b, t, s, edit);
	consult(b, t, s, edit);
	feedback(b, t, s, edit);
	closing(b, t, s, edit);
	mq_html_raw(b, "</div>\n");
	if (err == MQ_OK)
		err = mq_console_recruit_card(db, b, s, js(t, "id"), edit);
	mq_html_raw(b, "<section class=\"card\"><h2>议题记录</h2><ol class=\"events\">\n");
	if (err == MQ_OK)
		err = db->stage_events_iterate(db->cls, js(t, "id"), event_row, b);
	mq_html_raw(b, "</ol></section>\n");
	return err;
}

void mq_console_topic_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_topic_filter f = { .id = hc->param, .limit = 1 };
	struct mq_html b;
	struct topic t = { 0 };
	enum mq_err err;

	if (!mq_console_session(hc, resp, &s))
		return;
	mq_account_scope_topics(&s.staff, &f);
	err = db->topics_iterate(db->cls, &f, got, &t);
	if (err == MQ_OK && !t.t) {
		mq_console_message(resp, 404, &s, "未找到", "没有这个议题，或您无权查看。");
		return;
	}
	mq_html_init(&b);
	mq_console_begin(&b, "议题详情", MQ_NAV_TOPICS, &s);
	mq_console_saved_notice(&b, hc->req->query);
	if (err == MQ_OK)
		err = page(db, &b, &t, &s, hc->req->now);
	json_decref(t.t);
	mq_console_finish(&b, resp, &s, err);
}
