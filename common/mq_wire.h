/* mq_wire.h — the sync protocol's shared limits and record shapes (DESIGN.md §5).
 * The kiosk checks a record with these before queueing it and the server checks
 * it again on arrival, so both sides agree on what a well-formed record is. */
#ifndef MQ_WIRE_H
#define MQ_WIRE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define MQ_WIRE_MAX_RECORDS 100
#define MQ_WIRE_MAX_BODY (1024 * 1024)
#define MQ_OPINION_TEXT_MAX 2000     /* characters (code points), at least 1 */
#define MQ_NAME_MAX 50               /* characters */
#define MQ_PHONE_MAX 20              /* bytes: digits, '+', '-', ' ' */
#define MQ_KEY_MAX 32                /* category/community/member/studio keys */
#define MQ_SLOT_ID_MAX 48            /* "{studio}-{YYYYMMDD}-{HHMM}" of a slot's start */
#define MQ_BOOKING_TOPIC_MAX 200     /* characters, one line */

/** Number of code points in UTF-8 string @p s, or -1 if it is not valid UTF-8. */
long mq_utf8_length(const char *s);

/** True if @p s is a key: 1..MQ_KEY_MAX of [a-z0-9_-]. */
bool mq_wire_is_key(const char *s);

/** True if @p s is a phone number: 7..15 digits, with '+' first, '-' and ' ' allowed. */
bool mq_wire_is_phone(const char *s);

/**
 * Check the shape of an `opinion` record's data object (DESIGN §5): token,
 * short_code, category, optional community/member, text of 1..2000 characters,
 * optional contact {name, phone, consent:true}; no other fields.
 * Returns NULL when well-formed, else a static English message naming the field.
 * Whether keys exist (category, community, member) is the server's to check.
 */
const char *mq_wire_opinion_check(const json_t *data);

/**
 * Check the shape of a `booking` record's data object (DESIGN §5): token,
 * short_code, slot id, name (1..50 characters), phone, optional one-line
 * topic; all strings, no other fields. NULL when well-formed, else a static
 * English message. Whether the slot exists and has room is the server's.
 */
const char *mq_wire_booking_check(const json_t *data);

#endif
