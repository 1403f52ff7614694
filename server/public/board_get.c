/* board_get.c — GET /board/{studio}: a studio's public board of resolved
 * issues (办理公示): topics whose result is published, newest first, with
 * how many residents raised them and their satisfaction. Anonymised: only
 * what staff wrote for the public (title, result) is shown, never what a
 * resident wrote or who they are. mq_board_json() gives the same list to
 * the kiosks' home screen through the state pull. */
#include <stdio.h>
#include <string.h>

#include "mq_date.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_time.h"

#define BOARD_MAX 30

struct cards {
	struct mq_html *b;
	unsigned int n;
};

static bool card(void *cls, const struct mq_db_topic *t)
{
	struct cards *c = cls;
	struct mq_html *b = c->b;
	char when[40];

	c->n++;
	mq_date_format_zh(t->published_at, false, when, sizeof when);
	mq_html_raw(b, "<section class=\"card\">\n<h2>");
	mq_html_text(b, t->title);
	mq_html_printf(b, "</h2>\n<p class=\"when\">%s公布 · %lld位居民反映 · %s</p>\n<p class=\"text\">",
		       when, (long long)t->n_opinions, t->stage == MQ_STAGE_CLOSED ? "已办结" : "跟踪督办中");
	mq_html_text(b, t->result);
	mq_html_raw(b, "</p>\n");
	if (t->n_ratings)
		mq_html_printf(b, "<p class=\"when\">居民满意度 %.1f / 5（%lld人评价）</p>\n", t->avg_stars,
			       (long long)t->n_ratings);
	mq_html_raw(b, "</section>\n");
	return true;
}

void mq_public_board_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_topic_filter f = { .studio = hc->param, .published_only = true,
					.limit = BOARD_MAX };
	struct mq_db_studio studio;
	struct mq_html b;
	struct cards c = { .b = &b };
	char *html;
	size_t len = 0;
	enum mq_err err = mq_wire_is_key(hc->param) ? db->studio_get(db->cls, hc->param, &studio)
						    : MQ_ERR_NOT_FOUND;

	if (err == MQ_ERR_NOT_FOUND) {
		mq_page_message(resp, 404, "没有这个工作室", "没有找到这个委员工作室。", "请检查网址是否完整。");
		return;
	}
	if (err != MQ_OK) {
		mq_page_message(resp, 503, "暂时无法查询", "服务器暂时繁忙。", "请稍后再打开本页查看。");
		return;
	}
	mq_html_init(&b);
	mq_page_begin_ex(&b, "民情 · 办理公示", studio.name, NULL);
	mq_html_raw(&b, "<p>以下是本工作室已公布办理结果的议题。居民的姓名、电话和原话不会在这里公开。</p>\n");
	err = db->topics_iterate(db->cls, &f, card, &c);
	if (c.n == 0)
		mq_html_raw(&b, "<section class=\"card\"><p>暂时还没有公布的办理结果。</p></section>\n");
	mq_page_end(&b, "民情 · 委员工作室 办理公示");
	if (err != MQ_OK) {
		mq_html_finish(&b);
		mq_page_message(resp, 503, "暂时无法查询", "服务器暂时繁忙。", "请稍后再打开本页查看。");
		return;
	}
	html = mq_html_steal(&b, &len);
	mq_http_reply_html(resp, 200, html, len);
}
