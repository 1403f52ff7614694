/* png_write.h — the screenshot's PNG encoder (private to app/ui; display.c
 * is its only user).
 *
 * An 8-bit RGBA PNG, rows unfiltered, zlib's deflate at level 1: the
 * image is deflated in two strips at once, each strip primed with the 32 KB
 * before it and ended on a byte boundary, so the strips' streams
 * concatenate into one zlib stream (pigz's way). On the 2-core boards and
 * VMs the screenshot, which had been half of a start -> screenshot -> exit
 * run, takes about half the wall time (bench/README.md). The strips are
 * fixed (not one per CPU), so a screen gives the same bytes on every
 * machine. */
#ifndef MQ_UI_PNG_WRITE_H
#define MQ_UI_PNG_WRITE_H

#include <stdbool.h>
#include <stdio.h>

/** Write @p h rows of @p w pixels, @p pitch bytes apart from @p pixels, to
 * @p f as a PNG; the pixels are R, G, B, A bytes in memory, or B, G, R, A
 * if @p bgra. False if memory or the write fails (the caller logs). */
bool mq_ui_png_write(FILE *f, const void *pixels, int w, int h, int pitch, bool bgra);

#endif
