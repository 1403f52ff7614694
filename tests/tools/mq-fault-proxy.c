/* mq-fault-proxy.c — a test-only HTTP proxy that sits between the kiosk and
 * the server and misbehaves on purpose, one request at a time.
 *
 *   mq-fault-proxy --listen PORT --upstream PORT --control FILE [--seed N]
 *
 * Before each request it reads the fault to inject from FILE (one word; a
 * missing file means "pass"), so a test switches faults by writing the file.
 * "random" picks a fault per request (pass half the time) from --seed.
 *
 * Faults: pass, refuse (close at once, RST), blackhole (read, never answer),
 * trickle (the answer at 8 bytes/s), reset (read the request, RST), drop (the
 * server commits, the kiosk never hears back), truncate (half the answer),
 * html (a captive portal's 200 page), 500/502/503 (with Retry-After: 1), 429,
 * delay (answer after 300 ms: room to kill the kiosk after the server
 * committed), garbage (200 with JSON that names no record), replay (the
 * server commits, its answer is lost, and the identical request goes to the
 * server again, as libcurl re-sends on a reused connection that turned out
 * dead; the kiosk gets the answer to the copy. One-shot: the proxy writes
 * "pass" to FILE once it has replayed a request).
 * FAULT~MARK injects FAULT only into requests whose bytes hold MARK (a tag
 * in the records' text), and passes the rest: which of two batches in
 * flight fails is then the test's choice, whatever order they arrive in
 * (not for refuse, which acts before the request is read). A "late-"
 * before a fault holds the request 300 ms first (late-pass: every one), so
 * that a kiosk surely sends its next batch while this one is in flight.
 * It prints "ready PORT" when listening and counts faults on stderr. Two
 * record uploads in flight at once are logged as
 * "overlap SEQ FIRST-ID KINDS SEQ FIRST-ID KINDS" (each upload's first
 * record id and its records' kinds, comma-separated), the earlier first. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG (4 * 1024 * 1024)

static const char *const faults[] = { "refuse", "blackhole", "trickle", "reset", "drop",
				      "truncate", "html", "500", "502", "503", "429",
				      "delay", "garbage" };
static const char *control_path;
static int upstream_port;
static unsigned int seed;
static pthread_mutex_t seed_lock = PTHREAD_MUTEX_INITIALIZER;

/* A whole HTTP message: headers plus Content-Length bytes of body. */
struct msg {
	char *data;
	size_t len;
};

/* Record uploads between their request read and their answer written. */
struct flight {
	bool used;
	unsigned int seq;
	char first[48];              /* the first record's id */
	char kinds[128];             /* the records' kinds, each once */
};
static struct flight flights[32];
static unsigned int flight_seq;
static pthread_mutex_t flight_lock = PTHREAD_MUTEX_INITIALIZER;

/* The value of the first "NAME":"value" at or after @p p in @p m (at most
 * @p size - 1 bytes into @p out); the position after it, or NULL. */
static const char *json_field(const struct msg *m, const char *p, const char *name, char *out,
			      size_t size)
{
	char key[32];
	const char *end = m->data + m->len, *v, *q;

	snprintf(key, sizeof key, "\"%s\":\"", name);
	v = memmem(p, (size_t)(end - p), key, strlen(key));
	if (!v)
		return NULL;
	v += strlen(key);
	q = memchr(v, '"', (size_t)(end - v));
	if (!q)
		return NULL;
	snprintf(out, size, "%.*s", (int)((size_t)(q - v) < size ? (size_t)(q - v) : size - 1), v);
	return q;
}

/* Registers upload @p m in flight (its slot, or -1 for anything else) and
 * logs it beside every other upload in flight. */
static int flight_begin(const struct msg *m)
{
	struct flight f = { .used = true };
	const char *p = m->data;
	char kind[32];
	int slot = -1;

	if (m->len < 21 || memcmp(m->data, "POST /api/v1/records", 20) != 0)
		return -1;
	json_field(m, p, "id", f.first, sizeof f.first);
	/* f.kinds is ",a,b": each kind once, in the order met */
	while ((p = json_field(m, p, "kind", kind, sizeof kind))) {
		char have[sizeof f.kinds + 1], tagged[40];
		size_t n = strlen(f.kinds);

		snprintf(have, sizeof have, "%s,", f.kinds);
		snprintf(tagged, sizeof tagged, ",%s,", kind);
		if (!strstr(have, tagged))
			snprintf(f.kinds + n, sizeof f.kinds - n, ",%s", kind);
	}
	pthread_mutex_lock(&flight_lock);
	f.seq = ++flight_seq;
	for (int i = 0; i < (int)(sizeof flights / sizeof *flights); i++) {
		if (flights[i].used)
			fprintf(stderr, "overlap %u %s %s %u %s %s\n", flights[i].seq,
				flights[i].first, flights[i].kinds[0] ? flights[i].kinds + 1 : "-",
				f.seq, f.first, f.kinds[0] ? f.kinds + 1 : "-");
		else if (slot < 0)
			slot = i;
	}
	if (slot >= 0)
		flights[slot] = f;
	pthread_mutex_unlock(&flight_lock);
	return slot;
}

static void flight_end(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&flight_lock);
	flights[slot].used = false;
	pthread_mutex_unlock(&flight_lock);
}

static void choose_fault(char *out, size_t size)
{
	FILE *f = fopen(control_path, "r");
	char word[64] = "pass";

	if (f) {
		if (fscanf(f, "%63s", word) != 1)
			snprintf(word, sizeof word, "pass");
		fclose(f);
	}
	if (strcmp(word, "random") == 0) {
		unsigned int r;
		pthread_mutex_lock(&seed_lock);
		r = (unsigned int)rand_r(&seed);
		pthread_mutex_unlock(&seed_lock);
		if (r % 2 == 0)
			snprintf(word, sizeof word, "pass");
		else
			snprintf(word, sizeof word, "%s",
				 faults[(r / 2) % (sizeof faults / sizeof *faults)]);
	}
	snprintf(out, size, "%s", word);
}

/* Switches the control file back to "pass" (one-shot faults). */
static void set_pass(void)
{
	FILE *f = fopen(control_path, "w");

	if (f) {
		fputs("pass\n", f);
		fclose(f);
	}
}

/* Reads one HTTP message from @p fd; false on EOF/error/oversize. */
static bool read_msg(int fd, struct msg *m)
{
	size_t cap = 65536, header_end = 0, want = 0;
	char *buf = malloc(cap);

	m->data = NULL;
	m->len = 0;
	if (!buf)
		return false;
	for (;;) {
		ssize_t n;
		if (m->len == cap) {
			char *grown;
			if (cap >= MAX_MSG)
				break;
			cap *= 2;
			grown = realloc(buf, cap);
			if (!grown)
				break;
			buf = grown;
		}
		n = read(fd, buf + m->len, cap - m->len);
		if (n <= 0)
			break;
		m->len += (size_t)n;
		if (!header_end) {
			char *end = memmem(buf, m->len, "\r\n\r\n", 4);
			if (end) {
				char *cl;
				header_end = (size_t)(end - buf) + 4;
				end[2] = '\0';   /* temporarily terminate to search headers */
				cl = strcasestr(buf, "\r\nContent-Length:");
				want = header_end + (cl ? strtoul(cl + 17, NULL, 10) : 0);
				end[2] = '\r';
			}
		}
		if (header_end && m->len >= want) {
			m->data = buf;
			m->len = want;
			return true;
		}
	}
	free(buf);
	m->len = 0;
	return false;
}

static bool write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static void reset(int fd)
{
	struct linger l = { 1, 0 };   /* close with RST, as a dying middlebox would */

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	close(fd);
}

static int connect_upstream(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)upstream_port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void answer(int fd, const char *status, const char *type, const char *body,
		   bool retry_after)
{
	char head[512];

	snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		 "%sConnection: close\r\n\r\n", status, type, strlen(body),
		 retry_after ? "Retry-After: 1\r\n" : "");
	(void)(write_all(fd, head, strlen(head)) && write_all(fd, body, strlen(body)));
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Serves one client connection: one fault decision per request. */
static void *serve(void *cls)
{
	int client = (int)(intptr_t)cls, up = -1, flight = -1;

	for (;;) {
		char fault[64], *mark;
		struct msg req, resp = { 0 };

		flight_end(flight);
		flight = -1;
		choose_fault(fault, sizeof fault);
		if (strcmp(fault, "refuse") == 0) {
			fprintf(stderr, "fault refuse\n");
			reset(client);
			client = -1;
			break;
		}
		if (!read_msg(client, &req))
			break;
		mark = strchr(fault, '~');
		if (mark) {
			*mark++ = '\0';
			if (!memmem(req.data, req.len, mark, strlen(mark)))
				snprintf(fault, sizeof fault, "pass");
		}
		flight = flight_begin(&req);
		if (strncmp(fault, "late-", 5) == 0) {
			memmove(fault, fault + 5, strlen(fault + 5) + 1);
			sleep_ms(300);
		}
		fprintf(stderr, "fault %s\n", fault);
		if (!strcmp(fault, "reset")) {
			free(req.data);
			reset(client);
			client = -1;
			break;
		}
		if (!strcmp(fault, "blackhole")) {
			free(req.data);
			while (read(client, fault, sizeof fault) > 0)   /* until the kiosk gives up */
				;
			break;
		}
		if (!strcmp(fault, "html") || !strcmp(fault, "500") || !strcmp(fault, "502") ||
		    !strcmp(fault, "503") || !strcmp(fault, "429") || !strcmp(fault, "garbage")) {
			free(req.data);
			if (!strcmp(fault, "html"))
				answer(client, "200 OK", "text/html",
				       "<html><body><h1>Welcome! Please log in to the Wi-Fi</h1></body></html>",
				       false);
			else if (!strcmp(fault, "garbage"))
				answer(client, "200 OK", "application/json",
				       "{\"results\":[{\"id\":\"00000000-0000-4000-8000-000000000000\","
				       "\"result\":\"stored\"}]}", false);
			else if (!strcmp(fault, "429"))
				answer(client, "429 Too Many Requests", "application/json",
				       "{\"error\":\"rate_limited\"}", true);
			else
				answer(client, !strcmp(fault, "500") ? "500 Internal Server Error" :
					       !strcmp(fault, "502") ? "502 Bad Gateway" :
					       "503 Service Unavailable",
				       "text/plain", "upstream trouble", true);
			break;
		}
		/* the rest talk to the server first */
		if (up < 0)
			up = connect_upstream();
		if (up < 0 || !write_all(up, req.data, req.len) || !read_msg(up, &resp)) {
			free(req.data);
			free(resp.data);
			break;
		}
		if (!strcmp(fault, "replay")) {
			/* the first answer is lost on the way; the same bytes go again */
			free(resp.data);
			resp.data = NULL;
			close(up);
			up = connect_upstream();
			set_pass();
			if (up < 0 || !write_all(up, req.data, req.len) || !read_msg(up, &resp)) {
				free(req.data);
				free(resp.data);
				break;
			}
		}
		free(req.data);
		if (!strcmp(fault, "drop")) {
			free(resp.data);
			reset(client);
			client = -1;
			break;
		}
		if (!strcmp(fault, "truncate")) {
			(void)write_all(client, resp.data, resp.len / 2);
			free(resp.data);
			break;
		}
		if (!strcmp(fault, "trickle")) {
			for (size_t i = 0; i < resp.len; i += 8) {
				if (!write_all(client, resp.data + i, resp.len - i < 8 ? resp.len - i : 8))
					break;
				sleep_ms(1000);
			}
			free(resp.data);
			break;
		}
		if (!strcmp(fault, "delay"))
			sleep_ms(300);
		if (!write_all(client, resp.data, resp.len)) {
			free(resp.data);
			break;
		}
		free(resp.data);
	}
	flight_end(flight);
	if (up >= 0)
		close(up);
	if (client >= 0)
		close(client);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int listen_port = 0, lfd, one = 1;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--listen"))
			listen_port = (int)strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--upstream"))
			upstream_port = (int)strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--control"))
			control_path = argv[i + 1];
		else if (!strcmp(argv[i], "--seed"))
			seed = (unsigned int)strtoul(argv[i + 1], NULL, 10);
	}
	if (!upstream_port || !control_path) {
		fprintf(stderr, "usage: mq-fault-proxy --listen PORT --upstream PORT --control FILE [--seed N]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_port = htons((uint16_t)listen_port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 64) != 0) {
		perror("mq-fault-proxy: listen");
		return 1;
	}
	getsockname(lfd, (struct sockaddr *)&a, &alen);
	printf("ready %d\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		pthread_t t;

		if (c < 0)
			continue;
		if (pthread_create(&t, NULL, serve, (void *)(intptr_t)c) != 0) {
			close(c);
			continue;
		}
		pthread_detach(t);
	}
}
