/* account.c — console accounts (mq_account.h): role rules, passwords,
 * guessing limits, and the account changes with their audit entries. */
#include "mq_account.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_audit.h"

/* No key has this form: a scope that matches nothing. */
#define NOTHING "!nothing"

/* ---- what a role may see and change -------------------------------------- */

const char *mq_account_studio(const struct mq_db_staff *who)
{
	return who->role == MQ_ROLE_STREET ? who->studio : NULL;
}

const char *mq_account_own_member(const struct mq_db_staff *who)
{
	if (who->role != MQ_ROLE_MEMBER)
		return NULL;
	return who->member[0] ? who->member : NOTHING;
}

bool mq_account_can_edit(const struct mq_db_staff *who)
{
	return who->role == MQ_ROLE_ADMIN || who->role == MQ_ROLE_STREET;
}

bool mq_account_is_admin(const struct mq_db_staff *who)
{
	return who->role == MQ_ROLE_ADMIN;
}

/* Narrows a filter's (studio, member) to what an account is limited to; an
 * admin keeps the filter it chose. An account without its street or member
 * is limited to nothing rather than to everything. */
static void scope(const struct mq_db_staff *who, const char **studio, const char **member)
{
	switch (who->role) {
	case MQ_ROLE_ADMIN:
		break;
	case MQ_ROLE_STREET:
		*studio = who->studio[0] ? who->studio : NOTHING;
		break;
	case MQ_ROLE_MEMBER:
		*member = mq_account_own_member(who);
		break;
	case MQ_ROLE_LIAISON:
		/* their own filings only, never through these lists */
		*studio = NOTHING;
		*member = NOTHING;
		break;
	}
}

void mq_account_scope_opinions(const struct mq_db_staff *who, struct mq_db_opinion_filter *f)
{
	scope(who, &f->studio, &f->member);
}

void mq_account_scope_topics(const struct mq_db_staff *who, struct mq_db_topic_filter *f)
{
	scope(who, &f->studio, &f->member);
}

/* ---- passwords ----------------------------------------------------------- */

bool mq_account_username_ok(const char *u)
{
	size_t n = strlen(u);

	if (n == 0 || n > MQ_DB_USER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') || u[i] == '_' ||
		      u[i] == '.' || u[i] == '-'))
			return false;
	return true;
}

bool mq_account_password_ok(const char *password)
{
	size_t n = strlen(password);

	return n >= MQ_ACCOUNT_PASSWORD_MIN && n <= MQ_ACCOUNT_PASSWORD_MAX &&
	       mq_utf8_length(password) >= 0;
}

bool mq_account_password_hash(const char *password, char out[MQ_DB_PWHASH_MAX])
{
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

const struct mq_throttle_policy mq_account_login_throttle = {
	.purpose = "login", .free = 3, .base_s = 2, .cap_s = 15 * 60, .forget_s = 86400,
};

const struct mq_throttle_policy mq_account_address_throttle = {
	.purpose = "login", .free = 30, .base_s = 2, .cap_s = 15 * 60, .forget_s = 86400,
};

/* A hash no password matches in practice, made once with the same limits as
 * real ones: verifying against it costs what verifying a real one does. */
static char dummy_hash[MQ_DB_PWHASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	unsigned char raw[32];
	char pw[sizeof raw * 2 + 1];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (!mq_account_password_hash(pw, dummy_hash))
		dummy_hash[0] = '\0';   /* out of memory: the verify below then fails fast */
	sodium_memzero(pw, sizeof pw);
}

/* The longer of the waits of the (name, address) pair and of the address. */
static enum mq_err throttled(struct mq_db *db, const struct mq_password_check *in,
			     int64_t *wait_s)
{
	int64_t by_address = 0;
	enum mq_err err = mq_throttle_wait(db, &mq_account_login_throttle, in->username,
					   in->client, in->now, wait_s);

	if (err == MQ_OK)
		err = mq_throttle_wait(db, &mq_account_address_throttle, "", in->client, in->now,
				       &by_address);
	if (by_address > *wait_s)
		*wait_s = by_address;
	return err;
}

enum mq_err mq_account_check_password(struct mq_db *db, const struct mq_password_check *in,
				      enum mq_password_verdict *verdict, int64_t *wait_s,
				      struct mq_db_staff *out)
{
	const char *name = in->username && mq_account_username_ok(in->username) ? in->username
										: NULL;
	const char *pw = in->password ? in->password : "";
	bool right;
	enum mq_err err;

	memset(out, 0, sizeof *out);
	*verdict = MQ_PASSWORD_WRONG;
	if ((err = throttled(db, in, wait_s)) != MQ_OK)
		return err;
	if (*wait_s > 0) {
		*verdict = MQ_PASSWORD_LOCKED;
		return MQ_OK;
	}
	err = name ? db->staff_get(db->cls, name, out) : MQ_ERR_NOT_FOUND;
	if (err != MQ_OK && err != MQ_ERR_NOT_FOUND)
		return err;
	if (err == MQ_ERR_NOT_FOUND) {
		/* the same work as for a real account: the time tells nothing */
		pthread_once(&dummy_once, dummy_make);
		bool dummy = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0;

		right = false;   /* whatever the dummy said: there is no such account */
		(void)dummy;
	} else {
		right = in->password &&
			crypto_pwhash_str_verify(out->pw_hash, pw, strlen(pw)) == 0;
	}
	sodium_memzero(out->pw_hash, sizeof out->pw_hash);
	if (right) {
		*verdict = MQ_PASSWORD_RIGHT;
		return MQ_OK;
	}
	memset(out, 0, sizeof *out);
	err = mq_throttle_fail(db, &mq_account_login_throttle, in->username ? in->username : "",
			       in->client, in->now);
	if (err == MQ_OK)
		err = mq_throttle_fail(db, &mq_account_address_throttle, "", in->client, in->now);
	return err;
}

/* ---- login and own password ---------------------------------------------- */

struct login_tx {
	struct mq_db *db;
	const struct mq_db_session *s;
	const char *client;
	int64_t now;
	const char *pw_hash;         /* a password change: the new hash */
};

static enum mq_err login_cb(void *cls)
{
	struct login_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->session_insert(db->cls, tx->s);

	if (err == MQ_OK)
		err = mq_throttle_clear(db, &mq_account_login_throttle, tx->s->staff.username,
					tx->client);
	if (err == MQ_OK)
		err = mq_audit(db, &tx->s->staff, tx->now, tx->s->staff.studio, "login",
			       tx->s->staff.username, NULL, NULL);
	return err;
}

enum mq_err mq_account_login(struct mq_db *db, const struct mq_db_session *s,
			     const char *client, int64_t now)
{
	struct login_tx tx = { .db = db, .s = s, .client = client, .now = now };

	return db->run_tx(db->cls, "login", login_cb, &tx);
}

static enum mq_err password_cb(void *cls)
{
	struct login_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->staff_password_set(db->cls, tx->s->staff.username, tx->pw_hash,
						 tx->s->id);

	if (err != MQ_OK)
		return err;
	return mq_audit(db, &tx->s->staff, tx->now, tx->s->staff.studio, "password.change",
			tx->s->staff.username, NULL, json_pack("{s:b}", "other_sessions_ended", 1));
}

enum mq_err mq_account_password_change(struct mq_db *db, const struct mq_db_session *s,
				       const char *pw_hash, int64_t now)
{
	struct login_tx tx = { .db = db, .s = s, .now = now, .pw_hash = pw_hash };

	return db->run_tx(db->cls, "password", password_cb, &tx);
}

/* ---- an admin's changes to accounts -------------------------------------- */

struct staff_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_staff_change *in;
	int64_t now;
	char *msg;
	size_t size;
};

static bool member_found(void *cls, const struct mq_db_member_admin *m)
{
	(void)m;
	*(bool *)cls = true;
	return false;
}

/* The account's scope as audit JSON: role, street, member. */
static json_t *scope_json(const struct mq_db_staff *st)
{
	return json_pack("{s:s, s:s?, s:s?, s:b}", "role", mq_role_key(st->role),
			 "studio", st->studio[0] ? st->studio : NULL,
			 "member", st->member[0] ? st->member : NULL, "disabled", st->disabled);
}

/* A new account: its street or member must exist, its name be free. */
static enum mq_err create(struct staff_tx *tx)
{
	struct mq_db *db = tx->db;
	const struct mq_db_staff *st = &tx->in->account;
	struct mq_db_studio studio;
	bool found = false;
	enum mq_err err;

	if (st->studio[0]) {
		err = db->studio_get(db->cls, st->studio, &studio);
		if (err == MQ_ERR_NOT_FOUND)
			snprintf(tx->msg, tx->size, "没有这个街道委员工作室。");
		if (err != MQ_OK)
			return err == MQ_ERR_NOT_FOUND ? MQ_ERR_INVALID : err;
	}
	if (st->member[0]) {
		err = db->members_admin_iterate(db->cls, NULL, st->member, member_found, &found);
		if (err != MQ_OK)
			return err;
		if (!found) {
			snprintf(tx->msg, tx->size, "没有这位委员。");
			return MQ_ERR_INVALID;
		}
	}
	err = db->staff_insert(db->cls, st);
	if (err == MQ_ERR_CONFLICT) {
		snprintf(tx->msg, tx->size, "用户名“%s”已被使用，请换一个。", st->username);
		return MQ_ERR_INVALID;
	}
	if (err != MQ_OK)
		return err;
	return mq_audit(db, tx->who, tx->now, st->studio, "staff.create", st->username, NULL,
			scope_json(st));
}

static enum mq_err staff_cb(void *cls)
{
	struct staff_tx *tx = cls;
	struct mq_db *db = tx->db;
	const struct mq_db_staff *st = &tx->in->account;
	struct mq_db_staff before = { 0 };
	bool disable = tx->in->action == MQ_STAFF_DISABLE;
	json_t *after;
	enum mq_err err;

	if (tx->in->action == MQ_STAFF_CREATE)
		return create(tx);
	err = db->staff_get(db->cls, st->username, &before);
	sodium_memzero(before.pw_hash, sizeof before.pw_hash);
	if (err != MQ_OK)
		return err;
	if (tx->in->action == MQ_STAFF_PASSWORD) {
		err = db->staff_password_set(db->cls, st->username, st->pw_hash, NULL);
		after = json_pack("{s:b, s:b}", "password_reset", 1, "sessions_ended", 1);
		if (err == MQ_OK)
			err = mq_audit(db, tx->who, tx->now, before.studio, "staff.password",
				       st->username, NULL, after);
		else
			json_decref(after);
		return err;
	}
	err = db->staff_disabled_set(db->cls, st->username, disable);
	if (err != MQ_OK)
		return err;
	after = json_pack("{s:b}", "disabled", disable);
	return mq_audit(db, tx->who, tx->now, before.studio,
			disable ? "staff.disable" : "staff.enable", st->username,
			scope_json(&before), after);
}

enum mq_err mq_account_staff_change(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_staff_change *in, int64_t now, char *msg,
				    size_t size)
{
	struct staff_tx tx = { .db = db, .who = who, .in = in, .now = now, .msg = msg,
			       .size = size };

	return db->run_tx(db->cls, "staff", staff_cb, &tx);
}
