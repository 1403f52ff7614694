/* speech.c — read-aloud's player (mq_speech.h): the UI thread hands an
 * utterance over under a lock and returns; the speech thread starts the
 * engine and the audio device on its first utterance, then turns each
 * utterance into samples (mq_synth.h) and queues them on the device
 * (SDL_QueueAudio, 16-bit signed mono at the engine's rate; SDL converts
 * to what the hardware takes). A new utterance bumps a generation number:
 * the engine stops at its next piece and the device's queue is cleared,
 * so the new one starts at once. */
#include "mq_speech.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"

/* Samples scaled to the volume a piece at a time. */
#define CHUNK 2048

struct mq_speech {
	const struct mq_synth_impl *synth;   /* NULL: silent */
	bool audio_init;                     /* SDL_INIT_AUDIO is ours to quit */
	SDL_Thread *thread;
	SDL_mutex *lock;
	SDL_cond *cond;
	SDL_atomic_t gen;                    /* the utterance that may play */
	SDL_atomic_t volume;                 /* 0..100 */

	/* under lock */
	bool quit;
	bool pending;
	char text[MQ_SPEECH_TEXT_MAX];
	char lang[4];
	SDL_AudioDeviceID dev;               /* 0 until the thread opened it */
	bool audible;
	bool speaking;                       /* the engine is making an utterance */

	/* the speech thread's own */
	void *engine;
	char saying[MQ_SPEECH_TEXT_MAX];

	/* the UI thread's own */
	char history[MQ_SPEECH_HISTORY][MQ_SPEECH_TEXT_MAX];
	size_t n_history;                    /* kept, oldest at [first] */
	size_t first;
};

/* Copy @p src into @p dst (@p size bytes), cut at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct job {
	struct mq_speech *sp;
	int gen;
	SDL_AudioDeviceID dev;
};

static bool on_pcm(void *cls, const int16_t *samples, size_t n)
{
	struct job *job = cls;
	int vol = SDL_AtomicGet(&job->sp->volume);
	int16_t buf[CHUNK];

	while (n > 0) {
		size_t k = n < CHUNK ? n : CHUNK;

		if (SDL_AtomicGet(&job->sp->gen) != job->gen)
			return false;           /* cut by a newer utterance */
		for (size_t i = 0; i < k; i++)
			buf[i] = (int16_t)((int32_t)samples[i] * vol / 100);
		if (SDL_QueueAudio(job->dev, buf, (Uint32)(k * sizeof(int16_t))) != 0) {
			mq_log_warn("speech", "cannot queue audio: %s", SDL_GetError());
			return false;
		}
		samples += k;
		n -= k;
	}
	return true;
}

/* The engine and the device, on the thread's first utterance. */
static void start_output(struct mq_speech *sp)
{
	SDL_AudioSpec want, have;
	SDL_AudioDeviceID dev;
	int rate = 0;

	sp->engine = sp->synth ? sp->synth->open(&rate) : NULL;
	if (!sp->engine) {
		mq_log_warn("speech", "no speech engine: read-aloud stays silent");
		return;
	}
	memset(&want, 0, sizeof(want));
	want.freq = rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	dev = sp->audio_init ? SDL_OpenAudioDevice(NULL, 0, &want, &have, 0) : 0;
	if (!dev) {
		mq_log_warn("speech", "no sound output (%s): read-aloud stays silent",
			    sp->audio_init ? SDL_GetError() : "audio did not start");
		return;
	}
	SDL_PauseAudioDevice(dev, 0);
	SDL_LockMutex(sp->lock);
	sp->dev = dev;
	sp->audible = true;
	SDL_UnlockMutex(sp->lock);
	mq_log_info("speech", "%s at %d Hz on %s", sp->synth->name, rate,
		    SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?");
}

static int run(void *cls)
{
	struct mq_speech *sp = cls;
	char lang[4];
	bool started = false;
	struct job job = { sp, 0, 0 };

	for (;;) {
		SDL_LockMutex(sp->lock);
		while (!sp->quit && !sp->pending)
			SDL_CondWait(sp->cond, sp->lock);
		if (sp->quit) {
			SDL_UnlockMutex(sp->lock);
			break;
		}
		memcpy(sp->saying, sp->text, sizeof(sp->saying));
		memcpy(lang, sp->lang, sizeof(lang));
		sp->pending = false;
		sp->speaking = true;
		job.gen = SDL_AtomicGet(&sp->gen);
		SDL_UnlockMutex(sp->lock);
		if (!started) {
			start_output(sp);
			started = true;
		}
		job.dev = sp->dev;
		if (job.dev) {
			/* a piece of the cut utterance may have slipped in after the UI cleared */
			SDL_ClearQueuedAudio(job.dev);
			(void)sp->synth->speak(sp->engine, lang, sp->saying, on_pcm, &job);
		}
		SDL_LockMutex(sp->lock);
		sp->speaking = false;
		SDL_UnlockMutex(sp->lock);
	}
	return 0;
}

struct mq_speech *mq_speech_create(const struct mq_synth_impl *synth, int volume)
{
	struct mq_speech *sp = calloc(1, sizeof(*sp));

	if (!sp)
		return NULL;
	sp->synth = synth;
	mq_speech_set_volume(sp, volume);
	sp->lock = SDL_CreateMutex();
	sp->cond = SDL_CreateCond();
	if (!sp->lock || !sp->cond) {
		mq_speech_destroy(sp);
		return NULL;
	}
	if (!synth)
		return sp;           /* silent: only the history */
	sp->audio_init = SDL_InitSubSystem(SDL_INIT_AUDIO) == 0;
	if (!sp->audio_init)
		mq_log_warn("speech", "SDL audio did not start: %s", SDL_GetError());
	sp->thread = SDL_CreateThread(run, "mq-speech", sp);
	if (!sp->thread)
		mq_log_warn("speech", "no speech thread (%s): read-aloud stays silent",
			    SDL_GetError());
	return sp;
}

void mq_speech_destroy(struct mq_speech *sp)
{
	if (!sp)
		return;
	if (sp->thread) {
		SDL_LockMutex(sp->lock);
		sp->quit = true;
		SDL_CondSignal(sp->cond);
		SDL_UnlockMutex(sp->lock);
		SDL_WaitThread(sp->thread, NULL);
	}
	if (sp->dev)
		SDL_CloseAudioDevice(sp->dev);
	if (sp->engine)
		sp->synth->close(sp->engine);
	if (sp->audio_init)
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	SDL_DestroyCond(sp->cond);
	SDL_DestroyMutex(sp->lock);
	free(sp);
}

static void remember(struct mq_speech *sp, const char *text)
{
	size_t at;

	if (sp->n_history < MQ_SPEECH_HISTORY) {
		at = (sp->first + sp->n_history++) % MQ_SPEECH_HISTORY;
	} else {
		at = sp->first;
		sp->first = (sp->first + 1) % MQ_SPEECH_HISTORY;
	}
	copy_utf8(sp->history[at], sizeof(sp->history[at]), text);
}

void mq_speech_say(struct mq_speech *sp, const char *lang, const char *text)
{
	if (!sp || !text || !*text)
		return;
	remember(sp, text);
	if (!sp->thread)
		return;
	SDL_LockMutex(sp->lock);
	SDL_AtomicIncRef(&sp->gen);
	if (sp->dev)
		SDL_ClearQueuedAudio(sp->dev);
	copy_utf8(sp->text, sizeof(sp->text), text);
	copy_utf8(sp->lang, sizeof(sp->lang), lang && *lang ? lang : "zh");
	sp->pending = true;
	SDL_CondSignal(sp->cond);
	SDL_UnlockMutex(sp->lock);
}

void mq_speech_stop(struct mq_speech *sp)
{
	if (!sp || !sp->thread)
		return;
	SDL_LockMutex(sp->lock);
	SDL_AtomicIncRef(&sp->gen);
	sp->pending = false;
	if (sp->dev)
		SDL_ClearQueuedAudio(sp->dev);
	SDL_UnlockMutex(sp->lock);
}

void mq_speech_set_volume(struct mq_speech *sp, int volume)
{
	SDL_AtomicSet(&sp->volume, volume < 0 ? 0 : volume > 100 ? 100 : volume);
}

size_t mq_speech_history(const struct mq_speech *sp, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; sp && i < sp->n_history && n < max; i++)
		out[n++] = sp->history[(sp->first + i) % MQ_SPEECH_HISTORY];
	return n;
}

void mq_speech_forget(struct mq_speech *sp)
{
	if (!sp)
		return;
	memset(sp->history, 0, sizeof(sp->history));
	sp->n_history = 0;
	sp->first = 0;
}

bool mq_speech_audible(const struct mq_speech *sp)
{
	bool up;

	if (!sp || !sp->lock)
		return false;
	SDL_LockMutex(sp->lock);
	up = sp->audible;
	SDL_UnlockMutex(sp->lock);
	return up;
}

bool mq_speech_quiet(const struct mq_speech *sp)
{
	bool quiet;

	if (!sp || !sp->thread)
		return true;
	SDL_LockMutex(sp->lock);
	quiet = !sp->pending && !sp->speaking && (!sp->dev || SDL_GetQueuedAudioSize(sp->dev) == 0);
	SDL_UnlockMutex(sp->lock);
	return quiet;
}
