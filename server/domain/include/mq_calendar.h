/* mq_calendar.h — the district's official calendar (DESIGN.md §9): which
 * days are working days, kept as the State Council's notice of each year
 * (mq_workday.h does the counting). 2026 ships with the program; an admin
 * imports each new year's notice as a small CSV, from the console or with
 * `minqing-server calendar-import FILE`:
 *
 *   date,kind
 *   2027-01-01,holiday
 *   2027-02-07,workday
 *
 * one line per exception day: `holiday` for a day off that would be a
 * working day or not, `workday` for a weekend day that is worked (调休上班);
 * every other day follows Monday–Friday. A file covers the years its lines
 * name, and replaces what the calendar held for them, all or nothing. A
 * year with no notice is Monday–Friday, and the console warns of it. */
#ifndef MQ_CALENDAR_H
#define MQ_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_workday.h"

#define MQ_CALENDAR_FILE_MAX (64 * 1024)    /* bytes of a notice's CSV */
#define MQ_CALENDAR_DAYS_MAX 400            /* lines of one file */

/** The calendar stored in @p db into *@p out (free with mq_calendar_destroy).
 *  MQ_ERR_NOMEM or the storage error otherwise. */
enum mq_err mq_calendar_load(struct mq_db *db, struct mq_calendar **out) MQ_MUST_CHECK;

/** Receives one problem of an import: the file's line (0: the whole file)
 *  and what is wrong with it, in Chinese. */
typedef void (*mq_calendar_error_cb)(void *cls, unsigned int line, const char *msg);

/** What an import did. */
struct mq_calendar_import_result {
	unsigned int days;                  /* exception days stored */
	unsigned int errors;                /* lines refused (nothing stored when any) */
	int years[4];                       /* the years replaced */
	unsigned int n_years;
};

/**
 * Import the notice @p text (@p len bytes, the CSV above) named @p source
 * (a file name, for the record) for @p who (NULL: the command line) at
 * @p now: every line is checked first, then the years it names are
 * replaced in one transaction with the audit entry "calendar.import".
 * Returns MQ_OK, MQ_ERR_INVALID (each problem told to @p err_cb, nothing
 * stored), MQ_ERR_AUTH (@p who is no admin) or the storage error.
 */
enum mq_err mq_calendar_import(struct mq_db *db, const struct mq_db_staff *who,
			       const char *source, const char *text, size_t len, int64_t now,
			       mq_calendar_error_cb err_cb, void *err_cls,
			       struct mq_calendar_import_result *res) MQ_MUST_CHECK;

#endif
