/* mq_db_part.h — the rows of participation that storage exchanges:
 * candidate topics (候选议题) a street group publishes for a studio, with
 * their closing date and their count of backings from kiosks and phones.
 * The operations are the "participation" block of struct mq_db (mq_db.h). */
#ifndef MQ_DB_PART_H
#define MQ_DB_PART_H

#include <stdbool.h>
#include <stdint.h>

/** A candidate topic; strings borrowed for the callback. */
struct mq_db_candidate {
	int64_t id;                 /* given by candidate_insert */
	const char *studio;
	const char *title;
	const char *description;    /* "" when none */
	const char *closes;         /* YYYY-MM-DD, the last day to back it */
	const char *opinion;        /* the opinion it came from, or NULL */
	const char *topic;          /* the topic it was promoted to, or NULL */
	const char *created_by;
	int64_t created_at;
	int64_t supports;           /* backings counted (read only) */
};

/** Receives one candidate; return false to stop. */
typedef bool (*mq_db_candidate_cb)(void *cls, const struct mq_db_candidate *c);

/** Which candidates candidates_iterate hands out. */
struct mq_db_candidate_filter {
	const char *studio;         /* NULL: every studio */
	const char *street;         /* NULL: every street */
	const char *open_on;        /* YYYY-MM-DD: only those still open that day
				       (closes >= it, not promoted); NULL: all */
};

#endif
