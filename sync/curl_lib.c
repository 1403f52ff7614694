/* curl_lib.c — libcurl through dlopen (see curl_lib.h for why). */
#include "curl_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

#include "mq_log.h"
#include "mq_sha256.h"

#define CURL_SONAME "libcurl.so.4"

static struct mq_curl lib;
static void *handle;
static CURLcode (*global_init)(long);
static void (*global_cleanup)(void);
static bool loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static bool bind_symbols(void)
{
#define SYM(field, name)                                        \
	do {                                                    \
		*(void **)(&field) = dlsym(handle, name);       \
		if (!field)                                     \
			return false;                           \
	} while (0)
	SYM(global_init, "curl_global_init");
	SYM(global_cleanup, "curl_global_cleanup");
	SYM(lib.easy_init, "curl_easy_init");
	SYM(lib.easy_cleanup, "curl_easy_cleanup");
	SYM(lib.easy_reset, "curl_easy_reset");
	SYM(lib.easy_setopt, "curl_easy_setopt");
	SYM(lib.easy_perform, "curl_easy_perform");
	SYM(lib.easy_getinfo, "curl_easy_getinfo");
	SYM(lib.easy_strerror, "curl_easy_strerror");
	SYM(lib.slist_append, "curl_slist_append");
	SYM(lib.slist_free_all, "curl_slist_free_all");
#undef SYM
	return true;
}

/* pthread_once: the sync thread, the update thread and the UI thread
 * (enrolment) may each make a first request; curl_global_init runs once,
 * before any handle. It no longer runs before the kiosk's other threads
 * start, which libcurl allows since 7.84 (CURL_VERSION_THREADSAFE; Debian
 * 12 has 7.88). */
static void load(void)
{
	/* RTLD_LAZY: a dozen of the libraries libcurl brings (Kerberos, GMP,
	 * nghttp2, RTMP, brotli) are built without BIND_NOW; RTLD_NOW bound
	 * every function they import at load, most never called in a round */
	handle = dlopen(CURL_SONAME, RTLD_LAZY | RTLD_LOCAL);
	if (!handle) {
		mq_log_error("http", "cannot load %s (install libcurl4): %s: no HTTP", CURL_SONAME,
			     dlerror());
		return;
	}
	if (!bind_symbols()) {
		mq_log_error("http", "%s lacks libcurl's entry points: no HTTP", CURL_SONAME);
		return;
	}
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		mq_log_error("http", "%s: curl_global_init failed: no HTTP", CURL_SONAME);
		return;
	}
	loaded = true;
	/* libcurl brought libcrypto: the request digests take its SHA-256 */
	mq_sha256_use_libcrypto(false);
}

const struct mq_curl *mq_curl_get(void)
{
	pthread_once(&load_once, load);
	return loaded ? &lib : NULL;
}

void mq_curl_cleanup(void)
{
	if (loaded)
		global_cleanup();
}
