/* enroll.c — making and reading one-time enrollment codes (mq_enroll.h). */
#include "mq_enroll.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mq_log.h"

/* No 0/O, 1/I/L or U: the code is read off a screen and typed on a kiosk. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

bool mq_enroll_code_normalise(const char *in, char out[MQ_ENROLL_CODE_CHARS + 1])
{
	size_t n = 0;

	if (!in)
		return false;
	for (; *in; in++) {
		char c = *in;
		if (c == '-' || c == ' ')
			continue;
		c = (char)toupper((unsigned char)c);
		if (!strchr(alphabet, c) || c == '\0' || n >= MQ_ENROLL_CODE_CHARS)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == MQ_ENROLL_CODE_CHARS;
}

enum mq_err mq_enroll_code_create(struct mq_db *db, const char *studio, int64_t now,
				  char out[MQ_ENROLL_CODE_SHOWN + 1])
{
	struct mq_db_studio s;
	struct mq_db_enroll_code code = { .created_at = now,
					  .expires_at = now + MQ_ENROLL_CODE_TTL_S };
	enum mq_err err;

	if (!mq_wire_is_key(studio))
		return MQ_ERR_NOT_FOUND;
	err = db->studio_get(db->cls, studio, &s);
	if (err != MQ_OK)
		return err;
	snprintf(code.studio, sizeof code.studio, "%s", studio);
	/* A collision among live codes is astronomically unlikely; retry anyway. */
	for (int attempt = 0; attempt < 3; attempt++) {
		size_t k = 0;

		for (int i = 0; i < MQ_ENROLL_CODE_CHARS; i++)
			code.code[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		code.code[MQ_ENROLL_CODE_CHARS] = '\0';
		err = db->enroll_code_insert(db->cls, &code);
		if (err == MQ_ERR_CONFLICT)
			continue;
		if (err != MQ_OK)
			return err;
		for (int i = 0; i < MQ_ENROLL_CODE_CHARS; i++) {
			if (i && i % 4 == 0)
				out[k++] = '-';
			out[k++] = code.code[i];
		}
		out[k] = '\0';
		mq_log_info("enroll", "new enrollment code for studio %s, valid until %lld", studio,
			    (long long)code.expires_at);
		return MQ_OK;
	}
	return MQ_ERR_DB;
}
