/* requests_get.c — GET /open311/v2/requests.{json,xml}: service
 * requests (opinions), newest first, at most 1000. Query parameters of the
 * spec: service_request_id (comma-separated; the others are then ignored),
 * service_code, start_date, end_date (ISO 8601; default: the last 90 days),
 * status (open|closed). jurisdiction_id is accepted and ignored. */
#include <stdio.h>
#include <string.h>

#include "mq_form.h"
#include "mq_time.h"
#include "open311.h"

#define MAX_REQUESTS 1000
#define IDS_MAX 50

struct collect {
	json_t *list;
	const char *status;   /* NULL: both */
	bool failed;
};

static bool add(void *cls, const struct mq_db_console_opinion *o)
{
	struct collect *c = cls;
	json_t *r = mq_open311_request(o);

	if (!r) {
		c->failed = true;
		return false;
	}
	if (c->status && strcmp(c->status, json_string_value(json_object_get(r, "status"))) != 0) {
		json_decref(r);
		return true;
	}
	if (json_array_append_new(c->list, r) != 0)
		c->failed = true;
	return !c->failed;
}

void mq_open311_requests_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_form q = { 0 };
	struct mq_db_opinion_filter f = { .limit = MAX_REQUESTS };
	struct collect c = { .list = json_array() };
	const char *ids, *start, *end;
	size_t stem;
	bool xml = mq_open311_format(hc->req->path, &stem);
	enum mq_err err = MQ_OK;

	if (!c.list || (hc->req->query && !mq_form_parse(hc->req->query, strlen(hc->req->query), &q))) {
		json_decref(c.list);
		mq_open311_error(resp, xml, 400, "the query string cannot be decoded");
		return;
	}
	c.status = mq_form_text(&q, "status");
	start = mq_form_text(&q, "start_date");
	end = mq_form_text(&q, "end_date");
	if ((c.status && strcmp(c.status, "open") && strcmp(c.status, "closed")) ||
	    (start && !mq_time_parse_rfc3339(start, &f.created_after)) ||
	    (end && !mq_time_parse_rfc3339(end, &f.created_before))) {
		mq_form_finish(&q);
		json_decref(c.list);
		mq_open311_error(resp, xml, 400, "status must be open or closed; dates must be ISO 8601"
				 " date-times with an offset, e.g. 2026-11-19T08:00:00+08:00");
		return;
	}
	if (!start && !end)
		f.created_after = hc->req->now - 90 * 86400;
	f.category = mq_form_text(&q, "service_code");
	if ((ids = mq_form_text(&q, "service_request_id"))) {
		char id[MQ_UUID_LEN + 1];
		int n = 0;

		f = (struct mq_db_opinion_filter){ .limit = 1 };
		c.status = NULL;
		for (const char *p = ids; *p && err == MQ_OK && n < IDS_MAX; n++) {
			size_t len = strcspn(p, ",");
			if (len == MQ_UUID_LEN) {
				memcpy(id, p, len);
				id[len] = '\0';
				f.id = id;
				err = db->opinions_iterate(db->cls, &f, add, &c);
			}
			p += len;
			if (*p == ',')
				p++;
		}
	} else {
		err = db->opinions_iterate(db->cls, &f, add, &c);
	}
	mq_form_finish(&q);
	if (err != MQ_OK || c.failed) {
		json_decref(c.list);
		mq_open311_error(resp, xml, 503, "the database did not answer; try again later");
		return;
	}
	mq_open311_reply(resp, 200, xml, "service_requests", "request", c.list);
}
