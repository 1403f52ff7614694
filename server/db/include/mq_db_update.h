/* mq_db_update.h — the rows of the kiosks' system updates that storage
 * exchanges: RAUC bundles uploaded in the console, rollouts (who is offered
 * which bundle: one kiosk as a canary, a street, or every kiosk; active,
 * paused or withdrawn) and each kiosk's update state from its heartbeat.
 * The operations are the "updates" block of struct mq_db (mq_db.h). The
 * bundle files themselves live in [server] bundle_dir, named by their
 * SHA-256; storage keeps what is known about them. */
#ifndef MQ_DB_UPDATE_H
#define MQ_DB_UPDATE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MQ_DB_BUNDLE_VERSION_MAX 64       /* bytes of a bundle's version, with its NUL */
#define MQ_DB_BUNDLE_COMPATIBLE_MAX 128   /* bytes of its compatible string, with its NUL */

/** A bundle the district uploaded (verified against its keyring then). */
struct mq_db_bundle {
	int64_t id;                           /* given by bundle_insert */
	char version[MQ_DB_BUNDLE_VERSION_MAX];
	char compatible[MQ_DB_BUNDLE_COMPATIBLE_MAX];
	char sha256[65];                      /* lowercase hex: also the file's name */
	int64_t size;                         /* bytes */
	char uploaded_by[64];
	int64_t uploaded_at;
};

/** Who a rollout offers its bundle to. */
enum mq_db_rollout_scope { MQ_ROLLOUT_DEVICE, MQ_ROLLOUT_STREET, MQ_ROLLOUT_ALL };

/** Where a rollout stands: offered, held back (may resume), or ended for good. */
enum mq_db_rollout_state { MQ_ROLLOUT_ACTIVE, MQ_ROLLOUT_PAUSED, MQ_ROLLOUT_WITHDRAWN };

static const char *const mq_db_rollout_scope_keys[] = { "device", "street", "all" };
static const char *const mq_db_rollout_state_keys[] = { "active", "paused", "withdrawn" };

/** The storage key of scope @p s ("device", "street", "all"). */
static inline const char *mq_db_rollout_scope_key(enum mq_db_rollout_scope s)
{
	return mq_db_rollout_scope_keys[s];
}

/** The storage key of state @p s ("active", "paused", "withdrawn"). */
static inline const char *mq_db_rollout_state_key(enum mq_db_rollout_state s)
{
	return mq_db_rollout_state_keys[s];
}

/** Scope key @p key into *@p out; false when it is none. */
static inline bool mq_db_rollout_scope_parse(const char *key, enum mq_db_rollout_scope *out)
{
	for (int i = 0; key && i < 3; i++)
		if (strcmp(key, mq_db_rollout_scope_keys[i]) == 0) {
			*out = (enum mq_db_rollout_scope)i;
			return true;
		}
	return false;
}

/** State key @p key into *@p out; false when it is none. */
static inline bool mq_db_rollout_state_parse(const char *key, enum mq_db_rollout_state *out)
{
	for (int i = 0; key && i < 3; i++)
		if (strcmp(key, mq_db_rollout_state_keys[i]) == 0) {
			*out = (enum mq_db_rollout_state)i;
			return true;
		}
	return false;
}

/** A rollout of a bundle. */
struct mq_db_rollout {
	int64_t id;                           /* given by rollout_insert */
	int64_t bundle;
	char version[MQ_DB_BUNDLE_VERSION_MAX]; /* the bundle's (listing only) */
	enum mq_db_rollout_scope scope;
	char target[64];                      /* a device id, a street key, "" for all */
	enum mq_db_rollout_state state;
	char created_by[64];
	int64_t created_at;
	int64_t changed_at;
};

/** A kiosk's update state as its latest heartbeat said (strings borrowed;
 *  optional ones NULL). In a listing, a kiosk that never said has
 *  has_status false and only device and studio_name set. */
struct mq_db_update_status {
	const char *device;
	const char *studio_name;              /* listing only */
	bool has_status;
	const char *state;                    /* idle offered downloading downloaded installing
					       * installed booted good rolled_back failed */
	const char *running;                  /* the system version it booted */
	const char *version;                  /* the bundle the state is about */
	int64_t percent;                      /* of the download, 0..100 */
	const char *reason;                   /* why it failed or rolled back */
	const char *booted_slot;              /* "A" or "B" */
	const char *slot_a, *slot_b;          /* the versions in the two root slots */
	int64_t at;
};

/** Receives one bundle, rollout or status; return false to stop early. */
typedef bool (*mq_db_bundle_cb)(void *cb_cls, const struct mq_db_bundle *row);
typedef bool (*mq_db_rollout_cb)(void *cb_cls, const struct mq_db_rollout *row);
typedef bool (*mq_db_update_status_cb)(void *cb_cls, const struct mq_db_update_status *row);

#endif
