/* calendar_get.c — GET /console/calendar: 时限与日历. The district's time
 * limits (分析研判, 首次答复, 办结 in working days from collection; the
 * escalation threshold; the digest's "due soon" window) and the official
 * calendar: for each year whose State Council notice was imported, its
 * holidays and 调休 working days. Admins change the limits and import a
 * year's notice (date,kind CSV); street groups read. calendar_post.c
 * answers with the same page (mq_console_calendar_page). */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_date.h"
#include "mq_workday.h"

/* A literal (mq_html_raw takes literals only): the import format explained. */
#define CSV_HINT \
	"<p class=\"hint\">每年国务院办公厅发布下一年节假日安排后导入。格式：第一行 " \
	"<code>date,kind</code>，之后每行一个日期：放假写 <code>holiday</code>，周末调休上班写 " \
	"<code>workday</code>，其余日期按周一至周五计算。导入会替换文件中年份的全部安排。</p>\n" \
	"<pre class=\"code\">date,kind\n2027-01-01,holiday\n2027-02-06,workday\n……</pre>\n"

static void number(struct mq_html *b, const char *name, const char *label, int value,
		   int min, int max, const char *hint)
{
	mq_html_printf(b, "<div class=\"field\"><label for=\"c-%s\">%s</label><input type=\"number\""
		       " id=\"c-%s\" name=\"%s\" min=\"%d\" max=\"%d\" value=\"%d\" required>"
		       "<p class=\"hint\">%s</p></div>\n", name, label, name, name, min, max, value,
		       hint);
}

static void limits_card(struct mq_html *b, const struct mq_db_session *s,
			const struct mq_db_deadline_limits *l)
{
	char when[32];

	mq_html_printf(b, "<section class=\"card\"><h2>办理时限</h2>\n<dl class=\"kv\">"
		       "<dt>分析研判</dt><dd>收集后%d个工作日内</dd><dt>首次答复</dt><dd>收集后%d个工作日内</dd>"
		       "<dt>办结</dt><dd>收集后%d个工作日内</dd><dt>升级督办</dt><dd>超期%d个工作日以上，"
		       "自动列入区级督办清单</dd><dt>临期提醒</dt><dd>剩余%d个工作日以内，列入每日督查</dd>",
		       l->triage, l->answer, l->close, l->escalate, l->soon);
	if (l->updated_at) {
		mq_date_format_minute(l->updated_at, when, sizeof when);
		mq_html_raw(b, "<dt>最后修改</dt><dd>");
		mq_html_text(b, when);
		mq_html_raw(b, "（");
		mq_html_text(b, l->updated_by);
		mq_html_raw(b, "）</dd>");
	}
	mq_html_raw(b, "</dl>\n<p class=\"hint\">期限从居民提交意见的时间（终端记录的时间）起算，"
		       "自次日起按工作日计算，到期限最后一天24时止。</p>\n");
	if (mq_account_is_admin(&s->staff)) {
		mq_html_raw(b, "<details><summary>修改时限</summary><form method=\"post\" action=\"/console/calendar\">");
		mq_console_csrf_field(b, s);
		mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"limits\">");
		number(b, "triage", "分析研判（工作日）", l->triage, 1, MQ_WORKDAY_LIMIT_MAX, "默认5个工作日");
		number(b, "answer", "首次答复（工作日）", l->answer, 1, MQ_WORKDAY_LIMIT_MAX, "默认15个工作日");
		number(b, "close", "办结（工作日）", l->close, 1, MQ_WORKDAY_LIMIT_MAX, "默认30个工作日");
		number(b, "escalate", "超期多少个工作日后升级督办", l->escalate, 0, MQ_WORKDAY_LIMIT_MAX,
		       "0表示一超期就升级");
		number(b, "soon", "临期提醒（剩余工作日）", l->soon, 0, 30, "每日督查中列为“临期”");
		mq_html_raw(b, "<button type=\"submit\">保存时限</button></form></details>\n");
	}
	mq_html_raw(b, "</section>\n");
}

/* The exceptions of the year being listed. */
struct year_days {
	struct mq_html *b;
	int year;
	bool workday;                /* which kind this pass lists */
	unsigned int n;
};

static bool day_item(void *cls, const struct mq_db_calendar_day *d)
{
	struct year_days *y = cls;
	char md[32], y4[8];
	int64_t day;

	snprintf(y4, sizeof y4, "%d", y->year);
	if (d->workday != y->workday || strncmp(d->day, y4, 4) != 0 ||
	    !mq_workday_parse(d->day, &day))
		return true;
	mq_workday_format_md(day, md, sizeof md);
	mq_html_printf(y->b, "%s%s", y->n ? "、" : "", md);
	y->n++;
	return true;
}

struct years {
	struct mq_db *db;
	struct mq_html *b;
	enum mq_err err;
	unsigned int n;
};

static bool year_card(void *cls, const struct mq_db_calendar_year *row)
{
	struct years *ys = cls;
	struct year_days y = { ys->b, row->year, false, 0 };
	char when[32];

	mq_html_printf(ys->b, "<h3>%d年</h3>\n<dl class=\"kv\"><dt>依据</dt><dd>", row->year);
	mq_html_text(ys->b, row->source);
	mq_html_raw(ys->b, "</dd>");
	if (row->imported_at) {
		mq_date_format_minute(row->imported_at, when, sizeof when);
		mq_html_raw(ys->b, "<dt>导入</dt><dd>");
		mq_html_text(ys->b, when);
		mq_html_raw(ys->b, "（");
		mq_html_text(ys->b, row->imported_by);
		mq_html_raw(ys->b, "）</dd>");
	}
	mq_html_raw(ys->b, "<dt>放假</dt><dd>");
	ys->err = ys->db->calendar_days_iterate(ys->db->cls, day_item, &y);
	mq_html_raw(ys->b, "</dd><dt>调休上班</dt><dd>");
	y.workday = true;
	y.n = 0;
	if (ys->err == MQ_OK)
		ys->err = ys->db->calendar_days_iterate(ys->db->cls, day_item, &y);
	if (!y.n)
		mq_html_raw(ys->b, "—");
	mq_html_raw(ys->b, "</dd></dl>\n");
	ys->n++;
	return ys->err == MQ_OK;
}

static void import_form(struct mq_html *b, const struct mq_db_session *s, const char *csv)
{
	mq_html_raw(b, "<h3>导入新一年的安排</h3>\n");
	mq_html_raw(b, CSV_HINT);
	mq_html_raw(b, "<form method=\"post\" action=\"/console/calendar\">");
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<input type=\"hidden\" name=\"action\" value=\"import\"><div class=\"field\">"
		       "<label for=\"c-csv\">节假日安排（CSV）</label><textarea id=\"c-csv\" name=\"csv\""
		       " class=\"code\" rows=\"10\" required>");
	mq_html_text(b, csv);
	mq_html_raw(b, "</textarea></div><button type=\"submit\">导入</button></form>\n");
}

void mq_console_calendar_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      const struct mq_db_session *s, unsigned int status,
			      const struct mq_html *notice, const char *csv)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_deadline_limits l;
	struct mq_deadline_rules r = { 0 };
	struct mq_html b;
	struct years ys = { db, &b, MQ_OK, 0 };
	enum mq_err err = db->deadline_limits_get(db->cls, &l);

	if (err == MQ_OK)
		err = mq_deadline_rules_load(db, &r);
	mq_html_init(&b);
	mq_console_begin(&b, "时限与日历", MQ_NAV_CALENDAR, s);
	if (notice)
		mq_html_append(&b, notice);
	if (err == MQ_OK) {
		mq_console_calendar_warning(&b, s, &r, hc->req->now);
		limits_card(&b, s, &l);
		mq_html_raw(&b, "<section class=\"card\" id=\"calendar\"><h2>法定节假日与调休</h2>\n");
		err = db->calendar_years_iterate(db->cls, year_card, &ys);
		if (err == MQ_OK)
			err = ys.err;
		if (ys.n == 0)
			mq_html_raw(&b, "<p>还没有导入任何年份的安排：期限按周一至周五计算。</p>\n");
		if (mq_account_is_admin(&s->staff))
			import_form(&b, s, csv);
		mq_html_raw(&b, "</section>\n");
	}
	mq_deadline_rules_finish(&r);
	if (err != MQ_OK) {
		mq_console_finish(&b, resp, s, err);
		return;
	}
	mq_console_end(&b, resp, status);
}

void mq_console_calendar_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_html notice;

	if (!mq_console_session_staff(hc, resp, &s, "时限与日历"))
		return;
	mq_html_init(&notice);
	mq_console_saved_notice(&notice, hc->req->query);
	mq_console_calendar_page(hc, resp, &s, 200, &notice, NULL);
	mq_html_finish(&notice);
}
