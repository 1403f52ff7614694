/* cancel.c — 取消预约 at the kiosk, for a resident without a phone who
 * booked here: the 8-digit 预约码 from the receipt and the last 4 digits of
 * the phone number given when booking, on a big digits pad, then 取消预约.
 * The kiosk checks the digits against the HMAC it kept under its device key
 * (mq_store_cancel_by_code), queues a booking_cancel record and gives the
 * place back to the slot at once. A wrong code and wrong digits are told
 * apart from nothing, and MQ_VISIT_PIN_TRIES misses in a row lock the page
 * for MQ_VISIT_PIN_LOCK_MS, like the check-in PIN; the lock outlives the
 * idle wipe. The phone's digits are shown as dots and never read aloud. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "button.h"
#include "label.h"
#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_visit.h"
#include "screens.h"

/* The lock's name in the guard: one lock for the page, whoever is guessing. */
#define GUARD_KEY "cancel"

/* What one resident typed and what came of it (wiped when they leave), and
 * the lock, which a wipe leaves alone on purpose. */
struct cancel {
	struct {
		char code[MQ_SHORT_CODE_LEN + 1];
		char phone[MQ_STORE_PHONE_TAIL + 1];
		bool phone_field;                  /* the pad types the phone's digits */
		int left;                          /* after a miss: tries before the lock */
		bool done;                         /* cancelled: the result page */
		char slot[64];                     /* the cancelled booking's slot */
		struct mq_screen_message message;
	} s;
	struct mq_visit_pin_guard guard;
};

static struct cancel *cx(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_cancel);
}

static void say(struct mq_app *app, const char *zh)
{
	struct cancel *k = cx(app);

	snprintf(k->s.message.text, sizeof(k->s.message.text), "%s", zh ? zh : "");
	k->s.message.error = zh != NULL;
	mq_app_relayout(app);
}

static void lock_text(struct mq_app *app, int64_t wait_ms, char *out, size_t size)
{
	char hm[16];
	const char *const vars[][2] = { { "time", hm } };

	mq_screen_unlock_time(app, wait_ms, hm);
	mq_screen_fill(mq_tr("输错次数太多，取消预约已暂停，{time} 以后可以再试。也可以用手机扫描预约回执上的二维码取消，或请工作人员帮忙。"),
		       vars, 1, out, size);
}

/* A miss: count it against the lock and say how many tries are left. */
static void missed(struct mq_app *app)
{
	struct cancel *k = cx(app);

	k->s.left = mq_visit_pin_guard_fail(&k->guard, GUARD_KEY, mq_app_now_ms(app));
	memset(k->s.phone, 0, sizeof(k->s.phone));
	k->s.message.text[0] = '\0';
	if (k->s.left == 0)
		mq_log_warn("ui", "cancel: %d misses in a row: locked for %d minutes",
			    MQ_VISIT_PIN_TRIES, MQ_VISIT_PIN_LOCK_MS / 60000);
	mq_app_relayout(app);
}

/* The slot of a booking has not begun: it may still be cancelled here. */
static bool not_begun(struct mq_app *app, const char *slot_id)
{
	const struct mq_state_slot *slot = mq_state_slot_find(app->state, slot_id, NULL);

	return !slot || !slot->at.has_start || slot->at.start > mq_app_wall(app);
}

static void cancel_now(struct mq_app *app, const unsigned char *key)
{
	struct cancel *k = cx(app);
	struct mq_store_booking_view v;
	enum mq_err err;

	err = mq_store_cancel_by_code(app->store, k->s.code, k->s.phone, key, mq_time_now(), &v);
	if (err == MQ_ERR_NOT_FOUND) {
		missed(app);
		return;
	}
	mq_visit_pin_guard_ok(&k->guard, GUARD_KEY);
	k->s.left = 0;
	if (err == MQ_ERR_CONFLICT) {
		say(app, strcmp(v.status, "cancelled") == 0 ? "这个预约已经取消过了，不用再取消。"
							     : "这个预约没有约上，不用取消。");
		return;
	}
	if (err != MQ_OK) {
		mq_log_error("ui", "cancel: cannot queue the cancellation (%s)", mq_strerror(err));
		say(app, "暂时无法取消，请联系工作人员");
		return;
	}
	if (app->sync)
		mq_sync_kick(app->sync);
	snprintf(k->s.slot, sizeof(k->s.slot), "%s", v.slot);
	memset(k->s.code, 0, sizeof(k->s.code));
	memset(k->s.phone, 0, sizeof(k->s.phone));
	k->s.message.text[0] = '\0';
	k->s.done = true;
	mq_app_relayout(app);
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct cancel *k = cx(app);
	struct mq_store_booking_view v;
	unsigned char key[MQ_SIG_KEY_BYTES];

	if (mq_visit_pin_guard_wait(&k->guard, GUARD_KEY, mq_app_now_ms(app)) > 0) {
		mq_app_relayout(app);
		return;
	}
	if (strlen(k->s.code) != MQ_SHORT_CODE_LEN) {
		say(app, "预约码是8位数字，请输完整");
		return;
	}
	if (strlen(k->s.phone) != MQ_STORE_PHONE_TAIL) {
		k->s.phone_field = true;
		say(app, "请输入预约时所留电话号码的后4位");
		return;
	}
	/* a slot that has begun is the duty member's business now */
	if (app->store && mq_store_find_booking(app->store, k->s.code, &v) == MQ_OK &&
	    !not_begun(app, v.slot)) {
		say(app, "这个预约的时间已经开始或已经过了，不能在这里取消，请找工作人员。");
		return;
	}
	if (!app->store || !mq_screen_device_key(app, key)) {
		say(app, "暂时无法取消，请联系工作人员");
		return;
	}
	cancel_now(app, key);
	sodium_memzero(key, sizeof(key));
}

static void pad_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct cancel *k = cx(app);
	char *s = k->s.phone_field ? k->s.phone : k->s.code;
	size_t size = k->s.phone_field ? sizeof(k->s.phone) : sizeof(k->s.code);
	size_t n = strlen(s);

	k->s.message.text[0] = '\0';
	if (key == '\b' && n > 0)
		s[n - 1] = '\0';
	else if (key == '\b' && k->s.phone_field)
		k->s.phone_field = false;          /* back past the first digit: to the code */
	else if (key == 'c')
		memset(s, 0, size);
	else if (key >= '0' && key <= '9' && n + 1 < size)
		s[n] = key;
	/* the code is complete: the pad goes on with the phone's digits */
	if (!k->s.phone_field && strlen(k->s.code) == MQ_SHORT_CODE_LEN && key >= '0' && key <= '9')
		k->s.phone_field = true;
	mq_app_relayout(app);
}

static void tap_field(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	cx(app)->s.phone_field = strcmp(mq_ui_widget_id(w), "cancel.phone") == 0;
	mq_app_relayout(app);
}

static void tap_back(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;

	sodium_memzero(&cx(app)->s, sizeof(cx(app)->s));
	mq_app_go(app, &mq_screen_book);
}

static void tap_done(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

/* What the page says under the fields: the lock, tries left, a message. */
static void page_message(struct mq_app *app, int64_t wait, char *out, size_t size)
{
	struct cancel *k = cx(app);

	out[0] = '\0';
	if (wait > 0) {
		lock_text(app, wait, out, size);
	} else if (k->s.left > 0) {
		if (mq_i18n_lang() == MQ_LANG_EN)
			snprintf(out, size, "The booking code or the phone digits are not right. "
				 "Please check the booking receipt. %d more %s.", k->s.left,
				 k->s.left == 1 ? "try" : "tries");
		else
			snprintf(out, size, "预约码或电话后4位不对，请核对预约回执。还可以再试 %d 次。",
				 k->s.left);
	} else if (k->s.message.text[0]) {
		snprintf(out, size, "%s", mq_tr(k->s.message.text));
	}
}

/* The fields on the left: 预约码 (two groups of four) and the phone's last digits as dots. */
static int build_fields(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
			int64_t wait)
{
	struct cancel *k = cx(app);
	const struct mq_ui_theme *t = &app->theme;
	int field_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	int label_w = mq_ui_theme_px(t, 170), fw = c.w - label_w - t->gap;
	char shown[32], dots[32] = "";
	struct mq_ui_widget *w;

	(void)mq_ui_label_create(tree, t, "cancel.code.label", mq_tr("预约码"),
				 (SDL_Rect){ c.x, y, label_w, field_h }, t->font_body, true, t->text,
				 t->bg);
	mq_screen_pad_field(app, tree, "cancel.code", k->s.code, !k->s.phone_field,
			    (SDL_Rect){ c.x + label_w + t->gap, y, fw, field_h }, tap_field);
	w = mq_ui_tree_find(tree, "cancel.code");
	if (w) {
		snprintf(shown, sizeof(shown), "%.4s %.4s", k->s.code,
			 strlen(k->s.code) > 4 ? k->s.code + 4 : "");
		(void)mq_ui_widget_set_shown_text(w, shown);
	}
	y += field_h + t->gap;
	(void)mq_ui_label_create(tree, t, "cancel.phone.label", mq_tr("电话后4位"),
				 (SDL_Rect){ c.x, y, label_w, field_h }, t->font_body, true, t->text,
				 t->bg);
	/* dots only: the dump and the screen show how many digits, not which */
	for (size_t i = 0; i < strlen(k->s.phone); i++)
		snprintf(dots + strlen(dots), sizeof(dots) - strlen(dots), "%s", "•");
	mq_screen_pad_field(app, tree, "cancel.phone", wait > 0 ? mq_tr("已锁定") : dots,
			    k->s.phone_field, (SDL_Rect){ c.x + label_w + t->gap, y, fw, field_h },
			    tap_field);
	return y + field_h + t->gap;
}

static void build_entry(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct cancel *k = cx(app);
	const struct mq_ui_theme *t = &app->theme;
	int left_w = c.w / 2 - t->gap, rx = c.x + left_w + 2 * t->gap, rw = c.w - left_w - 2 * t->gap;
	int bh = t->button_h * 3 / 2, y = c.y, pad_h;
	int64_t wait = mq_visit_pin_guard_wait(&k->guard, GUARD_KEY, mq_app_now_ms(app));
	bool ready = strlen(k->s.code) == MQ_SHORT_CODE_LEN &&
		     strlen(k->s.phone) == MQ_STORE_PHONE_TAIL && wait == 0;
	char msg[600];

	y += mq_screen_text_line(app, tree, "cancel.title", mq_tr("取消预约"),
				 (SDL_Rect){ c.x, y, left_w, 0 }, t->font_title, true, t->text);
	y += mq_screen_text_line(app, tree, "cancel.hint",
				 mq_tr("请输入预约回执上的8位预约码，再输入预约时所留电话号码的后4位。只能取消在本机预约的时段。"),
				 (SDL_Rect){ c.x, y, left_w, 0 }, t->font_body, false, t->text);
	y = build_fields(app, tree, (SDL_Rect){ c.x, y + t->gap, left_w, 0 }, y + t->gap, wait);
	page_message(app, wait, msg, sizeof(msg));
	if (msg[0])
		mq_screen_message_box(app, tree, "cancel.message", (SDL_Rect){ c.x, y, left_w, 0 },
				      msg, true);

	y = c.y + mq_screen_text_line(app, tree, "cancel.pad.target",
				      k->s.phone_field ? mq_tr("现在输入：电话后4位")
						       : mq_tr("现在输入：预约码"),
				      (SDL_Rect){ rx, c.y, rw, 0 }, t->font_body, true, t->primary);
	pad_h = c.y + c.h - bh - t->gap - y - t->gap_small;
	app->pad = (struct mq_ui_digitpad){ pad_key, app };
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "cancel",
				   (SDL_Rect){ rx, y + t->gap_small, rw, pad_h });
	if (k->s.phone_field)
		mq_screen_silence_pad(tree, "cancel");
	(void)mq_ui_button_create(tree, t, "cancel.back", mq_tr("返回"),
				  (SDL_Rect){ rx, c.y + c.h - bh, (rw - t->gap) / 3, bh },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_back, app);
	(void)mq_ui_button_create(tree, t, "cancel.submit", mq_tr("取消这个预约"),
				  (SDL_Rect){ rx + (rw - t->gap) / 3 + t->gap, c.y + c.h - bh,
					      rw - (rw - t->gap) / 3 - t->gap, bh },
				  ready ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_DIMMED, t->font_title,
				  tap_submit, app);
	mq_screen_announce(tree, (const char *const[]){ "cancel.title", "cancel.hint", NULL });
}

/* Cancelled: when and with whom it was, and that the place is free again. */
static void build_done(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct cancel *k = cx(app);
	const struct mq_ui_theme *t = &app->theme;
	const struct mq_state_shift *shift = NULL;
	const struct mq_state_slot *slot = mq_state_slot_find(app->state, k->s.slot, &shift);
	const struct mq_state_member *m = shift ? mq_state_member(app->state, shift->member) : NULL;
	int y = c.y, bh = t->button_h * 3 / 2, w = c.w * 2 / 3;
	char when[256] = "", day[64], span[32];

	if (slot && slot->at.has_start && slot->at.has_end) {
		mq_screen_format_day(slot->at.start, day, sizeof(day));
		mq_screen_format_span(slot->at.start, slot->at.end, span, sizeof(span));
		snprintf(when, sizeof(when), "%s%s %s%s%s", mq_tr("时间："), day, span,
			 m ? mq_tr("　委员：") : "", m ? m->name : "");
	}
	y += mq_screen_text_line(app, tree, "cancel.title", mq_tr("预约已取消"),
				 (SDL_Rect){ c.x, y, w, 0 }, t->font_huge, true, t->primary);
	if (when[0])
		y += mq_screen_text_line(app, tree, "cancel.when", when, (SDL_Rect){ c.x, y, w, 0 },
					 t->font_title, true, t->text);
	y += t->gap;
	(void)mq_screen_text_line(app, tree, "cancel.explain",
				  mq_tr("这个时段的名额已经让给其他居民。本机联网后会通知街道。想再约的话，请回到“预约委员”重新选择时段。"),
				  (SDL_Rect){ c.x, y, w, 0 }, t->font_body, false, t->text);
	(void)mq_ui_button_create(tree, t, "cancel.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ c.x, c.y + c.h - bh, t->touch_min * 6, bh },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
	mq_screen_announce(tree, (const char *const[]){ "cancel.title", "cancel.when",
							"cancel.explain", NULL });
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	if (cx(app)->s.done)
		build_done(app, tree, c);
	else
		build_entry(app, tree, c);
}

/* Wipes what the resident typed; the lock stays (mq_visit_pin_guard). */
static void clear(struct mq_app *app, void *data)
{
	struct cancel *k = data;

	(void)app;
	sodium_memzero(&k->s, sizeof(k->s));
}

const struct mq_screen_impl mq_screen_cancel = {
	.name = "cancel",
	.data_size = sizeof(struct cancel),
	.build = build,
	.clear = clear,
};
