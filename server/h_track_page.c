/* h_track_page.c — GET /t/{token}: the public tracking page a resident opens
 * by scanning the kiosk's QR code with their own phone.
 *
 * zh-CN, mobile first (readable at 360 px), large type, strong contrast,
 * inline CSS, no JavaScript. Steps are told apart by mark AND word (✓ 已完成,
 * 进行中, 未开始), never by colour alone. Everything from the database is
 * HTML-escaped; contact details are not even loaded (mq_track.h).
 * A token the server does not know gets a kind "not synced yet" page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_buf.h"
#include "mq_page.h"
#include "mq_handlers.h"
#include "mq_log.h"
#include "mq_time.h"
#include "mq_track.h"

/* "2026年11月26日 15:04" in Asia/Shanghai, without leading zeros on month/day. */
static void shanghai_date(int64_t t, char *out, size_t size)
{
	char raw[32];
	long y, m, d;
	char *p;

	mq_time_format_shanghai(t, "%Y %m %d %H:%M", raw, sizeof raw);
	y = strtol(raw, &p, 10);
	m = strtol(p, &p, 10);
	d = strtol(p, &p, 10);
	while (*p == ' ')
		p++;
	snprintf(out, size, "%ld年%ld月%ld日 %s", y, m, d, p);
}

static void timeline(struct mq_buf *b, const struct mq_track *t)
{
	mq_buf_add(b, "<section class=\"card\" aria-labelledby=\"progress\">\n"
		      "<h2 id=\"progress\">办理进度</h2>\n<ol>\n");
	for (int i = 0; i < MQ_STAGE_COUNT; i++) {
		const struct mq_track_step *s = &t->steps[i];
		const char *cls = s->current ? "active" : (s->reached ? "done" : "pending");
		const char *word = s->current ? "进行中" : (s->reached ? "已完成" : "未开始");
		char when[64];

		mq_buf_printf(b, "<li class=\"%s\"><span class=\"mark\" aria-hidden=\"true\">", cls);
		if (s->reached && !s->current)
			mq_buf_add(b, "✓");
		else
			mq_buf_printf(b, "%d", i + 1);
		mq_buf_printf(b, "</span><span class=\"step\">%d. %s<span class=\"status\">%s</span>"
				 "</span>", i + 1, mq_stages[i].name, word);
		if (s->at) {
			shanghai_date(s->at, when, sizeof when);
			mq_buf_add(b, "<span class=\"when\">");
			mq_buf_add_html(b, when);
			mq_buf_add(b, "</span>");
		}
		if (s->note) {
			mq_buf_add(b, "<span class=\"note\">");
			mq_buf_add_html(b, s->note);
			mq_buf_add(b, "</span>");
		}
		mq_buf_add(b, "</li>\n");
	}
	mq_buf_add(b, "</ol>\n</section>\n");
}

static void found_page(struct mq_buf *b, const struct mq_track *t)
{
	char when[64];

	shanghai_date(t->created_at, when, sizeof when);
	mq_page_begin(b, t->studio_name);
	mq_buf_add(b, "<section class=\"card\" aria-labelledby=\"about\">\n"
		      "<h2 id=\"about\">您反映的意见</h2>\n<dl>\n<dt>查询码</dt><dd class=\"code\">");
	mq_buf_add_html(b, t->short_code);
	mq_buf_add(b, "</dd>\n<dt>类别</dt><dd>");
	mq_buf_add_html(b, t->category_name);
	mq_buf_add(b, "</dd>\n");
	if (t->community_name[0]) {
		mq_buf_add(b, "<dt>社区</dt><dd>");
		mq_buf_add_html(b, t->community_name);
		mq_buf_add(b, "</dd>\n");
	}
	mq_buf_add(b, "<dt>提交时间</dt><dd>");
	mq_buf_add_html(b, when);
	mq_buf_add(b, "</dd>\n</dl>\n</section>\n");
	/* progress first: it is what the resident came back to see */
	timeline(b, t);
	mq_buf_add(b, "<section class=\"card\" aria-labelledby=\"content\">\n"
		      "<h2 id=\"content\">意见内容</h2>\n<p class=\"text\">");
	mq_buf_add_html(b, t->text);
	mq_buf_add(b, "</p>\n</section>\n");
	mq_page_end(b, "为保护隐私，本页不显示您的姓名和电话。请收藏本页，随时查看最新进度。");
}

void mq_page_not_synced(struct mq_http_response *resp)
{
	struct mq_buf b;
	char *html;
	size_t len = 0;

	mq_buf_init(&b);
	mq_page_begin(&b, "尚未同步");
	mq_buf_add(&b, "<section class=\"card\">\n"
		       "<p class=\"big\">这条记录还没有同步到服务器。</p>\n"
		       "<p>如果您刚刚在委员工作室的自助终端上提交了意见，这是正常的："
		       "您的意见已保存在终端上，终端一联网就会自动发送。</p>\n"
		       "<p>请稍后再试：过几分钟再打开本页查看。</p>\n"
		       "<p>如果一天后仍然查不到，请带上您的8位查询码，到委员工作室咨询。</p>\n"
		       "</section>\n");
	mq_page_end(&b, "民情 · 委员工作室");
	html = mq_buf_steal(&b, &len);
	mq_reply_html(resp, 404, html, len);
}

void mq_h_track_page(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_track t;
	struct mq_buf b;
	char *html;
	size_t len = 0;
	enum mq_err err = mq_track_load(hc->srv->db, hc->param, &t);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_info("track", "page for a token not (yet) known");
		mq_page_not_synced(resp);
		return;
	}
	if (err != MQ_OK) {
		mq_page_message(resp, 503, "暂时无法查询", "服务器暂时繁忙。", "请稍后再打开本页查看。");
		mq_http_add_header(resp, "Retry-After", "30");
		return;
	}
	mq_buf_init(&b);
	found_page(&b, &t);
	mq_track_finish(&t);
	html = mq_buf_steal(&b, &len);
	mq_reply_html(resp, 200, html, len);
}
