/* mq_stats.h — the statistics of the console (统计): opinions per street,
 * category and month, median days in each step, the share answered within
 * 30 days, satisfaction and member activity. Each table is read as rows of
 * strings, ready to show as a table, a chart or CSV. */
#ifndef MQ_STATS_H
#define MQ_STATS_H

#include <jansson.h>
#include <stdint.h>

#include "mq_db.h"

/** One statistics table: its URL id, title, columns, and which column (or
 *  -1) a bar chart shows. */
struct mq_stat_table {
	const char *id;
	const char *title;
	int ncols;
	const char *cols[6];
	int chart_col;
};

/** Every statistics table; the last entry has id NULL. */
extern const struct mq_stat_table mq_stats_tables[];

/** Read the rows of @p t (for @p studio unless NULL; @p now dates "within
 *  30 days") as a JSON array of arrays of strings into *@p out (caller
 *  decrefs). MQ_ERR_NOMEM or the storage error otherwise. */
enum mq_err mq_stats_rows(struct mq_db *db, const struct mq_stat_table *t, const char *studio,
			  int64_t now, json_t **out) MQ_MUST_CHECK;

#endif
