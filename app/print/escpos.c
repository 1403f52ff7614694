/* escpos.c — a raster as an ESC/POS print job (mq_escpos.h). */
#include "mq_escpos.h"

#include <stdlib.h>
#include <string.h>

bool mq_escpos_encode(const struct mq_raster *r, uint8_t **out, size_t *len)
{
	size_t stride = r->w > 0 ? ((size_t)r->w + 7) / 8 : 0;
	size_t bands = r->h > 0 ? ((size_t)r->h + MQ_ESCPOS_BAND - 1) / MQ_ESCPOS_BAND : 0;
	size_t cap, n = 0;
	uint8_t *b;

	*out = NULL;
	*len = 0;
	if (!r->bits || stride == 0 || bands == 0 || stride > 0xFFFF)
		return false;
	cap = 2 + bands * 8 + stride * (size_t)r->h + 3 + 4;
	b = malloc(cap);
	if (!b)
		return false;
	b[n++] = 0x1B;                          /* ESC @: reset to defaults */
	b[n++] = '@';
	for (size_t band = 0; band < bands; band++) {
		size_t y0 = band * MQ_ESCPOS_BAND;
		size_t rows = (size_t)r->h - y0 < MQ_ESCPOS_BAND ? (size_t)r->h - y0 : MQ_ESCPOS_BAND;

		/* GS v 0 m xL xH yL yH: m 0 = normal size; x in bytes, y in dots */
		b[n++] = 0x1D;
		b[n++] = 'v';
		b[n++] = '0';
		b[n++] = 0;
		b[n++] = (uint8_t)(stride & 0xFF);
		b[n++] = (uint8_t)(stride >> 8);
		b[n++] = (uint8_t)(rows & 0xFF);
		b[n++] = (uint8_t)(rows >> 8);
		memcpy(b + n, r->bits + y0 * stride, rows * stride);
		n += rows * stride;
	}
	b[n++] = 0x1B;                          /* ESC d 4: feed past the cutter */
	b[n++] = 'd';
	b[n++] = 4;
	b[n++] = 0x1D;                          /* GS V 66 0: feed and partial cut */
	b[n++] = 'V';
	b[n++] = 66;
	b[n++] = 0;
	*out = b;
	*len = n;
	return true;
}
