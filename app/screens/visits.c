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

#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "screens.h"

json_t *mq_screen_member(const struct mq_ui_app *app, const char *key)
{
	json_t *members = app->state ? json_object_get(app->state, "members") : NULL, *m;
	size_t i;

	json_array_foreach(members, i, m) {
		const char *k = json_string_value(json_object_get(m, "key"));

		if (k && key && strcmp(k, key) == 0)
			return m;
	}
	return NULL;
}

int64_t mq_screen_today_start(const struct mq_ui_app *app)
{
	int64_t local = mq_ui_app_wall(app) + MQ_SHANGHAI_OFFSET_S;

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

json_t *mq_screen_slot_find(const struct mq_ui_app *app, const char *id, json_t **shift)
{
	json_t *shifts = app->state ? json_object_get(app->state, "shifts") : NULL, *sh, *sl;
	size_t i, j;

	json_array_foreach(shifts, i, sh) {
		json_array_foreach(json_object_get(sh, "slots"), j, sl) {
			const char *sid = json_string_value(json_object_get(sl, "id"));

			if (sid && id && strcmp(sid, id) == 0) {
				if (shift)
					*shift = sh;
				return sl;
			}
		}
	}
	return NULL;
}

int mq_screen_slot_free(const struct mq_ui_app *app, json_t *slot)
{
	const char *id = json_string_value(json_object_get(slot, "id"));
	int pending = app->store && id ? mq_store_slot_pending(app->store, id) : 0;

	return mq_ui_slot_free((int)json_integer_value(json_object_get(slot, "free")), pending);
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
static bool slot_times(json_t *shift, const char *slot, int64_t *start, int64_t *end)
{
	json_t *sl;
	size_t i;

	json_array_foreach(json_object_get(shift, "slots"), i, sl) {
		const char *id = json_string_value(json_object_get(sl, "id"));

		if (id && slot && strcmp(id, slot) == 0)
			return mq_time_parse_rfc3339(json_string_value(json_object_get(sl, "start")), start) &&
			       mq_time_parse_rfc3339(json_string_value(json_object_get(sl, "end")), end);
	}
	return false;
}

static void fill(struct mq_screen_booking *b, json_t *shift, const char *id, const char *slot,
		 const char *name, const char *topic, const char *status)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->id, sizeof(b->id), "%s", id);
	snprintf(b->slot, sizeof(b->slot), "%s", slot);
	snprintf(b->name, sizeof(b->name), "%s", name ? name : "");
	snprintf(b->topic, sizeof(b->topic), "%s", topic ? topic : "");
	snprintf(b->status, sizeof(b->status), "%s", status);
	(void)slot_times(shift, slot, &b->start, &b->end);
}

struct local_merge {
	struct mq_ui_app *app;
	json_t *shift;
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

size_t mq_screen_shift_bookings(struct mq_ui_app *app, json_t *shift,
				struct mq_screen_booking *out, size_t max)
{
	json_t *listed = json_object_get(shift, "bookings"), *e;
	struct local_merge local;
	size_t n = 0, i;

	json_array_foreach(listed, i, e) {
		const char *id = json_string_value(json_object_get(e, "id"));
		const char *slot = json_string_value(json_object_get(e, "slot"));
		const char *status = json_string_value(json_object_get(e, "status"));

		if (n == max || !id || !mq_id_is_uuid(id) || !slot || !status ||
		    strcmp(status, "cancelled") == 0 || strcmp(status, "refused") == 0)
			continue;
		fill(&out[n++], shift, id, slot, json_string_value(json_object_get(e, "name")),
		     json_string_value(json_object_get(e, "topic")), status);
	}
	/* This kiosk's own: those the server has not answered yet, and all of
	 * them when the state carries no list (an older server). */
	local.app = app;
	local.shift = shift;
	local.listed = json_is_array(listed);
	local.out = out;
	local.n = n;
	local.max = max;
	if (app->store && mq_store_bookings_iterate(app->store, add_local, &local) != MQ_OK)
		mq_log_warn("ui", "cannot read this kiosk's bookings");
	n = local.n;
	qsort(out, n, sizeof(*out), by_start);
	return n;
}
