/* test_durable.c — durable whole-file writes (mq_file.h) and device.json:
 * the file is fsynced before the rename and its directory after it, so a
 * power cut after mq_device_save returns cannot lose the enrollment. fsync
 * and rename are wrapped at link time (-Wl,--wrap) to see the order of the
 * calls; no power cut is faked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_device.h"
#include "mq_file.h"
#include "tmpdir.h"

/* The calls seen, in order: 'f' fsync of a file, 'd' of a directory, 'r' rename. */
static char calls[64];
static size_t ncalls;

int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __wrap_fsync(int fd);
int __wrap_rename(const char *from, const char *to);

int __wrap_fsync(int fd)
{
	struct stat st;

	if (ncalls + 1 < sizeof calls && fstat(fd, &st) == 0)
		calls[ncalls++] = S_ISDIR(st.st_mode) ? 'd' : 'f';
	return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
	if (ncalls + 1 < sizeof calls)
		calls[ncalls++] = 'r';
	return __real_rename(from, to);
}

static void reset_calls(void)
{
	memset(calls, 0, sizeof calls);
	ncalls = 0;
}

static void read_all(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

static void test_write_durable(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], tmp[PATH_MAX + 32], text[64];
	struct stat st;

	(void)state;
	tmpdir_make(dir);
	snprintf(path, sizeof path, "%s/x.json", dir);
	snprintf(tmp, sizeof tmp, "%s/.x.json.tmp", dir);
	reset_calls();
	assert_int_equal(mq_file_write_durable(path, "old\n", 4, 0600, "test"), MQ_OK);
	assert_string_equal(calls, "frd");   /* file fsynced, renamed, directory fsynced */
	reset_calls();
	assert_int_equal(mq_file_write_durable(path, "new one\n", 8, 0600, "test"), MQ_OK);
	assert_string_equal(calls, "frd");
	read_all(path, text, sizeof text);
	assert_string_equal(text, "new one\n");   /* whole, and replaced */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_not_equal(access(tmp, F_OK), 0);   /* no temporary file left */
	tmpdir_remove(dir);
}

static void test_write_durable_missing_dir(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], text[16];

	(void)state;
	tmpdir_make(dir);
	snprintf(path, sizeof path, "%s/x.json", dir);
	assert_int_equal(mq_file_write_durable(path, "kept\n", 5, 0600, "test"), MQ_OK);
	snprintf(path, sizeof path, "%s/gone/x.json", dir);
	reset_calls();
	assert_int_equal(mq_file_write_durable(path, "x", 1, 0600, "test"), MQ_ERR_IO);
	assert_int_equal(ncalls, 0);
	snprintf(path, sizeof path, "%s/x.json", dir);
	read_all(path, text, sizeof text);
	assert_string_equal(text, "kept\n");
	tmpdir_remove(dir);
}

/* device.json goes through the durable write: its directory is fsynced after
 * the rename, and the file loads back complete. */
static void test_device_save_durable(void **state)
{
	struct mq_device dev = { .id = "kiosk-d", .studio = "hubin",
				 .server_url = "https://district.example" }, back;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	struct stat st;

	(void)state;
	tmpdir_make(dir);
	memset(dev.key, 7, sizeof dev.key);
	reset_calls();
	assert_int_equal(mq_device_save(dir, &dev), MQ_OK);
	assert_string_equal(calls, "frd");
	assert_int_equal(mq_device_load(dir, &back), MQ_OK);
	assert_string_equal(back.id, "kiosk-d");
	assert_string_equal(back.studio, "hubin");
	assert_memory_equal(back.key, dev.key, sizeof dev.key);
	snprintf(path, sizeof path, "%s/device.json", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_durable),
		cmocka_unit_test(test_write_durable_missing_dir),
		cmocka_unit_test(test_device_save_durable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
