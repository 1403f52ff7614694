/* update.c — system updates of the kiosks (mq_update.h): bundles verified
 * by RAUC against the district's keyring, kept under their SHA-256, and
 * their rollouts, each change in one transaction with its audit entry. */
#include "mq_update.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mq_account.h"
#include "mq_audit.h"
#include "mq_log.h"

extern char **environ;

#define RAUC_OUTPUT_MAX (64 * 1024)   /* bytes of `rauc info` we read */

/* Runs `rauc info --keyring=K --output-format=json PATH`, its stdout into
 * @p out (NUL-terminated, @p size bytes) and its stderr's last line into
 * @p err: the exit status, or -1 when it cannot be run. */
static int rauc_info(const char *keyring, const char *path, char *out, size_t size, char *err,
		     size_t err_size)
{
	char opt[4096 + 16];
	char *argv[] = { "rauc", "info", opt, "--output-format=json", (char *)path, NULL };
	int outp[2], errp[2], status = -1;
	size_t n = 0, e = 0;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	out[0] = err[0] = '\0';
	snprintf(opt, sizeof opt, "--keyring=%s", keyring);
	if (pipe(outp) != 0)
		return -1;
	if (pipe(errp) != 0) {
		close(outp[0]);
		close(outp[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawn_file_actions_addclose(&fa, outp[0]);
	posix_spawn_file_actions_addclose(&fa, errp[0]);
	if (posix_spawnp(&pid, "rauc", &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(outp[1]);
	close(errp[1]);
	/* stdout first (small JSON), then stderr; each bounded, the rest drained */
	for (ssize_t r; pid > 0 && (r = read(outp[0], out + n, n + 1 < size ? size - n - 1 : 0)) > 0;)
		n += (size_t)r;
	for (char sink[512]; pid > 0 && read(outp[0], sink, sizeof sink) > 0;)
		;
	out[n] = '\0';
	for (ssize_t r; pid > 0 && (r = read(errp[0], err + e, e + 1 < err_size ? err_size - e - 1
										 : 0)) > 0;)
		e += (size_t)r;
	for (char sink[512]; pid > 0 && read(errp[0], sink, sizeof sink) > 0;)
		;
	err[e] = '\0';
	close(outp[0]);
	close(errp[0]);
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		return WEXITSTATUS(status);
	return -1;
}

/* The last non-empty line of @p text, in place (RAUC's reason comes last). */
static const char *last_line(char *text)
{
	size_t n = strlen(text);
	char *p;

	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
		text[--n] = '\0';
	p = strrchr(text, '\n');
	return p ? p + 1 : text;
}

/* SHA-256 (hex) and size of the file at @p path. */
static bool file_digest(const char *path, char hex[65], int64_t *size)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], md[crypto_hash_sha256_BYTES];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return false;
	*size = 0;
	crypto_hash_sha256_init(&h);
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		crypto_hash_sha256_update(&h, buf, (unsigned long long)r);
		*size += r;
	}
	close(fd);
	if (r < 0)
		return false;
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(hex, 65, md, sizeof md);
	return true;
}

/* Reads version and compatible from `rauc info`'s JSON into @p out. */
static bool read_manifest(const char *json, struct mq_db_bundle *out)
{
	json_t *doc = json_loads(json, 0, NULL);
	const char *v = json_string_value(json_object_get(doc, "version"));
	const char *c = json_string_value(json_object_get(doc, "compatible"));
	bool ok = v && c && *v && *c && strlen(v) < sizeof out->version &&
		  strlen(c) < sizeof out->compatible;

	if (ok) {
		snprintf(out->version, sizeof out->version, "%s", v);
		snprintf(out->compatible, sizeof out->compatible, "%s", c);
	}
	json_decref(doc);
	return ok;
}

enum mq_err mq_update_bundle_verify(const struct mq_update_store *st, const char *path,
				    struct mq_db_bundle *out, char *why, size_t size)
{
	char json[RAUC_OUTPUT_MAX], err[2048];
	int rc;

	memset(out, 0, sizeof *out);
	rc = rauc_info(st->keyring, path, json, sizeof json, err, sizeof err);
	if (rc < 0) {
		mq_log_error("update", "cannot run rauc: is the rauc package installed?");
		snprintf(why, size, "服务器无法运行 rauc 校验更新包（请安装 rauc）。");
		return MQ_ERR_IO;
	}
	if (rc != 0) {
		const char *reason = last_line(err);
		mq_log_warn("update", "bundle refused: %s", reason);
		snprintf(why, size, "更新包签名校验未通过，已拒收（不是本区密钥签名的更新包，"
			 "或文件不是更新包）。RAUC：%.300s", reason);
		return MQ_ERR_INVALID;
	}
	if (!read_manifest(json, out)) {
		snprintf(why, size, "更新包缺少版本号或兼容标识，已拒收。");
		return MQ_ERR_INVALID;
	}
	if (strcmp(out->compatible, st->compatible) != 0) {
		mq_log_warn("update", "bundle for %s refused (kiosks are %s)", out->compatible,
			    st->compatible);
		snprintf(why, size, "更新包的兼容标识是“%s”，本区终端是“%s”，已拒收。",
			 out->compatible, st->compatible);
		return MQ_ERR_INVALID;
	}
	if (!file_digest(path, out->sha256, &out->size) || out->size <= 0) {
		snprintf(why, size, "无法读取上传的文件。");
		return MQ_ERR_IO;
	}
	return MQ_OK;
}

bool mq_update_bundle_path(const struct mq_update_store *st, const struct mq_db_bundle *b,
			   char *out, size_t size)
{
	int n = snprintf(out, size, "%s/%s.raucb", st->bundle_dir, b->sha256);

	return n > 0 && (size_t)n < size;
}

struct bundle_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	struct mq_db_bundle *b;
	int64_t now;
};

static enum mq_err bundle_cb(void *cls)
{
	struct bundle_tx *tx = cls;
	struct mq_db *db = tx->db;
	enum mq_err err = db->bundle_insert(db->cls, tx->b, &tx->b->id);
	char subject[24];

	if (err != MQ_OK)
		return err;
	snprintf(subject, sizeof subject, "%lld", (long long)tx->b->id);
	return mq_audit(db, tx->who, tx->now, NULL, "update.bundle_upload", subject, NULL,
			json_pack("{s:s, s:s, s:s, s:I}", "version", tx->b->version, "compatible",
				  tx->b->compatible, "sha256", tx->b->sha256, "size",
				  (json_int_t)tx->b->size));
}

/* The stored bundle with @p sha256 into @p out (after a conflict). */
struct find_sha {
	const char *sha256;
	struct mq_db_bundle *out;
	bool found;
};

static bool find_sha_row(void *cls, const struct mq_db_bundle *row)
{
	struct find_sha *f = cls;

	if (strcmp(row->sha256, f->sha256) != 0)
		return true;
	*f->out = *row;
	f->found = true;
	return false;
}

enum mq_err mq_update_bundle_add(struct mq_db *db, const struct mq_db_staff *who,
				 const struct mq_update_store *st, const char *path, int64_t now,
				 struct mq_db_bundle *out, char *why, size_t size)
{
	struct bundle_tx tx = { db, who, out, now };
	char dest[4096];
	enum mq_err err;

	why[0] = '\0';
	if (!mq_account_is_admin(who)) {
		unlink(path);
		return MQ_ERR_AUTH;
	}
	err = mq_update_bundle_verify(st, path, out, why, size);
	snprintf(out->uploaded_by, sizeof out->uploaded_by, "%s", who->username);
	out->uploaded_at = now;
	if (err == MQ_OK && !mq_update_bundle_path(st, out, dest, sizeof dest))
		err = MQ_ERR_IO;
	if (err == MQ_OK && rename(path, dest) != 0) {
		mq_log_error("update", "cannot move the bundle to %s: %s", dest, strerror(errno));
		snprintf(why, size, "无法保存更新包（更新包目录不可写）。");
		err = MQ_ERR_IO;
	}
	if (err != MQ_OK) {
		unlink(path);
		return err;
	}
	err = db->run_tx(db->cls, "update_bundle", bundle_cb, &tx);
	if (err == MQ_ERR_CONFLICT) {
		char sha[65];
		struct find_sha f = { sha, out, false };

		/* the file is the same bytes under the same name: keep it */
		snprintf(sha, sizeof sha, "%s", out->sha256);
		if (db->bundles_iterate(db->cls, find_sha_row, &f) != MQ_OK || !f.found)
			err = MQ_ERR_DB;
		snprintf(why, size, "这个更新包已经上传过。");
	} else if (err == MQ_OK) {
		mq_log_info("update", "%s uploaded bundle %s (%s, %lld bytes)", who->username,
			    out->version, out->sha256, (long long)out->size);
	} else {
		unlink(dest);
	}
	return err;
}

/* ---- rollouts ------------------------------------------------------------ */

struct rollout_tx {
	struct mq_db *db;
	const struct mq_db_staff *who;
	const struct mq_update_rollout_in *in;
	enum mq_db_rollout_state state;   /* rollout_set */
	int64_t id;
	int64_t now;
};

/* Looks for a studio of street @p cls->target. */
struct street_find {
	struct mq_db *db;
	const char *target;
	enum mq_err err;
	bool found;
};

static bool street_row(void *cls, const struct mq_db_named *row)
{
	struct street_find *f = cls;
	struct mq_db_studio studio;

	f->err = f->db->studio_get(f->db->cls, row->key, &studio);
	f->found = f->err == MQ_OK && strcmp(studio.street, f->target) == 0;
	return f->err == MQ_OK && !f->found;
}

/* MQ_OK when @p target names what @p scope needs: a device, or a street with a studio. */
static enum mq_err target_exists(struct mq_db *db, enum mq_db_rollout_scope scope,
				 const char *target)
{
	struct mq_db_device dev;
	struct street_find f = { db, target, MQ_OK, false };
	enum mq_err err;

	if (scope == MQ_ROLLOUT_ALL)
		return MQ_OK;
	if (!target || !*target)
		return MQ_ERR_NOT_FOUND;
	if (scope == MQ_ROLLOUT_DEVICE) {
		err = db->device_get(db->cls, target, &dev);
		sodium_memzero(&dev, sizeof dev);
		return err;
	}
	err = db->studios_iterate(db->cls, street_row, &f);
	if (err == MQ_OK)
		err = f.err;
	return err == MQ_OK && !f.found ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err start_cb(void *cls)
{
	struct rollout_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_bundle b;
	struct mq_db_rollout r = { .bundle = tx->in->bundle, .scope = tx->in->scope,
				   .state = MQ_ROLLOUT_ACTIVE, .created_at = tx->now };
	char subject[24];
	enum mq_err err = db->bundle_get(db->cls, tx->in->bundle, &b);

	if (err == MQ_OK)
		err = target_exists(db, tx->in->scope, tx->in->target);
	if (err != MQ_OK)
		return err;
	snprintf(r.target, sizeof r.target, "%s",
		 tx->in->scope == MQ_ROLLOUT_ALL ? "" : tx->in->target);
	snprintf(r.created_by, sizeof r.created_by, "%s", tx->who->username);
	err = db->rollout_insert(db->cls, &r, &tx->id);
	if (err != MQ_OK)
		return err;
	snprintf(subject, sizeof subject, "%lld", (long long)tx->id);
	return mq_audit(db, tx->who, tx->now, NULL, "update.rollout", subject, NULL,
			json_pack("{s:s, s:s, s:s}", "version", b.version, "scope",
				  mq_db_rollout_scope_key(r.scope), "target", r.target));
}

enum mq_err mq_update_rollout_start(struct mq_db *db, const struct mq_db_staff *who,
				    const struct mq_update_rollout_in *in, int64_t now,
				    int64_t *id)
{
	struct rollout_tx tx = { .db = db, .who = who, .in = in, .now = now };
	enum mq_err err;

	*id = 0;
	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	err = db->run_tx(db->cls, "update_rollout", start_cb, &tx);
	if (err == MQ_OK) {
		*id = tx.id;
		mq_log_info("update", "%s started rollout %lld (%s %s)", who->username,
			    (long long)tx.id, mq_db_rollout_scope_key(in->scope),
			    in->target ? in->target : "");
	}
	return err;
}

static const char *state_action(enum mq_db_rollout_state s)
{
	return s == MQ_ROLLOUT_PAUSED ? "update.pause"
	       : s == MQ_ROLLOUT_ACTIVE ? "update.resume" : "update.withdraw";
}

static enum mq_err set_cb(void *cls)
{
	struct rollout_tx *tx = cls;
	struct mq_db *db = tx->db;
	struct mq_db_rollout before;
	char subject[24];
	enum mq_err err = db->rollout_get(db->cls, tx->id, &before);

	if (err == MQ_OK)
		err = db->rollout_set_state(db->cls, tx->id, tx->state, tx->now);
	if (err != MQ_OK)
		return err;
	snprintf(subject, sizeof subject, "%lld", (long long)tx->id);
	return mq_audit(db, tx->who, tx->now, NULL, state_action(tx->state), subject,
			json_pack("{s:s, s:s}", "version", before.version, "state",
				  mq_db_rollout_state_key(before.state)),
			json_pack("{s:s}", "state", mq_db_rollout_state_key(tx->state)));
}

enum mq_err mq_update_rollout_set(struct mq_db *db, const struct mq_db_staff *who, int64_t id,
				  enum mq_db_rollout_state state, int64_t now)
{
	struct rollout_tx tx = { .db = db, .who = who, .state = state, .id = id, .now = now };
	enum mq_err err;

	if (!mq_account_is_admin(who))
		return MQ_ERR_AUTH;
	err = db->run_tx(db->cls, "update_rollout_set", set_cb, &tx);
	if (err == MQ_OK)
		mq_log_info("update", "%s: rollout %lld now %s", who->username, (long long)id,
			    mq_db_rollout_state_key(state));
	return err;
}
