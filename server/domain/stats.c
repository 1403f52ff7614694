/* stats.c — the statistics tables (mq_stats.h): opinions per street,
 * category and month, median days in each step, share answered within 30
 * days, satisfaction, member activity, each built once as rows of strings
 * for the console to show as a table, a chart or CSV. */
#include "mq_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"
#include "mq_date.h"
#include "mq_stage.h"

static bool add_row(json_t *rows, json_t *row)
{
	return row && json_array_append_new(rows, row) == 0;
}

static json_t *cell_int(int64_t v)
{
	char s[24];

	snprintf(s, sizeof s, "%lld", (long long)v);
	return json_string(s);
}

static bool street_row(void *cls, const struct mq_db_stat_row *r)
{
	char share[16], avg[16];

	if (r->n[2])
		snprintf(share, sizeof share, "%.0f%%", 100.0 * (double)r->n[1] / (double)r->n[2]);
	else
		snprintf(share, sizeof share, "—");
	if (r->n[3])
		snprintf(avg, sizeof avg, "%.1f", r->x);
	else
		snprintf(avg, sizeof avg, "—");
	return add_row(cls, json_pack("[s, o, o, s, o, s]", r->label, cell_int(r->n[0]),
				      cell_int(r->n[1]), share, cell_int(r->n[3]), avg));
}

static bool count_row(void *cls, const struct mq_db_stat_row *r)
{
	return add_row(cls, json_pack("[s, o]", r->label, cell_int(r->n[0])));
}

static bool stars_row(void *cls, const struct mq_db_stat_row *r)
{
	char label[16];

	snprintf(label, sizeof label, "%s分", r->key);
	return add_row(cls, json_pack("[s, o]", label, cell_int(r->n[0])));
}

static bool member_row(void *cls, const struct mq_db_stat_row *r)
{
	return add_row(cls, json_pack("[s, o, o, o, o, o]", r->label, cell_int(r->n[0]),
				      cell_int(r->n[1]), cell_int(r->n[2]), cell_int(r->n[3]),
				      cell_int(r->n[4])));
}

/* Spans per stage, for the medians. */
struct spans {
	int64_t *v[MQ_STAGE_COUNT];
	size_t n[MQ_STAGE_COUNT];
	bool failed;
};

static bool span_row(void *cls, const struct mq_db_stat_row *r)
{
	struct spans *sp = cls;
	enum mq_stage i;
	int64_t *span;

	if (!mq_stage_parse(r->key, &i) || i >= MQ_STAGE_COUNT)
		return true;
	if (!(span = mq_array_add(&sp->v[i], &sp->n[i], sizeof *sp->v[i]))) {
		sp->failed = true;
		return false;
	}
	*span = r->n[0];
	return true;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The medians of the first four steps (督查反馈 has no end). */
static enum mq_err stage_table(struct mq_db *db, const char *studio, json_t *rows)
{
	struct spans sp = { 0 };
	enum mq_err err = db->stats_iterate(db->cls, MQ_STAT_STAGE_SPANS, studio, 0, span_row, &sp);

	if (err == MQ_OK && sp.failed)
		err = MQ_ERR_NOMEM;
	for (int i = 0; err == MQ_OK && i < MQ_STAGE_COUNT - 1; i++) {
		char med[24];
		size_t n = sp.n[i];

		if (n) {
			double m;
			qsort(sp.v[i], n, sizeof *sp.v[i], cmp64);
			m = n % 2 ? (double)sp.v[i][n / 2]
				  : ((double)sp.v[i][n / 2 - 1] + (double)sp.v[i][n / 2]) / 2.0;
			snprintf(med, sizeof med, "%.1f", m / 86400.0);
		} else {
			snprintf(med, sizeof med, "—");
		}
		if (!add_row(rows, json_pack("[s, o, s]", mq_stage_name((enum mq_stage)i),
					     cell_int((int64_t)n), med)))
			err = MQ_ERR_NOMEM;
	}
	for (int i = 0; i < MQ_STAGE_COUNT; i++)
		free(sp.v[i]);
	return err;
}

const struct mq_stat_table mq_stats_tables[] = {
	{ "ontime", "按时办理（考核）", 6,
	  { "街道", "按时研判率", "按时答复率", "按时办结率", "当前超期", "超期升级" }, 3, 100, true },
	{ "orders", "督办", 6,
	  { "街道", "发出督办", "已签收", "已答复", "按时答复", "超期未答复" }, 1, 0, true },
	{ "street", "各街道意见与答复", 6,
	  { "街道", "意见数", "30天内进入督查反馈", "30天内答复率", "评价数", "平均满意度" }, 1, 0,
	  false },
	{ "category", "各类别意见数", 2, { "类别", "意见数" }, 1, 0, false },
	{ "month", "各月意见数", 2, { "月份", "意见数" }, 1, 0, false },
	{ "stages", "各阶段停留时间（中位数）", 3, { "阶段", "样本数", "中位天数" }, -1, 0, false },
	{ "satisfaction", "满意度分布", 2, { "评分", "人数" }, 1, 0, false },
	{ "members", "委员履职", 6,
	  { "委员", "信箱意见", "责任意见", "参与议题", "报名征集", "征集入选" }, -1, 0, false },
	{ NULL, NULL, 0, { NULL }, -1, 0, false },
};

bool mq_stats_period_parse(const char *s, struct mq_stats_scope *out)
{
	char month[8];

	out->from = out->to = 0;
	if (!s || !s[0])
		return true;
	if (strlen(s) == 4) {
		snprintf(month, sizeof month, "%s-01", s);
		if (!mq_date_parse_month(month, &out->from, &out->to))
			return false;
		snprintf(month, sizeof month, "%s-12", s);
		return mq_date_parse_month(month, &(int64_t){ 0 }, &out->to);
	}
	return mq_date_parse_month(s, &out->from, &out->to);
}

enum mq_err mq_stats_rows(struct mq_db *db, const struct mq_stat_table *t,
			  const struct mq_stats_scope *scope, json_t **out)
{
	const char *studio = scope->studio;
	int64_t now = scope->now;
	json_t *rows = json_array();
	enum mq_err err = MQ_ERR_INVALID;

	*out = NULL;
	if (!rows)
		return MQ_ERR_NOMEM;
	if (strcmp(t->id, "ontime") == 0)
		err = mq_stats_ontime(db, scope, rows);
	else if (strcmp(t->id, "orders") == 0)
		err = mq_stats_orders(db, scope, rows);
	else if (strcmp(t->id, "street") == 0)
		err = db->stats_iterate(db->cls, MQ_STAT_BY_STREET, studio, now, street_row, rows);
	else if (strcmp(t->id, "category") == 0)
		err = db->stats_iterate(db->cls, MQ_STAT_BY_CATEGORY, studio, now, count_row, rows);
	else if (strcmp(t->id, "month") == 0)
		err = db->stats_iterate(db->cls, MQ_STAT_BY_MONTH, studio, now, count_row, rows);
	else if (strcmp(t->id, "stages") == 0)
		err = stage_table(db, studio, rows);
	else if (strcmp(t->id, "satisfaction") == 0)
		err = db->stats_iterate(db->cls, MQ_STAT_STARS, studio, now, stars_row, rows);
	else if (strcmp(t->id, "members") == 0)
		err = db->stats_iterate(db->cls, MQ_STAT_MEMBERS, studio, now, member_row, rows);
	if (err != MQ_OK) {
		json_decref(rows);
		return err;
	}
	*out = rows;
	return MQ_OK;
}
