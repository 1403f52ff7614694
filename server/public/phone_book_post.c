/* phone_book_post.c — POST /f/{studio}/book: book the chosen slot from the
 * phone (channel `phone`) and answer 303 to the booking page /b/{token},
 * with its calendar entry. The place is counted in the same statement as a
 * kiosk's booking (the capacity trigger), so a phone and a kiosk racing for
 * the last place never both get it: the one without gets the form again
 * with the slots as they are now. The same form twice books once. */
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "mq_wire.h"
#include "phone.h"

static void read_booking(struct phone_req *r, struct phone_booking *bk)
{
	bk->slot = mq_form_text(&r->form, "slot");
	bk->name = mq_form_text(&r->form, "name");
	bk->phone = mq_form_text(&r->form, "phone");
	bk->topic = mq_form_text(&r->form, "topic");
}

/* True if @p s holds a control character (a second line). */
static bool multi_line(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool check(const struct phone_booking *bk, struct phone_errors *e,
		  char mobile[MQ_PHONE_MOBILE_LEN + 1])
{
	long n = bk->name ? mq_utf8_length(bk->name) : 0;

	if (!bk->slot || strlen(bk->slot) > MQ_SLOT_ID_MAX)
		phone_error(e, "请选择一个时段。");
	if (n < 1)
		phone_error(e, "请填写姓名。");
	else if (n > MQ_NAME_MAX || multi_line(bk->name))
		phone_error(e, "姓名最多50个字，写在一行里。");
	if (!mq_phone_is_mobile(bk->phone, mobile))
		phone_error(e, "手机号应为11位数字，以1开头，例如 138 0013 8000。");
	if (bk->topic && (mq_utf8_length(bk->topic) > MQ_BOOKING_TOPIC_MAX || multi_line(bk->topic)))
		phone_error(e, "想谈的事请写在一行里，最多200字。");
	return e->n == 0;
}

static void book(struct phone_req *r, struct mq_http_response *resp)
{
	struct phone_booking bk;
	struct phone_errors e = { 0 };
	struct mq_phone_filed done;
	char mobile[MQ_PHONE_MOBILE_LEN + 1], msg[160], where[MQ_TOKEN_LEN + 8];
	struct mq_phone_booking_in in = { .studio = r->studio.id, .form = r->token,
					  .now = r->hc->req->now };
	enum mq_err err;

	read_booking(r, &bk);
	if (!check(&bk, &e, mobile)) {
		phone_booking_form(r, resp, 422, &bk, &e, NULL);
		return;
	}
	in.slot = bk.slot;
	in.name = bk.name;
	in.phone = mobile;
	in.topic = bk.topic;
	err = mq_phone_book(r->hc->srv->db, &in, &done, msg, sizeof msg);
	if (err == MQ_OK) {
		mq_log_info("phone", "booking at %s for slot %s%s", r->studio.id, bk.slot,
			    done.again ? " (the same form again: answered as before)" : "");
		snprintf(where, sizeof where, "/b/%s", done.token);
		phone_redirect(resp, r, where, false);
	} else if (err == MQ_ERR_CONFLICT) {
		mq_log_info("phone", "booking at %s for slot %s: no place left", r->studio.id, bk.slot);
		bk.slot = NULL;
		phone_error(&e, "您选的时段刚刚约满了，这次没有预约成功。请另选一个时段。");
		phone_booking_form(r, resp, 409, &bk, &e, NULL);
	} else if (err == MQ_ERR_INVALID) {
		mq_log_info("phone", "booking at %s refused: %s", r->studio.id, msg);
		bk.slot = NULL;
		phone_error(&e, "这个时段已经开始或已取消，请另选一个时段。");
		phone_booking_form(r, resp, 422, &bk, &e, NULL);
	} else {
		phone_message(resp, r, 503, "服务器暂时繁忙，这次没有预约成功。",
			      "请稍后再试。点浏览器的“返回”可以回到刚才的页面。", NULL, NULL);
		mq_http_add_header(resp, "Retry-After", "30");
	}
}

void mq_public_phone_book_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;
	struct phone_booking bk = { 0 };

	if (!phone_open(&r, hc, resp))
		return;
	switch (phone_guard(&r, MQ_PHONE_FORM_BOOKING, resp)) {
	case PHONE_GO:
		book(&r, resp);
		break;
	case PHONE_EXPIRED:
		read_booking(&r, &bk);
		phone_booking_form(&r, resp, 409, &bk, NULL,
				   "这个页面打开太久了。您填写的内容还在，请核对时段后重新提交。");
		break;
	case PHONE_DECOY:
		phone_decoy_reply(&r, resp, "/b/", false);
		break;
	case PHONE_ANSWERED:
		break;
	}
	phone_close(&r);
}
