/* mq_sha256.c — SHA-256 by libcrypto when asked for, else libsodium (mq_sha256.h). */
#include "mq_sha256.h"

#include <dlfcn.h>
#include <sodium.h>
#include <stdatomic.h>

#define CRYPTO_SONAME "libcrypto.so.3"

/* libcrypto's entry points, with their OpenSSL 3 signatures (evp.h):
 * EVP_MD *EVP_MD_fetch(OSSL_LIB_CTX *, const char *, const char *) and
 * int EVP_Digest(const void *, size_t, unsigned char *, unsigned int *,
 * const EVP_MD *, ENGINE *). The digest is fetched once: EVP_Digest with a
 * fetched EVP_MD skips the lookup that SHA256() pays on every call. */
typedef void *(*md_fetch_fn)(void *, const char *, const char *);
typedef int (*digest_fn)(const void *, size_t, unsigned char *, unsigned int *, const void *,
			 void *);

static _Atomic(digest_fn) evp_digest;
static const void *_Atomic evp_sha256;

void mq_sha256(const void *data, size_t len, unsigned char out[MQ_SHA256_BYTES])
{
	digest_fn digest = atomic_load_explicit(&evp_digest, memory_order_acquire);

	if (!data)
		data = "";
	if (digest && digest(data, len, out, NULL,
			     atomic_load_explicit(&evp_sha256, memory_order_relaxed), NULL) == 1)
		return;
	crypto_hash_sha256(out, data, len);
}

bool mq_sha256_use_libcrypto(bool load)
{
	void *lib;
	md_fetch_fn fetch;
	digest_fn digest;
	const void *md;

	if (atomic_load_explicit(&evp_digest, memory_order_acquire))
		return true;
	lib = dlopen(CRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL | (load ? 0 : RTLD_NOLOAD));
	if (!lib)
		return false;
	*(void **)&fetch = dlsym(lib, "EVP_MD_fetch");
	*(void **)&digest = dlsym(lib, "EVP_Digest");
	md = fetch && digest ? fetch(NULL, "SHA256", NULL) : NULL;
	if (!md) {
		dlclose(lib);
		return false;
	}
	/* the handle stays open: libcrypto is used until the process ends */
	atomic_store_explicit(&evp_sha256, md, memory_order_relaxed);
	atomic_store_explicit(&evp_digest, digest, memory_order_release);
	return true;
}
