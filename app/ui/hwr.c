/* hwr.c — zinnia through dlopen (see hwr.h for why). The few entry points
 * are declared here with zinnia's C signatures (zinnia.h, version 0.06). */
#include "hwr.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mq_log.h"

typedef struct zinnia_character_t zinnia_character_t;
typedef struct zinnia_recognizer_t zinnia_recognizer_t;
typedef struct zinnia_result_t zinnia_result_t;

struct zinnia {
	void *lib;
	zinnia_character_t *(*character_new)(void);
	void (*character_destroy)(zinnia_character_t *);
	void (*character_set_width)(zinnia_character_t *, size_t);
	void (*character_set_height)(zinnia_character_t *, size_t);
	void (*character_clear)(zinnia_character_t *);
	int (*character_add)(zinnia_character_t *, size_t, int, int);
	zinnia_recognizer_t *(*recognizer_new)(void);
	void (*recognizer_destroy)(zinnia_recognizer_t *);
	int (*recognizer_open)(zinnia_recognizer_t *, const char *);
	const char *(*recognizer_strerror)(zinnia_recognizer_t *);
	zinnia_result_t *(*recognizer_classify)(zinnia_recognizer_t *, const zinnia_character_t *,
						size_t);
	const char *(*result_value)(zinnia_result_t *, size_t);
	size_t (*result_size)(zinnia_result_t *);
	void (*result_destroy)(zinnia_result_t *);
};

struct mq_ui_hwr {
	struct zinnia z;
	zinnia_recognizer_t *rec;
	zinnia_character_t *chr;
};

static bool bind(struct zinnia *z)
{
#define SYM(field, name)                                             \
	do {                                                         \
		*(void **)(&z->field) = dlsym(z->lib, name);         \
		if (!z->field)                                       \
			return false;                                \
	} while (0)
	SYM(character_new, "zinnia_character_new");
	SYM(character_destroy, "zinnia_character_destroy");
	SYM(character_set_width, "zinnia_character_set_width");
	SYM(character_set_height, "zinnia_character_set_height");
	SYM(character_clear, "zinnia_character_clear");
	SYM(character_add, "zinnia_character_add");
	SYM(recognizer_new, "zinnia_recognizer_new");
	SYM(recognizer_destroy, "zinnia_recognizer_destroy");
	SYM(recognizer_open, "zinnia_recognizer_open");
	SYM(recognizer_strerror, "zinnia_recognizer_strerror");
	SYM(recognizer_classify, "zinnia_recognizer_classify");
	SYM(result_value, "zinnia_result_value");
	SYM(result_size, "zinnia_result_size");
	SYM(result_destroy, "zinnia_result_destroy");
#undef SYM
	return true;
}

static const char *model_path(const char *model)
{
	const char *env = getenv("MQ_ZINNIA_MODEL");

	if (model)
		return model;
	return env && *env ? env : MQ_ZINNIA_MODEL_DEFAULT;
}

void mq_ui_hwr_prefetch(const char *model)
{
	int fd = open(model_path(model), O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
	close(fd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct mq_ui_hwr *mq_ui_hwr_create(const char *model)
{
	struct mq_ui_hwr *r;
	long t0 = now_ms();

	model = model_path(model);
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->z.lib = dlopen("libzinnia.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!r->z.lib) {
		mq_log_warn("ui", "handwriting is off: cannot load libzinnia.so.0 (install libzinnia0)");
		goto fail;
	}
	if (!bind(&r->z)) {
		mq_log_warn("ui", "handwriting is off: libzinnia.so.0 lacks the zinnia 0.06 API");
		goto fail;
	}
	r->rec = r->z.recognizer_new();
	r->chr = r->z.character_new();
	if (!r->rec || !r->chr)
		goto fail;
	if (!r->z.recognizer_open(r->rec, model)) {
		mq_log_warn("ui", "handwriting is off: cannot open the model %s: %s "
			    "(install tegaki-zinnia-simplified-chinese)", model,
			    r->z.recognizer_strerror(r->rec));
		goto fail;
	}
	/* bench/kiosk.sh reads the time: the pad's first opening pays it. */
	mq_log_info("ui", "handwriting model %s opened in %ld ms", model, now_ms() - t0);
	return r;
fail:
	mq_ui_hwr_destroy(r);
	return NULL;
}

void mq_ui_hwr_destroy(struct mq_ui_hwr *r)
{
	if (!r)
		return;
	if (r->chr)
		r->z.character_destroy(r->chr);
	if (r->rec)
		r->z.recognizer_destroy(r->rec);
	if (r->z.lib)
		dlclose(r->z.lib);
	free(r);
}

size_t mq_ui_hwr_classify(struct mq_ui_hwr *r, const struct mq_ui_hw_char *c,
			  char out[][MQ_UI_HWR_CAND_BYTES], size_t max)
{
	zinnia_result_t *res;
	size_t n = 0, total;

	if (!r || c->n == 0 || c->width <= 0 || c->height <= 0)
		return 0;
	r->z.character_clear(r->chr);
	r->z.character_set_width(r->chr, (size_t)c->width);
	r->z.character_set_height(r->chr, (size_t)c->height);
	for (size_t s = 0; s < c->n; s++)
		for (size_t i = 0; i < c->lens[s]; i++)
			(void)r->z.character_add(r->chr, s, c->strokes[s][i].x, c->strokes[s][i].y);
	res = r->z.recognizer_classify(r->rec, r->chr, max);
	r->z.character_clear(r->chr);
	if (!res)
		return 0;
	total = r->z.result_size(res);
	for (size_t i = 0; i < total && n < max; i++) {
		const char *v = r->z.result_value(res, i);

		if (v && *v && strlen(v) < MQ_UI_HWR_CAND_BYTES)
			snprintf(out[n++], MQ_UI_HWR_CAND_BYTES, "%s", v);
	}
	r->z.result_destroy(res);
	return n;
}
