/* digitpad.c — the digits pad and phone-number rules (digitpad.h). */
#include "digitpad.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "widget_private.h"

static void key_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_digitpad *pad = cls;
	const char *name = strrchr(mq_ui_widget_id(w), '.') + 1;
	char key = strcmp(name, "backspace") == 0 ? '\b' : strcmp(name, "clear") == 0 ? 'c' : name[0];

	if (pad->on_key)
		pad->on_key(pad, key);
}

/* A keypad's key: the label itself for a character (upper case kept). */
static void keypad_tap(struct mq_ui_widget *w, void *cls)
{
	struct mq_ui_digitpad *pad = cls;
	const char *name = strrchr(mq_ui_widget_id(w), '.') + 1;
	char key = strcmp(name, "backspace") == 0 ? '\b' : strcmp(name, "clear") == 0 ? 'c'
										  : mq_ui_widget_text(w)[0];

	if (pad->on_key)
		pad->on_key(pad, key);
}

int mq_ui_digitpad_height(const struct mq_ui_theme *t)
{
	int kh = t->key_h > t->touch_min ? t->key_h : t->touch_min;

	return 4 * kh + 3 * t->key_gap;
}

/* One key "<prefix>.key.<name>" showing @p label at @p r in @p px type; @p fn
 * keys (clear, backspace) on the special colour. */
static bool make_key(struct mq_ui_tree *tree, const struct mq_ui_theme *t, const char *prefix,
		     const char *name, const char *label, SDL_Rect r, bool fn, int px,
		     mq_ui_tap_cb cb, void *cls)
{
	char id[MQ_UI_ID_MAX];
	struct mq_ui_widget *w;

	if (snprintf(id, sizeof(id), "%s.key.%s", prefix, name) >= (int)sizeof(id))
		return false;
	w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_KEY, r);
	if (!w || !mq_ui_widget_set_text(w, label))
		return false;
	mq_ui_widget_set_font(w, px, true);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, false);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, px));
	mq_ui_widget_set_frame(w, t->border / 2 > 0 ? t->border / 2 : 1, t->outline,
			       t->radius_small);
	mq_ui_widget_set_colors(w, t->key_fg, fn ? t->key_special_bg : t->key_bg, true);
	mq_ui_widget_set_pressed_colors(w, t->key_fg, t->key_pressed_bg);
	mq_ui_widget_set_on_tap(w, cb, cls);
	return true;
}

bool mq_ui_digitpad_build(struct mq_ui_digitpad *pad, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, const char *prefix, SDL_Rect area)
{
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
					      "clear", "0", "backspace" };
	int g = t->key_gap, kw = (area.w - 2 * g) / 3, kh = (area.h - 3 * g) / 4;

	for (int i = 0; i < 12; i++) {
		bool fn = i == 9 || i == 11;
		const char *label = i == 9 ? mq_tr("清空") : i == 11 ? mq_tr("删除") : keys[i];
		SDL_Rect r = { area.x + (i % 3) * (kw + g), area.y + (i / 3) * (kh + g), kw, kh };

		if (!make_key(tree, t, prefix, keys[i], label, r, fn,
			      fn ? t->font_body : t->font_title, key_tap, pad))
			return false;
	}
	return true;
}

bool mq_ui_keypad_build(struct mq_ui_digitpad *pad, struct mq_ui_tree *tree,
			const struct mq_ui_theme *t, const char *prefix, const char *chars,
			int cols, SDL_Rect area)
{
	size_t n = strlen(chars) + 2;
	int rows = cols > 0 ? (int)((n + (size_t)cols - 1) / (size_t)cols) : 0;
	int g = t->key_gap, kw, kh;
	/* narrow keys: in large type the words on 删除 and 清空 take the small size */
	int fn_px = t->elder ? t->font_small : t->font_body;

	if (rows == 0)
		return false;
	kw = (area.w - (cols - 1) * g) / cols;
	kh = (area.h - (rows - 1) * g) / rows;
	for (size_t i = 0; i < n; i++) {
		SDL_Rect r = { area.x + (int)(i % (size_t)cols) * (kw + g),
			       area.y + (int)(i / (size_t)cols) * (kh + g), kw, kh };
		char name[2] = { 0 }, label[2] = { 0 };
		bool ok;

		if (i + 2 == n) {
			ok = make_key(tree, t, prefix, "backspace", mq_tr("删除"), r, true, fn_px,
				      keypad_tap, pad);
		} else if (i + 1 == n) {
			ok = make_key(tree, t, prefix, "clear", mq_tr("清空"), r, true, fn_px,
				      keypad_tap, pad);
		} else {
			label[0] = chars[i];
			name[0] = chars[i] >= 'A' && chars[i] <= 'Z' ? (char)(chars[i] - 'A' + 'a')
								     : chars[i];
			ok = make_key(tree, t, prefix, name, label, r, false, t->font_title,
				      keypad_tap, pad);
		}
		if (!ok)
			return false;
	}
	return true;
}

enum mq_ui_phone mq_ui_phone_check(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return MQ_UI_PHONE_EMPTY;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return MQ_UI_PHONE_INVALID;
	if (s[0] == '1') {
		if (n >= 2 && (s[1] < '3' || s[1] > '9'))
			return MQ_UI_PHONE_INVALID;
		return n < 11 ? MQ_UI_PHONE_PARTIAL : n == 11 ? MQ_UI_PHONE_OK : MQ_UI_PHONE_INVALID;
	}
	if (s[0] == '0') {
		/* 0 + area code (2-3 digits, not starting with 0) + local 7-8 digits */
		if (n >= 2 && s[1] == '0')
			return MQ_UI_PHONE_INVALID;
		return n < 10 ? MQ_UI_PHONE_PARTIAL
		     : n <= MQ_UI_PHONE_MAX ? MQ_UI_PHONE_OK : MQ_UI_PHONE_INVALID;
	}
	return MQ_UI_PHONE_INVALID;
}

bool mq_ui_phone_accepts(const char *digits, char d)
{
	char buf[MQ_UI_PHONE_MAX + 2];
	size_t n = strlen(digits);
	enum mq_ui_phone p;

	if (d < '0' || d > '9' || n > MQ_UI_PHONE_MAX)
		return false;
	memcpy(buf, digits, n);
	buf[n] = d;
	buf[n + 1] = '\0';
	p = mq_ui_phone_check(buf);
	return p == MQ_UI_PHONE_PARTIAL || p == MQ_UI_PHONE_OK;
}

const char *mq_ui_phone_rule(void)
{
	return mq_tr("手机号码以1开头，共11位；座机请先输入区号（以0开头）");
}
