/* phone.c — the phone side (mq_phone.h): form tokens, the rate limits, the
 * mobile number rule, and filing or booking through the record kinds with
 * channel `phone`. */
#include "mq_phone.h"
#include "filing.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_digest.h"
#include "mq_records.h"
#include "mq_time.h"
#include "mq_wire.h"

#define MAC_BYTES 16                 /* of a form token's HMAC: 128 bits */
#define B64_16 22                    /* 16 bytes in base64url without padding */
#define FUTURE_SLACK_S 300           /* another instance's clock may run ahead */

const struct mq_throttle_policy mq_phone_address_throttle = {
	/* a family filing a few opinions, each with its review step, costs
	 * nothing; a burst waits a minute, then twice as long, up to 15 */
	.purpose = "phone", .free = 12, .base_s = 60, .cap_s = 15 * 60, .forget_s = 86400,
	.window_s = 3600,
};

const struct mq_throttle_policy mq_phone_studio_throttle = {
	/* a busy day is far below; a flood from many addresses is slowed to
	 * one POST every two minutes until it stops for half an hour */
	.purpose = "phone_studio", .free = 600, .base_s = 5, .cap_s = 120, .forget_s = 86400,
	.window_s = 1800,
};

static const char *const form_names[] = { "opinion", "booking", "topics", "liaison", "survey" };

/* The server's phone-form secret into @p key, made on first use. */
static enum mq_err secret(struct mq_db *db, unsigned char key[32])
{
	unsigned char fresh[32];
	enum mq_err err = db->secret_get(db->cls, "phone_form", NULL, key);

	if (err == MQ_ERR_NOT_FOUND) {
		randombytes_buf(fresh, sizeof fresh);
		err = db->secret_get(db->cls, "phone_form", fresh, key);
		sodium_memzero(fresh, sizeof fresh);
	}
	return err;
}

/* The first 16 bytes of HMAC-SHA-256 under the secret of @p a, then @p b
 * (NUL-separated, so that no two pairs hash alike) into @p out. */
static enum mq_err mac16(struct mq_db *db, const char *a, const char *b,
			 unsigned char out[MAC_BYTES])
{
	unsigned char key[32], full[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	enum mq_err err = secret(db, key);

	if (err != MQ_OK)
		return err;
	crypto_auth_hmacsha256_init(&st, key, sizeof key);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)a, strlen(a) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)b, strlen(b));
	crypto_auth_hmacsha256_final(&st, full);
	memcpy(out, full, MAC_BYTES);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(key, sizeof key);
	return MQ_OK;
}

static void b64(const unsigned char bytes[MAC_BYTES], char out[B64_16 + 1])
{
	sodium_bin2base64(out, B64_16 + 1, bytes, MAC_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The MAC of a form token's "{issued}.{nonce}" for @p form of @p studio. */
static enum mq_err token_mac(struct mq_db *db, enum mq_phone_form form, const char *studio,
			     const char *body, char out[B64_16 + 1])
{
	char what[MQ_KEY_MAX + 48];
	unsigned char mac[MAC_BYTES];
	enum mq_err err;

	snprintf(what, sizeof what, "minqing phone form %s %s", form_names[form], studio);
	if ((err = mac16(db, what, body, mac)) == MQ_OK)
		b64(mac, out);
	return err;
}

enum mq_err mq_phone_form_token(struct mq_db *db, enum mq_phone_form form, const char *studio,
				int64_t now, char out[MQ_PHONE_FORM_MAX])
{
	unsigned char nonce[MAC_BYTES];
	char body[MQ_PHONE_FORM_MAX], n64[B64_16 + 1], mac[B64_16 + 1];
	enum mq_err err;

	randombytes_buf(nonce, sizeof nonce);
	b64(nonce, n64);
	snprintf(body, sizeof body, "%lld.%s", (long long)now, n64);
	if ((err = token_mac(db, form, studio, body, mac)) != MQ_OK)
		return err;
	snprintf(out, MQ_PHONE_FORM_MAX, "%s.%s", body, mac);
	return MQ_OK;
}

/* The issue time of token @p t ("{digits}.{22}.{22}") and the length of
 * its signed part, or false for another shape. */
static bool token_shape(const char *t, int64_t *issued, size_t *body_len)
{
	size_t digits = strspn(t, "0123456789"), n = strlen(t);
	static const char b64chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	if (digits < 1 || digits > 12 || n != digits + 2 + 2 * B64_16 || t[digits] != '.' ||
	    t[digits + 1 + B64_16] != '.' || strspn(t + digits + 1, b64chars) != B64_16 ||
	    strspn(t + digits + 2 + B64_16, b64chars) != B64_16)
		return false;
	*issued = strtoll(t, NULL, 10);
	*body_len = digits + 1 + B64_16;
	return true;
}

enum mq_err mq_phone_form_check(struct mq_db *db, enum mq_phone_form form, const char *studio,
				const char *token, int64_t now, enum mq_phone_verdict *verdict)
{
	char body[MQ_PHONE_FORM_MAX], mac[B64_16 + 1];
	int64_t issued;
	size_t len;
	enum mq_err err;

	*verdict = MQ_PHONE_TOKEN_FORGED;
	if (!token || !token_shape(token, &issued, &len))
		return MQ_OK;
	snprintf(body, sizeof body, "%.*s", (int)len, token);
	if ((err = token_mac(db, form, studio, body, mac)) != MQ_OK)
		return err;
	if (sodium_memcmp(mac, token + len + 1, B64_16) != 0 || issued > now + FUTURE_SLACK_S)
		return MQ_OK;
	*verdict = now - issued > MQ_PHONE_FORM_TTL_S ? MQ_PHONE_TOKEN_EXPIRED : MQ_PHONE_TOKEN_GOOD;
	return MQ_OK;
}

enum mq_err mq_phone_admit(struct mq_db *db, const char *studio, const char *client, int64_t now,
			   int64_t *wait_s)
{
	int64_t by_studio = 0;
	enum mq_err err = mq_throttle_wait(db, &mq_phone_address_throttle, "", client, now, wait_s);

	if (err == MQ_OK && *wait_s == 0)
		err = mq_throttle_wait(db, &mq_phone_studio_throttle, studio, NULL, now,
				       &by_studio);
	if (err != MQ_OK || *wait_s > 0)
		return err;
	if (by_studio > 0) {
		*wait_s = by_studio;
		return MQ_OK;
	}
	err = mq_throttle_fail(db, &mq_phone_address_throttle, "", client, now);
	if (err == MQ_OK)
		err = mq_throttle_fail(db, &mq_phone_studio_throttle, studio, NULL, now);
	return err;
}

bool mq_phone_is_mobile(const char *in, char out[MQ_PHONE_MOBILE_LEN + 1])
{
	char digits[24];
	size_t n = 0;

	out[0] = '\0';
	if (!in)
		return false;
	if (in[0] == '+')
		in++;
	for (; *in; in++) {
		if (*in >= '0' && *in <= '9') {
			if (n + 1 >= sizeof digits)
				return false;
			digits[n++] = *in;
		} else if (*in != ' ' && *in != '-') {
			return false;
		}
	}
	digits[n] = '\0';
	if (n == MQ_PHONE_MOBILE_LEN + 2 && strncmp(digits, "86", 2) == 0) {
		memmove(digits, digits + 2, MQ_PHONE_MOBILE_LEN + 1);
		n -= 2;
	}
	if (n != MQ_PHONE_MOBILE_LEN || digits[0] != '1' || digits[1] < '3')
		return false;
	memcpy(out, digits, MQ_PHONE_MOBILE_LEN + 1);
	return true;
}

/* ---- filing and booking ---------------------------------------------------- */

/* The record id of form token @p form: a version-4-shaped UUID from its MAC,
 * so that the form's second submission names the same record. */
static enum mq_err record_id(struct mq_db *db, const char *form, char out[MQ_UUID_LEN + 1])
{
	unsigned char u[MAC_BYTES];
	enum mq_err err = mac16(db, "minqing phone record", form, u);

	if (err != MQ_OK)
		return err;
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	snprintf(out, MQ_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
		 u[15]);
	return MQ_OK;
}

enum mq_err mq_phone_decoy(struct mq_db *db, const char *form, char out[MQ_TOKEN_LEN + 1])
{
	unsigned char u[MAC_BYTES];
	enum mq_err err = mac16(db, "minqing phone decoy", form ? form : "", u);

	if (err == MQ_OK)
		b64(u, out);
	return err;
}

/* One submission's transaction: the record of kind @p kind with @p data. */
struct submit_tx {
	struct mq_db *db;
	const char *kind;
	const char *studio;
	const char *channel;                  /* the opinion's: "phone" or "liaison" */
	const struct mq_filing_hook *after;   /* run after a new record is stored, or NULL */
	json_t *data;
	int64_t now;
	char id[MQ_UUID_LEN + 1];
	struct mq_phone_filed *out;
	char *msg;
	size_t size;
};

static bool opinion_found(void *cls, const struct mq_db_console_opinion *o)
{
	struct mq_phone_filed *out = cls;

	snprintf(out->token, sizeof out->token, "%s", o->op.token);
	snprintf(out->short_code, sizeof out->short_code, "%s", o->op.short_code);
	return false;
}

static void booking_found(void *cls, const struct mq_db_booking_view *v)
{
	struct mq_phone_filed *out = cls;

	snprintf(out->token, sizeof out->token, "%s", v->b.token);
	snprintf(out->short_code, sizeof out->short_code, "%s", v->b.short_code);
}

/* The studio's phone device into @p dev, made on its first submission. */
static enum mq_err phone_device(struct submit_tx *tx, struct mq_db_device *dev)
{
	struct mq_db *db = tx->db;
	char id[MQ_DB_DEVICE_ID_MAX + 1];
	enum mq_err err;

	snprintf(id, sizeof id, "phone-%s", tx->studio);
	err = db->device_get(db->cls, id, dev);
	if (err != MQ_ERR_NOT_FOUND)
		return err;
	memset(dev, 0, sizeof *dev);
	snprintf(dev->id, sizeof dev->id, "%s", id);
	snprintf(dev->studio, sizeof dev->studio, "%s", tx->studio);
	randombytes_buf(dev->key, sizeof dev->key);
	dev->created_at = tx->now;
	err = db->device_insert(db->cls, dev);
	/* a conflict is another submission's device, made meanwhile: the same */
	return err == MQ_ERR_CONFLICT ? MQ_OK : err;
}

/* The record row of the submission: its content hash as the records
 * handler computes it, of the canonical {kind, created_at, data}. */
static enum mq_err record_row(const struct submit_tx *tx, const char *device,
			      struct mq_db_record *row)
{
	char at[MQ_RFC3339_LEN + 1];
	json_t *canon;
	char *text;

	mq_time_format_rfc3339(tx->now, at);
	canon = json_pack("{s:s, s:s, s:O}", "kind", tx->kind, "created_at", at, "data", tx->data);
	text = canon ? json_dumps(canon, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(canon);
	if (!text)
		return MQ_ERR_NOMEM;
	memset(row, 0, sizeof *row);
	mq_digest_text(text, row->content_sha256);
	free(text);
	snprintf(row->id, sizeof row->id, "%s", tx->id);
	snprintf(row->device, sizeof row->device, "%s", device);
	snprintf(row->kind, sizeof row->kind, "%s", tx->kind);
	row->created_at = row->received_at = tx->now;
	return MQ_OK;
}

/* The form sent before: its answer, from what it stored. */
static enum mq_err sent_before(struct submit_tx *tx)
{
	struct mq_db *db = tx->db;

	tx->out->again = true;
	if (strcmp(tx->kind, "opinion") == 0)
		return db->opinion_get(db->cls, tx->id, opinion_found, tx->out);
	return db->booking_get(db->cls, tx->id, booking_found, tx->out);
}

static enum mq_err submit_cb(void *cls)
{
	struct submit_tx *tx = cls;
	struct mq_db *db = tx->db;
	const struct mq_record_kind *k = mq_record_kind_find(tx->kind);
	struct mq_db_record stored, row;
	struct mq_db_device dev;
	struct mq_record_in rec = { .id = tx->id, .kind = tx->kind, .created_at = tx->now,
				    .data = tx->data, .device = &dev, .now = tx->now,
				    .channel = tx->channel };
	enum mq_err err = db->record_get(db->cls, tx->id, &stored);

	tx->out->again = false;
	if (err == MQ_OK)
		return sent_before(tx);
	if (err != MQ_ERR_NOT_FOUND)
		return err;
	if ((err = phone_device(tx, &dev)) != MQ_OK ||
	    (err = k->validate(db, &rec, tx->msg, tx->size)) != MQ_OK ||
	    (err = record_row(tx, dev.id, &row)) != MQ_OK)
		return err;
	if ((err = db->record_insert(db->cls, &row)) != MQ_OK)
		return err == MQ_ERR_CONFLICT ? MQ_ERR_DB : err;
	/* a booking without a place returns MQ_ERR_CONFLICT: rolled back whole */
	if ((err = k->store(db, &rec)) != MQ_OK || !tx->after)
		return err;
	return tx->after->fn(db, tx->id, tx->after->cls);
}

/* Runs the submission of @p kind with @p data (stolen) as form @p form
 * through @p channel, @p after (may be NULL) run once the record is new. */
static enum mq_err submit(struct mq_db *db, const char *kind, const char *studio,
			  const char *form, json_t *data, int64_t now, const char *channel,
			  const struct mq_filing_hook *after, struct mq_phone_filed *out,
			  char *msg, size_t size)
{
	struct submit_tx tx = { .db = db, .kind = kind, .studio = studio, .data = data,
				.now = now, .channel = channel, .after = after, .out = out,
				.msg = msg, .size = size };
	enum mq_err err;

	msg[0] = '\0';
	if (!data)
		return MQ_ERR_NOMEM;
	/* the tokens of a new record, made once: a retried transaction keeps them */
	mq_id_token(out->token);
	mq_id_short_code(out->short_code);
	if (json_object_set_new(data, "token", json_string(out->token)) != 0 ||
	    json_object_set_new(data, "short_code", json_string(out->short_code)) != 0)
		err = MQ_ERR_NOMEM;
	else if ((err = record_id(db, form, tx.id)) == MQ_OK)
		err = db->run_tx(db->cls, "phone", submit_cb, &tx);
	json_decref(data);
	return err;
}

/* Sets @p key to @p value in @p o unless @p value is NULL or "". */
static bool set_opt(json_t *o, const char *key, const char *value)
{
	return !value || !*value || json_object_set_new(o, key, json_string(value)) == 0;
}

enum mq_err mq_filing_opinion(struct mq_db *db, const struct mq_phone_opinion_in *in,
			      const char *channel, const struct mq_filing_hook *after,
			      struct mq_phone_filed *out, char *msg, size_t size)
{
	json_t *data = json_pack("{s:s, s:s}", "category", in->category ? in->category : "",
				 "text", in->text ? in->text : "");
	bool contact = (in->name && *in->name) || (in->phone && *in->phone);
	json_t *c = contact ? json_pack("{s:b}", "consent", 1) : NULL;

	if (data && (!set_opt(data, "community", in->community) ||
		     !set_opt(data, "member", in->member) ||
		     (contact && (!c || !set_opt(c, "name", in->name) ||
				  !set_opt(c, "phone", in->phone) ||
				  json_object_set(data, "contact", c) != 0)))) {
		json_decref(data);
		data = NULL;
	}
	json_decref(c);
	return submit(db, "opinion", in->studio, in->form, data, in->now, channel, after, out, msg,
		      size);
}

enum mq_err mq_phone_file_opinion(struct mq_db *db, const struct mq_phone_opinion_in *in,
				  struct mq_phone_filed *out, char *msg, size_t size)
{
	return mq_filing_opinion(db, in, "phone", NULL, out, msg, size);
}

enum mq_err mq_phone_book(struct mq_db *db, const struct mq_phone_booking_in *in,
			  struct mq_phone_filed *out, char *msg, size_t size)
{
	json_t *data = json_pack("{s:s, s:s, s:s}", "slot", in->slot ? in->slot : "", "name",
				 in->name ? in->name : "", "phone", in->phone ? in->phone : "");

	if (data && !set_opt(data, "topic", in->topic)) {
		json_decref(data);
		data = NULL;
	}
	return submit(db, "booking", in->studio, in->form, data, in->now, "phone", NULL, out, msg,
		      size);
}
