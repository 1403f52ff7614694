/* stage.c — the five-step table (mq_stage.h). */
#include "mq_stage.h"

#include <string.h>

const struct mq_stage mq_stages[MQ_STAGE_COUNT] = {
	{ "collected", "收集采集" },
	{ "triaged", "分析研判" },
	{ "research", "调研走访" },
	{ "consult", "协商办理" },
	{ "feedback", "督查反馈" },
};

int mq_stage_index(const char *key)
{
	if (!key)
		return -1;
	for (int i = 0; i < MQ_STAGE_COUNT; i++)
		if (strcmp(mq_stages[i].key, key) == 0)
			return i;
	return -1;
}
