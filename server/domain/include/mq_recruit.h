/* mq_recruit.h — 征集: a street group (or an admin) opens a topic for
 * members to volunteer ("征集有意向的政协委员参与协商"); members see the open
 * calls in their console and volunteer (报名参与); staff see the volunteers
 * and choose the participants, who join the topic's members (调研走访, 参与
 * 议题). Volunteering and being chosen count in the members' 履职
 * statistics (mq_stats.h) and the attendance report (mq_attendance.h).
 * Each change is one transaction with its audit entry. */
#ifndef MQ_RECRUIT_H
#define MQ_RECRUIT_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_RECRUIT_NOTE_MAX 200      /* characters of what a call asks for */

/**
 * Open topic @p topic for members to volunteer, asking @p note (may be NULL),
 * by @p who at @p now; opening a closed call again keeps its volunteers.
 * MQ_ERR_AUTH when @p who only reads; MQ_ERR_NOT_FOUND for a topic out of
 * @p who's scope; MQ_ERR_INVALID (Chinese reason in @p msg) for a closed
 * topic (已办结) or a note too long.
 */
enum mq_err mq_recruit_open(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			    const char *note, int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/** Close the open call of @p topic by @p who at @p now: errors as
 *  mq_recruit_open; MQ_ERR_INVALID when no call is open. */
enum mq_err mq_recruit_close(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			     int64_t now, char *msg, size_t size) MQ_MUST_CHECK;

/**
 * Member account @p who volunteers (报名参与) for @p topic at @p now.
 * MQ_ERR_AUTH for any other role; MQ_ERR_INVALID (Chinese reason in @p msg)
 * when the topic has no open call; MQ_ERR_CONFLICT when they volunteered
 * already.
 */
enum mq_err mq_recruit_volunteer(struct mq_db *db, const struct mq_db_staff *who,
				 const char *topic, int64_t now, char *msg,
				 size_t size) MQ_MUST_CHECK;

/**
 * @p who chooses volunteer @p member of @p topic as a participant at @p now:
 * the member joins the topic. Errors as mq_recruit_open; MQ_ERR_INVALID when
 * @p member has not volunteered or was chosen already.
 */
enum mq_err mq_recruit_choose(struct mq_db *db, const struct mq_db_staff *who, const char *topic,
			      const char *member, int64_t now, char *msg,
			      size_t size) MQ_MUST_CHECK;

#endif
