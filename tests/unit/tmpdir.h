/* tmpdir.h — a fresh temporary directory per test, removed afterwards. */
#ifndef MQ_TEST_TMPDIR_H
#define MQ_TEST_TMPDIR_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/** Make a new directory under $TMPDIR (or /tmp) into @p out; aborts on failure. */
static inline void tmpdir_make(char out[PATH_MAX])
{
	const char *base = getenv("TMPDIR");

	snprintf(out, PATH_MAX, "%s/mq-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(out))
		abort();
}

/** Remove @p dir and everything in it. */
static inline void tmpdir_remove(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

#endif
