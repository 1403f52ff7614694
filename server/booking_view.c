/* booking_view.c — what a resident's phone may see of a booking (mq_booking.h):
 * loaded once for the page and the calendar entry, with the name and phone
 * masked at load, so the public views cannot leak what they never hold. */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"

/* Length in bytes of the UTF-8 character starting at @p s (1 for a stray byte). */
static size_t utf8_char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

void mq_booking_mask_name(const char *name, char *out, size_t size)
{
	size_t first, rest = 0;
	const char *p;

	if (!name || !*name) {
		snprintf(out, size, "*");
		return;
	}
	first = utf8_char_len(name);
	if (first > strlen(name))
		first = strlen(name);
	for (p = name + first; *p; p += utf8_char_len(p))
		rest++;
	if (rest < 1)
		rest = 1;
	if (rest > 3)
		rest = 3;
	snprintf(out, size, "%.*s%.*s", (int)first, name, (int)rest, "***");
}

void mq_booking_mask_phone(const char *phone, char *out, size_t size)
{
	char d[24];
	size_t n = 0;

	for (const char *p = phone ? phone : ""; *p && n < sizeof d - 1; p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	d[n] = '\0';
	if (n >= 11)
		snprintf(out, size, "%.3s****%s", d, d + n - 4);
	else if (n >= 2)
		snprintf(out, size, "*****%s", d + n - 2);
	else
		snprintf(out, size, "*****");
}

const char *mq_booking_status_name(const char *status)
{
	static const struct {
		const char *key, *name;
	} names[] = {
		{ "booked", "已预约" },   { "refused", "未约上" },  { "cancelled", "已取消" },
		{ "attended", "已到访" }, { "no_show", "未到访" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (status && strcmp(status, names[i].key) == 0)
			return names[i].name;
	return "未知";
}

struct load {
	struct mq_booking_info *out;
	bool seen;
};

static void got(void *cls, const struct mq_db_booking_view *v)
{
	struct load *l = cls;
	struct mq_booking_info *o = l->out;

	l->seen = true;
	snprintf(o->id, sizeof o->id, "%s", v->b.id);
	snprintf(o->token, sizeof o->token, "%s", v->b.token);
	snprintf(o->short_code, sizeof o->short_code, "%s", v->b.short_code);
	snprintf(o->slot, sizeof o->slot, "%s", v->b.slot);
	snprintf(o->studio, sizeof o->studio, "%s", v->b.studio);
	snprintf(o->status, sizeof o->status, "%s", v->status);
	snprintf(o->cancel_reason, sizeof o->cancel_reason, "%s",
		 v->cancel_reason ? v->cancel_reason : "");
	snprintf(o->member_name, sizeof o->member_name, "%s", v->member_name);
	snprintf(o->member_sector, sizeof o->member_sector, "%s", v->member_sector);
	snprintf(o->studio_name, sizeof o->studio_name, "%s", v->studio_name);
	snprintf(o->studio_address, sizeof o->studio_address, "%s",
		 v->studio_address ? v->studio_address : "");
	mq_booking_mask_name(v->b.name, o->name_masked, sizeof o->name_masked);
	mq_booking_mask_phone(v->b.phone, o->phone_masked, sizeof o->phone_masked);
	snprintf(o->topic, sizeof o->topic, "%s", v->b.topic ? v->b.topic : "");
	o->slot_start = v->slot_start;
	o->slot_end = v->slot_end;
	o->sequence = v->sequence;
	o->created_at = v->b.created_at;
	o->updated_at = v->updated_at;
	o->shift_active = v->shift_active;
}

enum mq_err mq_booking_load(struct mq_db *db, const char *token, struct mq_booking_info *out)
{
	struct load l = { .out = out };
	enum mq_err err;

	memset(out, 0, sizeof *out);
	if (!token || !mq_id_is_token(token))
		return MQ_ERR_NOT_FOUND;
	err = db->booking_get_by_token(db->cls, token, got, &l);
	if (err == MQ_OK && !l.seen)
		err = MQ_ERR_DB;
	return err;
}
