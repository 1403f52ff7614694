/* store_reserve.c — room kept back on the kiosk's disk for the records it
 * already holds.
 *
 * When the data directory fills up (logs, a stuck update, a small SD card),
 * SQLite cannot even open a WAL database, let alone record that the server
 * acknowledged a record. So the store keeps a reserve file of RESERVE_BYTES
 * beside kiosk.db: a new record is accepted only while the reserve is in
 * place, and opening the store or settling a queued record may give the
 * reserve up to get going. The queue therefore always drains, and residents
 * are told "cannot save" before anything already saved is at risk. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_log.h"
#include "store_private.h"

#define RESERVE_BYTES (2 * 1024 * 1024)

void store_reserve_path(const char *db_path, char *out, size_t size)
{
	const char *slash = strrchr(db_path, '/');
	int dir_len = slash ? (int)(slash - db_path) : 1;

	snprintf(out, size, "%.*s/kiosk.reserve", dir_len, slash ? db_path : ".");
}

bool store_reserve_ensure(struct mq_store *store)
{
	struct stat st;
	int fd, rc;

	if (stat(store->reserve_path, &st) == 0 && st.st_size >= RESERVE_BYTES)
		return true;
	fd = open(store->reserve_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	rc = posix_fallocate(fd, 0, RESERVE_BYTES);   /* real blocks, not a sparse file */
	close(fd);
	if (rc != 0) {
		unlink(store->reserve_path);
		mq_log_warn("store", "disk full: new records refused until there is room "
			    "(%s: %s)", store->reserve_path, strerror(rc));
		return false;
	}
	return true;
}

bool store_reserve_release(const char *reserve_path)
{
	if (unlink(reserve_path) != 0)
		return false;
	mq_log_warn("store", "disk full: gave up the reserve (%s) to keep the queue working; "
		    "free space in the data directory", reserve_path);
	return true;
}
