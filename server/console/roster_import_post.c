/* roster_import_post.c — POST /console/roster/import (csv): a
 * street group or admin pastes a roster CSV, imported by the same code as
 * `minqing-server roster-import` (mq_roster_import_ex), all or nothing. A
 * street account may import only its own studio's rows. The answer is the
 * import form again: with what was done, or with every problem by line
 * number (in Chinese) and the pasted text kept for correcting. The import
 * is audited, with its counts, in its own transaction. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_account.h"
#include "mq_log.h"
#include "mq_roster.h"

/* The CSV is one form value: as large as the importer takes. The request
 * body is bounded by the dispatcher (MQ_WIRE_MAX_BODY) before this. */
#define CSV_MAX (1024 * 1024)

void mq_console_roster_import_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;
	struct mq_html b, errs;
	struct mq_roster_import_opts opts = { .chinese = true, .who = &s.staff };
	struct mq_roster_import_result res = { 0 };
	const char *csv;
	unsigned int status;
	enum mq_err err;

	if (!mq_console_post_max(hc, resp, &s, &form, CSV_MAX))
		goto out;
	if (!mq_account_can_edit(&s.staff)) {
		mq_console_message(resp, 403, &s, "无权操作", "导入排班仅对街道委员小组和区管理员开放。");
		goto out;
	}
	opts.studio = mq_account_studio(&s.staff);
	csv = mq_form_get(&form, "csv");
	mq_html_init(&errs);
	if (!csv || !mq_form_text(&form, "csv")) {
		err = MQ_ERR_INVALID;
		mq_console_import_error(&errs, 0, "没有内容：请把排班表（CSV）粘贴到下面的输入框。");
		csv = "";
	} else {
		err = mq_roster_import_ex(db, csv, strlen(csv), hc->req->now, &opts,
					  mq_console_import_error, &errs, &res);
	}

	mq_html_init(&b);
	mq_console_begin(&b, "导入排班", MQ_NAV_ROSTER, &s);
	mq_html_raw(&b, "<p><a href=\"/console/roster\">← 返回值班排班</a></p>\n");
	if (err == MQ_OK) {
		mq_log_info("console", "%s imported a roster: %u rows", s.staff.username, res.rows);
		status = 200;
		mq_html_printf(&b, "<div class=\"notice\" role=\"status\"><p>已导入 %u 行：新增 %u 个班次，"
				  "%u 个已存在且相同，%u 个因闭馆或调整未排；取消 %u 个已有班次"
				  "（随之取消 %u 个预约），闭馆或节假日 %u 天。</p></div>\n",
			       res.rows, res.shifts_added, res.shifts_unchanged, res.shifts_skipped,
			       res.shifts_cancelled, res.bookings_cancelled, res.closures);
		csv = NULL;   /* done: an empty form for the next one */
	} else if (err == MQ_ERR_INVALID) {
		status = 422;
		mq_html_printf(&b, "<div class=\"error\" role=\"alert\"><p><strong>没有导入：发现 %u 处问题，"
				  "整批都未保存。</strong>请改正后重新提交。</p>\n<ul>\n",
			       res.errors ? res.errors : 1);
		mq_html_append(&b, &errs);
		mq_html_raw(&b, "</ul></div>\n");
	} else {
		status = 503;
		mq_html_raw(&b, "<p class=\"error\" role=\"alert\">数据库暂时没有响应，排班没有导入。"
			       "请稍后再试。</p>\n");
	}
	mq_html_finish(&errs);
	mq_console_roster_import_form(&b, &s, csv);
	mq_console_end(&b, resp, status);
out:
	mq_form_finish(&form);
}
