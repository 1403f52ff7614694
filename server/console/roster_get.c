/* roster_get.c — GET /console/roster?studio=ID&week=YYYY-MM-DD:
 * one studio's duty shifts for the week (Monday to Sunday, Asia/Shanghai)
 * holding the date: member, hours, slot length, places, booked and free,
 * status (a cancelled shift with its reason), closures and holidays. Admins
 * choose the studio; a street account sees its own; a member account sees
 * only its own shifts and changes nothing. Street groups and admins get a
 * form to cancel a coming shift (roster_shift_post.c) and the CSV
 * import (roster_import_post.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_roster.h"
#include "mq_time.h"

#define DAYS 7
#define COLS_VIEW 8     /* columns without the action column */
#define CLOSURES_MAX 16

struct closure {
	char day[11];
	bool holiday;
	char reason[MQ_DB_NOTE_MAX];
};

struct week {
	struct mq_html *b;
	const struct mq_db_session *s;
	const char *studio;
	int64_t now;
	int64_t day_start[DAYS + 1];    /* local midnights, Monday .. next Monday */
	struct closure closures[CLOSURES_MAX];
	size_t n_closures;
	int day;                        /* the day being written, -1 before Monday */
	bool has_shifts, closed;        /* of that day */
	unsigned int shifts, taken, free;
	bool edit;
};

static bool got_closure(void *cls, const struct mq_db_closure *c)
{
	struct week *w = cls;
	struct closure *o;

	if (w->n_closures == CLOSURES_MAX)
		return false;   /* one a day, plus holidays: cannot happen in a week */
	o = &w->closures[w->n_closures++];
	snprintf(o->day, sizeof o->day, "%s", c->day);
	o->holiday = strcmp(c->kind, "holiday") == 0;
	snprintf(o->reason, sizeof o->reason, "%s", c->reason ? c->reason : "");
	return true;
}

static int cols(const struct week *w)
{
	return COLS_VIEW + (w->edit ? 1 : 0);
}

/* The first cell of a row of day @p i: its date, "11月20日 周五". */
static void day_cell(struct week *w, int i)
{
	char day[48];

	mq_date_format_day(w->day_start[i], false, day, sizeof day);
	mq_html_raw(w->b, "<td class=\"day\">");
	mq_html_text(w->b, day);
	mq_html_raw(w->b, "</td>");
}

/* Opens day @p i: its closures and holidays come first. */
static void open_day(struct week *w, int i)
{
	struct mq_date d;
	char ymd[11];

	w->day = i;
	w->has_shifts = false;
	w->closed = false;
	mq_date_of(w->day_start[i], &d);
	mq_date_format(&d, ymd);
	for (size_t k = 0; k < w->n_closures; k++) {
		const struct closure *c = &w->closures[k];

		if (strcmp(c->day, ymd) != 0)
			continue;
		w->closed = true;
		mq_html_raw(w->b, "<tr class=\"closed\">");
		day_cell(w, i);
		mq_html_printf(w->b, "<td colspan=\"%d\"><span class=\"tag warn\">%s</span> ",
			       cols(w) - 1, c->holiday ? "节假日" : "闭馆");
		mq_html_text_or(w->b, c->reason, c->holiday ? "全区休息" : "工作室当天不开放");
		mq_html_raw(w->b, "</td></tr>\n");
	}
}

/* Closes the open day: "无值班" when it had neither shift nor closure. */
static void close_day(struct week *w)
{
	if (w->day < 0 || w->has_shifts || w->closed)
		return;
	mq_html_raw(w->b, "<tr class=\"empty\">");
	day_cell(w, w->day);
	mq_html_printf(w->b, "<td colspan=\"%d\" class=\"muted\">无值班</td></tr>\n", cols(w) - 1);
}

/* Moves on to day @p i, closing the days before it. */
static void advance_to(struct week *w, int i)
{
	while (w->day < i) {
		close_day(w);
		open_day(w, w->day + 1);
	}
}

static bool got_shift(void *cls, const struct mq_db_roster_shift *r)
{
	struct week *w = cls;
	struct mq_html *b = w->b;
	const struct mq_db_shift *sh = &r->shift;
	bool ended = sh->end_at <= w->now, on_now = sh->start_at <= w->now && !ended;
	char hours[32];
	int free_places = r->places > r->taken ? r->places - r->taken : 0;

	/* rows come by start: a shift on a later day closes the days before */
	int i = 0;

	while (i < DAYS - 1 && sh->start_at >= w->day_start[i + 1])
		i++;
	advance_to(w, i);
	w->has_shifts = true;
	mq_date_format_hours(sh->start_at, sh->end_at, hours, sizeof hours);
	if (sh->active)
		mq_html_raw(b, "<tr>");
	else
		mq_html_raw(b, "<tr class=\"cancelled\">");
	day_cell(w, i);
	mq_html_raw(b, "<td class=\"hours\">");
	mq_html_text(b, hours);
	mq_html_raw(b, "</td><td>");
	mq_html_text(b, r->member_name);
	mq_html_printf(b, "</td><td class=\"num\">%d 分钟</td><td class=\"num\">%d 人</td>"
			 "<td class=\"num\">%d</td><td class=\"num\">",
		       sh->slot_minutes, sh->capacity, r->taken);
	if (sh->active && !ended)
		mq_html_printf(b, "%d", free_places);
	else
		mq_html_raw(b, "—");
	mq_html_raw(b, "</td><td>");
	if (!sh->active) {
		mq_html_raw(b, "<span class=\"tag warn\">已取消</span> ");
		mq_html_text_or(b, sh->note, "");
		if (r->cancelled)
			mq_html_printf(b, "<br><span class=\"hint\">%d 个预约随之取消</span>",
				       r->cancelled);
	} else if (ended) {
		mq_html_raw(b, "<span class=\"tag\">已结束</span>");
	} else if (on_now) {
		mq_html_raw(b, "<span class=\"tag new\">值班中</span>");
	} else {
		mq_html_raw(b, "<span class=\"tag ok\">已排班</span>");
	}
	mq_html_raw(b, "</td>");
	if (w->edit) {
		mq_html_raw(b, "<td>");
		if (sh->active && !ended) {
			mq_html_raw(b, "<details><summary>取消值班</summary>"
				      "<form method=\"post\" action=\"/console/roster/shift\">");
			mq_console_csrf_field(b, w->s);
			mq_html_raw(b, "<input type=\"hidden\" name=\"shift\" value=\"");
			mq_html_text(b, sh->id);
			mq_html_raw(b, "\"><label for=\"r-");
			mq_html_text(b, sh->id);
			mq_html_raw(b, "\">取消原因（居民的预约页面会显示）</label><input type=\"text\" id=\"r-");
			mq_html_text(b, sh->id);
			mq_html_raw(b, "\" name=\"reason\" maxlength=\"100\" required>");
			if (r->taken)
				mq_html_printf(b, "<p class=\"hint\">已有 %d 人预约，取消后他们的预约一并取消。</p>",
					       r->taken);
			mq_html_raw(b, "<button type=\"submit\">确认取消</button></form></details>");
		}
		mq_html_raw(b, "</td>");
	}
	mq_html_raw(b, "</tr>\n");
	if (sh->active) {
		w->shifts++;
		w->taken += (unsigned int)r->taken;
		if (!ended)
			w->free += (unsigned int)free_places;
	}
	return true;
}

/* Finds the member account's studio (for its closures). */
static bool got_member(void *cls, const struct mq_db_member_admin *m)
{
	snprintf(cls, MQ_KEY_MAX + 1, "%s", m->m.studio);
	return false;
}

/* The Monday of the week the query's `week` (or @p now) falls in; false,
 * having answered 400, for a malformed date. */
static bool read_week(struct mq_http_response *resp, const struct mq_db_session *s,
		      const struct mq_form *q, int64_t now, struct mq_date *monday)
{
	const char *week = mq_form_get(q, "week");
	struct mq_date d;

	if (week && week[0]) {
		if (!mq_date_parse(week, &d)) {
			mq_console_message(resp, 400, s, "无法打开",
					   "日期应写成 2026-11-20 这样的格式。");
			return false;
		}
	} else {
		mq_date_of(now, &d);
	}
	*monday = mq_date_add(&d, 1 - mq_date_weekday(&d));
	return true;
}

/* Which studio the page shows into @p studio: a member's own (and its
 * member key into *@p member), a street account's own, or the admin's
 * choice (the first by default). 0, or the status it answered with. */
static unsigned int choose_studio(struct mq_db *db, struct mq_http_response *resp,
				  const struct mq_db_session *s, const struct mq_form *q,
				  const struct mq_console_list *studios,
				  char studio[MQ_KEY_MAX + 1], const char **member)
{
	const char *want = mq_form_get(q, "studio"), *own = mq_account_studio(&s->staff);
	enum mq_err err = MQ_OK;

	if (s->staff.role == MQ_ROLE_MEMBER) {
		*member = mq_account_own_member(&s->staff);
		err = db->members_admin_iterate(db->cls, NULL, *member, got_member, studio);
	} else if (own) {
		if (want && want[0] && strcmp(want, own) != 0) {
			mq_console_message(resp, 403, s, "无权查看", "只能查看本街道工作室的排班。");
			return 403;
		}
		snprintf(studio, MQ_KEY_MAX + 1, "%s", own);
	} else {
		if (want && want[0] && !mq_console_list_name(studios, want)) {
			mq_console_message(resp, 404, s, "未找到", "没有这个工作室。");
			return 404;
		}
		snprintf(studio, MQ_KEY_MAX + 1, "%s",
			 want && want[0] ? want : studios->n ? studios->items[0].key : "");
	}
	if (err != MQ_OK) {
		mq_console_message(resp, 503, s, "暂时无法显示", "数据库暂时没有响应，请稍后再试。");
		return 503;
	}
	return 0;
}

/* Back from the shift's cancel (roster_shift_post.c): how many bookings went. */
static void cancelled_notice(struct mq_html *b, const struct mq_form *q)
{
	const char *cancelled = mq_form_get(q, "cancelled");
	char *end = NULL;
	long n = cancelled ? strtol(cancelled, &end, 10) : 0;

	if (cancelled)
		mq_html_printf(b, "<p class=\"notice\" role=\"status\">已取消这次值班；%ld 个预约"
				  "随之取消，居民打开预约页面会看到取消原因。</p>\n",
			       end && !*end && n > 0 && n < 100000 ? n : 0);
}

/* The week's heading (studio, dates) and the links to the weeks around it;
 * @p studio NULL for a member's own shifts. */
static void week_heading(struct mq_html *b, const struct week *w, const char *studio_name,
			 const char *studio, const struct mq_date *monday)
{
	struct mq_date sunday = mq_date_add(monday, DAYS - 1);
	const int64_t to[] = { w->day_start[0] - 86400, w->now, w->day_start[DAYS] };
	char link[128], a[48], z[48], span[128];

	mq_date_format_day(w->day_start[0], true, a, sizeof a);
	snprintf(z, sizeof z, "%d月%d日（周日）", sunday.m, sunday.d);
	snprintf(span, sizeof span, "%s至%s", a, z);
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"week-h\">\n<h2 id=\"week-h\">");
	if (studio_name) {
		mq_html_text(b, studio_name);
		mq_html_raw(b, " · ");
	}
	mq_html_text(b, span);
	mq_html_raw(b, "</h2>\n<p class=\"weeknav\">");
	for (int i = 0; i < 3; i++) {
		mq_console_roster_url(link, sizeof link, studio, to[i]);
		mq_html_raw(b, "<a href=\"");
		mq_html_text(b, link);
		if (i == 0)
			mq_html_raw(b, "\">← 上一周</a>");
		else if (i == 1)
			mq_html_raw(b, "\">本周</a>");
		else
			mq_html_raw(b, "\">下一周 →</a>");
	}
	mq_html_printf(b, "<a href=\"/console/attendance?month=%04d-%02d\">本月考勤</a></p>\n",
		       monday->y, monday->m);
}

/* The week's shifts of @p studio (or of @p member alone) as a table, and its totals. */
static enum mq_err week_table(struct mq_db *db, struct week *w, const char *studio,
			      const char *member)
{
	struct mq_html *b = w->b;
	enum mq_err err = MQ_OK;

	mq_html_raw(b, MQ_CONSOLE_WRAP "<table>\n<thead><tr><th scope=\"col\">日期</th>"
		       "<th scope=\"col\">时间</th><th scope=\"col\">值班委员</th>"
		       "<th scope=\"col\" class=\"num\">每段时长</th>"
		       "<th scope=\"col\" class=\"num\">每段名额</th>"
		       "<th scope=\"col\" class=\"num\">已预约</th>"
		       "<th scope=\"col\" class=\"num\">空余名额</th>"
		       "<th scope=\"col\">状态</th>");
	if (w->edit)
		mq_html_raw(b, "<th scope=\"col\">操作</th>");
	mq_html_raw(b, "</tr></thead>\n<tbody>\n");
	if (studio[0] || member)
		err = db->roster_shifts_iterate(db->cls, member ? NULL : studio, member,
						w->day_start[0], w->day_start[DAYS], got_shift, w);
	advance_to(w, DAYS - 1);
	close_day(w);
	mq_html_raw(b, "</tbody></table></div>\n");
	mq_html_printf(b, "<p>本周 %u 个班次，已预约 %u 人次", w->shifts, w->taken);
	if (!member)
		mq_html_printf(b, "，尚可预约 %u 个名额", w->free);
	mq_html_raw(b, "。居民在工作室的自助终端上预约。</p>\n</section>\n");
	return err;
}

/* The page of the week of @p monday at @p studio (or @p member's own shifts). */
static void page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		 const struct mq_db_session *s, const struct mq_form *q,
		 const struct mq_console_list *studios, const char *studio, const char *member,
		 const struct mq_date *monday)
{
	struct mq_db *db = hc->srv->db;
	struct week w = { .s = s, .now = hc->req->now, .day = -1,
			  .edit = mq_account_can_edit(&s->staff) };
	struct mq_date next = mq_date_add(monday, DAYS);
	char from_day[11], to_day[11];
	struct mq_html b;
	enum mq_err err = MQ_OK;

	for (int i = 0; i <= DAYS; i++) {
		struct mq_date di = mq_date_add(monday, i);
		w.day_start[i] = mq_date_local_time(&di, 0);
	}
	mq_date_format(monday, from_day);
	mq_date_format(&next, to_day);
	if (studio[0])
		err = db->closures_iterate(db->cls, studio, from_day, to_day, got_closure, &w);
	mq_html_init(&b);
	w.b = &b;
	mq_console_begin(&b, member ? "我的值班" : "值班排班", MQ_NAV_ROSTER, s);
	cancelled_notice(&b, q);
	/* choosing the week (and, for admins, the studio) */
	mq_html_raw(&b, "<form class=\"filters card\" method=\"get\" action=\"/console/roster\">\n");
	if (!member && !mq_account_studio(&s->staff))
		mq_console_select(&b, "studio", "工作室", studios, NULL, studio);
	mq_html_raw(&b, "<div><label for=\"f-week\">日期（显示所在的一周）</label>"
		       "<input type=\"date\" id=\"f-week\" name=\"week\" value=\"");
	mq_html_text(&b, from_day);
	mq_html_raw(&b, "\"></div>\n<div><button type=\"submit\">查看</button></div>\n</form>\n");
	week_heading(&b, &w, mq_console_list_name(studios, studio), member ? NULL : studio, monday);
	if (err == MQ_OK)
		err = week_table(db, &w, studio, member);
	if (w.edit)
		mq_console_roster_import_form(&b, s, NULL);
	mq_console_finish(&b, resp, s, err);
}

void mq_console_roster_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form q = { 0 };
	struct mq_console_list studios = { 0 };
	struct mq_date monday;
	const char *member = NULL;
	char studio[MQ_KEY_MAX + 1] = "";
	enum mq_err err;

	if (!mq_console_get(hc, resp, &s, &q, "无法打开", "链接中的参数有误。"))
		return;
	if (!read_week(resp, &s, &q, hc->req->now, &monday))
		goto out;
	err = db->studios_iterate(db->cls, mq_console_list_add, &studios);
	if (err == MQ_OK && studios.failed)
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK)
		mq_console_message(resp, 503, &s, "暂时无法显示", "数据库暂时没有响应，请稍后再试。");
	else if (choose_studio(db, resp, &s, &q, &studios, studio, &member) == 0)
		page(hc, resp, &s, &q, &studios, studio, member, &monday);
out:
	mq_form_finish(&q);
	mq_console_list_finish(&studios);
}
