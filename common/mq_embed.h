/* mq_embed.h — files compiled into the binary by cmake/EmbedFiles.cmake. */
#ifndef MQ_EMBED_H
#define MQ_EMBED_H

#include <stddef.h>

/** One embedded file; tables end with an entry whose name is NULL. */
struct mq_embedded {
	const char *name;   /* file name without directory, e.g. "0001_init.sql" */
	const char *data;   /* bytes, NUL-terminated */
	size_t len;         /* length without the NUL */
};

#endif
