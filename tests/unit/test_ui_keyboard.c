/* test_ui_keyboard.c — the on-screen keyboard: every promised key id is in
 * the layout and in the built widget tree, keys are touch-sized and do not
 * overlap, shift and the input-method hook behave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keyboard.h"
#include "theme.h"
#include "widget.h"

static const char *const promised[] = {
	"space", "backspace", "enter", "shift", "comma", "period", "question",
	"exclamation", "cn_comma", "cn_period", "cn_question", "cn_exclamation",
};

static char typed[256];
static int backspaces;

static void sink_text(void *cls, const char *s)
{
	(void)cls;
	strncat(typed, s, sizeof(typed) - strlen(typed) - 1);
}

static void sink_backspace(void *cls)
{
	(void)cls;
	backspaces++;
}

static const struct mq_ui_key_def *find_def(const char *name)
{
	size_t n;
	const struct mq_ui_key_def *l = mq_ui_keyboard_layout(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].name, name) == 0)
			return &l[i];
	return NULL;
}

static void test_layout_has_every_key(void **state)
{
	char name[8];
	size_t n;
	const struct mq_ui_key_def *l = mq_ui_keyboard_layout(&n);

	(void)state;
	for (char c = 'a'; c <= 'z'; c++) {
		snprintf(name, sizeof(name), "%c", c);
		assert_non_null(find_def(name));
	}
	for (char c = '0'; c <= '9'; c++) {
		snprintf(name, sizeof(name), "%c", c);
		assert_non_null(find_def(name));
	}
	for (size_t i = 0; i < sizeof(promised) / sizeof(promised[0]); i++)
		if (!find_def(promised[i]))
			fail_msg("no key %s", promised[i]);
	/* Names are unique and make valid ids. */
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(l[i].name, l[j].name);
		for (const char *p = l[i].name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
		assert_true(l[i].row >= 0 && l[i].row < MQ_UI_KEYBOARD_ROWS);
	}
	assert_string_equal(find_def("cn_comma")->text, "，");
	assert_string_equal(find_def("cn_period")->text, "。");
	assert_string_equal(find_def("cn_question")->text, "？");
	assert_string_equal(find_def("cn_exclamation")->text, "！");
}

static void test_key_for(void **state)
{
	size_t used;
	bool shift;
	const struct mq_ui_key_def *k;

	(void)state;
	k = mq_ui_keyboard_key_for("a", 1, &used, &shift);
	assert_non_null(k);
	assert_string_equal(k->name, "a");
	assert_false(shift);
	k = mq_ui_keyboard_key_for("Qx", 2, &used, &shift);
	assert_string_equal(k->name, "q");
	assert_true(shift);
	assert_int_equal(used, 1);
	k = mq_ui_keyboard_key_for("，后", strlen("，后"), &used, &shift);
	assert_string_equal(k->name, "cn_comma");
	assert_int_equal(used, strlen("，"));
	k = mq_ui_keyboard_key_for(" ", 1, &used, &shift);
	assert_string_equal(k->name, "space");
	assert_null(mq_ui_keyboard_key_for("民", strlen("民"), &used, &shift));
	assert_int_equal(used, strlen("民"));
	k = mq_ui_keyboard_key_for("@", 1, &used, &shift);     /* on the symbol layer */
	assert_non_null(k);
	assert_int_equal(k->layer, MQ_UI_LAYER_SYMBOLS);
	assert_null(mq_ui_keyboard_key_for("\x01", 1, &used, &shift));
}

static void test_build_tree(void **state)
{
	struct mq_ui_keyboard_sink sink = { sink_text, sink_backspace, NULL };
	struct mq_ui_keyboard *kb = mq_ui_keyboard_create(&sink);
	struct mq_ui_tree *tree = mq_ui_tree_create();
	struct mq_ui_theme t;
	SDL_Rect area;
	size_t n;
	const struct mq_ui_key_def *l = mq_ui_keyboard_layout(&n);
	char id[MQ_UI_ID_MAX];

	(void)state;
	for (int run = 0; run < 4; run++) {
		bool elder = run & 1, symbols = run >= 2;
		size_t expect = 0;

		mq_ui_theme_init(&t, 150, elder);
		area = (SDL_Rect){ 20, 400, 1240, mq_ui_keyboard_height(kb, &t) };
		if (mq_ui_keyboard_symbols(kb) != symbols)
			assert_true(mq_ui_keyboard_press(kb, "symbols"));
		mq_ui_tree_clear(tree);
		assert_true(mq_ui_keyboard_build(kb, tree, &t, area));
		for (size_t i = 0; i < n; i++)
			expect += l[i].layer == MQ_UI_LAYER_ALL ||
				  l[i].layer == (symbols ? MQ_UI_LAYER_SYMBOLS : MQ_UI_LAYER_LETTERS);
		assert_int_equal(mq_ui_tree_count(tree), expect);
		for (size_t i = 0; i < n; i++) {
			struct mq_ui_widget *w;
			SDL_Rect r;

			snprintf(id, sizeof(id), "kbd.key.%s", l[i].name);
			w = mq_ui_tree_find(tree, id);
			if (!(l[i].layer == MQ_UI_LAYER_ALL ||
			      l[i].layer == (symbols ? MQ_UI_LAYER_SYMBOLS : MQ_UI_LAYER_LETTERS))) {
				assert_null(w);
				continue;
			}
			assert_non_null(w);
			assert_int_equal(mq_ui_widget_role(w), MQ_UI_ROLE_KEY);
			r = mq_ui_widget_rect(w);
			assert_true(r.h >= t.touch_min && r.w >= t.touch_min);
			assert_true(r.x >= area.x && r.x + r.w <= area.x + area.w);
			assert_true(r.y >= area.y && r.y + r.h <= area.y + area.h);
			assert_true(mq_ui_widget_text(w)[0] != '\0');
			for (size_t j = 0; j < mq_ui_tree_count(tree); j++) {
				SDL_Rect o = mq_ui_widget_rect(mq_ui_tree_at(tree, j));

				if (mq_ui_tree_at(tree, j) != w)
					assert_false(SDL_HasIntersection(&r, &o));
			}
			/* The centre of a key hits that key. */
			assert_ptr_equal(mq_ui_tree_hit(tree, r.x + r.w / 2, r.y + r.h / 2), w);
		}
	}
	mq_ui_tree_destroy(tree);
	mq_ui_keyboard_destroy(kb);
}

static void test_typing_and_shift(void **state)
{
	struct mq_ui_keyboard_sink sink = { sink_text, sink_backspace, NULL };
	struct mq_ui_keyboard *kb = mq_ui_keyboard_create(&sink);
	struct mq_ui_tree *tree = mq_ui_tree_create();
	struct mq_ui_theme t;

	(void)state;
	typed[0] = '\0';
	backspaces = 0;
	mq_ui_theme_init(&t, 160, false);
	assert_true(mq_ui_keyboard_build(kb, tree, &t, (SDL_Rect){ 0, 0, 1000, 400 }));
	assert_true(mq_ui_keyboard_press(kb, "shift"));
	assert_true(mq_ui_keyboard_shifted(kb));
	assert_string_equal(mq_ui_widget_text(mq_ui_tree_find(tree, "kbd.key.m")), "M");
	assert_true(mq_ui_keyboard_press(kb, "m"));
	assert_false(mq_ui_keyboard_shifted(kb));      /* one-shot */
	assert_string_equal(mq_ui_widget_text(mq_ui_tree_find(tree, "kbd.key.m")), "m");
	assert_true(mq_ui_keyboard_press(kb, "q"));
	assert_true(mq_ui_keyboard_press(kb, "space"));
	assert_true(mq_ui_keyboard_press(kb, "7"));
	assert_true(mq_ui_keyboard_press(kb, "cn_period"));
	assert_true(mq_ui_keyboard_press(kb, "enter"));
	assert_true(mq_ui_keyboard_press(kb, "backspace"));
	assert_false(mq_ui_keyboard_press(kb, "no_such_key"));
	assert_string_equal(typed, "Mq 7。\n");
	assert_int_equal(backspaces, 1);
	mq_ui_tree_destroy(tree);
	mq_ui_keyboard_destroy(kb);
}

/* A toy input method: letters compose, space commits the composition in
 * brackets, and it offers one candidate. */
static char composing[32];

static bool ime_key(void *cls, struct mq_ui_keyboard *kb, const struct mq_ui_key_def *key)
{
	(void)cls;
	if (key->text && key->text[0] >= 'a' && key->text[0] <= 'z' && !key->text[1]) {
		strncat(composing, key->text, sizeof(composing) - strlen(composing) - 1);
		return true;
	}
	if (key->kind == MQ_UI_KEY_SPACE && composing[0]) {
		char out[40];

		snprintf(out, sizeof(out), "[%s]", composing);
		composing[0] = '\0';
		mq_ui_keyboard_commit(kb, out);
		return true;
	}
	return false;
}

static size_t ime_candidates(void *cls, const char **out, size_t max)
{
	(void)cls;
	if (!composing[0] || max < 1)
		return 0;
	out[0] = "民";
	return 1;
}

static void ime_pick(void *cls, struct mq_ui_keyboard *kb, size_t index)
{
	(void)cls;
	if (index == 0) {
		composing[0] = '\0';
		mq_ui_keyboard_commit(kb, "民");
	}
}

static void test_ime_hook(void **state)
{
	struct mq_ui_keyboard_sink sink = { sink_text, sink_backspace, NULL };
	struct mq_ui_keyboard *kb = mq_ui_keyboard_create(&sink);
	struct mq_ui_tree *tree = mq_ui_tree_create();
	struct mq_ui_ime ime = { ime_key, ime_candidates, ime_pick, NULL, NULL, NULL, NULL };
	struct mq_ui_theme t;
	struct mq_ui_widget *cand;
	int plain;

	(void)state;
	typed[0] = '\0';
	composing[0] = '\0';
	mq_ui_theme_init(&t, 160, false);
	plain = mq_ui_keyboard_height(kb, &t);
	mq_ui_keyboard_set_ime(kb, &ime);
	assert_true(mq_ui_keyboard_height(kb, &t) > plain);   /* room for candidates */
	assert_true(mq_ui_keyboard_build(kb, tree, &t,
					 (SDL_Rect){ 0, 0, 1000, mq_ui_keyboard_height(kb, &t) }));
	cand = mq_ui_tree_find(tree, "kbd.candidate.0");
	assert_non_null(cand);
	assert_false(mq_ui_widget_visible(cand));
	assert_true(mq_ui_keyboard_press(kb, "m"));
	assert_true(mq_ui_keyboard_press(kb, "i"));
	assert_string_equal(typed, "");
	assert_true(mq_ui_widget_visible(cand));
	assert_string_equal(mq_ui_widget_text(cand), "民");
	assert_true(mq_ui_keyboard_press(kb, "space"));
	assert_string_equal(typed, "[mi]");
	assert_true(mq_ui_keyboard_press(kb, "7"));          /* not consumed: types */
	assert_string_equal(typed, "[mi]7");
	mq_ui_tree_destroy(tree);
	mq_ui_keyboard_destroy(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_has_every_key),
		cmocka_unit_test(test_key_for),
		cmocka_unit_test(test_build_tree),
		cmocka_unit_test(test_typing_and_shift),
		cmocka_unit_test(test_ime_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
