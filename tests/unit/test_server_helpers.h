/* test_server_helpers.h — a throwaway server for the server unit tests
 * (test_server_helpers.c): a seeded database, an enrolled kiosk, and
 * requests, plain or signed per RFC 9421, handed straight to
 * mq_server_dispatch().
 *
 * The backend comes from the environment, so that ctest runs every server
 * suite twice (tests/CMakeLists.txt): unset, a SQLite file in a temporary
 * directory; MQ_TEST_DB=pg, a fresh database in the throwaway PostgreSQL
 * cluster whose admin URL is in the file MQ_TEST_PG_STATE/url
 * (tests/pg/cluster.sh), dropped afterwards. */
#ifndef MQ_TEST_SERVER_HELPERS_H
#define MQ_TEST_SERVER_HELPERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_sig.h"

struct tsrv {
	char dir[128];
	char path[192];              /* the SQLite file ("" on PostgreSQL) */
	char url[512];               /* the --db URL of the database */
	char pg_name[64];            /* the PostgreSQL database's name, "" on SQLite */
	struct mq_db *db;
	struct mq_server srv;
	char device_id[MQ_SIG_KEYID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
	int64_t now;
	const char *client;          /* the peer address requests come from (NULL: unknown) */
};
struct thdr {
	const char *name;
	const char *value;
};
void tsrv_setup(struct tsrv *t);
void tsrv_teardown(struct tsrv *t);
/** cmocka teardown for a fixture made by calloc + tsrv_setup: tear down and free. */
int tsrv_teardown_state(void **state);
void tsrv_enroll(struct tsrv *t, const char *studio);
/** Remove seed-demo's participation rows (candidate topics and their
 *  backings, some around the real date the tests' clock is not at; the call
 *  for members and its volunteer), for suites that count their own. */
void tsrv_clear_participation(struct tsrv *t);
void tsrv_request(struct tsrv *t, const char *method, const char *path, const char *query,
		  const struct thdr *headers, size_t n_headers, const char *body, size_t len,
		  struct mq_http_response *resp);
void tsrv_signed(struct tsrv *t, const char *method, const char *path, const char *query,
		 const char *body, size_t len, struct mq_http_response *resp);
void tsrv_signed_ex(struct tsrv *t, const char *method, const char *path, const char *query,
		    const char *body, size_t len, int64_t created, const char *nonce,
		    const struct thdr *extra, size_t n_extra, struct mq_http_response *resp);
void tsrv_post_records(struct tsrv *t, const char *body, struct mq_http_response *resp);
const char *tsrv_record_result(struct tsrv *t, const char *kind, const char *id,
			       const char *data);
json_t *tsrv_json(const struct mq_http_response *resp);
const char *tsrv_error_code(const struct mq_http_response *resp);
/** A single integer from @p sql, read through a separate connection. */
long tsrv_count(struct tsrv *t, const char *sql);
/** tsrv_count with text @p text bound to ?1 in @p sql. */
long tsrv_count_text(struct tsrv *t, const char *sql, const char *text);
/** Run @p sql (statements separated by ';', SQL both backends speak) through a
 *  separate connection, foreign keys on: MQ_OK, MQ_ERR_CONFLICT when the
 *  database refused it by a rule (constraint, trigger), else MQ_ERR_DB. */
enum mq_err tsrv_exec(struct tsrv *t, const char *sql);
/** Make inserting the stage event of @p subject fail in the database (a
 *  trigger), or with @p subject NULL work again: a storage fault mid-batch. */
void tsrv_break_stage_events(struct tsrv *t, const char *subject);
/** A new, empty database "mqt_<pid>_@p tag" in the test cluster; its URL into @p url. */
void tsrv_pg_database(const char *tag, char *url, size_t size);
/** Run @p sql as the test cluster's administrator. */
void tsrv_pg_admin(const char *sql);
/** Drop the database tsrv_pg_database made for @p tag. */
void tsrv_pg_drop_database(const char *tag);
/** True when the tests run on PostgreSQL (MQ_TEST_DB=pg). */
bool tsrv_on_pg(void);
long tsrv_rows(struct tsrv *t);
char *tsrv_opinion(const char *id, const char *token, const char *text, const char *extra_data);

#endif
