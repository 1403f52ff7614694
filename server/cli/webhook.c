/* webhook.c — the sender of reminders and notifications (cli.h,
 * mq_delivery_send_fn): one POST per message with libcurl, outside any
 * database transaction, to the message's URL or the configured one. */
#include <curl/curl.h>
#include <stdio.h>

#include "cli.h"
#include "mq_id.h"

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

bool mq_cli_webhook_post(void *cls, const char *url, const char *id, const char *body,
			 char *why, size_t size)
{
	const struct mq_cli_webhook *cfg = cls;
	CURL *c;
	struct curl_slist *h = NULL, *h2;
	char key[128];
	long status = 0;
	CURLcode rc;

	if (!url)
		url = cfg->url;
	if (!url) {
		snprintf(why, size, "no webhook URL");
		return false;
	}
	if (!(c = curl_easy_init())) {
		snprintf(why, size, "cannot start libcurl");
		return false;
	}
	snprintf(key, sizeof key, "Idempotency-Key: %s", id);
	h2 = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
	if (h2)
		h = h2;
	h2 = curl_slist_append(h, key);
	if (h2)
		h = h2;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 15L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "minqing-server/" MQ_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(why, size, "%s", curl_easy_strerror(rc));
		return false;
	}
	if (status < 200 || status > 299) {
		snprintf(why, size, "the webhook answered HTTP %ld", status);
		return false;
	}
	return true;
}

