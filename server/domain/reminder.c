/* reminder.c — visit reminders through the outbound webhook (mq_reminder.h).
 *
 * One run: read the candidates (booked, visit within two days, reminder not
 * claimed or due for a retry), and hand each one that is due to
 * mq_delivery_run: its claim re-checks that the booking is still booked. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_date.h"
#include "mq_reminder.h"
#include "mq_roster.h"
#include "mq_time.h"

#define LOOKAHEAD_S (2 * 86400)

/* A candidate copied out of the callback. The phone stays in memory only. */
struct cand {
	char id[MQ_UUID_LEN + 1];
	char token[MQ_TOKEN_LEN + 1];
	char short_code[MQ_SHORT_CODE_LEN + 1];
	char studio[MQ_KEY_MAX + 1];
	char studio_name[MQ_DB_NAME_MAX];
	char address[MQ_DB_NAME_MAX];
	char member_name[MQ_DB_NAME_MAX];
	char phone[MQ_PHONE_MAX + 1];
	int64_t start, end, created_at, attempts;
};

struct cands {
	struct cand *v;
	size_t n;
	bool failed;
};

static bool add_cand(void *cls, const struct mq_db_reminder_candidate *row)
{
	struct cands *c = cls;
	struct cand *x = mq_array_add(&c->v, &c->n, sizeof *c->v);

	if (!x) {
		c->failed = true;
		return false;
	}
	snprintf(x->id, sizeof x->id, "%s", row->v.b.id);
	snprintf(x->token, sizeof x->token, "%s", row->v.b.token);
	snprintf(x->short_code, sizeof x->short_code, "%s", row->v.b.short_code);
	snprintf(x->studio, sizeof x->studio, "%s", row->v.b.studio);
	snprintf(x->studio_name, sizeof x->studio_name, "%s", row->v.studio_name);
	snprintf(x->address, sizeof x->address, "%s", row->v.studio_address);
	snprintf(x->member_name, sizeof x->member_name, "%s", row->v.member_name);
	snprintf(x->phone, sizeof x->phone, "%s", row->v.b.phone);
	x->start = row->v.slot_start;
	x->end = row->v.slot_end;
	x->created_at = row->v.b.created_at;
	x->attempts = row->attempts;
	return true;
}

/* When the reminder of a visit at @p start falls due: 10:00 local the day before. */
static int64_t due_at(int64_t start)
{
	struct mq_date d, before;

	mq_date_of(start, &d);
	before = mq_date_add(&d, -1);
	return mq_date_local_time(&before, MQ_REMINDER_HOUR * 60);
}

/* Local midnight starting the visit's day. */
static int64_t day_start(int64_t start)
{
	struct mq_date d;

	mq_date_of(start, &d);
	return mq_date_local_time(&d, 0);
}

/* The request body for @p x (malloc'd JSON) or NULL. */
static char *body_of(const struct cand *x, const struct mq_reminder_config *cfg)
{
	char span[96], text[768], start[MQ_RFC3339_LEN + 1], end[MQ_RFC3339_LEN + 1];
	char url[512] = "";
	json_t *j;
	char *s;

	mq_date_format_span(x->start, x->end, span, sizeof span);
	if (cfg->public_url)
		snprintf(url, sizeof url, "%s/b/%s", cfg->public_url, x->token);
	snprintf(text, sizeof text, "【民情】您好，您预约了%s的委员接待，时间%s，接待委员%s，"
				    "地址：%s。请带上身份证件，到后说出查询码%s。%s%s",
		 x->studio_name, span, x->member_name, x->address[0] ? x->address : x->studio_name,
		 x->short_code, url[0] ? "如不能前来，请点此取消：" : "如不能前来，请到工作室取消。",
		 url);
	mq_time_format_rfc3339(x->start, start);
	mq_time_format_rfc3339(x->end, end);
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "type", "booking_reminder",
		      "id", x->id, "phone", x->phone, "text", text, "start", start, "end", end,
		      "studio", x->studio, "short_code", x->short_code, "url",
		      url[0] ? url : NULL);
	if (!j)
		return NULL;
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* Delivers the reminder of @p x, counting the outcome into @p res. */
static enum mq_err deliver(struct mq_db *db, const struct mq_reminder_config *cfg,
			   const struct cand *x, int64_t now, struct mq_reminder_result *res)
{
	const struct mq_delivery d = { "reminder", db->reminder_claim, db->reminder_finish,
				       cfg->send, cfg->send_cls };
	struct mq_delivery_item it = {
		.key = x->id, .attempts = x->attempts, .max_attempts = MQ_REMINDER_ATTEMPTS,
		.retry_until = x->start - MQ_REMINDER_CUTOFF_S,
	};
	char *body = body_of(x, cfg);
	enum mq_err err;

	if (!body)
		return MQ_ERR_NOMEM;
	it.body = body;
	err = mq_delivery_count(db, &d, &it, now, &res->n);
	free(body);
	return err;
}

enum mq_err mq_reminders_run(struct mq_db *db, const struct mq_reminder_config *cfg,
			     int64_t now, struct mq_reminder_result *res)
{
	struct cands c = { 0 };
	enum mq_err err;

	memset(res, 0, sizeof *res);
	err = db->reminder_candidates_iterate(db->cls, now, now + LOOKAHEAD_S, add_cand, &c);
	if (err == MQ_OK && c.failed)
		err = MQ_ERR_NOMEM;
	for (size_t i = 0; err == MQ_OK && i < c.n; i++) {
		struct cand *x = &c.v[i];

		if (now < due_at(x->start) || x->created_at >= day_start(x->start) ||
		    now > x->start - MQ_REMINDER_CUTOFF_S) {
			res->not_due++;
			continue;
		}
		err = deliver(db, cfg, x, now, res);
	}
	free(c.v);
	return err;
}
