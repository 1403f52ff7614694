/* test_deadline_util.c — helpers of the deadline tests (test_deadline_util.h). */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_workday.h"
#include "test_deadline_util.h"

const struct mq_db_staff dl_admin = { .username = "admin", .role = MQ_ROLE_ADMIN };
const struct mq_db_staff dl_hubin = { .username = "hubin", .role = MQ_ROLE_STREET,
				      .studio = "hubin" };
const struct mq_db_staff dl_xiaoying = { .username = "xiaoying", .role = MQ_ROLE_STREET,
					 .studio = "xiaoying" };
const struct mq_db_staff dl_chen = { .username = "chen", .role = MQ_ROLE_MEMBER,
				     .member = "hubin-02" };

int64_t dl_local(const char *date, int hh, int mm)
{
	int64_t day = 0;

	assert_true(mq_workday_parse(date, &day));
	return mq_workday_midnight(day) + hh * 3600 + mm * 60;
}

void dl_post_opinion(struct tsrv *t, const char *id, const char *token, const char *created,
		     const char *phone)
{
	struct mq_http_response resp;
	char *body = NULL, contact[160] = "";

	if (phone)
		snprintf(contact, sizeof contact,
			 ",\"contact\":{\"name\":\"王秀英\",\"phone\":\"%s\",\"consent\":true}", phone);
	assert_true(asprintf(&body, "{\"records\":[{\"id\":\"%s\",\"kind\":\"opinion\","
				    "\"created_at\":\"%s\",\"data\":{\"token\":\"%s\","
				    "\"short_code\":\"12345678\",\"category\":\"traffic\","
				    "\"community\":\"dongpolu\",\"text\":\"东坡路口红绿灯太短，"
				    "老人过马路来不及\"%s}}]}", id, created, token, contact) > 0);
	tsrv_post_records(t, body, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "\"stored\""));
	mq_http_response_finish(&resp);
	free(body);
}

bool dl_send(void *cls, const char *url, const char *key, const char *body, char *why,
	     size_t size)
{
	struct dl_hook *h = cls;
	struct dl_request *r;
	int before = 0;

	assert_true(h->n < sizeof h->req / sizeof h->req[0]);
	for (size_t i = 0; i < h->n; i++)
		before += strcmp(h->req[i].key, key) == 0;
	r = &h->req[h->n++];
	snprintf(r->url, sizeof r->url, "%s", url ? url : "");
	snprintf(r->key, sizeof r->key, "%s", key);
	r->body = strdup(body);
	r->accepted = !h->down && before >= h->fail_first;
	if (!r->accepted)
		snprintf(why, size, "%s", h->down ? "Couldn't connect to server"
						  : "the webhook answered HTTP 500");
	return r->accepted;
}

static bool key_matches(const char *pattern, const char *key)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return strncmp(pattern, key, n - 1) == 0;
	return strcmp(pattern, key) == 0;
}

int dl_accepted(const struct dl_hook *h, const char *key)
{
	int n = 0;

	for (size_t i = 0; i < h->n; i++)
		n += h->req[i].accepted && key_matches(key, h->req[i].key);
	return n;
}

int dl_requests(const struct dl_hook *h, const char *key)
{
	int n = 0;

	for (size_t i = 0; i < h->n; i++)
		n += key_matches(key, h->req[i].key);
	return n;
}

const char *dl_body(const struct dl_hook *h, const char *key)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->req[i].accepted && key_matches(key, h->req[i].key))
			return h->req[i].body;
	return NULL;
}

void dl_hook_clear(struct dl_hook *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->req[i].body);
	h->n = 0;
}
