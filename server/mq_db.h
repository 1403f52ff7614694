/* mq_db.h — the district server's storage interface.
 *
 * Like GNU Taler's exchangedb plugin, the database sits behind a struct of
 * function pointers so that the SQLite backend (db_sqlite.c) and a later
 * PostgreSQL backend implement one contract. Every operation takes the
 * backend's closure `cls` first. Operations that change several rows are
 * meant to run inside run_tx(); a lone read may run outside it.
 *
 * Strings handed to callbacks are valid only during the callback.
 * Times are UTC unix seconds. */
#ifndef MQ_DB_H
#define MQ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_error.h"
#include "mq_id.h"
#include "mq_sig.h"
#include "mq_wire.h"

#define MQ_DB_NAME_MAX 256        /* bytes for a display name (UTF-8) */
#define MQ_DB_DEVICE_ID_MAX MQ_SIG_KEYID_MAX
#define MQ_DB_SHA256_HEX 64
#define MQ_DB_ENROLL_CODE_MAX 32

/** A street's studio (委员工作室). */
struct mq_db_studio {
	char id[MQ_KEY_MAX + 1];              /* e.g. "hubin" */
	char name[MQ_DB_NAME_MAX];            /* e.g. 湖滨街道委员工作室 */
	char street[MQ_KEY_MAX + 1];          /* street key */
	char street_name[MQ_DB_NAME_MAX];     /* e.g. 湖滨街道 */
};

/** A key with its display name: a category or a community. */
struct mq_db_named {
	char key[MQ_KEY_MAX + 1];
	char name[MQ_DB_NAME_MAX];
};

/** A member (委员) as the kiosk may show it: no badge, no PIN. */
struct mq_db_member {
	char key[MQ_KEY_MAX + 1];
	char name[MQ_DB_NAME_MAX];
	char sector[MQ_DB_NAME_MAX];          /* 界别 */
	char expertise[MQ_DB_NAME_MAX];
	char studio[MQ_KEY_MAX + 1];
};

/** An enrolled kiosk and its HMAC key. */
struct mq_db_device {
	char id[MQ_DB_DEVICE_ID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
	char studio[MQ_KEY_MAX + 1];
	int64_t created_at;
	int64_t last_seen;
};

/** A one-time enrollment code. used_at is 0 while unused. */
struct mq_db_enroll_code {
	char code[MQ_DB_ENROLL_CODE_MAX + 1];
	char studio[MQ_KEY_MAX + 1];
	int64_t created_at;
	int64_t expires_at;
	int64_t used_at;
};

/** One received sync record: what idempotency compares. */
struct mq_db_record {
	char id[MQ_UUID_LEN + 1];                 /* lowercase */
	char device[MQ_DB_DEVICE_ID_MAX + 1];
	char kind[MQ_KEY_MAX + 1];
	int64_t created_at;
	char content_sha256[MQ_DB_SHA256_HEX + 1]; /* of the canonical {kind,created_at,data} */
	int64_t received_at;
};

/** An opinion (社情民意). Optional strings are NULL when absent. The *_name
 *  fields are filled only by opinion_get_by_token (ignored on insert). */
struct mq_db_opinion {
	const char *id;
	const char *token;
	const char *short_code;
	const char *studio;
	const char *community;
	const char *category;
	const char *text;
	const char *member;
	const char *contact_name;
	const char *contact_phone;
	const char *channel;        /* "kiosk" | "web" | "member" */
	const char *stage;          /* current stage key */
	int64_t created_at;
	const char *studio_name;
	const char *category_name;
	const char *community_name;
};

/** One entry of the append-only stage history. */
struct mq_db_stage_event {
	int64_t id;                 /* assigned by the store; ignored on insert */
	const char *subject_kind;   /* "opinion" | "topic" */
	const char *subject;        /* the opinion's record id or the topic id */
	const char *stage;          /* stage key, see mq_stage.h */
	int64_t at;
	const char *actor_role;     /* "kiosk", "street", "admin", ... */
	const char *public_note;    /* shown on the tracking page; may be NULL */
	const char *internal_note;  /* staff only; may be NULL */
};

/** A stage change as a kiosk learns it: event id, opinion token, stage, time. */
struct mq_db_stage_change {
	int64_t id;
	const char *token;
	const char *stage;
	int64_t at;
};

/** Work run inside one transaction; return MQ_OK to commit, anything else rolls back. */
typedef enum mq_err (*mq_db_tx_cb)(void *cb_cls);
/** Receives one row of a listing; return false to stop early. */
typedef bool (*mq_db_named_cb)(void *cb_cls, const struct mq_db_named *row);
/** Receives one member of a listing; return false to stop early. */
typedef bool (*mq_db_member_cb)(void *cb_cls, const struct mq_db_member *row);
/** Receives one stage event; return false to stop early. */
typedef bool (*mq_db_stage_event_cb)(void *cb_cls, const struct mq_db_stage_event *row);
/** Receives one stage change; return false to stop early. */
typedef bool (*mq_db_stage_change_cb)(void *cb_cls, const struct mq_db_stage_change *row);
/** Receives the opinion found by opinion_get_by_token. */
typedef void (*mq_db_opinion_cb)(void *cb_cls, const struct mq_db_opinion *row);

/**
 * The storage interface. Unless stated otherwise an operation returns MQ_OK,
 * MQ_ERR_NOT_FOUND when the thing asked for does not exist, or MQ_ERR_DB.
 */
struct mq_db {
	/** The backend's state; first argument of every operation. */
	void *cls;

	/** Release everything the backend holds (called by mq_db_destroy). */
	void (*close)(void *cls);

	/** Apply the numbered migrations not applied yet, in order. */
	enum mq_err (*migrate)(void *cls);

	/**
	 * Run @p cb in one transaction named @p name (for logs). Commits when @p cb
	 * returns MQ_OK; rolls back otherwise and returns @p cb's result. When the
	 * database is busy (another writer) the whole transaction, callback
	 * included, is retried a few times before MQ_ERR_DB: @p cb must therefore
	 * reset any state it builds.
	 */
	enum mq_err (*run_tx)(void *cls, const char *name, mq_db_tx_cb cb, void *cb_cls);

	/** MQ_OK if the database answers a trivial query. */
	enum mq_err (*ping)(void *cls);

	/** Load the demo district (server/sql/seed-demo.sql); idempotent. */
	enum mq_err (*seed_demo)(void *cls);

	/** Look up studio @p id. */
	enum mq_err (*studio_get)(void *cls, const char *id, struct mq_db_studio *out);

	/** Store a new enrollment code. MQ_ERR_CONFLICT if the code exists. */
	enum mq_err (*enroll_code_insert)(void *cls, const struct mq_db_enroll_code *code);

	/** Look up enrollment code @p code. */
	enum mq_err (*enroll_code_get)(void *cls, const char *code, struct mq_db_enroll_code *out);

	/** Mark @p code used at @p now. MQ_ERR_CONFLICT if it was already used. */
	enum mq_err (*enroll_code_use)(void *cls, const char *code, int64_t now);

	/** Store a new device. MQ_ERR_CONFLICT if the id exists. */
	enum mq_err (*device_insert)(void *cls, const struct mq_db_device *dev);

	/** Look up device @p id (with its key). */
	enum mq_err (*device_get)(void *cls, const char *id, struct mq_db_device *out);

	/** Set the device's last_seen to @p now. */
	enum mq_err (*device_touch)(void *cls, const char *id, int64_t now);

	/**
	 * Remember that @p keyid used @p nonce at @p now, first forgetting nonces
	 * older than @p forget_before. MQ_ERR_CONFLICT if the pair is remembered
	 * already (a replay).
	 */
	enum mq_err (*nonce_remember)(void *cls, const char *keyid, const char *nonce,
				      int64_t now, int64_t forget_before);

	/** Look up record @p id (lowercase UUID). */
	enum mq_err (*record_get)(void *cls, const char *id, struct mq_db_record *out);

	/** Store a record's idempotency entry. MQ_ERR_CONFLICT if the id exists. */
	enum mq_err (*record_insert)(void *cls, const struct mq_db_record *rec);

	/** Look up category @p key (categories are district-wide). */
	enum mq_err (*category_get)(void *cls, const char *key, struct mq_db_named *out);

	/** Look up community @p key of studio @p studio. */
	enum mq_err (*community_get)(void *cls, const char *studio, const char *key,
				     struct mq_db_named *out);

	/** Look up member @p key of studio @p studio. */
	enum mq_err (*member_get)(void *cls, const char *studio, const char *key,
				  struct mq_db_member *out);

	/** Store an opinion (its record must exist). MQ_ERR_CONFLICT if id or token exists. */
	enum mq_err (*opinion_insert)(void *cls, const struct mq_db_opinion *op);

	/** Find the opinion with tracking token @p token and hand it to @p cb once. */
	enum mq_err (*opinion_get_by_token)(void *cls, const char *token, mq_db_opinion_cb cb,
					    void *cb_cls);

	/** Append a stage event (also moves the subject's current stage). */
	enum mq_err (*stage_event_insert)(void *cls, const struct mq_db_stage_event *ev);

	/** Hand the stage events of @p subject to @p cb, oldest first. */
	enum mq_err (*stage_events_iterate)(void *cls, const char *subject,
					    mq_db_stage_event_cb cb, void *cb_cls);

	/** Hand all categories to @p cb in display order. */
	enum mq_err (*categories_iterate)(void *cls, mq_db_named_cb cb, void *cb_cls);

	/** Hand the communities of @p studio to @p cb in display order. */
	enum mq_err (*communities_iterate)(void *cls, const char *studio, mq_db_named_cb cb,
					   void *cb_cls);

	/** Hand the members of @p studio to @p cb in display order. */
	enum mq_err (*members_iterate)(void *cls, const char *studio, mq_db_member_cb cb,
				       void *cb_cls);

	/**
	 * Hand to @p cb, by ascending event id, at most @p limit stage changes of
	 * the opinions of @p studio whose event id is greater than @p since.
	 */
	enum mq_err (*stage_changes_iterate)(void *cls, const char *studio, int64_t since,
					     unsigned int limit, mq_db_stage_change_cb cb,
					     void *cb_cls);
};

/**
 * Open the SQLite database at @p path (created if missing) in WAL mode with
 * foreign keys on and a busy timeout, and apply pending migrations.
 * On success *@p out holds a handle to free with mq_db_destroy().
 * Returns MQ_ERR_IO when the file cannot be opened, MQ_ERR_DB otherwise.
 */
enum mq_err mq_db_sqlite_open(const char *path, struct mq_db **out) MQ_MUST_CHECK;

/** Close and free @p db. NULL is a no-op. */
void mq_db_destroy(struct mq_db *db);

#endif
