/* mq_speech.h — read-aloud (朗读): utterances spoken through a synthesizer
 * (mq_synth.h) into an SDL audio device opened for 16-bit signed samples.
 * mq_speech_say never blocks: it hands the text to the speech thread, which
 * makes and plays the samples; a new utterance cuts the one playing. The
 * last utterances are kept as text (what the kiosk's dump calls "spoken"). */
#ifndef MQ_SPEECH_H
#define MQ_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_synth.h"

/** Utterances kept as text for mq_speech_history. */
#define MQ_SPEECH_HISTORY 8

/** Longest utterance in bytes (longer ones are cut at a character boundary). */
#define MQ_SPEECH_TEXT_MAX 1024

struct mq_speech;

/**
 * Start read-aloud with @p synth (may be NULL: nothing is heard, the text is
 * still kept) at @p volume (0..100): SDL's audio subsystem (SDL_Init must
 * have run), the engine and the audio device, and the speech thread. When
 * the engine or the device cannot start, logs why and keeps going silent.
 * Call on the UI thread. Returns NULL only when out of memory.
 */
struct mq_speech *mq_speech_create(const struct mq_synth_impl *synth, int volume);

/** Stop the thread, close the device and the engine, free @p sp. NULL is a no-op. */
void mq_speech_destroy(struct mq_speech *sp);

/**
 * Say @p text (UTF-8; @p lang "zh" or "en") now: what is playing stops, the
 * text joins the history, and the speech thread speaks it. Never blocks on
 * the engine or the device. Empty text is ignored.
 */
void mq_speech_say(struct mq_speech *sp, const char *lang, const char *text);

/** Stop speaking now (what is playing and what waits). */
void mq_speech_stop(struct mq_speech *sp);

/** Loudness 0..100 (values outside are clamped) for what is said from now on. */
void mq_speech_set_volume(struct mq_speech *sp, int volume);

/**
 * The last utterances, oldest first, into @p out (at most @p max); the
 * strings stay valid until the next mq_speech_say. Returns how many.
 */
size_t mq_speech_history(const struct mq_speech *sp, const char **out, size_t max);

/** Forget the history (a new resident: nobody needs what was said before). */
void mq_speech_forget(struct mq_speech *sp);

/**
 * True when nothing waits to be said, the engine is idle and the device has
 * taken every sample queued for it (what a test waits for before it looks
 * at the sound; it never sleeps). Also true without a speech thread.
 */
bool mq_speech_quiet(const struct mq_speech *sp);

/** True when an engine and an audio device are up (the speech is heard). */
bool mq_speech_audible(const struct mq_speech *sp);

#endif
