/* phone_book_get.c — GET /f/{studio}/book: booking a visit from the phone
 * (民情E点通). The studio's duty slots of the next two weeks, by day, each
 * with its member and the places left; a full one is shown as 已约满 and
 * cannot be chosen. The places are counted again when the booking is
 * stored (the same rule as a kiosk's), so the page may be a little behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_date.h"
#include "phone.h"

#define MEMBERS_MAX 64
#define SLOTS_MAX 200

/* The slots of the coming days, read first so that each day can say how
 * many places it has left before its slots are listed. */
struct slot_list {
	struct mq_db_slot slots[SLOTS_MAX];
	unsigned int n;
	int64_t now;
	struct mq_db_member members[MEMBERS_MAX];   /* for their names */
	unsigned int n_members;
};

static bool add_member(void *cls, const struct mq_db_member *row)
{
	struct slot_list *l = cls;

	if (l->n_members < MEMBERS_MAX)
		l->members[l->n_members++] = *row;
	return true;
}

static bool add_slot(void *cls, const struct mq_db_slot *s)
{
	struct slot_list *l = cls;

	if (s->start_at > l->now && s->shift.active && l->n < SLOTS_MAX)
		l->slots[l->n++] = *s;
	return true;
}

static const char *member_name(const struct slot_list *l, const char *key)
{
	for (unsigned int i = 0; i < l->n_members; i++)
		if (strcmp(l->members[i].key, key) == 0)
			return l->members[i].name;
	return "值班委员";
}

static void slot_choice(struct mq_html *b, const struct slot_list *l, const struct mq_db_slot *s,
			const char *chosen)
{
	char hours[32];
	int left = s->capacity - s->taken;

	mq_date_format_hours(s->start_at, s->end_at, hours, sizeof hours);
	mq_html_printf(b, "<label class=\"choice slot%s\"><input type=\"radio\" name=\"slot\""
		       " value=\"", left > 0 ? "" : " full");
	mq_html_text(b, s->id);
	mq_html_printf(b, "\"%s", left > 0 ? "" : " disabled");
	if (left > 0 && chosen && strcmp(chosen, s->id) == 0)
		mq_html_raw(b, " checked");
	mq_html_raw(b, "> <span class=\"t\">");
	mq_html_text(b, hours);
	mq_html_raw(b, "</span> <span class=\"who\">");
	mq_html_text(b, member_name(l, s->shift.member));
	mq_html_raw(b, " 委员</span> ");
	if (left > 0)
		mq_html_printf(b, "<span class=\"left\">余%d位</span>", left);
	else
		mq_html_raw(b, "<span class=\"full-tag\">已约满</span>");
	mq_html_raw(b, "</label>\n");
}

/* Slots [@p from, @p to) of one day as a folding card (<details>, no
 * JavaScript): its summary says the places left that day; open when
 * @p open. Not `required`: a hidden required field blocks sending. */
static void day_card(struct mq_html *b, const struct slot_list *l, unsigned int from,
		     unsigned int to, const char *chosen, bool open)
{
	char day[64];
	int left = 0;

	for (unsigned int i = from; i < to; i++)
		left += l->slots[i].capacity - l->slots[i].taken;
	mq_date_format_day(l->slots[from].start_at, false, day, sizeof day);
	mq_html_printf(b, "<details class=\"card day\"%s><summary>", open ? " open" : "");
	mq_html_text(b, day);
	if (left > 0)
		mq_html_printf(b, "<span class=\"left\">余%d位</span>", left);
	else
		mq_html_raw(b, "<span class=\"full-tag\">已约满</span>");
	mq_html_raw(b, "</summary>\n<fieldset class=\"choices\"><legend class=\"vh\">");
	mq_html_text(b, day);
	mq_html_raw(b, "的时段</legend>\n");
	for (unsigned int i = from; i < to; i++)
		slot_choice(b, l, &l->slots[i], chosen);
	mq_html_raw(b, "</fieldset></details>\n");
}

/* True if a slot of [@p from, @p to) of @p l has a place, or is @p chosen. */
static bool day_wanted(const struct slot_list *l, unsigned int from, unsigned int to,
		       const char *chosen, bool first_free)
{
	for (unsigned int i = from; i < to; i++) {
		if (chosen && strcmp(chosen, l->slots[i].id) == 0)
			return true;
		if (!chosen && first_free && l->slots[i].capacity > l->slots[i].taken)
			return true;
	}
	return false;
}

/* The slots, a card a day; the day of the chosen slot (or the first with
 * a place) open. False on a storage failure. */
static bool slots(struct mq_html *b, struct phone_req *r, const char *chosen)
{
	struct mq_db *db = r->hc->srv->db;
	struct slot_list *l = calloc(1, sizeof *l);
	int64_t now = r->hc->req->now;
	bool ok, first_free = true;

	if (!l)
		return false;
	l->now = now;
	ok = db->members_iterate(db->cls, r->studio.id, add_member, l) == MQ_OK &&
	     db->slots_iterate(db->cls, r->studio.id, now, now + MQ_PHONE_BOOK_DAYS * 86400, false,
			       SLOTS_MAX, add_slot, l) == MQ_OK;
	for (unsigned int from = 0, to; ok && from < l->n; from = to) {
		char a[64], d[64];
		bool open;

		mq_date_format_day(l->slots[from].start_at, false, a, sizeof a);
		for (to = from + 1; to < l->n; to++) {
			mq_date_format_day(l->slots[to].start_at, false, d, sizeof d);
			if (strcmp(a, d) != 0)
				break;
		}
		open = day_wanted(l, from, to, chosen, first_free);
		first_free = first_free && !(open && !chosen);
		day_card(b, l, from, to, chosen, open);
	}
	if (ok && l->n == 0)
		mq_html_raw(b, "<section class=\"card\"><p class=\"big\">近两周暂时没有可以预约的时间。</p>\n"
			      "<p>您可以先在手机上把意见写给委员，或过几天再来看看。</p></section>\n");
	free(l);
	return ok;
}

/* Name, phone and topic, with what they are for. */
static void who_fields(struct mq_html *b, const struct phone_booking *bk)
{
	mq_html_raw(b, "<section class=\"card\"><h2>您的信息</h2>\n"
		      "<p class=\"hint\">姓名和手机号只给接待您的委员和工作室，用来联系和核对，不会公开。</p>\n"
		      "<label class=\"lbl\" for=\"f-name\">姓名</label>\n<input type=\"text\" id=\"f-name\" "
		      "name=\"name\" maxlength=\"50\" required autocomplete=\"name\" value=\"");
	mq_html_text(b, bk->name ? bk->name : "");
	mq_html_raw(b, "\">\n<label class=\"lbl\" for=\"f-phone\">手机号</label>\n<input type=\"tel\" "
		      "id=\"f-phone\" name=\"phone\" maxlength=\"20\" required inputmode=\"numeric\" "
		      "autocomplete=\"tel\" value=\"");
	mq_html_text(b, bk->phone ? bk->phone : "");
	mq_html_raw(b, "\">\n<label class=\"lbl\" for=\"f-topic\">想谈什么事？（可不填）</label>\n"
		      "<input type=\"text\" id=\"f-topic\" name=\"topic\" maxlength=\"200\" value=\"");
	mq_html_text(b, bk->topic ? bk->topic : "");
	mq_html_raw(b, "\">\n</section>\n");
}

void phone_booking_form(struct phone_req *r, struct mq_http_response *resp, unsigned int status,
			const struct phone_booking *bk, const struct phone_errors *e,
			const char *note)
{
	static const struct phone_booking empty;
	struct mq_html b;
	char path[MQ_KEY_MAX + 16];

	if (!bk)
		bk = &empty;
	snprintf(path, sizeof path, "/f/%s/book", r->studio.id);
	mq_html_init(&b);
	phone_begin(&b, r, "民情E点通 · 预约来访", r->studio.name, path);
	if (!note && (!e || e->n == 0)) {
		mq_html_raw(&b, "<section class=\"card intro\"><p class=\"big\">约个时间，到工作室当面和委员谈。</p>\n"
			       "<p>选一个时段，留下姓名和手机号即可。");
		if (r->studio.hours[0]) {
			mq_html_raw(&b, "工作室开放时间：");
			mq_html_text(&b, r->studio.hours);
			mq_html_raw(&b, "。");
		}
		mq_html_raw(&b, "</p>\n<p>不方便来？<a href=\"/f/");
		mq_html_text(&b, r->studio.id);
		if (r->large)
			mq_html_raw(&b, "?size=large");
		mq_html_raw(&b, "\">在手机上写给委员</a></p></section>\n");
	}
	phone_errors_card(&b, e, note);
	phone_form_open(&b, r, path);
	mq_html_raw(&b, "<h2 class=\"step-title\">选择时段</h2>\n<p class=\"hint step-hint\">点日期展开，"
		       "选一个还有名额的时段。</p>\n");
	if (!slots(&b, r, bk->slot)) {
		mq_html_finish(&b);
		phone_message(resp, r, 503, "服务器暂时繁忙。", "请稍后再打开本页。", NULL, NULL);
		return;
	}
	who_fields(&b, bk);
	mq_html_raw(&b, "<button type=\"submit\">确认预约</button>\n</form>\n");
	phone_reply(resp, status, &b);
}

void mq_public_phone_book_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct phone_req r;

	if (!phone_open(&r, hc, resp))
		return;
	if (phone_new_token(&r, MQ_PHONE_FORM_BOOKING, resp))
		phone_booking_form(&r, resp, 200, NULL, NULL, NULL);
	phone_close(&r);
}
