/* reply.c — what the Open311 GeoReport v2 handlers share (open311.h):
 * the format from the URL (.json or .xml), one serialiser for both formats
 * from a JSON array of flat objects, the spec's error answer, and an
 * opinion as a service request.
 *
 * A service request is an opinion; a service is a category. Only what may
 * be public is exposed: the category, the community, the stage as
 * open/closed with a status note, and staff-written text once published (a
 * topic's title and result appear only after the result is published, as
 * on the board). Never the resident's text, name or phone. */
#include <stdio.h>
#include <string.h>

#include "mq_buf.h"
#include "mq_stage.h"
#include "mq_time.h"
#include "open311.h"

bool mq_open311_format(const char *s, size_t *stem)
{
	size_t n = strlen(s);

	if (n >= 5 && strcmp(s + n - 5, ".json") == 0) {
		*stem = n - 5;
		return false;
	}
	*stem = n >= 4 && strcmp(s + n - 4, ".xml") == 0 ? n - 4 : n;
	return *stem != n;
}

static void xml_fields(struct mq_buf *b, const json_t *o);

/* Appends one JSON value as XML: text, or an object's fields as elements,
 * or an array's items each as an element named for one of the array's
 * ("attributes" holds <attribute>s, "values" <value>s: the spec's shape). */
static void xml_value(struct mq_buf *b, const char *key, const json_t *v)
{
	char num[32], one[64];
	size_t i, n = strlen(key);
	const json_t *item;

	if (json_is_array(v)) {
		snprintf(one, sizeof one, "%.*s", (int)(n > 1 && key[n - 1] == 's' ? n - 1 : n), key);
		json_array_foreach(v, i, item) {
			mq_buf_printf(b, "<%s>", one);
			xml_value(b, one, item);
			mq_buf_printf(b, "</%s>", one);
		}
	} else if (json_is_object(v))
		xml_fields(b, v);
	else if (json_is_string(v))
		mq_buf_add_xml(b, json_string_value(v));
	else if (json_is_integer(v))
		mq_buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%g", json_real_value(v));
		mq_buf_add(b, num);
	} else if (json_is_boolean(v))
		mq_buf_add(b, json_is_true(v) ? "true" : "false");
}

/* Each field of @p o as <key>value</key> (nulls left out). */
static void xml_fields(struct mq_buf *b, const json_t *o)
{
	const char *k;
	const json_t *v;

	json_object_foreach((json_t *)o, k, v) {
		if (json_is_null(v))
			continue;
		mq_buf_printf(b, "<%s>", k);
		xml_value(b, k, v);
		mq_buf_printf(b, "</%s>", k);
	}
}

void mq_open311_reply(struct mq_http_response *resp, unsigned int status, bool xml,
		      const char *root, const char *item, json_t *list)
{
	struct mq_buf b;
	char *text;
	size_t len = 0, i;
	json_t *o;

	if (!xml) {
		mq_http_reply_json(resp, status, list);
		mq_http_add_header(resp, "Access-Control-Allow-Origin", "*");
		return;
	}
	mq_buf_init(&b);
	mq_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<%s>\n", root);
	if (!item)
		xml_fields(&b, list);          /* one object: its fields under the root */
	json_array_foreach(list, i, o) {
		mq_buf_printf(&b, "<%s>", item);
		xml_fields(&b, o);
		mq_buf_printf(&b, "</%s>\n", item);
	}
	mq_buf_printf(&b, "</%s>\n", root);
	json_decref(list);
	text = mq_buf_steal(&b, &len);
	if (!text) {
		mq_http_reply_error(resp, 500, "internal", "out of memory");
		return;
	}
	mq_http_reply_raw(resp, status, "text/xml; charset=utf-8", text, len);
	mq_http_add_header(resp, "Access-Control-Allow-Origin", "*");
}

void mq_open311_error(struct mq_http_response *resp, bool xml, unsigned int status,
		      const char *description)
{
	mq_open311_reply(resp, status, xml, "errors", "error",
			 json_pack("[{s:i, s:s}]", "code", (int)status, "description", description));
}

/* "2026-11-19T15:04:05+08:00": GeoReport asks for ISO 8601 with the offset. */
static void iso(int64_t t, char out[32])
{
	mq_time_format_shanghai(t, "%Y-%m-%dT%H:%M:%S+08:00", out, 32);
}

json_t *mq_open311_request(const struct mq_db_console_opinion *o)
{
	const char *d = o->disposition ? o->disposition : "";
	bool closed = o->closed_at || (o->topic && o->topic_stage == MQ_STAGE_CLOSED);
	char requested[32], updated[32], notes[2400], desc[300], address[300];
	json_t *r;

	/* the status note: the step, and what staff published */
	if (o->topic_published_at)
		snprintf(notes, sizeof notes, "%s：%s", mq_stage_name(MQ_STAGE_FEEDBACK), o->topic_result);
	else if (strcmp(d, "referred") == 0)
		snprintf(notes, sizeof notes, "已转交%s办理", o->department ? o->department : "职能部门");
	else if (strcmp(d, "rejected") == 0)
		snprintf(notes, sizeof notes, "不予受理");
	else if (strcmp(d, "answered") == 0)
		snprintf(notes, sizeof notes, "已直接答复");
	else if (strcmp(d, "duplicate") == 0)
		snprintf(notes, sizeof notes, "与同类意见合并办理");
	else
		snprintf(notes, sizeof notes, "%s", mq_stage_name(o->op.stage));
	if (o->topic_title && o->topic_published_at)
		snprintf(desc, sizeof desc, "%s：%s", o->op.category_name, o->topic_title);
	else
		snprintf(desc, sizeof desc, "%s类意见", o->op.category_name);
	snprintf(address, sizeof address, "%s%s%s", o->op.studio_name,
		 o->op.community_name ? " " : "", o->op.community_name ? o->op.community_name : "");
	iso(o->op.created_at, requested);
	iso(o->topic_published_at > o->closed_at ? o->topic_published_at
		: o->closed_at ? o->closed_at : o->op.created_at, updated);
	r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:n, s:n}",
		      "service_request_id", o->op.id, "status", closed ? "closed" : "open",
		      "status_notes", notes, "service_name", o->op.category_name, "service_code",
		      o->op.category, "description", desc, "agency_responsible",
		      o->department ? o->department : o->op.studio_name, "requested_datetime",
		      requested, "updated_datetime", updated, "address", address, "lat", "long",
		      "media_url");
	return r;
}
