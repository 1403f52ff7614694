/* records.c — the table of accepted record kinds (mq_records.h). */
#include "mq_records.h"

#include <string.h>

static const struct mq_record_kind kinds[] = {
	{ "opinion", mq_kind_opinion_validate, mq_kind_opinion_store },
};

/* Kinds DESIGN.md §5 names that this server version does not accept yet
 * (bookings, attendance, ratings come with their issues): answered `invalid`
 * with a message saying so, never silently dropped. */
static const char *const planned[] = { "booking", "booking_cancel", "checkin", "checkout",
				       "rating" };

const struct mq_record_kind *mq_record_kind_find(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

bool mq_record_kind_is_planned(const char *kind)
{
	for (size_t i = 0; i < sizeof planned / sizeof planned[0]; i++)
		if (strcmp(planned[i], kind) == 0)
			return true;
	return false;
}
