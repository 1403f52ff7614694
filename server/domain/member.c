/* member.c — saving a member's record (mq_member.h). */
#include "mq_member.h"

#include <stdio.h>
#include <string.h>

#include "mq_account.h"
#include "mq_audit.h"

struct member_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_member_update_in *in;
	int64_t now;
	char *msg;
	size_t size;
};

static bool got(void *cls, const struct mq_db_member_admin *m)
{
	*(json_t **)cls = json_pack("{s:s, s:s, s:s, s:s?, s:s}", "studio", m->m.studio, "sector",
				    m->m.sector, "expertise", m->m.expertise, "badge_code",
				    m->badge_code, "communities", m->communities);
	return false;
}

static enum mq_err invalid(struct member_tx *tx, const char *why)
{
	snprintf(tx->msg, tx->size, "%s", why);
	return MQ_ERR_INVALID;
}

/* Stores the fields of tx->in on the member of studio @p studio. */
static enum mq_err store(struct member_tx *tx, const char *studio, struct mq_db_member *m)
{
	const struct mq_member_update_in *in = tx->in;
	struct mq_db *db = tx->db;
	enum mq_err err;

	snprintf(m->key, sizeof m->key, "%s", in->key);
	snprintf(m->sector, sizeof m->sector, "%s", in->sector);
	snprintf(m->expertise, sizeof m->expertise, "%s", in->expertise ? in->expertise : "");
	err = db->member_update(db->cls, m, in->badge_code);
	if (err == MQ_ERR_CONFLICT)
		return invalid(tx, "这个胸卡编码已经分配给另一位委员。");
	if (err == MQ_OK) {
		err = db->member_communities_set(db->cls, in->key, studio, in->communities,
						 in->n_communities);
		if (err == MQ_ERR_CONFLICT)
			return invalid(tx, "联系社区须属于本街道。");
	}
	if (err == MQ_OK && in->pin_hash)
		err = db->member_pin_set(db->cls, in->key, in->pin_hash);
	return err;
}

static enum mq_err member_cb(void *cls)
{
	struct member_tx *tx = cls;
	const struct mq_member_update_in *in = tx->in;
	struct mq_db *db = tx->db;
	struct mq_db_member m = { 0 };
	const char *studio;
	json_t *before = NULL, *after;
	enum mq_err err;

	err = db->members_admin_iterate(db->cls, mq_account_studio(tx->who), in->key, got,
					&before);
	if (err == MQ_OK && !before)
		return MQ_ERR_NOT_FOUND;
	if (err != MQ_OK)
		return err;
	studio = json_string_value(json_object_get(before, "studio"));
	if (!in->sector || mq_utf8_length(in->sector) > 60 ||
	    (in->expertise && mq_utf8_length(in->expertise) > 100) ||
	    (in->badge_code && strlen(in->badge_code) > 32))
		err = invalid(tx, "请填写界别（不超过60字）；专长不超过100字；胸卡编码不超过32个字符。");
	else
		err = store(tx, studio, &m);
	if (err == MQ_OK) {
		after = json_pack("{s:s, s:s, s:s?, s:i, s:b}", "sector", m.sector, "expertise",
				  m.expertise, "badge_code", in->badge_code, "communities",
				  (int)in->n_communities, "pin_reset", in->pin_hash != NULL);
		err = mq_audit(db, tx->who, tx->now, studio, "member.update", in->key,
			       json_incref(before), after);
	}
	json_decref(before);
	return err;
}

enum mq_err mq_member_update(struct mq_db *db, const struct mq_db_staff *who,
			     const struct mq_member_update_in *in, int64_t now, char *msg,
			     size_t size)
{
	struct member_tx tx = { .db = db, .who = who, .in = in, .now = now, .msg = msg,
				.size = size };

	return db->run_tx(db->cls, "member", member_cb, &tx);
}
