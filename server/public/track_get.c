/* track_get.c — GET /t/{token}: the public tracking page a resident opens
 * by scanning the kiosk's QR code with their own phone.
 *
 * Under the step in progress it says by when the district's time limit
 * (in working days of the official calendar) has it done, as M月D日.
 *
 * zh-CN, mobile first (readable at 360 px), large type, strong contrast,
 * inline CSS, no JavaScript. Steps are told apart by mark AND word (✓ 已完成,
 * 进行中, 未开始), never by colour alone. Everything from the database is
 * HTML-escaped; contact details are not even loaded (mq_track.h).
 * A token the server does not know gets a kind "not synced yet" page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_date.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_time.h"
#include "mq_track.h"
#include "mq_workday.h"
#include "public.h"

/* The promise under the step in progress: the day, as M月D日, by which the
 * district's limit says the next thing is due. */
static void due_line(struct mq_html *b, const struct mq_track *t)
{
	static const char *const what[MQ_DEADLINE_KINDS] = { "完成分析研判", "给您答复", "办结" };
	char day[32];

	if (!t->has_due || t->closed)
		return;
	mq_workday_format_md(t->due_day, day, sizeof day);
	mq_html_raw(b, "<span class=\"due\">按规定应于");
	mq_html_text(b, day);
	mq_html_printf(b, "前%s</span>", what[t->due_kind]);
}

static void timeline(struct mq_html *b, const struct mq_track *t)
{
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"progress\">\n"
		      "<h2 id=\"progress\">办理进度</h2>\n<ol>\n");
	for (int i = 0; i < MQ_STAGE_COUNT; i++) {
		const struct mq_track_step *s = &t->steps[i];
		/* once closed, the last step reached is finished, not in progress */
		bool current = s->current && !t->closed;
		const char *cls = current ? "active" : (s->reached ? "done" : "pending");
		const char *word = current ? "进行中"
				   : s->skipped ? "无需此步"
				   : (s->reached ? "已完成" : "未开始");
		char when[64];

		mq_html_printf(b, "<li class=\"%s\"><span class=\"mark\" aria-hidden=\"true\">", cls);
		if (s->reached && !current)
			if (s->skipped)
				mq_html_raw(b, "–");
			else
				mq_html_raw(b, "✓");
		else
			mq_html_printf(b, "%d", i + 1);
		mq_html_printf(b, "</span><span class=\"step\">%d. %s<span class=\"status\">%s</span>"
				 "</span>", i + 1, mq_stage_name((enum mq_stage)i), word);
		if (s->at) {
			mq_date_format_zh(s->at, true, when, sizeof when);
			mq_html_raw(b, "<span class=\"when\">");
			mq_html_text(b, when);
			mq_html_raw(b, "</span>");
		}
		if (s->note) {
			mq_html_raw(b, "<span class=\"note\">");
			mq_html_text(b, s->note);
			mq_html_raw(b, "</span>");
		}
		if (current)
			due_line(b, t);
		mq_html_raw(b, "</li>\n");
	}
	mq_html_raw(b, "</ol>\n</section>\n");
}

/* Shown beside the timeline: what the studio did, once it decided. */
static void outcome(struct mq_html *b, const struct mq_track *t)
{
	const char *d = t->disposition;
	char when[64];

	if (t->topic_no && t->topic_title[0]) {
		mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"topic\">\n"
			      "<h2 id=\"topic\">协商议题</h2>\n<p>您的意见已纳入议题：</p>\n<p class=\"big\">");
		mq_html_text(b, t->topic_title);
		mq_html_raw(b, "</p>\n<p>同一议题的居民意见会一起调研、协商和反馈。</p>\n</section>\n");
	} else if (t->topic_no) {
		mq_html_printf(b, "<section class=\"card\" aria-labelledby=\"topic\">\n"
			       "<h2 id=\"topic\">协商议题</h2>\n<p>您的意见已纳入第%lld号议题。"
			       "议题名称和办理结果会在公布后显示在这里。</p>\n"
			       "<p>同一议题的居民意见会一起调研、协商和反馈。</p>\n</section>\n",
			       (long long)t->topic_no);
	}
	if (!d[0])
		return;
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"outcome\">\n<h2 id=\"outcome\">办理结果</h2>\n");
	if (t->result) {
		mq_date_format_zh(t->published_at, true, when, sizeof when);
		mq_html_raw(b, "<p class=\"text\">");
		mq_html_text(b, t->result);
		mq_html_raw(b, "</p>\n<p class=\"when\">公布于 ");
		mq_html_text(b, when);
		mq_html_raw(b, "</p>\n");
	} else if (strcmp(d, "answered") == 0) {
		mq_html_raw(b, "<p>委员工作室已直接答复，答复内容见上方“督查反馈”。</p>\n");
	} else if (strcmp(d, "referred") == 0) {
		mq_html_raw(b, "<p>您的意见已转交");
		mq_html_text(b, t->department);
		mq_html_raw(b, "办理。</p>\n");
	} else if (strcmp(d, "rejected") == 0) {
		mq_html_raw(b, "<p>经分析研判，这条意见暂不受理，原因见上方“分析研判”。</p>\n");
	} else {
		mq_html_raw(b, "<p>正在办理中，结果公布后会显示在这里。</p>\n");
	}
	if (t->closed)
		mq_html_raw(b, "<p><strong>已办结。</strong></p>\n");
	mq_html_raw(b, "</section>\n");
}

/* The satisfaction rating: a form while allowed, a thank-you after. */
static void rating(struct mq_html *b, const struct mq_track *t, bool large)
{
	static const char *const words[] = { "很不满意", "不满意", "一般", "满意", "很满意" };

	if (t->stars) {
		mq_html_printf(b, "<section class=\"card\" aria-labelledby=\"rate\">\n<h2 id=\"rate\">满意度评价</h2>\n"
			       "<p>您的评价：<strong>%d分（%s）</strong>。谢谢您的反馈！</p>\n</section>\n",
			       t->stars, words[t->stars - 1]);
		return;
	}
	if (!t->rateable)
		return;
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"rate\">\n<h2 id=\"rate\">满意度评价</h2>\n"
		      "<form method=\"post\" action=\"/t/");
	mq_html_text(b, t->token);
	mq_html_raw(b, "/rating\">\n<fieldset class=\"stars\"><legend>您对办理结果满意吗？</legend>\n");
	for (int i = 5; i >= 1; i--)
		mq_html_printf(b, "<label><input type=\"radio\" name=\"stars\" value=\"%d\" required> %d分 %s</label>\n",
			       i, i, words[i - 1]);
	mq_html_raw(b, "</fieldset>\n<label for=\"comment\" class=\"lbl\">想说的话（可不填）</label>\n"
		      "<textarea id=\"comment\" name=\"comment\" maxlength=\"200\" rows=\"3\"></textarea>\n");
	if (large)
		mq_html_raw(b, "<input type=\"hidden\" name=\"size\" value=\"large\">\n");
	mq_html_raw(b, "<button type=\"submit\">提交评价</button>\n<p class=\"hint\">每条意见只能评价一次。</p>\n"
		      "</form>\n</section>\n");
}

/* The styles of the outcome and rating cards and the size toggle, and the
 * large-type variant chosen with ?size=large (网站适老化). */
static const char *const track_css[] = { "track.css", NULL };
static const char *const track_large_css[] = { "track.css", "track-large.css", NULL };

/* What the resident sees first after filing from the phone (?new=1): the
 * 查询码, and how to come back to this page. */
static void filed_card(struct mq_html *b, const struct mq_track *t)
{
	mq_html_raw(b, "<section class=\"card thanks\" role=\"status\" aria-labelledby=\"filed\">\n"
		      "<h2 id=\"filed\">您的意见已提交，谢谢！</h2>\n<p>您的查询码：</p>\n"
		      "<p class=\"code\">");
	mq_html_text(b, t->short_code);
	mq_html_raw(b, "</p>\n<p class=\"big\">请收藏本页，或记下查询码。</p>\n"
		      "<p>以后打开本页就能看到办理进度。在微信里，可以点右上角的“…”，选择“收藏”或"
		      "“在浏览器打开”后加入书签。</p>\n</section>\n");
}

static void found_page(struct mq_html *b, const struct mq_track *t, bool large, bool rated,
		       bool fresh)
{
	char when[64];

	mq_date_format_zh(t->created_at, true, when, sizeof when);
	mq_page_begin_ex(b, MQ_PAGE_BRAND, t->studio_name, large ? track_large_css : track_css);
	mq_html_raw(b, "<p class=\"toggle\"><a href=\"/t/");
	mq_html_text(b, t->token);
	if (large)
		mq_html_raw(b, "\">标准字号</a></p>\n");
	else
		mq_html_raw(b, "?size=large\">大字版</a></p>\n");
	if (fresh)
		filed_card(b, t);
	if (rated)
		mq_html_raw(b, "<section class=\"card thanks\" role=\"status\"><p class=\"big\">"
			      "评价已收到，谢谢您！</p></section>\n");
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"about\">\n"
		      "<h2 id=\"about\">您反映的意见</h2>\n<dl>\n<dt>查询码</dt><dd class=\"code\">");
	mq_html_text(b, t->short_code);
	mq_html_raw(b, "</dd>\n<dt>类别</dt><dd>");
	mq_html_text(b, t->category_name);
	mq_html_raw(b, "</dd>\n");
	if (t->community_name[0]) {
		mq_html_raw(b, "<dt>社区</dt><dd>");
		mq_html_text(b, t->community_name);
		mq_html_raw(b, "</dd>\n");
	}
	mq_html_raw(b, "<dt>提交时间</dt><dd>");
	mq_html_text(b, when);
	mq_html_raw(b, "</dd>\n</dl>\n</section>\n");
	/* progress first: it is what the resident came back to see */
	timeline(b, t);
	outcome(b, t);
	rating(b, t, large);
	mq_html_raw(b, "<section class=\"card\" aria-labelledby=\"content\">\n"
		      "<h2 id=\"content\">意见内容</h2>\n<p class=\"text\">");
	mq_html_text(b, t->text);
	mq_html_raw(b, "</p>\n</section>\n");
	mq_page_end(b, "为保护隐私，本页不显示您的姓名和电话。请收藏本页，随时查看最新进度。");
}

void mq_public_not_synced(struct mq_http_response *resp)
{
	struct mq_html b;

	mq_html_init(&b);
	mq_page_begin(&b, "尚未同步");
	mq_html_raw(&b, "<section class=\"card\">\n"
		       "<p class=\"big\">这条记录还没有同步到服务器。</p>\n"
		       "<p>如果您刚刚在委员工作室的自助终端上提交了意见，这是正常的："
		       "您的意见已保存在终端上，终端一联网就会自动发送。</p>\n"
		       "<p>请稍后再试：过几分钟再打开本页查看。</p>\n"
		       "<p>如果一天后仍然查不到，请带上您的8位查询码，到委员工作室咨询。</p>\n"
		       "</section>\n");
	mq_page_reply(resp, 404, &b, "民情 · 委员工作室");
}

void mq_public_track_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_track t;
	struct mq_html b;
	char *html;
	size_t len = 0;
	const char *q = hc->req->query ? hc->req->query : "";
	enum mq_err err = mq_track_load(hc->srv->db, hc->param, hc->req->now, &t);

	if (err == MQ_ERR_NOT_FOUND) {
		mq_log_info("track", "page for a token not (yet) known");
		mq_public_not_synced(resp);
		return;
	}
	if (err != MQ_OK) {
		mq_page_message(resp, 503, "暂时无法查询", "服务器暂时繁忙。", "请稍后再打开本页查看。");
		mq_http_add_header(resp, "Retry-After", "30");
		return;
	}
	mq_html_init(&b);
	found_page(&b, &t, strstr(q, "size=large") != NULL, strstr(q, "rated=1") != NULL,
		   strstr(q, "new=1") != NULL);
	mq_track_finish(&t);
	html = mq_html_steal(&b, &len);
	mq_http_reply_html(resp, 200, html, len);
}
