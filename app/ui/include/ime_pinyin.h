/* ime_pinyin.h — the pinyin input method for the on-screen keyboard:
 * letters compose, the candidate bar offers phrases (libgooglepinyin through
 * pinyin.h), backspace edits the pinyin, space takes the first candidate,
 * enter types the letters as they are, punctuation and digits first commit
 * the best conversion. */
#ifndef MQ_UI_IME_PINYIN_H
#define MQ_UI_IME_PINYIN_H

#include <stdbool.h>

#include "keyboard.h"

struct mq_ui_ime_pinyin;

/**
 * Open the decoder on @p dict_path (NULL: $MQ_PINYIN_DICT, else Debian's
 * dictionary) and fill @p out with the input method to hand to
 * mq_ui_keyboard_set_ime(). Returns NULL (logged) when pinyin is not
 * available; the keyboard then types letters only.
 */
struct mq_ui_ime_pinyin *mq_ui_ime_pinyin_create(const char *dict_path, struct mq_ui_ime *out);

/** Close the decoder and free. NULL is a no-op. */
void mq_ui_ime_pinyin_destroy(struct mq_ui_ime_pinyin *p);

#endif
