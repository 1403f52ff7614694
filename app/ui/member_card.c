/* member_card.c — member cards (member_card.h). */
#include "member_card.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "icon.h"
#include "label.h"
#include "widget_private.h"

static void detail_text(const struct mq_ui_member_info *m, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", m->sector ? mq_tr(m->sector) : "",
		 m->sector && m->expertise && *m->expertise ? " · " : "",
		 m->expertise ? m->expertise : "");
}

static void status_text(const struct mq_ui_member_info *m, char *buf, size_t size)
{
	const char *s = m->presence == MQ_UI_PRESENCE_IN ? mq_tr("在工作室，可以当面交流")
						       : mq_tr("暂时不在工作室");

	snprintf(buf, size, "%s%s%s", s, m->when ? "  " : "", m->when ? m->when : "");
}

int mq_ui_member_card_height(struct mq_ui_text *text, const struct mq_ui_theme *t,
			     const struct mq_ui_member_info *m, int w)
{
	char buf[512];
	int inner = w - 2 * t->gap - mq_ui_theme_px(t, 40), h;

	detail_text(m, buf, sizeof(buf));
	h = t->gap + mq_ui_theme_line_h(t, t->font_title) +
	    mq_ui_label_measure(text, t, buf, t->font_body, false, inner) + t->gap;
	if (m->presence != MQ_UI_PRESENCE_NONE) {
		status_text(m, buf, sizeof(buf));
		h += mq_ui_label_measure(text, t, buf, t->font_body, true, inner);
	}
	return h > t->touch_min ? h : t->touch_min;
}

struct mq_ui_widget *mq_ui_member_card_create(struct mq_ui_tree *tree, struct mq_ui_text *text,
					      const struct mq_ui_theme *t, const char *id,
					      const struct mq_ui_member_info *m, SDL_Rect rect,
					      mq_ui_tap_cb cb, void *cls)
{
	char buf[512], sub[MQ_UI_ID_MAX], name[256];
	int icon_w = mq_ui_theme_px(t, 40);
	int x = rect.x + t->gap + icon_w, inner = rect.w - 2 * t->gap - icon_w;
	int y = rect.y + t->gap, name_h = mq_ui_theme_line_h(t, t->font_title), h;
	struct mq_ui_widget *card, *w;

	card = mq_ui_widget_create(tree, id, cb ? MQ_UI_ROLE_BUTTON : MQ_UI_ROLE_TEXT, rect);
	if (!card)
		return NULL;
	snprintf(name, sizeof(name), "%s%s", m->name ? m->name : "",
		 m->selected ? mq_tr("（已选 ✓）") : "");
	if (!mq_ui_widget_set_text(card, name))
		return NULL;
	/* The card draws only its frame; the name is the next widget. The
	 * card's text is kept for the dump and tests. */
	mq_ui_widget_set_font(card, t->font_title, true);
	mq_ui_widget_set_shown_text(card, "");
	mq_ui_widget_set_colors(card, t->text, t->surface, true);
	mq_ui_widget_set_frame(card, m->selected ? t->border * 2 : t->border,
			       m->selected ? t->primary : t->outline, t->radius);
	mq_ui_widget_set_pressed_colors(card, t->text, t->key_pressed_bg);
	if (cb)
		mq_ui_widget_set_on_tap(card, cb, cls);

	snprintf(sub, sizeof(sub), "%s.icon", id);
	(void)mq_ui_icon_create(tree, sub, m->selected ? "check_circle" : "user",
				(SDL_Rect){ rect.x + t->gap / 2, y, icon_w, name_h }, t->font_title,
				t->primary, t->surface);
	snprintf(sub, sizeof(sub), "%s.name", id);
	w = mq_ui_label_create(tree, t, sub, name, (SDL_Rect){ x, y, inner, name_h },
			       t->font_title, true, t->text, t->surface);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	y += name_h;
	detail_text(m, buf, sizeof(buf));
	h = mq_ui_label_measure(text, t, buf, t->font_body, false, inner);
	snprintf(sub, sizeof(sub), "%s.detail", id);
	(void)mq_ui_label_create(tree, t, sub, buf, (SDL_Rect){ x, y, inner, h }, t->font_body,
				 false, t->text_muted, t->surface);
	y += h;
	if (m->presence != MQ_UI_PRESENCE_NONE) {
		status_text(m, buf, sizeof(buf));
		h = mq_ui_label_measure(text, t, buf, t->font_body, true, inner);
		snprintf(sub, sizeof(sub), "%s.status", id);
		w = mq_ui_label_create(tree, t, sub, buf, (SDL_Rect){ x, y, inner, h }, t->font_body,
				       true, m->presence == MQ_UI_PRESENCE_IN ? t->ok_fg : t->text_muted,
				       t->surface);
	}
	return card;
}
