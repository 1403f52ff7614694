/* throttle.c — growing delays per purpose, subject and address group
 * (mq_throttle.h), counted in the database so that every server thread
 * (and a restart) sees the same counts. */
#include "mq_throttle.h"

#include <stdio.h>

#include "mq_net.h"

/* The group @p address is counted in: its mq_net_group, or "unknown". */
static void group(const char *address, char out[MQ_NET_GROUP_MAX])
{
	if (!mq_net_group(address, out))
		snprintf(out, MQ_NET_GROUP_MAX, "unknown");
}

int64_t mq_throttle_delay(const struct mq_throttle_policy *p, int64_t failures)
{
	int64_t wait = p->base_s;

	if (failures <= p->free)
		return 0;
	for (int64_t i = p->free + 1; i < failures && wait < p->cap_s; i++)
		wait *= 2;
	return wait < p->cap_s ? wait : p->cap_s;
}

enum mq_err mq_throttle_wait(struct mq_db *db, const struct mq_throttle_policy *p,
			     const char *subject, const char *address, int64_t now,
			     int64_t *wait_s)
{
	char g[MQ_NET_GROUP_MAX];
	int64_t failures, last_at, until, delay;
	enum mq_err err;

	*wait_s = 0;
	group(address, g);
	err = db->throttle_get(db->cls, p->purpose, subject ? subject : "", g, &failures, &last_at);
	if (err != MQ_OK)
		return err;
	if (p->window_s && now - last_at >= p->window_s)
		failures = 0;
	delay = mq_throttle_delay(p, failures);
	/* No delay owed is no wait, even when the clock stepped back */
	until = last_at + delay;
	*wait_s = delay > 0 && until > now ? until - now : 0;
	return MQ_OK;
}

enum mq_err mq_throttle_fail(struct mq_db *db, const struct mq_throttle_policy *p,
			     const char *subject, const char *address, int64_t now)
{
	char g[MQ_NET_GROUP_MAX];
	int64_t failures, last_at;
	enum mq_err err = MQ_OK;

	group(address, g);
	if (p->window_s) {
		/* a count quiet for the window starts again */
		err = db->throttle_get(db->cls, p->purpose, subject ? subject : "", g, &failures,
				       &last_at);
		if (err == MQ_OK && failures && now - last_at >= p->window_s)
			err = db->throttle_clear(db->cls, p->purpose, subject ? subject : "", g);
	}
	if (err != MQ_OK)
		return err;
	return db->throttle_fail(db->cls, p->purpose, subject ? subject : "", g, now,
				 now - p->forget_s);
}

enum mq_err mq_throttle_clear(struct mq_db *db, const struct mq_throttle_policy *p,
			      const char *subject, const char *address)
{
	char g[MQ_NET_GROUP_MAX];

	group(address, g);
	return db->throttle_clear(db->cls, p->purpose, subject ? subject : "", g);
}
