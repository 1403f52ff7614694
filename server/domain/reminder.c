/* reminder.c — visit reminders through the outbound webhook (mq_reminder.h).
 *
 * One run: read the candidates (booked, visit within two days, reminder not
 * claimed or due for a retry), and for each one that is due: claim it in a
 * transaction (the claim re-checks that the booking is still booked), hand
 * it to the sender (the command line's webhook), record the outcome. The
 * sending happens outside any transaction so the database is never held
 * while a gateway is slow. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_date.h"
#include "mq_log.h"
#include "mq_reminder.h"
#include "mq_roster.h"
#include "mq_time.h"

#define LOOKAHEAD_S (2 * 86400)
#define BACKOFF_BASE_S 60
#define BACKOFF_MAX_S 3600

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
	size_t n, cap;
	bool failed;
};

static bool add_cand(void *cls, const struct mq_db_reminder_candidate *row)
{
	struct cands *c = cls;
	struct cand *x;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		struct cand *nv = realloc(c->v, ncap * sizeof *nv);
		if (!nv) {
			c->failed = true;
			return false;
		}
		c->v = nv;
		c->cap = ncap;
	}
	x = &c->v[c->n++];
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

struct claim_tx {
	struct mq_db *db;
	const char *id;
	int64_t now;
};

static enum mq_err claim_cb(void *cls)
{
	struct claim_tx *t = cls;

	return t->db->reminder_claim(t->db->cls, t->id, t->now);
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
		struct claim_tx tx = { db, x->id, now };
		char why[256];
		char *body;
		int64_t attempts, next;
		bool ok;

		if (now < due_at(x->start) || x->created_at >= day_start(x->start) ||
		    now > x->start - MQ_REMINDER_CUTOFF_S) {
			res->not_due++;
			continue;
		}
		err = db->run_tx(db->cls, "reminder-claim", claim_cb, &tx);
		if (err == MQ_ERR_CONFLICT) {
			err = MQ_OK;   /* sent, being sent, or cancelled meanwhile */
			continue;
		}
		if (err != MQ_OK)
			break;
		body = body_of(x, cfg);
		ok = body && cfg->send(cfg->send_cls, x->id, body, why, sizeof why);
		if (!body)
			snprintf(why, sizeof why, "out of memory");
		free(body);
		attempts = x->attempts + 1;
		if (ok) {
			err = db->reminder_finish(db->cls, x->id, "sent", attempts, 0, now, "");
			res->sent++;
			mq_log_info("reminder", "booking %s: reminder sent", x->id);
			continue;
		}
		next = now + (attempts >= 7 ? BACKOFF_MAX_S : BACKOFF_BASE_S << (attempts - 1));
		if (next > now + BACKOFF_MAX_S)
			next = now + BACKOFF_MAX_S;
		if (attempts >= MQ_REMINDER_ATTEMPTS || next > x->start - MQ_REMINDER_CUTOFF_S) {
			err = db->reminder_finish(db->cls, x->id, "failed", attempts, 0, now, why);
			res->failed++;
			mq_log_error("reminder", "booking %s: reminder failed for good after %lld"
				     " attempts: %s", x->id, (long long)attempts, why);
		} else {
			err = db->reminder_finish(db->cls, x->id, "retry", attempts, next, now, why);
			res->retry++;
			mq_log_warn("reminder", "booking %s: reminder failed (%s); retrying in %lld s",
				    x->id, why, (long long)(next - now));
		}
	}
	free(c.v);
	return err;
}
