/* mq_records.h — private to server/: the sync record kinds the server accepts
 * (DESIGN.md §5). Each kind is one table entry (records.c) with a validate and
 * a store function, so a new kind plugs in without touching the records
 * handler; the kinds' functions are declared here, one list for all. */
#ifndef MQ_RECORDS_H
#define MQ_RECORDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

/** One record as the handler has read it. Borrowed for the call. */
struct mq_record_in {
	const char *id;                       /* lowercase UUID */
	const char *kind;
	int64_t created_at;
	const json_t *data;
	const struct mq_db_device *device;    /* the kiosk that sent it */
	int64_t now;
	const char *channel;                  /* what stores it: NULL is "kiosk"; "phone" for
						 the phone side (mq_phone.h), "liaison"
						 for liaison officers (mq_liaison.h) */
};

/** A kind's behaviour. Both functions run inside the batch's transaction. */
struct mq_record_kind {
	const char *kind;
	/** MQ_OK if @p rec may be stored; MQ_ERR_INVALID with an English reason in
	 *  @p msg; any other error aborts the batch. Must not write. */
	enum mq_err (*validate)(struct mq_db *db, const struct mq_record_in *rec, char *msg,
				size_t size);
	/** Store a validated record (its idempotency row exists already). */
	enum mq_err (*store)(struct mq_db *db, const struct mq_record_in *rec);
	/** NULL, or: store may return MQ_ERR_CONFLICT to say it stored the record as
	 *  refused (a booking without a place); the record is then answered
	 *  `conflict` with this text as its error. */
	const char *refusal;
};

/** The kind named @p kind, or NULL when this server does not accept it. */
const struct mq_record_kind *mq_record_kind_find(const char *kind);

/** True if @p kind is in the protocol but not accepted by this server version yet. */
bool mq_record_kind_is_planned(const char *kind);

/** The string member @p field of record data @p data, or NULL when it is
 *  missing or not a string. Borrowed from @p data. */
const char *mq_record_str(const json_t *data, const char *field);

/** Copy record id @p in (a UUID) into @p out in lowercase, as the records
 *  handler stores ids. */
void mq_record_id_lower(const char *in, char out[MQ_UUID_LEN + 1]);

/** What a validate function answers after looking its record's token up:
 *  @p err is the lookup's result, @p seen whether a record had it. MQ_OK for
 *  a new token; MQ_ERR_INVALID (reason in @p msg) for a used one; MQ_ERR_DB
 *  or the lookup's error otherwise. */
enum mq_err mq_record_token_new(enum mq_err err, bool seen, char *msg, size_t size);

/** validate function of kind `opinion` (kind_opinion.c). */
enum mq_err mq_kind_opinion_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size);

/** store function of kind `opinion` (kind_opinion.c). */
enum mq_err mq_kind_opinion_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kind `rating` (kind_rating.c). */
enum mq_err mq_kind_rating_validate(struct mq_db *db, const struct mq_record_in *rec,
				    char *msg, size_t size);

/** store function of kind `rating` (kind_rating.c). */
enum mq_err mq_kind_rating_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kind `booking` (kind_booking.c). */
enum mq_err mq_kind_booking_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size);

/** store function of kind `booking` (kind_booking.c): MQ_ERR_CONFLICT when
 *  stored as refused. */
enum mq_err mq_kind_booking_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kind `booking_cancel` (kind_booking.c). */
enum mq_err mq_kind_booking_cancel_validate(struct mq_db *db, const struct mq_record_in *rec,
					    char *msg, size_t size);

/** store function of kind `booking_cancel` (kind_booking.c). */
enum mq_err mq_kind_booking_cancel_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kinds `checkin` and `checkout` (kind_checkin.c). */
enum mq_err mq_kind_checkin_validate(struct mq_db *db, const struct mq_record_in *rec,
				     char *msg, size_t size);

/** store function of kinds `checkin` and `checkout` (kind_checkin.c). */
enum mq_err mq_kind_checkin_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kind `topic_support` (kind_topic_support.c). */
enum mq_err mq_kind_topic_support_validate(struct mq_db *db, const struct mq_record_in *rec,
					   char *msg, size_t size);

/** store function of kind `topic_support` (kind_topic_support.c). */
enum mq_err mq_kind_topic_support_store(struct mq_db *db, const struct mq_record_in *rec);

/** validate function of kind `survey_response` (kind_survey_response.c). */
enum mq_err mq_kind_survey_response_validate(struct mq_db *db, const struct mq_record_in *rec,
					     char *msg, size_t size);

/** store function of kind `survey_response` (kind_survey_response.c). */
enum mq_err mq_kind_survey_response_store(struct mq_db *db, const struct mq_record_in *rec);

#endif
