/* candidates_get.c — GET /console/candidates: 候选议题 (议题遴选) for street
 * groups and admins: the form to publish one (title, short description,
 * closing date; written directly or made from a triaged opinion picked
 * from the inbox, ?opinion=ID preselecting it), the candidates still open
 * with their counts, and after their closing date the ranking, where the
 * top one is promoted into a topic (议题) that then moves through the five
 * steps. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_candidate.h"
#include "mq_date.h"

#define OPINIONS_MAX 50      /* triaged opinions offered in the form */

/* The list being written: open candidates or closed ones (the ranking). */
struct cands {
	struct mq_html *b;
	const struct mq_db_session *s;
	const char *today;
	bool closed;                /* this table lists the closed ones */
	bool all_studios;           /* a studio column (admins) */
	unsigned int n;
};

/* The state of closed candidate @p c: its topic, or the promote button. */
static void closed_action(struct cands *l, const struct mq_db_candidate *c)
{
	struct mq_html *b = l->b;

	if (c->topic) {
		mq_html_raw(b, "<a href=\"/console/topics/");
		mq_html_text(b, c->topic);
		mq_html_raw(b, "\">已形成议题</a>");
		return;
	}
	mq_html_raw(b, "<form method=\"post\" action=\"/console/candidates\">");
	mq_console_csrf_field(b, l->s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"promote\">"
		       "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
		       "<button type=\"submit\">形成议题</button></form>", (long long)c->id);
}

static bool row(void *cls, const struct mq_db_candidate *c)
{
	struct cands *l = cls;
	struct mq_html *b = l->b;
	bool closed = c->topic || strcmp(c->closes, l->today) < 0;

	if (closed != l->closed)
		return true;
	l->n++;
	mq_html_raw(b, "<tr>");
	if (l->closed)
		mq_html_printf(b, "<td class=\"num\">%u</td>", l->n);
	mq_html_raw(b, "<td><strong>");
	mq_html_text(b, c->title);
	mq_html_raw(b, "</strong>");
	if (c->description[0]) {
		mq_html_raw(b, "<br><span class=\"hint\">");
		mq_html_text(b, c->description);
		mq_html_raw(b, "</span>");
	}
	if (c->opinion) {
		mq_html_raw(b, "<br><a href=\"/console/opinions/");
		mq_html_text(b, c->opinion);
		mq_html_raw(b, "\">来源意见</a>");
	}
	mq_html_raw(b, "</td>");
	if (l->all_studios) {
		mq_html_raw(b, "<td>");
		mq_html_text(b, c->studio);
		mq_html_raw(b, "</td>");
	}
	mq_html_raw(b, "<td>");
	mq_html_text(b, c->closes);
	mq_html_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)c->supports);
	if (l->closed)
		closed_action(l, c);
	else
		mq_html_raw(b, "<span class=\"tag new\">征集中</span>");
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

/* One table of @p f's candidates: the open ones, or the closed ones ranked. */
static enum mq_err table(struct mq_db *db, struct cands *l,
			 const struct mq_db_candidate_filter *f)
{
	struct mq_html *b = l->b;
	enum mq_err err;
	int cols = 4 + l->closed + l->all_studios;

	l->n = 0;
	mq_html_printf(b, "<section class=\"card\"><h2>%s</h2>\n" MQ_CONSOLE_WRAP
		       "<table><caption class=\"hint\">%s</caption><thead><tr>",
		       l->closed ? "已截止：排名" : "征集中",
		       l->closed ? "按支持人数排列，最多的在前；截止以后可以把排在前面的形成议题"
				 : "居民可以在自助终端和手机上支持，每人每个议题一次");
	if (l->closed)
		mq_html_raw(b, "<th scope=\"col\" class=\"num\">排名</th>");
	mq_html_raw(b, "<th scope=\"col\">候选议题</th>");
	if (l->all_studios)
		mq_html_raw(b, "<th scope=\"col\">委员工作室</th>");
	mq_html_printf(b, "<th scope=\"col\">截止日期</th><th scope=\"col\" class=\"num\">支持人数</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", l->closed ? "议题" : "状态");
	err = db->candidates_iterate(db->cls, f, row, l);
	if (l->n == 0)
		mq_html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", cols,
			       l->closed ? "还没有截止的候选议题。" : "现在没有正在征集的候选议题。");
	mq_html_raw(b, "</tbody></table></div></section>\n");
	return err;
}

/* The form's choice of triaged opinions, @p chosen preselected. */
struct picks {
	struct mq_html *b;
	const char *chosen;
	char title[4 * 30 + 1];     /* the chosen one's excerpt: the title's suggestion */
};

static bool pick(void *cls, const struct mq_db_console_opinion *o)
{
	struct picks *p = cls;
	char text[200];
	bool chosen = p->chosen && strcmp(p->chosen, o->op.id) == 0;

	mq_buf_excerpt(o->op.text, 30, text, sizeof text);
	if (chosen)
		mq_buf_excerpt(o->op.text, 30, p->title, sizeof p->title);
	mq_html_raw(p->b, "<option value=\"");
	mq_html_text(p->b, o->op.id);
	mq_html_printf(p->b, "\"%s>", chosen ? " selected" : "");
	mq_html_text(p->b, o->op.short_code);
	mq_html_raw(p->b, " ");
	mq_html_text(p->b, o->op.category_name);
	mq_html_raw(p->b, "：");
	mq_html_text(p->b, text);
	mq_html_raw(p->b, "</option>");
	return true;
}

/* The publish form for @p s: studio (admins), a triaged opinion to start
 * from, title, description, closing date. */
static enum mq_err create_form(struct mq_db *db, struct mq_html *b, const struct mq_db_session *s,
			       const struct mq_console_list *studios, const char *opinion,
			       const char *today)
{
	struct mq_db_opinion_filter f = { .by_stage = true, .stage = MQ_STAGE_TRIAGED,
					  .limit = OPINIONS_MAX };
	struct mq_html opts;
	struct picks p = { .b = &opts, .chosen = opinion };
	enum mq_err err;

	mq_account_scope_opinions(&s->staff, &f);
	mq_html_init(&opts);
	err = db->opinions_iterate(db->cls, &f, pick, &p);
	mq_html_raw(b, "<section class=\"card\"><h2>发布候选议题</h2>\n"
		       "<form method=\"post\" action=\"/console/candidates\">");
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"create\">");
	if (!mq_account_studio(&s->staff))
		mq_console_select(b, "studio", "委员工作室", studios, NULL, NULL);
	mq_html_raw(b, "<div class=\"field\"><label for=\"c-opinion\">来自收件箱的意见（可不选）</label>"
		       "<select id=\"c-opinion\" name=\"opinion\"><option value=\"\">不选，直接填写</option>");
	mq_html_append(b, &opts);
	mq_html_raw(b, "</select><p class=\"hint\">列出分析研判中的意见。</p></div>"
		       "<div class=\"field\"><label for=\"c-title\">议题名称</label>"
		       "<input type=\"text\" class=\"long\" id=\"c-title\" name=\"title\" maxlength=\"100\" "
		       "required value=\"");
	mq_html_text(b, p.title);
	mq_html_raw(b, "\"></div><div class=\"field\"><label for=\"c-desc\">简要说明</label>"
		       "<textarea id=\"c-desc\" name=\"description\" maxlength=\"500\"></textarea></div>"
		       "<div class=\"field\"><label for=\"c-closes\">截止日期</label>"
		       "<input type=\"date\" id=\"c-closes\" name=\"closes\" required min=\"");
	mq_html_text(b, today);
	mq_html_raw(b, "\"><p class=\"hint\">截止日当天仍可支持。</p></div>"
		       "<button type=\"submit\">发布</button></form></section>\n");
	mq_html_finish(&opts);
	return err;
}

void mq_console_candidates_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_console_list studios = { 0 };
	struct mq_html b;
	char today[11];
	struct mq_db_candidate_filter f = { 0 };
	struct cands l = { .b = &b, .s = &s, .today = today };
	enum mq_err err = MQ_OK;

	if (!mq_console_get(hc, resp, &s, &q, "无法打开", "链接无法识别。"))
		return;
	if (!mq_account_can_edit(&s.staff)) {
		mq_form_finish(&q);
		mq_console_message(resp, 403, &s, "无权查看", "候选议题仅对街道委员小组和区管理员开放。");
		return;
	}
	mq_candidate_today(hc->req->now, today);
	f.studio = mq_account_studio(&s.staff);
	l.all_studios = !f.studio;
	if (l.all_studios)
		err = db->studios_iterate(db->cls, mq_console_list_add, &studios);
	mq_html_init(&b);
	mq_console_begin(&b, "候选议题", MQ_NAV_CANDIDATES, &s);
	mq_console_saved_notice(&b, hc->req->query);
	mq_html_raw(&b, "<p class=\"hint\">议题遴选：发布候选议题，请居民在自助终端和手机上支持；"
		       "截止以后按支持人数排名，把排在前面的形成议题，进入调研走访。</p>\n");
	if (err == MQ_OK)
		err = create_form(db, &b, &s, &studios, mq_form_text(&q, "opinion"), today);
	if (err == MQ_OK)
		err = table(db, &l, &f);
	l.closed = true;
	if (err == MQ_OK)
		err = table(db, &l, &f);
	mq_console_list_finish(&studios);
	mq_form_finish(&q);
	mq_console_finish(&b, resp, &s, err);
}
