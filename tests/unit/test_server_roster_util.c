/* test_server_roster_util.c — helpers of the roster and booking unit tests. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_roster.h"
#include "test_server_roster_util.h"

struct errs {
	char *buf;
	size_t size;
};

static void on_error(void *cls, unsigned int line, const char *msg)
{
	struct errs *e = cls;
	size_t n;

	if (!e->buf)
		return;
	n = strlen(e->buf);
	snprintf(e->buf + n, e->size - n, "%u: %s\n", line, msg);
}

void rt_clear_seed_roster(struct tsrv *t)
{
	assert_int_equal(rt_exec(t, "DELETE FROM duty_slots WHERE shift IN"
				    " (SELECT id FROM duty_shifts WHERE source = 'seed');"
				    "DELETE FROM duty_shifts WHERE source = 'seed'"), MQ_OK);
}

enum mq_err rt_import(struct tsrv *t, const char *csv, char *errs, size_t size)
{
	struct errs e = { errs, size };
	struct mq_roster_import_result res;

	if (errs)
		errs[0] = '\0';
	return mq_roster_import(t->db, csv, strlen(csv), t->now, on_error, &e, &res);
}

void rt_import_ok(struct tsrv *t, const char *csv)
{
	char errs[2048];

	if (rt_import(t, csv, errs, sizeof errs) != MQ_OK)
		fail_msg("import failed: %s", errs);
}

enum mq_err rt_exec(struct tsrv *t, const char *sql)
{
	return tsrv_exec(t, sql);
}

char *rt_booking(const char *id, const char *created_at, const char *token, const char *slot,
		 const char *extra)
{
	char *s = NULL;

	assert_true(asprintf(&s, "{\"id\":\"%s\",\"kind\":\"booking\",\"created_at\":\"%s\","
				 "\"data\":{\"token\":\"%s\",\"short_code\":\"24681357\","
				 "\"slot\":\"%s\",\"name\":\"王小明\",\"phone\":\"13812345678\","
				 "\"topic\":\"小区加装电梯\"%s}}",
			     id, created_at, token, slot, extra ? extra : "") > 0);
	return s;
}

json_t *rt_post(struct tsrv *t, const char *records)
{
	struct mq_http_response resp;
	char *body = NULL;
	json_t *j, *results;

	assert_true(asprintf(&body, "{\"records\":[%s]}", records) > 0);
	tsrv_post_records(t, body, &resp);
	free(body);
	if (resp.status != 200)
		fail_msg("records answered %u: %.*s", resp.status, (int)resp.len,
			 resp.body ? resp.body : "");
	j = tsrv_json(&resp);
	mq_http_response_finish(&resp);
	results = json_incref(json_object_get(j, "results"));
	json_decref(j);
	assert_non_null(results);
	return results;
}

const char *rt_result(const json_t *results, size_t i)
{
	const char *r = json_string_value(json_object_get(json_array_get(results, i), "result"));

	return r ? r : "(none)";
}

const char *rt_error(const json_t *results, size_t i)
{
	const char *r = json_string_value(json_object_get(json_array_get(results, i), "error"));

	return r ? r : "";
}

char *rt_page(struct tsrv *t, const char *method, const char *path, const char *form,
	      unsigned int *status, struct mq_http_response *resp_out)
{
	struct mq_http_response resp;
	char *s;

	tsrv_request(t, method, path, NULL, NULL, 0, form, form ? strlen(form) : 0, &resp);
	*status = resp.status;
	s = malloc(resp.len + 1);
	assert_non_null(s);
	if (resp.len)
		memcpy(s, resp.body, resp.len);
	s[resp.len] = '\0';
	if (resp_out)
		*resp_out = resp;
	else
		mq_http_response_finish(&resp);
	return s;
}
