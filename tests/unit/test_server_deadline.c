/* test_server_deadline.c — 督查 in the domain, on a real (temporary) SQLite
 * database: the shipped 2026 calendar and the import of a year's notice,
 * the three deadlines of an opinion as its milestones come, the limits,
 * supervision orders (督办) and the messages they queue, the on-time
 * statistics and the attendance report's responsible topics. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_attendance.h"
#include "mq_calendar.h"
#include "mq_deadline.h"
#include "mq_stats.h"
#include "mq_supervision.h"
#include "mq_track.h"
#include "mq_workflow.h"
#include "mq_workday.h"
#include "test_deadline_util.h"
#include "test_server_helpers.h"

#define OP1 "d1111111-1111-4111-8111-111111111111"
#define OP2 "d2222222-2222-4222-8222-222222222222"
#define TOK1 "Dl1_aaaaaaaaaaaaaaaaaa"
#define TOK2 "Dl2_bbbbbbbbbbbbbbbbbb"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);
	*state = t;
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = malloc(65536);

	assert_non_null(f);
	assert_non_null(text);
	*len = fread(text, 1, 65535, f);
	text[*len] = '\0';
	fclose(f);
	return text;
}

/* The tracking page's next deadline (mq_track_load, which takes the
 * milestones from the opinion's row and history) is the one the console's
 * progress (mq_db.progress_iterate, in SQL) gives for @p token at @p now. */
static void track_agrees(struct tsrv *t, const char *token, int64_t now,
			 const struct mq_deadline_items *items)
{
	const struct mq_deadline_state *st = &items->v[0].st;
	struct mq_track trk;

	assert_int_equal(items->n, 1);
	assert_int_equal(mq_track_load(t->db, token, now, &trk), MQ_OK);
	assert_int_equal(trk.has_due, st->open);
	if (st->open) {
		assert_int_equal(trk.due_kind, st->next);
		assert_true(trk.due_day == st->due_day[st->next]);
	}
	mq_track_finish(&trk);
}

/* The issue's example, against the calendar the program ships (the
 * migration) and against the same notice imported from its CSV. */
static void test_shipped_calendar(void **state)
{
	struct tsrv *t = *state;
	struct mq_deadline_rules r;
	struct mq_calendar_import_result res;
	long before;
	size_t len;
	char *csv = read_all(MQ_SOURCE_DIR "/assets/calendar/cn-2026.csv", &len);
	char out[11];

	assert_int_equal(mq_deadline_rules_load(t->db, &r), MQ_OK);
	assert_true(mq_calendar_knows_year(r.calendar, 2026));
	assert_false(mq_calendar_knows_year(r.calendar, 2027));
	assert_int_equal(r.limits.triage, 5);
	assert_int_equal(r.limits.answer, 15);
	assert_int_equal(r.limits.close, 30);
	mq_workday_format(mq_workday_due_day(r.calendar, dl_local("2026-09-29", 10, 0),
					     r.limits.triage), out);
	assert_string_equal(out, "2026-10-12");
	mq_deadline_rules_finish(&r);
	/* the CSV of assets/ is the same notice: importing it changes nothing */
	before = tsrv_count(t, "SELECT count(*) FROM calendar_days WHERE year = 2026");
	assert_int_equal(before, 39);
	assert_int_equal(mq_calendar_import(t->db, &dl_admin, "cn-2026.csv", csv, len, t->now, NULL,
					    NULL, &res), MQ_OK);
	assert_int_equal(res.days, 39);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM calendar_days WHERE year = 2026 AND"
				       " ((kind = 'workday') = (day IN ('2026-01-04', '2026-02-14',"
				       " '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10')))"),
			 39);
	free(csv);
}

struct errors {
	char text[4096];
	unsigned int lines[16];
	size_t n;
};

static void on_error(void *cls, unsigned int line, const char *msg)
{
	struct errors *e = cls;
	size_t len = strlen(e->text);

	if (e->n < 16)
		e->lines[e->n++] = line;
	snprintf(e->text + len, sizeof e->text - len, "%u:%s\n", line, msg);
}

static void test_calendar_import(void **state)
{
	struct tsrv *t = *state;
	static const char bad[] = "date,kind\n2027-01-01,holiday\n2027-13-01,holiday\n"
				  "2027-01-02,vacation\n2027-01-01,holiday\nno comma\n";
	static const char good[] = "\xEF\xBB\xBF" "date,kind\r\n# 元旦\r\n2027-01-01,holiday\r\n"
				   "2027-02-07,workday\r\n\r\n";
	static const char again[] = "date,kind\n2027-10-01,holiday\n";
	struct mq_calendar_import_result res;
	struct errors e = { 0 };
	struct mq_deadline_rules r;

	/* every problem, by line; nothing stored */
	assert_int_equal(mq_calendar_import(t->db, &dl_admin, "bad.csv", bad, strlen(bad), t->now,
					    on_error, &e, &res), MQ_ERR_INVALID);
	assert_int_equal(res.errors, 4);
	assert_int_equal(e.lines[0], 3);
	assert_int_equal(e.lines[1], 4);
	assert_int_equal(e.lines[2], 5);
	assert_int_equal(e.lines[3], 6);
	assert_non_null(strstr(e.text, "2027-13-01"));
	assert_non_null(strstr(e.text, "出现了两次"));
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM calendar_years WHERE year = 2027"), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(mq_calendar_import(t->db, &dl_admin, "x", "kind,date\n2027-01-01,holiday\n",
					    28, t->now, on_error, &e, &res), MQ_ERR_INVALID);
	assert_non_null(strstr(e.text, "date,kind"));
	assert_int_equal(mq_calendar_import(t->db, &dl_admin, "x", "", 0, t->now, NULL, NULL, &res),
			 MQ_ERR_INVALID);
	/* only admins */
	assert_int_equal(mq_calendar_import(t->db, &dl_hubin, "x", good, strlen(good), t->now,
					    NULL, NULL, &res), MQ_ERR_AUTH);
	/* a byte order mark, CRLF, comments and blank lines are fine */
	assert_int_equal(mq_calendar_import(t->db, &dl_admin, "cn-2027.csv", good, strlen(good),
					    t->now, NULL, NULL, &res), MQ_OK);
	assert_int_equal(res.days, 2);
	assert_int_equal(res.n_years, 1);
	assert_int_equal(res.years[0], 2027);
	assert_int_equal(mq_deadline_rules_load(t->db, &r), MQ_OK);
	assert_true(mq_calendar_knows_year(r.calendar, 2027));
	assert_false(mq_workday_is_workday(r.calendar, mq_workday_day(2027, 1, 1)));
	assert_true(mq_workday_is_workday(r.calendar, mq_workday_day(2027, 2, 7)));   /* a Sunday */
	mq_deadline_rules_finish(&r);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action = 'calendar.import'"
				       " AND actor = 'admin' AND subject = 'cn-2027.csv'"), 1);
	/* a new file for the year replaces it whole */
	assert_int_equal(mq_calendar_import(t->db, NULL, "again.csv", again, strlen(again), t->now,
					    NULL, NULL, &res), MQ_OK);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM calendar_days WHERE year = 2027"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM calendar_days WHERE day = '2027-10-01'"),
			 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM calendar_years WHERE year = 2026"), 1);
}

/* A progress row of an opinion collected at @p created. */
static struct mq_db_progress progress(int64_t created)
{
	return (struct mq_db_progress){ .id = OP1, .created_at = created };
}

static void words(const struct mq_deadline_rules *r, const struct mq_db_progress *p, int64_t now,
		  const char *want)
{
	struct mq_deadline_state st;
	char out[48];

	mq_deadline_eval(r, p, now, &st);
	mq_deadline_words(&st, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_states(void **state)
{
	struct tsrv *t = *state;
	struct mq_deadline_rules r;
	struct mq_db_progress p = progress(dl_local("2026-09-29", 10, 0));
	struct mq_deadline_state st, other;
	bool in_time;

	assert_int_equal(mq_deadline_rules_load(t->db, &r), MQ_OK);
	words(&r, &p, dl_local("2026-09-29", 18, 0), "剩余5个工作日");
	words(&r, &p, dl_local("2026-10-05", 9, 0), "剩余4个工作日");    /* 国庆 */
	words(&r, &p, dl_local("2026-10-11", 9, 0), "剩余1个工作日");    /* a Sunday */
	words(&r, &p, dl_local("2026-10-12", 23, 59), "今日到期");
	words(&r, &p, dl_local("2026-10-13", 0, 0), "超期1个工作日");
	words(&r, &p, dl_local("2026-10-16", 9, 0), "超期4个工作日");
	/* collected on a Friday, due Friday a week on: the Saturday after is late by no working day */
	p = progress(dl_local("2026-11-06", 9, 0));
	words(&r, &p, dl_local("2026-11-14", 9, 0), "已超期");
	words(&r, &p, dl_local("2026-11-16", 9, 0), "超期1个工作日");
	/* triaged on its last day: on time; the answer is next */
	p = progress(dl_local("2026-09-29", 10, 0));
	p.triaged_at = dl_local("2026-10-12", 17, 0);
	mq_deadline_eval(&r, &p, dl_local("2026-10-13", 9, 0), &st);
	assert_true(st.open);
	assert_int_equal(st.next, MQ_DEADLINE_ANSWER);
	assert_false(st.overdue);
	assert_true(mq_deadline_counted(&st, MQ_DEADLINE_TRIAGE, &in_time) && in_time);
	assert_false(mq_deadline_counted(&st, MQ_DEADLINE_ANSWER, &in_time));
	/* closed late: every deadline met, the last one late */
	p.answered_at = dl_local("2026-10-20", 9, 0);
	p.closed_at = dl_local("2026-11-17", 9, 0);
	mq_deadline_eval(&r, &p, dl_local("2026-12-01", 9, 0), &st);
	assert_false(st.open);
	assert_true(mq_deadline_counted(&st, MQ_DEADLINE_ANSWER, &in_time) && in_time);
	assert_true(mq_deadline_counted(&st, MQ_DEADLINE_CLOSE, &in_time) && !in_time);
	/* open past a deadline counts as late; urgency puts the most overdue first */
	p = progress(dl_local("2026-09-29", 10, 0));
	mq_deadline_eval(&r, &p, dl_local("2026-10-20", 9, 0), &st);
	assert_true(mq_deadline_counted(&st, MQ_DEADLINE_TRIAGE, &in_time) && !in_time);
	p = progress(dl_local("2026-10-09", 10, 0));
	mq_deadline_eval(&r, &p, dl_local("2026-10-20", 9, 0), &other);
	assert_true(mq_deadline_cmp(&st, &other) < 0);
	mq_deadline_rules_finish(&r);
}

static void test_limits(void **state)
{
	struct tsrv *t = *state;
	struct mq_deadline_limits_in in = { 3, 10, 20, 2, 1 };
	struct mq_deadline_rules r;
	char msg[128] = "";

	assert_int_equal(mq_deadline_limits_save(t->db, &dl_hubin, &in, t->now, msg, sizeof msg),
			 MQ_ERR_AUTH);
	in.answer = 40;
	assert_int_equal(mq_deadline_limits_save(t->db, &dl_admin, &in, t->now, msg, sizeof msg),
			 MQ_ERR_INVALID);
	assert_non_null(strstr(msg, "≤"));
	in.answer = 10;
	in.triage = 0;
	assert_int_equal(mq_deadline_limits_save(t->db, &dl_admin, &in, t->now, msg, sizeof msg),
			 MQ_ERR_INVALID);
	in.triage = 3;
	assert_int_equal(mq_deadline_limits_save(t->db, &dl_admin, &in, t->now, msg, sizeof msg),
			 MQ_OK);
	assert_int_equal(mq_deadline_rules_load(t->db, &r), MQ_OK);
	assert_int_equal(r.limits.triage, 3);
	assert_int_equal(r.limits.close, 20);
	assert_int_equal(r.escalate, 2);
	assert_int_equal(r.soon, 1);
	mq_deadline_rules_finish(&r);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'deadlines.limits' AND after LIKE '%\"triage\":3%'"), 1);
}

/* One opinion through triage into a topic, its result and its closing: its
 * milestones as the stage history records them. */
static void test_milestones(void **state)
{
	struct tsrv *t = *state;
	struct mq_triage_in tri = { .action = "topic_new", .title = "信号灯配时" };
	struct mq_topic_update_in fb = { .action = "feedback", .result = "已延长绿灯" };
	struct mq_topic_update_in close = { .action = "close" };
	struct mq_db_progress_filter f = { .of = { .id = OP1 } };
	struct mq_deadline_rules r;
	struct mq_deadline_items items;
	char msg[256], topic[MQ_UUID_LEN + 1];
	int64_t t1 = dl_local("2026-10-09", 10, 0), t2 = dl_local("2026-10-20", 10, 0);
	int64_t t3 = dl_local("2026-11-20", 10, 0);

	dl_post_opinion(t, OP1, TOK1, "2026-09-29T02:00:00Z", "13900001111");
	assert_int_equal(mq_workflow_triage(t->db, &dl_hubin, OP1, &tri, t1, msg, sizeof msg, topic),
			 MQ_OK);
	assert_int_equal(mq_deadline_rules_load(t->db, &r), MQ_OK);
	assert_int_equal(mq_deadline_items_load(t->db, &r, &f, t1 + 60, &items), MQ_OK);
	assert_int_equal(items.n, 1);
	assert_true(items.v[0].triaged_at == t1);
	assert_true(items.v[0].answered_at == 0);   /* no public note yet */
	assert_int_equal(items.v[0].st.next, MQ_DEADLINE_ANSWER);
	assert_string_equal(items.v[0].topic, topic);
	track_agrees(t, TOK1, t1 + 60, &items);
	mq_deadline_items_finish(&items);
	assert_int_equal(mq_workflow_topic_update(t->db, &dl_hubin, topic, &fb, t2, msg, sizeof msg),
			 MQ_OK);
	/* the published result answered the resident: closing is next */
	assert_int_equal(mq_deadline_items_load(t->db, &r, &f, t2 + 60, &items), MQ_OK);
	assert_int_equal(items.v[0].st.next, MQ_DEADLINE_CLOSE);
	track_agrees(t, TOK1, t2 + 60, &items);
	mq_deadline_items_finish(&items);
	assert_int_equal(mq_workflow_topic_update(t->db, &dl_hubin, topic, &close, t3, msg,
						  sizeof msg), MQ_OK);
	assert_int_equal(mq_deadline_items_load(t->db, &r, &f, t3 + 60, &items), MQ_OK);
	/* closed with its topic (the topic's closed_at): nothing is due */
	track_agrees(t, TOK1, t3 + 60, &items);
	assert_true(items.v[0].answered_at == t2);   /* the published result was the first answer */
	assert_true(items.v[0].result_at == t2);
	assert_true(items.v[0].closed_at == t3);
	assert_false(items.v[0].st.open);
	assert_true(items.v[0].st.done[MQ_DEADLINE_ANSWER] < items.v[0].st.due[MQ_DEADLINE_ANSWER]);
	assert_true(items.v[0].st.done[MQ_DEADLINE_CLOSE] >= items.v[0].st.due[MQ_DEADLINE_CLOSE]);
	mq_deadline_items_finish(&items);
	mq_deadline_rules_finish(&r);
}

static void test_orders(void **state)
{
	struct tsrv *t = *state;
	struct mq_order_in in = { .opinion = OP1, .note = "请尽快研判并答复居民。", .due_day = "2026-11-25" };
	char id[MQ_UUID_LEN + 1], msg[256] = "", *sql = NULL;
	int64_t no = 0;

	dl_post_opinion(t, OP1, TOK1, "2026-11-10T02:00:00Z", NULL);
	assert_int_equal(mq_order_issue(t->db, &dl_hubin, &in, NULL, t->now, id, &no, msg, sizeof msg),
			 MQ_ERR_AUTH);
	in.due_day = "2026-11-01";   /* in the past */
	assert_int_equal(mq_order_issue(t->db, &dl_admin, &in, NULL, t->now, id, &no, msg, sizeof msg),
			 MQ_ERR_INVALID);
	in.due_day = "2026-11-25";
	in.note = "";
	assert_int_equal(mq_order_issue(t->db, &dl_admin, &in, NULL, t->now, id, &no, msg, sizeof msg),
			 MQ_ERR_INVALID);
	in.note = "请尽快研判并答复居民。";
	in.opinion = "d9999999-9999-4999-8999-999999999999";
	assert_int_equal(mq_order_issue(t->db, &dl_admin, &in, NULL, t->now, id, &no, msg, sizeof msg),
			 MQ_ERR_NOT_FOUND);
	in.opinion = OP1;
	assert_int_equal(mq_order_issue(t->db, &dl_admin, &in, "https://mq.example.cn", t->now, id,
					&no, msg, sizeof msg), MQ_OK);
	assert_int_equal(no, 1);
	/* the street group's message is queued with the order, in its transaction */
	assert_true(asprintf(&sql, "SELECT count(*) FROM notices WHERE key = 'order:%s' AND target ="
				   " 'hubin' AND state = 'queued' AND body LIKE '%%/console/supervision/%s%%'"
				   " AND body LIKE '%%11月25日前答复%%'", id, id) > 0);
	assert_int_equal(tsrv_count(t, sql), 1);
	free(sql);
	/* another street cannot touch it, a member cannot act */
	assert_int_equal(mq_order_act(t->db, &dl_xiaoying, id, MQ_ORDER_ACKNOWLEDGE, NULL, NULL,
				      t->now, msg, sizeof msg), MQ_ERR_NOT_FOUND);
	assert_int_equal(mq_order_act(t->db, &dl_chen, id, MQ_ORDER_ACKNOWLEDGE, NULL, NULL, t->now,
				      msg, sizeof msg), MQ_ERR_AUTH);
	assert_int_equal(mq_order_act(t->db, &dl_hubin, id, MQ_ORDER_ACKNOWLEDGE, NULL, NULL,
				      t->now + 60, msg, sizeof msg), MQ_OK);
	assert_int_equal(mq_order_act(t->db, &dl_hubin, id, MQ_ORDER_ANSWER, "", NULL, t->now + 120,
				      msg, sizeof msg), MQ_ERR_INVALID);
	assert_int_equal(mq_order_act(t->db, &dl_hubin, id, MQ_ORDER_ANSWER, "已研判，转交交警。",
				      NULL, t->now + 120, msg, sizeof msg), MQ_OK);
	assert_int_equal(mq_order_act(t->db, &dl_hubin, id, MQ_ORDER_ANSWER, "again", NULL,
				      t->now + 180, msg, sizeof msg), MQ_ERR_INVALID);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM supervision_orders WHERE"
				       " acknowledged_by = 'hubin' AND answered_at IS NOT NULL"
				       " AND answer = '已研判，转交交警。'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM notices WHERE key LIKE 'order-answer:%'"
				       " AND target = '*'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action IN"
				       " ('order.issue', 'order.ack', 'order.answer')"), 3);
}

static void test_order_late(void **state)
{
	struct mq_db_order o = { .due_day = "2026-11-20", .issued_at = 1 };

	(void)state;
	assert_false(mq_order_late(&o, dl_local("2026-11-20", 23, 59)));
	assert_true(mq_order_late(&o, dl_local("2026-11-21", 0, 0)));
	o.answered_at = dl_local("2026-11-20", 16, 0);
	assert_false(mq_order_late(&o, dl_local("2026-12-01", 0, 0)));
	o.answered_at = dl_local("2026-11-23", 9, 0);
	assert_true(mq_order_late(&o, dl_local("2026-12-01", 0, 0)));
}

/* The cell of row @p r, column @p c of @p rows. */
static const char *cell(const json_t *rows, size_t r, size_t c)
{
	return json_string_value(json_array_get(json_array_get(rows, r), c));
}

static void test_stats_and_attendance(void **state)
{
	struct tsrv *t = *state;
	struct mq_triage_in tri = { .action = "topic_new", .title = "信号灯配时",
				    .public_note = "已立项", .assigned = "hubin-02" };
	struct mq_topic_update_in fb = { .action = "feedback", .result = "已延长绿灯" };
	struct mq_topic_update_in close = { .action = "close" };
	struct mq_stats_scope all = { .now = dl_local("2026-11-30", 12, 0) };
	struct mq_attendance_report rep;
	char msg[256], topic[MQ_UUID_LEN + 1];
	json_t *rows = NULL;
	size_t last;

	/* OP1: triaged and answered in time, closed on its last day; OP2: never touched */
	dl_post_opinion(t, OP1, TOK1, "2026-09-29T02:00:00Z", NULL);
	dl_post_opinion(t, OP2, TOK2, "2026-10-08T02:00:00Z", NULL);
	assert_int_equal(mq_workflow_triage(t->db, &dl_hubin, OP1, &tri, dl_local("2026-10-09", 9, 0),
					    msg, sizeof msg, topic), MQ_OK);
	assert_int_equal(mq_workflow_topic_update(t->db, &dl_hubin, topic, &fb,
						  dl_local("2026-10-23", 9, 0), msg, sizeof msg), MQ_OK);
	assert_int_equal(mq_workflow_topic_update(t->db, &dl_hubin, topic, &close,
						  dl_local("2026-11-16", 20, 0), msg, sizeof msg),
			 MQ_OK);
	assert_int_equal(mq_stats_rows(t->db, &mq_stats_tables[0], &all, &rows), MQ_OK);
	assert_string_equal(mq_stats_tables[0].id, "ontime");
	assert_string_equal(cell(rows, 0, 0), "湖滨街道");
	assert_string_equal(cell(rows, 0, 1), "50%（1/2）");
	assert_string_equal(cell(rows, 0, 2), "50%（1/2）");
	assert_string_equal(cell(rows, 0, 3), "50%（1/2）");
	assert_string_equal(cell(rows, 0, 4), "1");            /* OP2 is overdue */
	last = json_array_size(rows) - 1;
	assert_string_equal(cell(rows, last, 0), "全区");
	assert_string_equal(cell(rows, last, 3), "50%（1/2）");
	json_decref(rows);
	/* a period before either was collected counts nothing */
	assert_true(mq_stats_period_parse("2026-08", &all));
	assert_int_equal(mq_stats_rows(t->db, &mq_stats_tables[0], &all, &rows), MQ_OK);
	assert_string_equal(cell(rows, 0, 1), "—");
	json_decref(rows);
	assert_false(mq_stats_period_parse("2026-8", &all));
	/* hubin-02 was responsible for the topic, due (and closed in time) in November */
	assert_int_equal(mq_attendance_report(t->db, "2026-11", "hubin", dl_local("2026-12-01", 9, 0),
					      &rep), MQ_OK);
	for (size_t i = 0; i < rep.n_totals; i++)
		if (strcmp(rep.totals[i].member, "hubin-02") == 0 || !rep.totals[i].member[0]) {
			assert_int_equal(rep.totals[i].topics_due, 1);
			assert_int_equal(rep.totals[i].topics_on_time, 1);
			last = 99;
		}
	assert_int_equal(last, 99);
	mq_attendance_report_finish(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shipped_calendar, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_calendar_import, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_states, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_limits, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_milestones, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_orders, setup, tsrv_teardown_state),
		cmocka_unit_test(test_order_late),
		cmocka_unit_test_setup_teardown(test_stats_and_attendance, setup,
						tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
