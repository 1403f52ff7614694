/* mq_store_visit.c — bookings and attendance in the kiosk store (see
 * mq_store_visit.h). Records are queued through store_queue_record, the same
 * one-transaction path as opinions. */
#include "mq_store_visit.h"

#include <stdio.h>
#include <string.h>

#include "mq_badge.h"
#include "mq_log.h"
#include "mq_mask.h"
#include "mq_wire.h"
#include "store_private.h"

static bool present(const char *s)
{
	return s && *s;
}

struct booking_row {
	const struct mq_booking_draft *draft;
	const struct mq_receipt *receipt;
	char name_masked[64];
	char tail_mac[MQ_BADGE_HASH_HEX + 1];     /* "" when not cancellable here */
};

/* The HMAC of the last digits of @p phone under @p key into @p out ("" if it has too few). */
static void tail_mac(const unsigned char *key, const char *phone, char out[MQ_BADGE_HASH_HEX + 1])
{
	size_t n = phone ? strlen(phone) : 0;

	out[0] = '\0';
	if (key && n >= MQ_STORE_PHONE_TAIL)
		(void)mq_badge_hash(key, phone + n - MQ_STORE_PHONE_TAIL, out);
}

static int insert_booking(struct mq_store *store, const char *id, const char *created,
			  void *cls)
{
	const struct booking_row *row = cls;
	sqlite3_stmt *st = store_stmt(store, ST_BOOKING_INSERT);

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, row->receipt->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->receipt->short_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, row->draft->slot, -1, SQLITE_STATIC);
	if (present(row->draft->topic))
		sqlite3_bind_text(st, 5, row->draft->topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, row->name_masked, -1, SQLITE_STATIC);
	if (row->tail_mac[0])
		sqlite3_bind_text(st, 8, row->tail_mac, -1, SQLITE_STATIC);
	return sqlite3_step(st);
}

enum mq_err mq_store_add_booking(struct mq_store *store, const struct mq_booking_draft *draft,
				 int64_t now, struct mq_receipt *out)
{
	struct booking_row row = { draft, out, "", "" };
	const char *problem;
	enum mq_err err;
	json_t *data;

	mq_id_token(out->token);
	mq_id_short_code(out->short_code);
	data = json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "token", out->token, "short_code",
			 out->short_code, "slot", draft->slot, "name", draft->name, "phone",
			 draft->phone);
	if (!data)
		return MQ_ERR_INVALID;   /* a NULL required field */
	if (present(draft->topic))
		json_object_set_new(data, "topic", json_string(draft->topic));
	problem = mq_wire_booking_check(data);
	if (problem) {
		mq_log_warn("store", "booking refused: %s", problem);
		json_decref(data);
		return MQ_ERR_INVALID;
	}
	mq_mask_name(draft->name, row.name_masked, sizeof row.name_masked);
	tail_mac(draft->key, draft->phone, row.tail_mac);
	err = store_queue_record(store, "booking", data, now, out->id, insert_booking, &row);
	json_decref(data);
	if (err == MQ_OK)
		mq_log_info("store", "queued booking %s for slot %s (code %s)", out->id,
			    draft->slot, out->short_code);
	return err;
}

static int cancel_local(struct mq_store *store, const char *id, const char *created,
			void *cls)
{
	sqlite3_stmt *st = store_stmt(store, ST_BOOKING_CANCEL);
	int rc;

	(void)created;
	sqlite3_bind_text(st, 1, cls, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && sqlite3_changes(store->db) == 0)
		return SQLITE_NOTFOUND;   /* rolls the cancel record back */
	return rc;
}

enum mq_err mq_store_cancel_booking(struct mq_store *store, const char *booking_id,
				    int64_t now)
{
	char id[MQ_UUID_LEN + 1];
	json_t *data = json_pack("{s:s}", "booking", booking_id ? booking_id : "");
	enum mq_err err;

	if (!data || !mq_id_is_uuid(booking_id)) {
		json_decref(data);
		return MQ_ERR_INVALID;
	}
	err = store_queue_record(store, "booking_cancel", data, now, id, cancel_local,
				 (void *)booking_id);
	json_decref(data);
	return err;
}

static int insert_attendance(struct mq_store *store, const char *id, const char *created,
			     void *cls)
{
	const struct mq_attendance_draft *d = cls;
	sqlite3_stmt *st = store_stmt(store, ST_ATTENDANCE_INSERT);

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->checkout ? "checkout" : "checkin", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->member, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->by_badge ? "badge" : "pin", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
	return sqlite3_step(st);
}

enum mq_err mq_store_add_attendance(struct mq_store *store,
				    const struct mq_attendance_draft *draft, int64_t now,
				    char out_id[MQ_UUID_LEN + 1])
{
	char at[MQ_RFC3339_LEN + 1];
	json_t *data, *marks;
	enum mq_err err;

	if (!mq_wire_is_key(draft->member))
		return MQ_ERR_INVALID;
	mq_time_format_rfc3339(now, at);
	data = json_pack("{s:s, s:s, s:s}", "member", draft->member, "method",
			 draft->by_badge ? "badge" : "pin", "at", at);
	if (!data)
		return MQ_ERR_NOMEM;
	if (draft->n_marks) {
		marks = json_array();
		for (size_t i = 0; i < draft->n_marks; i++) {
			if (!mq_id_is_uuid(draft->marks[i].booking)) {
				json_decref(marks);
				json_decref(data);
				return MQ_ERR_INVALID;
			}
			json_array_append_new(marks, json_pack("{s:s, s:s}", "booking",
							       draft->marks[i].booking, "status",
							       draft->marks[i].attended ? "attended"
											: "no_show"));
		}
		json_object_set_new(data, "bookings", marks);
	}
	err = store_queue_record(store, draft->checkout ? "checkout" : "checkin", data, now,
				 out_id, insert_attendance, (void *)draft);
	json_decref(data);
	if (err == MQ_OK)
		mq_log_info("store", "queued %s of member %s",
			    draft->checkout ? "checkout" : "checkin", draft->member);
	return err;
}

int mq_store_slot_pending(struct mq_store *store, const char *slot)
{
	sqlite3_stmt *st = store_stmt(store, ST_BOOKING_PENDING);
	int n = -1;

	sqlite3_bind_text(st, 1, slot, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static void copy_column(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	snprintf(out, size, "%s", v ? (const char *)v : "");
}

enum mq_err mq_store_find_booking(struct mq_store *store, const char *short_code,
				  struct mq_store_booking_view *out)
{
	sqlite3_stmt *st;
	int rc;

	if (!mq_id_is_short_code(short_code))
		return MQ_ERR_INVALID;
	st = store_stmt(store, ST_BOOKING_BY_CODE);
	sqlite3_bind_text(st, 1, short_code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_column(st, 0, out->id, sizeof out->id);
		copy_column(st, 1, out->token, sizeof out->token);
		copy_column(st, 2, out->short_code, sizeof out->short_code);
		copy_column(st, 3, out->slot, sizeof out->slot);
		copy_column(st, 4, out->status, sizeof out->status);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MQ_ERR_NOT_FOUND;
	return rc == SQLITE_ROW ? MQ_OK : store_err(rc);
}

enum mq_err mq_store_bookings_iterate(struct mq_store *store,
				      void (*fn)(void *cls, const struct mq_store_open_booking *b),
				      void *cls)
{
	sqlite3_stmt *st = store_stmt(store, ST_BOOKINGS_OPEN);
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mq_store_open_booking b = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			(const char *)sqlite3_column_text(st, 5),
		};
		fn(cls, &b);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MQ_OK : store_err(rc);
}

bool mq_store_member_present(struct mq_store *store, const char *member, int64_t since)
{
	sqlite3_stmt *st = store_stmt(store, ST_ATTENDANCE_LAST);
	char from[MQ_RFC3339_LEN + 1];
	bool present_now = false;

	mq_time_format_rfc3339(since, from);
	sqlite3_bind_text(st, 1, member, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		present_now = strcmp((const char *)sqlite3_column_text(st, 0), "checkin") == 0;
	sqlite3_reset(st);
	return present_now;
}

int mq_store_slot_released(struct mq_store *store, const char *slot)
{
	sqlite3_stmt *st = store_stmt(store, ST_BOOKING_RELEASED);
	int n = -1;

	sqlite3_bind_text(st, 1, slot, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

/* The newest booking made here with @p code and the HMAC kept with it. */
static enum mq_err booking_for_cancel(struct mq_store *store, const char *code,
				      struct mq_store_booking_view *out,
				      char mac[MQ_BADGE_HASH_HEX + 1])
{
	sqlite3_stmt *st = store_stmt(store, ST_BOOKING_FOR_CANCEL);
	int rc;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_column(st, 0, out->id, sizeof out->id);
		copy_column(st, 1, out->token, sizeof out->token);
		copy_column(st, 2, out->short_code, sizeof out->short_code);
		copy_column(st, 3, out->slot, sizeof out->slot);
		copy_column(st, 4, out->status, sizeof out->status);
		copy_column(st, 5, mac, MQ_BADGE_HASH_HEX + 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MQ_ERR_NOT_FOUND;
	return rc == SQLITE_ROW ? MQ_OK : store_err(rc);
}

static bool all_digits(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum mq_err mq_store_cancel_by_code(struct mq_store *store, const char *short_code,
				    const char *phone_tail, const unsigned char *key, int64_t now,
				    struct mq_store_booking_view *out)
{
	char mac[MQ_BADGE_HASH_HEX + 1] = "";
	enum mq_err err;

	memset(out, 0, sizeof(*out));
	if (!key || !mq_id_is_short_code(short_code) ||
	    !all_digits(phone_tail, MQ_STORE_PHONE_TAIL))
		return MQ_ERR_INVALID;
	err = booking_for_cancel(store, short_code, out, mac);
	if (err != MQ_OK)
		return err;
	/* no HMAC (booked before the kiosk kept one): like a wrong number */
	if (!mac[0] || !mq_badge_matches(key, phone_tail, mac)) {
		mq_log_info("store", "cancel at the kiosk: code and phone digits do not match");
		return MQ_ERR_NOT_FOUND;
	}
	if (strcmp(out->status, "pending") != 0 && strcmp(out->status, "booked") != 0)
		return MQ_ERR_CONFLICT;
	err = mq_store_cancel_booking(store, out->id, now);
	if (err == MQ_OK) {
		snprintf(out->status, sizeof out->status, "%s", "cancelled");
		mq_log_info("store", "booking %s cancelled at the kiosk", out->id);
	}
	return err;
}
