/* mq_stage.h — the five steps an opinion or topic moves through (DESIGN.md §1):
 * 收集采集 → 分析研判 → 调研走访 → 协商办理 → 督查反馈, and a topic's state
 * after the last of them, closed (已办结).
 *
 * A stage is an enum everywhere inside the server; its key ("collected",
 * ...) is what storage, the wire and the forms carry. This header is the one
 * place a key is read (mq_stage_parse: storage rows, console forms) and
 * written (mq_stage_key), and where a stage's Chinese name lives. Like the
 * roles (mq_db_console.h) the functions are inline, so every layer from the
 * storage plugin up may use them without linking to one another. */
#ifndef MQ_STAGE_H
#define MQ_STAGE_H

#include <stdbool.h>
#include <string.h>

/** A stage, in the order of the practice. */
enum mq_stage {
	MQ_STAGE_COLLECTED,     /* "collected" 收集采集 */
	MQ_STAGE_TRIAGED,       /* "triaged"   分析研判 */
	MQ_STAGE_RESEARCH,      /* "research"  调研走访 */
	MQ_STAGE_CONSULT,       /* "consult"   协商办理 */
	MQ_STAGE_FEEDBACK,      /* "feedback"  督查反馈 */
	MQ_STAGE_CLOSED,        /* "closed"    已办结: topics only, after 督查反馈 */
};

/** The five steps: an opinion's stages and its tracking timeline. */
#define MQ_STAGE_COUNT 5

/** Every stage, closed included. */
#define MQ_STAGE_ALL 6

/** The key of @p s ("collected" .. "closed"). */
static inline const char *mq_stage_key(enum mq_stage s)
{
	static const char *const keys[MQ_STAGE_ALL] = { "collected", "triaged", "research",
							"consult", "feedback", "closed" };

	return (unsigned int)s < MQ_STAGE_ALL ? keys[s] : "";
}

/** The Chinese name of @p s (收集采集 .. 督查反馈, 已办结). */
static inline const char *mq_stage_name(enum mq_stage s)
{
	static const char *const names[MQ_STAGE_ALL] = { "收集采集", "分析研判", "调研走访",
							 "协商办理", "督查反馈", "已办结" };

	return (unsigned int)s < MQ_STAGE_ALL ? names[s] : "";
}

/** The stage whose key is @p key into *@p out; false (out untouched) for
 *  NULL or anything else. */
static inline bool mq_stage_parse(const char *key, enum mq_stage *out)
{
	for (int i = 0; key && i < MQ_STAGE_ALL; i++) {
		if (strcmp(key, mq_stage_key((enum mq_stage)i)) == 0) {
			*out = (enum mq_stage)i;
			return true;
		}
	}
	return false;
}

/** The opinion stage a topic stage shows as: closed stays 督查反馈. */
static inline enum mq_stage mq_stage_of_opinion(enum mq_stage topic_stage)
{
	return topic_stage == MQ_STAGE_CLOSED ? MQ_STAGE_FEEDBACK : topic_stage;
}

#endif
