/* mq_id.c — identifiers from libsodium's random source. */
#include "mq_id.h"

#include <sodium.h>
#include <string.h>

bool mq_id_init(void)
{
	return sodium_init() >= 0;
}

void mq_id_uuid4(char out[MQ_UUID_LEN + 1])
{
	unsigned char b[16];
	char hex[33];

	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);  /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);  /* RFC 4122 variant */
	sodium_bin2hex(hex, sizeof hex, b, sizeof b);
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
}

void mq_id_token(char out[MQ_TOKEN_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, MQ_TOKEN_LEN + 1, b, sizeof b,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void mq_id_short_code(char out[MQ_SHORT_CODE_LEN + 1])
{
	for (int i = 0; i < MQ_SHORT_CODE_LEN; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[MQ_SHORT_CODE_LEN] = '\0';
}

void mq_id_random_hex(char *out, size_t nbytes)
{
	unsigned char b[64];

	if (nbytes > sizeof b)
		nbytes = sizeof b;
	randombytes_buf(b, nbytes);
	sodium_bin2hex(out, 2 * nbytes + 1, b, nbytes);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool mq_id_is_uuid(const char *s)
{
	if (!s || strlen(s) != MQ_UUID_LEN)
		return false;
	for (int i = 0; i < MQ_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !is_hex(s[i]))
			return false;
	}
	return true;
}

bool mq_id_is_token(const char *s)
{
	if (!s || strlen(s) != MQ_TOKEN_LEN)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

bool mq_id_is_short_code(const char *s)
{
	if (!s || strlen(s) != MQ_SHORT_CODE_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}
