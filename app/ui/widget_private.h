/* widget_private.h — the full widget struct, for the widget kinds, the
 * renderer and the dump inside app/ui only. Screens use widget.h. */
#ifndef MQ_UI_WIDGET_PRIVATE_H
#define MQ_UI_WIDGET_PRIVATE_H

#include "draw.h"
#include "widget.h"

struct mq_ui_widget {
	char id[MQ_UI_ID_MAX];
	enum mq_ui_role role;
	char *text;                /* owned, never NULL after create */
	char *shown;               /* owned, NULL: draw text */
	SDL_Rect rect;
	int font_px;
	bool bold;
	mq_ui_rgb fg, bg;
	bool has_bg;
	mq_ui_rgb pressed_fg, pressed_bg;
	bool has_pressed_colors;
	int frame_w;
	mq_ui_rgb frame_color;
	int radius;
	int padding;
	int line_h;
	int text_dy;               /* text block moved down by this (icon above it) */
	enum mq_ui_align align;
	bool wrap;
	bool visible;
	bool pressed;
	mq_ui_tap_cb on_tap;
	void *tap_cls;
	/* Widgets that follow a finger (the handwriting pad) get the press,
	 * every move and the release instead of a tap. */
	void (*on_drag)(struct mq_ui_widget *w, enum mq_ui_drag phase, int x, int y);
	/* Kind-specific drawing and data (QR modules, input state); the default
	 * draw paints the background, frame and (wrapped) text. */
	void (*draw)(struct mq_ui_widget *w, struct mq_ui_draw *d);
	void *data;
	void (*data_free)(void *data);
	/* read-aloud (a11y.c): what is said for the widget when set (has_spoken;
	 * "" keeps it silent), and whether it is said when its page appears */
	char spoken[256];
	bool has_spoken;
	bool announce;
	/* Kinds with data: true when @p a and @p b draw alike (a rebuilt
	 * screen keeps b's pixels). NULL: two widgets with data never do. */
	bool (*same)(const struct mq_ui_widget *a, const struct mq_ui_widget *b);
	/* Partial redraws: the tree whose damage it adds to, the area its last
	 * drawing covered (empty: nothing of it is on screen), and whether its
	 * look changed since. */
	struct mq_ui_tree *tree;
	SDL_Rect ink;
	bool dirty;
	/* Only the text changed since the last drawing (a key's composition, a
	 * candidate): the default drawing then damages where its text was and
	 * will be, not its whole background and frame. text_ink is where its
	 * text went. */
	bool text_only;
	SDL_Rect text_ink;
};

/** The default drawing: background, frame, text. Kinds call it first. */
void mq_ui_widget_draw_base(struct mq_ui_widget *w, struct mq_ui_draw *d);

#endif
