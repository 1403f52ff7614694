/* board.c — the public board of resolved issues (办理公示, mq_board.h):
 * topics with a published result, newest first, anonymised. */
#include "mq_board.h"

#include <string.h>

#include "mq_time.h"

struct board_json {
	json_t *list;
	bool failed;
};

static bool item(void *cls, const struct mq_db_topic *t)
{
	struct board_json *bj = cls;
	char at[MQ_RFC3339_LEN + 1];

	mq_time_format_rfc3339(t->published_at, at);
	if (json_array_append_new(bj->list, json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:f}",
						      "no", (json_int_t)t->no, "title", t->title,
						      "result", t->result, "published_at", at,
						      "opinions", (json_int_t)t->n_opinions,
						      "closed", t->stage == MQ_STAGE_CLOSED,
						      "satisfaction", t->avg_stars)) != 0)
		bj->failed = true;
	return !bj->failed;
}

enum mq_err mq_board_json(struct mq_db *db, const char *studio, unsigned int limit, json_t **out)
{
	struct mq_db_topic_filter f = { .studio = studio, .published_only = true, .limit = limit };
	struct board_json bj = { .list = json_array() };
	enum mq_err err;

	*out = NULL;
	if (!bj.list)
		return MQ_ERR_NOMEM;
	err = db->topics_iterate(db->cls, &f, item, &bj);
	if (err == MQ_OK && bj.failed)
		err = MQ_ERR_NOMEM;
	if (err != MQ_OK) {
		json_decref(bj.list);
		return err;
	}
	*out = bj.list;
	return MQ_OK;
}
