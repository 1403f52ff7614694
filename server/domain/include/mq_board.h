/* mq_board.h — the public board of resolved issues of a studio (办理公示):
 * what the board page (/board/{studio}) shows and what the kiosks' home
 * screen gets with the state pull. Anonymised: only what staff wrote for the
 * public (title, result), never what a resident wrote or who they are. */
#ifndef MQ_BOARD_H
#define MQ_BOARD_H

#include <jansson.h>

#include "mq_db.h"

/**
 * At most @p limit topics of @p studio with a published result, newest
 * first, as a JSON array of {"no","title","result","published_at",
 * "opinions","closed","satisfaction"} into *@p out (caller decrefs).
 */
enum mq_err mq_board_json(struct mq_db *db, const char *studio, unsigned int limit,
			  json_t **out) MQ_MUST_CHECK;

#endif
