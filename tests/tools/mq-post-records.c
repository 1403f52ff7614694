/* mq-post-records.c — a test-only kiosk stand-in: enrolls, and sends signed
 * requests (RFC 9421, as DESIGN.md §5 fixes them, through common/mq_sig.c)
 * to a real minqing-server over HTTP. Built for the end-to-end tests only.
 *
 *   mq-post-records enroll URL CODE OUT.json      enroll; write device.json
 *   mq-post-records post URL DEVICE.json FILE     POST FILE (JSON) to /api/v1/records
 *   mq-post-records get URL DEVICE.json PATH      signed GET (e.g. /api/v1/kiosk/state)
 *   mq-post-records race URL SLOT CREATED_AT N DEVICE.json...
 *       N threads, released together by a barrier, each POST one booking of
 *       SLOT (fresh id and token) signed by the devices in turn; prints
 *       {"slot":SLOT,"stored":S,"conflict":C,"other":O}
 *
 * Response bodies go to stdout; exit 0 when the HTTP status was 200, 1
 * otherwise, 2 for a usage error. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_id.h"
#include "mq_sig.h"
#include "mq_time.h"

struct device {
	char id[MQ_SIG_KEYID_MAX + 1];
	unsigned char key[MQ_SIG_KEY_BYTES];
};

struct body {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb;
	char *p = realloc(b->data, b->len + n + 1);

	if (!p)
		return 0;
	memcpy(p + b->len, ptr, n);
	b->data = p;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static bool load_device(const char *path, struct device *d)
{
	json_error_t err;
	json_t *j = json_load_file(path, 0, &err);
	const char *id, *key;
	size_t len = 0;
	bool ok;

	if (!j) {
		fprintf(stderr, "mq-post-records: %s: %s\n", path, err.text);
		return false;
	}
	id = json_string_value(json_object_get(j, "device_id"));
	key = json_string_value(json_object_get(j, "key"));
	ok = id && key && strlen(id) <= MQ_SIG_KEYID_MAX &&
	     sodium_base642bin(d->key, sizeof d->key, key, strlen(key), NULL, &len, NULL,
			       sodium_base64_VARIANT_ORIGINAL) == 0 && len == sizeof d->key;
	if (ok)
		snprintf(d->id, sizeof d->id, "%s", id);
	else
		fprintf(stderr, "mq-post-records: %s is not a device.json\n", path);
	json_decref(j);
	return ok;
}

/* One request; @p dev NULL: unsigned. Returns the HTTP status (0: transport
 * error); the body into @p out (malloc'd, may be NULL). */
static long request(const char *base, const struct device *dev, const char *method,
		    const char *path, const char *body, char **out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct body resp = { 0 };
	char url[1024], line[400];
	long status = 0;
	size_t len = body ? strlen(body) : 0;

	*out = NULL;
	if (!c)
		return 0;
	snprintf(url, sizeof url, "%s%s", base, path);
	if (dev) {
		struct mq_sig_headers sh;
		char nonce[33];

		mq_id_random_hex(nonce, 16);
		if (!mq_sig_sign(dev->key, dev->id, method, path, NULL, body, len, mq_time_now(),
				 nonce, &sh)) {
			curl_easy_cleanup(c);
			return 0;
		}
		snprintf(line, sizeof line, "Content-Digest: %s", sh.content_digest);
		h = curl_slist_append(h, line);
		snprintf(line, sizeof line, "Signature-Input: %s", sh.signature_input);
		h = curl_slist_append(h, line);
		snprintf(line, sizeof line, "Signature: %s", sh.signature);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	*out = resp.data;
	return status;
}

static char *read_file(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct body b = { 0 };
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (collect(buf, 1, n, &b) != n)
			break;
	if (f != stdin)
		fclose(f);
	return b.data ? b.data : strdup("");
}

/* ---- race ------------------------------------------------------------------ */

struct attempt {
	const char *base;
	const struct device *dev;
	pthread_barrier_t *go;
	char body[1024];
	char result[16];
};

static void *attempt_run(void *cls)
{
	struct attempt *a = cls;
	char *resp = NULL;
	long status;
	json_t *j;

	pthread_barrier_wait(a->go);
	status = request(a->base, a->dev, "POST", "/api/v1/records", a->body, &resp);
	snprintf(a->result, sizeof a->result, "http-%ld", status);
	if (status == 200 && resp && (j = json_loads(resp, 0, NULL))) {
		const char *r = json_string_value(
			json_object_get(json_array_get(json_object_get(j, "results"), 0), "result"));
		if (r)
			snprintf(a->result, sizeof a->result, "%s", r);
		json_decref(j);
	}
	free(resp);
	return NULL;
}

static int race(const char *base, const char *slot, const char *created_at, int n,
		struct device *devs, int n_devs)
{
	struct attempt *a = calloc((size_t)n, sizeof *a);
	pthread_t *th = calloc((size_t)n, sizeof *th);
	pthread_barrier_t go;
	int stored = 0, conflict = 0, other = 0;

	if (!a || !th || pthread_barrier_init(&go, NULL, (unsigned)n) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		char id[MQ_UUID_LEN + 1], token[MQ_TOKEN_LEN + 1], code[MQ_SHORT_CODE_LEN + 1];

		mq_id_uuid4(id);
		mq_id_token(token);
		mq_id_short_code(code);
		a[i].base = base;
		a[i].dev = &devs[i % n_devs];
		a[i].go = &go;
		snprintf(a[i].body, sizeof a[i].body,
			 "{\"records\":[{\"id\":\"%s\",\"kind\":\"booking\",\"created_at\":\"%s\","
			 "\"data\":{\"token\":\"%s\",\"short_code\":\"%s\",\"slot\":\"%s\","
			 "\"name\":\"测试%d\",\"phone\":\"1380000%04d\",\"topic\":\"race\"}}]}",
			 id, created_at, token, code, slot, i, i);
	}
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, attempt_run, &a[i]) != 0)
			return 1;
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < n; i++) {
		if (strcmp(a[i].result, "stored") == 0)
			stored++;
		else if (strcmp(a[i].result, "conflict") == 0)
			conflict++;
		else {
			other++;
			fprintf(stderr, "mq-post-records: attempt %d: %s\n", i, a[i].result);
		}
	}
	printf("{\"slot\":\"%s\",\"stored\":%d,\"conflict\":%d,\"other\":%d}\n", slot, stored,
	       conflict, other);
	pthread_barrier_destroy(&go);
	free(a);
	free(th);
	return 0;
}

static int usage(void)
{
	fputs("usage: mq-post-records enroll URL CODE OUT.json\n"
	      "       mq-post-records post URL DEVICE.json FILE\n"
	      "       mq-post-records get URL DEVICE.json PATH\n"
	      "       mq-post-records race URL SLOT CREATED_AT N DEVICE.json...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct device dev;
	char *resp = NULL, *body;
	long status;
	int rc = 1;

	if (argc < 5 || !mq_id_init() || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return usage();
	if (strcmp(argv[1], "enroll") == 0 && argc == 5) {
		char req[128];
		FILE *f;

		snprintf(req, sizeof req, "{\"code\":\"%s\"}", argv[3]);
		status = request(argv[2], NULL, "POST", "/api/v1/enroll", req, &resp);
		if (status == 200 && resp && (f = fopen(argv[4], "w"))) {
			fputs(resp, f);
			rc = fclose(f) == 0 ? 0 : 1;
		} else {
			fprintf(stderr, "mq-post-records: enroll answered %ld: %s\n", status,
				resp ? resp : "");
		}
	} else if (strcmp(argv[1], "post") == 0 && argc == 5) {
		if (load_device(argv[3], &dev) && (body = read_file(argv[4]))) {
			status = request(argv[2], &dev, "POST", "/api/v1/records", body, &resp);
			free(body);
			printf("%s\n", resp ? resp : "");
			rc = status == 200 ? 0 : 1;
		}
	} else if (strcmp(argv[1], "get") == 0 && argc == 5) {
		if (load_device(argv[3], &dev)) {
			status = request(argv[2], &dev, "GET", argv[4], NULL, &resp);
			printf("%s\n", resp ? resp : "");
			rc = status == 200 ? 0 : 1;
		}
	} else if (strcmp(argv[1], "race") == 0 && argc >= 7) {
		int n = (int)strtol(argv[5], NULL, 10), n_devs = argc - 6;
		struct device *devs = calloc((size_t)n_devs, sizeof *devs);

		if (devs && n > 0 && n <= 200) {
			rc = 0;
			for (int i = 0; i < n_devs && rc == 0; i++)
				if (!load_device(argv[6 + i], &devs[i]))
					rc = 1;
			if (rc == 0)
				rc = race(argv[2], argv[3], argv[4], n, devs, n_devs);
		}
		free(devs);
	} else {
		rc = usage();
	}
	free(resp);
	curl_global_cleanup();
	return rc;
}
