/* mq_embed.h — files compiled into the binary by cmake/EmbedFiles.cmake. */
#ifndef MQ_EMBED_H
#define MQ_EMBED_H

#include <stddef.h>
#include <stdlib.h>

/** One embedded file; tables end with an entry whose name is NULL. */
struct mq_embedded {
	const char *name;   /* file name without directory, e.g. "0001_init.sql" */
	const char *data;   /* bytes, NUL-terminated */
	size_t len;         /* length without the NUL */
};

/** The leading number of a migration file name ("0002_x.sql" → 2), or -1:
 *  both storage plugins apply their sql/NNNN_*.sql in this order. */
static inline long mq_embed_number(const char *name)
{
	char *end;
	long n;

	if (name[0] < '0' || name[0] > '9')
		return -1;
	n = strtol(name, &end, 10);
	if (*end != '_' || n <= 0)
		return -1;
	return n;
}

#endif
