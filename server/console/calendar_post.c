/* calendar_post.c — POST /console/calendar: an admin changes the time
 * limits (action=limits: triage, answer, close, escalate, soon) or imports
 * a year's holiday notice (action=import: csv), by the same code as
 * `minqing-server calendar-import`, all or nothing. Limits go back to the
 * page (or 422 with why); an import answers the page with what was done,
 * or with every problem by line and the pasted text kept for correcting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "mq_calendar.h"

/* A whole number field of @p f, or -1 when it is missing or not one. */
static int whole(struct mq_form *f, const char *name)
{
	const char *v = mq_form_text(f, name);
	char *end;
	long n;

	if (!v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || end == v || n < 0 || n > 100000 ? -1 : (int)n;
}

static void limits(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		   const struct mq_db_session *s, struct mq_form *f)
{
	struct mq_deadline_limits_in in = {
		whole(f, "triage"), whole(f, "answer"), whole(f, "close"), whole(f, "escalate"),
		whole(f, "soon"),
	};
	char msg[256] = "";
	enum mq_err err = mq_deadline_limits_save(hc->srv->db, &s->staff, &in, hc->req->now, msg,
						  sizeof msg);

	mq_console_save_reply(resp, s, err, "/console/calendar?ok=1", msg, "没有找到时限设置。",
			      "只有区管理员可以修改办理时限。");
}

static void import(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		   const struct mq_db_session *s, const struct mq_form *f)
{
	struct mq_calendar_import_result res;
	struct mq_html errs, notice;
	const char *csv = mq_form_get(f, "csv");
	unsigned int status = 200;
	enum mq_err err;

	mq_html_init(&errs);
	mq_html_init(&notice);
	err = mq_calendar_import(hc->srv->db, &s->staff, "控制台导入", csv ? csv : "",
				 csv ? strlen(csv) : 0, hc->req->now, mq_console_import_error, &errs,
				 &res);
	if (err == MQ_OK) {
		mq_html_printf(&notice, "<div class=\"notice\" role=\"status\"><p>已导入 %u 个日期：", res.days);
		for (unsigned int i = 0; i < res.n_years; i++)
			mq_html_printf(&notice, "%s%d年", i ? "、" : "", res.years[i]);
		mq_html_raw(&notice, "的安排已更新，办理期限按新安排计算。</p></div>\n");
		csv = NULL;
	} else if (err == MQ_ERR_INVALID) {
		status = 422;
		mq_html_printf(&notice, "<div class=\"error\" role=\"alert\"><p><strong>没有导入：发现 %u 处问题，"
				  "整个文件都未保存。</strong>请改正后重新提交。</p>\n<ul>\n", res.errors);
		mq_html_append(&notice, &errs);
		mq_html_raw(&notice, "</ul></div>\n");
	} else if (err == MQ_ERR_AUTH) {
		mq_html_finish(&errs);
		mq_html_finish(&notice);
		mq_console_message(resp, 403, s, "无权操作", "只有区管理员可以导入节假日安排。");
		return;
	} else {
		status = 503;
		mq_html_raw(&notice, "<p class=\"error\" role=\"alert\">数据库暂时没有响应，没有导入。"
				     "请稍后再试。</p>\n");
	}
	mq_console_calendar_page(hc, resp, s, status, &notice, csv);
	mq_html_finish(&errs);
	mq_html_finish(&notice);
}

void mq_console_calendar_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;
	const char *action;

	if (!mq_console_post_max(hc, resp, &s, &form, MQ_CALENDAR_FILE_MAX))
		goto out;
	action = mq_form_get(&form, "action");
	if (action && strcmp(action, "limits") == 0)
		limits(hc, resp, &s, &form);
	else if (action && strcmp(action, "import") == 0)
		import(hc, resp, &s, &form);
	else
		mq_console_message(resp, 422, &s, "未能保存", "未知的操作。");
out:
	mq_form_finish(&form);
}
