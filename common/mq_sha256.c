/* mq_sha256.c — SHA-256 by libcrypto when asked for, else libsodium (mq_sha256.h). */
#include "mq_sha256.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>

#define CRYPTO_SONAME "libcrypto.so.3"

/* libcrypto's entry points, with their OpenSSL 3 signatures (evp.h):
 * EVP_MD *EVP_MD_fetch(OSSL_LIB_CTX *, const char *, const char *),
 * int EVP_Digest(const void *, size_t, unsigned char *, unsigned int *,
 * const EVP_MD *, ENGINE *), EVP_MD_CTX *EVP_MD_CTX_new(void),
 * void EVP_MD_CTX_free(EVP_MD_CTX *), int EVP_DigestInit_ex(EVP_MD_CTX *,
 * const EVP_MD *, ENGINE *), int EVP_DigestUpdate(EVP_MD_CTX *, const void *,
 * size_t) and int EVP_DigestFinal_ex(EVP_MD_CTX *, unsigned char *,
 * unsigned int *). The digest is fetched once: EVP_Digest with a fetched
 * EVP_MD skips the lookup that SHA256() pays on every call. */
typedef void *(*md_fetch_fn)(void *, const char *, const char *);
typedef int (*digest_fn)(const void *, size_t, unsigned char *, unsigned int *, const void *,
			 void *);

struct evp {
	digest_fn digest;
	void *(*ctx_new)(void);
	void (*ctx_free)(void *);
	int (*init)(void *, const void *, void *);
	int (*update)(void *, const void *, size_t);
	int (*final)(void *, unsigned char *, unsigned int *);
	const void *sha256;    /* the fetched EVP_MD */
};

static struct evp evp;                      /* filled once, before it is published */
static const struct evp *_Atomic evp_ready;
static pthread_mutex_t evp_loading = PTHREAD_MUTEX_INITIALIZER;

void mq_sha256(const void *data, size_t len, unsigned char out[MQ_SHA256_BYTES])
{
	const struct evp *e = atomic_load_explicit(&evp_ready, memory_order_acquire);

	if (!data)
		data = "";
	if (e && e->digest(data, len, out, NULL, e->sha256, NULL) == 1)
		return;
	crypto_hash_sha256(out, data, len);
}

void mq_sha256_init(struct mq_sha256_ctx *c)
{
	const struct evp *e = atomic_load_explicit(&evp_ready, memory_order_acquire);

	c->evp = e ? e->ctx_new() : NULL;
	if (c->evp && e->init(c->evp, e->sha256, NULL) != 1) {
		e->ctx_free(c->evp);
		c->evp = NULL;
	}
	if (!c->evp)
		crypto_hash_sha256_init(&c->sodium);
	c->failed = false;
}

void mq_sha256_update(struct mq_sha256_ctx *c, const void *data, size_t len)
{
	if (len == 0)
		return;
	if (!c->evp)
		crypto_hash_sha256_update(&c->sodium, data, len);
	else if (evp.update(c->evp, data, len) != 1)
		c->failed = true;
}

bool mq_sha256_final(struct mq_sha256_ctx *c, unsigned char out[MQ_SHA256_BYTES])
{
	bool ok = !c->failed;

	if (!c->evp) {
		crypto_hash_sha256_final(&c->sodium, out);
		return ok;
	}
	ok = evp.final(c->evp, out, NULL) == 1 && ok;
	evp.ctx_free(c->evp);
	c->evp = NULL;
	return ok;
}

/* Fills evp from libcrypto and publishes it; called under evp_loading. */
static bool load_libcrypto(bool load)
{
	void *lib = dlopen(CRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL | (load ? 0 : RTLD_NOLOAD));
	md_fetch_fn fetch;

	if (!lib)
		return false;
	*(void **)&fetch = dlsym(lib, "EVP_MD_fetch");
	*(void **)&evp.digest = dlsym(lib, "EVP_Digest");
	*(void **)&evp.ctx_new = dlsym(lib, "EVP_MD_CTX_new");
	*(void **)&evp.ctx_free = dlsym(lib, "EVP_MD_CTX_free");
	*(void **)&evp.init = dlsym(lib, "EVP_DigestInit_ex");
	*(void **)&evp.update = dlsym(lib, "EVP_DigestUpdate");
	*(void **)&evp.final = dlsym(lib, "EVP_DigestFinal_ex");
	evp.sha256 = fetch && evp.digest && evp.ctx_new && evp.ctx_free && evp.init &&
			     evp.update && evp.final ? fetch(NULL, "SHA256", NULL) : NULL;
	if (!evp.sha256) {
		dlclose(lib);
		return false;
	}
	/* the handle stays open: libcrypto is used until the process ends */
	atomic_store_explicit(&evp_ready, &evp, memory_order_release);
	return true;
}

bool mq_sha256_use_libcrypto(bool load)
{
	bool ok;

	if (atomic_load_explicit(&evp_ready, memory_order_acquire))
		return true;
	pthread_mutex_lock(&evp_loading);
	ok = atomic_load_explicit(&evp_ready, memory_order_relaxed) || load_libcrypto(load);
	pthread_mutex_unlock(&evp_loading);
	return ok;
}
