/* opinion_get.c — GET /console/opinions/{id}: one opinion, its
 * history with public and internal notes, and — while it waits for triage
 * (分析研判) — the six triage decisions as plain forms. An opinion outside
 * the account's scope answers 404, as if it did not exist. Contact details
 * are shown to street groups and admins only. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_stage.h"

struct view {
	struct mq_html *b;
	bool found;
	bool show_contact;
	char studio[MQ_KEY_MAX + 1];
	char id[MQ_UUID_LEN + 1];
	bool untriaged;
	unsigned int n;
};

static void kv(struct mq_html *b, const char *k, const char *v)
{
	mq_html_printf(b, "<dt>%s</dt><dd>", k);
	mq_html_text_or(b, v, "—");
	mq_html_raw(b, "</dd>\n");
}

static bool got(void *cls, const struct mq_db_console_opinion *o)
{
	struct view *v = cls;
	struct mq_html *b = v->b;
	char when[32];

	v->found = true;
	v->untriaged = !o->disposition;
	snprintf(v->studio, sizeof v->studio, "%s", o->op.studio);
	snprintf(v->id, sizeof v->id, "%s", o->op.id);
	mq_date_format_minute(o->op.created_at, when, sizeof when);
	mq_html_raw(b, "<div class=\"grid\">\n<section class=\"card\"><h2>基本信息</h2><dl class=\"kv\">\n");
	kv(b, "查询码", o->op.short_code);
	kv(b, "委员工作室", o->op.studio_name);
	kv(b, "社区", o->op.community_name);
	kv(b, "类别", o->op.category_name);
	kv(b, "提交时间", when);
	kv(b, "委员信箱", o->member_name);
	if (v->show_contact) {
		kv(b, "联系人", o->op.contact_name);
		kv(b, "联系电话", o->op.contact_phone);
	}
	kv(b, "当前阶段", mq_stage_name(o->op.stage));
	kv(b, "研判结果", o->disposition ? mq_workflow_disposition_name(o->disposition) : "待研判");
	if (o->department)
		kv(b, "承办部门", o->department);
	kv(b, "责任委员", o->assigned_name);
	if (v->show_contact && o->op.stage == MQ_STAGE_TRIAGED && !o->topic) {
		/* 议题遴选: a triaged opinion may become a candidate topic */
		mq_html_raw(b, "<dt>候选议题</dt><dd><a href=\"/console/candidates?opinion=");
		mq_html_url_value(b, o->op.id);
		mq_html_raw(b, "\">发布为候选议题，请居民支持</a></dd>\n");
	}
	if (o->topic) {
		mq_html_printf(b, "<dt>议题</dt><dd><a href=\"/console/topics/");
		mq_html_text(b, o->topic);
		mq_html_printf(b, "\">#%lld ", (long long)o->topic_no);
		mq_html_text(b, o->topic_title);
		mq_html_printf(b, "</a>（%s）</dd>\n", mq_stage_name(o->topic_stage));
	}
	if (o->duplicate_of) {
		mq_html_raw(b, "<dt>重复于</dt><dd><a href=\"/console/opinions/");
		mq_html_text(b, o->duplicate_of);
		mq_html_raw(b, "\">查看原意见</a></dd>\n");
	}
	if (o->stars) {
		mq_html_printf(b, "<dt>满意度</dt><dd>%d / 5 ", o->stars);
		mq_html_text_or(b, o->rating_comment, "");
		mq_html_raw(b, "</dd>\n");
	}
	mq_html_raw(b, "</dl></section>\n<section class=\"card\"><h2>意见内容</h2><p class=\"text\">");
	mq_html_text(b, o->op.text);
	mq_html_raw(b, "</p></section>\n</div>\n");
	return false;
}

static bool event_row(void *cls, const struct mq_db_stage_event *e)
{
	struct mq_html *b = cls;
	char when[32];

	mq_date_format_minute(e->at, when, sizeof when);
	mq_html_raw(b, "<li><strong>");
	mq_html_text(b, mq_stage_name(e->stage));
	mq_html_raw(b, "</strong> · ");
	mq_html_text(b, when);
	mq_html_raw(b, " · ");
	mq_html_text(b, mq_console_actor_name(e->actor_role));
	mq_console_event_notes(b, e);
	mq_html_raw(b, "</li>\n");
	return true;
}

/* Other untriaged opinions of the studio, as checkboxes (topic_new) or options (duplicate). */
struct others {
	struct mq_html *b;
	const char *self;
	bool checkbox;
	unsigned int n;
};

static bool other_row(void *cls, const struct mq_db_console_opinion *o)
{
	struct others *x = cls;
	char text[160], when[32];

	if (strcmp(o->op.id, x->self) == 0)
		return true;
	mq_buf_excerpt(o->op.text, 30, text, sizeof text);
	mq_date_format_minute(o->op.created_at, when, sizeof when);
	if (x->checkbox) {
		mq_html_raw(x->b, "<label style=\"font-weight:400\"><input type=\"checkbox\" name=\"also\" value=\"");
		mq_html_text(x->b, o->op.id);
		mq_html_raw(x->b, "\"> ");
	} else {
		mq_html_raw(x->b, "<option value=\"");
		mq_html_text(x->b, o->op.id);
		mq_html_raw(x->b, "\">");
	}
	mq_html_text(x->b, when);
	mq_html_raw(x->b, " ");
	mq_html_text(x->b, text);
	if (x->checkbox)
		mq_html_raw(x->b, "</label>\n");
	else
		mq_html_raw(x->b, "</option>\n");
	x->n++;
	return true;
}

static bool topic_option(void *cls, const struct mq_db_topic *t)
{
	struct others *x = cls;

	if (t->stage == MQ_STAGE_CLOSED)
		return true;
	mq_html_raw(x->b, "<option value=\"");
	mq_html_text(x->b, t->id);
	mq_html_printf(x->b, "\">#%lld ", (long long)t->no);
	mq_html_text(x->b, t->title);
	mq_html_printf(x->b, "（%s）</option>\n", mq_stage_name(t->stage));
	x->n++;
	return true;
}

static bool member_option(void *cls, const struct mq_db_member *m)
{
	struct mq_html *b = cls;

	mq_html_raw(b, "<option value=\"");
	mq_html_text(b, m->key);
	mq_html_raw(b, "\">");
	mq_html_text(b, m->name);
	mq_html_raw(b, "（");
	mq_html_text(b, m->sector);
	mq_html_raw(b, "）</option>");
	return true;
}

/* The notes every triage form has. @p pub_label names the public note. */
static void notes(struct mq_html *b, const char *action, const char *pub_label, bool pub_required)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"%s-pub\">%s</label>"
		       "<textarea id=\"%s-pub\" name=\"public_note\" maxlength=\"2000\"%s></textarea>"
		       "<p class=\"hint\">居民在查询页面上能看到这段话。</p></div>\n"
		       "<div class=\"field\"><label for=\"%s-int\">内部备注</label>"
		       "<textarea id=\"%s-int\" name=\"internal_note\" maxlength=\"2000\"></textarea>"
		       "<p class=\"hint\">仅工作人员可见。</p></div>\n",
		       action, pub_label, action, pub_required ? " required" : "", action, action);
}

static void form_open(struct mq_html *b, const struct view *v, const struct mq_db_session *s,
		      const char *action, const char *summary)
{
	mq_html_printf(b, "<details><summary>%s</summary>\n<form method=\"post\" action=\"/console/opinions/",
		       summary);
	mq_html_text(b, v->id);
	mq_html_printf(b, "/triage\"><input type=\"hidden\" name=\"action\" value=\"%s\">", action);
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "\n");
}

static enum mq_err triage_forms(struct mq_db *db, struct mq_html *b, const struct view *v,
				const struct mq_db_session *s)
{
	struct mq_db_opinion_filter f = { .studio = v->studio, .by_stage = true,
					  .stage = MQ_STAGE_COLLECTED, .limit = 30 };
	struct mq_db_topic_filter tf = { .studio = v->studio, .limit = 100 };
	struct others x = { .b = b, .self = v->id };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\" id=\"triage\"><h2>分析研判</h2>\n"
		      "<p class=\"hint\">选择一种处理方式。每次研判都会记入办理记录和审计日志。</p>\n");
	form_open(b, v, s, "topic_new", "形成新议题");
	mq_html_raw(b, "<div class=\"field\"><label for=\"title\">议题名称</label>"
		      "<input type=\"text\" id=\"title\" name=\"title\" maxlength=\"100\" required"
		      " style=\"width:100%\"></div>\n<fieldset><legend>同时纳入本议题的其他待研判意见</legend>\n");
	x.checkbox = true;
	err = db->opinions_iterate(db->cls, &f, other_row, &x);
	if (x.n == 0)
		mq_html_raw(b, "<p class=\"hint\">没有其他待研判的意见。</p>\n");
	mq_html_raw(b, "</fieldset>\n<div class=\"field\"><label for=\"assigned\">责任委员（可选）</label>"
		      "<select id=\"assigned\" name=\"assigned\"><option value=\"\">不指定</option>");
	if (err == MQ_OK)
		err = db->members_iterate(db->cls, v->studio, member_option, b);
	mq_html_raw(b, "</select></div>\n");
	notes(b, "topic_new", "给居民的说明（可选）", false);
	mq_html_raw(b, "<button type=\"submit\">形成议题</button></form></details>\n");

	form_open(b, v, s, "topic_link", "并入已有议题");
	mq_html_raw(b, "<div class=\"field\"><label for=\"topic\">议题</label><select id=\"topic\" name=\"topic\" required>");
	x.checkbox = false;
	x.n = 0;
	if (err == MQ_OK)
		err = db->topics_iterate(db->cls, &tf, topic_option, &x);
	mq_html_raw(b, "</select></div>\n");
	notes(b, "topic_link", "给居民的说明（可选）", false);
	mq_html_raw(b, "<button type=\"submit\">并入议题</button></form></details>\n");

	form_open(b, v, s, "answer", "直接答复");
	notes(b, "answer", "答复内容", true);
	mq_html_raw(b, "<button type=\"submit\">答复居民</button></form></details>\n");

	form_open(b, v, s, "refer", "转交职能部门");
	mq_html_raw(b, "<div class=\"field\"><label for=\"department\">承办部门</label>"
		      "<input type=\"text\" id=\"department\" name=\"department\" maxlength=\"100\" required></div>\n");
	notes(b, "refer", "给居民的说明（可选，默认“已转交某部门办理”）", false);
	mq_html_raw(b, "<button type=\"submit\">转交</button></form></details>\n");

	form_open(b, v, s, "duplicate", "合并为重复意见");
	mq_html_raw(b, "<div class=\"field\"><label for=\"duplicate_of\">与哪条意见重复</label>"
		      "<select id=\"duplicate_of\" name=\"duplicate_of\" required>");
	f.by_stage = false;
	x.n = 0;
	if (err == MQ_OK)
		err = db->opinions_iterate(db->cls, &f, other_row, &x);
	mq_html_raw(b, "</select></div>\n");
	notes(b, "duplicate", "给居民的说明（可选）", false);
	mq_html_raw(b, "<button type=\"submit\">合并</button></form></details>\n");

	form_open(b, v, s, "reject", "不予受理");
	notes(b, "reject", "不予受理的理由", true);
	mq_html_raw(b, "<button type=\"submit\" class=\"secondary\">不予受理</button></form></details>\n"
		      "</section>\n");
	return err;
}

void mq_console_opinion_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_opinion_filter f = { .id = hc->param, .limit = 1 };
	struct mq_html b;
	struct view v = { .b = &b };
	enum mq_err err;

	if (!mq_console_session(hc, resp, &s))
		return;
	v.show_contact = mq_account_can_edit(&s.staff);
	mq_account_scope_opinions(&s.staff, &f);
	mq_html_init(&b);
	mq_console_begin(&b, "意见详情", MQ_NAV_INBOX, &s);
	mq_console_saved_notice(&b, hc->req->query);
	err = db->opinions_iterate(db->cls, &f, got, &v);
	if (err == MQ_OK && !v.found) {
		mq_html_finish(&b);
		mq_console_message(resp, 404, &s, "未找到", "没有这条意见，或您无权查看。");
		return;
	}
	if (err == MQ_OK)
		err = mq_console_deadline_cards(db, &b, &s, NULL, v.id, hc->req->now);
	if (err == MQ_OK) {
		mq_html_raw(&b, "<section class=\"card\"><h2>办理记录</h2><ol class=\"events\">\n");
		err = db->stage_events_iterate(db->cls, v.id, event_row, &b);
		mq_html_raw(&b, "</ol></section>\n");
	}
	if (err == MQ_OK && v.untriaged && mq_account_can_edit(&s.staff))
		err = triage_forms(db, &b, &v, &s);
	mq_console_finish(&b, resp, &s, err);
}
