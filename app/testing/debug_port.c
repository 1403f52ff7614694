/* debug_port.c — the lab's line channel (mq_debug_port.h): a thread reads
 * command lines from the port, hands each to the UI thread (mq_app_post),
 * waits for the answer and writes it back. The port is non-blocking and
 * every wait also watches a pipe, so stopping never hangs on a silent or
 * absent peer. */
#include "mq_debug_port.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "mq_app.h"
#include "mq_log.h"
#include "mq_notify.h"
#include "testing.h"

#define REOPEN_MS 1000

struct mq_debug_port {
	struct mq_app *app;
	char path[4096];
	int stop_pipe[2];            /* written once to stop the thread */
	pthread_t thread;
	bool running;

	pthread_mutex_t lock;        /* guards what follows, shared with the UI thread */
	pthread_cond_t answered_cv;
	bool stopping;
	char request[MQ_DEBUG_PORT_LINE_MAX + 1];
	char *answer;                /* malloc'd by the UI thread, freed here */
	bool answered;
	struct mq_app_call call;
};

void mq_testing_freeze(struct mq_app *app, int seconds)
{
	mq_log_warn("ui", "freezing the UI loop for %d s on purpose (screen %s)", seconds,
		    mq_app_screen_name(app));
	/* said to systemd too, so that a watchdog kill is explained in its journal */
	mq_notify_status("UI loop frozen for %d s on purpose", seconds);
	SDL_Delay((Uint32)seconds * 1000);
	mq_notify_status("UI loop running again");
	mq_log_info("ui", "the UI loop runs again");
}

/* On the UI thread: the answer to one command line. */
static char *answer_for(struct mq_app *app, const char *line)
{
	char *end;
	long n;

	if (strcmp(line, "screen") == 0)
		return strdup(mq_app_screen_name(app));
	if (strcmp(line, "dump") == 0)
		return mq_dump_line(app);
	if (strncmp(line, "freeze ", 7) == 0) {
		n = strtol(line + 7, &end, 10);
		if (end == line + 7 || *end || n < 1 || n > 3600)
			return strdup("error: freeze needs 1..3600 seconds");
		mq_testing_freeze(app, (int)n);
		return strdup("ok");
	}
	return strdup("error: unknown command; say dump, screen or freeze SECONDS");
}

static void on_ui_thread(struct mq_app *app, void *cls)
{
	struct mq_debug_port *p = cls;
	char request[sizeof(p->request)];
	char *answer;

	pthread_mutex_lock(&p->lock);
	memcpy(request, p->request, sizeof(request));
	pthread_mutex_unlock(&p->lock);
	answer = answer_for(app, request);
	pthread_mutex_lock(&p->lock);
	p->answer = answer;
	p->answered = true;
	pthread_cond_signal(&p->answered_cv);
	pthread_mutex_unlock(&p->lock);
}

/* Wait up to @p ms for @p fd to be ready for @p events, or for the stop pipe.
 * Returns 1 ready, 0 timed out, -1 stopping or error. */
static int wait_fd(struct mq_debug_port *p, int fd, short events, int ms)
{
	struct pollfd fds[2] = { { p->stop_pipe[0], POLLIN, 0 }, { fd, events, 0 } };
	int rc;

	do
		rc = poll(fds, fd >= 0 ? 2 : 1, ms);
	while (rc < 0 && errno == EINTR);
	if (rc < 0 || fds[0].revents)
		return -1;
	if (rc == 0)
		return 0;
	return (fds[1].revents & (events | POLLHUP | POLLERR)) ? 1 : 0;
}

/* The port as a non-blocking fd: a socket is connected to, a tty made raw. */
static int open_port(const char *path)
{
	struct termios tio;
	struct stat st;
	int fd;

	if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(path) >= sizeof(sa.sun_path))
			return -1;
		memcpy(sa.sun_path, path, strlen(path) + 1);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && isatty(fd) && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);        /* no echo, no line editing, "\n" stays "\n" */
		(void)tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* Write all of @p s and a newline; false when the peer is gone or we stop. */
static bool write_line(struct mq_debug_port *p, int fd, const char *s)
{
	size_t len = strlen(s) + 1, off = 0;
	char *buf = malloc(len);
	bool ok = buf != NULL;

	if (buf) {
		memcpy(buf, s, len - 1);
		buf[len - 1] = '\n';
	}
	while (ok && off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n > 0)
			off += (size_t)n;
		else if (n < 0 && (errno == EAGAIN || errno == EINTR))
			ok = wait_fd(p, fd, POLLOUT, -1) > 0;
		else
			ok = false;
	}
	free(buf);
	return ok;
}

/* Ask the UI thread for the answer to @p line and write it back. */
static bool serve_line(struct mq_debug_port *p, int fd, const char *line)
{
	char *answer = NULL;
	bool ok;

	pthread_mutex_lock(&p->lock);
	snprintf(p->request, sizeof(p->request), "%s", line);
	p->answered = false;
	p->call = (struct mq_app_call){ on_ui_thread, p };
	pthread_mutex_unlock(&p->lock);
	if (!mq_app_post(p->app, &p->call))
		return write_line(p, fd, "error: the UI cannot take requests now");
	pthread_mutex_lock(&p->lock);
	while (!p->answered && !p->stopping)
		pthread_cond_wait(&p->answered_cv, &p->lock);
	if (p->answered) {
		answer = p->answer;
		p->answer = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	if (!answer)
		return false;           /* stopping, or the UI ran out of memory */
	ok = write_line(p, fd, answer);
	free(answer);
	return ok;
}

/* Read lines from @p fd and answer them until the peer goes or we stop. */
static void serve(struct mq_debug_port *p, int fd)
{
	char line[MQ_DEBUG_PORT_LINE_MAX + 1], chunk[512];
	size_t have = 0;
	bool too_long = false;

	while (wait_fd(p, fd, POLLIN, -1) > 0) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return;         /* the other end went away (EOF, hang-up, EIO) */
		for (ssize_t i = 0; i < n; i++) {
			char c = chunk[i];

			if (c != '\n' && c != '\r') {
				if (have < MQ_DEBUG_PORT_LINE_MAX)
					line[have++] = c;
				else
					too_long = true;
				continue;
			}
			line[have] = '\0';
			if (too_long && !write_line(p, fd, "error: line too long"))
				return;
			if (!too_long && have && !serve_line(p, fd, line))
				return;
			have = 0;
			too_long = false;
		}
	}
}

static void *port_thread(void *cls)
{
	struct mq_debug_port *p = cls;
	bool told = false;

	for (;;) {
		int fd = open_port(p->path);

		if (fd >= 0) {
			mq_log_info("debug", "debug port %s open", p->path);
			told = false;
			serve(p, fd);
			close(fd);
		} else if (!told) {
			mq_log_warn("debug", "cannot open debug port %s (%s): trying every second",
				    p->path, strerror(errno));
			told = true;
		}
		if (wait_fd(p, -1, 0, REOPEN_MS) < 0)
			return NULL;
	}
}

struct mq_debug_port *mq_debug_port_start(struct mq_app *app, const char *path)
{
	struct mq_debug_port *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->app = app;
	snprintf(p->path, sizeof(p->path), "%s", path);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->answered_cv, NULL);
	if (pipe(p->stop_pipe) != 0) {
		p->stop_pipe[0] = p->stop_pipe[1] = -1;
		mq_debug_port_stop(p);
		return NULL;
	}
	if (pthread_create(&p->thread, NULL, port_thread, p) != 0) {
		mq_log_error("debug", "cannot start the debug port's thread");
		mq_debug_port_stop(p);
		return NULL;
	}
	p->running = true;
	mq_log_warn("debug", "debug port %s is on: labs and tests only, never in production",
		    path);
	return p;
}

void mq_debug_port_stop(struct mq_debug_port *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_signal(&p->answered_cv);
	pthread_mutex_unlock(&p->lock);
	if (p->stop_pipe[1] >= 0 && write(p->stop_pipe[1], "x", 1) != 1)
		mq_log_warn("debug", "cannot wake the debug port's thread");
	if (p->running)
		pthread_join(p->thread, NULL);
	if (p->stop_pipe[0] >= 0)
		close(p->stop_pipe[0]);
	if (p->stop_pipe[1] >= 0)
		close(p->stop_pipe[1]);
	free(p->answer);
	pthread_cond_destroy(&p->answered_cv);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
