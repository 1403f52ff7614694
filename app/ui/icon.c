/* icon.c — named Font Awesome 4.7 pictograms (icon.h). */
#include "icon.h"

#include <stdlib.h>
#include <string.h>

#include "widget_private.h"

static const struct {
	const char *name;
	uint32_t cp;
} icons[] = {
	{ "bus", 0xF207 },      { "tree", 0xF1BB },     { "wheelchair", 0xF193 },
	{ "home", 0xF015 },     { "shield", 0xF132 },   { "wrench", 0xF0AD },
	{ "medkit", 0xF0FA },   { "book", 0xF02D },     { "comments", 0xF086 },
	{ "pencil", 0xF040 },   { "search", 0xF002 },   { "calendar", 0xF073 },
	{ "user", 0xF007 },     { "users", 0xF0C0 },    { "phone", 0xF095 },
	{ "check", 0xF00C },    { "clock", 0xF017 },    { "qrcode", 0xF029 },
	{ "envelope", 0xF0E0 }, { "map_marker", 0xF041 }, { "lock", 0xF023 },
	{ "warning", 0xF071 },  { "info", 0xF05A },     { "cloud", 0xF0C2 },
	{ "circle", 0xF111 },   { "circle_o", 0xF10C }, { "check_circle", 0xF058 },
	{ "building", 0xF1AD }, { "hand", 0xF25A },     { "keyboard", 0xF11C },
};

static const struct {
	const char *key, *icon;
} categories[] = {
	{ "traffic", "bus" },        { "environment", "tree" }, { "elderly", "wheelchair" },
	{ "property", "home" },      { "safety", "shield" },    { "renovation", "wrench" },
	{ "health", "medkit" },      { "education", "book" },   { "other", "comments" },
};

uint32_t mq_ui_icon_code(const char *name)
{
	for (size_t i = 0; i < sizeof(icons) / sizeof(icons[0]); i++)
		if (strcmp(icons[i].name, name) == 0)
			return icons[i].cp;
	return 0;
}

const char *mq_ui_icon_for_category(const char *key)
{
	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strcmp(categories[i].key, key) == 0)
			return categories[i].icon;
	return "comments";
}

struct icon {
	uint32_t cp;
};

static void icon_draw(struct mq_ui_widget *w, struct mq_ui_draw *d)
{
	const struct icon *ic = w->data;

	if (w->has_bg || w->frame_w > 0)
		mq_ui_draw_framed_round(d, w->rect, w->radius, w->frame_w, w->frame_color, w->bg);
	mq_ui_draw_icon(d, w->font_px, ic->cp, w->fg, w->rect);
}

static bool icon_same(const struct mq_ui_widget *a, const struct mq_ui_widget *b)
{
	return ((const struct icon *)a->data)->cp == ((const struct icon *)b->data)->cp;
}

static void icon_free(void *data)
{
	free(data);
}

struct mq_ui_widget *mq_ui_icon_create(struct mq_ui_tree *tree, const char *id, const char *name,
				       SDL_Rect rect, int px, mq_ui_rgb fg, mq_ui_rgb bg)
{
	uint32_t cp = mq_ui_icon_code(name);
	struct mq_ui_widget *w;
	struct icon *ic;

	if (!cp)
		return NULL;
	w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_IMAGE, rect);
	if (!w)
		return NULL;
	ic = malloc(sizeof(*ic));
	if (!ic || !mq_ui_widget_set_text(w, name)) {
		free(ic);
		return NULL;
	}
	ic->cp = cp;
	w->data = ic;
	w->data_free = icon_free;
	w->draw = icon_draw;
	w->same = icon_same;
	mq_ui_widget_set_font(w, px, false);
	mq_ui_widget_set_colors(w, fg, bg, false);
	return w;
}
