/* booking_cancel_post.c — POST /b/{token}/cancel: the resident cancels a
 * booking from their phone, in two steps without JavaScript. The page's
 * button posts without `confirm` and gets a confirmation page; its button
 * posts confirm=yes, which cancels (the place is free again, the calendar
 * entry's SEQUENCE goes up) and redirects (303) back to the booking page.
 * The token in the URL is the bearer secret, as for reading the page. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_date.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_roster.h"
#include "public.h"

/* True if the urlencoded @p body of @p len bytes has the pair confirm=yes. */
static bool confirmed(const char *body, size_t len)
{
	static const char want[] = "confirm=yes";
	size_t i = 0, n = sizeof want - 1;

	while (body && i < len) {
		size_t j = i;
		while (j < len && body[j] != '&')
			j++;
		if (j - i == n && memcmp(body + i, want, n) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

static void confirm_page(struct mq_http_response *resp, const struct mq_booking_info *bk)
{
	struct mq_html b;
	char day[64], hours[32];

	mq_date_format_day(bk->slot_start, true, day, sizeof day);
	mq_date_format_hours(bk->slot_start, bk->slot_end, hours, sizeof hours);
	mq_html_init(&b);
	mq_page_begin_ex(&b, MQ_BOOKING_BRAND, "取消预约", mq_booking_css);
	mq_html_raw(&b, "<section class=\"card\">\n<p class=\"big\">确定要取消这次预约吗？</p>\n"
		       "<p class=\"when-big\">");
	mq_html_text(&b, day);
	mq_html_raw(&b, "<br>");
	mq_html_text(&b, hours);
	mq_html_raw(&b, "</p>\n<dl>\n<dt>地点</dt><dd>");
	mq_html_text(&b, bk->studio_name);
	mq_html_raw(&b, "</dd>\n<dt>接待委员</dt><dd>");
	mq_html_text(&b, bk->member_name);
	mq_html_raw(&b, "</dd>\n<dt>查询码</dt><dd>");
	mq_html_text(&b, bk->short_code);
	mq_html_raw(&b, "</dd>\n</dl>\n<p class=\"muted\">取消后名额会让给其他居民，不能恢复；"
		       "如需再来，请重新预约。</p>\n<form method=\"post\" action=\"/b/");
	mq_html_text(&b, bk->token);
	mq_html_raw(&b, "/cancel\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">"
		       "<button class=\"btn primary\" type=\"submit\">确认取消</button></form>\n"
		       "<a class=\"btn\" href=\"/b/");
	mq_html_text(&b, bk->token);
	mq_html_raw(&b, "\">不取消，返回</a>\n</section>\n");
	mq_page_reply(resp, 200, &b, "民情 · 委员工作室");
}

void mq_public_booking_cancel_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_booking_info bk;
	char location[MQ_TOKEN_LEN + 8];
	enum mq_err err = mq_booking_load(db, hc->param, &bk);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_booking_not_synced(resp);
		return;
	}
	if (err != MQ_OK)
		goto unavailable;
	if (strcmp(bk.status, "booked") != 0) {
		char lead[128];

		snprintf(lead, sizeof lead, "这次预约现在的状态是“%s”，不能再取消。",
			 mq_booking_status_name(bk.status));
		mq_booking_message(resp, 409, "无法取消", lead,
				"请返回预约页面查看；如有疑问，请到委员工作室咨询。");
		return;
	}
	if (bk.slot_start <= hc->req->now) {
		mq_booking_message(resp, 409, "无法取消", "预约的时间已经开始，不能在手机上取消。",
				"如有疑问，请到委员工作室咨询。");
		return;
	}
	if (!confirmed(hc->req->body, hc->req->len)) {
		confirm_page(resp, &bk);
		return;
	}
	err = mq_booking_cancel_by_resident(db, &bk, hc->req->now);
	if (err != MQ_OK && err != MQ_ERR_NOT_FOUND)
		goto unavailable;
	/* NOT_FOUND: cancelled meanwhile (a second tap, or the kiosk) — same outcome */
	mq_log_info("booking", "booking %s cancelled from the booking page", bk.id);
	snprintf(location, sizeof location, "/b/%s", bk.token);
	mq_booking_message(resp, 303, "已取消", "预约已取消。", "正在返回预约页面。");
	mq_http_add_header(resp, "Location", location);
	return;

unavailable:
	mq_booking_message(resp, 503, "暂时无法取消", "服务器暂时繁忙，预约没有取消。",
			"请稍后再试。");
	mq_http_add_header(resp, "Retry-After", "30");
}
