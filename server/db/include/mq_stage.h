/* mq_stage.h — the five steps an opinion or topic moves through (DESIGN.md §1):
 * 收集采集 → 分析研判 → 调研走访 → 协商办理 → 督查反馈. */
#ifndef MQ_STAGE_H
#define MQ_STAGE_H

#define MQ_STAGE_COUNT 5

/** One step: its wire key and its Chinese name. */
struct mq_stage {
	const char *key;    /* "collected", "triaged", "research", "consult", "feedback" */
	const char *name;   /* 收集采集, ... */
};

/** The five steps in order; MQ_STAGE_COUNT entries, static storage. */
extern const struct mq_stage mq_stages[MQ_STAGE_COUNT];

/** The index of stage @p key in mq_stages, or -1 if @p key is not a stage (or NULL). */
int mq_stage_index(const char *key);

#endif
