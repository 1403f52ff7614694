/* ime_pinyin.c — pinyin composition over pinyin.h (see ime_pinyin.h). */
#include "ime_pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "pinyin.h"

#define CAND_BYTES (MQ_PINYIN_MAX_LETTERS * 3 + 1)

struct mq_ui_ime_pinyin {
	char letters[MQ_PINYIN_MAX_LETTERS + 1];
	size_t n_letters;
	size_t n_cands;                       /* from the decoder */
	char cands[MQ_UI_KEYBOARD_MAX_CANDIDATES][CAND_BYTES];
	size_t n_cached;                      /* how many of cands[] are filled */
	char composing[CAND_BYTES + MQ_PINYIN_MAX_LETTERS + 1];
};

static void wipe(struct mq_ui_ime_pinyin *p)
{
	/* A resident's words: overwrite, do not just forget. */
	memset(p->letters, 0, sizeof(p->letters));
	memset(p->cands, 0, sizeof(p->cands));
	memset(p->composing, 0, sizeof(p->composing));
	p->n_letters = p->n_cands = p->n_cached = 0;
	mq_pinyin_reset();
}

/* After the decoder changed: cache the candidates and the composing line
 * ("路口" already chosen + "honglvdeng" still pinyin). */
static void update(struct mq_ui_ime_pinyin *p)
{
	size_t fixed, chars = 0, off = 0, n;

	p->n_cached = 0;
	for (size_t i = 0; i < p->n_cands && i < MQ_UI_KEYBOARD_MAX_CANDIDATES; i++) {
		if (!mq_pinyin_candidate(i, p->cands[i], sizeof(p->cands[i])))
			break;
		p->n_cached++;
	}
	p->composing[0] = '\0';
	if (p->n_letters == 0)
		return;
	fixed = mq_pinyin_fixed_chars();
	/* the fixed characters are the start of candidate 0 */
	if (fixed > 0 && p->n_cached > 0) {
		const char *c0 = p->cands[0];

		while (c0[off] && chars < fixed) {
			off++;
			while (((unsigned char)c0[off] & 0xC0) == 0x80)
				off++;
			chars++;
		}
		memcpy(p->composing, c0, off);
	}
	n = mq_pinyin_fixed_letters();
	if (n > p->n_letters)
		n = p->n_letters;
	snprintf(p->composing + off, sizeof(p->composing) - off, "%s", p->letters + n);
}

static void search(struct mq_ui_ime_pinyin *p)
{
	p->n_cands = p->n_letters ? mq_pinyin_search(p->letters) : 0;
	if (p->n_letters == 0)
		mq_pinyin_reset();
	update(p);
}

static void commit_best(struct mq_ui_ime_pinyin *p, struct mq_ui_keyboard *kb)
{
	if (p->n_letters == 0)
		return;
	if (p->n_cached > 0)
		mq_ui_keyboard_commit(kb, p->cands[0]);
	else
		mq_ui_keyboard_commit(kb, p->letters);
	wipe(p);
}

static bool on_key(void *cls, struct mq_ui_keyboard *kb, const struct mq_ui_key_def *key)
{
	struct mq_ui_ime_pinyin *p = cls;
	bool letter = key->kind == MQ_UI_KEY_CHAR && key->text && key->text[0] >= 'a' &&
		      key->text[0] <= 'z' && !key->text[1];

	if (letter && !mq_ui_keyboard_shifted(kb)) {
		if (p->n_letters >= MQ_PINYIN_MAX_LETTERS)
			return true;           /* long enough: ignore, like a phone does */
		p->letters[p->n_letters++] = key->text[0];
		p->letters[p->n_letters] = '\0';
		search(p);
		return true;
	}
	if (p->n_letters == 0)
		return false;                  /* not composing: the key types itself */
	switch (key->kind) {
	case MQ_UI_KEY_BACKSPACE:
		p->letters[--p->n_letters] = '\0';
		search(p);
		return true;
	case MQ_UI_KEY_SPACE:
		commit_best(p, kb);
		return true;
	case MQ_UI_KEY_ENTER:
		mq_ui_keyboard_commit(kb, p->letters);
		wipe(p);
		return true;
	default:
		/* punctuation, digits, a shifted letter: the best conversion
		 * first, then the key types as usual */
		commit_best(p, kb);
		return false;
	}
}

static size_t on_candidates(void *cls, const char **out, size_t max)
{
	struct mq_ui_ime_pinyin *p = cls;
	size_t n = p->n_cached < max ? p->n_cached : max;

	for (size_t i = 0; i < n; i++)
		out[i] = p->cands[i];
	return n;
}

static void on_pick(void *cls, struct mq_ui_keyboard *kb, size_t index)
{
	struct mq_ui_ime_pinyin *p = cls;
	bool done = false;

	if (index >= p->n_cached)
		return;
	p->n_cands = mq_pinyin_choose(index, &done);
	if (done || index == 0) {
		char out[CAND_BYTES];

		if (!mq_pinyin_candidate(0, out, sizeof(out)))
			snprintf(out, sizeof(out), "%s", p->cands[index]);
		mq_ui_keyboard_commit(kb, out);
		memset(out, 0, sizeof(out));
		wipe(p);
		return;
	}
	update(p);
}

static const char *on_composing(void *cls)
{
	return ((struct mq_ui_ime_pinyin *)cls)->composing;
}

static void on_reset(void *cls)
{
	wipe(cls);
}

struct mq_ui_ime_pinyin *mq_ui_ime_pinyin_create(const char *dict_path, struct mq_ui_ime *out)
{
	struct mq_ui_ime_pinyin *p;
	const char *env = getenv("MQ_PINYIN_DICT");

	if (!dict_path)
		dict_path = env && *env ? env : MQ_PINYIN_DICT_DEFAULT;
	if (!mq_pinyin_open(dict_path)) {
		mq_log_warn("ui", "pinyin input is off: cannot open %s (install libgooglepinyin0)",
			    dict_path);
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		mq_pinyin_close();
		return NULL;
	}
	*out = (struct mq_ui_ime){ on_key, on_candidates, on_pick, on_composing, on_reset, NULL, p };
	return p;
}

void mq_ui_ime_pinyin_destroy(struct mq_ui_ime_pinyin *p)
{
	if (!p)
		return;
	wipe(p);
	mq_pinyin_close();
	free(p);
}
