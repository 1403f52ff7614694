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

/* ---- participation (DESIGN §9) ------------------------------------------- */

#define MQ_WIRE_SURVEY_QUESTIONS_MAX 10  /* questions of a survey */
#define MQ_WIRE_SURVEY_OPTIONS_MAX 8     /* options of a question */
#define MQ_WIRE_SURVEY_TEXT_MAX 500      /* characters of a free-text answer */

/**
 * Check the shape of a `topic_support` record's data object: exactly
 * {"candidate": ID}, ID a positive integer. NULL when well-formed, else a
 * static English message. Whether the candidate is open is the server's.
 */
const char *mq_wire_topic_support_check(const json_t *data);

/**
 * Check the shape of a survey response's answers: an array of 1..10
 * objects {"q": 1..10, "options": [1..8, ...] (at most 8, optional),
 * "text": "..." (at most 500 characters, optional)}, each with options or
 * text and no other field, no question twice. NULL or a static message.
 */
const char *mq_wire_survey_answers_check(const json_t *answers);

/**
 * Check the shape of a `survey_response` record's data object:
 * {"survey": ID, "answers": [...]} (mq_wire_survey_answers_check).
 * Whether the survey is open here and the answers fit it is the server's.
 */
const char *mq_wire_survey_response_check(const json_t *data);

/* ---- enrollment codes and the enrollment QR (DESIGN §5, §9) ---------------- */

/** The code's alphabet: no 0/O, 1/I/L or U, as it is read off a screen and typed. */
#define MQ_WIRE_ENROLL_ALPHABET "23456789ABCDEFGHJKMNPQRSTVWXYZ"
/** Characters of a code without its dashes. */
#define MQ_WIRE_ENROLL_CODE_CHARS 12
/** Bytes of a code as shown, K7QM-3WXT-9HPC (with the two dashes), without the NUL. */
#define MQ_WIRE_ENROLL_CODE_SHOWN (MQ_WIRE_ENROLL_CODE_CHARS + 2)
/** What follows the server's address in an enrollment QR, before the code. */
#define MQ_WIRE_ENROLL_QR_MARK "/#enroll="

/**
 * Normalise a code as typed (any case, dashes and spaces) into its stored
 * form in @p out (MQ_WIRE_ENROLL_CODE_CHARS + 1 bytes). False if it cannot be
 * a code (a character outside the alphabet, too short or too long).
 */
bool mq_wire_enroll_code_normalise(const char *in, char out[MQ_WIRE_ENROLL_CODE_CHARS + 1]);

/**
 * The code @p chars (up to MQ_WIRE_ENROLL_CODE_CHARS of the alphabet, as
 * normalised) grouped by four with dashes as `kiosk-code` prints it, into
 * @p out (MQ_WIRE_ENROLL_CODE_SHOWN + 1 bytes): "K7QM-3W" for a code typed
 * half way.
 */
void mq_wire_enroll_code_show(const char *chars, char out[MQ_WIRE_ENROLL_CODE_SHOWN + 1]);

/**
 * The text of an enrollment QR: the server's address (http:// or https://,
 * a trailing '/' dropped), then MQ_WIRE_ENROLL_QR_MARK and the code as shown:
 * "https://minqing.example.gov.cn/#enroll=K7QM-3WXT-9HPC". A phone that scans
 * it opens the server's front page and keeps the code in the fragment, which
 * browsers never send. False when @p server_url is not http(s), the code not
 * a code, or @p size too small.
 */
bool mq_wire_enroll_qr(const char *server_url, const char *code, char *out, size_t size);

/**
 * Read an enrollment QR's text (as mq_wire_enroll_qr writes it; surrounding
 * spaces and line ends ignored) into the server's address @p server
 * (@p server_size bytes) and the normalised code @p code. False, leaving
 * both empty, when it is not one.
 */
bool mq_wire_enroll_qr_parse(const char *text, char *server, size_t server_size,
			     char code[MQ_WIRE_ENROLL_CODE_CHARS + 1]);

#endif
