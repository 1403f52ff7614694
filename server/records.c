/* records.c — the table of accepted record kinds (mq_records.h). */
#include "mq_records.h"

#include <string.h>

#include "mq_booking.h"

static const struct mq_record_kind kinds[] = {
	{ "opinion", mq_kind_opinion_validate, mq_kind_opinion_store, NULL },
	/* issue 4: bookings and attendance (kind_booking.c, kind_checkin.c) */
	{ "booking", mq_kind_booking_validate, mq_kind_booking_store, mq_booking_refusal },
	{ "booking_cancel", mq_kind_booking_cancel_validate, mq_kind_booking_cancel_store, NULL },
	{ "checkin", mq_kind_checkin_validate, mq_kind_checkin_store, NULL },
	{ "checkout", mq_kind_checkin_validate, mq_kind_checkin_store, NULL },
	/* issue 6: satisfaction ratings (kind_rating.c) */
	{ "rating", mq_kind_rating_validate, mq_kind_rating_store, NULL },
};

/* Kinds DESIGN.md §5 names that this server version does not accept yet:
 * answered `invalid` with a message saying so, never silently dropped.
 * Every kind is accepted now; NULL ends the list. */
static const char *const planned[] = { NULL };

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
		if (planned[i] && strcmp(planned[i], kind) == 0)
			return true;
	return false;
}
