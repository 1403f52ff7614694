/* member_card.h — a member (委员) as residents see them: name in large type,
 * sector (界别) and expertise, and, for the member on duty, whether they are
 * in the studio now (said in words with an icon, never by colour alone).
 * Widgets: "<id>" (the card: role button when tappable, else text; its
 * text is the name), "<id>.detail", "<id>.status" (optional). */
#ifndef MQ_UI_MEMBER_CARD_H
#define MQ_UI_MEMBER_CARD_H

#include <stdbool.h>

#include "text.h"
#include "widget.h"

/** Presence shown on the card. */
enum mq_ui_presence {
	MQ_UI_PRESENCE_NONE,       /* no status line */
	MQ_UI_PRESENCE_IN,         /* 在工作室 */
	MQ_UI_PRESENCE_AWAY,       /* 暂时不在 */
};

/** What the card shows (strings are copied). */
struct mq_ui_member_info {
	const char *name;
	const char *sector;
	const char *expertise;
	enum mq_ui_presence presence;
	const char *when;          /* e.g. "09:00–12:00", may be NULL */
	bool selected;             /* chosen: outlined and marked ✓ in words */
};

/** Height a card needs at width @p w for @p m (name, details wrapped, status). */
int mq_ui_member_card_height(struct mq_ui_text *text, const struct mq_ui_theme *t,
			     const struct mq_ui_member_info *m, int w);

/**
 * Add a member card in @p rect. With @p cb the card is a button calling
 * @p cb(card, cls). Returns the card widget, NULL on error.
 */
struct mq_ui_widget *mq_ui_member_card_create(struct mq_ui_tree *tree, struct mq_ui_text *text,
					      const struct mq_ui_theme *t, const char *id,
					      const struct mq_ui_member_info *m, SDL_Rect rect,
					      mq_ui_tap_cb cb, void *cls);

#endif
