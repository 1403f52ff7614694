/* mq_stats.h — the statistics of the console (统计): opinions per street,
 * category and month, median days in each step, the share answered within
 * 30 days, satisfaction and member activity; and what the district is
 * assessed on (考核): the on-time rates per street and stage (按时研判率,
 * 按时答复率, 按时办结率) with the open overdue count, and the supervision
 * orders issued and answered. Each table is read as rows of strings, ready
 * to show as a table, a chart or CSV.
 *
 * An on-time rate counts the opinions whose deadline has come — met, in
 * time or late, or still open past it — and of them those met in time;
 * opinions not yet due and still open are not counted. */
#ifndef MQ_STATS_H
#define MQ_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "mq_db.h"

/** One statistics table: its URL id, title, columns, which column (or -1)
 *  a bar chart shows and the chart's full length (0: the largest value;
 *  100 for a rate), and whether it follows a period (mq_stats_scope). */
struct mq_stat_table {
	const char *id;
	const char *title;
	int ncols;
	const char *cols[7];
	int chart_col;
	int chart_max;
	bool by_period;
};

/** What a table covers: a studio (NULL: all), the time it is read at, and
 *  for tables by_period a period [from, to) of collection (on-time rates)
 *  or issue (orders); from 0: all time. */
struct mq_stats_scope {
	const char *studio;
	int64_t now;
	int64_t from, to;
};

/** Parse a period "YYYY" or "YYYY-MM" (Asia/Shanghai) into @p out's from
 *  and to; NULL or "" is all time. False for anything else. */
bool mq_stats_period_parse(const char *s, struct mq_stats_scope *out);

/** Every statistics table; the last entry has id NULL. */
extern const struct mq_stat_table mq_stats_tables[];

/** Read the rows of @p t for @p scope (its now dates "within 30 days" and
 *  the deadlines) as a JSON array of arrays of strings into *@p out (caller
 *  decrefs). MQ_ERR_NOMEM or the storage error otherwise. */
enum mq_err mq_stats_rows(struct mq_db *db, const struct mq_stat_table *t,
			  const struct mq_stats_scope *scope, json_t **out) MQ_MUST_CHECK;

/** The rows of the on-time table (stats_deadline.c), appended to @p rows. */
enum mq_err mq_stats_ontime(struct mq_db *db, const struct mq_stats_scope *scope,
			    json_t *rows) MQ_MUST_CHECK;

/** The rows of the supervision orders table (stats_deadline.c), appended to @p rows. */
enum mq_err mq_stats_orders(struct mq_db *db, const struct mq_stats_scope *scope,
			    json_t *rows) MQ_MUST_CHECK;

#endif
