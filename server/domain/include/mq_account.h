/* mq_account.h — console accounts: what each role may see and change, the
 * password rules, checking a password against online guessing, storing a
 * login's session, and the account changes staff make (each in one
 * transaction with its audit entry, never holding a password or hash).
 *
 * The session cookie, the CSRF tokens and the forms are the console's
 * (server/console/); this is what they ask. */
#ifndef MQ_ACCOUNT_H
#define MQ_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"
#include "mq_throttle.h"

#define MQ_ACCOUNT_PASSWORD_MIN 8      /* bytes; as staff-add has always asked */
#define MQ_ACCOUNT_PASSWORD_MAX 200    /* bytes */
#define MQ_ACCOUNT_SESSION_S (12 * 3600)

/* Guessing a password is slowed, never locked (mq_throttle.h): per account
 * and address, 3 wrong passwords are free, then each waits 2 s, 4 s, 8 s ...
 * up to 15 minutes; per address over all names (one address spraying one
 * password on many names), 30 are free, then the same growth. */
extern const struct mq_throttle_policy mq_account_login_throttle;
extern const struct mq_throttle_policy mq_account_address_throttle;

/* ---- what a role may see and change -------------------------------------- */

/** The studio account @p who is limited to (a street group's), or NULL
 *  (admins see every studio; members are limited by member, not studio). */
const char *mq_account_studio(const struct mq_db_staff *who);

/** For a member account, its member key (a key no member has when it names
 *  none); NULL for the other roles. */
const char *mq_account_own_member(const struct mq_db_staff *who);

/** True if @p who may change things (admin, street); members only read. */
bool mq_account_can_edit(const struct mq_db_staff *who);

/** True if @p who is a district admin (account management, Open311 keys). */
bool mq_account_is_admin(const struct mq_db_staff *who);

/** Restrict @p f to the opinions @p who may see (street: its studio; member:
 *  what is addressed or assigned to it); an admin's filter stays as chosen. */
void mq_account_scope_opinions(const struct mq_db_staff *who, struct mq_db_opinion_filter *f);

/** Restrict @p f to the topics @p who may see, as mq_account_scope_opinions. */
void mq_account_scope_topics(const struct mq_db_staff *who, struct mq_db_topic_filter *f);

/* ---- passwords ----------------------------------------------------------- */

/** True if @p username has the form 1..MQ_DB_USER_MAX of [a-z0-9_.-]. */
bool mq_account_username_ok(const char *username);

/** True if @p password may be a console password: valid UTF-8 of
 *  MQ_ACCOUNT_PASSWORD_MIN..MQ_ACCOUNT_PASSWORD_MAX bytes. The one rule of
 *  staff-add and of the console's account forms. */
bool mq_account_password_ok(const char *password);

/** Hash @p password for storage (argon2id, libsodium's interactive limits)
 *  into @p out; false when memory runs out. Also hashes members' PINs. */
bool mq_account_password_hash(const char *password, char out[MQ_DB_PWHASH_MAX]) MQ_MUST_CHECK;

/** What checking a password found. */
enum mq_password_verdict {
	MQ_PASSWORD_RIGHT,      /* the account exists and the password is its own */
	MQ_PASSWORD_WRONG,      /* no such account, or another password: counted */
	MQ_PASSWORD_LOCKED,     /* throttled: not even checked; try again after the wait */
};

/** A password to check. */
struct mq_password_check {
	const char *username;   /* a well-formed user name (mq_account_username_ok) */
	const char *password;   /* NULL counts as wrong */
	const char *client;     /* the client's address (NULL: one shared "unknown" group) */
	int64_t now;
};

/**
 * Check @p in against guessing: while the (name, client) pair or the client
 * alone must wait (mq_account_login_throttle, mq_account_address_throttle)
 * it is LOCKED and *@p wait_s says how long; otherwise RIGHT or WRONG, and
 * a wrong one is counted for the pair and the address. An unknown or
 * malformed name is verified against a dummy argon2id hash, so it takes as
 * long as a known one and is counted alike. On RIGHT, @p out holds the
 * account (its hash wiped; it may be disabled: the caller decides).
 * Returns MQ_OK with *@p verdict set, or the storage error.
 */
enum mq_err mq_account_check_password(struct mq_db *db, const struct mq_password_check *in,
				      enum mq_password_verdict *verdict, int64_t *wait_s,
				      struct mq_db_staff *out) MQ_MUST_CHECK;

/* ---- changes ------------------------------------------------------------- */

/** Store the new session @p s of a login from @p client (may be NULL) at
 *  @p now, in one transaction with forgetting the failed logins of the
 *  account from that client and the audit entry "login". */
enum mq_err mq_account_login(struct mq_db *db, const struct mq_db_session *s,
			     const char *client, int64_t now) MQ_MUST_CHECK;

/** The account of session @p s takes the password hash @p pw_hash at @p now;
 *  its other sessions end, @p s stays. Audited as "password.change". */
enum mq_err mq_account_password_change(struct mq_db *db, const struct mq_db_session *s,
				       const char *pw_hash, int64_t now) MQ_MUST_CHECK;

/** What an admin does to an account in the console. */
enum mq_staff_action {
	MQ_STAFF_CREATE,        /* a new account: all of mq_staff_change.account */
	MQ_STAFF_PASSWORD,      /* a new password (account.pw_hash); its sessions end */
	MQ_STAFF_DISABLE,       /* locked out; its sessions end */
	MQ_STAFF_ENABLE,        /* let in again */
};

/** One change to account @p account.username. */
struct mq_staff_change {
	enum mq_staff_action action;
	struct mq_db_staff account;
};

/**
 * Apply @p in for @p who at @p now in one transaction with its audit entry
 * ("staff.create", "staff.password", "staff.disable", "staff.enable").
 * MQ_ERR_INVALID with a Chinese explanation for the form in @p msg when the
 * new account's street or member does not exist or its name is taken;
 * MQ_ERR_NOT_FOUND when the account to change does not exist.
 */
enum mq_err mq_account_staff_change(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_staff_change *in, int64_t now, char *msg,
				    size_t size) MQ_MUST_CHECK;

#endif
