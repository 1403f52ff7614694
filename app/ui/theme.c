/* theme.c — the kiosk's one theme: a calm civic palette (deep red on ivory)
 * and sizes derived from the panel's dpi. Elder mode scales every dp value. */
#include "theme.h"

#include <math.h>

int mq_ui_dp_to_px(double dp, int dpi)
{
	if (dpi <= 0)
		dpi = 160;
	return (int)lround(dp * (double)dpi / 160.0);
}

int mq_ui_theme_px(const struct mq_ui_theme *t, double dp)
{
	return mq_ui_dp_to_px(dp * t->scale, t->dpi);
}

int mq_ui_theme_line_h(const struct mq_ui_theme *t, int font_px)
{
	return (int)ceil((double)font_px * t->line_spacing);
}

void mq_ui_theme_init(struct mq_ui_theme *t, int dpi, bool elder)
{
	t->dpi = dpi > 0 ? dpi : 160;
	t->elder = elder;
	t->scale = elder ? MQ_UI_ELDER_SCALE : 1.0;

	/* Sizes in dp; the targets (44/60 dp touch, 18 dp text, 30 dp headline)
	 * hold in both modes because elder mode only ever scales up. */
	t->pad = mq_ui_theme_px(t, 24);
	t->gap = mq_ui_theme_px(t, 16);
	t->gap_small = mq_ui_theme_px(t, 8);
	t->radius = mq_ui_theme_px(t, 14);
	t->radius_small = mq_ui_theme_px(t, 8);
	t->border = mq_ui_dp_to_px(2, t->dpi) > 0 ? mq_ui_dp_to_px(2, t->dpi) : 1;
	t->topbar_h = mq_ui_theme_px(t, 72);
	t->touch_min = mq_ui_dp_to_px(elder ? 62 : 48, t->dpi);
	t->button_h = mq_ui_theme_px(t, 60);
	t->big_button_h = mq_ui_theme_px(t, 150);
	t->key_h = mq_ui_theme_px(t, 48);
	t->key_gap = mq_ui_theme_px(t, 6);

	t->font_small = mq_ui_theme_px(t, 18);
	t->font_body = mq_ui_theme_px(t, 22);
	t->font_key = mq_ui_theme_px(t, 24);
	t->font_title = mq_ui_theme_px(t, 30);
	t->font_huge = mq_ui_theme_px(t, 44);
	t->line_spacing = 1.4;

	t->bg = 0xFAF5EB;
	t->surface = 0xFFFDF8;
	t->text = 0x2A1F17;
	t->text_muted = 0x5E4E40;
	t->primary = 0x9B1C1C;
	t->primary_pressed = 0x751313;
	t->on_primary = 0xFFFFFF;
	t->topbar_bg = 0x7F1815;
	t->topbar_fg = 0xFFF6E3;
	t->topbar_button_bg = 0x671210;
	t->accent = 0xC49A45;
	t->outline = 0xCDBBA0;
	t->secondary_bg = 0xF1E7D6;
	t->secondary_fg = 0x4A1411;
	t->disabled_bg = 0xE6DDCF;
	t->disabled_fg = 0x5F5346;
	t->key_bg = 0xFFFFFF;
	t->key_special_bg = 0xEDE3D1;
	t->key_fg = 0x2A1F17;
	t->key_pressed_bg = 0xD9C9AE;
	t->ok_fg = 0x1D5E2E;
	t->overlay_bg = 0x3A2E26;
	t->error_bg = 0xFBE7E1;
	t->error_fg = 0x8E1E14;
	t->qr_dark = 0x000000;
	t->qr_light = 0xFFFFFF;
}

static double channel(unsigned v)
{
	double c = (double)v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double mq_ui_luminance(mq_ui_rgb c)
{
	return 0.2126 * channel((c >> 16) & 0xFF) + 0.7152 * channel((c >> 8) & 0xFF) +
	       0.0722 * channel(c & 0xFF);
}

double mq_ui_contrast(mq_ui_rgb a, mq_ui_rgb b)
{
	double la = mq_ui_luminance(a), lb = mq_ui_luminance(b);

	if (la < lb) {
		double tmp = la;

		la = lb;
		lb = tmp;
	}
	return (la + 0.05) / (lb + 0.05);
}
