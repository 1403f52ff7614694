/* qr.h — a QR code widget (role "qr"; its text is the encoded string). */
#ifndef MQ_UI_QR_H
#define MQ_UI_QR_H

#include "widget.h"

/** Smallest module size in px: phones and zbarimg read it from a screenshot. */
#define MQ_UI_QR_MIN_MODULE 4

/** Modules of quiet zone around the symbol. */
#define MQ_UI_QR_QUIET 4

/**
 * Add a QR code of @p text (libqrencode, level M, 8-bit) as big as fits in
 * @p area with a whole number of px per module (at least
 * MQ_UI_QR_MIN_MODULE) and a quiet zone of MQ_UI_QR_QUIET modules, centred;
 * the widget's rect is the symbol with its quiet zone. NULL on error (logged).
 */
struct mq_ui_widget *mq_ui_qr_create(struct mq_ui_tree *tree, const struct mq_ui_theme *t,
				     const char *id, const char *text, SDL_Rect area);

/** Pixels per module of @p w (a QR widget), 0 otherwise. */
int mq_ui_qr_module_px(const struct mq_ui_widget *w);

#endif
