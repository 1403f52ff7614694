/* root_get.c — GET /console and /console/: on to the inbox (which
 * sends a visitor without a session to the login page). */
#include "console.h"

void mq_console_root_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	(void)hc;
	mq_http_reply_redirect(resp, "/console/inbox");
}
