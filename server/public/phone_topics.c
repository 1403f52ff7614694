/* phone_topics.c — GET and POST /f/{studio}/topics: residents back the
 * studio's open candidate topics (大家来选议题) from their phones,
 * anonymously, once per topic per browser: the browser keeps a random
 * cookie (mq_voter, under /f/) and the server counts a digest of it, so a
 * second backing of the same topic is answered kindly and not counted. The
 * POST passes the phone side's guard (rate limits, form token, honeypot).
 * Below them, the closed ones: each one promoted into a topic links to the
 * studio's board (办理公示) under the topic's title once its result is
 * published, as every public output shows a topic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_log.h"
#include "mq_digest.h"
#include "phone.h"

#define CLOSED_MAX 10             /* closed candidates shown */

struct list {
	struct mq_html *b;
	const struct phone_req *r;
	const char *path;
	int n;
};

static bool card(void *cls, const struct mq_db_candidate *c)
{
	struct list *l = cls;
	struct mq_html *b = l->b;

	l->n++;
	mq_html_raw(b, "<section class=\"card\"><h2>");
	mq_html_text(b, c->title);
	mq_html_raw(b, "</h2>\n");
	if (c->description[0]) {
		mq_html_raw(b, "<p>");
		mq_html_text(b, c->description);
		mq_html_raw(b, "</p>\n");
	}
	mq_html_printf(b, "<p class=\"hint\">已有 %lld 人支持 · 截止 ", (long long)c->supports);
	mq_html_text(b, c->closes);
	mq_html_raw(b, "</p>\n");
	phone_form_open(b, l->r, l->path);
	mq_html_printf(b, "<input type=\"hidden\" name=\"candidate\" value=\"%lld\">"
		       "<button type=\"submit\">支持这个议题</button>\n</form></section>\n",
		       (long long)c->id);
	return true;
}

/* A closed candidate, copied out of the storage callback. */
struct closed {
	char title[4 * MQ_CANDIDATE_TITLE_MAX + 1];
	char topic[MQ_UUID_LEN + 1];      /* "" when not promoted */
	int64_t supports;
};

struct closed_list {
	struct closed v[CLOSED_MAX];
	size_t n;
	const char *today;
};

static bool closed_add(void *cls, const struct mq_db_candidate *c)
{
	struct closed_list *l = cls;

	if (!c->topic && strcmp(c->closes, l->today) >= 0)
		return true;    /* still open: listed above */
	snprintf(l->v[l->n].title, sizeof l->v[l->n].title, "%s", c->title);
	snprintf(l->v[l->n].topic, sizeof l->v[l->n].topic, "%s", c->topic ? c->topic : "");
	l->v[l->n].supports = c->supports;
	return ++l->n < CLOSED_MAX;
}

/* The published title of a topic, or "" before it is published. */
static bool topic_published(void *cls, const struct mq_db_topic *t)
{
	if (t->published_at)
		snprintf(cls, 4 * MQ_CANDIDATE_TITLE_MAX + 1, "%s", t->title);
	return false;
}

/* The closed candidates of @p r's studio, with what became of them. */
static enum mq_err closed_section(struct phone_req *r, struct mq_html *b, const char *today)
{
	struct mq_db *db = r->hc->srv->db;
	struct mq_db_candidate_filter f = { .studio = r->studio.id };
	struct closed_list l = { .today = today };
	char title[4 * MQ_CANDIDATE_TITLE_MAX + 1];
	enum mq_err err = db->candidates_iterate(db->cls, &f, closed_add, &l);

	if (err != MQ_OK || l.n == 0)
		return err;
	mq_html_raw(b, "<section class=\"card\"><h2>征集结束的议题</h2>\n");
	for (size_t i = 0; err == MQ_OK && i < l.n; i++) {
		title[0] = '\0';
		if (l.v[i].topic[0])
			err = db->topic_get(db->cls, l.v[i].topic, topic_published, title);
		mq_html_raw(b, "<p><strong>");
		mq_html_text(b, l.v[i].title);
		mq_html_printf(b, "</strong>（%lld 人支持）<br><span class=\"hint\">",
			       (long long)l.v[i].supports);
		if (title[0]) {
			mq_html_raw(b, "已形成议题，办理结果已公布：<a href=\"/board/");
			mq_html_text(b, r->studio.id);
			mq_html_raw(b, "\">");
			mq_html_text(b, title);
			mq_html_raw(b, "</a>");
		} else if (l.v[i].topic[0]) {
			mq_html_raw(b, "已形成议题，委员们正在调研办理，结果公布后在这里显示。");
		} else {
			mq_html_raw(b, "征集已结束。");
		}
		mq_html_raw(b, "</span></p>\n");
	}
	mq_html_raw(b, "</section>\n");
	return err;
}

static void topics_page(struct phone_req *r, struct mq_http_response *resp, const char *note)
{
	struct mq_html b;
	char path[MQ_KEY_MAX + 16], today[11];
	struct mq_db_candidate_filter f = { .studio = r->studio.id, .open_on = today };
	struct list l = { &b, r, path, 0 };
	enum mq_err err;

	snprintf(path, sizeof path, "/f/%s/topics", r->studio.id);
	mq_candidate_today(r->hc->req->now, today);
	mq_html_init(&b);
	phone_begin(&b, r, "民情E点通 · 大家来选议题", r->studio.name, path);
	if (note) {
		mq_html_raw(&b, "<section class=\"card notice\" role=\"status\"><p class=\"big\">");
		mq_html_text(&b, note);
		mq_html_raw(&b, "</p></section>\n");
	}
	mq_html_raw(&b, "<section class=\"card intro\"><p class=\"big\">下面这些事，您最希望委员们先商量哪一件？</p>\n"
		       "<p>每个议题您可以支持一次，不用留姓名。</p></section>\n");
	err = r->hc->srv->db->candidates_iterate(r->hc->srv->db->cls, &f, card, &l);
	if (err == MQ_OK && l.n == 0)
		mq_html_raw(&b, "<section class=\"card\"><p class=\"big\">现在没有正在征集的议题。</p></section>\n");
	if (err == MQ_OK)
		err = closed_section(r, &b, today);
	if (err != MQ_OK) {
		mq_html_finish(&b);
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再打开本页。", NULL, NULL);
		return;
	}
	phone_reply(resp, 200, &b);
}

void mq_public_phone_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;
	char v[PHONE_VOTER_HEX + 1];

	if (!phone_open(&r, hc, resp))
		return;
	if (phone_new_token(&r, MQ_PHONE_FORM_TOPICS, resp)) {
		phone_voter(&r, resp, v);
		topics_page(&r, resp, NULL);
	}
	phone_close(&r);
}

/* Counts the backing of the posted candidate, and answers with the list. */
static void back(struct phone_req *r, struct mq_http_response *resp)
{
	const char *id = mq_form_text(&r->form, "candidate");
	char v[PHONE_VOTER_HEX + 1], digest[MQ_DIGEST_HEX + 1], msg[128] = "", *end = NULL;
	long long n = id ? strtoll(id, &end, 10) : 0;
	enum mq_err err = MQ_ERR_INVALID;

	phone_voter(r, resp, v);
	mq_digest_text(v, digest);
	if (n > 0 && end && *end == '\0')
		err = mq_candidate_back_phone(r->hc->srv->db, n, r->studio.id, digest,
					      r->hc->req->now, msg, sizeof msg);
	if (err == MQ_OK || err == MQ_ERR_CONFLICT || err == MQ_ERR_INVALID)
		mq_log_info("phone", "topic backing at %s for candidate %s: %s", r->studio.id,
			    id ? id : "(none)", err == MQ_OK ? "counted" :
			    err == MQ_ERR_CONFLICT ? "this browser backed it already" : msg);
	if (err == MQ_OK)
		topics_page(r, resp, "谢谢您！您的支持已经记下了。");
	else if (err == MQ_ERR_CONFLICT)
		topics_page(r, resp, "您已经支持过这个议题了，每个议题只算一次。");
	else if (err == MQ_ERR_INVALID)
		topics_page(r, resp, "这个议题已经截止了，没有记下。");
	else {
		phone_message(resp, r, 503, "服务器暂时繁忙，这次没有记下。", "请稍后再试。",
			      NULL, NULL);
		mq_http_add_header(resp, "Retry-After", "30");
	}
}

void mq_public_phone_topics_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;

	if (!phone_open(&r, hc, resp))
		return;
	switch (phone_guard(&r, MQ_PHONE_FORM_TOPICS, resp)) {
	case PHONE_GO:
		back(&r, resp);
		break;
	case PHONE_EXPIRED:
		topics_page(&r, resp, "这个页面打开太久了，请再点一次“支持这个议题”。");
		break;
	case PHONE_DECOY:
		topics_page(&r, resp, "谢谢您！您的支持已经记下了。");
		break;
	case PHONE_ANSWERED:
		break;
	}
	phone_close(&r);
}
