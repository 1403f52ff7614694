/* test_ui_input.c — the input pieces without a screen: phone-number rules,
 * the digits pad, the pinyin IME through the keyboard, and handwriting
 * recognition of 人 (skipped where zinnia or its model is not installed,
 * e.g. the arm64 build under qemu). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "digitpad.h"
#include "hwr.h"
#include "ime_pinyin.h"
#include "keyboard.h"
#include "theme.h"
#include "widget.h"

static void test_phone_rules(void **state)
{
	(void)state;
	assert_int_equal(mq_ui_phone_check(""), MQ_UI_PHONE_EMPTY);
	assert_int_equal(mq_ui_phone_check("138"), MQ_UI_PHONE_PARTIAL);
	assert_int_equal(mq_ui_phone_check("13800138000"), MQ_UI_PHONE_OK);
	assert_int_equal(mq_ui_phone_check("138001380001"), MQ_UI_PHONE_INVALID);
	assert_int_equal(mq_ui_phone_check("12800138000"), MQ_UI_PHONE_INVALID);
	assert_int_equal(mq_ui_phone_check("057187654321"), MQ_UI_PHONE_OK);
	assert_int_equal(mq_ui_phone_check("0571876"), MQ_UI_PHONE_PARTIAL);
	assert_int_equal(mq_ui_phone_check("00"), MQ_UI_PHONE_INVALID);
	assert_int_equal(mq_ui_phone_check("2"), MQ_UI_PHONE_INVALID);
	assert_int_equal(mq_ui_phone_check("1a"), MQ_UI_PHONE_INVALID);
	assert_false(mq_ui_phone_accepts("", '2'));
	assert_true(mq_ui_phone_accepts("", '1'));
	assert_false(mq_ui_phone_accepts("1", '2'));
	assert_true(mq_ui_phone_accepts("1380013800", '0'));
	assert_false(mq_ui_phone_accepts("13800138000", '0'));
	assert_false(mq_ui_phone_accepts("", 'x'));
}

static char pad_keys[32];

static void on_pad(struct mq_ui_digitpad *pad, char key)
{
	size_t n = strlen(pad_keys);

	(void)pad;
	if (n + 1 < sizeof(pad_keys)) {
		pad_keys[n] = key;
		pad_keys[n + 1] = '\0';
	}
}

static void test_digitpad(void **state)
{
	struct mq_ui_digitpad pad = { on_pad, NULL };
	struct mq_ui_tree *tree = mq_ui_tree_create();
	struct mq_ui_theme t;
	const char *ids[] = { "p.key.1", "p.key.0", "p.key.backspace", "p.key.clear" };

	(void)state;
	for (int elder = 0; elder <= 1; elder++) {
		mq_ui_theme_init(&t, 150, elder);
		mq_ui_tree_clear(tree);
		assert_true(mq_ui_digitpad_build(&pad, tree, &t, "p",
						 (SDL_Rect){ 0, 0, 500, mq_ui_digitpad_height(&t) }));
		assert_int_equal(mq_ui_tree_count(tree), 12);
		for (size_t i = 0; i < mq_ui_tree_count(tree); i++) {
			SDL_Rect r = mq_ui_widget_rect(mq_ui_tree_at(tree, i));

			assert_true(r.w >= t.touch_min && r.h >= t.touch_min);
		}
	}
	pad_keys[0] = '\0';
	for (size_t i = 0; i < 4; i++) {
		SDL_Rect r = mq_ui_widget_rect(mq_ui_tree_find(tree, ids[i]));
		struct mq_ui_widget *w = mq_ui_tree_hit(tree, r.x + r.w / 2, r.y + r.h / 2);

		assert_string_equal(mq_ui_widget_id(w), ids[i]);
	}
	mq_ui_tree_destroy(tree);
}

static char typed[256];

static void sink_text(void *cls, const char *s)
{
	(void)cls;
	strncat(typed, s, sizeof(typed) - strlen(typed) - 1);
}

static void sink_backspace(void *cls)
{
	(void)cls;
	if (*typed)
		typed[strlen(typed) - 1] = '\0';
}

static void press_all(struct mq_ui_keyboard *kb, const char *letters)
{
	char k[2] = { 0, 0 };

	for (; *letters; letters++) {
		k[0] = *letters;
		assert_true(mq_ui_keyboard_press(kb, k));
	}
}

static void test_pinyin(void **state)
{
	struct mq_ui_keyboard_sink sink = { sink_text, sink_backspace, NULL };
	struct mq_ui_keyboard *kb = mq_ui_keyboard_create(&sink);
	struct mq_ui_tree *tree = mq_ui_tree_create();
	struct mq_ui_ime ime;
	struct mq_ui_ime_pinyin *py = mq_ui_ime_pinyin_create(NULL, &ime);
	struct mq_ui_theme t;
	struct mq_ui_widget *c0, *comp;

	(void)state;
	if (!py) {
		mq_ui_tree_destroy(tree);
		mq_ui_keyboard_destroy(kb);
		skip();
	}
	typed[0] = '\0';
	mq_ui_keyboard_set_ime(kb, &ime);
	mq_ui_theme_init(&t, 150, false);
	assert_true(mq_ui_keyboard_build(kb, tree, &t,
					 (SDL_Rect){ 0, 0, 1200, mq_ui_keyboard_height(kb, &t) }));
	press_all(kb, "renmin");
	assert_string_equal(typed, "");                 /* composing, nothing typed */
	c0 = mq_ui_tree_find(tree, "kbd.candidate.0");
	comp = mq_ui_tree_find(tree, "kbd.composing");
	assert_true(mq_ui_widget_visible(c0));
	assert_string_equal(mq_ui_widget_text(c0), "人民");
	assert_string_equal(mq_ui_widget_text(comp), "renmin");
	/* backspace edits the pinyin, not the text */
	assert_true(mq_ui_keyboard_press(kb, "n"));
	assert_true(mq_ui_keyboard_press(kb, "backspace"));
	assert_string_equal(mq_ui_widget_text(comp), "renmin");
	assert_true(mq_ui_keyboard_press(kb, "space"));  /* space takes the first */
	assert_string_equal(typed, "人民");
	/* a punctuation key commits the best conversion first */
	press_all(kb, "hao");
	assert_true(mq_ui_keyboard_press(kb, "cn_period"));
	assert_string_equal(typed, "人民好。");
	/* English letters bypass the IME */
	assert_true(mq_ui_keyboard_press(kb, "lang"));
	assert_true(mq_ui_keyboard_latin(kb));
	press_all(kb, "ok");
	assert_string_equal(typed, "人民好。ok");
	/* a reset forgets a composition in progress */
	mq_ui_keyboard_reset(kb, false);
	press_all(kb, "lu");
	mq_ui_keyboard_reset(kb, false);
	assert_string_equal(mq_ui_widget_text(comp), "");
	assert_false(mq_ui_widget_visible(c0));
	assert_string_equal(typed, "人民好。ok");
	mq_ui_tree_destroy(tree);
	mq_ui_keyboard_destroy(kb);
	mq_ui_ime_pinyin_destroy(py);
}

static void test_handwriting_ren(void **state)
{
	/* 人: tests/kiosk/ren.strokes, scaled to a 400 px pad */
	static const struct mq_ui_hw_point s1[] = { { 208, 48 }, { 200, 104 }, { 184, 160 },
		{ 160, 212 }, { 128, 264 }, { 88, 312 }, { 44, 352 } };
	static const struct mq_ui_hw_point s2[] = { { 180, 184 }, { 208, 232 }, { 240, 276 },
		{ 280, 316 }, { 328, 348 }, { 368, 360 } };
	const struct mq_ui_hw_point *strokes[] = { s1, s2 };
	size_t lens[] = { 7, 6 };
	struct mq_ui_hw_char c = { strokes, lens, 2, 400, 400 };
	char out[10][MQ_UI_HWR_CAND_BYTES];
	struct mq_ui_hwr *r = mq_ui_hwr_create(NULL);
	size_t n;
	bool found = false;

	(void)state;
	if (!r)
		skip();
	n = mq_ui_hwr_classify(r, &c, out, 10);
	assert_true(n >= 3);
	for (size_t i = 0; i < 3; i++)
		found |= strcmp(out[i], "人") == 0;
	if (!found)
		fail_msg("人 not in the top 3: %s %s %s", out[0], out[1], out[2]);
	c.n = 0;
	assert_int_equal(mq_ui_hwr_classify(r, &c, out, 10), 0);
	mq_ui_hwr_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_rules),
		cmocka_unit_test(test_digitpad),
		cmocka_unit_test(test_pinyin),
		cmocka_unit_test(test_handwriting_ren),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
