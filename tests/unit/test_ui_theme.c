/* test_ui_theme.c — the theme's dp maths, contrast function, and the
 * accessibility targets in normal and elder mode at the panels we ship. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "theme.h"

static void test_dp_to_px(void **state)
{
	(void)state;
	assert_int_equal(mq_ui_dp_to_px(44, 160), 44);
	assert_int_equal(mq_ui_dp_to_px(44, 320), 88);
	assert_int_equal(mq_ui_dp_to_px(48, 120), 36);
	assert_int_equal(mq_ui_dp_to_px(44, 150), 41);   /* 41.25 rounds down */
	assert_int_equal(mq_ui_dp_to_px(10, 0), 10);     /* unknown dpi: 160 */
}

static void test_contrast(void **state)
{
	(void)state;
	assert_true(mq_ui_contrast(0x000000, 0xFFFFFF) > 20.9);
	assert_true(mq_ui_contrast(0xFFFFFF, 0x000000) < 21.01);
	assert_true(mq_ui_contrast(0x777777, 0x777777) < 1.001);
	/* #767676 on white is the well-known 4.54:1 boundary case. */
	assert_true(mq_ui_contrast(0x767676, 0xFFFFFF) > 4.5);
	assert_true(mq_ui_contrast(0x777777, 0xFFFFFF) < 4.5);
}

static void check_theme(int dpi, bool elder)
{
	struct mq_ui_theme t;

	mq_ui_theme_init(&t, dpi, elder);
	{
		const mq_ui_rgb p[][2] = {
			{ t.text, t.bg }, { t.text, t.surface }, { t.text_muted, t.bg },
			{ t.text_muted, t.surface }, { t.primary, t.bg },
			{ t.on_primary, t.primary }, { t.on_primary, t.primary_pressed },
			{ t.topbar_fg, t.topbar_bg }, { t.topbar_fg, t.topbar_button_bg },
			{ t.topbar_fg, t.primary_pressed },
			{ t.secondary_fg, t.secondary_bg }, { t.secondary_fg, t.key_pressed_bg },
			{ t.disabled_fg, t.disabled_bg }, { t.key_fg, t.key_bg },
			{ t.key_fg, t.key_special_bg }, { t.key_fg, t.key_pressed_bg },
			{ t.error_fg, t.error_bg }, { t.qr_dark, t.qr_light },
		};

		for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
			double c = mq_ui_contrast(p[i][0], p[i][1]);

			if (c < 4.5)
				fail_msg("pair %zu: #%06x on #%06x is %.2f:1", i, (unsigned)p[i][0],
					 (unsigned)p[i][1], c);
		}
	}
	/* Touch targets: 44 dp, 60 dp in elder mode (unscaled dp). */
	assert_true(t.touch_min >= mq_ui_dp_to_px(elder ? 60 : 44, dpi));
	assert_true(t.button_h >= t.touch_min);
	assert_true(t.key_h >= t.touch_min);
	assert_true(t.big_button_h >= t.button_h);
	/* Text: main >= 18 dp, largest >= 30 dp, line spacing >= 1.3. */
	assert_true(t.font_small >= mq_ui_dp_to_px(18, dpi));
	assert_true(t.font_body >= mq_ui_dp_to_px(18, dpi));
	assert_true(t.font_huge >= mq_ui_dp_to_px(30, dpi));
	assert_true(t.font_title > t.font_body);
	assert_true(t.line_spacing >= 1.3);
	assert_true(mq_ui_theme_line_h(&t, t.font_body) >= (int)(t.font_body * 1.3));
}

static void test_targets(void **state)
{
	static const int dpis[] = { 96, 120, 150, 160, 213, 240, 320 };

	(void)state;
	for (size_t i = 0; i < sizeof(dpis) / sizeof(dpis[0]); i++) {
		check_theme(dpis[i], false);
		check_theme(dpis[i], true);
	}
}

static void test_elder_is_bigger(void **state)
{
	struct mq_ui_theme n, e;

	(void)state;
	mq_ui_theme_init(&n, 150, false);
	mq_ui_theme_init(&e, 150, true);
	assert_true(e.elder && !n.elder);
	assert_true(e.font_body > n.font_body);
	assert_true(e.font_huge > n.font_huge);
	assert_true(e.key_h > n.key_h);
	assert_true(e.touch_min > n.touch_min);
	assert_int_equal(mq_ui_theme_px(&e, 100), mq_ui_dp_to_px(100 * MQ_UI_ELDER_SCALE, 150));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dp_to_px),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_elder_is_bigger),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
