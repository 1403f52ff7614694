/* pinyin.h — a plain C face for libgooglepinyin (pinyin_shim.cc).
 * The library keeps one decoder per process (global state), so this module
 * is a set of functions, not an object. UI thread only.
 *
 * Privacy: the decoder is opened with a user-dictionary path that can never
 * be created, so libgooglepinyin runs without a user dictionary: nothing a
 * resident types is learned or written anywhere. */
#ifndef MQ_UI_PINYIN_H
#define MQ_UI_PINYIN_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest pinyin the decoder takes (letters). */
#define MQ_PINYIN_MAX_LETTERS 48

/**
 * Open the decoder on the system dictionary @p dict_path. Returns false
 * (and the pinyin input method stays off) when the file cannot be used.
 */
bool mq_pinyin_open(const char *dict_path);

/** Close the decoder. Harmless when it is not open. */
void mq_pinyin_close(void);

/** True while the decoder is open. */
bool mq_pinyin_is_open(void);

/**
 * Decode @p letters (a..z, ' as a syllable separator) from scratch;
 * returns the number of candidates. Candidate 0 is the best conversion of
 * the whole input (including what was chosen so far).
 */
size_t mq_pinyin_search(const char *letters);

/** Candidate @p i as UTF-8 into @p out (size @p size). Returns false if none. */
bool mq_pinyin_candidate(size_t i, char *out, size_t size);

/**
 * Choose candidate @p i; returns the number of candidates for the rest.
 * Sets @p done when the whole input is now converted (commit candidate 0).
 */
size_t mq_pinyin_choose(size_t i, bool *done);

/** How many Chinese characters of candidate 0 are already fixed by choices. */
size_t mq_pinyin_fixed_chars(void);

/**
 * Byte offset in the letters where the unconverted part starts (after the
 * fixed choices), for showing "路口hongludeng" while composing.
 */
size_t mq_pinyin_fixed_letters(void);

/** Forget the current input and every choice. */
void mq_pinyin_reset(void);

#ifdef __cplusplus
}
#endif

#endif
