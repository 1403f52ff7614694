/* synth_espeak.c — the espeak-ng engine (libespeak-ng, Debian's
 * libespeak-ng1): its "cmn" voice for Mandarin, "en" for English, in
 * synchronous mode so the samples come back through a callback on the
 * speech thread instead of espeak-ng playing them itself. espeak-ng keeps
 * global state: one engine per process, used from one thread. */
#include "mq_synth.h"

#include <stdlib.h>
#include <string.h>

#include "mq_log.h"

#ifdef MQ_SPEECH_ESPEAK
#include <espeak-ng/speak_lib.h>

/* What the callback needs: where the samples go, and whether to stop. */
struct espeak_job {
	mq_synth_pcm_cb pcm;
	void *cls;
	bool stopped;
};

struct espeak_engine {
	char voice[8];                 /* the voice set last ("cmn", "en") */
};

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	struct espeak_job *job = events ? events->user_data : NULL;

	if (!job || job->stopped)
		return 1;
	if (wav && n > 0 && !job->pcm(job->cls, (const int16_t *)wav, (size_t)n)) {
		job->stopped = true;
		return 1;               /* abort the synthesis */
	}
	return 0;
}

static void *espeak_open(int *rate)
{
	struct espeak_engine *e;
	int r;

	/* espeakINITIALIZE_DONT_EXIT: a missing data file is an error, not exit() */
	r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
	if (r <= 0) {
		mq_log_error("speech", "espeak-ng did not start (is espeak-ng-data installed?)");
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		espeak_Terminate();
		return NULL;
	}
	espeak_SetSynthCallback(on_samples);
	*rate = r;
	return e;
}

static bool espeak_speak(void *engine, const char *lang, const char *text, mq_synth_pcm_cb pcm,
			 void *cls)
{
	struct espeak_engine *e = engine;
	const char *voice = strcmp(lang, "en") == 0 ? "en" : "cmn";
	struct espeak_job job = { pcm, cls, false };
	espeak_ERROR err;

	if (strcmp(e->voice, voice) != 0) {
		if (espeak_SetVoiceByName(voice) != EE_OK) {
			mq_log_error("speech", "espeak-ng has no voice %s", voice);
			return false;
		}
		memcpy(e->voice, voice, strlen(voice) + 1);
	}
	err = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
			   &job);
	if (err != EE_OK) {
		mq_log_error("speech", "espeak-ng could not say an utterance (error %d)", (int)err);
		return false;
	}
	return true;
}

static void espeak_close(void *engine)
{
	if (!engine)
		return;
	espeak_Terminate();
	free(engine);
}

static const struct mq_synth_impl espeak_impl = {
	.name = "espeak-ng",
	.open = espeak_open,
	.speak = espeak_speak,
	.close = espeak_close,
};

const struct mq_synth_impl *mq_synth_default(void)
{
	return &espeak_impl;
}

#else

const struct mq_synth_impl *mq_synth_default(void)
{
	return NULL;
}

#endif
