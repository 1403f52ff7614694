/* console_stats.c — the statistics tables of the console (mq_console.h):
 * opinions per street, category and month, median days in each step, share
 * answered within 30 days, satisfaction, member activity. Each table is
 * built once as rows of strings and then rendered as an HTML table (with an
 * SVG bar chart) or as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_console.h"
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
	return add_row(cls, json_pack("[s, o, o, o]", r->label, cell_int(r->n[0]),
				      cell_int(r->n[1]), cell_int(r->n[2])));
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
	int i = mq_stage_index(r->key);
	int64_t *grown;

	if (i < 0)
		return true;
	grown = realloc(sp->v[i], (sp->n[i] + 1) * sizeof *grown);
	if (!grown) {
		sp->failed = true;
		return false;
	}
	sp->v[i] = grown;
	sp->v[i][sp->n[i]++] = r->n[0];
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
		if (!add_row(rows, json_pack("[s, o, s]", mq_stages[i].name, cell_int((int64_t)n), med)))
			err = MQ_ERR_NOMEM;
	}
	for (int i = 0; i < MQ_STAGE_COUNT; i++)
		free(sp.v[i]);
	return err;
}

const struct mq_stat_table mq_stat_tables[] = {
	{ "street", "各街道意见与答复", 6,
	  { "街道", "意见数", "30天内进入督查反馈", "30天内答复率", "评价数", "平均满意度" }, 1 },
	{ "category", "各类别意见数", 2, { "类别", "意见数" }, 1 },
	{ "month", "各月意见数", 2, { "月份", "意见数" }, 1 },
	{ "stages", "各阶段停留时间（中位数）", 3, { "阶段", "样本数", "中位天数" }, -1 },
	{ "satisfaction", "满意度分布", 2, { "评分", "人数" }, 1 },
	{ "members", "委员履职", 4, { "委员", "信箱意见", "责任意见", "参与议题" }, -1 },
	{ NULL, NULL, 0, { NULL }, -1 },
};

enum mq_err mq_stat_table_rows(struct mq_db *db, const struct mq_stat_table *t,
			       const char *studio, int64_t now, json_t **out)
{
	json_t *rows = json_array();
	enum mq_err err = MQ_ERR_INVALID;

	*out = NULL;
	if (!rows)
		return MQ_ERR_NOMEM;
	if (strcmp(t->id, "street") == 0)
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

void mq_stat_table_html(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows)
{
	size_t i;
	json_t *row;

	mq_html_printf(b, "<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table id=\"t-%s\">"
		       "<thead><tr>", t->title, t->id);
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			mq_html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", t->cols[c]);
		else
			mq_html_printf(b, "<th scope=\"col\">%s</th>", t->cols[c]);
	}
	mq_html_raw(b, "</tr></thead><tbody>\n");
	json_array_foreach(rows, i, row) {
		mq_html_raw(b, "<tr>");
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				mq_html_raw(b, "<td class=\"num\">");
			else
				mq_html_raw(b, "<th scope=\"row\">");
			mq_html_text(b, json_string_value(json_array_get(row, (size_t)c)));
			if (c)
				mq_html_raw(b, "</td>");
			else
				mq_html_raw(b, "</th>");
		}
		mq_html_raw(b, "</tr>\n");
	}
	if (json_array_size(rows) == 0)
		mq_html_printf(b, "<tr><td colspan=\"%d\">暂无数据。</td></tr>\n", t->ncols);
	mq_html_raw(b, "</tbody></table></div>\n");
}

void mq_stat_table_svg(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows)
{
	const int label_w = 96, bar_w = 220, row_h = 24;   /* sized for a 320-px card */
	size_t n = json_array_size(rows), i;
	long max = 0;
	json_t *row;

	if (t->chart_col < 0 || n == 0)
		return;
	json_array_foreach(rows, i, row) {
		long v = strtol(json_string_value(json_array_get(row, (size_t)t->chart_col)), NULL, 10);
		if (v > max)
			max = v;
	}
	mq_html_printf(b, "<svg role=\"img\" aria-labelledby=\"svg-%s\" viewBox=\"0 0 %d %zu\""
		       " width=\"100%%\" style=\"max-width:%dpx\"><title id=\"svg-%s\">%s（图表）</title>\n",
		       t->id, label_w + bar_w + 60, n * row_h + 6, label_w + bar_w + 60, t->id, t->title);
	json_array_foreach(rows, i, row) {
		long v = strtol(json_string_value(json_array_get(row, (size_t)t->chart_col)), NULL, 10);
		long w = max ? v * bar_w / max : 0;
		int y = (int)i * row_h + 4;

		mq_html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">",
			       label_w - 6, y + 14);
		mq_html_text(b, json_string_value(json_array_get(row, 0)));
		mq_html_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\" fill=\"#a31d1d\"/>"
			       "<text x=\"%ld\" y=\"%d\" font-size=\"13\" fill=\"#1b1b1b\">%ld</text>\n",
			       label_w, y, w, row_h - 8, label_w + w + 6, y + 14, v);
	}
	mq_html_raw(b, "</svg>\n");
}

/* A CSV cell: quoted when needed; a leading = + - @ is defused so that a
 * spreadsheet never runs it as a formula. */
static void csv_cell(struct mq_buf *b, const char *s)
{
	mq_buf_add(b, "\"");
	if (s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
		mq_buf_add(b, "'");
	for (; s && *s; s++) {
		if (*s == '"')
			mq_buf_add(b, "\"\"");
		else
			mq_buf_printf(b, "%c", *s);
	}
	mq_buf_add(b, "\"");
}

void mq_stat_table_csv(struct mq_buf *b, const struct mq_stat_table *t, const json_t *rows)
{
	size_t i;
	json_t *row;

	mq_buf_add(b, "\xEF\xBB\xBF");   /* UTF-8 BOM: Excel then reads Chinese correctly */
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			mq_buf_add(b, ",");
		csv_cell(b, t->cols[c]);
	}
	mq_buf_add(b, "\r\n");
	json_array_foreach(rows, i, row) {
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				mq_buf_add(b, ",");
			csv_cell(b, json_string_value(json_array_get(row, (size_t)c)));
		}
		mq_buf_add(b, "\r\n");
	}
}
