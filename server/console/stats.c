/* stats.c — the statistics tables (mq_stats.h) as the console shows
 * them (console.h): an HTML table, an inline SVG bar chart, or CSV for
 * a spreadsheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

void mq_console_stats_table(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows)
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

void mq_console_stats_chart(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows)
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
	if (t->chart_max)
		max = t->chart_max;   /* a rate: the bar's full length is 100% */
	mq_html_printf(b, "<svg role=\"img\" aria-labelledby=\"svg-%s\" viewBox=\"0 0 %d %zu\""
		       " width=\"100%%\" style=\"max-width:%dpx\"><title id=\"svg-%s\">%s（图表）</title>\n",
		       t->id, label_w + bar_w + 60, n * row_h + 6, label_w + bar_w + 60, t->id, t->title);
	json_array_foreach(rows, i, row) {
		const char *cell = json_string_value(json_array_get(row, (size_t)t->chart_col));
		long v = strtol(cell, NULL, 10);
		long w = max ? v * bar_w / max : 0;
		int y = (int)i * row_h + 4;

		mq_html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">",
			       label_w - 6, y + 14);
		mq_html_text(b, json_string_value(json_array_get(row, 0)));
		if (cell[0] < '0' || cell[0] > '9') {
			/* no figure (a rate with nothing due): no bar, a dash */
			mq_html_printf(b, "</text><text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1b1b1b\">—</text>\n",
				       label_w + 6, y + 14);
			continue;
		}
		mq_html_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\" fill=\"#a31d1d\"/>"
			       "<text x=\"%ld\" y=\"%d\" font-size=\"13\" fill=\"#1b1b1b\">%ld%s</text>\n",
			       label_w, y, w, row_h - 8, label_w + w + 6, y + 14, v,
			       t->chart_max == 100 ? "%" : "");
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

void mq_console_stats_csv(struct mq_buf *b, const struct mq_stat_table *t, const json_t *rows)
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
