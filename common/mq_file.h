/* mq_file.h — files that must survive a power cut: written whole or not at all. */
#ifndef MQ_FILE_H
#define MQ_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "mq_error.h"

/**
 * Replace @p path with @p len bytes of @p data durably: a temporary file
 * beside it (".NAME.tmp", mode @p mode) is written and fsynced, renamed over
 * @p path, and the directory is fsynced so the rename itself is on disk.
 * After MQ_OK a power cut leaves the new file; after an error the old one
 * (the temporary file is removed). MQ_ERR_DISK_FULL when the disk is full,
 * MQ_ERR_IO otherwise; the reason is logged under @p log_tag.
 */
enum mq_err mq_file_write_durable(const char *path, const void *data, size_t len, mode_t mode,
				  const char *log_tag) MQ_MUST_CHECK;

/** fsync the directory that holds @p path (so a rename or create in it lasts). */
enum mq_err mq_file_sync_parent(const char *path) MQ_MUST_CHECK;

#endif
