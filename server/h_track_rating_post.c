/* h_track_rating_post.c — POST /t/{token}/rating: the resident's satisfaction
 * (1..5 and an optional comment) with a published result, once per opinion.
 * The tracking token is the credential, as for the page itself. A plain
 * HTML form posts here; the answer is a redirect back to the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_console.h"
#include "mq_log.h"
#include "mq_page.h"

struct rating_tx {
	struct mq_db *db;
	const char *token;
	int stars;
	const char *comment;
	int64_t now;
	char id[MQ_UUID_LEN + 1];
	char msg[128];
};

static void got_id(void *cls, const struct mq_db_opinion *op)
{
	struct rating_tx *tx = cls;

	snprintf(tx->id, sizeof tx->id, "%s", op->id);
}

static enum mq_err rate_cb(void *cls)
{
	struct rating_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->opinion_get_by_token(db->cls, tx->token, got_id, tx);

	if (err == MQ_OK)
		err = mq_rating_check(db, tx->id, NULL, tx->stars, tx->comment, tx->msg,
				      sizeof tx->msg);
	if (err == MQ_OK)
		err = db->rating_insert(db->cls, tx->id, tx->stars, tx->comment, tx->now, "web");
	return err == MQ_ERR_CONFLICT ? MQ_ERR_INVALID : err;
}

void mq_h_track_rating_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct rating_tx tx = { .db = hc->srv->db, .token = hc->param, .now = hc->req->now };
	struct mq_form form;
	const char *stars, *size;
	char where[96], *end = NULL;
	enum mq_err err;

	if (!mq_id_is_token(hc->param)) {
		mq_page_not_synced(resp);
		return;
	}
	if (!mq_form_parse(hc->req->body, hc->req->len, &form)) {
		mq_page_message(resp, 400, "无法提交评价", "内容无法识别。", "请返回查询页面重新填写。");
		return;
	}
	stars = mq_form_text(&form, "stars");
	tx.comment = mq_form_text(&form, "comment");
	size = mq_form_get(&form, "size");
	if (stars)
		tx.stars = (int)strtol(stars, &end, 10);
	if (!stars || *end || tx.stars < 1 || tx.stars > 5) {
		mq_form_finish(&form);
		mq_page_message(resp, 422, "无法提交评价", "请选择1到5分中的一项。", "请返回查询页面重新选择。");
		return;
	}
	err = hc->srv->db->run_tx(hc->srv->db->cls, "rating", rate_cb, &tx);
	if (err == MQ_OK) {
		mq_log_info("track", "rating %d stored", tx.stars);
		snprintf(where, sizeof where, "/t/%s?rated=1%s", hc->param,
			 size && strcmp(size, "large") == 0 ? "&size=large" : "");
		mq_http_reply_raw(resp, 303, "text/plain; charset=utf-8", NULL, 0);
		mq_http_add_header(resp, "Location", where);
	} else if (err == MQ_ERR_NOT_FOUND) {
		mq_page_not_synced(resp);
	} else if (err == MQ_ERR_INVALID) {
		mq_log_info("track", "rating refused: %s", tx.msg);
		mq_page_message(resp, 409, "无法提交评价", "这条意见已经评价过了，或办理结果尚未公布。",
				"请返回查询页面查看最新进度。");
	} else {
		mq_page_message(resp, 503, "暂时无法提交", "服务器暂时繁忙。", "请稍后再试。");
		mq_http_add_header(resp, "Retry-After", "30");
	}
	mq_form_finish(&form);
}
