/* fuzz_answer.c — libFuzzer target: the kiosk's readers of the server's
 * answers (sync/mq_answer): the upload result list and the kiosk state. */
#include <stdint.h>

#include "mq_answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum mq_err count(void *cls, const struct mq_answer_result *r)
{
	size_t *n = cls;

	/* what a settle would read: every field must be a valid string */
	*n += (r->id[0] != '\0') + (r->result[0] != '\0') + (r->error && r->error[0]);
	return MQ_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	json_t *state;

	if (mq_answer_results((const char *)data, size, count, &n) != MQ_OK && n > 0)
		abort();   /* nothing may be settled from an answer that is not a result list */
	state = mq_answer_state((const char *)data, size);
	json_decref(state);
	return 0;
}
