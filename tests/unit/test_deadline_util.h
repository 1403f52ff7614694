/* test_deadline_util.h — what the deadline, supervision and notification
 * tests share (test_deadline_util.c): opinions filed at a given time, staff
 * as the domain sees them, local times, and a webhook sender that records
 * every request and fails as told. */
#ifndef MQ_TEST_DEADLINE_UTIL_H
#define MQ_TEST_DEADLINE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "test_server_helpers.h"

/** UTC unix time of Asia/Shanghai @p date ("YYYY-MM-DD") at @p hh:@p mm. */
int64_t dl_local(const char *date, int hh, int mm);

/** File opinion @p id with token @p token (22 characters) collected at
 *  @p created (RFC 3339), with a consenting contact's @p phone unless NULL. */
void dl_post_opinion(struct tsrv *t, const char *id, const char *token, const char *created,
		     const char *phone);

/** The accounts of the tests, as the domain takes them. */
extern const struct mq_db_staff dl_admin, dl_hubin, dl_xiaoying, dl_chen;

/** One request the fake webhook received. */
struct dl_request {
	char url[600];
	char key[128];
	char *body;                    /* malloc'd */
	bool accepted;                 /* answered 2xx */
};

/** A fake webhook: records requests; fails the first @p fail_first
 *  requests of every key (HTTP 500), or all of them while @p down. */
struct dl_hook {
	struct dl_request req[256];
	size_t n;
	int fail_first;
	bool down;
};

/** mq_delivery_send_fn of a struct dl_hook. */
bool dl_send(void *cls, const char *url, const char *key, const char *body, char *why,
	     size_t size);

/** How many requests for @p key (prefix when it ends in '*') @p h accepted. */
int dl_accepted(const struct dl_hook *h, const char *key);

/** How many requests for @p key (as dl_accepted) @p h received at all. */
int dl_requests(const struct dl_hook *h, const char *key);

/** The body of the request @p h accepted for @p key, or NULL. */
const char *dl_body(const struct dl_hook *h, const char *key);

/** Forget what @p h received. */
void dl_hook_clear(struct dl_hook *h);

#endif
