/* text.h — text for the kiosk: the CJK font found through fontconfig, each
 * weight's file opened once with its glyphs rasterised once per pixel size
 * and kept, line breaking that knows Chinese, and a small LRU of rendered
 * line textures keyed by text, size, weight and colour. */
#ifndef MQ_UI_TEXT_H
#define MQ_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "theme.h"

struct mq_ui_text;

/** One line of wrapped text: a byte range of the source string. */
struct mq_ui_line {
	size_t off, len;
	int width;                 /* px */
};

/**
 * Resolve @p pattern (fontconfig, NULL or "" means "Noto Sans CJK SC") to a
 * font file and face index, regular and bold: the default family from
 * fonts-noto-cjk's files where they are (without starting fontconfig),
 * anything else through fontconfig. Returns NULL (logged, with what to
 * install) when no font matches or FreeType cannot start.
 */
struct mq_ui_text *mq_ui_text_create(SDL_Renderer *renderer, const char *pattern);

/** Close the fonts and free the cached textures. NULL is a no-op. */
void mq_ui_text_destroy(struct mq_ui_text *t);

/** Drop every cached texture (the renderer lost them, or to free memory). */
void mq_ui_text_reset(struct mq_ui_text *t);

/** Width in px of @p len bytes of UTF-8 @p s at @p px (sum of glyph advances). */
int mq_ui_text_width(struct mq_ui_text *t, int px, bool bold, const char *s, size_t len);

/**
 * Break @p s into lines no wider than @p max_w px: at spaces for Latin words,
 * between Chinese characters (never before ，。？！ and their kin), and at '\n'.
 * Writes at most @p max_lines lines and returns how many there are in all.
 */
size_t mq_ui_text_wrap(struct mq_ui_text *t, int px, bool bold, const char *s, int max_w,
		       struct mq_ui_line *lines, size_t max_lines);

/** Height in px of a rendered line at @p px (ascent + descent of the font). */
int mq_ui_text_font_height(struct mq_ui_text *t, int px, bool bold);

/**
 * Draw @p len bytes of @p s with its top-left at (@p x, @p y) in @p color;
 * with @p measure, draw nothing. Returns the area the line covers (empty
 * when nothing is drawn). Widgets draw through mq_ui_draw_text (draw.h).
 */
SDL_Rect mq_ui_text_draw(struct mq_ui_text *t, int px, bool bold, mq_ui_rgb color,
			 const char *s, size_t len, int x, int y, bool measure);

/** True when the icon font (Font Awesome, fonts-font-awesome) was found. */
bool mq_ui_text_has_icons(const struct mq_ui_text *t);

/**
 * Draw icon @p cp (a Font Awesome 4 code point) at @p px, centred in
 * @p box, in @p color (nothing with @p measure, or without the icon font).
 * Returns the area it covers.
 */
SDL_Rect mq_ui_text_draw_icon(struct mq_ui_text *t, int px, uint32_t cp, mq_ui_rgb color,
			      SDL_Rect box, bool measure);

/** Decode one UTF-8 code point at @p s (at most @p len bytes); sets @p n to its length (>= 1). */
uint32_t mq_ui_utf8_next(const char *s, size_t len, size_t *n);

/** Number of code points in the NUL-terminated UTF-8 string @p s. */
size_t mq_ui_utf8_count(const char *s);

/** Byte length of the last code point of the @p len bytes at @p s (0 if empty). */
size_t mq_ui_utf8_last_len(const char *s, size_t len);

#endif
