/* track_rating_post.c — POST /t/{token}/rating: the resident's satisfaction
 * (1..5 and an optional comment) with a published result, once per opinion.
 * The tracking token is the credential, as for the page itself. A plain
 * HTML form posts here; the answer is a redirect back to the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_form.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_rating.h"
#include "public.h"

void mq_public_track_rating_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_rating_in in = { .token = hc->param, .now = hc->req->now };
	struct mq_form form;
	const char *stars, *size;
	char where[96], msg[128] = "", *end = NULL;
	enum mq_err err;

	if (!mq_id_is_token(hc->param)) {
		mq_public_not_synced(resp);
		return;
	}
	if (!mq_form_parse(hc->req->body, hc->req->len, &form)) {
		mq_page_message(resp, 400, "无法提交评价", "内容无法识别。", "请返回查询页面重新填写。");
		return;
	}
	stars = mq_form_text(&form, "stars");
	in.comment = mq_form_text(&form, "comment");
	size = mq_form_get(&form, "size");
	if (stars)
		in.stars = (int)strtol(stars, &end, 10);
	if (!stars || *end || in.stars < 1 || in.stars > 5) {
		mq_form_finish(&form);
		mq_page_message(resp, 422, "无法提交评价", "请选择1到5分中的一项。", "请返回查询页面重新选择。");
		return;
	}
	err = mq_rating_by_token(hc->srv->db, &in, msg, sizeof msg);
	if (err == MQ_OK) {
		mq_log_info("track", "rating %d stored", in.stars);
		snprintf(where, sizeof where, "/t/%s?rated=1%s", hc->param,
			 size && strcmp(size, "large") == 0 ? "&size=large" : "");
		mq_http_reply_raw(resp, 303, "text/plain; charset=utf-8", NULL, 0);
		mq_http_add_header(resp, "Location", where);
	} else if (err == MQ_ERR_NOT_FOUND) {
		mq_public_not_synced(resp);
	} else if (err == MQ_ERR_INVALID) {
		mq_log_info("track", "rating refused: %s", msg);
		mq_page_message(resp, 409, "无法提交评价", "这条意见已经评价过了，或办理结果尚未公布。",
				"请返回查询页面查看最新进度。");
	} else {
		mq_page_message(resp, 503, "暂时无法提交", "服务器暂时繁忙。", "请稍后再试。");
		mq_http_add_header(resp, "Retry-After", "30");
	}
	mq_form_finish(&form);
}
