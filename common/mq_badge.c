/* mq_badge.c — badge codes as HMAC-SHA-256 hex (mq_badge.h), via libsodium. */
#include "mq_badge.h"

#include <sodium.h>
#include <string.h>

/* The code as the server stores it: trimmed, ASCII upper case. */
static bool normalise(const char *code, char out[MQ_BADGE_CODE_MAX + 1])
{
	size_t n;

	if (!code)
		return false;
	while (*code == ' ' || *code == '\t' || *code == '\r' || *code == '\n')
		code++;
	n = strlen(code);
	while (n && (code[n - 1] == ' ' || code[n - 1] == '\t' || code[n - 1] == '\r' ||
		     code[n - 1] == '\n'))
		n--;
	if (n == 0 || n > MQ_BADGE_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = code[i] >= 'a' && code[i] <= 'z' ? (char)(code[i] - 'a' + 'A') : code[i];
	out[n] = '\0';
	return true;
}

bool mq_badge_hash(const unsigned char key[MQ_BADGE_KEY_BYTES], const char *code,
		   char out[MQ_BADGE_HASH_HEX + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char norm[MQ_BADGE_CODE_MAX + 1];
	crypto_auth_hmacsha256_state st;

	out[0] = '\0';
	if (!normalise(code, norm))
		return false;
	crypto_auth_hmacsha256_init(&st, key, MQ_BADGE_KEY_BYTES);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)norm, strlen(norm));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(norm, sizeof norm);
	sodium_bin2hex(out, MQ_BADGE_HASH_HEX + 1, mac, sizeof mac);
	return true;
}

bool mq_badge_matches(const unsigned char key[MQ_BADGE_KEY_BYTES], const char *code,
		      const char *hash)
{
	char mine[MQ_BADGE_HASH_HEX + 1];

	if (!hash || strlen(hash) != MQ_BADGE_HASH_HEX || !mq_badge_hash(key, code, mine))
		return false;
	return sodium_memcmp(mine, hash, MQ_BADGE_HASH_HEX) == 0;
}
