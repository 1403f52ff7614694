/* poster_get.c — GET /console/poster/{studio}: a studio's A4 door poster,
 * a print-ready HTML page (print it, or save it as PDF, from the browser):
 * the studio's name, its opening hours, what a resident can do from the
 * phone, and a large QR code of /f/{studio} (libqrencode, as the kiosks'
 * enrollment QR). Street groups print their own studio's; the district any.
 * The QR needs the address residents reach the server at: --public-url,
 * else the one staff reached this page at. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "mq_log.h"
#include "mq_page.h"
#include "mq_wire.h"

static const char *const poster_css[] = { "poster.css", NULL };

static void poster(struct mq_html *b, const struct mq_db_studio *st, const char *url)
{
	mq_page_begin_ex(b, "民情E点通 · 委员工作室", st->name, poster_css);
	mq_html_raw(b, "<p class=\"screen-only hint\">用浏览器的“打印”打印这一页（纸张选 A4，"
		      "勾选“背景图形”），或在打印时选“另存为 PDF”。</p>\n"
		      "<section class=\"poster\">\n<p class=\"headline\">有事找委员，扫码就能说</p>\n"
		      "<p class=\"what\">反映社情民意 · 写信给委员 · 预约当面接待</p>\n<div class=\"qr-box\">");
	if (!url[0] || !mq_html_qr(b, url, 480, "民情E点通二维码：用手机扫码反映意见"))
		mq_html_raw(b, "<p class=\"big\">无法生成二维码：请在服务器配置中设置对外地址"
			      "（public_url）后再打开本页。</p>");
	mq_html_raw(b, "</div>\n<p class=\"scan\">微信扫一扫 · 不用下载APP · 不用注册</p>\n"
		      "<p class=\"hours\">开放时间：");
	mq_html_text(b, st->hours[0] ? st->hours : "请见工作室门口公告");
	mq_html_raw(b, "</p>\n<p class=\"closed\">工作室关门时也可以扫码反映，委员会及时处理。"
		      "提交后凭查询码随时查看办理进度。</p>\n<p class=\"url\">");
	mq_html_text(b, url);
	mq_html_raw(b, "</p>\n</section>\n");
}

void mq_console_poster_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	struct mq_db_session s;
	struct mq_db_studio st;
	struct mq_html b;
	const char *own;
	char base[300], url[400];
	enum mq_err err = MQ_ERR_NOT_FOUND;

	if (!mq_console_session_staff(hc, resp, &s, "门口海报"))
		return;
	own = mq_account_studio(&s.staff);
	if (mq_wire_is_key(hc->param) && (!own || strcmp(own, hc->param) == 0))
		err = db->studio_get(db->cls, hc->param, &st);
	if (err != MQ_OK) {
		mq_console_message(resp, err == MQ_ERR_NOT_FOUND ? 404 : 503, &s, "没有这个海报",
				   err == MQ_ERR_NOT_FOUND ? "没有这个委员工作室，或不属于您的街道。"
							   : "数据库暂时没有响应，请稍后再试。");
		return;
	}
	mq_console_server_address(hc, base, sizeof base);
	url[0] = '\0';
	if (base[0])
		snprintf(url, sizeof url, "%s/f/%s", base, st.id);
	mq_log_info("console", "%s opened the poster of %s", s.staff.username, st.id);
	mq_html_init(&b);
	poster(&b, &st, url);
	mq_page_reply(resp, 200, &b, "民情 · 委员工作室 · 居民的意见有人听、有人办、有回音");
}
