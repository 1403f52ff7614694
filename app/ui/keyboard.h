/* keyboard.h — the on-screen keyboard. Each key is a widget with role "key"
 * and id "kbd.key.<name>": letters a..z, digits 0..9, space, backspace,
 * enter, shift, comma, period, question, exclamation, hyphen and the Chinese
 * punctuation cn_comma ，cn_period 。cn_question ？cn_exclamation ！cn_pause 、.
 *
 * Input methods plug in through struct mq_ui_ime: the IME sees every key
 * before it types, may compose (pinyin), and fills the candidate bar
 * (widgets "kbd.candidate.<n>") above the keys. Without an IME, letters
 * type letters. */
#ifndef MQ_UI_KEYBOARD_H
#define MQ_UI_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "widget.h"

/** What a key does. */
enum mq_ui_key_kind {
	MQ_UI_KEY_CHAR,            /* types its text (letters: upper case after shift) */
	MQ_UI_KEY_SPACE,
	MQ_UI_KEY_BACKSPACE,
	MQ_UI_KEY_ENTER,
	MQ_UI_KEY_SHIFT,
};

/** One key of the layout (static data). */
struct mq_ui_key_def {
	const char *name;          /* id suffix: kbd.key.<name> */
	const char *text;          /* what it types; NULL for function keys */
	const char *label;         /* Chinese label (through mq_tr) for function keys, else NULL */
	enum mq_ui_key_kind kind;
	int row;                   /* 0 = top */
	double units;              /* width, 1.0 = a letter key */
};

/** The key rows of the layout. */
#define MQ_UI_KEYBOARD_ROWS 5

/** The layout: every key in row order. Sets @p n to the number of keys. */
const struct mq_ui_key_def *mq_ui_keyboard_layout(size_t *n);

/**
 * The key that types the first character of @p s (at most @p len bytes):
 * sets @p consumed to that character's length and @p shift to whether the
 * key needs shift first (upper-case letters). NULL when no key types it.
 */
const struct mq_ui_key_def *mq_ui_keyboard_key_for(const char *s, size_t len, size_t *consumed,
						   bool *shift);

struct mq_ui_keyboard;

/** What the keyboard produces, delivered to the focused field. */
struct mq_ui_keyboard_sink {
	void (*text)(void *cls, const char *utf8);   /* insert (also "\n" for enter) */
	void (*backspace)(void *cls);
	void *cls;
};

/**
 * An input method. Every key goes to @p key first; returning true means the
 * IME consumed it (composing) and the keyboard types nothing. The IME
 * commits text with mq_ui_keyboard_commit() and lists candidates through
 * @p candidates (up to @p max, returns the count); @p pick is called when
 * the resident taps candidate @p index.
 */
struct mq_ui_ime {
	bool (*key)(void *cls, struct mq_ui_keyboard *kb, const struct mq_ui_key_def *key);
	size_t (*candidates)(void *cls, const char **out, size_t max);
	void (*pick)(void *cls, struct mq_ui_keyboard *kb, size_t index);
	void *cls;
};

/** A keyboard delivering to @p sink (copied). NULL when out of memory. */
struct mq_ui_keyboard *mq_ui_keyboard_create(const struct mq_ui_keyboard_sink *sink);

/** Free the keyboard. NULL is a no-op. Its widgets belong to their tree. */
void mq_ui_keyboard_destroy(struct mq_ui_keyboard *kb);

/** Plug in an input method (copied), or remove it with NULL. */
void mq_ui_keyboard_set_ime(struct mq_ui_keyboard *kb, const struct mq_ui_ime *ime);

/** Height in px the keyboard needs in theme @p t (the candidate bar only with an IME). */
int mq_ui_keyboard_height(const struct mq_ui_keyboard *kb, const struct mq_ui_theme *t);

/**
 * Add the key widgets to @p tree inside @p area (full width, the height
 * from mq_ui_keyboard_height). The keyboard remembers @p tree until the
 * next build; rebuild it whenever the tree is cleared. Returns false on error.
 */
bool mq_ui_keyboard_build(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, SDL_Rect area);

/** Deliver @p utf8 to the sink (for an IME committing a candidate). */
void mq_ui_keyboard_commit(struct mq_ui_keyboard *kb, const char *utf8);

/** Refresh the candidate bar from the IME (call after the IME changed it). */
void mq_ui_keyboard_refresh(struct mq_ui_keyboard *kb);

/** True while shift is on (the next letter is upper case). */
bool mq_ui_keyboard_shifted(const struct mq_ui_keyboard *kb);

/** Act as if the key @p name was tapped (what the key widgets call). False if no such key. */
bool mq_ui_keyboard_press(struct mq_ui_keyboard *kb, const char *name);

#endif
