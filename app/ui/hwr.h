/* hwr.h — handwriting recognition: one Chinese character from finger
 * strokes, through zinnia with the tegaki-zinnia-simplified-chinese model.
 *
 * zinnia is loaded with dlopen("libzinnia.so.0") at run time rather than
 * linked: Debian 12's libzinnia0/libzinnia-dev are not Multi-Arch: same, so
 * the amd64 and arm64 packages cannot be installed side by side and the
 * arm64 cross build could not link it. On the board (or any machine without
 * the library or the model) handwriting is simply unavailable and the
 * keyboard says so; pinyin still works. */
#ifndef MQ_UI_HWR_H
#define MQ_UI_HWR_H

#include <stdbool.h>
#include <stddef.h>

/** A point of a stroke, in pad pixels. */
struct mq_ui_hw_point {
	int x, y;
};

/** A character as the resident wrote it: strokes of points. */
struct mq_ui_hw_char {
	const struct mq_ui_hw_point *const *strokes;   /* strokes[i] has lens[i] points */
	const size_t *lens;
	size_t n;                                      /* number of strokes */
	int width, height;                             /* the writing area */
};

/** Longest UTF-8 candidate (one character, with room to spare). */
#define MQ_UI_HWR_CAND_BYTES 16

struct mq_ui_hwr;

/**
 * Load zinnia and the model at @p model (NULL: $MQ_ZINNIA_MODEL, else the
 * Debian path). Returns NULL (logged once, with what to install) when
 * either is missing.
 */
struct mq_ui_hwr *mq_ui_hwr_create(const char *model);

/**
 * Start reading the model file at @p model (NULL: as mq_ui_hwr_create)
 * into the page cache in the background (posix_fadvise WILLNEED); quiet
 * when it is missing (the pad says so when it opens).
 */
void mq_ui_hwr_prefetch(const char *model);

/** Free the recognizer. NULL is a no-op. */
void mq_ui_hwr_destroy(struct mq_ui_hwr *r);

/**
 * The best @p max guesses for @p c, best first, into @p out. Returns how
 * many (0 for an empty character or on error).
 */
size_t mq_ui_hwr_classify(struct mq_ui_hwr *r, const struct mq_ui_hw_char *c,
			  char out[][MQ_UI_HWR_CAND_BYTES], size_t max);

#endif
