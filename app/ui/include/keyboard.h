/* keyboard.h — the on-screen keyboard. Each key is a widget with role "key"
 * and id "kbd.key.<name>": digits 0..9 and backspace on top; then either
 * the letter layer (a..z, shift, enter, comma, period, question and the
 * Chinese punctuation cn_comma ，cn_period 。) or the symbol layer (符号:
 * cn_pause 、cn_colon ：... at, hash, percent, ...); and a bottom row with
 * symbols (符号/字母), lang (中/英), handwriting (手写/键盘), space,
 * cn_question ？cn_exclamation ！exclamation !.
 *
 * Input methods plug in through struct mq_ui_ime: the pinyin IME sees
 * every key before it types (unless the resident switched to English
 * letters), may compose, and fills the candidate bar above the keys:
 * "kbd.composing" (what is being composed), "kbd.candidate.<n>" (n-th on
 * the shown page), "kbd.page.prev" / "kbd.page.next". The handwriting IME
 * replaces the letter rows with its writing pad and uses the same bar. */
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
	MQ_UI_KEY_SYMBOLS,         /* letter layer <-> symbol layer */
	MQ_UI_KEY_LANG,            /* Chinese (pinyin) <-> English letters */
	MQ_UI_KEY_HANDWRITING,     /* keys <-> handwriting pad */
};

/** Which layer a key belongs to. */
enum mq_ui_key_layer {
	MQ_UI_LAYER_ALL,           /* digits row and bottom row */
	MQ_UI_LAYER_LETTERS,
	MQ_UI_LAYER_SYMBOLS,
};

/** One key of the layout (static data). */
struct mq_ui_key_def {
	const char *name;          /* id suffix: kbd.key.<name> */
	const char *text;          /* what it types; NULL for function keys */
	const char *label;         /* Chinese label (through mq_tr) for function keys, else NULL */
	enum mq_ui_key_kind kind;
	int row;                   /* 0 = top */
	double units;              /* width, 1.0 = a letter key */
	enum mq_ui_key_layer layer;
};

/** The key rows of the layout. */
#define MQ_UI_KEYBOARD_ROWS 5

/** Most candidates an input method offers at once (over all pages). */
#define MQ_UI_KEYBOARD_MAX_CANDIDATES 64

/** The layout: every key of every layer in row order. Sets @p n. */
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
 * @p candidates (up to @p max, pointers valid until the IME's next call);
 * @p pick is called when the resident taps candidate @p index (over all
 * pages). @p composing (may be NULL) is the text shown left of the
 * candidates. @p reset forgets everything (the resident walked away).
 * @p build (may be NULL) lets an IME draw its own input area (the
 * handwriting pad) in place of the letter rows.
 */
struct mq_ui_ime {
	bool (*key)(void *cls, struct mq_ui_keyboard *kb, const struct mq_ui_key_def *key);
	size_t (*candidates)(void *cls, const char **out, size_t max);
	void (*pick)(void *cls, struct mq_ui_keyboard *kb, size_t index);
	const char *(*composing)(void *cls);
	void (*reset)(void *cls);
	bool (*build)(void *cls, struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
		      const struct mq_ui_theme *t, SDL_Rect area);
	void *cls;
};

/** A keyboard delivering to @p sink (copied). NULL when out of memory. */
struct mq_ui_keyboard *mq_ui_keyboard_create(const struct mq_ui_keyboard_sink *sink);

/** Free the keyboard. NULL is a no-op. Its widgets belong to their tree. */
void mq_ui_keyboard_destroy(struct mq_ui_keyboard *kb);

/** Plug in the pinyin input method (copied), or remove it with NULL. */
void mq_ui_keyboard_set_ime(struct mq_ui_keyboard *kb, const struct mq_ui_ime *ime);

/** Plug in the handwriting input method (copied), or remove it with NULL. */
void mq_ui_keyboard_set_handwriting(struct mq_ui_keyboard *kb, const struct mq_ui_ime *hw);

/** Height in px the keyboard needs in theme @p t (with the candidate bar when an IME is in). */
int mq_ui_keyboard_height(const struct mq_ui_keyboard *kb, const struct mq_ui_theme *t);

/**
 * Add the key widgets of the current layer to @p tree inside @p area (full
 * width, the height from mq_ui_keyboard_height). The keyboard remembers
 * @p tree until the next build; rebuild it whenever the tree is cleared.
 * Returns false on error.
 */
bool mq_ui_keyboard_build(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, SDL_Rect area);

/**
 * Add the key @p name of the layout at @p rect (for an IME's own area, e.g.
 * backspace beside the handwriting pad). NULL if no such key or on error.
 */
struct mq_ui_widget *mq_ui_keyboard_add_key(struct mq_ui_keyboard *kb, struct mq_ui_tree *tree,
					   const struct mq_ui_theme *t, const char *name,
					   SDL_Rect rect);

/** Forget the tree (it is being cleared): taps no longer reach stale widgets. */
void mq_ui_keyboard_detach(struct mq_ui_keyboard *kb);

/** Deliver @p utf8 to the sink (for an IME committing a candidate). */
void mq_ui_keyboard_commit(struct mq_ui_keyboard *kb, const char *utf8);

/** Deliver a backspace to the sink. */
void mq_ui_keyboard_delete(struct mq_ui_keyboard *kb);

/** Refresh the candidate bar from the active IME (call after the IME changed it). */
void mq_ui_keyboard_refresh(struct mq_ui_keyboard *kb);

/** True while shift is on (the next letter is upper case). */
bool mq_ui_keyboard_shifted(const struct mq_ui_keyboard *kb);

/** True while the symbol layer is shown. */
bool mq_ui_keyboard_symbols(const struct mq_ui_keyboard *kb);

/** True while letters type English (the pinyin IME is bypassed). */
bool mq_ui_keyboard_latin(const struct mq_ui_keyboard *kb);

/** Make letters type English (true) or pinyin (false); the layout changes at the next build. */
void mq_ui_keyboard_set_latin(struct mq_ui_keyboard *kb, bool latin);

/** True while the handwriting pad replaces the letter rows. */
bool mq_ui_keyboard_handwriting(const struct mq_ui_keyboard *kb);

/** Candidates shown on one page of the bar (after a build). */
size_t mq_ui_keyboard_per_page(const struct mq_ui_keyboard *kb);

/** The page of candidates shown (0 = first). */
size_t mq_ui_keyboard_page(const struct mq_ui_keyboard *kb);

/**
 * Act as if the key @p name was tapped (what the key widgets call). False
 * if no such key. Function keys that change the layout (symbols, lang,
 * handwriting) ask for a rebuild through the relayout hook.
 */
bool mq_ui_keyboard_press(struct mq_ui_keyboard *kb, const char *name);

/** Called when the keyboard's layout changed and the screen must be rebuilt. */
void mq_ui_keyboard_set_relayout(struct mq_ui_keyboard *kb, void (*cb)(void *cls), void *cls);

/**
 * Back to the start state for the next resident: letter layer, no shift,
 * pinyin (or English letters when @p latin), no handwriting, and every
 * IME reset (compositions, strokes, candidates forgotten).
 */
void mq_ui_keyboard_reset(struct mq_ui_keyboard *kb, bool latin);

#endif
