/* mq_escpos.h — a raster as ESC/POS bytes for a thermal receipt printer:
 * ESC @ (reset), the picture as GS v 0 bands (every ESC/POS printer since
 * the TM-T88 knows it, and a band of at most MQ_ESCPOS_BAND rows fits the
 * small buffers of cheap 58 mm printers), paper fed past the cutter, and a
 * partial cut (GS V 66), which printers without a cutter ignore. */
#ifndef MQ_ESCPOS_H
#define MQ_ESCPOS_H

#include <stddef.h>
#include <stdint.h>

#include "mq_slip.h"

/** Rows of dots per GS v 0 command. */
#define MQ_ESCPOS_BAND 240

/**
 * The print job for @p r into a new buffer (*@p out, free()), its length
 * in *@p len. False when out of memory or the raster is empty or wider
 * than 65535 dots.
 */
bool mq_escpos_encode(const struct mq_raster *r, uint8_t **out, size_t *len);

#endif
