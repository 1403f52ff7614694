/* fuzz_records.c — libFuzzer target: the server's POST /api/v1/records, body
 * and all, through the real dispatcher and a seeded SQLite database. The
 * request is signed properly for whatever body the fuzzer makes, so the
 * parser and the record validation behind the signature check are reached. */
#include <stdint.h>
#include <stdlib.h>

#include "test_server_helpers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tsrv *server;

static void teardown(void)
{
	tsrv_teardown(server);
	free(server);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mq_http_response resp;

	if (!server) {
		server = calloc(1, sizeof *server);
		if (!server)
			abort();
		tsrv_setup(server);
		atexit(teardown);
	}
	tsrv_signed(server, "POST", "/api/v1/records", NULL, (const char *)data, size, &resp);
	/* whatever came in, the answer is JSON with a 2xx/4xx status, never 5xx */
	if (resp.status >= 500 && resp.status != 503)
		abort();
	mq_http_response_finish(&resp);
	return 0;
}
