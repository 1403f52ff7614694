/* printer.c — sending a print job (mq_printer.h).
 *
 * A device (/dev/usb/lp0) is opened non-blocking and fed as it takes
 * bytes: the kernel's usblp answers ENOSPC while the printer reports no
 * paper, ENODEV once it is unplugged, and a printer that takes nothing for
 * MQ_PRINTER_STALL_S seconds (jammed, offline, a cover open) is given up.
 * Before writing, LPGETSTATUS asks the printer whether it has paper.
 *
 * A CUPS queue is reached by spawning `lp -d QUEUE -o raw` with the job on
 * its standard input, rather than linking libcups: the kiosk stays free of
 * CUPS and its dependencies on the boards that print to a USB printer
 * directly (the usual case), lp is the interface CUPS keeps stable, and its
 * exit status and messages say what went wrong. */
#define _GNU_SOURCE            /* pipe2 */
#include "mq_printer.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/lp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mq_log.h"

extern char **environ;

/* Feed @p fd (non-blocking) until every byte is taken or the printer stalls. */
static enum mq_print_result feed(int fd, const char *what, const uint8_t *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		struct pollfd p = { fd, POLLOUT, 0 };
		ssize_t n;
		int ready = poll(&p, 1, MQ_PRINTER_STALL_S * 1000);

		if (ready == 0) {
			mq_log_error("print", "%s took nothing for %d s (%zu of %zu bytes sent): "
				     "jammed, offline or out of paper?", what, MQ_PRINTER_STALL_S,
				     done, len);
			return MQ_PRINT_BUSY;
		}
		if (ready < 0 && errno == EINTR)
			continue;
		n = ready < 0 ? -1 : write(fd, data + done, len - done);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			int e = errno;

			mq_log_error("print", "%s: %s", what, strerror(e));
			return e == ENOSPC ? MQ_PRINT_PAPER
			       : e == ENODEV || e == ENXIO || e == EIO || e == EPIPE ? MQ_PRINT_GONE
										     : MQ_PRINT_FAILED;
		}
		done += (size_t)n;
	}
	return MQ_PRINT_OK;
}

/* Feed lp's input. An lp that exits early (no such queue) must not take the
 * kiosk with it: SIGPIPE is held on this thread while writing, and one it
 * raised is taken back before the thread's mask is restored (EPIPE says it). */
static enum mq_print_result feed_pipe(int fd, const uint8_t *data, size_t len)
{
	sigset_t pipe_set, old;
	const struct timespec now = { 0, 0 };
	enum mq_print_result res;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	res = feed(fd, "lp", data, len);
	while (sigtimedwait(&pipe_set, NULL, &now) == SIGPIPE)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return res;
}

/* A printer's device or a file. */
static enum mq_print_result send_path(const char *path, const uint8_t *data, size_t len)
{
	struct stat st;
	bool device = stat(path, &st) == 0 && S_ISCHR(st.st_mode);
	int status = 0;
	int fd;
	enum mq_print_result res;

	/* a device is never created; anything else is a file for labs and tests */
	fd = open(path, device ? O_WRONLY | O_NONBLOCK | O_CLOEXEC
			       : O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;

		mq_log_error("print", "cannot open the printer %s: %s", path, strerror(e));
		return e == ENOENT || e == ENODEV || e == ENXIO ? MQ_PRINT_GONE : MQ_PRINT_FAILED;
	}
	if (device && ioctl(fd, LPGETSTATUS, &status) == 0 && (status & LP_POUTPA)) {
		mq_log_error("print", "the printer %s says it has no paper", path);
		close(fd);
		return MQ_PRINT_PAPER;
	}
	res = feed(fd, path, data, len);
	if (close(fd) != 0 && res == MQ_PRINT_OK) {
		mq_log_error("print", "%s: %s", path, strerror(errno));
		res = errno == ENOSPC ? MQ_PRINT_PAPER : MQ_PRINT_FAILED;
	}
	return res;
}

/* A CUPS queue through `lp -d QUEUE -o raw`. */
static enum mq_print_result send_cups(const char *queue, const uint8_t *data, size_t len)
{
	char *argv[] = { "lp", "-s", "-d", (char *)queue, "-o", "raw", "-t", "minqing", NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], status = 0, rc;
	pid_t pid;
	enum mq_print_result res;

	if (!*queue || pipe2(fds, O_CLOEXEC) != 0) {
		mq_log_error("print", "cups: %s", *queue ? strerror(errno) : "no queue named");
		return MQ_PRINT_FAILED;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	rc = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		mq_log_error("print", "cannot run lp for queue %s: %s (is cups-client installed?)",
			     queue, strerror(rc));
		return MQ_PRINT_GONE;
	}
	(void)fcntl(fds[1], F_SETFL, O_NONBLOCK);
	res = feed_pipe(fds[1], data, len);
	close(fds[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (res == MQ_PRINT_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		mq_log_error("print", "lp refused the job for queue %s (exit %d): no such queue, "
			     "or CUPS is not running", queue, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		res = MQ_PRINT_GONE;
	}
	return res;
}

enum mq_print_result mq_printer_send(const char *target, const uint8_t *data, size_t len)
{
	enum mq_print_result res;

	if (!target || !*target)
		return MQ_PRINT_GONE;
	res = strncmp(target, "cups:", 5) == 0 ? send_cups(target + 5, data, len)
					       : send_path(target, data, len);
	if (res == MQ_PRINT_OK)
		mq_log_info("print", "a receipt of %zu bytes went to %s", len, target);
	return res;
}

struct mq_print_job {
	char target[4096];
	uint8_t *data;
	size_t len;
	SDL_Event done_event;
	SDL_Thread *thread;
	SDL_atomic_t done;
	enum mq_print_result result;
};

static int run(void *cls)
{
	struct mq_print_job *job = cls;
	SDL_Event ev = job->done_event;

	job->result = mq_printer_send(job->target, job->data, job->len);
	SDL_AtomicSet(&job->done, 1);
	(void)SDL_PushEvent(&ev);
	return 0;
}

struct mq_print_job *mq_printer_send_async(const char *target, uint8_t *data, size_t len,
					   const SDL_Event *done)
{
	struct mq_print_job *job = calloc(1, sizeof(*job));

	if (!job) {
		free(data);
		return NULL;
	}
	snprintf(job->target, sizeof(job->target), "%s", target ? target : "");
	job->data = data;
	job->len = len;
	job->done_event = *done;
	job->result = MQ_PRINT_FAILED;
	job->thread = SDL_CreateThread(run, "mq-print", job);
	if (!job->thread) {
		mq_log_error("print", "no print thread: %s", SDL_GetError());
		free(data);
		free(job);
		return NULL;
	}
	return job;
}

bool mq_print_job_done(struct mq_print_job *job)
{
	return job && SDL_AtomicGet(&job->done);
}

enum mq_print_result mq_print_job_finish(struct mq_print_job *job)
{
	enum mq_print_result res;

	if (!job)
		return MQ_PRINT_FAILED;
	SDL_WaitThread(job->thread, NULL);
	res = job->result;
	free(job->data);
	free(job);
	return res;
}
