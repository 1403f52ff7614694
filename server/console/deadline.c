/* deadline.c — the console's pieces of 督查 (console.h): how a list's
 * opinions stand against their deadlines, the 剩余/超期 tags, the warning
 * for a year the official calendar does not know, an item's three
 * deadlines, and the supervision orders card of a topic or an opinion. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_supervision.h"
#include "mq_workday.h"

enum mq_err mq_console_deadlines_load(struct mq_db *db, const struct mq_db_opinion_filter *f,
				      int64_t now, struct mq_console_deadlines *d)
{
	struct mq_db_progress_filter pf = { .of = *f };
	enum mq_err err;

	memset(d, 0, sizeof *d);
	pf.of.limit = 0;
	pf.of.offset = 0;
	if ((err = mq_deadline_rules_load(db, &d->rules)) != MQ_OK)
		return err;
	err = mq_deadline_items_load(db, &d->rules, &pf, now, &d->items);
	if (err != MQ_OK)
		mq_deadline_rules_finish(&d->rules);
	return err;
}

void mq_console_deadlines_finish(struct mq_console_deadlines *d)
{
	mq_deadline_items_finish(&d->items);
	mq_deadline_rules_finish(&d->rules);
}

const struct mq_deadline_item *mq_console_deadline_of(const struct mq_console_deadlines *d,
						      const char *id)
{
	for (size_t i = 0; id && i < d->items.n; i++)
		if (strcmp(d->items.v[i].id, id) == 0)
			return &d->items.v[i];
	return NULL;
}

void mq_console_due_tag(struct mq_html *b, const struct mq_deadline_state *st, int soon,
			bool named)
{
	char words[48];
	const char *cls;

	if (!st->open) {
		mq_html_raw(b, "—");
		return;
	}
	mq_deadline_words(st, words, sizeof words);
	cls = st->overdue ? " warn" : st->days <= soon ? " soon" : "";
	mq_html_printf(b, "<span class=\"tag%s\">", cls);
	if (named)
		mq_html_printf(b, "%s ", mq_deadline_kind_name(st->next));
	mq_html_text(b, words);
	mq_html_raw(b, "</span>");
}

void mq_console_calendar_warning(struct mq_html *b, const struct mq_db_session *s,
				 const struct mq_deadline_rules *r, int64_t now)
{
	int y, m, d;

	mq_workday_date(mq_workday_day_of(now), &y, &m, &d);
	if (mq_calendar_knows_year(r->calendar, y) &&
	    (m < 12 || mq_calendar_knows_year(r->calendar, y + 1)))
		return;
	if (!mq_calendar_knows_year(r->calendar, y))
		mq_html_printf(b, "<p class=\"caution\" role=\"status\">%d年的节假日安排尚未导入，"
			       "办理期限暂按周一至周五计算，遇法定节假日会算早。", y);
	else
		mq_html_printf(b, "<p class=\"caution\" role=\"status\">%d年的节假日安排尚未导入，"
			       "跨年的办理期限暂按周一至周五计算。", y + 1);
	if (mq_account_is_admin(&s->staff))
		mq_html_raw(b, "请在<a href=\"/console/calendar\">时限与日历</a>页导入国务院办公厅的通知。");
	else
		mq_html_raw(b, "请联系区管理员导入国务院办公厅的通知。");
	mq_html_raw(b, "</p>\n");
}

void mq_console_deadline_list(struct mq_html *b, const struct mq_deadline_item *x)
{
	mq_html_raw(b, "<dl class=\"kv\">");
	for (int k = 0; k < MQ_DEADLINE_KINDS; k++) {
		char day[16], done[32];
		bool met = x->st.done[k] != 0, late = met && x->st.done[k] >= x->st.due[k];

		mq_workday_format_md(x->st.due_day[k], day, sizeof day);
		mq_html_printf(b, "<dt>%s</dt><dd>", mq_deadline_kind_name((enum mq_deadline_kind)k));
		mq_html_text(b, day);
		mq_html_raw(b, "前 ");
		if (met) {
			mq_date_format_minute(x->st.done[k], done, sizeof done);
			mq_html_printf(b, "<span class=\"tag%s\">%s</span> ", late ? " warn" : " ok",
				       late ? "逾期完成" : "按时完成");
			mq_html_text(b, done);
		} else if (x->st.open && x->st.next == (enum mq_deadline_kind)k) {
			mq_console_due_tag(b, &x->st, 2, false);
		} else if (x->st.at >= x->st.due[k]) {
			mq_html_raw(b, "<span class=\"tag warn\">已超期</span>");
		} else {
			mq_html_raw(b, "<span class=\"tag\">未到期</span>");
		}
		mq_html_raw(b, "</dd>");
	}
	mq_html_raw(b, "</dl>\n");
}

/* ---- supervision orders on a topic or an opinion ------------------------- */

struct orders {
	struct mq_html *b;
	int64_t now;
	unsigned int n;
};

/* The state of order @p o as a tag. */
static void order_state(struct mq_html *b, const struct mq_db_order *o, int64_t now)
{
	bool late = mq_order_late(o, now);

	if (o->answered_at)
		mq_html_printf(b, "<span class=\"tag%s\">%s</span>", late ? " warn" : " ok",
			       late ? "逾期答复" : "已答复");
	else if (late)
		mq_html_raw(b, "<span class=\"tag warn\">超期未答复</span>");
	else if (o->acknowledged_at)
		mq_html_raw(b, "<span class=\"tag soon\">已签收，待答复</span>");
	else
		mq_html_raw(b, "<span class=\"tag new\">待签收</span>");
}

static bool order_item(void *cls, const struct mq_db_order *o)
{
	struct orders *x = cls;
	struct mq_html *b = x->b;
	char when[32];

	mq_date_format_minute(o->issued_at, when, sizeof when);
	mq_html_printf(b, "<li><a href=\"/console/supervision/%s\">督办#%lld</a> ", o->id,
		       (long long)o->no);
	order_state(b, o, x->now);
	mq_html_raw(b, " · ");
	mq_html_text(b, when);
	mq_html_raw(b, " · 答复期限 ");
	mq_html_text(b, o->due_day);
	mq_html_raw(b, "<br><span class=\"text\">");
	mq_html_text(b, o->note);
	mq_html_raw(b, "</span>");
	if (o->answered_at) {
		mq_html_raw(b, "<br>答复：<span class=\"text\">");
		mq_html_text(b, o->answer);
		mq_html_raw(b, "</span>");
	}
	mq_html_raw(b, "</li>\n");
	x->n++;
	return true;
}

/* The admin's form to issue an order on @p topic or @p opinion. */
static void issue_form(struct mq_html *b, const struct mq_db_session *s, const char *topic,
		       const char *opinion, int64_t now)
{
	char due[11];

	/* a suggestion a week on; the admin sets the real day */
	mq_workday_format(mq_workday_day_of(now) + 7, due);
	mq_html_raw(b, "<details><summary>发出督办</summary><form method=\"post\" action=\"/console/supervision\">");
	mq_console_csrf_field(b, s);
	mq_html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", topic ? "topic" : "opinion");
	mq_html_text(b, topic ? topic : opinion);
	mq_html_raw(b, "\"><div class=\"field\"><label for=\"o-note\">督办事项</label>"
		       "<textarea id=\"o-note\" name=\"note\" maxlength=\"1000\" required></textarea>"
		       "<p class=\"hint\">发出后会立即通知街道委员小组。</p></div>"
		       "<div class=\"field\"><label for=\"o-due\">答复期限</label>"
		       "<input type=\"date\" id=\"o-due\" name=\"due_day\" required value=\"");
	mq_html_text(b, due);
	mq_html_raw(b, "\"></div><button type=\"submit\">发出督办</button></form></details>\n");
}

/* The orders card of @p topic or @p opinion. */
static enum mq_err orders_card(struct mq_db *db, struct mq_html *b, const struct mq_db_session *s,
			       const char *topic, const char *opinion, int64_t now)
{
	struct mq_db_order_filter f = { .topic = topic, .opinion = opinion, .limit = 50 };
	struct orders x = { b, now, 0 };
	enum mq_err err;

	mq_html_raw(b, "<section class=\"card\" id=\"orders\"><h2>督办</h2>\n<ul>\n");
	err = db->orders_iterate(db->cls, &f, order_item, &x);
	mq_html_raw(b, "</ul>\n");
	if (x.n == 0)
		mq_html_raw(b, "<p class=\"hint\">没有督办。</p>\n");
	if (mq_account_is_admin(&s->staff))
		issue_form(b, s, topic, opinion, now);
	mq_html_raw(b, "</section>\n");
	return err;
}

enum mq_err mq_console_deadline_cards(struct mq_db *db, struct mq_html *b,
				      const struct mq_db_session *s, const char *topic,
				      const char *opinion, int64_t now)
{
	struct mq_db_opinion_filter f = { .topic = topic, .id = topic ? NULL : opinion };
	struct mq_console_deadlines d;
	const struct mq_deadline_item *it;
	enum mq_err err = mq_console_deadlines_load(db, &f, now, &d);

	if (err != MQ_OK)
		return err;
	it = topic ? mq_deadline_topic_item(&d.items, topic) : mq_console_deadline_of(&d, opinion);
	mq_console_calendar_warning(b, s, &d.rules, now);
	mq_html_raw(b, "<div class=\"grid\">\n<section class=\"card\" id=\"deadlines\"><h2>办理期限</h2>\n");
	if (it)
		mq_console_deadline_list(b, it);
	if (topic && it)
		mq_html_raw(b, "<p class=\"hint\">按本议题中最紧急的一条意见计算，从居民提交之日起算工作日。</p>\n");
	else if (topic)
		mq_html_raw(b, "<p class=\"hint\">议题没有关联的意见。</p>\n");
	else
		mq_html_raw(b, "<p class=\"hint\">从居民提交之日的次日起按工作日计算。</p>\n");
	mq_html_raw(b, "</section>\n");
	if (topic || !it || !it->topic[0])
		err = orders_card(db, b, s, topic, topic ? NULL : opinion, now);
	mq_html_raw(b, "</div>\n");
	mq_console_deadlines_finish(&d);
	return err;
}
