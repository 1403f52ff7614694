/* mq_slip.h — a paper receipt (回执) as a thermal printer's picture: the
 * kiosk draws the slip itself with its own toolkit (the CJK font, wrapped
 * lines, the QR code) into a 1-bit raster as wide as the printer's head, so
 * Chinese prints on any ESC/POS printer without its fonts (mq_escpos.h). */
#ifndef MQ_SLIP_H
#define MQ_SLIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Dots across a 58 mm printer's head (203 dpi: 48 mm printable). */
#define MQ_SLIP_DOTS_58 384
/** Dots across an 80 mm printer's head (203 dpi: 72 mm printable). */
#define MQ_SLIP_DOTS_80 576

/** Lines of text a slip carries under its QR code, at most. */
#define MQ_SLIP_LINES_MAX 12

/** One line of the slip (wrapped to the paper's width). */
struct mq_slip_line {
	const char *text;
	bool bold;
	bool big;                  /* a heading's size instead of the body's */
};

/** What a slip says, top to bottom. Strings are borrowed for the render. */
struct mq_slip {
	const char *studio;        /* the studio's name, centred at the top */
	const char *printed_at;    /* the date and time, under it */
	const char *title;         /* 意见回执 / 预约回执 */
	const char *code_label;    /* 查询码 / 预约码 */
	const char *code;          /* the 8 digits, printed large as "1234 5678" */
	const char *url;           /* the QR code's text (tracking or booking page); NULL: none */
	const char *qr_caption;    /* under the QR code */
	struct mq_slip_line lines[MQ_SLIP_LINES_MAX];
	size_t n_lines;
};

/** A 1-bit picture: rows of (w + 7) / 8 bytes, the leftmost dot in the top bit, 1 = black. */
struct mq_raster {
	int w, h;
	uint8_t *bits;
};

/**
 * Draw @p slip @p dots wide (MQ_SLIP_DOTS_58 or MQ_SLIP_DOTS_80) with the
 * fontconfig font @p font into @p out (free with mq_raster_finish). SDL
 * must be up. False (logged) on failure: no font, no memory.
 */
bool mq_slip_render(const struct mq_slip *slip, int dots, const char *font,
		    struct mq_raster *out);

/** Free what @p r holds (not @p r itself). */
void mq_raster_finish(struct mq_raster *r);

#endif
