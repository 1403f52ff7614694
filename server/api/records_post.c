/* records_post.c — POST /api/v1/records (signed), DESIGN.md §5.
 *
 * Whole-request problems (not an object, `records` missing, empty, not an
 * array, more than 100) answer 400 and store nothing. Otherwise every record
 * gets a result, in request order: stored, duplicate (same id, same content,
 * same device), conflict (same id, other content or device) or invalid with
 * a reason. The batch runs in one transaction: if storage fails, the answer
 * is 503 and no record is acknowledged. The records' content hashes are
 * taken before it, outside the database's write lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_api.h"
#include "mq_buf.h"
#include "mq_digest.h"
#include "mq_id.h"
#include "mq_log.h"
#include "mq_records.h"
#include "mq_time.h"

#define ECHO_ID_MAX 64   /* an id that is not a UUID is echoed back at most this long */

struct records_tx {
	struct mq_db *db;
	const json_t *records;
	const struct mq_db_device *device;
	int64_t now;
	char (*hashes)[MQ_DB_SHA256_HEX + 1]; /* records[i]'s content hash */
	struct mq_buf results;      /* the answer's results, joined; rebuilt on every attempt */
	unsigned int n_stored, n_duplicate, n_conflict, n_invalid;
};

/* SHA-256 (hex) of the canonical JSON of {kind, created_at, data}: sorted
 * keys, compact; absent members stay absent. The text json_dumps would give
 * with JSON_SORT_KEYS | JSON_COMPACT for that object, written member by
 * member in sorted order straight into the digest (no object built, no text
 * kept): stored hashes stay what they were. False on OOM. */
static bool content_hash(const json_t *rec, char out[MQ_DB_SHA256_HEX + 1])
{
	static const char *const fields[] = { "created_at", "data", "kind" };   /* sorted */
	struct mq_digest d;
	bool ok = true, first = true;

	mq_digest_begin(&d);
	mq_digest_add(&d, "{", 1);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && ok; i++) {
		const json_t *v = json_object_get(rec, fields[i]);
		if (!v)
			continue;
		mq_digest_add(&d, first ? "\"" : ",\"", first ? 1 : 2);
		mq_digest_add(&d, fields[i], strlen(fields[i]));
		mq_digest_add(&d, "\":", 2);
		ok = mq_digest_add_json(&d, v, JSON_SORT_KEYS | JSON_COMPACT);
		first = false;
	}
	mq_digest_add(&d, "}", 1);
	return mq_digest_end(&d, out) && ok;
}

/* The content hash of every record of @p records (an array; a record that
 * is not an object gets none: it is answered invalid before its hash is
 * read), or NULL on OOM. */
static char (*hash_records(const json_t *records))[MQ_DB_SHA256_HEX + 1]
{
	char (*hashes)[MQ_DB_SHA256_HEX + 1] = calloc(json_array_size(records), sizeof *hashes);
	size_t i;
	json_t *rec;

	if (!hashes)
		return NULL;
	json_array_foreach(records, i, rec) {
		if (json_is_object(rec) && !content_hash(rec, hashes[i])) {
			free(hashes);
			return NULL;
		}
	}
	return hashes;
}

/* Appends @p s (NULL: null) to @p b as a JSON string, escaped as json_dumps
 * escapes it. False on OOM or when @p s is not UTF-8. */
static bool add_string(struct mq_buf *b, const char *s)
{
	json_t *j;
	char *text;

	if (!s) {
		mq_buf_add(b, "null");
		return true;
	}
	if (mq_id_is_uuid(s)) {
		/* hex digits and dashes: nothing to escape */
		mq_buf_add_n(b, "\"", 1);
		mq_buf_add_n(b, s, MQ_UUID_LEN);
		mq_buf_add_n(b, "\"", 1);
		return true;
	}
	j = json_string(s);
	text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	json_decref(j);
	if (!text)
		return false;
	mq_buf_add(b, text);
	free(text);
	return true;
}

/* Appends {"id","result","error"?} to the results; @p id may be NULL
 * (answered as null). Written as text, not built as a jansson tree and
 * dumped: the same bytes, a tenth of the work per record. */
static enum mq_err add_result(struct records_tx *tx, const char *id, const char *result,
			      const char *error)
{
	struct mq_buf *b = &tx->results;

	mq_buf_add(b, b->len ? ",{\"id\":" : "{\"id\":");
	if (!add_string(b, id))
		return MQ_ERR_NOMEM;
	mq_buf_add(b, ",\"result\":\"");
	mq_buf_add(b, result);   /* one of four words: nothing to escape */
	mq_buf_add_n(b, "\"", 1);
	if (error) {
		mq_buf_add(b, ",\"error\":");
		if (!add_string(b, error))
			return MQ_ERR_NOMEM;
	}
	mq_buf_add(b, "}");
	return b->failed ? MQ_ERR_NOMEM : MQ_OK;
}

static enum mq_err invalid(struct records_tx *tx, size_t index, const char *id, const char *why)
{
	/* only a well-formed id goes into the log: the rest is untrusted text */
	mq_log_warn("records", "record %zu (%s) from %s invalid: %s", index,
		    mq_id_is_uuid(id) ? id : "no valid id", tx->device->id, why);
	tx->n_invalid++;
	return add_result(tx, id, "invalid", why);
}

/* The kind a record names, or NULL having answered it invalid (into *@p err). */
static const struct mq_record_kind *kind_of(struct records_tx *tx, size_t index,
					    const char *echo, const json_t *rec, enum mq_err *err)
{
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const struct mq_record_kind *k;
	char msg[256];

	if (!kind) {
		*err = invalid(tx, index, echo, "kind must be a string");
		return NULL;
	}
	if ((k = mq_record_kind_find(kind)))
		return k;
	if (mq_record_kind_is_planned(kind))
		snprintf(msg, sizeof msg, "kind '%s' is not accepted by this server version", kind);
	else if (mq_wire_is_key(kind))
		snprintf(msg, sizeof msg, "unknown kind '%s'", kind);
	else
		snprintf(msg, sizeof msg, "unknown kind");
	*err = invalid(tx, index, echo, msg);
	return NULL;
}

/* A record whose id is stored already: duplicate (same content, same
 * device) or conflict. */
static enum mq_err seen_before(struct records_tx *tx, const char *id, const char *echo,
			       const struct mq_db_record *stored, const struct mq_db_record *row)
{
	if (strcmp(stored->device, tx->device->id) == 0 &&
	    strcmp(stored->content_sha256, row->content_sha256) == 0) {
		tx->n_duplicate++;
		return add_result(tx, echo, "duplicate", NULL);
	}
	mq_log_warn("records", "record %s from %s conflicts with the one stored on %lld", id,
		    tx->device->id, (long long)stored->received_at);
	tx->n_conflict++;
	return add_result(tx, echo, "conflict", "a different record with this id is already stored");
}

/* Validates and stores a new record @p in of kind @p k, whose idempotency
 * row @p row is filled but for its id and kind. */
static enum mq_err store_new(struct records_tx *tx, size_t index, const char *echo,
			     const struct mq_record_kind *k, struct mq_record_in *in,
			     struct mq_db_record *row)
{
	struct mq_db *db = tx->db;
	char msg[256];
	enum mq_err err = k->validate(db, in, msg, sizeof msg);

	if (err == MQ_ERR_INVALID)
		return invalid(tx, index, echo, msg);
	if (err != MQ_OK)
		return err;
	snprintf(row->id, sizeof row->id, "%s", in->id);
	snprintf(row->device, sizeof row->device, "%s", tx->device->id);
	snprintf(row->kind, sizeof row->kind, "%s", k->kind);
	row->created_at = in->created_at;
	row->received_at = tx->now;
	err = db->record_insert(db->cls, row);
	if (err == MQ_OK)
		err = k->store(db, in);
	if (err == MQ_ERR_CONFLICT && k->refusal) {
		/* stored, but refused (no place left): the protocol's `conflict` */
		tx->n_conflict++;
		return add_result(tx, echo, "conflict", k->refusal);
	}
	if (err != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	tx->n_stored++;
	return add_result(tx, echo, "stored", NULL);
}

/* Processes records[@p index]. Returns MQ_OK when it has a result; anything
 * else aborts the whole batch. */
static enum mq_err one_record(struct records_tx *tx, size_t index, const json_t *rec)
{
	const json_t *jid = json_object_get(rec, "id");
	const char *echo = NULL, *key;
	char id[MQ_UUID_LEN + 1], echo_buf[ECHO_ID_MAX + 1];
	struct mq_db_record stored, row;
	struct mq_record_in in;
	const struct mq_record_kind *k;
	json_t *v;
	enum mq_err err;

	if (!json_is_object(rec))
		return invalid(tx, index, NULL, "a record must be a JSON object");
	if (json_is_string(jid)) {
		/* Echo what the kiosk sent, so that it can match the result. */
		snprintf(echo_buf, sizeof echo_buf, "%s", json_string_value(jid));
		if (mq_utf8_length(echo_buf) >= 0)
			echo = echo_buf;
	}
	if (!json_is_string(jid) || !mq_id_is_uuid(json_string_value(jid)))
		return invalid(tx, index, echo, "id must be a UUID");
	mq_record_id_lower(echo_buf, id);
	json_object_foreach((json_t *)rec, key, v) {
		if (strcmp(key, "id") && strcmp(key, "kind") && strcmp(key, "created_at") &&
		    strcmp(key, "data"))
			return invalid(tx, index, echo,
				       "a record has only the fields id, kind, created_at and data");
	}
	memset(&row, 0, sizeof row);
	memcpy(row.content_sha256, tx->hashes[index], sizeof row.content_sha256);
	err = tx->db->record_get(tx->db->cls, id, &stored);
	if (err == MQ_OK)
		return seen_before(tx, id, echo, &stored, &row);
	if (err != MQ_ERR_NOT_FOUND)
		return err;
	if (!(k = kind_of(tx, index, echo, rec, &err)))
		return err;
	memset(&in, 0, sizeof in);
	if (!mq_time_parse_rfc3339(json_string_value(json_object_get(rec, "created_at")),
				   &in.created_at))
		return invalid(tx, index, echo, "created_at must be an RFC 3339 date-time");
	in = (struct mq_record_in){ .id = id, .kind = k->kind, .created_at = in.created_at,
				    .data = json_object_get(rec, "data"), .device = tx->device,
				    .now = tx->now };
	if (!in.data)
		return invalid(tx, index, echo, "data is missing");
	return store_new(tx, index, echo, k, &in, &row);
}

static enum mq_err records_cb(void *cls)
{
	struct records_tx *tx = cls;
	size_t i;
	json_t *rec;

	mq_buf_finish(&tx->results);
	mq_buf_init(&tx->results);
	tx->n_stored = tx->n_duplicate = tx->n_conflict = tx->n_invalid = 0;
	json_array_foreach(tx->records, i, rec) {
		enum mq_err err = one_record(tx, i, rec);
		if (err != MQ_OK)
			return err;
	}
	return MQ_OK;
}

/* Answers 200 {"results":[@p results],"server_time":@p now}, compact, as
 * mq_http_reply_json would have written it; frees @p results. */
static void reply_results(struct mq_http_response *resp, struct mq_buf *results,
			  const char *now)
{
	struct mq_buf b;
	size_t len;
	char *text;

	mq_buf_init(&b);
	mq_buf_add(&b, "{\"results\":[");
	mq_buf_add_n(&b, results->data ? results->data : "", results->len);
	mq_buf_printf(&b, "],\"server_time\":\"%s\"}", now);
	mq_buf_finish(results);
	text = mq_buf_steal(&b, &len);
	if (!text) {
		mq_log_error("records", "cannot write the answer: out of memory");
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_http_reply_raw(resp, 200, "application/json; charset=utf-8", text, len);
}

void mq_api_records_post(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	const json_t *records = json_object_get(hc->json, "records");
	struct records_tx tx = { .db = db, .records = records, .device = hc->device,
				 .now = hc->req->now };
	char now[MQ_RFC3339_LEN + 1];
	const char *key;
	json_t *v;
	enum mq_err err;

	if (!json_is_object(hc->json)) {
		mq_log_warn("records", "%s: body is not a JSON object", hc->device->id);
		mq_http_reply_error(resp, 400, "invalid_request",
				    "the body must be a JSON object {\"records\": [...]}");
		return;
	}
	json_object_foreach(hc->json, key, v) {
		if (strcmp(key, "records") != 0) {
			mq_log_warn("records", "%s: unknown top-level field", hc->device->id);
			mq_http_reply_error(resp, 400, "invalid_request",
					    "the body has only the field \"records\"");
			return;
		}
	}
	if (!json_is_array(records)) {
		mq_log_warn("records", "%s: records missing or not an array", hc->device->id);
		mq_http_reply_error(resp, 400, "invalid_request", "\"records\" must be an array");
		return;
	}
	if (json_array_size(records) == 0 || json_array_size(records) > MQ_WIRE_MAX_RECORDS) {
		mq_log_warn("records", "%s: %zu records in one request", hc->device->id,
			    json_array_size(records));
		mq_http_reply_error(resp, 400, "invalid_request",
				    "send between 1 and %d records per request (got %zu)",
				    MQ_WIRE_MAX_RECORDS, json_array_size(records));
		return;
	}

	/* The content hashes are pure CPU: taken before the write lock, which
	 * the other batch in flight may hold meanwhile. */
	if (!(tx.hashes = hash_records(records))) {
		mq_log_error("records", "%s: cannot hash the batch: out of memory", hc->device->id);
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_buf_init(&tx.results);
	err = db->run_tx(db->cls, "records", records_cb, &tx);
	free(tx.hashes);
	if (err != MQ_OK) {
		mq_buf_finish(&tx.results);
		mq_log_error("records", "%s: batch of %zu not stored: %s", hc->device->id,
			     json_array_size(records), mq_strerror(err));
		mq_http_reply_unavailable(resp);
		return;
	}
	mq_log_info("records", "%s: %u stored, %u duplicate, %u conflict, %u invalid",
		    hc->device->id, tx.n_stored, tx.n_duplicate, tx.n_conflict, tx.n_invalid);
	mq_time_format_rfc3339(hc->req->now, now);
	reply_results(resp, &tx.results, now);
}
