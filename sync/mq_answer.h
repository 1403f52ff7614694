/* mq_answer.h — reading the server's answers on the kiosk: the result list of
 * an upload and the kiosk state. Pure functions over bytes (no I/O), so they
 * are fuzzed directly (tests/fuzz/fuzz_answer.c). */
#ifndef MQ_ANSWER_H
#define MQ_ANSWER_H

#include <jansson.h>
#include <stddef.h>

#include "mq_error.h"

/** One result naming a record. Strings live as long as the callback runs. */
struct mq_answer_result {
	const char *id;
	const char *result;        /* stored, duplicate, conflict, invalid, or anything else */
	const char *error;         /* NULL when the server gave no message */
};

/**
 * Walk the results of an upload answer `{"results":[{"id","result","error"?}]}`
 * of @p len bytes. @p fn is called for each entry that has a string id and
 * result; a non-MQ_OK return from it stops the walk and is returned.
 * Returns MQ_ERR_SERVER (calling nothing) when the body is not such a list:
 * an HTML page, a truncated or non-JSON body acknowledges nothing.
 */
enum mq_err mq_answer_results(const char *body, size_t len,
			      enum mq_err (*fn)(void *cls, const struct mq_answer_result *r),
			      void *cls) MQ_MUST_CHECK;

/**
 * Read a kiosk state answer of @p len bytes: a new reference to the state
 * object, or NULL when it is not a kiosk state (not JSON, no studio object,
 * no categories array, entries of the wrong shape).
 */
json_t *mq_answer_state(const char *body, size_t len);

#endif
