/* roster.c — what the console's roster pages share (console.h):
 * the CSV import form, shown under the week view (roster_get.c)
 * and again with the import's answer (roster_import_post.c), and
 * the address of a studio's week. */
#include <stdio.h>

#include "console.h"
#include "mq_date.h"
#include "mq_roster.h"

void mq_console_roster_url(char *out, size_t size, const char *studio, int64_t t)
{
	struct mq_date d;
	char day[11];

	mq_date_of(t, &d);
	mq_date_format(&d, day);
	/* studio ids are keys ([a-z0-9-]): nothing to encode */
	if (studio && studio[0])
		snprintf(out, size, "/console/roster?studio=%s&week=%s", studio, day);
	else
		snprintf(out, size, "/console/roster?week=%s", day);
}

void mq_console_roster_import_form(struct mq_html *b, const struct mq_db_session *s,
				   const char *csv)
{
	const char *studio = mq_account_studio(&s->staff);

	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"import-h\">\n"
		      "<h2 id=\"import-h\">导入排班（CSV）</h2>\n"
		      "<form method=\"post\" action=\"/console/roster/import\">\n");
	mq_console_csrf_field(b, s);
	mq_html_raw(b, "<div class=\"field\"><label for=\"csv\">排班表内容</label>"
		      "<textarea id=\"csv\" class=\"code\" name=\"csv\" rows=\"10\" spellcheck=\"false\" "
		      "aria-describedby=\"csv-hint\" required>");
	if (csv)
		mq_html_text(b, csv);
	mq_html_raw(b, "</textarea>\n<div id=\"csv-hint\" class=\"hint\"><p>从表格软件另存为“CSV UTF-8”，"
		      "打开后全部复制粘贴到这里。第一行是表头，之后每行一条：</p>\n"
		      "<pre class=\"code\">kind,studio,member,date,start,end,slot_minutes,capacity,until,note\n"
		      "shift,hubin,hubin-01,2026-12-01,09:00,12:00,30,3,,\n"
		      "weekly,hubin,hubin-02,2026-12-07,14:00,17:00,60,2,2027-01-31,每周一下午\n"
		      "skip,hubin,hubin-02,2026-12-21,,,,,,年终会议\n"
		      "closed,hubin,,2026-12-25,,,,,,设备检修</pre>\n"
		      "<p>shift 单次值班；weekly 每周同一时间直到 until；skip 某位委员当天不值班；"
		      "closed 工作室当天闭馆；holiday 全区节假日。闭馆、调整会取消当天已有的值班和预约。"
		      "有任何一行出错时整批都不导入；同样的内容重复导入不会重复排班。</p>\n");
	if (studio) {
		mq_html_raw(b, "<p>本账号只能导入本工作室（<code>");
		mq_html_text(b, studio);
		mq_html_raw(b, "</code>）的排班；全区节假日由区管理员设置。</p>\n");
	}
	mq_html_raw(b, "</div></div>\n<button type=\"submit\">导入</button>\n</form>\n</section>\n");
}
