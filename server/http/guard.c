/* guard.c — per-address connection limit and request deadlines (guard.h).
 *
 * The connections are a list under one mutex (a few hundred at most: a
 * linear count per accept costs microseconds). The watcher wakes every
 * WATCH_MS and shuts down the sockets whose deadline passed. shutdown() is
 * safe against the socket's reuse because libmicrohttpd tells us a
 * connection closed (mq_guard_close, under the same mutex) before it closes
 * the socket. */
#include "guard.h"

#include <netdb.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mq_log.h"
#include "mq_time.h"

#define WATCH_MS 250
#define REFUSAL_LOG_S 60

struct mq_guard_conn {
	struct mq_guard_conn *prev, *next;
	int fd;
	char group[MQ_NET_GROUP_MAX];    /* "" for a trusted proxy: not counted */
	int64_t request_start_ms;        /* monotonic */
	int64_t deadline_ms;             /* 0: no deadline (answering) */
	bool cut;                        /* its socket was shut down */
};

struct mq_guard {
	const struct mq_net_list *trusted;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t watcher;
	bool stopping;
	struct mq_guard_conn *head;
	char last_refused[MQ_NET_GROUP_MAX];
	int64_t last_refused_ms;
	unsigned long refused;           /* since the last refusal log line */
};

const char *mq_guard_address(const struct sockaddr *sa, char out[MQ_NET_ADDR_MAX])
{
	socklen_t len;

	if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
		return NULL;
	len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(sa, len, out, MQ_NET_ADDR_MAX, NULL, 0, NI_NUMERICHOST) != 0)
		return NULL;
	return out;
}

/* The group @p sa counts in, or "" when it is not counted (a trusted proxy,
 * or no address to speak of). */
static void group_of(const struct mq_guard *g, const struct sockaddr *sa,
		     char out[MQ_NET_GROUP_MAX])
{
	char addr[MQ_NET_ADDR_MAX];

	out[0] = '\0';
	if (!mq_guard_address(sa, addr) || mq_net_list_contains(g->trusted, addr))
		return;
	(void)mq_net_group(addr, out);
}

/* Shuts down the sockets past their deadline at @p now; called locked. */
static void cut_late(struct mq_guard *g, int64_t now)
{
	for (struct mq_guard_conn *c = g->head; c; c = c->next) {
		if (c->cut || !c->deadline_ms || now < c->deadline_ms)
			continue;
		c->cut = true;
		shutdown(c->fd, SHUT_RDWR);
		mq_log_warn("http", "closed a connection from %s: its request did not arrive"
			    " within its deadline (%d s for the head, %d s in all)",
			    c->group[0] ? c->group : "a trusted proxy", MQ_GUARD_HEAD_S,
			    MQ_GUARD_REQUEST_S);
	}
}

static void *watch(void *cls)
{
	struct mq_guard *g = cls;
	struct timespec until;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
		cut_late(g, mq_time_mono_ms());
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

enum mq_err mq_guard_create(const struct mq_net_list *trusted, struct mq_guard **out)
{
	struct mq_guard *g = calloc(1, sizeof *g);
	pthread_condattr_t attr;

	*out = NULL;
	if (!g)
		return MQ_ERR_NOMEM;
	g->trusted = trusted;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&g->watcher, NULL, watch, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return MQ_ERR_NOMEM;
	}
	*out = g;
	return MQ_OK;
}

void mq_guard_destroy(struct mq_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->watcher, NULL);
	while (g->head)
		mq_guard_close(g, g->head);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* The connections @p group holds (those cut included, until they close); locked. */
static int held(const struct mq_guard *g, const char *group)
{
	int n = 0;

	for (const struct mq_guard_conn *c = g->head; c; c = c->next)
		n += strcmp(c->group, group) == 0;
	return n;
}

/* Logs a refusal of @p group, summing up repeats within REFUSAL_LOG_S; locked. */
static void log_refusal(struct mq_guard *g, const char *group)
{
	int64_t now = mq_time_mono_ms();

	g->refused++;
	if (strcmp(g->last_refused, group) == 0 && now - g->last_refused_ms < REFUSAL_LOG_S * 1000)
		return;
	mq_log_warn("http", "refused connections from %s: it holds %d already (%lu refused"
		    " since the last such line)", group, MQ_GUARD_PER_ADDRESS, g->refused);
	snprintf(g->last_refused, sizeof g->last_refused, "%s", group);
	g->last_refused_ms = now;
	g->refused = 0;
}

bool mq_guard_admit(struct mq_guard *g, const struct sockaddr *sa)
{
	char group[MQ_NET_GROUP_MAX];
	bool ok;

	group_of(g, sa, group);
	if (!group[0])
		return true;
	pthread_mutex_lock(&g->lock);
	ok = held(g, group) < MQ_GUARD_PER_ADDRESS;
	if (!ok)
		log_refusal(g, group);
	pthread_mutex_unlock(&g->lock);
	return ok;
}

struct mq_guard_conn *mq_guard_open(struct mq_guard *g, const struct sockaddr *sa, int fd)
{
	struct mq_guard_conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->fd = fd;
	group_of(g, sa, c->group);
	pthread_mutex_lock(&g->lock);
	c->request_start_ms = mq_time_mono_ms();
	c->deadline_ms = c->request_start_ms + MQ_GUARD_HEAD_S * 1000;
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
	/* Each worker thread accepts: two may admit an address's last place at
	 * once (mq_guard_admit counts before this links). The one over is cut. */
	if (c->group[0] && held(g, c->group) > MQ_GUARD_PER_ADDRESS) {
		c->cut = true;
		shutdown(fd, SHUT_RDWR);
		log_refusal(g, c->group);
	}
	pthread_mutex_unlock(&g->lock);
	return c;
}

void mq_guard_close(struct mq_guard *g, struct mq_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void mq_guard_head(struct mq_guard *g, struct mq_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->deadline_ms = c->request_start_ms + MQ_GUARD_REQUEST_S * 1000;
	pthread_mutex_unlock(&g->lock);
}

void mq_guard_upload(struct mq_guard *g, struct mq_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->deadline_ms = c->request_start_ms + MQ_GUARD_UPLOAD_S * 1000;
	pthread_mutex_unlock(&g->lock);
}

void mq_guard_received(struct mq_guard *g, struct mq_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->deadline_ms = 0;
	pthread_mutex_unlock(&g->lock);
}

void mq_guard_next(struct mq_guard *g, struct mq_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->request_start_ms = mq_time_mono_ms();
	c->deadline_ms = c->request_start_ms + MQ_GUARD_HEAD_S * 1000;
	pthread_mutex_unlock(&g->lock);
}
