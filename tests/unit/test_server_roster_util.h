/* test_server_roster_util.h — helpers shared by the roster and booking unit
 * tests (test_server_roster_util.c), on top of test_server_helpers.h. */
#ifndef MQ_TEST_SERVER_ROSTER_UTIL_H
#define MQ_TEST_SERVER_ROSTER_UTIL_H

#include <jansson.h>
#include <stddef.h>

#include "mq_db.h"
#include "test_server_helpers.h"

/* The fixture's clock is 2026-11-19T08:00:00Z = Thursday 16:00 in Shanghai.
 * ROSTER: Friday 2026-11-20, hubin-01 09:00-11:00 (4 slots of 30 min, 2 places
 * each) and hubin-02 14:00-16:00 (2 slots of 60 min, 3 places each). */
#define RT_HEADER "kind,studio,member,date,start,end,slot_minutes,capacity,until,note\n"
#define RT_ROSTER RT_HEADER \
	"shift,hubin,hubin-01,2026-11-20,09:00,11:00,30,2,,\n" \
	"shift,hubin,hubin-02,2026-11-20,14:00,16:00,60,3,,\n"
#define RT_SLOT1 "hubin-20261120-0900"       /* 01:00Z-01:30Z */
#define RT_SLOT2 "hubin-20261120-0930"
#define RT_SLOT_PM "hubin-20261120-1400"     /* 06:00Z-07:00Z */

/** Remove seed-demo's duty shifts (made relative to the real clock), so that
 *  a test sees only the roster it imports. */
void rt_clear_seed_roster(struct tsrv *t);

/** Import @p csv; errors ("LINE: msg\n" each) into @p errs (may be NULL). */
enum mq_err rt_import(struct tsrv *t, const char *csv, char *errs, size_t size);

/** Import @p csv and fail the test unless it succeeds. */
void rt_import_ok(struct tsrv *t, const char *csv);

/** Run @p sql on a separate read-write connection (tsrv_exec): MQ_OK,
 *  MQ_ERR_CONFLICT when the database refused it by a rule, else MQ_ERR_DB. */
enum mq_err rt_exec(struct tsrv *t, const char *sql);

/** A booking record (malloc'd JSON text). @p extra is spliced into data. */
char *rt_booking(const char *id, const char *created_at, const char *token, const char *slot,
		 const char *extra);

/** POST {"records":[@p records]} signed; 200 expected; returns the results array
 *  (new reference; free with json_decref). */
json_t *rt_post(struct tsrv *t, const char *records);

/** The "result" of results[@p i]. */
const char *rt_result(const json_t *results, size_t i);

/** The "error" of results[@p i] ("" when none). */
const char *rt_error(const json_t *results, size_t i);

/** GET (or POST with @p form) @p path unsigned; the body NUL-terminated (malloc'd). */
char *rt_page(struct tsrv *t, const char *method, const char *path, const char *form,
	      unsigned int *status, struct mq_http_response *resp_out);

#endif
