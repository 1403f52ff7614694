/* test_server_readers.c — the SQLite plugin's read connections: a read
 * inside a transaction sees the transaction's own writes; a read on another
 * thread neither waits for an open transaction nor sees it before its
 * commit, and sees it after. Through struct mq_db on a file database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mq_db.h"
#include "tmpdir.h"

#define BOUND_S 20     /* how long the writer waits for the reader at most */

static bool count_row(void *cb_cls, const struct mq_db_webhook *row)
{
	(void)row;
	++*(int *)cb_cls;
	return true;
}

/* The number of webhooks, read through db->webhooks_iterate. */
static int hooks(struct mq_db *db)
{
	int n = 0;

	assert_int_equal(db->webhooks_iterate(db->cls, count_row, &n), MQ_OK);
	return n;
}

static enum mq_err put(struct mq_db *db, const char *scope)
{
	struct mq_db_webhook w = { .scope = scope, .url = "https://hook.example/x",
				   .format = MQ_HOOK_JSON, .updated_at = 1, .updated_by = "test" };

	return db->webhook_put(db->cls, &w);
}

struct shared {
	struct mq_db *db;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool in_tx;              /* the writer has written and waits */
	bool read_done;          /* the reader has read */
	bool saw_read_in_tx;     /* the writer saw read_done before giving up */
	int inside;              /* hooks() inside the transaction */
};

static enum mq_err own_writes(void *cls)
{
	struct shared *s = cls;

	if (put(s->db, "hubin") != MQ_OK)
		return MQ_ERR_DB;
	s->inside = hooks(s->db);
	return MQ_OK;
}

static void test_tx_reads_its_own_writes(void **state)
{
	struct shared *s = *state;

	assert_int_equal(hooks(s->db), 0);
	assert_int_equal(s->db->run_tx(s->db->cls, "test", own_writes, s), MQ_OK);
	assert_int_equal(s->inside, 1);
	assert_int_equal(hooks(s->db), 1);
}

/* In a transaction: write, tell the reader, wait (bounded) until it read. */
static enum mq_err write_and_wait(void *cls)
{
	struct shared *s = cls;
	struct timespec until;
	int rc = 0;

	if (put(s->db, "*") != MQ_OK)
		return MQ_ERR_DB;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += BOUND_S;
	pthread_mutex_lock(&s->mu);
	s->in_tx = true;
	pthread_cond_broadcast(&s->cv);
	while (!s->read_done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&s->cv, &s->mu, &until);
	s->saw_read_in_tx = s->read_done;
	pthread_mutex_unlock(&s->mu);
	return MQ_OK;
}

static void *writer(void *cls)
{
	struct shared *s = cls;

	assert_int_equal(s->db->run_tx(s->db->cls, "writer", write_and_wait, s), MQ_OK);
	return NULL;
}

static void test_reader_does_not_wait_for_a_writer(void **state)
{
	struct shared *s = *state;
	pthread_t w;
	int before;

	assert_int_equal(pthread_create(&w, NULL, writer, s), 0);
	pthread_mutex_lock(&s->mu);
	while (!s->in_tx)
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	/* the writer holds its transaction open until this read is done */
	before = hooks(s->db);
	pthread_mutex_lock(&s->mu);
	s->read_done = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	assert_int_equal(pthread_join(w, NULL), 0);
	assert_true(s->saw_read_in_tx);      /* read while the transaction was open */
	assert_int_equal(before, 1);         /* without its uncommitted row */
	assert_int_equal(hooks(s->db), 2);   /* which is there after the commit */
}

static char dir[PATH_MAX];

static int setup(void **state)
{
	static struct shared s;
	char url[PATH_MAX + 32], why[256];

	tmpdir_make(dir);
	snprintf(url, sizeof url, "sqlite:%s/server.db", dir);
	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	if (mq_db_open(url, &s.db, why, sizeof why) != MQ_OK ||
	    s.db->migrate(s.db->cls) != MQ_OK || s.db->seed_demo(s.db->cls) != MQ_OK) {
		fprintf(stderr, "cannot open %s: %s\n", url, why);
		return -1;
	}
	*state = &s;
	return 0;
}

static int teardown(void **state)
{
	struct shared *s = *state;

	s->db->close(s->db->cls);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	tmpdir_remove(dir);
	return 0;
}

int main(void)
{
	/* in order: the second test starts from the first one's webhook */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tx_reads_its_own_writes),
		cmocka_unit_test(test_reader_does_not_wait_for_a_writer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
