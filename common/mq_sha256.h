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

#include <stdbool.h>
#include <stddef.h>

#define MQ_SHA256_BYTES 32

/** SHA-256 of the @p len bytes at @p data (may be NULL when @p len is 0). */
void mq_sha256(const void *data, size_t len, unsigned char out[MQ_SHA256_BYTES]);

/**
 * Compute mq_sha256 with libcrypto (libcrypto.so.3) from now on, from any
 * thread: loading it when @p load, else only when the process has it already.
 * False, and libsodium stays, when it is not there.
 */
bool mq_sha256_use_libcrypto(bool load);

#endif
