/* supervise.c — one pass of 督查 (mq_supervise.h): judge, escalate, owe
 * residents their SMS, queue the daily digests, send. */
#include "mq_supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_deadline.h"
#include "mq_log.h"
#include "mq_supervision.h"
#include "mq_time.h"
#include "mq_workday.h"

/* What a pass works on. */
struct pass {
	struct mq_db *db;
	const struct mq_supervise_config *cfg;
	int64_t now;
	struct mq_deadline_rules rules;
	struct mq_deadline_items items;
	struct mq_notice_routes *routes;
	struct mq_supervise_result *res;
};

/* A console page's link into @p out ("" without a public URL). */
static void link_to(const struct pass *p, const char *path, const char *id, char *out,
		    size_t size)
{
	if (p->cfg->public_url && p->cfg->public_url[0])
		snprintf(out, size, "%s/console/%s/%s", p->cfg->public_url, path, id);
	else
		snprintf(out, size, "%s", "");
}

/* Queues @p body as @p kind under @p key for @p target. */
static enum mq_err queue(struct pass *p, const char *key, const char *kind, const char *target,
			 const char *subject, const char *phone, const json_t *body,
			 int64_t not_before, bool *queued)
{
	struct mq_notice_in n = { key, kind, target, subject, phone, body, not_before, p->now };

	return mq_notice_queue(p->db, &n, queued);
}

/* ---- escalation ---------------------------------------------------------- */

#define KNOWN_KEY (MQ_UUID_LEN + 8)         /* "SUBJECT:deadline" */

/* The escalations stored before this pass, as sorted "subject:deadline" keys. */
struct known {
	char (*v)[KNOWN_KEY];
	size_t n;
	bool failed;
};

static bool add_known(void *cls, const struct mq_db_escalation *e)
{
	struct known *k = cls;
	char *key = mq_array_add(&k->v, &k->n, sizeof *k->v);

	if (!key) {
		k->failed = true;
		return false;
	}
	snprintf(key, KNOWN_KEY, "%s:%s", e->subject, e->deadline);
	return true;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* What an item is about, for messages: "议题#3《…》" or "意见“…”". */
static void subject_words(const struct mq_deadline_item *x, char *out, size_t size)
{
	if (x->topic[0])
		snprintf(out, size, "议题#%lld《%s》", (long long)x->topic_no, x->topic_title);
	else
		snprintf(out, size, "意见“%s”", x->excerpt);
}

struct escalation_tx {
	struct pass *p;
	const struct known *known;
	json_t *msg;                       /* the district's message, one a pass */
	unsigned int added;
};

/* Escalates @p x unless it was before: its row, and its line in the message. */
static enum mq_err escalate_one(struct escalation_tx *t, const struct mq_deadline_item *x)
{
	struct mq_db_escalation e = {
		.subject_kind = x->topic[0] ? "topic" : "opinion",
		.subject = x->topic[0] ? x->topic : x->id, .deadline = mq_deadline_kind_key(x->st.next),
		.studio = x->studio, .due_at = x->st.due[x->st.next], .escalated_at = t->p->now,
	};
	char key[KNOWN_KEY], what[240], text[600], words[48], url[700];
	enum mq_err err;

	snprintf(key, sizeof key, "%s:%s", e.subject, e.deadline);
	if (t->known->n && bsearch(key, t->known->v, t->known->n, KNOWN_KEY, key_cmp))
		return MQ_OK;
	err = t->p->db->escalation_insert(t->p->db->cls, &e);
	if (err == MQ_ERR_CONFLICT)
		return MQ_OK;   /* another opinion of the topic, or another pass, had it */
	if (err != MQ_OK)
		return err;
	t->added++;
	subject_words(x, what, sizeof what);
	mq_deadline_words(&x->st, words, sizeof words);
	snprintf(text, sizeof text, "%s（%s）%s", what, x->studio_name,
		 mq_deadline_kind_name(x->st.next));
	link_to(t->p, x->topic[0] ? "topics" : "opinions", e.subject, url, sizeof url);
	return mq_notice_item(t->msg, words, true, text, url[0] ? url : NULL) ? MQ_OK : MQ_ERR_NOMEM;
}

/* All of this pass's escalations and their one message, in one transaction. */
static enum mq_err escalation_cb(void *cls)
{
	struct escalation_tx *t = cls;
	struct pass *p = t->p;
	char key[MQ_DB_NOTICE_KEY_MAX], when[MQ_RFC3339_LEN + 1], text[160];
	struct mq_notice_in n = { key, "escalation", "*", "", NULL, NULL, p->now, p->now };
	enum mq_err err = MQ_OK;
	bool queued;

	t->added = 0;
	json_decref(t->msg);
	if (!(t->msg = mq_notice_message("【民情·升级督办】超期事项", "", NULL)))
		return MQ_ERR_NOMEM;
	for (size_t i = 0; err == MQ_OK && i < p->items.n; i++) {
		const struct mq_deadline_item *x = &p->items.v[i];

		if (x->st.open && x->st.overdue && x->st.days > p->rules.escalate)
			err = escalate_one(t, x);
	}
	if (err != MQ_OK || !t->added)
		return err;
	snprintf(text, sizeof text, "%u项超期%d个工作日以上，已列入区级督办清单。", t->added,
		 p->rules.escalate);
	json_object_set_new(t->msg, "text", json_string(text));
	mq_time_format_rfc3339(p->now, when);
	snprintf(key, sizeof key, "escalation:%s", when);
	n.body = t->msg;
	return mq_notice_queue(p->db, &n, &queued);
}

static enum mq_err escalate(struct pass *p)
{
	struct known known = { 0 };
	struct escalation_tx t = { p, &known, NULL, 0 };
	enum mq_err err = p->db->escalations_iterate(p->db->cls, NULL, add_known, &known);

	if (err == MQ_OK && known.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK && known.n)
		qsort(known.v, known.n, KNOWN_KEY, key_cmp);
	if (err == MQ_OK)
		err = p->db->run_tx(p->db->cls, "escalate", escalation_cb, &t);
	if (err == MQ_OK && t.added) {
		p->res->escalated = t.added;
		mq_log_warn("supervise", "%u item(s) escalated to the district's list", t.added);
	}
	json_decref(t.msg);
	free(known.v);
	return err;
}

/* ---- residents' SMS ------------------------------------------------------ */

/* Queues the SMS owed to the resident of @p x, if any. */
static enum mq_err owe_sms(struct pass *p, const struct mq_deadline_item *x)
{
	int64_t since = p->now - MQ_SUPERVISE_SMS_HORIZON_S;
	bool result = x->result_at && x->result_at >= since;
	bool answer = !x->result_at && x->answered_at && x->answered_at >= since;
	char key[MQ_DB_NOTICE_KEY_MAX], text[400], url[600];
	enum mq_err err;
	json_t *msg;
	bool queued;

	if (!x->phone[0] || (!result && !answer))
		return MQ_OK;
	if (!mq_notice_routed(p->routes, "sms") || !p->cfg->public_url || !p->cfg->public_url[0]) {
		p->res->sms_unsendable++;
		return MQ_OK;
	}
	snprintf(url, sizeof url, "%s/t/%s", p->cfg->public_url, x->token);
	snprintf(text, sizeof text, "【民情】您在%s反映的意见（查询码%s）%s，请点击查看：%s",
		 x->studio_name, x->short_code, result ? "办理结果已公布" : "有了答复", url);
	snprintf(key, sizeof key, "%s:%s", result ? "sms-result" : "sms-answer", x->id);
	if (!(msg = mq_notice_message("民情", text, url)))
		return MQ_ERR_NOMEM;
	err = queue(p, key, result ? "sms_result" : "sms_answer", "sms", x->id, x->phone, msg,
		    mq_notice_quiet_until(p->now), &queued);
	json_decref(msg);
	if (err == MQ_OK && queued)
		p->res->sms_queued++;
	return err;
}

/* ---- daily digests ------------------------------------------------------- */

/* Appends the open items of @p studio to @p msg: those new since @p since,
 * due within the window, or overdue; for the district (@p studio NULL) the
 * overdue ones of every studio. Counts into @p n. */
static bool digest_items(struct pass *p, const char *studio, int64_t since, json_t *msg,
			 unsigned int n[3])
{
	for (size_t i = 0; i < p->items.n; i++) {
		const struct mq_deadline_item *x = &p->items.v[i];
		char words[48], what[240], text[400], url[700];
		bool fresh = x->created_at >= since, soon, late;

		if (studio && strcmp(x->studio, studio) != 0)
			continue;
		/* a topic once, as its lead */
		if (!x->st.open || (x->topic[0] && !x->topic_lead))
			continue;
		late = x->st.overdue;
		soon = !late && x->st.days <= p->rules.soon;
		n[0] += fresh;
		n[1] += soon;
		n[2] += late;
		if ((!fresh && !soon && !late) || (!studio && !late))
			continue;
		mq_deadline_words(&x->st, words, sizeof words);
		subject_words(x, what, sizeof what);
		snprintf(text, sizeof text, "%s%s%s %s（%s）", studio ? "" : x->studio_name,
			 studio ? "" : "：", what, mq_deadline_kind_name(x->st.next),
			 fresh && !late ? "新收到" : "待办");
		link_to(p, x->topic[0] ? "topics" : "opinions", x->topic[0] ? x->topic : x->id,
			url, sizeof url);
		if (!mq_notice_item(msg, words, late, text, url[0] ? url : NULL))
			return false;
	}
	return true;
}

/* The start of the digest window: 08:30 of the working day before today. */
static int64_t digest_since(const struct pass *p, int64_t today)
{
	int64_t d = today - 1;

	while (!mq_workday_is_workday(p->rules.calendar, d) && d > today - 30)
		d--;
	return mq_workday_midnight(d) + MQ_SUPERVISE_DIGEST_MINUTE * 60;
}

/* The open supervision orders of a digest: what is still to be answered. */
struct open_orders {
	struct pass *p;
	json_t *msg;
	unsigned int n;
	bool failed;
};

static bool order_item(void *cls, const struct mq_db_order *o)
{
	struct open_orders *x = cls;
	char tag[64], md[16], text[300], url[700];
	bool late = mq_order_late(o, x->p->now);

	mq_workday_format_md(mq_order_due_day(o), md, sizeof md);
	snprintf(tag, sizeof tag, "%s（%s前）", late ? "督办超期未答复" : "督办待答复", md);
	if (o->topic)
		snprintf(text, sizeof text, "督办#%lld 议题#%lld《%s》", (long long)o->no,
			 (long long)o->subject_no, o->subject_title);
	else
		snprintf(text, sizeof text, "督办#%lld 意见“%s”", (long long)o->no, o->subject_title);
	link_to(x->p, "supervision", o->id, url, sizeof url);
	if (!mq_notice_item(x->msg, tag, late, text, url[0] ? url : NULL))
		x->failed = true;
	x->n++;
	return !x->failed;
}

/* Queues the digest of @p studio (NULL: the district's) for @p day: its
 * open items, then the supervision orders it has yet to answer. */
static enum mq_err digest(struct pass *p, const char *studio, const char *name, int64_t day)
{
	char key[MQ_DB_NOTICE_KEY_MAX], date[11], title[200], text[400], url[600], more[48];
	unsigned int n[3] = { 0, 0, 0 };
	struct mq_db_order_filter of = { .studio = studio, .open_only = true, .limit = 50 };
	struct open_orders orders = { .p = p };
	json_t *msg;
	enum mq_err err;
	bool queued = false;

	mq_workday_format(day, date);
	snprintf(title, sizeof title, "【民情·每日督查】%s %s", name, date);
	if (p->cfg->public_url && p->cfg->public_url[0])
		snprintf(url, sizeof url, "%s/console/inbox", p->cfg->public_url);
	else
		url[0] = '\0';
	if (!(msg = mq_notice_message(title, "", url[0] ? url : NULL)))
		return MQ_ERR_NOMEM;
	orders.msg = msg;
	err = digest_items(p, studio, digest_since(p, day), msg, n) ? MQ_OK : MQ_ERR_NOMEM;
	if (err == MQ_OK && studio)
		err = p->db->orders_iterate(p->db->cls, &of, order_item, &orders);
	if (err == MQ_OK && orders.failed)
		err = MQ_ERR_NOMEM;
	if (err == MQ_OK) {
		snprintf(more, sizeof more, "，督办待答复%u项", orders.n);
		snprintf(text, sizeof text, "新收到%u项，临期%u项，超期%u项%s。%s", n[0], n[1], n[2],
			 orders.n ? more : "", n[0] + n[1] + n[2] + orders.n ? "" : "今日无待办事项。");
		json_object_set_new(msg, "text", json_string(text));
		snprintf(key, sizeof key, "digest:%s:%s", studio ? studio : "*", date);
		err = queue(p, key, "digest", studio ? studio : "*", date, NULL, msg, p->now,
			    &queued);
	}
	json_decref(msg);
	if (err == MQ_OK && queued)
		p->res->digests_queued++;
	return err;
}

struct studios {
	struct pass *p;
	int64_t day;
	enum mq_err err;
};

static bool studio_digest(void *cls, const struct mq_db_named *s)
{
	struct studios *st = cls;

	if (mq_notice_routed(st->p->routes, s->key))
		st->err = digest(st->p, s->key, s->name, st->day);
	return st->err == MQ_OK;
}

/* The digests of a working day, from 08:30 on. */
static enum mq_err digests(struct pass *p)
{
	int64_t today = mq_workday_day_of(p->now);
	struct studios st = { p, today, MQ_OK };
	enum mq_err err;

	if (!mq_workday_is_workday(p->rules.calendar, today) ||
	    p->now < mq_workday_midnight(today) + MQ_SUPERVISE_DIGEST_MINUTE * 60)
		return MQ_OK;
	err = p->db->studios_iterate(p->db->cls, studio_digest, &st);
	if (err == MQ_OK)
		err = st.err;
	if (err == MQ_OK && mq_notice_routed(p->routes, "*"))
		err = digest(p, NULL, "全区", today);
	return err;
}

/* ---- the pass ------------------------------------------------------------ */

static enum mq_err judge(struct pass *p)
{
	struct mq_db_progress_filter f = {
		.open_or_closed_since = p->now - MQ_SUPERVISE_SMS_HORIZON_S, .with_phone = true,
	};
	enum mq_err err = mq_deadline_items_load(p->db, &p->rules, &f, p->now, &p->items);

	for (size_t i = 0; err == MQ_OK && i < p->items.n; i++) {
		p->res->open += p->items.v[i].st.open;
		p->res->overdue += p->items.v[i].st.open && p->items.v[i].st.overdue;
	}
	return err;
}

enum mq_err mq_supervise_run(struct mq_db *db, const struct mq_supervise_config *cfg,
			     int64_t now, struct mq_supervise_result *res)
{
	struct pass p = { .db = db, .cfg = cfg, .now = now, .res = res };
	enum mq_err err;

	memset(res, 0, sizeof *res);
	if ((err = mq_deadline_rules_load(db, &p.rules)) != MQ_OK)
		return err;
	err = mq_notice_routes_load(db, cfg->webhook, cfg->sms_url, &p.routes);
	if (err == MQ_OK)
		err = judge(&p);
	if (err == MQ_OK)
		err = escalate(&p);
	for (size_t i = 0; err == MQ_OK && i < p.items.n; i++)
		err = owe_sms(&p, &p.items.v[i]);
	if (err == MQ_OK)
		err = digests(&p);
	if (err == MQ_OK)
		err = mq_notice_deliver(db, p.routes, cfg->send, cfg->send_cls, now, &res->sent);
	mq_deadline_items_finish(&p.items);
	mq_notice_routes_destroy(p.routes);
	mq_deadline_rules_finish(&p.rules);
	return err;
}
