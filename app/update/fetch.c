/* fetch.c — the download of an offered bundle (sysup.h): signed GETs of
 * SYSUP_CHUNK bytes by HTTP Range, appended to DATA_DIR/update/SHA.raucb.part
 * and renamed to SHA.raucb once its SHA-256 matches what the signed state
 * named. A cut (power, network, a restart) costs only the piece in flight:
 * the next round asks from the bytes on disk. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mq_log.h"
#include "mq_time.h"
#include "sysup.h"

bool sysup_file_matches(const char *path, const char *sha256)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], md[crypto_hash_sha256_BYTES];
	char hex[65];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return false;
	crypto_hash_sha256_init(&h);
	while ((r = read(fd, buf, sizeof buf)) > 0)
		crypto_hash_sha256_update(&h, buf, (unsigned long long)r);
	close(fd);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(hex, sizeof hex, md, sizeof md);
	return r == 0 && strcmp(hex, sha256) == 0;
}

/* Bytes of the file at @p path, 0 when there is none. */
static int64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

/* Writes all of @p data to @p fd. */
static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		len -= (size_t)w;
	}
	return true;
}

/* One piece at @p have into @p fd: 1 done, 0 stop here (up->p says why), -1
 * the offer is gone. */
static int piece(struct mq_sysup *up, const struct offer *o, int fd, int64_t have,
		 int64_t offset_s)
{
	struct mq_http_reply reply;
	int64_t last = have + SYSUP_CHUNK - 1 < o->size - 1 ? have + SYSUP_CHUNK - 1 : o->size - 1;
	enum mq_err err = mq_http_get_range(up->http, &up->dev, offset_s, o->url, have, last,
					    &reply);
	int rc = 0;

	if (err != MQ_OK) {
		snprintf(up->p.reason, sizeof up->p.reason, "下载中断：%s", reply.error);
	} else if (reply.status == 404) {
		rc = -1;
	} else if (reply.status != 206 || !reply.signed_ok ||
		   reply.len != (size_t)(last - have + 1)) {
		snprintf(up->p.reason, sizeof up->p.reason, "下载中断：服务器回答 HTTP %ld%s",
			 reply.status, reply.signed_ok ? "" : "（未签名）");
	} else if (!write_all(fd, reply.body, reply.len)) {
		snprintf(up->p.reason, sizeof up->p.reason, "无法写入数据分区：%s", strerror(errno));
	} else {
		rc = 1;
	}
	mq_http_reply_finish(&reply);
	return rc;
}

/* The part is whole: keep it if it is what was offered. */
static void finish(struct mq_sysup *up, const struct offer *o, const char *part,
		   const char *whole)
{
	if (sysup_file_matches(part, o->sha256) && rename(part, whole) == 0) {
		snprintf(up->p.state, sizeof up->p.state, "downloaded");
		up->p.percent = 100;
		up->p.reason[0] = '\0';
		mq_log_info("update", "bundle %s downloaded (%lld bytes, SHA-256 checked)", o->version,
			    (long long)o->size);
		return;
	}
	unlink(part);
	snprintf(up->p.state, sizeof up->p.state, "failed");
	snprintf(up->p.reason, sizeof up->p.reason, "下载的文件与服务器给出的 SHA-256 不符，已删除");
	mq_log_error("update", "bundle %s: SHA-256 mismatch, deleted", o->version);
}

void sysup_fetch(struct mq_sysup *up, const struct offer *o)
{
	char part[PATH_MAX + 80], whole[PATH_MAX + 80], offset[32] = "";
	int64_t have, started = mq_time_mono_ms(), got = 0, rate = up->cfg.update_rate_kib * 1024LL;
	int64_t offset_s, reported = -1;
	int fd, rc = 1;

	sysup_paths(up, o, part, whole);
	if (file_size(whole) > 0) {
		if (sysup_file_matches(whole, o->sha256)) {
			snprintf(up->p.state, sizeof up->p.state, "downloaded");
			up->p.percent = 100;
			return;
		}
		/* not what the signed state named: whoever put it there, it goes */
		mq_log_warn("update", "%s is not the offered bundle (SHA-256 differs): refused,"
			    " deleted, downloading the offered one", whole);
		unlink(whole);
	}
	have = file_size(part);
	if (have > o->size) {
		unlink(part);
		have = 0;
	}
	if (mq_store_get(up->store, "clock_offset", offset, sizeof offset) != MQ_OK)
		offset[0] = '\0';
	offset_s = strtoll(offset, NULL, 10);
	fd = open(part, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(up->p.reason, sizeof up->p.reason, "无法写入数据分区：%s", strerror(errno));
		return;
	}
	if (have > 0)
		mq_log_info("update", "bundle %s: resuming at %lld of %lld bytes", o->version,
			    (long long)have, (long long)o->size);
	snprintf(up->p.state, sizeof up->p.state, "downloading");
	while (have < o->size && rc == 1) {
		up->p.percent = (int)(have * 100 / o->size);
		if (up->p.percent / 10 != reported) {
			reported = up->p.percent / 10;
			sysup_save(up);
		}
		rc = piece(up, o, fd, have, offset_s);
		if (rc == 1) {
			int64_t len = have + SYSUP_CHUNK < o->size ? SYSUP_CHUNK : o->size - have;
			have += len;
			got += len;
			up->p.reason[0] = '\0';
		}
		/* the rate limit: wait until the bytes so far fit it (or a stop) */
		if (rc == 1 && rate > 0 && !sysup_wait(up, got * 1000 / rate -
						      (mq_time_mono_ms() - started)))
			rc = 0;
	}
	fsync(fd);
	close(fd);
	if (rc == -1) {
		snprintf(up->p.state, sizeof up->p.state, "idle");
		mq_log_info("update", "bundle %s is no longer offered: download paused", o->version);
	} else if (have == o->size) {
		finish(up, o, part, whole);
	}
}
