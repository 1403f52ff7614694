/* supervision.c — 督办 orders (mq_supervision.h): issued by the district,
 * signed for and answered by the street group, each step one transaction
 * with its audit entry and, where someone must hear of it, its message. */
#include "mq_supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_buf.h"
#include "mq_log.h"
#include "mq_notice.h"
#include "mq_workday.h"

/* The subject of a new order, read inside the transaction. */
struct subject {
	bool found;
	bool closed;                    /* a closed topic: nothing left to supervise */
	char studio[MQ_KEY_MAX + 1];
	char title[200];                /* the topic's title, or an excerpt of the opinion */
	int64_t no;
};

static bool got_topic(void *cls, const struct mq_db_topic *t)
{
	struct subject *s = cls;

	s->found = true;
	snprintf(s->studio, sizeof s->studio, "%s", t->studio);
	mq_buf_excerpt(t->title, 40, s->title, sizeof s->title);
	s->no = t->no;
	s->closed = t->stage == MQ_STAGE_CLOSED;
	return false;
}

static bool got_opinion(void *cls, const struct mq_db_console_opinion *o)
{
	struct subject *s = cls;

	s->found = true;
	snprintf(s->studio, sizeof s->studio, "%s", o->op.studio);
	mq_buf_excerpt(o->op.text, 30, s->title, sizeof s->title);
	return false;
}

struct issue_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_order_in *in;
	const char *public_url;
	int64_t now;
	char *id;
	int64_t *no;
	char *msg;
	size_t size;
};

/* The console link of @p path under @p base into @p out, or "" without a base. */
static void console_link(const char *base, const char *path, const char *id, char *out,
			 size_t size)
{
	if (base && base[0])
		snprintf(out, size, "%s/console/%s/%s", base, path, id);
	else
		snprintf(out, size, "%s", "");
}

/* Queues the street group's message about new order @p o on @p s. */
static enum mq_err tell_street(struct issue_tx *tx, const struct subject *s, int64_t no)
{
	char title[64], text[2400], url[700], what[240], due[32], key[MQ_DB_NOTICE_KEY_MAX];
	struct mq_notice_staff_in n = { key, "order", s->studio, tx->id, title, text, url };
	int64_t day;

	if (tx->in->topic)
		snprintf(what, sizeof what, "议题#%lld《%s》", (long long)s->no, s->title);
	else
		snprintf(what, sizeof what, "居民意见“%s”", s->title);
	snprintf(title, sizeof title, "【民情·督办】督办#%lld", (long long)no);
	if (mq_workday_parse(tx->in->due_day, &day))
		mq_workday_format_md(day, due, sizeof due);
	else
		snprintf(due, sizeof due, "%s", tx->in->due_day);
	snprintf(text, sizeof text, "区政协对%s发出督办：%s（请于%s前答复）", what, tx->in->note, due);
	console_link(tx->public_url, "supervision", tx->id, url, sizeof url);
	snprintf(key, sizeof key, "order:%s", tx->id);
	return mq_notice_queue_staff(tx->db, &n, tx->now, NULL);
}

static enum mq_err issue_cb(void *cls)
{
	struct issue_tx *tx = cls;
	const struct mq_order_in *in = tx->in;
	struct subject s = { 0 };
	struct mq_db_opinion_filter f = { .id = in->opinion, .limit = 1 };
	struct mq_db_order o = {
		.id = tx->id, .topic = in->topic, .opinion = in->opinion, .note = in->note,
		.due_day = in->due_day, .issued_at = tx->now, .issued_by = tx->who->username,
	};
	enum mq_err err;

	if (in->topic)
		err = tx->db->topic_get(tx->db->cls, in->topic, got_topic, &s);
	else
		err = tx->db->opinions_iterate(tx->db->cls, &f, got_opinion, &s);
	if (err == MQ_OK && !s.found)
		err = MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		return err;
	if (s.closed) {
		snprintf(tx->msg, tx->size, "%s", "这个议题已经办结，无需督办。");
		return MQ_ERR_INVALID;
	}
	o.studio = s.studio;
	if ((err = tx->db->order_insert(tx->db->cls, &o, tx->no)) != MQ_OK ||
	    (err = tell_street(tx, &s, *tx->no)) != MQ_OK)
		return err;
	return mq_audit(tx->db, tx->who, tx->now, s.studio, "order.issue", tx->id, NULL,
			json_pack("{s:I, s:s?, s:s?, s:s, s:s}", "no", (json_int_t)*tx->no,
				  "topic", in->topic, "opinion", in->opinion, "note", in->note,
				  "due_day", in->due_day));
}

enum mq_err mq_order_issue(struct mq_db *db, const struct mq_db_staff *who,
			   const struct mq_order_in *in, const char *public_url, int64_t now,
			   char id_out[MQ_UUID_LEN + 1], int64_t *no, char *msg, size_t size)
{
	struct issue_tx tx = { db, who, in, public_url, now, id_out, no, msg, size };
	long n = in->note ? mq_utf8_length(in->note) : 0;
	int64_t due;
	enum mq_err err;

	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	if (!in->topic == !in->opinion)
		return MQ_ERR_NOT_FOUND;
	if (n < 1 || n > MQ_ORDER_NOTE_MAX) {
		snprintf(msg, size, "请填写督办事项（不超过%d字）。", MQ_ORDER_NOTE_MAX);
		return MQ_ERR_INVALID;
	}
	if (!mq_workday_parse(in->due_day, &due) || due < mq_workday_day_of(now)) {
		snprintf(msg, size, "%s", "请填写答复期限（年-月-日，不早于今天）。");
		return MQ_ERR_INVALID;
	}
	mq_id_uuid4(id_out);
	err = db->run_tx(db->cls, "order-issue", issue_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s issued supervision order #%lld (%s)", who->username,
			    (long long)*no, id_out);
	return err;
}

/* ---- signing for and answering ------------------------------------------- */

/* The order as read for a change: its row's strings copied. */
struct order_copy {
	bool found;
	struct mq_db_order o;
	char id[MQ_UUID_LEN + 1], studio[MQ_KEY_MAX + 1], due[11], by[MQ_DB_USER_MAX + 1];
	char studio_name[MQ_DB_NAME_MAX];
	char title[200];
	int64_t subject_no;
};

static bool got_order(void *cls, const struct mq_db_order *row)
{
	struct order_copy *c = cls;

	c->found = true;
	c->o = *row;
	snprintf(c->id, sizeof c->id, "%s", row->id);
	snprintf(c->studio, sizeof c->studio, "%s", row->studio);
	snprintf(c->studio_name, sizeof c->studio_name, "%s", row->studio_name);
	snprintf(c->due, sizeof c->due, "%s", row->due_day);
	snprintf(c->by, sizeof c->by, "%s", row->acknowledged_by ? row->acknowledged_by : "");
	mq_buf_excerpt(row->subject_title, 40, c->title, sizeof c->title);
	c->o.id = c->id;
	c->o.studio = c->studio;
	c->o.due_day = c->due;
	c->o.acknowledged_by = c->by[0] ? c->by : NULL;
	c->o.studio_name = c->o.topic = c->o.opinion = c->o.note = c->o.subject_title = NULL;
	c->o.issued_by = c->o.answered_by = NULL;
	c->o.answer = "";
	c->subject_no = row->subject_no;
	return false;
}

struct act_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *id;
	enum mq_order_action action;
	const char *answer;
	const char *public_url;
	int64_t now;
	char *msg;
	size_t size;
};

/* Queues the district's message about the answer to order @p c. */
static enum mq_err tell_district(struct act_tx *tx, const struct order_copy *c)
{
	char title[64], text[2400], url[700], key[MQ_DB_NOTICE_KEY_MAX];
	struct mq_notice_staff_in n = { key, "order_answer", "*", c->id, title, text, url };

	snprintf(title, sizeof title, "【民情·督办】督办#%lld已答复", (long long)c->o.no);
	snprintf(text, sizeof text, "%s就“%s”答复：%s", c->studio_name, c->title, tx->answer);
	console_link(tx->public_url, "supervision", c->id, url, sizeof url);
	snprintf(key, sizeof key, "order-answer:%s", c->id);
	return mq_notice_queue_staff(tx->db, &n, tx->now, NULL);
}

static enum mq_err act_cb(void *cls)
{
	struct act_tx *tx = cls;
	struct mq_db_order_filter f = { .id = tx->id, .studio = mq_account_studio(tx->who),
					.limit = 1 };
	struct order_copy c = { 0 };
	bool answering = tx->action == MQ_ORDER_ANSWER;
	enum mq_err err = tx->db->orders_iterate(tx->db->cls, &f, got_order, &c);

	if (err == MQ_OK && !c.found)
		err = MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		return err;
	if (c.o.answered_at) {
		snprintf(tx->msg, tx->size, "%s", "这件督办已经答复过了。");
		return MQ_ERR_INVALID;
	}
	if (!c.o.acknowledged_at) {
		c.o.acknowledged_at = tx->now;
		c.o.acknowledged_by = tx->who->username;
	} else if (!answering) {
		return MQ_OK;   /* signed for already: nothing changes */
	}
	if (answering) {
		c.o.answer = tx->answer;
		c.o.answered_at = tx->now;
		c.o.answered_by = tx->who->username;
	}
	if ((err = tx->db->order_update(tx->db->cls, &c.o)) != MQ_OK ||
	    (answering && (err = tell_district(tx, &c)) != MQ_OK))
		return err;
	return mq_audit(tx->db, tx->who, tx->now, c.studio, answering ? "order.answer" : "order.ack",
			c.id, NULL, json_pack("{s:I, s:s?}", "no", (json_int_t)c.o.no, "answer",
					      answering ? tx->answer : NULL));
}

enum mq_err mq_order_act(struct mq_db *db, const struct mq_db_staff *who, const char *id,
			 enum mq_order_action action, const char *answer, const char *public_url,
			 int64_t now, char *msg, size_t size)
{
	struct act_tx tx = { db, who, id, action, answer, public_url, now, msg, size };
	long n = answer ? mq_utf8_length(answer) : 0;
	enum mq_err err;

	if (!mq_account_can_edit(who))
		return MQ_ERR_AUTH;
	if (action == MQ_ORDER_ANSWER && (n < 1 || n > MQ_ORDER_NOTE_MAX)) {
		snprintf(msg, size, "请填写答复内容（不超过%d字）。", MQ_ORDER_NOTE_MAX);
		return MQ_ERR_INVALID;
	}
	err = db->run_tx(db->cls, "order-act", act_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("console", "%s %s supervision order %s", who->username,
			    action == MQ_ORDER_ANSWER ? "answered" : "signed for", id);
	return err;
}

int64_t mq_order_due_day(const struct mq_db_order *o)
{
	int64_t day;

	return mq_workday_parse(o->due_day, &day) ? day : mq_workday_day_of(o->issued_at);
}

bool mq_order_late(const struct mq_db_order *o, int64_t now)
{
	int64_t end = mq_workday_midnight(mq_order_due_day(o) + 1);

	return o->answered_at ? o->answered_at >= end : now >= end;
}
