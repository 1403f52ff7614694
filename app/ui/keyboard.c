/* keyboard.c — the on-screen keyboard: a static layout, key widgets built
 * into the screen's tree, shift, and the hook for input methods. */
#include "keyboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "button.h"
#include "i18n.h"
#include "mq_log.h"
#include "text.h"
#include "widget_private.h"

#define KEY_PREFIX "kbd.key."
#define MAX_CANDIDATES 8

#define L(c, r) { c, c, NULL, MQ_UI_KEY_CHAR, r, 1.0 }

static const struct mq_ui_key_def layout[] = {
	L("1", 0), L("2", 0), L("3", 0), L("4", 0), L("5", 0),
	L("6", 0), L("7", 0), L("8", 0), L("9", 0), L("0", 0),
	{ "backspace", NULL, "删除", MQ_UI_KEY_BACKSPACE, 0, 1.5 },
	L("q", 1), L("w", 1), L("e", 1), L("r", 1), L("t", 1),
	L("y", 1), L("u", 1), L("i", 1), L("o", 1), L("p", 1),
	{ "cn_comma", "，", NULL, MQ_UI_KEY_CHAR, 1, 1.5 },
	L("a", 2), L("s", 2), L("d", 2), L("f", 2), L("g", 2),
	L("h", 2), L("j", 2), L("k", 2), L("l", 2),
	{ "cn_period", "。", NULL, MQ_UI_KEY_CHAR, 2, 1.0 },
	{ "enter", NULL, "换行", MQ_UI_KEY_ENTER, 2, 1.5 },
	{ "shift", NULL, "大写", MQ_UI_KEY_SHIFT, 3, 1.5 },
	L("z", 3), L("x", 3), L("c", 3), L("v", 3), L("b", 3), L("n", 3), L("m", 3),
	{ "comma", ",", NULL, MQ_UI_KEY_CHAR, 3, 1.0 },
	{ "period", ".", NULL, MQ_UI_KEY_CHAR, 3, 1.0 },
	{ "question", "?", NULL, MQ_UI_KEY_CHAR, 3, 1.0 },
	{ "cn_question", "？", NULL, MQ_UI_KEY_CHAR, 4, 1.25 },
	{ "cn_exclamation", "！", NULL, MQ_UI_KEY_CHAR, 4, 1.25 },
	{ "cn_pause", "、", NULL, MQ_UI_KEY_CHAR, 4, 1.25 },
	{ "space", " ", "空格", MQ_UI_KEY_SPACE, 4, 5.25 },
	{ "exclamation", "!", NULL, MQ_UI_KEY_CHAR, 4, 1.25 },
	{ "hyphen", "-", NULL, MQ_UI_KEY_CHAR, 4, 1.25 },
};

#undef L

#define NKEYS (sizeof(layout) / sizeof(layout[0]))

struct mq_ui_keyboard {
	struct mq_ui_keyboard_sink sink;
	struct mq_ui_ime ime;
	bool has_ime;
	bool shift;
	struct mq_ui_tree *tree;   /* borrowed: the tree the keys were last built into */
	const struct mq_ui_theme *theme;
	SDL_Rect bar;              /* candidate bar */
};

const struct mq_ui_key_def *mq_ui_keyboard_layout(size_t *n)
{
	*n = NKEYS;
	return layout;
}

const struct mq_ui_key_def *mq_ui_keyboard_key_for(const char *s, size_t len, size_t *consumed,
						   bool *shift)
{
	size_t n;
	uint32_t cp = mq_ui_utf8_next(s, len, &n);

	*consumed = n ? n : 1;
	*shift = false;
	if (cp >= 'A' && cp <= 'Z') {
		*shift = true;
		cp = cp - 'A' + 'a';
	}
	for (size_t i = 0; i < NKEYS; i++) {
		const char *t = layout[i].text;
		size_t tn;

		if (!t)
			continue;
		if (mq_ui_utf8_next(t, strlen(t), &tn) == cp && tn == strlen(t))
			return &layout[i];
	}
	return NULL;
}

struct mq_ui_keyboard *mq_ui_keyboard_create(const struct mq_ui_keyboard_sink *sink)
{
	struct mq_ui_keyboard *kb = calloc(1, sizeof(*kb));

	if (kb)
		kb->sink = *sink;
	return kb;
}

void mq_ui_keyboard_destroy(struct mq_ui_keyboard *kb)
{
	free(kb);
}

void mq_ui_keyboard_set_ime(struct mq_ui_keyboard *kb, const struct mq_ui_ime *ime)
{
	kb->has_ime = ime != NULL;
	if (ime)
		kb->ime = *ime;
}

bool mq_ui_keyboard_shifted(const struct mq_ui_keyboard *kb)
{
	return kb->shift;
}

int mq_ui_keyboard_height(const struct mq_ui_keyboard *kb, const struct mq_ui_theme *t)
{
	int rows = MQ_UI_KEYBOARD_ROWS + (kb->has_ime ? 1 : 0);

	return rows * t->key_h + (rows - 1) * t->key_gap;
}

static void key_tap(struct mq_ui_widget *w, void *cls)
{
	(void)mq_ui_keyboard_press(cls, mq_ui_widget_id(w) + strlen(KEY_PREFIX));
}

static void style_key(struct mq_ui_keyboard *kb, struct mq_ui_widget *w,
		      const struct mq_ui_key_def *def)
{
	const struct mq_ui_theme *t = kb->theme;

	if (def->kind == MQ_UI_KEY_SHIFT && kb->shift) {
		mq_ui_widget_set_colors(w, t->on_primary, t->primary, true);
		mq_ui_widget_set_pressed_colors(w, t->on_primary, t->primary_pressed);
	} else if (def->kind == MQ_UI_KEY_CHAR) {
		mq_ui_widget_set_colors(w, t->key_fg, t->key_bg, true);
		mq_ui_widget_set_pressed_colors(w, t->key_fg, t->key_pressed_bg);
	} else {
		mq_ui_widget_set_colors(w, t->key_fg, t->key_special_bg, true);
		mq_ui_widget_set_pressed_colors(w, t->key_fg, t->key_pressed_bg);
	}
}

/* Letters show upper case while shift is on. */
static void relabel(struct mq_ui_keyboard *kb)
{
	char id[MQ_UI_ID_MAX];

	if (!kb->tree)
		return;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct mq_ui_key_def *def = &layout[i];
		struct mq_ui_widget *w;

		snprintf(id, sizeof(id), KEY_PREFIX "%s", def->name);
		w = mq_ui_tree_find(kb->tree, id);
		if (!w)
			continue;
		if (def->kind == MQ_UI_KEY_CHAR && def->text[0] >= 'a' && def->text[0] <= 'z' &&
		    !def->text[1]) {
			char up[2] = { (char)(def->text[0] - 'a' + 'A'), '\0' };

			(void)mq_ui_widget_set_text(w, kb->shift ? up : def->text);
		}
		style_key(kb, w, def);
	}
}

static void candidate_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_keyboard *kb = cls;
	const char *id = mq_ui_widget_id(w);
	char *end;
	long idx = strtol(id + strlen("kbd.candidate."), &end, 10);

	if (kb->has_ime && kb->ime.pick && *end == '\0' && idx >= 0)
		kb->ime.pick(kb->ime.cls, kb, (size_t)idx);
	mq_ui_keyboard_refresh(kb);
}

void mq_ui_keyboard_refresh(struct mq_ui_keyboard *kb)
{
	const char *cands[MAX_CANDIDATES];
	size_t n = 0;
	char id[MQ_UI_ID_MAX];

	if (!kb->tree || !kb->has_ime)
		return;
	if (kb->ime.candidates)
		n = kb->ime.candidates(kb->ime.cls, cands, MAX_CANDIDATES);
	for (size_t i = 0; i < MAX_CANDIDATES; i++) {
		struct mq_ui_widget *w;

		snprintf(id, sizeof(id), "kbd.candidate.%zu", i);
		w = mq_ui_tree_find(kb->tree, id);
		if (!w)
			continue;
		mq_ui_widget_set_visible(w, i < n);
		if (i < n)
			(void)mq_ui_widget_set_text(w, cands[i]);
	}
}

bool mq_ui_keyboard_build(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, SDL_Rect area)
{
	double row_units[MQ_UI_KEYBOARD_ROWS] = { 0 };
	double x[MQ_UI_KEYBOARD_ROWS] = { 0 };
	int y0 = area.y, kh = t->key_h, g = t->key_gap;
	char id[MQ_UI_ID_MAX];

	kb->tree = tree;
	kb->theme = t;
	if (kb->has_ime) {
		int cw = (area.w - (MAX_CANDIDATES - 1) * g) / MAX_CANDIDATES;

		kb->bar = (SDL_Rect){ area.x, area.y, area.w, kh };
		for (size_t i = 0; i < MAX_CANDIDATES; i++) {
			struct mq_ui_widget *w;

			snprintf(id, sizeof(id), "kbd.candidate.%zu", i);
			w = mq_ui_button_create(tree, t, id, "",
						(SDL_Rect){ area.x + (int)i * (cw + g), area.y, cw, kh },
						MQ_UI_BUTTON_SECONDARY, t->font_key, candidate_tap, kb);
			if (!w)
				return false;
			mq_ui_widget_set_visible(w, false);
		}
		y0 += kh + g;
	}
	for (size_t i = 0; i < NKEYS; i++)
		row_units[layout[i].row] += layout[i].units;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct mq_ui_key_def *def = &layout[i];
		int r = def->row;
		/* Every row spans the full width: a unit is what its row allows. */
		double unit = (double)(area.w + g) / row_units[r];
		int kx = area.x + (int)(x[r] * unit);
		int kx2 = area.x + (int)((x[r] + def->units) * unit) - g;
		struct mq_ui_widget *w;

		x[r] += def->units;
		snprintf(id, sizeof(id), KEY_PREFIX "%s", def->name);
		w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_KEY,
					(SDL_Rect){ kx, y0 + r * (kh + g), kx2 - kx, kh });
		if (!w)
			return false;
		if (!mq_ui_widget_set_text(w, def->label ? mq_tr(def->label) : def->text))
			return false;
		mq_ui_widget_set_font(w, def->label ? t->font_body : t->font_key, def->label != NULL);
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
		mq_ui_widget_set_frame(w, t->border / 2 > 0 ? t->border / 2 : 1, t->outline,
				       t->radius_small);
		mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, def->label ? t->font_body : t->font_key));
		mq_ui_widget_set_on_tap(w, key_tap, kb);
		style_key(kb, w, def);
	}
	relabel(kb);
	mq_ui_keyboard_refresh(kb);
	return true;
}

void mq_ui_keyboard_commit(struct mq_ui_keyboard *kb, const char *utf8)
{
	if (kb->sink.text)
		kb->sink.text(kb->sink.cls, utf8);
}

bool mq_ui_keyboard_press(struct mq_ui_keyboard *kb, const char *name)
{
	const struct mq_ui_key_def *def = NULL;

	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(layout[i].name, name) == 0)
			def = &layout[i];
	if (!def)
		return false;
	if (kb->has_ime && kb->ime.key && kb->ime.key(kb->ime.cls, kb, def)) {
		mq_ui_keyboard_refresh(kb);
		return true;
	}
	switch (def->kind) {
	case MQ_UI_KEY_CHAR:
	case MQ_UI_KEY_SPACE:
		if (kb->shift && def->text[0] >= 'a' && def->text[0] <= 'z' && !def->text[1]) {
			char up[2] = { (char)(def->text[0] - 'a' + 'A'), '\0' };

			mq_ui_keyboard_commit(kb, up);
			kb->shift = false;   /* one-shot, like a phone keyboard */
			relabel(kb);
		} else {
			mq_ui_keyboard_commit(kb, def->text);
		}
		break;
	case MQ_UI_KEY_ENTER:
		mq_ui_keyboard_commit(kb, "\n");
		break;
	case MQ_UI_KEY_BACKSPACE:
		if (kb->sink.backspace)
			kb->sink.backspace(kb->sink.cls);
		break;
	case MQ_UI_KEY_SHIFT:
		kb->shift = !kb->shift;
		relabel(kb);
		break;
	}
	return true;
}
