/* handwriting.h — the handwriting input method: a square writing pad
 * ("kbd.hw.pad", role input) with a 田 guide where the resident writes one
 * character with a finger, "kbd.hw.clear" (重写) to start again, and the
 * keyboard's candidate bar offering the best matches (hwr.h). Backspace
 * takes back the last stroke while there are strokes. */
#ifndef MQ_UI_HANDWRITING_H
#define MQ_UI_HANDWRITING_H

#include <stdbool.h>

#include "keyboard.h"

struct mq_ui_handwriting;

/**
 * A handwriting input method recognising with the zinnia @p model (NULL:
 * the default, see hwr.h). Always returns an input method to hand to
 * mq_ui_keyboard_set_handwriting() (NULL only when out of memory): without
 * zinnia or the model the pad explains that handwriting is unavailable.
 * The model is opened only while the pad is shown.
 */
struct mq_ui_handwriting *mq_ui_handwriting_create(const char *model, struct mq_ui_ime *out);

/** Free. NULL is a no-op. */
void mq_ui_handwriting_destroy(struct mq_ui_handwriting *h);

/** True while the pad is up with its recogniser open (zinnia and the model were found). */
bool mq_ui_handwriting_available(const struct mq_ui_handwriting *h);

/**
 * Ask the kernel to read the model file ahead into the page cache (memory
 * it may take back; the kiosk's own stays small), so that the pad's first
 * opening maps it without waiting for the disk. Returns at once.
 */
void mq_ui_handwriting_prefetch(const struct mq_ui_handwriting *h);

/** Strokes written so far on the pad. */
size_t mq_ui_handwriting_strokes(const struct mq_ui_handwriting *h);

#endif
