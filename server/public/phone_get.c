/* phone_get.c — GET /f/{studio}: the opinion form of the phone side
 * (民情E点通), what the QR code on the studio's door opens. ?size=large is
 * the 大字版. Every load carries a new form token (mq_phone.h). */
#include "phone.h"

void mq_public_phone_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;

	if (!phone_open(&r, hc, resp))
		return;
	if (phone_new_token(&r, MQ_PHONE_FORM_OPINION, resp))
		phone_opinion_form(&r, resp, 200, NULL, NULL, NULL);
	phone_close(&r);
}
