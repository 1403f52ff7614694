/* mq_notice.h — notifications that reach people: the outbox of messages to
 * street groups' and the district's group robots and to residents' phones
 * (through the SMS gateway), each queued once per key and delivered with
 * the discipline of mq_delivery.h (claimed before sent, retried with
 * growing delays, never twice).
 *
 * A message is stored as what it says (JSON: title, text, items, link) and
 * rendered when it is sent, in the format of where it goes:
 *   wecom     企业微信 group robot: {"msgtype":"markdown","markdown":{"content":...}}
 *   dingtalk  钉钉 robot: {"msgtype":"markdown","markdown":{"title":...,"text":...}}
 *   json      {"type":KIND,"key":KEY,"target":...,"title":...,"text":...,"items":[...],"url":...}
 *   sms       (the gateway) {"type":"opinion_answer"|"opinion_result","id":KEY,
 *             "phone":PHONE,"text":SMS_TEXT,"url":TRACKING_URL}
 * Residents' messages wait through the night: none goes out from 22:00 to
 * 08:00 Asia/Shanghai. */
#ifndef MQ_NOTICE_H
#define MQ_NOTICE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_delivery.h"

#define MQ_NOTIFY_QUIET_FROM 22           /* local hour residents' messages stop */
#define MQ_NOTIFY_QUIET_TO 8              /* and start again */
#define MQ_NOTIFY_ATTEMPTS 8              /* requests per message before it fails for good */
#define MQ_NOTIFY_MARKDOWN_MAX 4000       /* bytes: 企业微信 takes at most 4096 */

/** True if @p t falls in residents' quiet hours (22:00–08:00 local). */
bool mq_notice_is_quiet(int64_t t);

/** @p t, or the end of the quiet hours it falls in (08:00 local). */
int64_t mq_notice_quiet_until(int64_t t);

/** A new message {"title","text","url"} (url may be NULL), with no items. */
json_t *mq_notice_message(const char *title, const char *text, const char *url);

/** Append an item to message @p msg: @p text, a @p tag before it ("超期3个
 *  工作日", may be NULL) shown as a warning when @p warn, and a link
 *  @p url (may be NULL). False when out of memory. */
bool mq_notice_item(json_t *msg, const char *tag, bool warn, const char *text, const char *url);

/** A message to queue. */
struct mq_notice_in {
	const char *key;                  /* what makes it unique, for ever */
	const char *kind;                 /* sms_answer, sms_result, digest, order, order_answer,
					     escalation */
	const char *target;               /* "sms", a studio id, "*" */
	const char *subject;              /* what it is about: an id, for the log */
	const char *phone;                /* sms only */
	const json_t *body;               /* the message (mq_notice_message) */
	int64_t not_before;               /* residents' messages: mq_notice_quiet_until(now) */
	int64_t now;
};

/** Queue @p in, inside the caller's transaction or on its own. *@p queued
 *  tells whether it was new (false: its key was queued before, ever). */
enum mq_err mq_notice_queue(struct mq_db *db, const struct mq_notice_in *in,
			    bool *queued) MQ_MUST_CHECK;

/** A staff message to queue at once: no items, never held. */
struct mq_notice_staff_in {
	const char *key, *kind, *target, *subject;   /* as in struct mq_notice_in */
	const char *title, *text;
	const char *url;                             /* a console link; NULL or "": none */
};

/** Queue @p in at @p now (mq_notice_message, mq_notice_queue); *@p queued
 *  (unless NULL) tells whether it was new. */
enum mq_err mq_notice_queue_staff(struct mq_db *db, const struct mq_notice_staff_in *in,
				  int64_t now, bool *queued) MQ_MUST_CHECK;

/** The request body of notification @p n for a @p format webhook (the SMS
 *  gateway's own shape when n->target is "sms"), malloc'd; NULL when out
 *  of memory or the stored message is not JSON. */
char *mq_notice_render(const struct mq_db_notice *n, enum mq_db_hook_format format);

/** A webhook as an admin sets it in the console. */
struct mq_webhook_in {
	const char *scope;                /* a studio id, "*" the district, "sms" the gateway */
	const char *url;                  /* http(s)://...; NULL or "": no webhook any more */
	enum mq_db_hook_format format;    /* ignored for "sms" (always plain JSON) */
};

/**
 * Store (or, without a URL, remove) webhook @p in for admin @p who at @p now,
 * audited as "webhook.set" / "webhook.delete" (the URL's query, where robots
 * keep their key, is not written to the log). MQ_ERR_AUTH when @p who is no
 * admin; MQ_ERR_INVALID with a Chinese explanation in @p msg for an unknown
 * scope or a URL that is not http(s) or too long.
 */
enum mq_err mq_notice_webhook_save(struct mq_db *db, const struct mq_db_staff *who,
				   const struct mq_webhook_in *in, int64_t now, char *msg,
				   size_t size) MQ_MUST_CHECK;

/** Where messages go: the configured webhooks, or one URL for all. */
struct mq_notice_routes;

/** The webhooks of @p db, with @p sms_url (may be NULL: the server.ini's
 *  reminder_webhook) as the SMS gateway when the console names none; or,
 *  when @p override_url is not NULL, that URL (plain JSON) for every
 *  target. MQ_ERR_NOMEM or the storage error. */
enum mq_err mq_notice_routes_load(struct mq_db *db, const char *override_url,
				  const char *sms_url, struct mq_notice_routes **out) MQ_MUST_CHECK;

/** Free @p r. NULL is a no-op. */
void mq_notice_routes_destroy(struct mq_notice_routes *r);

/** True if messages to @p target ("sms", a studio id, "*") have somewhere to go. */
bool mq_notice_routed(const struct mq_notice_routes *r, const char *target);

/** What one delivery pass did. */
struct mq_notice_result {
	struct mq_delivery_counts n;      /* sent, retry, failed */
	unsigned int held;                /* residents' messages waiting for the morning */
	unsigned int unrouted;            /* waiting for a webhook to be configured */
};

/**
 * Send the messages due at @p now through @p send (with @p send_cls) to
 * the routes @p r. Returns MQ_OK (whatever became of each: see @p res) or
 * the storage error.
 */
enum mq_err mq_notice_deliver(struct mq_db *db, const struct mq_notice_routes *r,
			      mq_delivery_send_fn send, void *send_cls, int64_t now,
			      struct mq_notice_result *res) MQ_MUST_CHECK;

#endif
