/* mq_synth.h — a text-to-speech engine behind a small operations table, so
 * that a board with a better engine (a vendor's, a neural one) replaces
 * espeak-ng by handing another table to mq_speech_create; nothing else
 * changes. An engine turns UTF-8 text into mono 16-bit signed samples. */
#ifndef MQ_SYNTH_H
#define MQ_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Receives the samples of an utterance as the engine makes them, in pieces.
 * Returns false to stop the engine (a newer utterance cut this one).
 */
typedef bool (*mq_synth_pcm_cb)(void *cls, const int16_t *samples, size_t n);

/** One engine. Its functions run on the speech thread only, one at a time. */
struct mq_synth_impl {
	/** The engine's name for the log ("espeak-ng"). */
	const char *name;

	/**
	 * Start the engine. Returns its state (NULL on failure, logged) and sets
	 * @p rate to its sample rate in Hz (mono, 16-bit signed, native order).
	 */
	void *(*open)(int *rate);

	/**
	 * Say @p text (UTF-8) in @p lang ("zh": Mandarin, "en": English),
	 * handing the samples to @p pcm with @p cls until it is done or @p pcm
	 * returns false. False on an engine error (logged).
	 */
	bool (*speak)(void *engine, const char *lang, const char *text, mq_synth_pcm_cb pcm,
		      void *cls);

	/** Stop the engine and free @p engine. NULL is a no-op. */
	void (*close)(void *engine);
};

/**
 * The engine this build has: espeak-ng (its "cmn" voice for Mandarin) when
 * built with MQ_SPEECH, else NULL (the kiosk then records what it would
 * say but stays silent).
 */
const struct mq_synth_impl *mq_synth_default(void);

#endif
