/* roster_import.c — a duty roster from CSV (format in mq_roster.h), all or
 * nothing: `minqing-server roster-import FILE` and the console's import form
 * (POST /console/roster/import) both run this code.
 *
 * Pass 1 reads and checks every row without writing: shape, encoding, kinds,
 * dates and times, slot arithmetic, studio and member keys. Only a file
 * without a bad row reaches pass 2, which writes inside one transaction and
 * still refuses (rolling everything back) what only the stored roster can
 * reveal: overlaps with shifts made earlier, a shift id taken by another
 * shift. The database keeps the same rules as triggers (0003_roster.sql),
 * so nothing this file misses can be stored either. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mq_array.h"
#include "mq_audit.h"
#include "mq_date.h"
#include "mq_log.h"
#include "mq_roster.h"
#include "mq_time.h"
#include "mq_wire.h"

#define COLS 10
#define FIELDS_MAX 64
#define LINE_MAX_BYTES 2048
#define ROWS_MAX 5000
#define IMPORT_MAX (1024 * 1024)
#define ERRORS_SHOWN 50
#define NOTE_CHARS 100
#define WEEKLY_DAYS_MAX 366

static const char header[] = "kind,studio,member,date,start,end,slot_minutes,capacity,until,note";

enum row_kind { K_SHIFT, K_WEEKLY, K_SKIP, K_CLOSED, K_HOLIDAY };

struct row {
	unsigned int line;
	enum row_kind kind;
	char studio[MQ_KEY_MAX + 1];
	char member[MQ_KEY_MAX + 1];
	struct mq_date date;
	struct mq_date until;
	int start_min, end_min;
	int slot_minutes, capacity;
	char note[MQ_DB_NOTE_MAX];
};

struct import {
	struct mq_db *db;
	struct row *rows;
	size_t n;
	int64_t now;
	const struct mq_roster_import_opts *opts;    /* never NULL */
	mq_roster_error_cb err_cb;
	void *err_cls;
	struct mq_roster_import_result res;
};

/* The message in the import's language: English for the command line (a
 * technician's), Chinese for the console (a street group's). Both are
 * format strings with the same arguments; the compiler checks both. */
#define L(im, en, zh) ((im)->opts->chinese ? (zh) : (en))

static void report(struct import *im, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct import *im, unsigned int line, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	im->res.errors++;
	if (im->res.errors > ERRORS_SHOWN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (im->res.errors == ERRORS_SHOWN)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s",
			 L(im, " (further errors not shown)", "（其余错误不再列出）"));
	im->err_cb(im->err_cls, line, msg);
}

/* ---- pass 1: reading ----------------------------------------------------- */

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Why split() refused a line. */
enum split_err { SPLIT_COLUMNS, SPLIT_QUOTE_OPEN, SPLIT_AFTER_QUOTE };

static const char *const split_why[][2] = {
	[SPLIT_COLUMNS] = { "too many columns", "列数过多" },
	[SPLIT_QUOTE_OPEN] = { "a quoted field does not end on its line",
			       "引号里的内容没有在本行结束" },
	[SPLIT_AFTER_QUOTE] = { "text after a closing quote", "右引号后面还有文字" },
};

/* Splits @p line in place into at most FIELDS_MAX fields (RFC 4180 quoting
 * within the line). Returns the count, or -1 with *@p why set. */
static int split(char *line, char *fields[FIELDS_MAX], enum split_err *why)
{
	char *p = line;
	int n = 0;

	for (;;) {
		char *f;

		if (n == FIELDS_MAX) {
			*why = SPLIT_COLUMNS;
			return -1;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			char *out = ++p;
			f = out;
			for (;;) {
				if (!*p) {
					*why = SPLIT_QUOTE_OPEN;
					return -1;
				}
				if (*p == '"') {
					if (p[1] == '"') {
						*out++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*out++ = *p++;
			}
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != ',' && *p) {
				*out = '\0';
				*why = SPLIT_AFTER_QUOTE;
				return -1;
			}
			fields[n++] = f;
			if (!*p) {
				*out = '\0';
				return n;
			}
			*out = '\0';
			p++;
		} else {
			f = p;
			p += strcspn(p, ",");
			fields[n++] = f;
			if (!*p) {
				fields[n - 1] = trim(f);
				return n;
			}
			*p++ = '\0';
			fields[n - 1] = trim(f);
		}
	}
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!*s || strlen(s) > 6)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool kind_of(const char *s, enum row_kind *out)
{
	static const char *const names[] = { "shift", "weekly", "skip", "closed", "holiday" };

	for (int i = 0; i < 5; i++)
		if (strcasecmp(s, names[i]) == 0) {
			*out = (enum row_kind)i;
			return true;
		}
	return false;
}

/* The columns of a roster row. */
enum { F_KIND, F_STUDIO, F_MEMBER, F_DATE, F_START, F_END, F_SLOT, F_CAP, F_UNTIL, F_NOTE };

/* The studio column of row @p r ('*' for a holiday): false (reported) when
 * it is wrong or not this account's. May read the database. */
static enum mq_err read_studio(struct import *im, unsigned int line, char **f, struct row *r,
			       bool *ok)
{
	struct mq_db_studio studio;
	enum mq_err err;

	*ok = false;
	if (r->kind == K_HOLIDAY) {
		if (f[F_STUDIO][0] && strcmp(f[F_STUDIO], "*") != 0) {
			report(im, line, L(im, "a holiday is district-wide: leave studio empty or '*'"
					 " (use 'closed' for one studio)",
			  "holiday（节假日）适用于全区：studio 一栏请留空或填 *（某个工作室闭馆请用 closed）"));
			return MQ_OK;
		}
		if (im->opts->studio) {
			report(im, line, L(im, "a holiday is district-wide: only a district"
					       " administrator may set it (use 'closed' for your studio)",
					   "holiday（节假日）适用于全区，只能由区管理员设置"
					   "（本工作室闭馆请用 closed）"));
			return MQ_OK;
		}
		snprintf(r->studio, sizeof r->studio, "*");
		*ok = true;
		return MQ_OK;
	}
	if (!mq_wire_is_key(f[F_STUDIO])) {
		report(im, line, L(im, "studio must be a studio id such as hubin",
		  "studio 应为工作室编号，例如 hubin"));
		return MQ_OK;
	}
	err = im->db->studio_get(im->db->cls, f[F_STUDIO], &studio);
	if (err == MQ_ERR_NOT_FOUND) {
		report(im, line, L(im, "unknown studio '%s'",
		  "没有编号为“%s”的工作室"), f[F_STUDIO]);
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	if (im->opts->studio && strcmp(im->opts->studio, f[F_STUDIO]) != 0) {
		report(im, line, L(im, "a row of studio '%s': this account may import only"
				       " studio '%s'",
				   "这一行属于工作室“%s”，本账号只能导入工作室“%s”的排班"),
		       f[F_STUDIO], im->opts->studio);
		return MQ_OK;
	}
	snprintf(r->studio, sizeof r->studio, "%s", f[F_STUDIO]);
	*ok = true;
	return MQ_OK;
}

/* The member column of row @p r: empty for a closure or holiday, else a
 * member of the row's studio. False (reported) otherwise. */
static enum mq_err read_member(struct import *im, unsigned int line, char **f, struct row *r,
			       bool *ok)
{
	struct mq_db_member member;
	enum mq_err err;

	*ok = false;
	if (r->kind == K_CLOSED || r->kind == K_HOLIDAY) {
		if (f[F_MEMBER][0]) {
			report(im, line, L(im, "a %s row names no member",
			  "%s 行不填写委员（member 一栏应留空）"), r->kind == K_CLOSED ? "closed"
											  : "holiday");
			return MQ_OK;
		}
		*ok = true;
		return MQ_OK;
	}
	if (!mq_wire_is_key(f[F_MEMBER])) {
		report(im, line, L(im, "member must be a member key such as hubin-01",
		  "member 应为委员编号，例如 hubin-01"));
		return MQ_OK;
	}
	err = im->db->member_get(im->db->cls, r->studio, f[F_MEMBER], &member);
	if (err == MQ_ERR_NOT_FOUND) {
		report(im, line, L(im, "'%s' is not a member of studio '%s'",
		  "“%s”不是工作室“%s”的委员"), f[F_MEMBER], r->studio);
		return MQ_OK;
	}
	if (err != MQ_OK)
		return err;
	snprintf(r->member, sizeof r->member, "%s", f[F_MEMBER]);
	*ok = true;
	return MQ_OK;
}

/* The until column of a weekly row: its last date, at most a year on. */
static bool read_until(struct import *im, unsigned int line, char **f, struct row *r)
{
	struct mq_date last = mq_date_add(&r->date, WEEKLY_DAYS_MAX);

	if (!mq_date_parse(f[F_UNTIL], &r->until)) {
		report(im, line, L(im, "a weekly row needs until, its last date YYYY-MM-DD",
		  "weekly 行须填写 until（最后一天，YYYY-MM-DD）"));
		return false;
	}
	if (mq_date_local_time(&r->until, 0) < mq_date_local_time(&r->date, 0)) {
		report(im, line, L(im, "until (%s) is before date (%s)",
		  "until（%s）早于 date（%s）"), f[F_UNTIL],
		       f[F_DATE]);
		return false;
	}
	if (mq_date_local_time(&r->until, 0) > mq_date_local_time(&last, 0)) {
		report(im, line, L(im, "a weekly pattern spans at most a year; split it",
		  "每周排班最长一年，请分成几行"));
		return false;
	}
	return true;
}

/* The hours, slots, capacity and (weekly) until of a shift or weekly row. */
static bool read_times(struct import *im, unsigned int line, char **f, struct row *r)
{
	int len;

	if (!mq_date_parse_hhmm(f[F_START], &r->start_min)) {
		report(im, line, L(im, "start '%.20s' is not a time HH:MM",
		  "开始时间“%.20s”有误，应写成 HH:MM（如 09:00）"), f[F_START]);
		return false;
	}
	if (!mq_date_parse_hhmm(f[F_END], &r->end_min)) {
		report(im, line, L(im, "end '%.20s' is not a time HH:MM",
		  "结束时间“%.20s”有误，应写成 HH:MM（如 12:00）"), f[F_END]);
		return false;
	}
	if (r->end_min <= r->start_min) {
		report(im, line, L(im, "the shift ends (%s) before it starts (%s)",
		  "结束时间（%s）不晚于开始时间（%s）"), f[F_END],
		       f[F_START]);
		return false;
	}
	if (!parse_int(f[F_SLOT], 5, 480, &r->slot_minutes)) {
		report(im, line, L(im, "slot_minutes '%.20s' must be a whole number of minutes"
				 " from 5 to 480",
		  "slot_minutes（每段分钟数）“%.20s”应为 5 到 480 之间的整数"), f[F_SLOT]);
		return false;
	}
	len = r->end_min - r->start_min;
	if (len % r->slot_minutes != 0) {
		report(im, line, L(im, "slots of %d minutes do not divide the shift of %d minutes"
				 " (%s-%s)",
		  "每段 %d 分钟不能整除值班时长 %d 分钟（%s-%s）"), r->slot_minutes, len, f[F_START], f[F_END]);
		return false;
	}
	if (!parse_int(f[F_CAP], 1, 50, &r->capacity)) {
		report(im, line, L(im, "capacity '%.20s' must be a number of residents per slot"
				 " from 1 to 50",
		  "capacity（每段名额）“%.20s”应为 1 到 50 之间的整数"), f[F_CAP]);
		return false;
	}
	if (r->kind == K_WEEKLY)
		return read_until(im, line, f, r);
	if (f[F_UNTIL][0]) {
		report(im, line, L(im, "until is only for weekly rows",
		  "只有 weekly 行填写 until"));
		return false;
	}
	return true;
}

/* The columns after the date of a skip, closed or holiday row: all empty. */
static bool read_untimed(struct import *im, unsigned int line, char **f, const struct row *r)
{
	for (int i = F_START; i <= F_UNTIL; i++) {
		if (f[i][0]) {
			report(im, line, L(im, "a %s row has only studio, member, date and note",
		  "%s 行只填写 studio、member、date 和 note"),
			       r->kind == K_SKIP ? "skip" : r->kind == K_CLOSED ? "closed"
										 : "holiday");
			return false;
		}
	}
	return true;
}

/* Checks the fields of one data row into @p r; reports a problem and leaves
 * *@p ok false. May read the database (studio, member). */
static enum mq_err read_row(struct import *im, unsigned int line, char **f, struct row *r,
			    bool *ok)
{
	bool timed;
	enum mq_err err;
	long chars;

	*ok = false;
	memset(r, 0, sizeof *r);
	r->line = line;
	if (!kind_of(f[F_KIND], &r->kind)) {
		report(im, line, L(im, "unknown kind '%.20s' (use shift, weekly, skip, closed or holiday)",
			  "类型“%.20s”无法识别（应为 shift、weekly、skip、closed 或 holiday）"),
		       f[F_KIND]);
		return MQ_OK;
	}
	timed = r->kind == K_SHIFT || r->kind == K_WEEKLY;
	if ((err = read_studio(im, line, f, r, ok)) != MQ_OK || !*ok ||
	    (err = read_member(im, line, f, r, ok)) != MQ_OK || !*ok)
		return err;
	*ok = false;
	if (!mq_date_parse(f[F_DATE], &r->date)) {
		report(im, line, L(im, "date '%.20s' is not a date YYYY-MM-DD",
			  "日期“%.20s”有误，应写成 YYYY-MM-DD（如 2026-12-01）"), f[F_DATE]);
		return MQ_OK;
	}
	if (timed ? !read_times(im, line, f, r) : !read_untimed(im, line, f, r))
		return MQ_OK;
	chars = mq_utf8_length(f[F_NOTE]);
	if (chars < 0 || chars > NOTE_CHARS || strlen(f[F_NOTE]) >= sizeof r->note) {
		report(im, line, L(im, "note is longer than %d characters",
			  "备注超过 %d 个字"), NOTE_CHARS);
		return MQ_OK;
	}
	snprintf(r->note, sizeof r->note, "%s", f[F_NOTE]);
	*ok = true;
	return MQ_OK;
}

/* Reads data line @p buf (split into its fields) into the next row of
 * im->rows; *@p stop when no more rows may come. */
static enum mq_err read_data(struct import *im, unsigned int line, char *buf,
			     bool *stop)
{
	char *fields[FIELDS_MAX];
	enum split_err why = SPLIT_COLUMNS;
	int nf = split(buf, fields, &why);
	bool ok;
	enum mq_err err;

	if (nf < 0) {
		report(im, line, "%s", split_why[why][im->opts->chinese ? 1 : 0]);
		return MQ_OK;
	}
	if (nf != COLS) {
		report(im, line, L(im, "%d columns, expected %d (%s)",
		  "有 %d 列，应为 %d 列（%s）"), nf, COLS, header);
		return MQ_OK;
	}
	if (im->n == ROWS_MAX) {
		report(im, line, L(im, "more than %d rows; split the file",
		  "超过 %d 行，请分批导入"), ROWS_MAX);
		*stop = true;
		return MQ_OK;
	}
	if (!mq_array_reserve(&im->rows, im->n, sizeof *im->rows))
		return MQ_ERR_NOMEM;
	err = read_row(im, line, fields, &im->rows[im->n], &ok);
	if (err == MQ_OK && ok)
		im->n++;
	return err;
}

/* Reads line @p line (@p n bytes at @p p, without its LF): a blank or
 * comment line, the header (*@p seen_header), or a data row. *@p stop when
 * no more lines may come. */
static enum mq_err read_line(struct import *im, unsigned int line, const char *p, size_t n,
			     bool *seen_header, bool *stop)
{
	char buf[LINE_MAX_BYTES + 1];

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > LINE_MAX_BYTES) {
		report(im, line, L(im, "the line is longer than %d bytes",
		  "这一行超过 %d 字节"), LINE_MAX_BYTES);
		return MQ_OK;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (mq_utf8_length(buf) < 0) {
		report(im, line, L(im, "not valid UTF-8 (GBK from a spreadsheet?): save the file"
				 " as 'CSV UTF-8'",
		  "不是有效的 UTF-8 文本（表格软件导出的 GBK？）：请另存为“CSV UTF-8”"));
		return MQ_OK;
	}
	if (!trim(buf)[0] || trim(buf)[0] == '#')
		return MQ_OK;
	if (*seen_header)
		return read_data(im, line, buf, stop);
	*seen_header = true;
	if (strcasecmp(trim(buf), header) != 0) {
		report(im, line, L(im, "the first line must be the header '%s'",
		  "第一行必须是表头 %s"), header);
		*stop = true;   /* the columns mean nothing without it */
	}
	return MQ_OK;
}

/* Reads the whole file into im->rows. MQ_OK even with bad rows (counted in
 * im->res.errors); another error only for storage or memory failures. */
static enum mq_err read_all(struct import *im, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned int line = 0;
	bool seen_header = false, stop = false;
	enum mq_err err = MQ_OK;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;   /* the BOM spreadsheet programs put before UTF-8 */
	if (len > IMPORT_MAX) {
		report(im, 0, L(im, "the file is larger than %d bytes; split it",
			  "内容超过 %d 字节，请分批导入"), IMPORT_MAX);
		return MQ_OK;
	}
	if (memchr(text, '\0', len)) {
		report(im, 0, L(im, "the file contains NUL bytes: it is not a UTF-8 CSV text file"
			      " (UTF-16 from a spreadsheet? save as 'CSV UTF-8')",
			  "内容含有空字节，不是 UTF-8 的 CSV 文本（表格软件导出的 UTF-16？请另存为“CSV UTF-8”）"));
		return MQ_OK;
	}
	while (p < end && !stop && err == MQ_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		err = read_line(im, ++line, p, n, &seen_header, &stop);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (err == MQ_OK && !seen_header)
		report(im, 0, L(im, "the file is empty; it needs the header '%s' and rows",
			  "内容为空：需要表头 %s 和数据行"), header);
	return err;
}

/* ---- pass 2: writing (inside the transaction) ---------------------------- */

struct idlist {
	char (*ids)[MQ_DB_SHIFT_ID_MAX + 1];
	size_t n;
	const char *member;          /* only this member's shifts; NULL for all */
	bool failed;
};

static bool collect(void *cls, const struct mq_db_report_shift *row)
{
	struct idlist *l = cls;
	char *id;

	if (l->member && strcmp(l->member, row->member) != 0)
		return true;
	if (!(id = mq_array_add(&l->ids, &l->n, sizeof *l->ids))) {
		l->failed = true;
		return false;
	}
	snprintf(id, sizeof *l->ids, "%s", row->id);
	return true;
}

/* Cancels the active shifts on @p r's date (its studio, or all for '*'; only
 * r->member's for a skip). */
static enum mq_err cancel_day(struct import *im, const struct row *r, const char *note)
{
	struct mq_db *db = im->db;
	struct mq_date next = mq_date_add(&r->date, 1);
	struct idlist l = { .member = r->kind == K_SKIP ? r->member : NULL };
	enum mq_err err;

	err = db->shifts_iterate(db->cls, strcmp(r->studio, "*") == 0 ? NULL : r->studio,
				 mq_date_local_time(&r->date, 0), mq_date_local_time(&next, 0),
				 collect, &l);
	if (err == MQ_OK && l.failed)
		err = MQ_ERR_NOMEM;
	for (size_t i = 0; err == MQ_OK && i < l.n; i++) {
		int64_t nb = 0;
		err = db->shift_cancel(db->cls, l.ids[i], note, im->now, &nb);
		if (err == MQ_OK) {
			im->res.shifts_cancelled++;
			im->res.bookings_cancelled += (unsigned int)nb;
		}
	}
	free(l.ids);
	return err;
}

static bool skipped(const struct import *im, const char *studio, const char *member,
		    const struct mq_date *d)
{
	for (size_t i = 0; i < im->n; i++) {
		const struct row *r = &im->rows[i];
		if (r->kind == K_SKIP && strcmp(r->studio, studio) == 0 &&
		    strcmp(r->member, member) == 0 && r->date.y == d->y && r->date.m == d->m &&
		    r->date.d == d->d)
			return true;
	}
	return false;
}

/* The bookable slots of new shift @p sh. */
static enum mq_err make_slots(struct import *im, const struct mq_db_shift *sh)
{
	struct mq_db *db = im->db;

	for (int64_t t = sh->start_at; t < sh->end_at; t += (int64_t)sh->slot_minutes * 60) {
		struct mq_db_slot sl;
		char ymdhm[16];
		enum mq_err err;

		/* a studio's slots never overlap: its id and the local start name one */
		memset(&sl, 0, sizeof sl);
		mq_time_format_shanghai(t, "%Y%m%d-%H%M", ymdhm, sizeof ymdhm);
		snprintf(sl.id, sizeof sl.id, "%s-%s", sh->studio, ymdhm);
		snprintf(sl.shift.id, sizeof sl.shift.id, "%s", sh->id);
		sl.start_at = t;
		sl.end_at = t + (int64_t)sh->slot_minutes * 60;
		sl.capacity = sh->capacity;
		err = db->slot_insert(db->cls, &sl);
		if (err != MQ_OK)
			return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	}
	return MQ_OK;
}

/* Makes the shift of row @p r on date @p d, with its slots. */
static enum mq_err make_shift(struct import *im, const struct row *r, const struct mq_date *d)
{
	struct mq_db *db = im->db;
	struct mq_db_shift sh, old;
	char day[11], reason[MQ_DB_NOTE_MAX];
	enum mq_err err;

	mq_date_format(d, day);
	err = db->closure_get(db->cls, r->studio, day, reason, sizeof reason);
	if (err == MQ_OK || skipped(im, r->studio, r->member, d)) {
		im->res.shifts_skipped++;
		return MQ_OK;
	}
	if (err != MQ_ERR_NOT_FOUND)
		return err;

	memset(&sh, 0, sizeof sh);
	snprintf(sh.id, sizeof sh.id, "%s-%04d%02d%02d-%02d%02d-%02d%02d", r->studio,
		 d->y % 10000, d->m % 100, d->d % 100, (r->start_min / 60) % 100,
		 r->start_min % 60, (r->end_min / 60) % 100, r->end_min % 60);
	snprintf(sh.studio, sizeof sh.studio, "%s", r->studio);
	snprintf(sh.member, sizeof sh.member, "%s", r->member);
	sh.start_at = mq_date_local_time(d, r->start_min);
	sh.end_at = mq_date_local_time(d, r->end_min);
	sh.slot_minutes = r->slot_minutes;
	sh.capacity = r->capacity;
	snprintf(sh.source, sizeof sh.source, "%s", r->kind == K_WEEKLY ? "weekly" : "import");

	err = db->shift_get(db->cls, sh.id, &old);
	if (err == MQ_OK) {
		if (old.active && strcmp(old.member, sh.member) == 0 && old.start_at == sh.start_at &&
		    old.end_at == sh.end_at && old.slot_minutes == sh.slot_minutes &&
		    old.capacity == sh.capacity) {
			im->res.shifts_unchanged++;
			return MQ_OK;
		}
		report(im, r->line, L(im, "%s: shift %s exists already %s",
				      "%s：班次 %s 已经存在，%s"), day, sh.id,
		       old.active ? L(im, "with another member, end, slot length or capacity",
				      "但委员、结束时间、每段时长或名额不同")
				  : L(im, "and was cancelled", "且已被取消"));
		return MQ_OK;
	}
	if (err != MQ_ERR_NOT_FOUND)
		return err;
	err = db->shift_find_overlap(db->cls, sh.studio, sh.start_at, sh.end_at, sh.id, &old);
	if (err == MQ_OK) {
		char a[8], b[8];
		mq_time_format_shanghai(old.start_at, "%H:%M", a, sizeof a);
		mq_time_format_shanghai(old.end_at, "%H:%M", b, sizeof b);
		report(im, r->line, L(im, "%s: the shift overlaps shift %s (%s, %s-%s) of the same studio",
			  "%s：与本工作室的班次 %s（%s，%s-%s）时间重叠"),
		       day, old.id, old.member, a, b);
		return MQ_OK;
	}
	if (err != MQ_ERR_NOT_FOUND)
		return err;
	err = db->shift_insert(db->cls, &sh);
	if (err == MQ_ERR_CONFLICT) {
		report(im, r->line, L(im, "%s: the database refused shift %s",
			  "%s：数据库拒绝了班次 %s"), day, sh.id);
		return MQ_OK;
	}
	if (err == MQ_OK)
		err = make_slots(im, &sh);
	if (err == MQ_OK)
		im->res.shifts_added++;
	return err;
}

/* The console's audit entry of the import, with its counts. */
static enum mq_err audit(const struct import *im)
{
	const struct mq_roster_import_result *r = &im->res;
	const char *studio = im->opts->studio;

	return mq_audit(im->db, im->opts->who, im->now, studio, "roster.import",
			studio ? studio : "*", NULL,
			json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
				  "rows", (json_int_t)r->rows,
				  "shifts_added", (json_int_t)r->shifts_added,
				  "shifts_unchanged", (json_int_t)r->shifts_unchanged,
				  "shifts_skipped", (json_int_t)r->shifts_skipped,
				  "shifts_cancelled", (json_int_t)r->shifts_cancelled,
				  "bookings_cancelled", (json_int_t)r->bookings_cancelled,
				  "closures", (json_int_t)r->closures));
}

static enum mq_err write_cb(void *cls)
{
	struct import *im = cls;
	struct mq_db *db = im->db;
	enum mq_err err = MQ_OK;

	memset(&im->res, 0, sizeof im->res);
	for (size_t i = 0; err == MQ_OK && i < im->n; i++) {
		const struct row *r = &im->rows[i];
		char day[11];

		if (r->kind != K_CLOSED && r->kind != K_HOLIDAY && r->kind != K_SKIP)
			continue;
		mq_date_format(&r->date, day);
		if (r->kind != K_SKIP) {
			err = db->closure_insert(db->cls, r->studio, day,
						 r->kind == K_CLOSED ? "closed" : "holiday", r->note);
			if (err == MQ_OK)
				im->res.closures++;
		}
		if (err == MQ_OK)
			err = cancel_day(im, r, r->note[0] ? r->note
						 : r->kind == K_CLOSED ? "工作室闭馆"
						 : r->kind == K_HOLIDAY ? "节假日"
									: "值班调整");
	}
	for (size_t i = 0; err == MQ_OK && i < im->n; i++) {
		const struct row *r = &im->rows[i];

		if (r->kind == K_SHIFT) {
			err = make_shift(im, r, &r->date);
		} else if (r->kind == K_WEEKLY) {
			for (struct mq_date d = r->date;
			     err == MQ_OK && mq_date_local_time(&d, 0) <=
						     mq_date_local_time(&r->until, 0);
			     d = mq_date_add(&d, 7))
				err = make_shift(im, r, &d);
		}
	}
	if (err == MQ_OK && im->res.errors)
		err = MQ_ERR_INVALID;
	im->res.rows = (unsigned int)im->n;
	if (err == MQ_OK && im->opts->who)
		err = audit(im);
	return err;
}

enum mq_err mq_roster_import(struct mq_db *db, const char *text, size_t len, int64_t now,
			     mq_roster_error_cb err_cb, void *err_cls,
			     struct mq_roster_import_result *res)
{
	static const struct mq_roster_import_opts plain;

	return mq_roster_import_ex(db, text, len, now, &plain, err_cb, err_cls, res);
}

enum mq_err mq_roster_import_ex(struct mq_db *db, const char *text, size_t len, int64_t now,
				const struct mq_roster_import_opts *opts,
				mq_roster_error_cb err_cb, void *err_cls,
				struct mq_roster_import_result *res)
{
	struct import im = { .db = db, .now = now, .opts = opts, .err_cb = err_cb,
			     .err_cls = err_cls };
	enum mq_err err;

	err = read_all(&im, text, len);
	if (err == MQ_OK && im.res.errors)
		err = MQ_ERR_INVALID;
	if (err == MQ_OK && im.n == 0) {
		report(&im, 0, L(&im, "no rows to import",
			  "没有可导入的行"));
		err = MQ_ERR_INVALID;
	}
	if (err == MQ_OK)
		err = db->run_tx(db->cls, "roster-import", write_cb, &im);
	im.res.rows = (unsigned int)im.n;
	*res = im.res;
	free(im.rows);
	if (err == MQ_OK)
		mq_log_info("roster", "imported: %u shifts added, %u unchanged, %u skipped,"
			    " %u cancelled (%u bookings), %u closures", res->shifts_added,
			    res->shifts_unchanged, res->shifts_skipped, res->shifts_cancelled,
			    res->bookings_cancelled, res->closures);
	return err;
}
