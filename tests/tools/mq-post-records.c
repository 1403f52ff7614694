/* mq-post-records.c — a test-only kiosk stand-in: enrolls, and sends signed
 * requests (RFC 9421, as DESIGN.md §5 fixes them, through common/mq_sig.c)
 * to a real minqing-server over HTTP. Built for the end-to-end tests only.
 *
 *   mq-post-records enroll URL CODE OUT.json      enroll; write device.json
 *   mq-post-records post URL DEVICE.json FILE     POST FILE (JSON) to /api/v1/records
 *   mq-post-records get URL DEVICE.json PATH      signed GET (e.g. /api/v1/kiosk/state)
 *   mq-post-records race URL[,URL...] SLOT CREATED_AT N DEVICE.json...
 *       N threads, released together by a barrier, each POST one booking of
 *       SLOT (fresh id and token) signed by the devices in turn, to the URLs
 *       in turn (several server instances at once); prints
 *       {"slot":SLOT,"stored":S,"conflict":C,"other":O}
 *   mq-post-records swarm URL BATCHES SIZE DEVICE.json...
 *       one thread per device, a simulated kiosk: BATCHES batches of SIZE
 *       opinions, each batch resent (newly signed, the same records) after
 *       a failure or a 5xx, as a kiosk does, until answered 200 (at most
 *       200 tries); prints "ack ID" for each record acknowledged stored or
 *       duplicate, as it goes, and "fail ID RESULT" for any other result
 *   mq-post-records replay URL_A URL_B DEVICE.json
 *       one signed request (one nonce) sent to URL_A, then the very same
 *       bytes to URL_B; prints the two statuses ("200 401")
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
#include <time.h>

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
/* One request; signed by @p dev (with @p nonce and @p created, or fresh
 * ones when @p nonce is NULL) unless @p dev is NULL. The status, 0 for a
 * transport failure; the body in *@p out (malloc'd or NULL). */
static long send_req(const char *base, const struct device *dev, const char *method,
		     const char *path, const char *body, const char *nonce, int64_t created,
		     char **out)
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
		char fresh[33];

		if (!nonce) {
			mq_id_random_hex(fresh, 16);
			nonce = fresh;
			created = mq_time_now();
		}
		if (!mq_sig_sign(dev->key, dev->id, method, path, NULL, body, len, created,
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

static long request(const char *base, const struct device *dev, const char *method,
		    const char *path, const char *body, char **out)
{
	return send_req(base, dev, method, path, body, NULL, 0, out);
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

/* The (@p i mod their number)-th of the comma-separated URLs @p list. */
static void nth_url(const char *list, int i, char *out, size_t size)
{
	int n = 1;
	const char *p = list, *end;

	for (const char *q = list; *q; q++)
		n += *q == ',';
	for (i %= n; i > 0; i--)
		p = strchr(p, ',') + 1;
	end = strchr(p, ',');
	snprintf(out, size, "%.*s", end ? (int)(end - p) : (int)strlen(p), p);
}

struct attempt {
	char base[256];
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
		nth_url(base, i, a[i].base, sizeof a[i].base);
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

/* ---- swarm: simulated kiosks ------------------------------------------------ */

struct kiosk {
	const char *base;
	const struct device *dev;
	int batches, size, index;
	pthread_mutex_t *out;      /* one line at a time on stdout */
};

/* A batch of @p k->size opinions with fresh ids; the ids into @p ids. */
static char *make_batch(const struct kiosk *k, int b, char (*ids)[MQ_UUID_LEN + 1])
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (!f)
		return NULL;
	fputs("{\"records\":[", f);
	for (int i = 0; i < k->size; i++) {
		char token[MQ_TOKEN_LEN + 1], code[MQ_SHORT_CODE_LEN + 1];

		mq_id_uuid4(ids[i]);
		mq_id_token(token);
		mq_id_short_code(code);
		fprintf(f, "%s{\"id\":\"%s\",\"kind\":\"opinion\",\"created_at\":"
			"\"2026-11-19T07:00:00Z\",\"data\":{\"token\":\"%s\",\"short_code\":\"%s\","
			"\"category\":\"traffic\",\"text\":\"第%d台第%d批第%d条\"}}",
			i ? "," : "", ids[i], token, code, k->index, b, i);
	}
	fputs("]}", f);
	return fclose(f) == 0 ? body : NULL;
}

/* Reports the results of an answered batch; false if none could be read. */
static bool report(const struct kiosk *k, const char *resp, char (*ids)[MQ_UUID_LEN + 1])
{
	json_t *j = json_loads(resp, 0, NULL), *res = json_object_get(j, "results");

	if (!json_is_array(res) || json_array_size(res) != (size_t)k->size) {
		json_decref(j);
		return false;
	}
	pthread_mutex_lock(k->out);
	for (int i = 0; i < k->size; i++) {
		const char *r = json_string_value(json_object_get(json_array_get(res, i), "result"));

		if (r && (strcmp(r, "stored") == 0 || strcmp(r, "duplicate") == 0))
			printf("ack %s\n", ids[i]);
		else
			printf("fail %s %s\n", ids[i], r ? r : "?");
	}
	fflush(stdout);
	pthread_mutex_unlock(k->out);
	json_decref(j);
	return true;
}

static void *kiosk_run(void *cls)
{
	struct kiosk *k = cls;
	char (*ids)[MQ_UUID_LEN + 1] = calloc((size_t)k->size, sizeof *ids);

	for (int b = 0; ids && b < k->batches; b++) {
		char *body = make_batch(k, b, ids), *resp = NULL;
		bool done = false;

		for (int try = 0; body && !done && try < 200; try++) {
			long status = request(k->base, k->dev, "POST", "/api/v1/records", body, &resp);

			done = status == 200 && resp && report(k, resp, ids);
			free(resp);
			resp = NULL;
			if (!done)   /* a kiosk's backoff, short: the test bounds the run */
				nanosleep(&(struct timespec){ 0, 20000000L * (try % 5 + 1) }, NULL);
		}
		free(body);
	}
	free(ids);
	return NULL;
}

static int swarm(const char *base, int batches, int size, struct device *devs, int n)
{
	struct kiosk *k = calloc((size_t)n, sizeof *k);
	pthread_t *th = calloc((size_t)n, sizeof *th);
	pthread_mutex_t out = PTHREAD_MUTEX_INITIALIZER;

	if (!k || !th)
		return 1;
	for (int i = 0; i < n; i++) {
		k[i] = (struct kiosk){ base, &devs[i], batches, size, i, &out };
		if (pthread_create(&th[i], NULL, kiosk_run, &k[i]) != 0)
			return 1;
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	free(k);
	free(th);
	return 0;
}

/* ---- replay ------------------------------------------------------------------ */

static int replay(const char *a, const char *b, const struct device *dev)
{
	static const char body[] = "{\"version\":\"0.1.0\",\"uptime_s\":1,\"queue_depth\":0,"
				   "\"oldest_queued_age_s\":0,\"disk_free_bytes\":1000000}";
	char nonce[33], *ra = NULL, *rb = NULL;
	int64_t now = mq_time_now();
	long sa, sb;

	mq_id_random_hex(nonce, 16);
	sa = send_req(a, dev, "POST", "/api/v1/heartbeat", body, nonce, now, &ra);
	sb = send_req(b, dev, "POST", "/api/v1/heartbeat", body, nonce, now, &rb);
	printf("%ld %ld\n%s\n", sa, sb, rb ? rb : "");
	free(ra);
	free(rb);
	return 0;
}

/* The devices of the files @p paths (@p n of them); NULL when one fails. */
static struct device *load_devices(char **paths, int n)
{
	struct device *devs = calloc((size_t)n, sizeof *devs);

	for (int i = 0; devs && i < n; i++)
		if (!load_device(paths[i], &devs[i])) {
			free(devs);
			return NULL;
		}
	return devs;
}

static int usage(void)
{
	fputs("usage: mq-post-records enroll URL CODE OUT.json\n"
	      "       mq-post-records post URL DEVICE.json FILE\n"
	      "       mq-post-records get URL DEVICE.json PATH\n"
	      "       mq-post-records race URL[,URL...] SLOT CREATED_AT N DEVICE.json...\n"
	      "       mq-post-records swarm URL BATCHES SIZE DEVICE.json...\n"
	      "       mq-post-records replay URL_A URL_B DEVICE.json\n", stderr);
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
	} else if (strcmp(argv[1], "swarm") == 0 && argc >= 6) {
		struct device *devs = load_devices(argv + 5, argc - 5);
		int b = (int)strtol(argv[3], NULL, 10), n = (int)strtol(argv[4], NULL, 10);

		rc = devs && b > 0 && n > 0 && n <= 50 ? swarm(argv[2], b, n, devs, argc - 5) : 1;
		free(devs);
	} else if (strcmp(argv[1], "replay") == 0 && argc == 5) {
		rc = load_device(argv[4], &dev) ? replay(argv[2], argv[3], &dev) : 1;
	} else {
		rc = usage();
	}
	free(resp);
	curl_global_cleanup();
	return rc;
}
