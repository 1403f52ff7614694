/* mq_wire.c — shape checks for records on the wire. */
#include "mq_wire.h"

#include <stdint.h>
#include <string.h>

#include "mq_id.h"

long mq_utf8_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		unsigned c = *p;
		int extra;
		unsigned cp;

		if (c < 0x80) {
			p++;
			n++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			extra = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			extra = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			extra = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		for (int i = 1; i <= extra; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		p += extra + 1;
		n++;
	}
	return n;
}

bool mq_wire_is_key(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > MQ_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool mq_wire_is_phone(const char *s)
{
	size_t digits = 0, n = s ? strlen(s) : 0;

	if (n == 0 || n > MQ_PHONE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '+' && i == 0) && s[i] != '-' && s[i] != ' ')
			return false;
	}
	return digits >= 7 && digits <= 15;   /* E.164 allows at most 15 */
}

/* True if @p s has no control characters (one line). */
static bool one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool is_slot_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > MQ_SLOT_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static const char *check_contact(const json_t *contact)
{
	const char *key;
	json_t *v;
	const json_t *name = json_object_get(contact, "name");
	const json_t *phone = json_object_get(contact, "phone");
	long len;

	if (!json_is_object(contact))
		return "contact must be an object";
	json_object_foreach((json_t *)contact, key, v) {
		if (strcmp(key, "name") && strcmp(key, "phone") && strcmp(key, "consent"))
			return "contact has an unknown field";
	}
	if (!json_is_true(json_object_get(contact, "consent")))
		return "contact requires consent:true";
	if (!name && !phone)
		return "contact needs a name or a phone";
	if (name) {
		if (!json_is_string(name))
			return "contact.name must be a string";
		len = mq_utf8_length(json_string_value(name));
		if (len < 1 || len > MQ_NAME_MAX)
			return "contact.name must be 1..50 characters";
	}
	if (phone && (!json_is_string(phone) || !mq_wire_is_phone(json_string_value(phone))))
		return "contact.phone is not a phone number";
	return NULL;
}

const char *mq_wire_opinion_check(const json_t *data)
{
	static const char *const allowed[] = { "token", "short_code", "category", "community",
					       "text", "member", "contact", NULL };
	const char *key;
	json_t *v;
	const json_t *text;
	long len;

	if (!json_is_object(data))
		return "data must be an object";
	json_object_foreach((json_t *)data, key, v) {
		int i;
		for (i = 0; allowed[i] && strcmp(allowed[i], key) != 0; i++)
			;
		if (!allowed[i])
			return "opinion data has an unknown field";
	}
	if (!mq_id_is_token(json_string_value(json_object_get(data, "token"))))
		return "token must be 22 base64url characters";
	if (!mq_id_is_short_code(json_string_value(json_object_get(data, "short_code"))))
		return "short_code must be 8 digits";
	if (!mq_wire_is_key(json_string_value(json_object_get(data, "category"))))
		return "category must be a key";
	v = json_object_get(data, "community");
	if (v && !mq_wire_is_key(json_string_value(v)))
		return "community must be a key";
	v = json_object_get(data, "member");
	if (v && !mq_wire_is_key(json_string_value(v)))
		return "member must be a key";
	text = json_object_get(data, "text");
	if (!json_is_string(text))
		return "text must be a string";
	len = mq_utf8_length(json_string_value(text));
	if (len < 1 || len > MQ_OPINION_TEXT_MAX)
		return "text must be 1..2000 characters";
	v = json_object_get(data, "contact");
	if (v)
		return check_contact(v);
	return NULL;
}

const char *mq_wire_booking_check(const json_t *data)
{
	static const char *const fields[] = { "token", "short_code", "slot", "name", "phone",
					      "topic", NULL };
	const char *key, *v;
	json_t *val;
	long n;

	if (!json_is_object(data))
		return "data must be an object";
	json_object_foreach((json_t *)data, key, val) {
		int i;
		for (i = 0; fields[i] && strcmp(fields[i], key) != 0; i++)
			;
		if (!fields[i])
			return "booking data has only token, short_code, slot, name, phone and topic";
		if (!json_is_string(val))
			return "booking fields must be strings";
	}
	if (!mq_id_is_token(json_string_value(json_object_get(data, "token"))))
		return "token must be 22 base64url characters";
	if (!mq_id_is_short_code(json_string_value(json_object_get(data, "short_code"))))
		return "short_code must be 8 digits";
	if (!is_slot_id(json_string_value(json_object_get(data, "slot"))))
		return "slot must be a slot id from the kiosk state";
	v = json_string_value(json_object_get(data, "name"));
	n = v ? mq_utf8_length(v) : -1;
	if (n < 1 || n > MQ_NAME_MAX || !one_line(v))
		return "name must be 1 to 50 characters";
	if (!mq_wire_is_phone(json_string_value(json_object_get(data, "phone"))))
		return "phone must have 7 to 15 digits (and only '+', '-', spaces besides)";
	v = json_string_value(json_object_get(data, "topic"));
	if (v) {
		n = mq_utf8_length(v);
		if (n < 0 || n > MQ_BOOKING_TOPIC_MAX || !one_line(v))
			return "topic must be at most 200 characters on one line";
	}
	return NULL;
}

/* ---- participation ------------------------------------------------------------ */

/* True for a JSON integer in lo..hi. */
static bool int_in(const json_t *v, json_int_t lo, json_int_t hi)
{
	return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

const char *mq_wire_topic_support_check(const json_t *data)
{
	if (!json_is_object(data) || json_object_size(data) != 1 ||
	    !int_in(json_object_get(data, "candidate"), 1, INT64_MAX))
		return "topic_support data is {\"candidate\": ID}";
	return NULL;
}

/* NULL when answer @p a is {q, options?, text?} of the right types. */
static const char *survey_answer_check(const json_t *a)
{
	const json_t *opts = json_object_get(a, "options"), *text = json_object_get(a, "text");
	size_t i, fields = 1 + (opts != NULL) + (text != NULL);
	json_t *o;
	long n;

	if (!json_is_object(a) || json_object_size(a) != fields ||
	    !int_in(json_object_get(a, "q"), 1, MQ_WIRE_SURVEY_QUESTIONS_MAX))
		return "each answer is {\"q\": 1..10, \"options\": [k, ...], \"text\": \"...\"}";
	if (!opts && !text)
		return "an answer has options or text";
	if (opts && (!json_is_array(opts) || json_array_size(opts) > MQ_WIRE_SURVEY_OPTIONS_MAX))
		return "answer options are at most 8 numbers";
	json_array_foreach(opts, i, o)
		if (!int_in(o, 1, MQ_WIRE_SURVEY_OPTIONS_MAX))
			return "answer options count from 1 to 8";
	if (text) {
		n = json_is_string(text) ? mq_utf8_length(json_string_value(text)) : -1;
		if (n < 0 || n > MQ_WIRE_SURVEY_TEXT_MAX)
			return "answer text is at most 500 characters";
	}
	return NULL;
}

const char *mq_wire_survey_answers_check(const json_t *answers)
{
	bool seen[MQ_WIRE_SURVEY_QUESTIONS_MAX + 1] = { false };
	const char *why;
	size_t i;
	json_t *a;

	if (!json_is_array(answers) || json_array_size(answers) == 0 ||
	    json_array_size(answers) > MQ_WIRE_SURVEY_QUESTIONS_MAX)
		return "answers must be an array of 1 to 10 answers";
	json_array_foreach(answers, i, a) {
		if ((why = survey_answer_check(a)) != NULL)
			return why;
		if (seen[json_integer_value(json_object_get(a, "q"))])
			return "a question is answered twice";
		seen[json_integer_value(json_object_get(a, "q"))] = true;
	}
	return NULL;
}

const char *mq_wire_survey_response_check(const json_t *data)
{
	if (!json_is_object(data) || json_object_size(data) != 2 ||
	    !int_in(json_object_get(data, "survey"), 1, INT64_MAX))
		return "survey_response data is {\"survey\": ID, \"answers\": [...]}";
	return mq_wire_survey_answers_check(json_object_get(data, "answers"));
}

/* ---- enrollment codes and the enrollment QR ---------------------------------- */

bool mq_wire_enroll_code_normalise(const char *in, char out[MQ_WIRE_ENROLL_CODE_CHARS + 1])
{
	size_t n = 0;

	out[0] = '\0';
	if (!in)
		return false;
	for (; *in; in++) {
		char c = *in;

		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!strchr(MQ_WIRE_ENROLL_ALPHABET, c) || n >= MQ_WIRE_ENROLL_CODE_CHARS) {
			out[0] = '\0';
			return false;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return n == MQ_WIRE_ENROLL_CODE_CHARS;
}

void mq_wire_enroll_code_show(const char *chars, char out[MQ_WIRE_ENROLL_CODE_SHOWN + 1])
{
	size_t k = 0;

	for (size_t i = 0; chars[i] && i < MQ_WIRE_ENROLL_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = chars[i];
	}
	out[k] = '\0';
}

/* True if @p s (@p n bytes) starts with http:// or https:// and has a host. */
static bool is_http_url(const char *s, size_t n)
{
	size_t scheme = n > 7 && strncmp(s, "http://", 7) == 0 ? 7
		      : n > 8 && strncmp(s, "https://", 8) == 0 ? 8 : 0;

	if (!scheme || s[scheme] == '/')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '#')
			return false;
	return true;
}

bool mq_wire_enroll_qr(const char *server_url, const char *code, char *out, size_t size)
{
	char norm[MQ_WIRE_ENROLL_CODE_CHARS + 1], shown[MQ_WIRE_ENROLL_CODE_SHOWN + 1];
	size_t n = server_url ? strlen(server_url) : 0;

	while (n > 0 && server_url[n - 1] == '/')
		n--;
	if (!is_http_url(server_url, n) || !mq_wire_enroll_code_normalise(code, norm))
		return false;
	mq_wire_enroll_code_show(norm, shown);
	return snprintf(out, size, "%.*s%s%s", (int)n, server_url, MQ_WIRE_ENROLL_QR_MARK,
			shown) < (int)size;
}

bool mq_wire_enroll_qr_parse(const char *text, char *server, size_t server_size,
			     char code[MQ_WIRE_ENROLL_CODE_CHARS + 1])
{
	const char *mark, *end;
	size_t n;

	server[0] = '\0';
	code[0] = '\0';
	while (*text == ' ' || *text == '\t')
		text++;
	mark = strstr(text, MQ_WIRE_ENROLL_QR_MARK);
	if (!mark)
		return false;
	n = (size_t)(mark - text);
	end = mark + strlen(MQ_WIRE_ENROLL_QR_MARK);
	{
		char tail[MQ_WIRE_ENROLL_CODE_SHOWN + 8];
		size_t t = strcspn(end, " \t\r\n");

		if (t >= sizeof tail || end[t + strspn(end + t, " \t\r\n")] != '\0')
			return false;
		memcpy(tail, end, t);
		tail[t] = '\0';
		if (!is_http_url(text, n) || n >= server_size ||
		    !mq_wire_enroll_code_normalise(tail, code))
			return false;
	}
	memcpy(server, text, n);
	server[n] = '\0';
	return true;
}
