/* calendar.c — the official calendar in storage (mq_calendar.h): read it
 * into the shared counting structure, and import a year's notice from its
 * CSV, checked line by line before anything is stored. */
#include "mq_calendar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

/* ---- loading ------------------------------------------------------------- */

struct loading {
	struct mq_calendar *c;
	bool failed;
};

static bool load_year(void *cls, const struct mq_db_calendar_year *row)
{
	struct loading *l = cls;

	if (!mq_calendar_add_year(l->c, row->year))
		l->failed = true;
	return !l->failed;
}

static bool load_day(void *cls, const struct mq_db_calendar_day *row)
{
	struct loading *l = cls;
	int64_t day;

	if (!mq_workday_parse(row->day, &day))
		return true;   /* the schema's CHECK keeps these out */
	if (!mq_calendar_add_day(l->c, day, row->workday))
		l->failed = true;
	return !l->failed;
}

enum mq_err mq_calendar_load(struct mq_db *db, struct mq_calendar **out)
{
	struct loading l = { .c = mq_calendar_create() };
	enum mq_err err;

	*out = NULL;
	if (!l.c)
		return MQ_ERR_NOMEM;
	err = db->calendar_years_iterate(db->cls, load_year, &l);
	if (err == MQ_OK)
		err = db->calendar_days_iterate(db->cls, load_day, &l);
	if (err == MQ_OK && l.failed)
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK) {
		mq_calendar_destroy(l.c);
		return err;
	}
	*out = l.c;
	return MQ_OK;
}

/* ---- importing ----------------------------------------------------------- */

/* The parsed file: its days (strings into `copy`) and years. */
struct parsed {
	char *copy;                         /* the text, cut into lines */
	struct mq_db_calendar_day days[MQ_CALENDAR_DAYS_MAX];
	int64_t numbers[MQ_CALENDAR_DAYS_MAX];
	int year_of[MQ_CALENDAR_DAYS_MAX];
	size_t n;
	struct mq_calendar_import_result *res;
	mq_calendar_error_cb err_cb;
	void *err_cls;
};

static void problem(struct parsed *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct parsed *p, unsigned int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->res->errors++;
	if (p->err_cb)
		p->err_cb(p->err_cls, line, msg);
}

/* Cuts a trailing CR and surrounding blanks off @p s in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Remembers year @p y; false (told) when the file names too many. */
static bool note_year(struct parsed *p, unsigned int line, int y)
{
	struct mq_calendar_import_result *r = p->res;

	for (unsigned int i = 0; i < r->n_years; i++)
		if (r->years[i] == y)
			return true;
	if (r->n_years == sizeof r->years / sizeof r->years[0]) {
		problem(p, line, "一个文件最多包含4个年份，请按年分开导入。");
		return false;
	}
	r->years[r->n_years++] = y;
	return true;
}

/* Checks one data line "YYYY-MM-DD,holiday|workday" and keeps it. */
static void parse_line(struct parsed *p, unsigned int line, char *s)
{
	char *comma = strchr(s, ','), *date, *kind;
	int64_t day;
	int y, m, d;

	if (!comma) {
		problem(p, line, "每行应为“日期,类型”，例如 2027-01-01,holiday");
		return;
	}
	*comma = '\0';
	date = trim(s);
	kind = trim(comma + 1);
	if (!mq_workday_parse(date, &day)) {
		problem(p, line, "日期“%s”无效，应为 年-月-日，例如 2027-01-01。",
			strlen(date) <= 24 ? date : "…");
		return;
	}
	if (strcmp(kind, "holiday") != 0 && strcmp(kind, "workday") != 0) {
		problem(p, line, "类型“%s”无效：放假写 holiday，调休上班写 workday。",
			strlen(kind) <= 24 ? kind : "…");
		return;
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->numbers[i] == day) {
			problem(p, line, "日期 %s 出现了两次。", date);
			return;
		}
	mq_workday_date(day, &y, &m, &d);
	if (!note_year(p, line, y))
		return;
	if (p->n == MQ_CALENDAR_DAYS_MAX) {
		problem(p, line, "行数太多（一个文件最多%d行）。", MQ_CALENDAR_DAYS_MAX);
		return;
	}
	p->numbers[p->n] = day;
	p->year_of[p->n] = y;
	p->days[p->n++] = (struct mq_db_calendar_day){ date, strcmp(kind, "workday") == 0 };
}

/* Checks the whole file; true when every line is good. */
static bool parse(struct parsed *p, const char *text, size_t len)
{
	unsigned int line = 0;
	bool header = false;
	char *s, *next;

	if (len > MQ_CALENDAR_FILE_MAX || memchr(text, '\0', len)) {
		problem(p, 0, "文件过大或不是文本文件（最多64 KB）。");
		return false;
	}
	if (!(p->copy = malloc(len + 1)))
		return false;
	memcpy(p->copy, text, len);
	p->copy[len] = '\0';
	s = p->copy;
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;   /* a byte order mark, as spreadsheets save it */
	for (; s; s = next) {
		char *l;

		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		line++;
		l = trim(s);
		if (!l[0] || l[0] == '#')
			continue;
		if (!header) {
			header = true;
			if (strcmp(l, "date,kind") != 0)
				problem(p, line, "第一行应为表头 date,kind");
			continue;
		}
		parse_line(p, line, l);
	}
	if (!header || p->n == 0)
		problem(p, 0, "文件中没有任何日期。");
	return p->res->errors == 0;
}

struct import_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const char *source;
	int64_t now;
	struct parsed *p;
};

/* The days of @p year from @p p into @p out; their count. */
static size_t days_of(const struct parsed *p, int year, struct mq_db_calendar_day *out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		if (p->year_of[i] == year)
			out[n++] = p->days[i];
	return n;
}

static enum mq_err import_cb(void *cls)
{
	static const struct mq_db_staff cli = { .username = "cli", .role = MQ_ROLE_ADMIN };
	struct import_tx *tx = cls;
	struct mq_calendar_import_result *r = tx->p->res;
	struct mq_db_calendar_day *days = calloc(MQ_CALENDAR_DAYS_MAX, sizeof *days);
	const struct mq_db_staff *who = tx->who ? tx->who : &cli;
	enum mq_err err = days ? MQ_OK : MQ_ERR_NOMEM;
	json_t *after = json_array();

	r->days = 0;
	for (unsigned int i = 0; err == MQ_OK && i < r->n_years; i++) {
		struct mq_db_calendar_year y = { .year = r->years[i], .source = tx->source,
						 .imported_at = tx->now,
						 .imported_by = who->username };
		size_t n = days_of(tx->p, y.year, days);

		err = tx->db->calendar_year_replace(tx->db->cls, &y, days, n);
		r->days += (unsigned int)n;
		if (json_array_append_new(after, json_pack("{s:i, s:I}", "year", y.year, "days",
							   (json_int_t)n)) != 0)
			err = MQ_ERR_NOMEM;
	}
	free(days);
	if (err != MQ_OK) {
		json_decref(after);
		return err;
	}
	return mq_audit(tx->db, who, tx->now, NULL, "calendar.import", tx->source, NULL, after);
}

enum mq_err mq_calendar_import(struct mq_db *db, const struct mq_db_staff *who,
			       const char *source, const char *text, size_t len, int64_t now,
			       mq_calendar_error_cb err_cb, void *err_cls,
			       struct mq_calendar_import_result *res)
{
	struct parsed *p;
	struct import_tx tx = { db, who, source, now, NULL };
	enum mq_err err;

	memset(res, 0, sizeof *res);
	if (who && !mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	if (!(p = calloc(1, sizeof *p)))
		return MQ_ERR_NOMEM;
	p->res = res;
	p->err_cb = err_cb;
	p->err_cls = err_cls;
	if (!parse(p, text, len)) {
		err = res->errors ? MQ_ERR_INVALID : MQ_ERR_NOMEM;
	} else {
		tx.p = p;
		err = db->run_tx(db->cls, "calendar-import", import_cb, &tx);
	}
	if (err == MQ_OK)
		mq_log_info("calendar", "%s imported %s: %u days of %u year(s)",
			    who ? who->username : "the command line", source, res->days,
			    res->n_years);
	free(p->copy);
	free(p);
	return err;
}
