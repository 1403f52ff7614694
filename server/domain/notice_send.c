/* notice_send.c — where notifications go and one delivery pass
 * (mq_notice.h): each due message is routed to its target's webhook (or
 * the one URL of `supervise --webhook`), rendered in that webhook's format
 * and handed to mq_delivery_run. Residents' messages found due in quiet
 * hours wait; messages to a target without a webhook wait until one is
 * configured. */
#include "mq_notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_log.h"

#define DUE_PAGE 500               /* messages one pass sends at most */

struct route {
	char scope[MQ_KEY_MAX + 1];
	char url[MQ_DB_URL_MAX];
	enum mq_db_hook_format format;
};

struct mq_notice_routes {
	struct route *v;
	size_t n;
	bool failed;
	char override_url[MQ_DB_URL_MAX];    /* "" unless every message goes there */
};

static bool add_route(void *cls, const struct mq_db_webhook *w)
{
	struct mq_notice_routes *r = cls;
	struct route *x = mq_array_add(&r->v, &r->n, sizeof *r->v);

	if (!x) {
		r->failed = true;
		return false;
	}
	snprintf(x->scope, sizeof x->scope, "%s", w->scope);
	snprintf(x->url, sizeof x->url, "%s", w->url);
	x->format = w->format;
	return true;
}

/* The route of @p target, or NULL. With an override, a stand-in for it. */
static const struct route *route_of(const struct mq_notice_routes *r, const char *target,
				    struct route *tmp)
{
	if (r->override_url[0]) {
		snprintf(tmp->url, sizeof tmp->url, "%s", r->override_url);
		tmp->format = MQ_HOOK_JSON;
		return tmp;
	}
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].scope, target) == 0)
			return &r->v[i];
	return NULL;
}

enum mq_err mq_notice_routes_load(struct mq_db *db, const char *override_url,
				  const char *sms_url, struct mq_notice_routes **out)
{
	struct mq_notice_routes *r = calloc(1, sizeof *r);
	struct route tmp;
	enum mq_err err = MQ_OK;

	*out = NULL;
	if (!r)
		return MQ_ERR_NOMEM;
	if (override_url)
		snprintf(r->override_url, sizeof r->override_url, "%s", override_url);
	else
		err = db->webhooks_iterate(db->cls, add_route, r);
	if (err == MQ_OK && sms_url && !route_of(r, "sms", &tmp)) {
		struct mq_db_webhook w = { .scope = "sms", .url = sms_url, .format = MQ_HOOK_JSON };

		add_route(r, &w);
	}
	if (err == MQ_OK && r->failed)
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK) {
		mq_notice_routes_destroy(r);
		return err;
	}
	*out = r;
	return MQ_OK;
}

void mq_notice_routes_destroy(struct mq_notice_routes *r)
{
	if (!r)
		return;
	free(r->v);
	free(r);
}

bool mq_notice_routed(const struct mq_notice_routes *r, const char *target)
{
	struct route tmp;

	return route_of(r, target, &tmp) != NULL;
}

/* The due messages, copied out of the storage callback. */
struct due {
	struct mq_db_notice *v;
	size_t n;
	bool failed;
};

static char *dup_or_null(const char *s, bool *failed)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = true;
	return d;
}

static bool add_due(void *cls, const struct mq_db_notice *row)
{
	struct due *d = cls;
	struct mq_db_notice *x = mq_array_add(&d->v, &d->n, sizeof *d->v);

	if (!x) {
		d->failed = true;
		return false;
	}
	*x = *row;
	x->key = dup_or_null(row->key, &d->failed);
	x->kind = dup_or_null(row->kind, &d->failed);
	x->target = dup_or_null(row->target, &d->failed);
	x->phone = dup_or_null(row->phone, &d->failed);
	x->body = dup_or_null(row->body, &d->failed);
	x->subject = x->state = x->last_error = NULL;   /* not needed to send */
	return !d->failed;
}

static void due_finish(struct due *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free((char *)d->v[i].key);
		free((char *)d->v[i].kind);
		free((char *)d->v[i].target);
		free((char *)d->v[i].phone);
		free((char *)d->v[i].body);
	}
	free(d->v);
}

/* Sends notice @p n through @p route, counting the outcome into @p res. */
static enum mq_err send_one(struct mq_db *db, const struct mq_delivery *d,
			    const struct mq_db_notice *n, const struct route *route, int64_t now,
			    struct mq_notice_result *res)
{
	bool resident = strcmp(n->target, "sms") == 0;
	struct mq_delivery_item it = {
		.key = n->key, .url = route->url, .attempts = n->attempts,
		.max_attempts = MQ_NOTIFY_ATTEMPTS,
		.hold = resident ? mq_notice_quiet_until : NULL,
	};
	char *body = mq_notice_render(n, route->format);
	enum mq_err err;

	if (!body) {
		mq_log_error("notify", "%s: its message cannot be rendered", n->key);
		return MQ_ERR_NOMEM;
	}
	it.body = body;
	err = mq_delivery_count(db, d, &it, now, &res->n);
	free(body);
	return err;
}

enum mq_err mq_notice_deliver(struct mq_db *db, const struct mq_notice_routes *r,
			      mq_delivery_send_fn send, void *send_cls, int64_t now,
			      struct mq_notice_result *res)
{
	const struct mq_delivery d = { "notify", db->notice_claim, db->notice_finish, send,
				       send_cls };
	struct due due = { 0 };
	enum mq_err err;

	memset(res, 0, sizeof *res);
	err = db->notices_due_iterate(db->cls, now, DUE_PAGE, add_due, &due);
	if (err == MQ_OK && due.failed)
		err = MQ_ERR_NOMEM;
	for (size_t i = 0; err == MQ_OK && i < due.n; i++) {
		const struct mq_db_notice *n = &due.v[i];
		struct route tmp;
		const struct route *route = route_of(r, n->target, &tmp);

		if (strcmp(n->target, "sms") == 0 && mq_notice_is_quiet(now))
			res->held++;
		else if (!route)
			res->unrouted++;
		else
			err = send_one(db, &d, n, route, now, res);
	}
	due_finish(&due);
	return err;
}
