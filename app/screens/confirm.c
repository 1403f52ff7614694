/* confirm.c — after filing: a big QR code of the tracking page for the
 * resident's own phone, the short code to read aloud, and what happens next. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "label.h"
#include "qr.h"
#include "screens.h"

static void tap_done(struct mq_ui_widget *w, void *cls)
{
	mq_ui_app_go_home(cls);
}

void mq_screen_confirm_build(struct mq_ui_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	const char *code = app->s.receipt.short_code;
	const char *next = mq_tr("街道委员小组将在5个工作日内分析研判，扫码可随时查看进度。");
	const char *ask = mq_tr("向工作人员咨询时，请报上查询码。");
	int qr_side = c.h - t->button_h;     /* room for the caption under it */
	int rx, rw, y, h;
	int code_px = t->font_huge * 5 / 4;
	char shown[32];
	struct mq_ui_widget *w, *qr = NULL;

	if (qr_side > c.w * 9 / 20)
		qr_side = c.w * 9 / 20;
	if (app->s.url[0])
		qr = mq_ui_qr_create(tree, t, "confirm.qr", app->s.url,
				     (SDL_Rect){ c.x, c.y, qr_side, qr_side });
	if (qr) {
		SDL_Rect r = mq_ui_widget_rect(qr);

		w = mq_ui_label_create(tree, t, "confirm.qr.caption", mq_tr("用手机扫一扫，查看办理进度"),
				       (SDL_Rect){ c.x, r.y + r.h + t->gap_small, qr_side,
						   mq_ui_theme_line_h(t, t->font_body) },
				       t->font_body, true, t->text, t->bg);
		if (w)
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
		rx = c.x + qr_side + t->gap * 2;
	} else {
		rx = c.x;
	}
	rw = c.x + c.w - rx;

	y = c.y + t->gap;
	h = mq_ui_label_measure(app->text, t, mq_tr("您的意见已收到，谢谢！"), t->font_huge, true, rw);
	(void)mq_ui_label_create(tree, t, "confirm.title", mq_tr("您的意见已收到，谢谢！"),
				 (SDL_Rect){ rx, y, rw, h }, t->font_huge, true, t->primary, t->bg);
	y += h + t->gap * 2;

	(void)mq_ui_label_create(tree, t, "confirm.code.label", mq_tr("查询码"),
				 (SDL_Rect){ rx, y, rw, mq_ui_theme_line_h(t, t->font_body) },
				 t->font_body, false, t->text_muted, t->bg);
	y += mq_ui_theme_line_h(t, t->font_body);
	/* Dumped as the 8 digits, drawn in two groups of four for reading aloud. */
	snprintf(shown, sizeof(shown), "%.4s  %.4s", code, strlen(code) > 4 ? code + 4 : "");
	w = mq_ui_label_create(tree, t, "confirm.code", code,
			       (SDL_Rect){ rx, y, rw, mq_ui_theme_line_h(t, code_px) }, code_px, true,
			       t->text, t->bg);
	if (w)
		(void)mq_ui_widget_set_shown_text(w, shown);
	y += mq_ui_theme_line_h(t, code_px) + t->gap * 2;

	h = mq_ui_label_measure(app->text, t, next, t->font_body, false, rw);
	(void)mq_ui_label_create(tree, t, "confirm.next", next, (SDL_Rect){ rx, y, rw, h },
				 t->font_body, false, t->text, t->bg);
	y += h + t->gap_small;
	h = mq_ui_label_measure(app->text, t, ask, t->font_body, false, rw);
	(void)mq_ui_label_create(tree, t, "confirm.ask", ask, (SDL_Rect){ rx, y, rw, h },
				 t->font_body, false, t->text_muted, t->bg);

	(void)mq_ui_button_create(tree, t, "confirm.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ rx, c.y + c.h - t->button_h * 3 / 2,
					      rw < t->touch_min * 6 ? rw : t->touch_min * 6,
					      t->button_h * 3 / 2 },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
}
