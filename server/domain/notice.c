/* notice.c — the notification outbox (mq_notice.h): queueing once per key,
 * rendering a stored message for a robot or the SMS gateway. Routing and
 * the delivery pass are in notice_send.c. */
#include "mq_notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_buf.h"
#include "mq_time.h"

/* ---- quiet hours --------------------------------------------------------- */

static int local_hour(int64_t t)
{
	int64_t s = (t + MQ_SHANGHAI_OFFSET_S) % 86400;

	return (int)((s < 0 ? s + 86400 : s) / 3600);
}

bool mq_notice_is_quiet(int64_t t)
{
	int h = local_hour(t);

	return h >= MQ_NOTIFY_QUIET_FROM || h < MQ_NOTIFY_QUIET_TO;
}

int64_t mq_notice_quiet_until(int64_t t)
{
	int64_t local = t + MQ_SHANGHAI_OFFSET_S, midnight;

	if (!mq_notice_is_quiet(t))
		return t;
	midnight = local - ((local % 86400) + 86400) % 86400 - MQ_SHANGHAI_OFFSET_S;
	if (local_hour(t) >= MQ_NOTIFY_QUIET_FROM)
		midnight += 86400;
	return midnight + MQ_NOTIFY_QUIET_TO * 3600;
}

/* ---- messages ------------------------------------------------------------ */

json_t *mq_notice_message(const char *title, const char *text, const char *url)
{
	return json_pack("{s:s, s:s, s:s?, s:[]}", "title", title, "text", text, "url", url,
			 "items");
}

bool mq_notice_item(json_t *msg, const char *tag, bool warn, const char *text, const char *url)
{
	json_t *item = json_pack("{s:s?, s:b, s:s, s:s?}", "tag", tag, "warn", warn, "text", text,
				 "url", url);

	return item && json_array_append_new(json_object_get(msg, "items"), item) == 0;
}

enum mq_err mq_notice_queue(struct mq_db *db, const struct mq_notice_in *in, bool *queued)
{
	char *body = json_dumps(in->body, JSON_COMPACT | JSON_SORT_KEYS);
	struct mq_db_notice n = {
		.key = in->key, .kind = in->kind, .target = in->target, .subject = in->subject,
		.phone = in->phone, .body = body, .not_before = in->not_before,
		.created_at = in->now,
	};
	enum mq_err err;

	*queued = false;
	if (!body)
		return MQ_ERR_NOMEM;
	err = db->notice_insert(db->cls, &n);
	free(body);
	if (err == MQ_ERR_CONFLICT)
		return MQ_OK;   /* queued before: never twice */
	*queued = err == MQ_OK;
	return err;
}

enum mq_err mq_notice_queue_staff(struct mq_db *db, const struct mq_notice_staff_in *in,
				  int64_t now, bool *queued)
{
	json_t *msg = mq_notice_message(in->title, in->text, in->url && in->url[0] ? in->url : NULL);
	struct mq_notice_in n = { in->key, in->kind, in->target, in->subject, NULL, msg, now, now };
	bool fresh;
	enum mq_err err;

	if (!msg)
		return MQ_ERR_NOMEM;
	err = mq_notice_queue(db, &n, &fresh);
	json_decref(msg);
	if (queued)
		*queued = fresh;
	return err;
}

/* ---- rendering ----------------------------------------------------------- */

/* Appends @p s to @p b for markdown: on one line, and without the marks a
 * resident's words could use to pose as a link or a coloured warning. */
static void md_text(struct mq_buf *b, const char *s)
{
	static const char *const swaps[][2] = {
		{ "\r", " " }, { "\n", " " }, { "<", "＜" }, { ">", "＞" },
		{ "[", "［" }, { "]", "］" }, { "`", "'" }, { "*", "＊" },
	};

	for (; s && *s; s++) {
		size_t i;

		for (i = 0; i < sizeof swaps / sizeof swaps[0]; i++)
			if (*s == swaps[i][0][0])
				break;
		if (i < sizeof swaps / sizeof swaps[0])
			mq_buf_add(b, swaps[i][1]);
		else
			mq_buf_add_n(b, s, 1);
	}
}

static const char *js(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* One item as a markdown line for @p format. */
static void md_item(struct mq_buf *b, const json_t *item, enum mq_db_hook_format format)
{
	const char *tag = js(item, "tag"), *url = js(item, "url");
	bool warn = json_is_true(json_object_get(item, "warn"));

	mq_buf_add(b, format == MQ_HOOK_WECOM ? "> " : "- ");
	if (tag && format == MQ_HOOK_WECOM) {
		mq_buf_printf(b, "<font color=\"%s\">", warn ? "warning" : "comment");
		md_text(b, tag);
		mq_buf_add(b, "</font> ");
	} else if (tag) {
		mq_buf_add(b, warn ? "**" : "");
		md_text(b, tag);
		mq_buf_add(b, warn ? "** " : " ");
	}
	md_text(b, js(item, "text"));
	if (url)
		mq_buf_printf(b, " [查看](%s)", url);
	mq_buf_add(b, "\n");
}

/* The markdown of message @p msg for a robot of @p format, within
 * MQ_NOTIFY_MARKDOWN_MAX bytes: items that do not fit are counted. */
static char *markdown(const json_t *msg, enum mq_db_hook_format format)
{
	const json_t *items = json_object_get(msg, "items");
	struct mq_buf b;
	size_t i, n = json_array_size(items), len;

	mq_buf_init(&b);
	mq_buf_add(&b, format == MQ_HOOK_WECOM ? "**" : "#### ");
	md_text(&b, js(msg, "title"));
	mq_buf_add(&b, format == MQ_HOOK_WECOM ? "**\n" : "\n\n");
	md_text(&b, js(msg, "text"));
	mq_buf_add(&b, "\n\n");
	for (i = 0; i < n; i++) {
		size_t before = b.len;

		md_item(&b, json_array_get(items, i), format);
		if (b.len > MQ_NOTIFY_MARKDOWN_MAX - 200) {
			mq_buf_truncate(&b, before);   /* the rest are told as a count */
			break;
		}
	}
	if (i < n)
		mq_buf_printf(&b, "\n……另有%zu项，请到控制台查看。\n", n - i);
	if (js(msg, "url"))
		mq_buf_printf(&b, "\n[打开控制台](%s)\n", js(msg, "url"));
	return mq_buf_steal(&b, &len);
}

/* The body of the SMS gateway's request for notice @p n. */
static json_t *sms_body(const struct mq_db_notice *n, const json_t *msg)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?}", "type",
			 strcmp(n->kind, "sms_answer") == 0 ? "opinion_answer" : "opinion_result",
			 "id", n->key, "phone", n->phone ? n->phone : "", "text", js(msg, "text"),
			 "url", js(msg, "url"));
}

/* The body for a robot of @p format (or plain JSON). */
static json_t *robot_body(const struct mq_db_notice *n, const json_t *msg,
			  enum mq_db_hook_format format)
{
	char *md;
	json_t *out;

	if (format == MQ_HOOK_JSON)
		return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:O, s:s?}", "type", n->kind, "key",
				 n->key, "target", n->target, "title", js(msg, "title"), "text",
				 js(msg, "text"), "items", json_object_get(msg, "items"), "url",
				 js(msg, "url"));
	if (!(md = markdown(msg, format)))
		return NULL;
	if (format == MQ_HOOK_WECOM)
		out = json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content", md);
	else
		out = json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title",
				js(msg, "title") ? js(msg, "title") : "民情", "text", md);
	free(md);
	return out;
}

char *mq_notice_render(const struct mq_db_notice *n, enum mq_db_hook_format format)
{
	json_t *msg = json_loads(n->body, 0, NULL), *body;
	char *out;

	if (!json_is_object(msg) || !json_is_array(json_object_get(msg, "items"))) {
		json_decref(msg);
		return NULL;
	}
	if (strcmp(n->target, "sms") == 0)
		body = sms_body(n, msg);
	else
		body = robot_body(n, msg, format);
	out = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	json_decref(msg);
	return out;
}
