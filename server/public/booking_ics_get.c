/* booking_ics_get.c — GET /b/{token}/calendar.ics: the booking as an
 * iCalendar entry for the resident's phone calendar (ics.c). A refused
 * booking never was an appointment: it gets a page saying so, not an event. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_page.h"
#include "public.h"

void mq_public_booking_ics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_booking_info bk;
	struct mq_buf b;
	char url[512];
	char *text;
	size_t len = 0;
	enum mq_err err = mq_booking_load(hc->srv->db, hc->param, &bk);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_booking_not_synced(resp);
		return;
	}
	if (err != MQ_OK) {
		mq_booking_message(resp, 503, "暂时无法下载", "服务器暂时繁忙。", "请稍后再试。");
		mq_http_add_header(resp, "Retry-After", "30");
		return;
	}
	if (strcmp(bk.status, "refused") == 0) {
		mq_booking_message(resp, 404, "没有日历事件", "这次预约没有成功，所以没有日历事件。",
				"请返回预约页面查看还可以预约的时段。");
		return;
	}
	if (hc->srv->public_url)
		snprintf(url, sizeof url, "%s/b/%s", hc->srv->public_url, bk.token);
	mq_buf_init(&b);
	mq_ics_booking(&b, &bk, hc->srv->public_url ? url : NULL);
	text = mq_buf_steal(&b, &len);
	if (!text) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_raw(resp, 200, "text/calendar; charset=utf-8", text, len);
	mq_http_add_header(resp, "Content-Disposition", "attachment; filename=\"booking.ics\"");
	mq_http_add_header(resp, "Cache-Control", "no-store");
	mq_http_add_header(resp, "Referrer-Policy", "no-referrer");
	mq_http_add_header(resp, "X-Content-Type-Options", "nosniff");
}
