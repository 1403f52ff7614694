/* book.c — 预约委员: a resident books a visit with the member on duty, one
 * decision per page:
 *   1 a slot: the coming days as tabs, each day's shifts with the member's
 *     card and the slots that have not begun, with free places in words
 *     (a full slot says 已约满 and takes no tap) → 2 name (keyboard with
 *     pinyin) → 3 phone (digits pad) → 4 a one-line topic (optional) →
 *     5 review → 提交预约.
 * The booking is queued in the store (status 待确认 until the server
 * answers) and sync kicked; the confirmation shows the booking page's QR.
 * Free places are the state's count minus this kiosk's unanswered bookings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "button.h"
#include "keyboard.h"
#include "label.h"
#include "member_card.h"
#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_visit.h"
#include "screens.h"
#include "textinput.h"

#define MAX_DAYS 7
#define TOTAL_STEPS 5

/* The steps of booking a visit, in order. */
enum step {
	MQ_BK_SLOT = 1,            /* the coming shifts, a slot */
	MQ_BK_NAME,                /* the resident's name (keyboard) */
	MQ_BK_PHONE,               /* the phone number (digits pad) */
	MQ_BK_TOPIC,               /* one line about what they want to talk about (optional) */
	MQ_BK_REVIEW,              /* everything once more, then 提交预约 */
};

/* What one resident is booking; wiped (overwritten) when they finish or walk away. */
struct book {
	int step;                                   /* enum step */
	int day;                                    /* which day's shifts are shown */
	char slot[64];                              /* the chosen slot id */
	char name[MQ_SCREEN_NAME_MAX_CHARS * 4 + 1];
	char phone[MQ_UI_PHONE_MAX + 1];
	char topic[MQ_SCREEN_TOPIC_MAX_CHARS * 4 + 1];
	struct mq_screen_message message;
};

static struct book *bk(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_book);
}

/* The days (Shanghai midnight, unix s) that have a slot still to come. */
static int offered_days(const struct mq_app *app, int64_t *days, int max)
{
	int64_t now = mq_app_wall(app);
	int n = 0;

	for (size_t i = 0; i < app->state->n_shifts; i++) {
		const struct mq_state_shift *sh = &app->state->shifts[i];

		for (size_t j = 0; j < sh->n_slots; j++) {
			int64_t start = sh->slots[j].at.start, local, day;
			int k;

			if (!sh->slots[j].at.has_start || !mq_visit_slot_offered(start, now))
				continue;
			local = start + MQ_SHANGHAI_OFFSET_S;
			day = local - local % 86400 - MQ_SHANGHAI_OFFSET_S;
			for (k = 0; k < n && days[k] != day; k++)
				;
			if (k < n)
				continue;
			/* keep them in order */
			for (k = n; k > 0 && days[k - 1] > day; k--)
				if (k < max)
					days[k] = days[k - 1];
			if (k < max) {
				days[k] = day;
				if (n < max)
					n++;
			}
		}
	}
	return n;
}

static void tap_back(struct mq_ui_widget *w, void *cls);
static void tap_next(struct mq_ui_widget *w, void *cls);
static void tap_edit(struct mq_ui_widget *w, void *cls);
static void tap_submit(struct mq_ui_widget *w, void *cls);

static struct mq_screen_message *message(struct mq_app *app)
{
	return &bk(app)->message;
}

static const struct mq_screen_form form = { "book", message, tap_back, tap_next, tap_edit,
					    tap_submit, false };

static void go_step(struct mq_app *app, int step)
{
	struct book *b = bk(app);

	b->step = step;
	b->message.text[0] = '\0';
	mq_app_relayout(app);
}

/* One line for the wire: newlines become spaces, ends trimmed. */
static void one_line(char *s)
{
	size_t n;
	char *p = s;

	for (char *q = s; *q; q++)
		if (*q == '\n' || *q == '\r' || *q == '\t')
			*q = ' ';
	while (*p == ' ')
		p++;
	memmove(s, p, strlen(p) + 1);
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* Every message on this form is a warning, said with "请注意：". */
static void show_message(struct mq_app *app, const char *zh)
{
	mq_screen_show_message(app, &form, zh, zh != NULL);
}

/* Always as a warning: slot_still_open writes its text straight into the
 * form's message (it is said on the next build), leaving its error flag as
 * it was. */
static void message_box(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	mq_screen_build_message(app, tree, &form, r, true);
}

/* Title and step counter, then a hint line; returns the y under them. */
static int header(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, const char *title,
		  const char *hint)
{
	struct book *b = bk(app);

	return mq_screen_build_header(app, tree, c, &form, b->step, TOTAL_STEPS, title,
				      hint) + app->theme.gap_small;
}

static void tap_back(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);

	if (b->step <= MQ_BK_SLOT)
		mq_app_go_home(app);
	else
		go_step(app, b->step - 1);
}

static void tap_day(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);
	long d = strtol(mq_ui_widget_id(w) + strlen("book.day."), NULL, 10);

	b->day = (int)(d >= 0 && d < MAX_DAYS ? d : 0);
	b->message.text[0] = '\0';
	mq_app_relayout(app);
}

static void tap_slot(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);

	snprintf(b->slot, sizeof(b->slot), "%s",
		 mq_ui_widget_id(w) + strlen("book.slot."));
	go_step(app, MQ_BK_NAME);
}

/* The chosen slot is still there, not begun and not full: else say why. */
static bool slot_still_open(struct mq_app *app)
{
	struct book *b = bk(app);
	const struct mq_state_slot *slot = mq_state_slot_find(app->state, b->slot, NULL);

	if (!slot || !slot->at.has_start || !mq_visit_slot_offered(slot->at.start, mq_app_wall(app))) {
		snprintf(b->message.text, sizeof(b->message.text), "%s",
			 "这个时段已经开始或取消了，请另选一个时段");
		return false;
	}
	if (mq_screen_slot_free(app, slot) <= 0) {
		snprintf(b->message.text, sizeof(b->message.text), "%s",
			 "这个时段刚刚约满了，请另选一个时段");
		return false;
	}
	return true;
}

static void tap_next(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);

	switch (b->step) {
	case MQ_BK_NAME:
		one_line(b->name);
		if (mq_screen_is_blank(b->name)) {
			show_message(app, "请写下您的称呼，再点“下一步”");
			return;
		}
		go_step(app, MQ_BK_PHONE);
		return;
	case MQ_BK_PHONE:
		if (mq_ui_phone_check(b->phone) != MQ_UI_PHONE_OK) {
			show_message(app, "电话号码还不完整：手机号码以1开头，共11位；座机请先输入区号");
			return;
		}
		go_step(app, MQ_BK_TOPIC);
		return;
	case MQ_BK_TOPIC:
		one_line(b->topic);
		go_step(app, MQ_BK_REVIEW);
		return;
	default:
		return;
	}
}

static void tap_edit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	const char *what = mq_ui_widget_id(w) + strlen("book.edit.");

	go_step(app, strcmp(what, "slot") == 0    ? MQ_BK_SLOT
		   : strcmp(what, "name") == 0    ? MQ_BK_NAME
		   : strcmp(what, "phone") == 0   ? MQ_BK_PHONE
						  : MQ_BK_TOPIC);
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);
	struct mq_booking_draft draft = { 0 };
	const struct mq_state_shift *shift = NULL;
	const struct mq_state_slot *slot;
	struct mq_receipt receipt;
	unsigned char key[MQ_SIG_KEY_BYTES];
	enum mq_err err;

	one_line(b->name);
	one_line(b->topic);
	if (!slot_still_open(app)) {
		b->step = MQ_BK_SLOT;
		mq_app_relayout(app);
		return;
	}
	if (mq_screen_is_blank(b->name) || mq_ui_phone_check(b->phone) != MQ_UI_PHONE_OK) {
		show_message(app, "请把称呼和电话填完整，再点“提交预约”");
		return;
	}
	draft.slot = b->slot;
	draft.name = b->name;
	draft.phone = b->phone;
	draft.topic = b->topic;
	draft.key = mq_screen_device_key(app, key) ? key : NULL;
	if (!app->store) {
		err = MQ_ERR_DB;
		mq_log_error("ui", "no store: cannot save the booking");
	} else {
		err = mq_store_add_booking(app->store, &draft, mq_time_now(), &receipt);
	}
	sodium_memzero(key, sizeof(key));
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot save booking (%s)%s", mq_strerror(err),
			     err == MQ_ERR_DISK_FULL ? ": the disk is full" : "");
		show_message(app, "暂时无法保存，请联系工作人员");
		return;
	}
	if (app->sync)
		mq_sync_kick(app->sync);
	slot = mq_state_slot_find(app->state, b->slot, &shift);
	mq_screen_confirm_booking(app, &receipt, slot && slot->at.has_start ? slot->at.start : 0,
				  slot && slot->at.has_end ? slot->at.end : 0,
				  shift ? shift->member : NULL);
	/* The name, phone and topic are in the store now; the screen forgets them. */
	memset(b->name, 0, sizeof(b->name));
	memset(b->phone, 0, sizeof(b->phone));
	memset(b->topic, 0, sizeof(b->topic));
	b->message.text[0] = '\0';
	mq_app_go(app, &mq_screen_confirm);
}

/* A member's card data from the state. */
static struct mq_ui_member_info member_info(const struct mq_app *app, const char *key)
{
	const struct mq_state_member *m = mq_state_member(app->state, key);
	struct mq_ui_member_info info = { 0 };

	info.name = m ? m->name : key;
	info.sector = m ? m->sector : NULL;
	info.expertise = m ? m->expertise : NULL;
	return info;
}

/* One slot: a button with its time and free places, or "已约满" as text. */
static void slot_widget(struct mq_app *app, struct mq_ui_tree *tree,
			const struct mq_state_slot *sl, SDL_Rect r)
{
	struct book *b = bk(app);
	const struct mq_ui_theme *t = &app->theme;
	const char *sid = sl->id;
	int64_t start = sl->at.start, end = sl->at.end;
	int free_n = mq_screen_slot_free(app, sl);
	bool chosen = sid && strcmp(sid, b->slot) == 0;
	char id[MQ_UI_ID_MAX], span[32], label[128];
	struct mq_ui_widget *w;
	int px;

	mq_screen_format_span(start, end, span, sizeof(span));
	if (snprintf(id, sizeof(id), "book.slot.%s", sid) >= (int)sizeof(id))
		return;
	/* the time in large type when it fits the button */
	px = mq_ui_text_width(app->text, t->font_title, true, span, strlen(span)) + 2 * t->gap <= r.w
		     ? t->font_title : t->font_body;
	if (free_n <= 0) {
		/* full: said in words, drawn flat, and no tap */
		snprintf(label, sizeof(label), "%s\n%s", span, mq_tr("已约满"));
		w = mq_ui_label_create(tree, t, id, label, r, px, false, t->disabled_fg,
				       t->disabled_bg);
		if (w) {
			mq_ui_widget_set_colors(w, t->disabled_fg, t->disabled_bg, true);
			mq_ui_widget_set_frame(w, 0, 0, t->radius_small);
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_CENTER, true);
			mq_ui_widget_set_padding(w, (r.h - 2 * mq_ui_theme_line_h(t, px)) / 2);
		}
		return;
	}
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(label, sizeof(label), "%s%s\n%d %s", chosen ? "✓ " : "", span, free_n,
			 free_n == 1 ? "place left" : "places left");
	else
		snprintf(label, sizeof(label), "%s%s\n还可约%d位", chosen ? "✓ " : "", span, free_n);
	(void)mq_ui_button_create(tree, t, id, label, r,
				  chosen ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  px, tap_slot, app);
}

/* A day's tab: 今天, 明天 or the date. */
static void day_label(int64_t day, int64_t today, char *out, size_t size)
{
	if (day == today)
		snprintf(out, size, "%s", mq_tr("今天"));
	else if (day == today + 86400)
		snprintf(out, size, "%s", mq_tr("明天"));
	else
		mq_screen_format_day(day, out, size);
}

static void tap_cancel(struct mq_ui_widget *w, void *cls)
{
	mq_app_go(cls, &mq_screen_cancel);
}

/* 取消已有的预约 at the bottom right of @p c; returns its width (and a gap). */
static int cancel_button(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	const char *label = mq_tr("取消已有的预约");
	int w = mq_ui_text_width(app->text, t->font_body, true, label, strlen(label)) + 2 * t->gap;
	int h = t->touch_min > t->button_h ? t->touch_min : t->button_h;

	(void)mq_ui_button_create(tree, t, "book.cancel", label,
				  (SDL_Rect){ c.x + c.w - w, c.y + c.h - h, w, h },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_cancel, app);
	return w + t->gap;
}

/* No slot to offer: say so, and the way home. */
static void build_no_slots(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	const struct mq_ui_theme *t = &app->theme;
	const char *none = mq_tr("最近两周没有可以预约的时段。您可以先“反映民意”，委员会看到您的意见。");
	int y = header(app, tree, c, mq_tr("预约委员面谈"), NULL);
	int h = mq_ui_label_measure(app->text, t, none, t->font_title, false, c.w);

	(void)mq_ui_label_create(tree, t, "book.none", none, (SDL_Rect){ c.x, y, c.w, h },
				 t->font_title, false, t->text, t->bg);
	mq_screen_build_nav(app, tree, c, &form, "返回首页", false, false);
	(void)cancel_button(app, tree, c);
}

/* The @p nd days as tabs at @p y, all as wide as the widest, as many as fit
 * in one row; the chosen one ticked. Returns the y under them. */
static int build_day_tabs(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			  const int64_t *days, int nd, int y)
{
	const struct mq_ui_theme *t = &app->theme;
	int64_t today = mq_screen_today_start(app);
	int tab_w = 0, fit, chosen = bk(app)->day;
	char id[MQ_UI_ID_MAX], label[64], text[80];

	for (int d = 0; d < nd; d++) {
		int w;

		day_label(days[d], today, label, sizeof(label));
		snprintf(text, sizeof(text), "✓ %s", label);
		w = mq_ui_text_width(app->text, t->font_body, true, text, strlen(text)) + 2 * t->gap;
		if (w > tab_w)
			tab_w = w;
	}
	if (tab_w < t->touch_min * 2)
		tab_w = t->touch_min * 2;
	fit = (c.w + t->gap_small) / (tab_w + t->gap_small);
	if (fit > nd)
		fit = nd;
	for (int d = 0; d < fit; d++) {
		bool sel = d == chosen;

		day_label(days[d], today, label, sizeof(label));
		snprintf(text, sizeof(text), "%s%s", sel ? "✓ " : "", label);
		snprintf(id, sizeof(id), "book.day.%d", d);
		(void)mq_ui_button_create(tree, t, id, text,
					  (SDL_Rect){ c.x + d * (tab_w + t->gap_small), y, tab_w,
						      t->touch_min },
					  sel ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
					  t->font_body, tap_day, app);
	}
	return y + t->touch_min + t->gap;
}

/* Shift @p sh on @p day at @p y, as the @p shown-th on the page: the
 * member's card on the left, its slots not yet begun on the right. Returns
 * the height it took (gap included), 0 when it has no slot that day, -1
 * when it does not fit above the bottom of @p c. */
static int build_shift(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
		       const struct mq_state_shift *sh, int64_t day, int y, int shown)
{
	const struct mq_ui_theme *t = &app->theme;
	struct mq_ui_member_info info = member_info(app, sh->member);
	int card_w = c.w * 2 / 5, sx = c.x + card_w + t->gap, sw = c.w - card_w - t->gap;
	int cols = 3, slot_w = (sw - (cols - 1) * t->gap_small) / cols;
	int slot_h = 2 * mq_ui_theme_line_h(t, t->font_title) + 2 * t->gap_small;
	int64_t now = mq_app_wall(app);
	int n = 0, rows, card_h, block_h;
	const struct mq_state_slot *offered[32];
	char id[MQ_UI_ID_MAX];

	for (size_t j = 0; j < sh->n_slots; j++) {
		const struct mq_state_slot *sl = &sh->slots[j];
		int64_t local, d;

		if (n == 32 || !sl->at.has_start || !mq_visit_slot_offered(sl->at.start, now))
			continue;
		local = sl->at.start + MQ_SHANGHAI_OFFSET_S;
		d = local - local % 86400 - MQ_SHANGHAI_OFFSET_S;
		if (d == day)
			offered[n++] = sl;
	}
	if (n == 0)
		return 0;
	if (slot_h < t->touch_min)
		slot_h = t->touch_min;
	rows = (n + cols - 1) / cols;
	info.presence = MQ_UI_PRESENCE_NONE;
	card_h = mq_ui_member_card_height(app->text, t, &info, card_w);
	block_h = rows * slot_h + (rows - 1) * t->gap_small;
	if (card_h > block_h)
		block_h = card_h;
	if (y + block_h > c.y + c.h) {
		mq_log_info("ui", "book: shift %s does not fit on the page", sh->id);
		return -1;
	}
	snprintf(id, sizeof(id), "book.shift.%d", shown);
	(void)mq_ui_member_card_create(tree, app->text, t, id, &info,
				       (SDL_Rect){ c.x, y, card_w, card_h }, NULL, NULL);
	for (int k = 0; k < n; k++)
		slot_widget(app, tree, offered[k],
			    (SDL_Rect){ sx + (k % cols) * (slot_w + t->gap_small),
					y + (k / cols) * (slot_h + t->gap_small), slot_w, slot_h });
	return block_h + t->gap;
}

/* Step 1: the days with slots as tabs, the chosen day's shifts and slots. */
static void build_slots(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct book *b = bk(app);
	const struct mq_ui_theme *t = &app->theme;
	int64_t days[MAX_DAYS];
	int nd = offered_days(app, days, MAX_DAYS), y, line_h = mq_ui_theme_line_h(t, t->font_body);
	char day[64], hint[256];
	int shown = 0, cw;

	if (nd == 0) {
		build_no_slots(app, tree, c);
		return;
	}
	if (b->day >= nd)
		b->day = 0;
	mq_screen_format_day(days[b->day], day, sizeof(day));
	snprintf(hint, sizeof(hint), "%s%s", day, mq_tr("：点一个时段就能预约。已约满的时段不能选。"));
	y = header(app, tree, c, mq_tr("预约委员面谈：请选择时段"), hint);
	y = build_day_tabs(app, tree, c, days, nd, y);
	for (size_t i = 0; i < app->state->n_shifts; i++) {
		int h = build_shift(app, tree, c, &app->state->shifts[i], days[b->day], y, shown);

		if (h < 0)
			break;
		if (h > 0) {
			y += h;
			shown++;
		}
	}
	cw = cancel_button(app, tree, c);
	message_box(app, tree, (SDL_Rect){ c.x, c.y + c.h - 2 * line_h - t->gap, c.w - cw,
					   2 * line_h + t->gap });
}

static void text_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct book *b = bk(app);
	bool name = b->step == MQ_BK_NAME;
	char *dst = name ? b->name : b->topic;
	size_t size = name ? sizeof(b->name) : sizeof(b->topic);
	struct mq_ui_widget *next = mq_ui_tree_find(app->tree, "book.next");

	snprintf(dst, size, "%s", mq_ui_widget_text(w));
	if (strchr(dst, '\n')) {
		/* Enter on the keyboard: one line only, so it means 下一步 */
		one_line(dst);
		(void)mq_ui_widget_set_text(w, dst);
		tap_next(next, app);
		return;
	}
	if (next && name)
		mq_ui_button_set_style(next, &app->theme,
				       mq_screen_is_blank(dst) ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY);
	if (b->message.text[0])
		show_message(app, NULL);
	mq_app_invalidate(app);
}

/* Name or topic: a one-line field over the keyboard, back/next beside it. */
static void build_text(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct book *b = bk(app);
	const struct mq_ui_theme *t = &app->theme;
	bool name = b->step == MQ_BK_NAME;
	int kb_h = mq_ui_keyboard_height(app->kb, t);
	int side_w = mq_ui_theme_px(t, 200), line_h = mq_ui_theme_line_h(t, t->font_body);
	int y, input_h, input_w, side_x, bh, msg_h;
	struct mq_ui_widget *input;

	if (name)
		y = header(app, tree, c, mq_tr("请问怎么称呼您？"),
			   mq_tr("可以只写姓，如“王阿姨”。委员接待时这样称呼您。"));
	else
		y = header(app, tree, c, mq_tr("想和委员谈什么事？（可不填）"),
			   mq_tr("写一句就行，方便委员提前准备；不写也可以，直接点“下一步”。"));
	input_h = c.y + c.h - kb_h - t->gap - y;
	input_w = c.w - side_w - t->gap;
	side_x = c.x + input_w + t->gap;
	input = mq_ui_input_create(tree, t, name ? "book.name" : "book.topic",
				   (SDL_Rect){ c.x, y, input_w, input_h },
				   name ? MQ_SCREEN_NAME_MAX_CHARS : MQ_SCREEN_TOPIC_MAX_CHARS,
				   name ? b->name : b->topic,
				   name ? mq_tr("您的称呼") : mq_tr("例如：小区加装电梯"));
	msg_h = line_h * 2 + t->gap;
	message_box(app, tree, (SDL_Rect){ c.x + t->gap_small, y + input_h - msg_h - t->gap_small,
					   input_w - 2 * t->gap_small, msg_h });
	bh = (input_h - t->gap) / 2;
	if (bh > t->button_h * 2)
		bh = t->button_h * 2;
	if (bh < t->touch_min)
		bh = t->touch_min;
	mq_screen_build_back(app, tree, &form, "上一步",
			     (SDL_Rect){ side_x, y + input_h - 2 * bh - t->gap, side_w, bh });
	mq_screen_build_next(app, tree, &form, (SDL_Rect){ side_x, y + input_h - bh, side_w, bh },
			     name && mq_screen_is_blank(b->name));
	mq_screen_build_keyboard(app, tree, c, input, text_changed);
}

static void phone_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct book *b = bk(app);
	struct mq_ui_widget *next = mq_ui_tree_find(app->tree, "book.next");

	if (mq_screen_type_phone(app, &form, b->phone, sizeof(b->phone), key) && next)
		mq_ui_button_set_style(next, &app->theme,
				       mq_ui_phone_check(b->phone) == MQ_UI_PHONE_OK
					       ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_DIMMED);
}

static void build_phone(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct book *b = bk(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = header(app, tree, c, mq_tr("请输入您的电话号码"), mq_ui_phone_rule());
	SDL_Rect left = mq_screen_build_phone_field(app, tree, c, y, &form, b->phone);
	const char *why = mq_tr("电话只用于这次预约：时间有变动时，工作人员会打电话告诉您。");
	int h = mq_ui_label_measure(app->text, t, why, t->font_body, false, left.w);

	(void)mq_ui_label_create(tree, t, "book.phone.why", why,
				 (SDL_Rect){ left.x, left.y, left.w, h }, t->font_body, false, t->text,
				 t->bg);
	left.y += h + t->gap;
	left.h -= h + t->gap;
	message_box(app, tree, left);
	mq_screen_build_phone_pad(app, tree, c, y, phone_key);
	mq_screen_build_nav(app, tree, c, &form, "上一步", true,
			    mq_ui_phone_check(b->phone) != MQ_UI_PHONE_OK);
}

/* One review row: what, the value (two lines at most), and 修改. Returns its height. */
static int review_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
		      const char *key, const char *what, const char *value)
{
	const struct mq_ui_theme *t = &app->theme;

	return mq_screen_build_review_row(app, tree, c, y, &form, key, what, value,
					  mq_ui_theme_px(t, 130), t->font_title, 2);
}

static void build_review(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct book *b = bk(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = header(app, tree, c, mq_tr("请核对，没问题就点“提交预约”"), NULL);
	const struct mq_state_shift *shift = NULL;
	const struct mq_state_slot *slot = mq_state_slot_find(app->state, b->slot, &shift);
	struct mq_ui_member_info info = member_info(app, shift ? shift->member : NULL);
	int64_t start = slot ? slot->at.start : 0, end = slot ? slot->at.end : 0;
	char when[128], day[64], span[32], who[256], phone[32];
	size_t n = strlen(b->phone);

	mq_screen_format_day(start, day, sizeof(day));
	mq_screen_format_span(start, end, span, sizeof(span));
	snprintf(when, sizeof(when), "%s  %s", day, span);
	snprintf(who, sizeof(who), "%s%s%s", info.name ? info.name : "", info.sector ? " · " : "",
		 info.sector ? mq_tr(info.sector) : "");
	/* masked for onlookers; the full number is in the store */
	snprintf(phone, sizeof(phone), "%.3s****%s", b->phone, n > 4 ? b->phone + n - 4 : "");
	y += review_row(app, tree, c, y, "member", mq_tr("委员"), who);
	y += review_row(app, tree, c, y, "slot", mq_tr("时间"), when);
	y += review_row(app, tree, c, y, "name", mq_tr("称呼"), b->name);
	y += review_row(app, tree, c, y, "phone", mq_tr("电话"), phone);
	y += review_row(app, tree, c, y, "topic", mq_tr("事由"),
			b->topic[0] ? b->topic : mq_tr("（没有填写）"));
	mq_screen_build_submit(app, tree, c, &form, "提交预约", t->touch_min * 5, true);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct book *b = bk(app);

	switch (b->step) {
	case MQ_BK_NAME:
	case MQ_BK_TOPIC:
		build_text(app, tree, c);
		break;
	case MQ_BK_PHONE:
		build_phone(app, tree, c);
		break;
	case MQ_BK_REVIEW:
		build_review(app, tree, c);
		break;
	default:
		b->step = MQ_BK_SLOT;
		build_slots(app, tree, c);
		break;
	}
}

static void clear(struct mq_app *app, void *data)
{
	struct book *b = data;

	memset(b, 0, sizeof(*b));
	b->step = MQ_BK_SLOT;
}

const struct mq_screen_impl mq_screen_book = {
	.name = "book",
	.data_size = sizeof(struct book),
	.build = build,
	.clear = clear,
};
