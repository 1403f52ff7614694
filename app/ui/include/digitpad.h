/* digitpad.h — a big 3x4 digits pad for short codes, PINs and phone
 * numbers: keys "<prefix>.key.0" .. "<prefix>.key.9", "<prefix>.key.backspace"
 * (删除) and "<prefix>.key.clear" (清空), role "key", laid out like a phone.
 * The pad types into whatever its owner says; phone.h decides what a phone
 * number may be. */
#ifndef MQ_UI_DIGITPAD_H
#define MQ_UI_DIGITPAD_H

#include <stdbool.h>

#include "widget.h"

/**
 * What the keys call. Owned by the caller and must outlive the widgets
 * (the screen keeps it in its long-lived state). @p key is '0'..'9',
 * '\b' for backspace or 'c' for clear.
 */
struct mq_ui_digitpad {
	void (*on_key)(struct mq_ui_digitpad *pad, char key);
	void *cls;
};

/**
 * Add the twelve keys inside @p area (rows of at least the theme's touch
 * target). @p prefix is the id prefix ("track", "phone", ...). Returns
 * false on error.
 */
bool mq_ui_digitpad_build(struct mq_ui_digitpad *pad, struct mq_ui_tree *tree,
			  const struct mq_ui_theme *t, const char *prefix, SDL_Rect area);

/**
 * A pad of the characters of @p chars (ASCII letters and digits) in rows of
 * @p cols, then 删除 and 清空 last, inside @p area: keys
 * "<prefix>.key.<char in lower case>", "<prefix>.key.backspace" and
 * "<prefix>.key.clear", role "key". Each key calls @p pad->on_key with its
 * character as given (upper case stays upper case), '\b' or 'c'. For codes
 * typed from a screen (an enrollment code's alphabet). False on error.
 */
bool mq_ui_keypad_build(struct mq_ui_digitpad *pad, struct mq_ui_tree *tree,
			const struct mq_ui_theme *t, const char *prefix, const char *chars,
			int cols, SDL_Rect area);

/** Height the pad wants at width @p w: four rows of keys. */
int mq_ui_digitpad_height(const struct mq_ui_theme *t);

/** What a phone number typed so far is. */
enum mq_ui_phone {
	MQ_UI_PHONE_EMPTY,
	MQ_UI_PHONE_PARTIAL,       /* could still become a number */
	MQ_UI_PHONE_OK,            /* a mainland mobile (1[3-9] + 9) or landline (0 + 9..11) */
	MQ_UI_PHONE_INVALID,
};

/** Classify @p digits (only '0'..'9' expected). */
enum mq_ui_phone mq_ui_phone_check(const char *digits);

/**
 * True when appending @p d to @p digits can still lead to a valid number
 * (the pad refuses the key otherwise, and says why).
 */
bool mq_ui_phone_accepts(const char *digits, char d);

/** Longest phone number in digits (landline with a 4-digit area code). */
#define MQ_UI_PHONE_MAX 12

/** The Chinese sentence (through mq_tr) explaining what a phone number looks like. */
const char *mq_ui_phone_rule(void);

#endif
