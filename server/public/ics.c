/* ics.c — the iCalendar (RFC 5545) entry of a booking (mq_booking.h).
 *
 * One VCALENDAR with one VEVENT. The UID is derived from the booking's record
 * id, so every download of the same booking updates one calendar entry; the
 * SEQUENCE is the booking's, bumped by the store on each change the
 * calendar must learn; a cancelled booking is STATUS:CANCELLED. Lines end
 * in CRLF and are folded at 75 octets without splitting a UTF-8 character
 * (RFC 5545 §3.1). */
#include <stdio.h>
#include <string.h>

#include "mq_booking.h"
#include "mq_date.h"
#include "mq_roster.h"
#include "mq_time.h"
#include "public.h"

#define FOLD_OCTETS 75

/* "20261120T010000Z" */
static void ics_time(int64_t t, char out[17])
{
	char s[MQ_RFC3339_LEN + 1];

	mq_time_format_rfc3339(t, s);   /* 2026-11-20T01:00:00Z */
	snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", s, s + 5, s + 8, s + 11, s + 14, s + 17);
}

/* Appends TEXT-escaped @p s (RFC 5545 §3.3.11) to @p line. */
static void add_text(struct mq_buf *line, const char *s)
{
	char c[2] = { 0, 0 };

	for (; s && *s; s++) {
		switch (*s) {
		case '\\': mq_buf_add(line, "\\\\"); break;
		case ';': mq_buf_add(line, "\\;"); break;
		case ',': mq_buf_add(line, "\\,"); break;
		case '\n': mq_buf_add(line, "\\n"); break;
		case '\r': break;
		default:
			c[0] = *s;
			mq_buf_add(line, c);
		}
	}
}

/* Empties @p b for reuse (keeps its memory and its failed flag). */
static void clear(struct mq_buf *b)
{
	if (b->data) {
		b->len = 0;
		b->data[0] = '\0';
	}
}

/* Appends the content line in @p line to @p out, folded, with CRLF; empties @p line. */
static void emit(struct mq_buf *out, struct mq_buf *line)
{
	const char *p = line->data ? line->data : "";
	size_t room = FOLD_OCTETS;   /* octets left on this physical line */

	while (*p) {
		size_t n = mq_buf_utf8_len(p);

		if (n > room) {
			mq_buf_add(out, "\r\n ");
			room = FOLD_OCTETS - 1;   /* the leading space counts */
		}
		mq_buf_printf(out, "%.*s", (int)n, p);
		room -= n;
		p += n;
	}
	mq_buf_add(out, "\r\n");
	clear(line);
}

/* One property "NAME:" + escaped text value. */
static void prop_text(struct mq_buf *out, struct mq_buf *line, const char *name, const char *v)
{
	mq_buf_add(line, name);
	mq_buf_add(line, ":");
	add_text(line, v);
	emit(out, line);
}

/* One property with a value that needs no escaping. */
static void prop_raw(struct mq_buf *out, struct mq_buf *line, const char *name, const char *v)
{
	mq_buf_add(line, name);
	mq_buf_add(line, ":");
	mq_buf_add(line, v);
	emit(out, line);
}

void mq_ics_booking(struct mq_buf *b, const struct mq_booking_info *bk, const char *url)
{
	struct mq_buf line, text;
	char t[17], uid[MQ_UUID_LEN + 16], seq[24], span[96];
	bool cancelled = strcmp(bk->status, "cancelled") == 0;

	mq_buf_init(&line);
	mq_buf_init(&text);
	prop_raw(b, &line, "BEGIN", "VCALENDAR");
	prop_raw(b, &line, "VERSION", "2.0");
	prop_raw(b, &line, "PRODID", "-//minqing//booking//ZH");
	prop_raw(b, &line, "CALSCALE", "GREGORIAN");
	prop_raw(b, &line, "METHOD", "PUBLISH");
	prop_raw(b, &line, "BEGIN", "VEVENT");
	snprintf(uid, sizeof uid, "%s@minqing", bk->id);
	prop_raw(b, &line, "UID", uid);
	ics_time(bk->updated_at, t);
	prop_raw(b, &line, "DTSTAMP", t);
	ics_time(bk->slot_start, t);
	prop_raw(b, &line, "DTSTART", t);
	ics_time(bk->slot_end, t);
	prop_raw(b, &line, "DTEND", t);
	snprintf(seq, sizeof seq, "%lld", (long long)bk->sequence);
	prop_raw(b, &line, "SEQUENCE", seq);
	prop_raw(b, &line, "STATUS", cancelled ? "CANCELLED" : "CONFIRMED");
	mq_buf_add(&text, cancelled ? "【已取消】" : "");
	mq_buf_add(&text, "委员接待 · ");
	mq_buf_add(&text, bk->studio_name);
	prop_text(b, &line, "SUMMARY", text.data);
	clear(&text);
	mq_buf_add(&text, bk->studio_name);
	if (bk->studio_address[0]) {
		mq_buf_add(&text, "，");
		mq_buf_add(&text, bk->studio_address);
	}
	prop_text(b, &line, "LOCATION", text.data);
	clear(&text);
	mq_date_format_span(bk->slot_start, bk->slot_end, span, sizeof span);
	mq_buf_printf(&text, "时间：%s（北京时间）\n接待委员：%s（%s）\n查询码：%s\n"
			     "请携带身份证件和与反映事项有关的材料。", span, bk->member_name,
		      bk->member_sector, bk->short_code);
	if (cancelled)
		mq_buf_add(&text, "\n本次预约已取消。");
	if (url) {
		mq_buf_add(&text, "\n预约详情：");
		mq_buf_add(&text, url);
	}
	prop_text(b, &line, "DESCRIPTION", text.data);
	if (url)
		prop_raw(b, &line, "URL", url);
	prop_raw(b, &line, "TRANSP", "OPAQUE");
	prop_raw(b, &line, "END", "VEVENT");
	prop_raw(b, &line, "END", "VCALENDAR");
	if (line.failed || text.failed)
		b->failed = true;
	mq_buf_finish(&line);
	mq_buf_finish(&text);
}
