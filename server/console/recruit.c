/* recruit.c — 征集 in the console (console.h): the card on a topic's page
 * (the call, its volunteers, the forms to open or close it and to choose
 * participants) and the card of open calls on the topics page, where
 * members volunteer (报名参与). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"

/* Opens a form posting @p action for @p topic. */
static void form_open(struct mq_html *b, const struct mq_db_session *s, const char *topic,
		      const char *action)
{
	mq_html_raw(b, "<form class=\"inline\" method=\"post\" action=\"/console/topics/");
	mq_html_text(b, topic);
	mq_html_raw(b, "/recruit\">");
	mq_console_csrf_field(b, s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">", action);
}

/* ---- a topic's card -------------------------------------------------------- */

struct call_card {
	struct mq_html *b;
	const struct mq_db_session *s;
	const char *topic;
	bool edit;
	bool found, open;
	char note[4 * 200 + 1];
	int64_t opened_at;
	unsigned int n;
};

static bool call_got(void *cls, const struct mq_db_topic_call *c)
{
	struct call_card *k = cls;

	k->found = true;
	k->open = c->closed_at == 0;
	k->opened_at = c->opened_at;
	snprintf(k->note, sizeof k->note, "%s", c->note);
	return false;
}

static bool volunteer_row(void *cls, const struct mq_db_volunteer *v)
{
	struct call_card *k = cls;
	struct mq_html *b = k->b;
	char when[32];

	k->n++;
	mq_date_format_minute(v->created_at, when, sizeof when);
	mq_html_raw(b, "<tr><td>");
	mq_html_text(b, v->name);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, v->studio_name);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, when);
	mq_html_raw(b, "</td><td>");
	if (v->chosen_at) {
		mq_html_raw(b, "<span class=\"tag ok\">已选定参与</span>");
	} else if (k->edit) {
		form_open(b, k->s, k->topic, "choose");
		mq_html_raw(b, "<input type=\"hidden\" name=\"member\" value=\"");
		mq_html_text(b, v->member);
		mq_html_raw(b, "\"><button type=\"submit\">选定参与</button></form>");
	} else {
		mq_html_raw(b, "<span class=\"tag new\">已报名</span>");
	}
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

/* The call's state and the form that opens or closes it. */
static void call_state(struct call_card *k)
{
	struct mq_html *b = k->b;
	char when[32];

	if (k->found) {
		mq_date_format_minute(k->opened_at, when, sizeof when);
		mq_html_printf(b, "<p>%s（%s开始）", k->open ? "正在征集委员报名参与。" : "征集已结束。",
			       when);
		if (k->note[0]) {
			mq_html_raw(b, "<br>征集说明：<span class=\"text\">");
			mq_html_text(b, k->note);
			mq_html_raw(b, "</span>");
		}
		mq_html_raw(b, "</p>\n");
	} else {
		mq_html_raw(b, "<p class=\"hint\">还没有征集。开始征集后，委员会在自己的“议题”页看到并可以报名参与。</p>\n");
	}
	if (!k->edit)
		return;
	if (k->open) {
		form_open(b, k->s, k->topic, "close");
		mq_html_raw(b, "<button type=\"submit\">结束征集</button></form>\n");
		return;
	}
	form_open(b, k->s, k->topic, "open");
	mq_html_raw(b, "<div class=\"field\"><label for=\"r-note\">征集说明（可不填）</label>"
		       "<input type=\"text\" class=\"long\" id=\"r-note\" name=\"note\" maxlength=\"200\"></div>");
	mq_html_printf(b, "<button type=\"submit\">%s</button></form>\n",
		       k->found ? "重新开始征集" : "开始征集委员");
}

enum mq_err mq_console_recruit_card(struct mq_db *db, struct mq_html *b,
				    const struct mq_db_session *s, const char *topic, bool edit)
{
	struct mq_db_call_filter f = { .topic = topic };
	struct call_card k = { .b = b, .s = s, .topic = topic, .edit = edit };
	enum mq_err err = db->topic_calls_iterate(db->cls, &f, call_got, &k);

	mq_html_raw(b, "<section class=\"card\"><h2>征集委员参与</h2>\n");
	if (err == MQ_OK)
		call_state(&k);
	if (err == MQ_OK && k.found) {
		mq_html_raw(b, MQ_CONSOLE_WRAP "<table><caption class=\"hint\">报名的委员，最早报名的在前"
			       "</caption><thead><tr><th scope=\"col\">委员</th><th scope=\"col\">工作室</th>"
			       "<th scope=\"col\">报名时间</th><th scope=\"col\">参与</th></tr></thead>\n<tbody>\n");
		err = db->volunteers_iterate(db->cls, topic, volunteer_row, &k);
		if (k.n == 0)
			mq_html_raw(b, "<tr><td colspan=\"4\">还没有委员报名。</td></tr>\n");
		mq_html_raw(b, "</tbody></table></div>\n");
	}
	mq_html_raw(b, "</section>\n");
	return err;
}

/* ---- the open calls on the topics page ----------------------------------- */

struct calls {
	struct mq_html *b;
	const struct mq_db_session *s;
	bool member;
	unsigned int n;
};

static bool call_row(void *cls, const struct mq_db_topic_call *c)
{
	struct calls *l = cls;
	struct mq_html *b = l->b;

	l->n++;
	mq_html_printf(b, "<tr><td class=\"num\">#%lld</td><td>", (long long)c->no);
	if (!l->member) {
		mq_html_raw(b, "<a href=\"/console/topics/");
		mq_html_text(b, c->topic);
		mq_html_raw(b, "\">");
	}
	mq_html_text(b, c->title);
	if (!l->member)
		mq_html_raw(b, "</a>");
	if (c->note[0]) {
		mq_html_raw(b, "<br><span class=\"hint\">");
		mq_html_text(b, c->note);
		mq_html_raw(b, "</span>");
	}
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, c->studio_name);
	mq_html_printf(b, "</td><td class=\"num\">%lld（已选定 %lld）</td><td>", (long long)c->volunteers,
		       (long long)c->chosen);
	if (!l->member) {
		mq_html_raw(b, "—");
	} else if (c->mine_chosen) {
		mq_html_raw(b, "<span class=\"tag ok\">已选定参与</span>");
	} else if (c->mine) {
		mq_html_raw(b, "<span class=\"tag new\">已报名，等待选定</span>");
	} else {
		form_open(b, l->s, c->topic, "volunteer");
		mq_html_raw(b, "<button type=\"submit\">报名参与</button></form>");
	}
	mq_html_raw(b, "</td></tr>\n");
	return true;
}

enum mq_err mq_console_calls_card(struct mq_db *db, struct mq_html *b,
				  const struct mq_db_session *s)
{
	const char *member = mq_account_own_member(&s->staff);
	struct mq_db_call_filter f = { .studio = mq_account_studio(&s->staff), .member = member,
				       .open_only = true };
	struct calls l = { .b = b, .s = s, .member = member != NULL };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\"><h2>正在征集委员参与的议题</h2>\n" MQ_CONSOLE_WRAP
		       "<table><caption class=\"hint\">");
	if (l.member)
		mq_html_raw(b, "愿意参与调研和协商的，请点“报名参与”；街道委员小组会选定参与的委员。");
	else
		mq_html_raw(b, "委员在自己的议题页报名；在议题详情页选定参与的委员。");
	mq_html_raw(b, "</caption><thead><tr><th scope=\"col\" class=\"num\">编号</th>"
		       "<th scope=\"col\">议题</th><th scope=\"col\">委员工作室</th>"
		       "<th scope=\"col\" class=\"num\">报名人数</th><th scope=\"col\">报名</th>"
		       "</tr></thead>\n<tbody>\n");
	err = db->topic_calls_iterate(db->cls, &f, call_row, &l);
	if (l.n == 0)
		mq_html_raw(b, "<tr><td colspan=\"5\">现在没有正在征集委员的议题。</td></tr>\n");
	mq_html_raw(b, "</tbody></table></div></section>\n");
	return err;
}
