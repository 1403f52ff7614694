/* keyboard.c — the on-screen keyboard: a static layout in two layers,
 * key widgets built into the screen's tree, shift, the candidate bar with
 * paging, and the hooks for the pinyin and handwriting input methods. */
#include "keyboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "button.h"
#include "i18n.h"
#include "label.h"
#include "mq_log.h"
#include "text.h"
#include "widget_private.h"

#define KEY_PREFIX "kbd.key."
#define CAND_PREFIX "kbd.candidate."
#define MAX_SLOTS 12

#define L(c, r) { c, c, NULL, MQ_UI_KEY_CHAR, r, 1.0, MQ_UI_LAYER_LETTERS }
#define D(c) { c, c, NULL, MQ_UI_KEY_CHAR, 0, 1.0, MQ_UI_LAYER_ALL }
#define S(n, t, r) { n, t, NULL, MQ_UI_KEY_CHAR, r, 1.0, MQ_UI_LAYER_SYMBOLS }

static const struct mq_ui_key_def layout[] = {
	D("1"), D("2"), D("3"), D("4"), D("5"), D("6"), D("7"), D("8"), D("9"), D("0"),
	{ "backspace", NULL, "删除", MQ_UI_KEY_BACKSPACE, 0, 1.5, MQ_UI_LAYER_ALL },

	L("q", 1), L("w", 1), L("e", 1), L("r", 1), L("t", 1),
	L("y", 1), L("u", 1), L("i", 1), L("o", 1), L("p", 1),
	{ "cn_comma", "，", NULL, MQ_UI_KEY_CHAR, 1, 1.5, MQ_UI_LAYER_LETTERS },
	L("a", 2), L("s", 2), L("d", 2), L("f", 2), L("g", 2),
	L("h", 2), L("j", 2), L("k", 2), L("l", 2),
	{ "cn_period", "。", NULL, MQ_UI_KEY_CHAR, 2, 1.0, MQ_UI_LAYER_LETTERS },
	{ "enter", NULL, "换行", MQ_UI_KEY_ENTER, 2, 1.5, MQ_UI_LAYER_LETTERS },
	{ "shift", NULL, "大写", MQ_UI_KEY_SHIFT, 3, 1.5, MQ_UI_LAYER_LETTERS },
	L("z", 3), L("x", 3), L("c", 3), L("v", 3), L("b", 3), L("n", 3), L("m", 3),
	{ "comma", ",", NULL, MQ_UI_KEY_CHAR, 3, 1.0, MQ_UI_LAYER_LETTERS },
	{ "period", ".", NULL, MQ_UI_KEY_CHAR, 3, 1.0, MQ_UI_LAYER_LETTERS },
	{ "question", "?", NULL, MQ_UI_KEY_CHAR, 3, 1.0, MQ_UI_LAYER_LETTERS },

	S("cn_pause", "、", 1), S("cn_colon", "：", 1), S("cn_semicolon", "；", 1),
	S("cn_lquote", "“", 1), S("cn_rquote", "”", 1), S("cn_lparen", "（", 1),
	S("cn_rparen", "）", 1), S("cn_lbook", "《", 1), S("cn_rbook", "》", 1),
	S("ellipsis", "…", 1), S("cn_dash", "—", 1),
	S("at", "@", 2), S("hash", "#", 2), S("percent", "%", 2), S("amp", "&", 2),
	S("star", "*", 2), S("plus", "+", 2), S("equals", "=", 2), S("slash", "/", 2),
	S("colon", ":", 2), S("semicolon", ";", 2), S("yuan", "¥", 2),
	S("hyphen", "-", 3), S("underscore", "_", 3), S("lparen", "(", 3), S("rparen", ")", 3),
	S("quote", "\"", 3), S("apos", "'", 3), S("middot", "·", 3), S("tilde", "~", 3),
	S("degree", "°", 3), S("numero", "号", 3),

	{ "symbols", NULL, "符号", MQ_UI_KEY_SYMBOLS, 4, 1.5, MQ_UI_LAYER_ALL },
	{ "lang", NULL, "英文", MQ_UI_KEY_LANG, 4, 1.25, MQ_UI_LAYER_ALL },
	{ "handwriting", NULL, "手写", MQ_UI_KEY_HANDWRITING, 4, 2.0, MQ_UI_LAYER_ALL },
	{ "space", " ", "空格", MQ_UI_KEY_SPACE, 4, 3.75, MQ_UI_LAYER_ALL },
	{ "cn_question", "？", NULL, MQ_UI_KEY_CHAR, 4, 1.0, MQ_UI_LAYER_ALL },
	{ "cn_exclamation", "！", NULL, MQ_UI_KEY_CHAR, 4, 1.0, MQ_UI_LAYER_ALL },
	{ "exclamation", "!", NULL, MQ_UI_KEY_CHAR, 4, 1.0, MQ_UI_LAYER_ALL },
};

#undef L
#undef D
#undef S

#define NKEYS (sizeof(layout) / sizeof(layout[0]))

struct mq_ui_keyboard {
	struct mq_ui_keyboard_sink sink;
	struct mq_ui_ime ime, hw;
	bool has_ime, has_hw;
	bool shift, symbols, latin, handwriting;
	size_t page, per_page;
	struct mq_ui_tree *tree;   /* borrowed: the tree the keys were last built into */
	const struct mq_ui_theme *theme;
	void (*relayout)(void *cls);
	void *relayout_cls;
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

void mq_ui_keyboard_set_handwriting(struct mq_ui_keyboard *kb, const struct mq_ui_ime *hw)
{
	kb->has_hw = hw != NULL;
	if (hw)
		kb->hw = *hw;
	else
		kb->handwriting = false;
}

void mq_ui_keyboard_set_relayout(struct mq_ui_keyboard *kb, void (*cb)(void *cls), void *cls)
{
	kb->relayout = cb;
	kb->relayout_cls = cls;
}

bool mq_ui_keyboard_shifted(const struct mq_ui_keyboard *kb)
{
	return kb->shift;
}

bool mq_ui_keyboard_symbols(const struct mq_ui_keyboard *kb)
{
	return kb->symbols;
}

bool mq_ui_keyboard_latin(const struct mq_ui_keyboard *kb)
{
	return kb->latin || !kb->has_ime;
}

void mq_ui_keyboard_set_latin(struct mq_ui_keyboard *kb, bool latin)
{
	kb->latin = latin;
}

bool mq_ui_keyboard_handwriting(const struct mq_ui_keyboard *kb)
{
	return kb->handwriting && kb->has_hw;
}

size_t mq_ui_keyboard_per_page(const struct mq_ui_keyboard *kb)
{
	return kb->per_page;
}

size_t mq_ui_keyboard_page(const struct mq_ui_keyboard *kb)
{
	return kb->page;
}

void mq_ui_keyboard_detach(struct mq_ui_keyboard *kb)
{
	kb->tree = NULL;
}

/* The input method that gets keys and fills the bar now, or NULL. */
static struct mq_ui_ime *active(struct mq_ui_keyboard *kb)
{
	if (mq_ui_keyboard_handwriting(kb))
		return &kb->hw;
	if (kb->has_ime && !kb->latin)
		return &kb->ime;
	return NULL;
}

static bool has_bar(const struct mq_ui_keyboard *kb)
{
	return kb->has_ime || kb->has_hw;
}

int mq_ui_keyboard_height(const struct mq_ui_keyboard *kb, const struct mq_ui_theme *t)
{
	/* The handwriting pad wants one row more than the keys: fingers write big. */
	int rows = MQ_UI_KEYBOARD_ROWS + (has_bar(kb) ? 1 : 0) +
		   (mq_ui_keyboard_handwriting(kb) ? 1 : 0);

	return rows * t->key_h + (rows - 1) * t->key_gap;
}

static void key_tap(struct mq_ui_widget *w, void *cls)
{
	(void)mq_ui_keyboard_press(cls, mq_ui_widget_id(w) + strlen(KEY_PREFIX));
}

static bool in_layer(const struct mq_ui_keyboard *kb, const struct mq_ui_key_def *def)
{
	if (mq_ui_keyboard_handwriting(kb))
		return def->row == MQ_UI_KEYBOARD_ROWS - 1;   /* the pad takes the rest */
	if (def->layer == MQ_UI_LAYER_ALL)
		return true;
	return def->layer == (kb->symbols ? MQ_UI_LAYER_SYMBOLS : MQ_UI_LAYER_LETTERS);
}

static const char *key_label(const struct mq_ui_keyboard *kb, const struct mq_ui_key_def *def)
{
	switch (def->kind) {
	case MQ_UI_KEY_SYMBOLS:
		return mq_tr(kb->symbols ? "字母" : "符号");
	case MQ_UI_KEY_LANG:
		return mq_tr(mq_ui_keyboard_latin(kb) ? "拼音" : "英文");
	case MQ_UI_KEY_HANDWRITING:
		return mq_tr(mq_ui_keyboard_handwriting(kb) ? "键盘" : "手写");
	default:
		return def->label ? mq_tr(def->label) : def->text;
	}
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

/* Letters show upper case while shift is on (the label says so, not just a colour). */
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
		if (def->kind == MQ_UI_KEY_SHIFT)
			(void)mq_ui_widget_set_text(w, mq_tr(kb->shift ? "大写中" : "大写"));
		style_key(kb, w, def);
	}
}

static void candidate_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_keyboard *kb = cls;
	struct mq_ui_ime *ime = active(kb);
	const char *id = mq_ui_widget_id(w);
	char *end;
	long idx = strtol(id + strlen(CAND_PREFIX), &end, 10);

	if (ime && ime->pick && *end == '\0' && idx >= 0 && (size_t)idx < kb->per_page) {
		ime->pick(ime->cls, kb, kb->page * kb->per_page + (size_t)idx);
		kb->page = 0;
	}
	mq_ui_keyboard_refresh(kb);
}

static void page_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_keyboard *kb = cls;

	if (strcmp(mq_ui_widget_id(w), "kbd.page.next") == 0)
		kb->page++;
	else if (kb->page > 0)
		kb->page--;
	mq_ui_keyboard_refresh(kb);
}

void mq_ui_keyboard_refresh(struct mq_ui_keyboard *kb)
{
	const char *cands[MQ_UI_KEYBOARD_MAX_CANDIDATES];
	struct mq_ui_ime *ime = active(kb);
	size_t n = 0, first;
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	if (!kb->tree || !has_bar(kb))
		return;
	if (ime && ime->candidates)
		n = ime->candidates(ime->cls, cands, MQ_UI_KEYBOARD_MAX_CANDIDATES);
	if (kb->per_page == 0 || kb->page * kb->per_page >= n)
		kb->page = 0;
	first = kb->page * kb->per_page;
	/* build_bar made per_page slots: looking for more would search the
	 * whole tree for ids that are not there, twice a key press */
	for (size_t i = 0; i < kb->per_page; i++) {
		snprintf(id, sizeof(id), CAND_PREFIX "%zu", i);
		w = mq_ui_tree_find(kb->tree, id);
		if (!w)
			continue;
		mq_ui_widget_set_visible(w, first + i < n);
		(void)mq_ui_widget_set_text(w, first + i < n ? cands[first + i] : "");
	}
	w = mq_ui_tree_find(kb->tree, "kbd.page.prev");
	if (w)
		mq_ui_widget_set_visible(w, kb->page > 0);
	w = mq_ui_tree_find(kb->tree, "kbd.page.next");
	if (w)
		mq_ui_widget_set_visible(w, first + kb->per_page < n);
	w = mq_ui_tree_find(kb->tree, "kbd.composing");
	if (w) {
		const char *c = ime && ime->composing ? ime->composing(ime->cls) : "";

		(void)mq_ui_widget_set_text(w, c ? c : "");
	}
}

static bool build_bar(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
		      const struct mq_ui_theme *t, SDL_Rect bar, double unit)
{
	int g = t->key_gap, comp_w = (int)(unit * 2.0) - g, nav_w = (int)(unit * 1.25) - g;
	int slot_w = (int)(unit * 1.4), x, avail;
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	if (slot_w < t->touch_min)
		slot_w = t->touch_min;
	w = mq_ui_label_create(tree, t, "kbd.composing", "",
			       (SDL_Rect){ bar.x, bar.y, comp_w, bar.h }, t->font_key, false,
			       t->text, t->surface);
	if (!w)
		return false;
	mq_ui_widget_set_colors(w, t->text, t->surface, true);
	mq_ui_widget_set_frame(w, t->border / 2 > 0 ? t->border / 2 : 1, t->outline,
			       t->radius_small);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	mq_ui_widget_set_padding(w, t->gap_small);
	x = bar.x + comp_w + g;
	w = mq_ui_button_create(tree, t, "kbd.page.prev", mq_tr("上一页"),
				(SDL_Rect){ x, bar.y, nav_w, bar.h }, MQ_UI_BUTTON_SECONDARY,
				t->font_small, page_tap, kb);
	if (!w)
		return false;
	x += nav_w + g;
	avail = bar.x + bar.w - nav_w - g - x;
	kb->per_page = (size_t)((avail + g) / (slot_w + g));
	if (kb->per_page < 1)
		kb->per_page = 1;
	if (kb->per_page > MAX_SLOTS)
		kb->per_page = MAX_SLOTS;
	slot_w = (avail + g) / (int)kb->per_page - g;
	for (size_t i = 0; i < kb->per_page; i++) {
		snprintf(id, sizeof(id), CAND_PREFIX "%zu", i);
		w = mq_ui_button_create(tree, t, id, "",
					(SDL_Rect){ x + (int)i * (slot_w + g), bar.y, slot_w, bar.h },
					MQ_UI_BUTTON_SECONDARY, t->font_key, candidate_tap, kb);
		if (!w)
			return false;
		/* Candidates are words, not actions: regular weight reads better. */
		mq_ui_widget_set_font(w, t->font_key, false);
		mq_ui_widget_set_visible(w, false);
	}
	w = mq_ui_button_create(tree, t, "kbd.page.next", mq_tr("下一页"),
				(SDL_Rect){ bar.x + bar.w - nav_w, bar.y, nav_w, bar.h },
				MQ_UI_BUTTON_SECONDARY, t->font_small, page_tap, kb);
	return w != NULL;
}

struct mq_ui_widget *mq_ui_keyboard_add_key(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
					   const struct mq_ui_theme *t, const char *name,
					   SDL_Rect rect)
{
	const struct mq_ui_key_def *def = NULL;
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(layout[i].name, name) == 0)
			def = &layout[i];
	if (!def)
		return NULL;
	kb->theme = t;
	snprintf(id, sizeof(id), KEY_PREFIX "%s", def->name);
	w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_KEY, rect);
	if (!w || !mq_ui_widget_set_text(w, key_label(kb, def)))
		return NULL;
	mq_ui_widget_set_font(w, def->label ? t->font_body : t->font_key, def->label != NULL);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	mq_ui_widget_set_frame(w, t->border / 2 > 0 ? t->border / 2 : 1, t->outline,
			       t->radius_small);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, def->label ? t->font_body : t->font_key));
	mq_ui_widget_set_on_tap(w, key_tap, kb);
	style_key(kb, w, def);
	return w;
}

bool mq_ui_keyboard_build(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, SDL_Rect area)
{
	double row_units[MQ_UI_KEYBOARD_ROWS] = { 0 };
	double x[MQ_UI_KEYBOARD_ROWS] = { 0 };
	int y0 = area.y, kh = t->key_h, g = t->key_gap;

	kb->tree = tree;
	kb->theme = t;
	for (size_t i = 0; i < NKEYS; i++)
		if (in_layer(kb, &layout[i]))
			row_units[layout[i].row] += layout[i].units;
	if (has_bar(kb)) {
		if (!build_bar(kb, tree, t, (SDL_Rect){ area.x, area.y, area.w, kh },
			       (double)(area.w + g) / 11.5))
			return false;
		y0 += kh + g;
	}
	if (mq_ui_keyboard_handwriting(kb)) {
		/* the pad over rows 0..4, the bottom row of keys under it */
		int pad_h = area.y + area.h - kh - g - y0;

		if (kb->hw.build &&
		    !kb->hw.build(kb->hw.cls, kb, tree, t, (SDL_Rect){ area.x, y0, area.w, pad_h }))
			return false;
		y0 += pad_h + g - (MQ_UI_KEYBOARD_ROWS - 1) * (kh + g);
	}
	for (size_t i = 0; i < NKEYS; i++) {
		const struct mq_ui_key_def *def = &layout[i];
		int r = def->row;
		double unit;
		int kx, kx2;

		if (!in_layer(kb, def))
			continue;
		/* Every row spans the full width: a unit is what its row allows. */
		unit = (double)(area.w + g) / row_units[r];
		kx = area.x + (int)(x[r] * unit);
		kx2 = area.x + (int)((x[r] + def->units) * unit) - g;
		x[r] += def->units;
		if (!mq_ui_keyboard_add_key(kb, tree, t, def->name,
					    (SDL_Rect){ kx, y0 + r * (kh + g), kx2 - kx, kh }))
			return false;
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

void mq_ui_keyboard_delete(struct mq_ui_keyboard *kb)
{
	if (kb->sink.backspace)
		kb->sink.backspace(kb->sink.cls);
}

static void changed_layout(struct mq_ui_keyboard *kb)
{
	kb->page = 0;
	if (kb->relayout)
		kb->relayout(kb->relayout_cls);
}

/* Leaving a mode: whatever was composing there is dropped, not typed. */
static void reset_ime(struct mq_ui_ime *ime, bool has)
{
	if (has && ime->reset)
		ime->reset(ime->cls);
}

bool mq_ui_keyboard_press(struct mq_ui_keyboard *kb, const char *name)
{
	const struct mq_ui_key_def *def = NULL;
	struct mq_ui_ime *ime;

	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(layout[i].name, name) == 0)
			def = &layout[i];
	if (!def)
		return false;
	switch (def->kind) {
	case MQ_UI_KEY_SYMBOLS:
		kb->symbols = !kb->symbols;
		if (mq_ui_keyboard_handwriting(kb)) {
			kb->handwriting = false;
			reset_ime(&kb->hw, kb->has_hw);
		}
		changed_layout(kb);
		return true;
	case MQ_UI_KEY_LANG:
		reset_ime(&kb->ime, kb->has_ime);
		kb->latin = !kb->latin;
		if (mq_ui_keyboard_handwriting(kb)) {
			kb->handwriting = false;
			reset_ime(&kb->hw, kb->has_hw);
		}
		changed_layout(kb);
		return true;
	case MQ_UI_KEY_HANDWRITING:
		if (!kb->has_hw)
			return true;
		reset_ime(&kb->ime, kb->has_ime);
		reset_ime(&kb->hw, kb->has_hw);
		kb->handwriting = !kb->handwriting;
		kb->symbols = false;
		changed_layout(kb);
		return true;
	default:
		break;
	}
	ime = active(kb);
	if (ime && ime->key && ime->key(ime->cls, kb, def)) {
		kb->page = 0;
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
		mq_ui_keyboard_delete(kb);
		break;
	case MQ_UI_KEY_SHIFT:
		kb->shift = !kb->shift;
		relabel(kb);
		break;
	default:
		break;
	}
	mq_ui_keyboard_refresh(kb);
	return true;
}

void mq_ui_keyboard_reset(struct mq_ui_keyboard *kb, bool latin)
{
	reset_ime(&kb->ime, kb->has_ime);
	reset_ime(&kb->hw, kb->has_hw);
	kb->shift = false;
	kb->symbols = false;
	kb->handwriting = false;
	kb->latin = latin;
	kb->page = 0;
	mq_ui_keyboard_refresh(kb);
}
