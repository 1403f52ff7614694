/* mq_sha256.h — SHA-256 for the signed requests' Content-Digest and the
 * records' content hashes: by OpenSSL's libcrypto once a program asked for
 * it, whose code uses the CPU's SHA extensions (x86 SHA-NI, ARMv8 crypto):
 * ~5× libsodium's portable C on a 50 KB batch body, ~6× on a 400-byte
 * record. libsodium otherwise: the digests are the same bytes either way.
 *
 * libcrypto is loaded with dlopen, not linked: the kiosk takes it only once
 * libcurl (loaded at its first request, sync/curl_lib.h) has brought it into
 * the process, so that its start-up loads no library more. */
#ifndef MQ_SHA256_H
#define MQ_SHA256_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define MQ_SHA256_BYTES 32

/** SHA-256 of the @p len bytes at @p data (may be NULL when @p len is 0). */
void mq_sha256(const void *data, size_t len, unsigned char out[MQ_SHA256_BYTES]);

/** SHA-256 of data handed piece by piece: the same digest as mq_sha256 of
 * the pieces joined, by the same library. */
struct mq_sha256_ctx {
	void *evp;                          /* libcrypto's EVP_MD_CTX; NULL: libsodium's */
	crypto_hash_sha256_state sodium;
	bool failed;                        /* libcrypto refused an update */
};

/** Starts a digest: by libcrypto when mq_sha256 uses it now, else libsodium. */
void mq_sha256_init(struct mq_sha256_ctx *c);

/** Adds the @p len bytes at @p data (may be NULL when @p len is 0). */
void mq_sha256_update(struct mq_sha256_ctx *c, const void *data, size_t len);

/**
 * The digest of all the pieces into @p out, and frees what @p c held: call
 * it once for every mq_sha256_init. False when libcrypto failed (out of
 * memory): then @p out is not the digest.
 */
bool mq_sha256_final(struct mq_sha256_ctx *c, unsigned char out[MQ_SHA256_BYTES]);

/**
 * Compute mq_sha256 with libcrypto (libcrypto.so.3) from now on, from any
 * thread: loading it when @p load, else only when the process has it already.
 * False, and libsodium stays, when it is not there.
 */
bool mq_sha256_use_libcrypto(bool load);

#endif
