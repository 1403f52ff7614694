/* mq_update.h — system updates of the kiosks: RAUC bundles the district
 * uploads in the console, verified against its keyring with RAUC itself
 * (`rauc info --keyring`) before they are kept, and rolled out to one
 * kiosk (a canary), one street, or every kiosk; a rollout may be paused,
 * resumed or withdrawn. A kiosk's offer is the bundle of the newest active
 * rollout that includes it (mq_db.h update_offer_get): withdrawing a newer
 * rollout makes an older active one the offer again, which is how a
 * district goes back. Every change is audited. */
#ifndef MQ_UPDATE_H
#define MQ_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/** Where bundles are kept and what they must be. Strings borrowed. */
struct mq_update_store {
	const char *bundle_dir;      /* the bundles, as <sha256>.raucb */
	const char *keyring;         /* PEM: the certificates a bundle's signer must chain to */
	const char *compatible;      /* what the kiosks' RAUC system.conf says */
};

/**
 * Verify the bundle at @p path with `rauc info --keyring` and read its
 * version, compatible string, size and SHA-256 into @p out (id and
 * uploader left empty). MQ_ERR_INVALID with the reason (Chinese, for the
 * console, with RAUC's own words) in @p why when the signature does not
 * verify against @p st->keyring, the file is no bundle, or its compatible
 * string is not @p st->compatible; MQ_ERR_IO when rauc cannot be run.
 */
enum mq_err mq_update_bundle_verify(const struct mq_update_store *st, const char *path,
				    struct mq_db_bundle *out, char *why, size_t size) MQ_MUST_CHECK;

/**
 * Keep the uploaded file @p path as a bundle, if admin @p who may and it
 * verifies (mq_update_bundle_verify): moved into the bundle directory
 * under its SHA-256, stored and audited ("update.bundle_upload"), its
 * row in @p out. MQ_ERR_AUTH for a non-admin; MQ_ERR_INVALID with @p why;
 * MQ_ERR_CONFLICT when that bundle was uploaded before (its row in @p out).
 * The file at @p path is gone afterwards either way.
 */
enum mq_err mq_update_bundle_add(struct mq_db *db, const struct mq_db_staff *who,
				 const struct mq_update_store *st, const char *path, int64_t now,
				 struct mq_db_bundle *out, char *why, size_t size) MQ_MUST_CHECK;

/** What a rollout offers to whom. */
struct mq_update_rollout_in {
	int64_t bundle;
	enum mq_db_rollout_scope scope;
	const char *target;          /* a device id (device), a street key (street); ignored for all */
};

/**
 * Start offering a bundle (admins only), audited as "update.rollout".
 * MQ_ERR_AUTH; MQ_ERR_NOT_FOUND when the bundle, device or street does not
 * exist; the new rollout's id into *@p id.
 */
enum mq_err mq_update_rollout_start(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_update_rollout_in *in, int64_t now,
				    int64_t *id) MQ_MUST_CHECK;

/**
 * Pause (MQ_ROLLOUT_PAUSED), resume (MQ_ROLLOUT_ACTIVE) or withdraw
 * (MQ_ROLLOUT_WITHDRAWN, final) rollout @p id (admins only), audited as
 * "update.pause", "update.resume" or "update.withdraw". MQ_ERR_AUTH;
 * MQ_ERR_NOT_FOUND when there is no such rollout or it was withdrawn.
 */
enum mq_err mq_update_rollout_set(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
				  enum mq_db_rollout_state state, int64_t now) MQ_MUST_CHECK;

/** The file of bundle @p b in @p st's directory into @p out (@p size bytes);
 *  false when it does not fit. */
bool mq_update_bundle_path(const struct mq_update_store *st, const struct mq_db_bundle *b,
			   char *out, size_t size);

#endif
