/* phone_topics.c — GET and POST /f/{studio}/topics: residents back the
 * studio's open candidate topics (大家来选议题) from their phones,
 * anonymously, once per topic per browser: the browser keeps a random
 * cookie (mq_voter, under /f/) and the server counts a digest of it, so a
 * second backing of the same topic is answered kindly and not counted. The
 * POST passes the phone side's guard (rate limits, form token, honeypot). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_candidate.h"
#include "mq_log.h"
#include "mq_digest.h"
#include "phone.h"

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

static void topics_page(struct phone_req *r, struct mq_http_response *resp, const char *note)
{
	struct mq_html b;
	char path[MQ_KEY_MAX + 16], today[11];
	struct mq_db_candidate_filter f = { .studio = r->studio.id, .open_on = today };
	struct list l = { &b, r, path, 0 };

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
	if (r->hc->srv->db->candidates_iterate(r->hc->srv->db->cls, &f, card, &l) != MQ_OK) {
		mq_html_finish(&b);
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再打开本页。", NULL, NULL);
		return;
	}
	if (l.n == 0)
		mq_html_raw(&b, "<section class=\"card\"><p class=\"big\">现在没有正在征集的议题。</p></section>\n");
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
