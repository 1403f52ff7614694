/* widget.h — the retained widget tree of one screen.
 * A tree owns its widgets; a widget has a stable dotted lowercase id, a role,
 * text, a rectangle in logical screen pixels, a font size, colours, a visible
 * flag and an optional tap callback. Screens build a tree from the theme and
 * rebuild it when the layout changes (elder mode, language). The kinds of
 * widget (button.h, label.h, textinput.h, qr.h, keyboard.h, ...) are created
 * through their own _create functions, which fill in the drawing. */
#ifndef MQ_UI_WIDGET_H
#define MQ_UI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "theme.h"

/** Longest widget id, including the terminating NUL. */
#define MQ_UI_ID_MAX 64

/** What a widget is, as the dump names it. */
enum mq_ui_role {
	MQ_UI_ROLE_BUTTON,
	MQ_UI_ROLE_TEXT,
	MQ_UI_ROLE_INPUT,
	MQ_UI_ROLE_IMAGE,
	MQ_UI_ROLE_QR,
	MQ_UI_ROLE_KEY,
	MQ_UI_ROLE_DECOR,      /* backgrounds and rules: drawn, never dumped, never tapped */
};

/** Horizontal alignment of a widget's text. */
enum mq_ui_align { MQ_UI_ALIGN_LEFT, MQ_UI_ALIGN_CENTER, MQ_UI_ALIGN_RIGHT };

struct mq_ui_tree;
struct mq_ui_widget;

/** A finger on a dragging widget: down, each move, up (x, y logical). */
enum mq_ui_drag { MQ_UI_DRAG_DOWN, MQ_UI_DRAG_MOVE, MQ_UI_DRAG_UP };

/** True if @p w follows the finger (press, moves, release) instead of taking taps. */
bool mq_ui_widget_drags(const struct mq_ui_widget *w);

/** Deliver a finger event to a dragging widget (no-op for others). */
void mq_ui_widget_drag(struct mq_ui_widget *w, enum mq_ui_drag phase, int x, int y);

/** True if @p w takes taps or follows a finger (what mq_ui_tree_hit finds when visible). */
bool mq_ui_widget_touchable(const struct mq_ui_widget *w);

/** Call @p w's tap callback, as a finger lifting on it does. False when it has none. */
bool mq_ui_widget_tap(struct mq_ui_widget *w);

/** Called on the UI thread when a widget is tapped. */
typedef void (*mq_ui_tap_cb)(struct mq_ui_widget *w, void *cls);

/** An empty tree. Returns NULL when out of memory. */
struct mq_ui_tree *mq_ui_tree_create(void);

/** Destroy @p tree and all its widgets. NULL is a no-op. */
void mq_ui_tree_destroy(struct mq_ui_tree *tree);

/** Remove and free every widget (pointers into the tree become invalid). */
void mq_ui_tree_clear(struct mq_ui_tree *tree);

/** Number of widgets, in drawing order. */
size_t mq_ui_tree_count(const struct mq_ui_tree *tree);

/** The @p i-th widget in drawing order (first drawn first), or NULL. */
struct mq_ui_widget *mq_ui_tree_at(const struct mq_ui_tree *tree, size_t i);

struct mq_ui_draw;

/*
 * Drawing only what changed, as LVGL does: every setter below that changes
 * how a widget looks marks it dirty (setting what it already has changes
 * nothing), and so do kinds whose own data changed (mq_ui_widget_invalidate).
 * A frame then takes the damage — where each dirty widget drew last and
 * where it draws now, overhangs included — and redraws only those areas,
 * every widget that drew into one drawing again, clipped to it. A screen
 * rebuilt in place (mq_ui_tree_rebuild_begin/end) damages only the widgets
 * that draw differently from the one at the same place in drawing order.
 */

/** The screen area damage is kept to, in logical px (by default: any). */
void mq_ui_tree_set_bounds(struct mq_ui_tree *tree, SDL_Rect bounds);

/**
 * Draw every visible widget of @p tree in order (first drawn first): the
 * whole screen's widgets. Afterwards nothing is damaged.
 */
void mq_ui_tree_draw(struct mq_ui_tree *tree, struct mq_ui_draw *d);

/**
 * What the next frame must redraw, taken out of the tree: up to
 * MQ_UI_DAMAGE_MAX areas written to @p out (damage.h), measured with @p d.
 * Returns their number; sets *@p full instead when the whole screen must be
 * drawn (after mq_ui_tree_clear or mq_ui_tree_invalidate); 0 and false:
 * nothing changed.
 */
size_t mq_ui_tree_take_damage(struct mq_ui_tree *tree, struct mq_ui_draw *d, SDL_Rect *out,
			      bool *full);

/**
 * Redraw the @p n areas @p r (from mq_ui_tree_take_damage): each is filled
 * with @p bg, then every visible widget that drew into it draws again,
 * clipped to it, in drawing order.
 */
void mq_ui_tree_draw_areas(struct mq_ui_tree *tree, struct mq_ui_draw *d, const SDL_Rect *r,
			   size_t n, mq_ui_rgb bg);

/** The whole screen must be redrawn at the next frame. */
void mq_ui_tree_invalidate(struct mq_ui_tree *tree);

/**
 * Start building @p tree again in place: the widgets created from now on
 * replace the current ones, which are no longer found or drawn but stay
 * allocated until mq_ui_tree_rebuild_end.
 */
void mq_ui_tree_rebuild_begin(struct mq_ui_tree *tree);

/**
 * Finish a rebuild: each new widget that draws exactly as the old one at its
 * place in drawing order did is not redrawn; the others damage where they
 * were and where they are. Frees the old widgets.
 */
void mq_ui_tree_rebuild_end(struct mq_ui_tree *tree);

/**
 * @p w looks different now in a way its setters do not know of (a kind's own
 * data changed): the next frame redraws where it was and where it is.
 */
void mq_ui_widget_invalidate(struct mq_ui_widget *w);

/** The widget with id @p id, or NULL. */
struct mq_ui_widget *mq_ui_tree_find(const struct mq_ui_tree *tree, const char *id);

/**
 * The topmost visible widget with a tap callback (or that drags) under
 * logical point (@p x, @p y), or NULL. Widgets without one let taps through.
 */
struct mq_ui_widget *mq_ui_tree_hit(const struct mq_ui_tree *tree, int x, int y);

/**
 * Add a plain widget to @p tree. @p id is copied (ids longer than
 * MQ_UI_ID_MAX - 1 are refused). Visible, enabled, no text, no background,
 * drawn as its role's default. Returns NULL on error (logged).
 */
struct mq_ui_widget *mq_ui_widget_create(struct mq_ui_tree *tree, const char *id,
					 enum mq_ui_role role, SDL_Rect rect);

/** The widget's id (static for the widget's life). */
const char *mq_ui_widget_id(const struct mq_ui_widget *w);

/** The widget's role. */
enum mq_ui_role mq_ui_widget_role(const struct mq_ui_widget *w);

/** The dump name of @p role ("button", "text", ...). */
const char *mq_ui_role_name(enum mq_ui_role role);

/** The widget's text ("" if none); valid until the text changes. */
const char *mq_ui_widget_text(const struct mq_ui_widget *w);

/** Set the text (copied). Returns false when out of memory (text unchanged). */
bool mq_ui_widget_set_text(struct mq_ui_widget *w, const char *text);

/**
 * Draw @p shown instead of the text (copied; NULL draws the text). The dump
 * still reports the text: e.g. a code dumped as "12345678" and drawn "1234 5678".
 */
bool mq_ui_widget_set_shown_text(struct mq_ui_widget *w, const char *shown);

/** The text the widget draws (the shown text, else the text). */
const char *mq_ui_widget_drawn_text(const struct mq_ui_widget *w);

/** Logical rectangle. */
SDL_Rect mq_ui_widget_rect(const struct mq_ui_widget *w);

/** Move/resize. */
void mq_ui_widget_set_rect(struct mq_ui_widget *w, SDL_Rect rect);

/** Font em size in px and weight. */
void mq_ui_widget_set_font(struct mq_ui_widget *w, int font_px, bool bold);

/** Font em size in px (0 when the widget draws no text). */
int mq_ui_widget_font_px(const struct mq_ui_widget *w);

/** True when the widget draws its text bold. */
bool mq_ui_widget_bold(const struct mq_ui_widget *w);

/**
 * Text colour and background colour. With @p has_bg false nothing is painted
 * and @p bg names the colour already behind the widget (the dump reports it,
 * and contrast checks use it).
 */
void mq_ui_widget_set_colors(struct mq_ui_widget *w, mq_ui_rgb fg, mq_ui_rgb bg, bool has_bg);

/** Text colour. */
mq_ui_rgb mq_ui_widget_fg(const struct mq_ui_widget *w);

/** Background colour (what is behind it when it paints none of its own). */
mq_ui_rgb mq_ui_widget_bg(const struct mq_ui_widget *w);

/** Outline: @p width px of @p color (0 for none) and corner @p radius px. */
void mq_ui_widget_set_frame(struct mq_ui_widget *w, int width, mq_ui_rgb color, int radius);

/** Text alignment and wrapping (wrapped text starts at the top). */
void mq_ui_widget_set_align(struct mq_ui_widget *w, enum mq_ui_align align, bool wrap);

/** Show or hide. Hidden widgets are neither drawn nor tapped (the dump lists them). */
void mq_ui_widget_set_visible(struct mq_ui_widget *w, bool visible);

/** True if the widget is shown. */
bool mq_ui_widget_visible(const struct mq_ui_widget *w);

/**
 * Call @p cb(w, cls) when the widget is tapped. @p cls is borrowed: it must
 * outlive the widget.
 */
void mq_ui_widget_set_on_tap(struct mq_ui_widget *w, mq_ui_tap_cb cb, void *cls);

/** Mark pressed (drawn darker while a finger is down on it). */
void mq_ui_widget_set_pressed(struct mq_ui_widget *w, bool pressed);

/**
 * Colours used while pressed (a button's darker shade). Without them a
 * pressed widget keeps its normal colours.
 */
void mq_ui_widget_set_pressed_colors(struct mq_ui_widget *w, mq_ui_rgb fg, mq_ui_rgb bg);

/** Vertical padding/inner margin in px used when drawing text (default 0). */
void mq_ui_widget_set_padding(struct mq_ui_widget *w, int padding);

/** Move the text block down by @p dy px (room for an icon above it). */
void mq_ui_widget_set_text_offset(struct mq_ui_widget *w, int dy);

/** Line height in px for wrapped text (0: the font size * 1.4). */
void mq_ui_widget_set_line_h(struct mq_ui_widget *w, int line_h);

/* --- read-aloud (a11y.c): what the shell says for a widget --- */

/**
 * Say @p spoken for @p w instead of its text (copied, cut at 255 bytes on a
 * character boundary); "" keeps the widget silent (a PIN pad's keys).
 */
void mq_ui_widget_set_spoken(struct mq_ui_widget *w, const char *spoken);

/** What read-aloud says for @p w: the text set with mq_ui_widget_set_spoken, else its text. */
const char *mq_ui_widget_spoken(const struct mq_ui_widget *w);

/** Say @p w when its page appears (a page's title, its instruction). */
void mq_ui_widget_set_announce(struct mq_ui_widget *w, bool announce);

/** True when @p w is said when its page appears. */
bool mq_ui_widget_announce(const struct mq_ui_widget *w);

/**
 * @p digits read one by one, for read-aloud: "九、九、六、九" in Chinese,
 * "9, 9, 6, 9" in English (by the current language); anything but a digit
 * is left out. Into @p out (@p size bytes).
 */
void mq_ui_spoken_digits(const char *digits, char *out, size_t size);

#endif
