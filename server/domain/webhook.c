/* webhook.c — where notifications go, as admins set it in the console
 * (mq_notice.h): one webhook per street group, one for the district, one
 * for the SMS gateway. */
#include "mq_notice.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

struct webhook_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_webhook_in *in;
	int64_t now;
	char *msg;
	size_t size;
};

/* The URL without its query (where robots keep their key), for the log. */
static json_t *shown(const struct mq_webhook_in *in)
{
	char url[MQ_DB_URL_MAX];

	snprintf(url, sizeof url, "%.*s", (int)strcspn(in->url, "?#"), in->url);
	return json_pack("{s:s, s:s}", "url", url, "format", mq_hook_format_key(in->format));
}

static enum mq_err webhook_cb(void *cls)
{
	struct webhook_tx *tx = cls;
	const struct mq_webhook_in *in = tx->in;
	struct mq_db_studio studio;
	struct mq_db_webhook w = { in->scope, in->url, in->format, tx->now, tx->who->username };
	bool drop = !in->url || !in->url[0];
	enum mq_err err = MQ_OK;

	if (strcmp(in->scope, "*") != 0 && strcmp(in->scope, "sms") != 0)
		err = tx->db->studio_get(tx->db->cls, in->scope, &studio);
	if (err == MQ_ERR_NOT_FOUND) {
		snprintf(tx->msg, tx->size, "%s", "没有这个接收方。");
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	if (drop) {
		err = tx->db->webhook_delete(tx->db->cls, in->scope);
		if (err == MQ_ERR_NOT_FOUND)
			return MQ_OK;   /* there was none */
	} else {
		err = tx->db->webhook_put(tx->db->cls, &w);
	}
	if (err != MQ_OK)
		return err;
	return mq_audit(tx->db, tx->who, tx->now, strcmp(in->scope, "*") && strcmp(in->scope, "sms")
								? in->scope : NULL,
			drop ? "webhook.delete" : "webhook.set", in->scope, NULL,
			drop ? NULL : shown(in));
}

enum mq_err mq_notice_webhook_save(struct mq_db *db, const struct mq_db_staff *who,
				   const struct mq_webhook_in *in, int64_t now, char *msg,
				   size_t size)
{
	struct mq_webhook_in fixed = *in;
	struct webhook_tx tx = { db, who, &fixed, now, msg, size };
	const char *u = in->url;
	enum mq_err err;

	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	if (!in->scope) {
		snprintf(msg, size, "%s", "没有这个接收方。");
		return MQ_ERR_INVALID;
	}
	if (u && u[0] && ((strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) ||
			  strlen(u) >= MQ_DB_URL_MAX || strpbrk(u, " \t\r\n\"<>"))) {
		snprintf(msg, size, "%s", "地址应以 http:// 或 https:// 开头，不含空格，不超过500个字符。");
		return MQ_ERR_INVALID;
	}
	if (strcmp(in->scope, "sms") == 0)
		fixed.format = MQ_HOOK_JSON;
	err = db->run_tx(db->cls, "webhook", webhook_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s set the webhook of %s", who->username, in->scope);
	return err;
}
