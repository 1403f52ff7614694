/* qr.c — QR codes in pages as inline SVG (mq_html.h), so a page needs no
 * image route and no PNG encoder: the modules of each row are merged into
 * runs and drawn as one path of numbers, which mq_html_printf formats. */
#include <qrencode.h>
#include <string.h>

#include "mq_html.h"
#include "mq_log.h"

#define QUIET 4   /* modules of white around the code, as ISO/IEC 18004 asks */

bool mq_html_qr(struct mq_html *h, const char *text, int px, const char *label)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int side;

	if (!qr) {
		mq_log_warn("html", "cannot encode a QR code of %zu bytes", strlen(text));
		return false;
	}
	side = qr->width + 2 * QUIET;
	mq_html_printf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"%d\""
		       " height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\""
		       " role=\"img\" aria-label=\"%s\"><rect width=\"%d\" height=\"%d\""
		       " fill=\"#fff\"/><path fill=\"#000\" d=\"", px, px, side, side, label, side,
		       side);
	for (int y = 0; y < qr->width; y++) {
		for (int x = 0; x < qr->width;) {
			int run = 0;

			/* the low bit of each byte is the module: dark or light */
			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			if (run)
				mq_html_printf(h, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run ? run : 1;
		}
	}
	mq_html_raw(h, "\"/></svg>");
	QRcode_free(qr);
	return true;
}
