/* logout_post.c — POST /console/logout: end the session (CSRF checked). */
#include "console.h"

void mq_console_logout_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db_session s;
	struct mq_form form;

	if (mq_console_post(hc, resp, &s, &form) && !mq_console_session_close(hc, resp, &s))
		mq_console_message(resp, 503, &s, "暂时无法退出", "数据库暂时没有响应，请稍后再试。");
	mq_form_finish(&form);
}
