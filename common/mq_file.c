/* mq_file.c — durable whole-file replacement (mq_file.h). */
#include "mq_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_log.h"

enum mq_err mq_file_sync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else if ((size_t)(slash - path) >= sizeof dir)
		return MQ_ERR_IO;
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return MQ_ERR_IO;
	rc = fsync(fd);
	close(fd);
	return rc == 0 ? MQ_OK : MQ_ERR_IO;
}

/* Writes all of @p data to @p fd and fsyncs it. */
static int write_whole(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return fsync(fd);
}

enum mq_err mq_file_write_durable(const char *path, const void *data, size_t len, mode_t mode,
				  const char *log_tag)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	int fd, n;
	enum mq_err err;

	n = snprintf(tmp, sizeof tmp, "%.*s.%s.tmp", (int)(name - path), path, name);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		mq_log_error(log_tag, "cannot write %s: the path is too long", path);
		return MQ_ERR_IO;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		mq_log_error(log_tag, "cannot write %s: %s", tmp, strerror(errno));
		return errno == ENOSPC ? MQ_ERR_DISK_FULL : MQ_ERR_IO;
	}
	/* O_CREAT's mode is masked by the umask; a key file must be exactly @p mode */
	if (fchmod(fd, mode) != 0 || write_whole(fd, data, len) != 0) {
		err = errno == ENOSPC ? MQ_ERR_DISK_FULL : MQ_ERR_IO;
		mq_log_error(log_tag, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return err;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		mq_log_error(log_tag, "cannot rename %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return MQ_ERR_IO;
	}
	if (mq_file_sync_parent(path) != MQ_OK) {
		mq_log_error(log_tag, "cannot sync the directory of %s: %s", path, strerror(errno));
		return MQ_ERR_IO;
	}
	return MQ_OK;
}
