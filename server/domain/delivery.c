/* delivery.c — one outbound message: claim, send, record (mq_delivery.h). */
#include "mq_delivery.h"

#include <stdio.h>

#include "mq_log.h"

struct claim_tx {
	struct mq_db *db;
	mq_delivery_claim_fn claim;
	const char *key;
	int64_t now;
};

static enum mq_err claim_cb(void *cls)
{
	struct claim_tx *t = cls;

	return t->claim(t->db->cls, t->key, t->now);
}

/* When the next attempt after @p attempts failed ones may go. */
static int64_t next_try(int64_t attempts, int64_t now)
{
	int64_t delay = attempts >= 7 ? MQ_DELIVERY_BACKOFF_MAX_S
				      : (int64_t)MQ_DELIVERY_BACKOFF_BASE_S << (attempts - 1);

	return now + (delay > MQ_DELIVERY_BACKOFF_MAX_S ? MQ_DELIVERY_BACKOFF_MAX_S : delay);
}

enum mq_err mq_delivery_run(struct mq_db *db, const struct mq_delivery *d,
			    const struct mq_delivery_item *it, int64_t now,
			    enum mq_delivery_outcome *out)
{
	struct claim_tx tx = { db, d->claim, it->key, now };
	int64_t attempts = it->attempts + 1, next;
	char why[256];
	enum mq_err err;

	*out = MQ_DELIVERY_TAKEN;
	err = db->run_tx(db->cls, d->what, claim_cb, &tx);
	if (err == MQ_ERR_CONFLICT)
		return MQ_OK;   /* sent, being sent, or gone meanwhile */
	if (err != MQ_OK)
		return err;
	if (d->send(d->send_cls, it->url, it->key, it->body, why, sizeof why)) {
		*out = MQ_DELIVERY_SENT;
		mq_log_info(d->what, "%s: sent", it->key);
		return d->finish(db->cls, it->key, "sent", attempts, 0, now, "");
	}
	next = next_try(attempts, now);
	if (it->hold)
		next = it->hold(next);
	if (attempts >= it->max_attempts || (it->retry_until && next > it->retry_until)) {
		*out = MQ_DELIVERY_FAILED;
		mq_log_error(d->what, "%s: failed for good after %lld attempts: %s", it->key,
			     (long long)attempts, why);
		return d->finish(db->cls, it->key, "failed", attempts, 0, now, why);
	}
	*out = MQ_DELIVERY_RETRY;
	mq_log_warn(d->what, "%s: failed (%s); retrying in %lld s", it->key, why,
		    (long long)(next - now));
	return d->finish(db->cls, it->key, "retry", attempts, next, now, why);
}

enum mq_err mq_delivery_count(struct mq_db *db, const struct mq_delivery *d,
			      const struct mq_delivery_item *it, int64_t now,
			      struct mq_delivery_counts *counts)
{
	enum mq_delivery_outcome outcome;
	enum mq_err err = mq_delivery_run(db, d, it, now, &outcome);

	if (err == MQ_OK && outcome == MQ_DELIVERY_SENT)
		counts->sent++;
	else if (err == MQ_OK && outcome == MQ_DELIVERY_RETRY)
		counts->retry++;
	else if (err == MQ_OK && outcome == MQ_DELIVERY_FAILED)
		counts->failed++;
	return err;
}
