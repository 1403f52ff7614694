/* visits.c — what the booking, check-in, confirmation and home screens
 * share about visits: shifts, slots and members from the server's state,
 * free places net of this kiosk's unanswered bookings, dates in
 * Asia/Shanghai, and the duty member's list of today's bookings: the
 * server's (in the state) merged with those made here that the server has
 * not answered yet (from the store, names masked, never the phone). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "mq_device.h"
#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_visit.h"
#include "screens.h"

void mq_screen_unlock_time(const struct mq_app *app, int64_t wait_ms, char hm[16])
{
	mq_time_format_shanghai(mq_app_wall(app) + (wait_ms + 999) / 1000 + 59, "%H:%M", hm, 16);
}

int64_t mq_screen_today_start(const struct mq_app *app)
{
	int64_t local = mq_app_wall(app) + MQ_SHANGHAI_OFFSET_S;

	return local - local % 86400 - MQ_SHANGHAI_OFFSET_S;
}

void mq_screen_format_day(int64_t t, char *out, size_t size)
{
	static const char *const wd_zh[] = { "星期日", "星期一", "星期二", "星期三",
					     "星期四", "星期五", "星期六" };
	static const char *const wd_en[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon_en[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t local = (time_t)(t + MQ_SHANGHAI_OFFSET_S);
	struct tm tm;

	gmtime_r(&local, &tm);
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(out, size, "%s %d %s", wd_en[tm.tm_wday], tm.tm_mday, mon_en[tm.tm_mon]);
	else
		snprintf(out, size, "%d月%d日 %s", tm.tm_mon + 1, tm.tm_mday, wd_zh[tm.tm_wday]);
}

void mq_screen_format_span(int64_t start, int64_t end, char *out, size_t size)
{
	char a[16], b[16];

	mq_time_format_shanghai(start, "%H:%M", a, sizeof(a));
	mq_time_format_shanghai(end, "%H:%M", b, sizeof(b));
	snprintf(out, size, "%s–%s", a, b);
}

int mq_screen_slot_free(const struct mq_app *app, const struct mq_state_slot *slot)
{
	int pending = app->store && slot->id ? mq_store_slot_pending(app->store, slot->id) : 0;
	int released = app->store && slot->id ? mq_store_slot_released(app->store, slot->id) : 0;

	/* a place cancelled here is free at once, before the server's count knows */
	return mq_visit_slot_free(slot->free + (released > 0 ? released : 0), pending);
}

static bool has_id(const struct mq_screen_booking *out, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(out[i].id, id) == 0)
			return true;
	return false;
}

static int by_start(const void *a, const void *b)
{
	const struct mq_screen_booking *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1 : strcmp(x->id, y->id);
}

/* The slot's times from the shift. */
static bool slot_times(const struct mq_state_shift *shift, const char *slot, int64_t *start,
		       int64_t *end)
{
	for (size_t i = 0; i < shift->n_slots; i++) {
		const struct mq_state_slot *sl = &shift->slots[i];

		if (sl->id && slot && strcmp(sl->id, slot) == 0) {
			if (sl->at.has_start)
				*start = sl->at.start;
			if (sl->at.has_start && sl->at.has_end)
				*end = sl->at.end;
			return sl->at.has_start && sl->at.has_end;
		}
	}
	return false;
}

static void fill(struct mq_screen_booking *b, const struct mq_state_shift *shift, const char *id,
		 const char *slot, const char *name, const char *topic, const char *status)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->id, sizeof(b->id), "%s", id);
	snprintf(b->slot, sizeof(b->slot), "%s", slot);
	snprintf(b->name, sizeof(b->name), "%s", name ? name : "");
	snprintf(b->topic, sizeof(b->topic), "%s", topic ? topic : "");
	snprintf(b->status, sizeof(b->status), "%s", status);
	(void)slot_times(shift, slot, &b->start, &b->end);
}

/* What add_local merges into. */
struct local_merge {
	const struct mq_state_shift *shift;
	bool listed;                 /* the state carries the shift's bookings */
	struct mq_screen_booking *out;
	size_t n, max;
};

static void add_local(void *cls, const struct mq_store_open_booking *b)
{
	struct local_merge *m = cls;
	int64_t s, e;

	if (m->n == m->max || has_id(m->out, m->n, b->id) || !slot_times(m->shift, b->slot, &s, &e))
		return;
	if (m->listed && strcmp(b->status, "pending") != 0)
		return;   /* answered: the server's list is the truth (it knows cancellations) */
	fill(&m->out[m->n++], m->shift, b->id, b->slot, b->name_masked, b->topic, b->status);
}

size_t mq_screen_shift_bookings(struct mq_app *app, const struct mq_state_shift *shift,
				struct mq_screen_booking *out, size_t max)
{
	struct local_merge local;
	size_t n = 0;

	for (size_t i = 0; i < shift->n_bookings; i++) {
		const struct mq_state_booking *e = &shift->bookings[i];

		if (n == max || !e->id || !mq_id_is_uuid(e->id) || !e->slot || !e->status ||
		    strcmp(e->status, "cancelled") == 0 || strcmp(e->status, "refused") == 0)
			continue;
		fill(&out[n++], shift, e->id, e->slot, e->name, e->topic, e->status);
	}
	/* This kiosk's own: those the server has not answered yet, and all of
	 * them when the state carries no list (an older server). */
	local.shift = shift;
	local.listed = shift->lists_bookings;
	local.out = out;
	local.n = n;
	local.max = max;
	if (app->store && mq_store_bookings_iterate(app->store, add_local, &local) != MQ_OK)
		mq_log_warn("ui", "cannot read this kiosk's bookings");
	n = local.n;
	qsort(out, n, sizeof(*out), by_start);
	return n;
}

bool mq_screen_device_key(const struct mq_app *app, unsigned char key[MQ_SIG_KEY_BYTES])
{
	struct mq_device dev;

	if (mq_device_load(app->cfg->data_dir, &dev) != MQ_OK) {
		mq_log_warn("ui", "no device key: bookings cannot be cancelled at this kiosk");
		return false;
	}
	memcpy(key, dev.key, MQ_SIG_KEY_BYTES);
	sodium_memzero(&dev, sizeof(dev));
	return true;
}
