/* booking_get.c — GET /b/{token}: the booking page a resident opens by
 * scanning the kiosk's QR code (phone first, no login, no JavaScript).
 *
 * Who receives them, where, when, what to bring, and the status in a word.
 * A booking that found no place says so and lists the next free slots. The
 * resident's name and phone appear only masked (mq_booking_load masks them
 * on load). Cancelling is a form that leads to a confirmation step
 * (booking_cancel_post.c). */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_date.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_roster.h"
#include "public.h"

#define FREE_SLOTS_SHOWN 6
#define FREE_SLOTS_DAYS 30

const char *const mq_booking_css[] = { "booking.css", NULL };

void mq_booking_message(struct mq_http_response *resp, unsigned int status, const char *heading,
			const char *lead, const char *text)
{
	mq_page_message_ex(resp, status, MQ_BOOKING_BRAND, mq_booking_css, heading, lead, text);
}

void mq_booking_not_synced(struct mq_http_response *resp)
{
	struct mq_html b;

	mq_html_init(&b);
	mq_page_begin_ex(&b, MQ_BOOKING_BRAND, "尚未同步", mq_booking_css);
	mq_html_raw(&b, "<section class=\"card\">\n"
		       "<p class=\"big\">这条预约还没有同步到服务器。</p>\n"
		       "<p>如果您刚刚在委员工作室的自助终端上预约，这是正常的："
		       "预约已保存在终端上，终端一联网就会自动发送。</p>\n"
		       "<p>请过几分钟再打开本页查看预约结果。</p>\n"
		       "<p>如果一直查不到，请带上您的8位查询码，到委员工作室咨询。</p>\n"
		       "</section>\n");
	mq_page_reply(resp, 404, &b, "民情 · 委员工作室");
}

static bool add_free_slot(void *cls, const struct mq_db_slot *row)
{
	struct mq_html *b = cls;
	char day[64], hours[32];

	mq_date_format_day(row->start_at, false, day, sizeof day);
	mq_date_format_hours(row->start_at, row->end_at, hours, sizeof hours);
	mq_html_raw(b, "<li><span>");
	mq_html_text(b, day);
	mq_html_raw(b, " ");
	mq_html_text(b, hours);
	mq_html_printf(b, "</span><span class=\"left\">余%d位</span></li>\n",
		       row->capacity - row->taken);
	return true;
}

/* The card with the next free slots of the studio after @p now. */
static enum mq_err free_slots(struct mq_html *b, struct mq_db *db, const char *studio,
			      int64_t now, const char *title)
{
	struct mq_html list;
	enum mq_err err;

	mq_html_init(&list);
	err = db->slots_iterate(db->cls, studio, now, now + FREE_SLOTS_DAYS * 86400, true,
				FREE_SLOTS_SHOWN, add_free_slot, &list);
	if (err != MQ_OK) {
		mq_html_finish(&list);
		return err;
	}
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"free\">\n<h2 id=\"free\">");
	mq_html_text(b, title);
	mq_html_raw(b, "</h2>\n");
	if (!mq_html_empty(&list) || mq_html_failed(&list)) {
		mq_html_raw(b, "<ul class=\"slots\">\n");
		mq_html_append(b, &list);
		mq_html_raw(b, "</ul>\n<p class=\"muted\">请到委员工作室的自助终端选择以上时段重新预约。"
			       "名额以预约时为准。</p>\n");
	} else {
		mq_html_raw(b, "<p>近期暂无可预约的时段。请留意工作室通知，或到委员工作室咨询。</p>\n");
	}
	mq_html_raw(b, "</section>\n");
	mq_html_finish(&list);
	return MQ_OK;
}

/* The lead sentence under the status. */
static const char *lead_of(const struct mq_booking_info *bk, int64_t now)
{
	if (strcmp(bk->status, "booked") == 0)
		return bk->slot_end <= now ? "预约时间已过。" : "预约成功，请按时前来。";
	if (strcmp(bk->status, "refused") == 0)
		return bk->shift_active ? "很抱歉，您选择的时段已经约满，本次预约没有成功。"
					: "很抱歉，这个时段的值班已经取消，本次预约没有成功。";
	if (strcmp(bk->status, "cancelled") == 0)
		return bk->shift_active ? "这次预约已取消，名额已经释放。"
					: "很抱歉，工作室取消了这个时段的值班，您的预约也随之取消。";
	if (strcmp(bk->status, "attended") == 0)
		return "您已按预约来访，感谢您的参与。";
	return "预约时间已过，记录显示您没有到访。";
}

static void row(struct mq_html *b, const char *dt, const char *dd)
{
	mq_html_raw(b, "<dt>");
	mq_html_text(b, dt);
	mq_html_raw(b, "</dt><dd>");
	mq_html_text(b, dd);
	mq_html_raw(b, "</dd>\n");
}

static enum mq_err page(struct mq_html *b, struct mq_db *db, const struct mq_booking_info *bk,
			int64_t now)
{
	char day[64], hours[32], who[2 * MQ_DB_NAME_MAX + 8];
	bool booked = strcmp(bk->status, "booked") == 0;
	bool future = bk->slot_start > now;
	enum mq_err err = MQ_OK;

	mq_date_format_day(bk->slot_start, true, day, sizeof day);
	mq_date_format_hours(bk->slot_start, bk->slot_end, hours, sizeof hours);
	mq_page_begin_ex(b, MQ_BOOKING_BRAND, bk->studio_name, mq_booking_css);

	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"st\">\n<h2 id=\"st\">预约状态 "
		      "<span class=\"badge s-");
	mq_html_text(b, bk->status);
	mq_html_raw(b, "\">");
	mq_html_text(b, mq_booking_status_name(bk->status));
	mq_html_raw(b, "</span></h2>\n<p class=\"big\">");
	mq_html_text(b, lead_of(bk, now));
	mq_html_raw(b, "</p>\n");
	if (strcmp(bk->status, "cancelled") == 0 && bk->cancel_reason[0]) {
		mq_html_raw(b, "<p>原因：");
		mq_html_text(b, bk->cancel_reason);
		mq_html_raw(b, "</p>\n");
	}
	mq_html_raw(b, "<p class=\"when-big\">");
	mq_html_text(b, day);
	mq_html_raw(b, "<br>");
	mq_html_text(b, hours);
	mq_html_raw(b, "</p>\n<dl>\n");
	row(b, "查询码", bk->short_code);
	row(b, "地点", bk->studio_address[0] ? bk->studio_address : bk->studio_name);
	snprintf(who, sizeof who, "%s（%s）", bk->member_name, bk->member_sector);
	row(b, "接待委员", who);
	row(b, "预约人", bk->name_masked);
	row(b, "手机", bk->phone_masked);
	if (bk->topic[0])
		row(b, "反映事项", bk->topic);
	mq_html_raw(b, "</dl>\n</section>\n");

	if (booked && future) {
		mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"bring\">\n"
			      "<h2 id=\"bring\">来访须知</h2>\n<ul class=\"plain\">\n"
			      "<li>请带上身份证件。</li>\n"
			      "<li>与反映事项有关的材料（照片、文件、票据等）可以一并带来。</li>\n"
			      "<li>请提前5分钟到达，到后向工作人员说出查询码。</li>\n"
			      "<li>如果不能前来，请提前取消，把名额留给其他居民。</li>\n"
			      "</ul>\n</section>\n");
		mq_html_raw(b, "<section class=\"card\" aria-label=\"操作\">\n<a class=\"btn primary\" "
			      "href=\"/b/");
		mq_html_text(b, bk->token);
		mq_html_raw(b, "/calendar.ics\">加入手机日历</a>\n<form method=\"post\" action=\"/b/");
		mq_html_text(b, bk->token);
		mq_html_raw(b, "/cancel\"><button class=\"btn\" type=\"submit\">取消预约</button>"
			      "</form>\n</section>\n");
	}
	if (strcmp(bk->status, "refused") == 0)
		err = free_slots(b, db, bk->studio, now, "还可以预约的时段");
	else if (strcmp(bk->status, "cancelled") == 0 && future)
		err = free_slots(b, db, bk->studio, now, "如需重新预约，可选以下时段");
	mq_page_end(b, "为保护隐私，本页只显示部分姓名和手机号。请保存本页链接，随时查看预约状态。");
	return err;
}

void mq_public_booking_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_booking_info bk;
	struct mq_html b;
	char *html;
	size_t len = 0;
	enum mq_err err = mq_booking_load(hc->srv->db, hc->param, &bk);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_info("booking", "page for a token not (yet) known");
		mq_booking_not_synced(resp);
		return;
	}
	mq_html_init(&b);
	if (err == MQ_OK)
		err = page(&b, hc->srv->db, &bk, hc->req->now);
	if (err != MQ_OK) {
		mq_html_finish(&b);
		mq_booking_message(resp, 503, "暂时无法查询", "服务器暂时繁忙。", "请稍后再打开本页查看。");
		mq_http_add_header(resp, "Retry-After", "30");
		return;
	}
	html = mq_html_steal(&b, &len);
	mq_http_reply_html(resp, 200, html, len);
}
