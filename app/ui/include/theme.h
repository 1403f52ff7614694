/* theme.h — every size, colour and font size the kiosk draws with.
 * Screens and widgets take their numbers from here only, so elder mode
 * (大字) is one switch: mq_ui_theme_init(..., elder=true) and re-layout. */
#ifndef MQ_UI_THEME_H
#define MQ_UI_THEME_H

#include <stdbool.h>
#include <stdint.h>

/** Elder mode multiplies every dp size by this. */
#define MQ_UI_ELDER_SCALE 1.35

/** Colours are 0xRRGGBB. */
typedef uint32_t mq_ui_rgb;

/** Resolved theme: all sizes already in pixels for the panel's dpi. */
struct mq_ui_theme {
	int dpi;
	bool elder;
	double scale;              /* 1.0, or MQ_UI_ELDER_SCALE */

	/* spacing and shapes (px) */
	int pad;                   /* screen margin */
	int gap;                   /* between widgets */
	int gap_small;
	int radius;                /* button corners */
	int radius_small;          /* key corners */
	int border;                /* outline width */
	int topbar_h;              /* the bar with 首页 / 长辈模式 / English */
	int touch_min;             /* smallest touch target: >= 44 dp, >= 60 dp elder */
	int button_h;              /* an ordinary button */
	int big_button_h;          /* the main action on a screen */
	int key_h;                 /* on-screen keyboard key */
	int key_gap;

	/* font sizes (px, em size) */
	int font_small;            /* >= 18 dp: secondary lines */
	int font_body;             /* main text */
	int font_key;
	int font_title;            /* screen titles */
	int font_huge;             /* the one big thing on a screen (>= 30 dp) */
	double line_spacing;       /* line height / font size, >= 1.3 */

	/* colours; every text/background pair below keeps >= 4.5:1 */
	mq_ui_rgb bg;              /* ivory page */
	mq_ui_rgb surface;         /* cards, the text field */
	mq_ui_rgb text;            /* on bg and surface */
	mq_ui_rgb text_muted;      /* on bg and surface */
	mq_ui_rgb primary;         /* deep civic red: main buttons */
	mq_ui_rgb primary_pressed;
	mq_ui_rgb on_primary;      /* text on primary / primary_pressed */
	mq_ui_rgb topbar_bg;
	mq_ui_rgb topbar_fg;
	mq_ui_rgb topbar_button_bg;
	mq_ui_rgb accent;          /* gold rule lines; never text */
	mq_ui_rgb outline;         /* borders of secondary buttons and fields */
	mq_ui_rgb secondary_bg;    /* secondary buttons */
	mq_ui_rgb secondary_fg;
	mq_ui_rgb disabled_bg;
	mq_ui_rgb disabled_fg;
	mq_ui_rgb key_bg;
	mq_ui_rgb key_special_bg;
	mq_ui_rgb key_fg;
	mq_ui_rgb key_pressed_bg;
	mq_ui_rgb ok_fg;           /* "present", "done": dark green, on bg and surface */
	mq_ui_rgb overlay_bg;      /* the dim behind a dialog (drawn, never behind text) */
	mq_ui_rgb error_bg;
	mq_ui_rgb error_fg;
	mq_ui_rgb qr_dark;
	mq_ui_rgb qr_light;
};

/** Pixels for @p dp density-independent pixels at @p dpi (px = dp*dpi/160, rounded). */
int mq_ui_dp_to_px(double dp, int dpi);

/** Fill @p t for a panel of @p dpi (<= 0 means 160) in normal or elder mode. */
void mq_ui_theme_init(struct mq_ui_theme *t, int dpi, bool elder);

/** Pixels for @p dp in this theme (dpi and the elder scale applied). */
int mq_ui_theme_px(const struct mq_ui_theme *t, double dp);

/** Line height in px for text of @p font_px (font_px * line_spacing, rounded up). */
int mq_ui_theme_line_h(const struct mq_ui_theme *t, int font_px);

/** WCAG 2 relative luminance of @p c, 0.0 (black) .. 1.0 (white). */
double mq_ui_luminance(mq_ui_rgb c);

/** WCAG 2 contrast ratio of two colours, 1.0 .. 21.0 (order does not matter). */
double mq_ui_contrast(mq_ui_rgb a, mq_ui_rgb b);

#endif
