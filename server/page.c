/* page.c — the shared look of the public pages (mq_page.h): zh-CN, mobile
 * first, large type, strong contrast, inline CSS only (the CSP forbids the
 * rest), no JavaScript. */
#include "mq_page.h"

#include <stdio.h>
#include <stdlib.h>

#include "mq_handlers.h"
#include "mq_time.h"

static const char css[] =
	"*{box-sizing:border-box}"
	"html{-webkit-text-size-adjust:100%}"
	"body{margin:0;background:#f3efe6;color:#1b1b1b;font-size:18px;line-height:1.65;"
	"font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\","
	"\"Microsoft YaHei\",sans-serif}"
	"header{background:#a31d1d;color:#fff;padding:14px 18px 16px}"
	"header .brand{margin:0;font-size:15px;letter-spacing:.08em}"
	"header h1{margin:2px 0 0;font-size:24px;line-height:1.35}"
	"main{max-width:640px;margin:0 auto;padding:14px 12px 8px}"
	".card{background:#fff;border-radius:12px;padding:14px 16px;margin:0 0 14px;"
	"box-shadow:0 1px 3px rgba(0,0,0,.14)}"
	"h2{font-size:19px;margin:0 0 10px;color:#7a1414}"
	"dl{display:grid;grid-template-columns:auto 1fr;gap:6px 14px;margin:0}"
	"dt{color:#4a4a4a}dd{margin:0;font-weight:700;overflow-wrap:anywhere}"
	".code{font-size:26px;letter-spacing:.12em;font-variant-numeric:tabular-nums;line-height:1.2}"
	".text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}"
	"ol{list-style:none;margin:0;padding:0}"
	"li{position:relative;padding:0 0 18px 54px;min-height:56px}"
	"li:not(:last-child)::after{content:\"\";position:absolute;left:18px;top:40px;bottom:2px;"
	"width:3px;background:#c9c3b8}"
	"li.done:not(:last-child)::after{background:#1d6b35}"
	".mark{position:absolute;left:0;top:0;width:39px;height:39px;border-radius:50%;"
	"border:3px solid #8a8a8a;background:#fff;color:#555;display:flex;align-items:center;"
	"justify-content:center;font-weight:700;font-size:19px}"
	"li.done .mark{background:#1d6b35;border-color:#1d6b35;color:#fff}"
	"li.active .mark{border-color:#b34a00;color:#b34a00;border-width:4px}"
	".step{font-size:20px;font-weight:700;display:block;line-height:1.4}"
	".status{display:inline-block;font-size:15px;font-weight:700;padding:0 10px;"
	"border-radius:999px;margin-left:6px;vertical-align:2px}"
	"li.done .status{background:#e2f1e5;color:#17552a}"
	"li.active .status{background:#fdebd3;color:#8a3500}"
	"li.pending .status{background:#ebebeb;color:#444}"
	"li.pending .step{color:#555}"
	".when{display:block;color:#3d3d3d;font-size:16px}"
	".note{display:block;margin-top:4px;padding:6px 10px;background:#f6f3ec;border-radius:6px;"
	"font-size:16px;overflow-wrap:anywhere}"
	".big{font-size:20px;font-weight:700;margin:0 0 8px}"
	"p{margin:0 0 10px}"
	"footer{color:#4a4a4a;font-size:15px;text-align:center;padding:4px 18px 28px;"
	"max-width:640px;margin:0 auto}";

/* The document head and the red header band. */
void mq_page_begin(struct mq_buf *b, const char *heading)
{
	mq_page_begin_ex(b, "民情 · 进度查询", heading, NULL);
}

void mq_page_begin_ex(struct mq_buf *b, const char *brand, const char *heading,
		      const char *extra_css)
{
	mq_buf_add(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	mq_buf_add_html(b, brand);
	mq_buf_add(b, "</title>\n<style>");
	mq_buf_add(b, css);
	if (extra_css)
		mq_buf_add(b, extra_css);
	mq_buf_add(b, "</style>\n</head>\n<body>\n<header>\n<p class=\"brand\">");
	mq_buf_add_html(b, brand);
	mq_buf_add(b, "</p>\n<h1>");
	mq_buf_add_html(b, heading);
	mq_buf_add(b, "</h1>\n</header>\n<main>\n");
}

void mq_page_end(struct mq_buf *b, const char *footer)
{
	mq_buf_add(b, "</main>\n<footer>");
	mq_buf_add_html(b, footer);
	mq_buf_add(b, "</footer>\n</body>\n</html>\n");
}

void mq_page_reply(struct mq_http_response *resp, unsigned int status, struct mq_buf *b,
		   const char *footer)
{
	char *html;
	size_t len = 0;

	mq_page_end(b, footer);
	html = mq_buf_steal(b, &len);
	mq_http_reply_html(resp, status, html, len);
}

void mq_page_message(struct mq_http_response *resp, unsigned int status, const char *heading,
		     const char *lead, const char *text)
{
	mq_page_message_ex(resp, status, "民情 · 进度查询", NULL, heading, lead, text);
}

void mq_page_message_ex(struct mq_http_response *resp, unsigned int status, const char *brand,
			const char *extra_css, const char *heading, const char *lead,
			const char *text)
{
	struct mq_buf b;

	mq_buf_init(&b);
	mq_page_begin_ex(&b, brand, heading, extra_css);
	mq_buf_add(&b, "<section class=\"card\">\n<p class=\"big\">");
	mq_buf_add_html(&b, lead);
	mq_buf_add(&b, "</p>\n<p>");
	mq_buf_add_html(&b, text);
	mq_buf_add(&b, "</p>\n</section>\n");
	mq_page_reply(resp, status, &b, "民情 · 委员工作室");
}
