/* audit.c — the audit log's entries (mq_audit.h). */
#include "mq_audit.h"

#include <stdlib.h>

enum mq_err mq_audit(struct mq_db *db, const struct mq_db_staff *who, int64_t now,
		     const char *studio, const char *action, const char *subject, json_t *before,
		     json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct mq_db_audit entry = {
		.at = now, .actor = who->username, .studio = studio, .action = action,
		.subject = subject, .before = b, .after = a,
	};
	enum mq_err err = MQ_ERR_NOMEM;

	if ((!before || b) && (!after || a))
		err = db->audit_insert(db->cls, &entry);
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return err;
}
