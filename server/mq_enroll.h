/* mq_enroll.h — one-time enrollment codes for kiosks (DESIGN.md §5, §6).
 * A code is 12 characters from an unambiguous alphabet, shown as K7QM-3WXT-9HPC;
 * it works once and expires after MQ_ENROLL_CODE_TTL_S. */
#ifndef MQ_ENROLL_H
#define MQ_ENROLL_H

#include <stddef.h>
#include <stdint.h>

#include "mq_db.h"

#define MQ_ENROLL_CODE_TTL_S (24 * 3600)
#define MQ_ENROLL_CODE_CHARS 12
#define MQ_ENROLL_CODE_SHOWN (MQ_ENROLL_CODE_CHARS + 2)   /* with the two dashes */

/**
 * Create and store a fresh code for studio @p studio at @p now and write it,
 * grouped with dashes, into @p out (MQ_ENROLL_CODE_SHOWN + 1 bytes).
 * Returns MQ_ERR_NOT_FOUND when the studio does not exist, MQ_ERR_DB otherwise.
 */
enum mq_err mq_enroll_code_create(struct mq_db *db, const char *studio, int64_t now,
				  char out[MQ_ENROLL_CODE_SHOWN + 1]) MQ_MUST_CHECK;

/**
 * Normalise a code as typed (any case, dashes and spaces) into its stored
 * form in @p out (MQ_ENROLL_CODE_CHARS + 1 bytes). False if it cannot be a code.
 */
bool mq_enroll_code_normalise(const char *in, char out[MQ_ENROLL_CODE_CHARS + 1]);

#endif
