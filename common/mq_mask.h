/* mq_mask.h — what may be shown of a resident's name and phone where other
 * people can see it (a public page, the duty member's list at the kiosk). */
#ifndef MQ_MASK_H
#define MQ_MASK_H

#include <stddef.h>

/** "王*" / "王**" / "欧阳**": the first character of @p name (UTF-8), then one
 *  to three '*'; "*" for an empty or NULL name. */
void mq_mask_name(const char *name, char *out, size_t size);

/** "138****1234" for a mobile number; shorter numbers keep their last two
 *  digits ("*****34"). Only digits of @p phone are read. */
void mq_mask_phone(const char *phone, char *out, size_t size);

#endif
