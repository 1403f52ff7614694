/* curl_lib.h — libcurl for the kiosk's HTTP client, loaded when the first
 * client is created (dlopen("libcurl.so.4")) instead of linked.
 *
 * libcurl brings 24 shared libraries of its own (OpenSSL, GnuTLS, Kerberos,
 * LDAP, SSH, RTMP, ...): loading and relocating them at every start cost the
 * kiosk ~7 ms of CPU and ~6 MiB of RSS (bench/README.md, kiosk section),
 * for a library that only the sync thread and the enrolment use, and not
 * at all while the kiosk is offline. The entry points are libcurl's own,
 * called through the table below with their curl.h signatures. */
#ifndef MQ_SYNC_CURL_LIB_H
#define MQ_SYNC_CURL_LIB_H

#include <curl/curl.h>

struct mq_curl {
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
};

/**
 * libcurl, loaded and globally initialised (curl_global_init) on the first
 * call, from any thread (once); the same table afterwards. NULL, with the
 * reason logged once, when libcurl.so.4 cannot be loaded or initialised.
 */
const struct mq_curl *mq_curl_get(void);

/** curl_global_cleanup when libcurl was loaded; at exit, once no client is
 *  left. */
void mq_curl_cleanup(void);

#endif
