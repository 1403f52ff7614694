/* test_speech.c — read-aloud's player (app/speech) with a synthesizer of
 * the test's own behind the mq_synth.h table, on SDL's dummy audio driver:
 * saying never waits for the engine, a new utterance stops the one being
 * made, the history keeps the last utterances in order, silence keeps
 * nothing playing; and espeak-ng's cmn voice really makes sound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <string.h>

#include "mq_speech.h"
#include "mq_synth.h"

/* The fake engine: makes pieces of samples until told to stop or cut. */
static SDL_atomic_t started, cut, finished, pieces;
static SDL_sem *go;            /* the engine waits for this before its first piece */

static void *fake_open(int *rate)
{
	*rate = 16000;
	return &started;
}

static bool fake_speak(void *engine, const char *lang, const char *text, mq_synth_pcm_cb pcm,
		       void *cls)
{
	int16_t buf[160];

	for (size_t i = 0; i < 160; i++)
		buf[i] = (int16_t)(i % 2 ? 8000 : -8000);
	SDL_AtomicIncRef(&started);
	if (strcmp(text, "long") == 0)
		SDL_SemWait(go);
	for (int i = 0; i < 1000; i++) {
		SDL_AtomicIncRef(&pieces);
		if (!pcm(cls, buf, 160)) {
			SDL_AtomicIncRef(&cut);
			return true;
		}
	}
	SDL_AtomicIncRef(&finished);
	return true;
}

static void fake_close(void *engine)
{
}

static const struct mq_synth_impl fake = { "fake", fake_open, fake_speak, fake_close };

/* Poll @p v until it reaches @p want (at most 5 s): the speech thread's pace. */
static bool reaches(SDL_atomic_t *v, int want)
{
	for (int i = 0; i < 500; i++) {
		if (SDL_AtomicGet(v) >= want)
			return true;
		SDL_Delay(10);
	}
	return false;
}

static void test_say_never_waits_and_cuts(void **state)
{
	struct mq_speech *sp = mq_speech_create(&fake, 100);
	const char *h[MQ_SPEECH_HISTORY];
	Uint32 t0;

	assert_non_null(sp);
	mq_speech_say(sp, "zh", "long");
	assert_true(reaches(&started, 1));
	/* the engine is stuck in "long": saying more returns at once */
	t0 = SDL_GetTicks();
	mq_speech_say(sp, "zh", "short");
	assert_true(SDL_GetTicks() - t0 < 100);
	SDL_SemPost(go);
	/* "long" stops at its first piece; "short" is made whole */
	assert_true(reaches(&cut, 1));
	assert_true(reaches(&finished, 1));
	assert_int_equal(SDL_AtomicGet(&started), 2);
	assert_true(mq_speech_audible(sp));
	assert_int_equal(mq_speech_history(sp, h, MQ_SPEECH_HISTORY), 2);
	assert_string_equal(h[0], "long");
	assert_string_equal(h[1], "short");
	mq_speech_destroy(sp);
}

static void test_history_keeps_the_last(void **state)
{
	struct mq_speech *sp = mq_speech_create(NULL, 50);    /* no engine: silent */
	const char *h[MQ_SPEECH_HISTORY];
	char text[16];

	for (int i = 0; i < MQ_SPEECH_HISTORY + 3; i++) {
		snprintf(text, sizeof(text), "u%d", i);
		mq_speech_say(sp, "zh", text);
	}
	mq_speech_say(sp, "zh", "");                          /* ignored */
	assert_false(mq_speech_audible(sp));
	assert_int_equal(mq_speech_history(sp, h, MQ_SPEECH_HISTORY), MQ_SPEECH_HISTORY);
	assert_string_equal(h[0], "u3");
	assert_string_equal(h[MQ_SPEECH_HISTORY - 1], "u10");
	mq_speech_forget(sp);
	assert_int_equal(mq_speech_history(sp, h, MQ_SPEECH_HISTORY), 0);
	mq_speech_destroy(sp);
	mq_speech_destroy(NULL);
}

/* espeak-ng's Mandarin voice makes loud enough samples for a short sentence. */
static int16_t peak;
static size_t made;

static bool collect(void *cls, const int16_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] > peak)
			peak = s[i];
	made += n;
	return true;
}

static void test_espeak_cmn(void **state)
{
	const struct mq_synth_impl *e = mq_synth_default();
	void *eng;
	int rate = 0;

	if (!e)
		skip();                 /* built with MQ_SPEECH=OFF */
	eng = e->open(&rate);
	assert_non_null(eng);
	assert_true(rate >= 8000);
	assert_true(e->speak(eng, "zh", "查询码：九、九、六、九", collect, NULL));
	/* a second of speech at least, well above silence */
	assert_true(made > (size_t)rate);
	assert_true(peak > 4000);
	made = 0;
	assert_true(e->speak(eng, "en", "Thank you", collect, NULL));
	assert_true(made > 0);
	e->close(eng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_say_never_waits_and_cuts),
		cmocka_unit_test(test_history_keeps_the_last),
		cmocka_unit_test(test_espeak_cmn),
	};
	int rc;

	SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
	if (SDL_Init(SDL_INIT_EVENTS) != 0)
		return 1;
	go = SDL_CreateSemaphore(0);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	SDL_DestroySemaphore(go);
	SDL_Quit();
	return rc;
}
