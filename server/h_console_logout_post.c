/* h_console_logout_post.c — POST /console/logout: end the session (CSRF checked). */
#include "mq_console.h"

void mq_h_console_logout_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_form form;

	if (mq_console_post(hc, resp, &s, &form)) {
		if (db->session_delete(db->cls, s.id, hc->req->now) != MQ_OK) {
			mq_console_message(resp, 503, &s, "暂时无法退出", "数据库暂时没有响应，请稍后再试。");
		} else {
			mq_http_reply_redirect(resp, "/console/login");
			mq_http_add_header(resp, "Set-Cookie", MQ_CONSOLE_COOKIE "=; Path=/console;"
					   " HttpOnly; SameSite=Strict; Max-Age=0");
		}
	}
	mq_form_finish(&form);
}
