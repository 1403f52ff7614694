/* checkin.c — 委员签到: duty members check in and out of their shift.
 * A member holds their badge to the scanner (a USB scanner types the badge
 * code and Return — on this screen or on the home screen; the kiosk holds
 * only keyed hashes of the codes, mq_badge.h), or types their
 * member number (the digits after the last '-' of their key: hubin-01 is
 * 01, said on screen) and PIN on the digits pad. The PIN is checked against
 * the state's argon2id hash (crypto_pwhash_str_verify, ~0.1-0.5 s and
 * 64 MiB) on a thread while the screen says 正在核对…; 5 wrong tries lock
 * that member and the PIN pad for 5 minutes of the UI clock (mq_visit.h).
 * Checked in, the member sees today's bookings of their shifts, marks each
 * 已接待 (attended) or 没有来 (no-show), and 签退 queues the checkout with
 * those marks. Nothing here is a resident's data except masked names. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "button.h"
#include "label.h"
#include "mq_badge.h"
#include "mq_device.h"
#include "mq_log.h"
#include "mq_store_visit.h"
#include "mq_time.h"
#include "mq_visit.h"
#include "screens.h"

/* Bookings the check-in screen lists at most. */
#define CHECKIN_ROWS 12

/* Where a duty member is on the check-in screen. */
enum step {
	MQ_CI_IDENTIFY = 0,        /* badge scan, or member number + PIN */
	MQ_CI_MEMBER,              /* checked in: today's bookings, marks, 签退 */
	MQ_CI_DONE,                /* checked out */
};

/* A PIN check on its thread; owned by the screen's data (checkin.job). */
struct pin_job {
	char hash[256];
	char pin[16];
	char member[64];
	unsigned gen;                /* the session it belongs to */
	bool has_wake;               /* push wake when done (else it runs inline) */
	SDL_Event wake;              /* mq_app_wake_event: calls this screen's wake op */
	bool ok;
};

/* The duty member's session, and what survives its wipe on purpose: a lock
 * must not end by walking away, and a PIN check still running finishes
 * (its result then belongs to nobody: pin_job.gen). */
struct checkin {
	struct {
		int step;                           /* enum step */
		bool pin_field;                     /* the pad types the PIN (else the number) */
		char number[8];                     /* member number typed on the pad */
		char pin[16];                       /* PIN typed (never drawn, never dumped) */
		bool busy;                          /* a PIN is being checked (argon2id) */
		int left;                           /* after a wrong PIN: tries left (0: none shown) */
		char member[64];                    /* the member identified */
		bool by_badge;
		char marks[CHECKIN_ROWS][MQ_UUID_LEN + 1];  /* booking ids marked ... */
		signed char mark[CHECKIN_ROWS];     /* ... 1 attended, 2 no-show */
		char scan[512];                     /* a scanner burst in progress (here or home) */
		struct mq_screen_message message;
	} s;
	struct mq_visit_pin_guard guard;
	SDL_Thread *thread;                         /* checking a PIN, or NULL */
	struct pin_job *job;                        /* what it checks (owned) */
};

static struct checkin *ck(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_checkin);
}

/* A member's shifts worth listing today: running now, starting today
 * (Asia/Shanghai) or within the next two hours. */
static bool shift_today(const struct mq_app *app, const struct mq_state_shift *sh)
{
	int64_t start = sh->at.start, end = sh->at.end, now = mq_app_wall(app);
	int64_t today = mq_screen_today_start(app);

	if (!sh->at.has_start || !sh->at.has_end)
		return false;
	return (start <= now && now < end) || (start >= today && start < today + 86400) ||
	       (start > now && start < now + 2 * 3600);
}

/* Today's bookings of the identified member, by time. */
static size_t todays_bookings(struct mq_app *app, struct mq_screen_booking *out, size_t max)
{
	struct checkin *ci = ck(app);
	size_t n = 0;

	for (size_t i = 0; i < app->state->n_shifts; i++) {
		const struct mq_state_shift *sh = &app->state->shifts[i];

		if (!sh->member || strcmp(sh->member, ci->s.member) != 0 || !shift_today(app, sh))
			continue;
		n += mq_screen_shift_bookings(app, sh, out + n, max - n);
	}
	return n;
}

/* The mark given here to booking @p id: 0 none, 1 attended, 2 no-show. */
static int mark_of(const struct mq_app *app, const char *id)
{
	struct checkin *ci = ck(app);

	for (int i = 0; i < CHECKIN_ROWS; i++)
		if (ci->s.marks[i][0] && strcasecmp(ci->s.marks[i], id) == 0)
			return ci->s.mark[i];
	return 0;
}

static void set_mark(struct mq_app *app, const char *id, int mark)
{
	struct checkin *ci = ck(app);
	int free_i = -1;

	for (int i = 0; i < CHECKIN_ROWS; i++) {
		if (ci->s.marks[i][0] && strcasecmp(ci->s.marks[i], id) == 0) {
			ci->s.mark[i] = (signed char)mark;
			return;
		}
		if (!ci->s.marks[i][0] && free_i < 0)
			free_i = i;
	}
	if (free_i >= 0) {
		snprintf(ci->s.marks[free_i], sizeof(ci->s.marks[free_i]), "%s", id);
		ci->s.mark[free_i] = (signed char)mark;
	}
}

static void say(struct mq_app *app, const char *zh, bool error)
{
	struct checkin *ci = ck(app);

	snprintf(ci->s.message.text, sizeof(ci->s.message.text), "%s", zh ? zh : "");
	ci->s.message.error = error;
	ci->s.left = 0;
	mq_app_relayout(app);
}

/* Identified (badge or PIN): check in unless already in today. */
static void check_in(struct mq_app *app, const char *member, bool by_badge)
{
	struct checkin *ci = ck(app);
	struct mq_attendance_draft d = { 0 };
	char id[MQ_UUID_LEN + 1];
	enum mq_err err;
	bool in = app->store && mq_store_member_present(app->store, member,
							 mq_screen_today_start(app));

	if (strcmp(ci->s.member, member) != 0) {
		memset(ci->s.marks, 0, sizeof(ci->s.marks));
		memset(ci->s.mark, 0, sizeof(ci->s.mark));
	}
	snprintf(ci->s.member, sizeof(ci->s.member), "%s", member);
	ci->s.by_badge = by_badge;
	sodium_memzero(ci->s.pin, sizeof(ci->s.pin));
	memset(ci->s.number, 0, sizeof(ci->s.number));
	ci->s.pin_field = false;
	mq_visit_pin_guard_ok(&ci->guard, member);
	if (in) {
		ci->s.step = MQ_CI_MEMBER;
		say(app, "您今天已经签到过了", false);
		return;
	}
	d.member = member;
	d.by_badge = by_badge;
	err = app->store ? mq_store_add_attendance(app->store, &d, mq_time_now(), id) : MQ_ERR_DB;
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot save the check-in of %s (%s)", member, mq_strerror(err));
		ci->s.step = MQ_CI_IDENTIFY;
		say(app, "暂时无法保存签到，请联系工作人员", true);
		return;
	}
	if (app->sync)
		mq_sync_kick(app->sync);
	ci->s.step = MQ_CI_MEMBER;
	say(app, "签到成功", false);
}

/* The member whose badge hash @p code matches under the studio's badge key
 * (DATA_DIR/badge.key), or NULL. The state holds hashes only: without the
 * key no badge is accepted, and PINs still work. */
static const char *member_by_badge(const struct mq_app *app, const char *code)
{
	unsigned char key[MQ_BADGE_KEY_BYTES];
	const char *found = NULL;

	if (mq_device_badge_key_load(app->cfg->data_dir, key) != MQ_OK) {
		mq_log_warn("ui", "check-in: no badge key yet (not synced): badges cannot be checked");
		return NULL;
	}
	for (size_t i = 0; i < app->state->n_members && !found; i++)
		if (mq_badge_matches(key, code, app->state->members[i].badge_hash))
			found = app->state->members[i].key;
	sodium_memzero(key, sizeof key);
	return found;
}

void mq_screen_checkin_scan(struct mq_app *app, const char *text)
{
	struct checkin *ci = ck(app);
	size_t have = strlen(ci->s.scan), add = strlen(text);
	char code[sizeof(ci->s.scan)];
	const char *found = NULL;

	if (strcmp(text, "\n") != 0) {
		if (have + add < sizeof(ci->s.scan))
			memcpy(ci->s.scan + have, text, add + 1);
		return;
	}
	snprintf(code, sizeof(code), "%s", ci->s.scan);
	memset(ci->s.scan, 0, sizeof(ci->s.scan));
	code[strcspn(code, "\r\n")] = '\0';
	if (!code[0])
		return;
	/* on home, a resident's receipt QR means 查询进度 */
	if (mq_app_at_home(app) &&
	    (strstr(code, "/t/") || mq_id_is_token(code) || mq_id_is_short_code(code))) {
		mq_app_clear_session(app);
		mq_app_go(app, &mq_screen_track);
		mq_screen_track_scan(app, code);
		mq_screen_track_scan(app, "\n");
		return;
	}
	found = member_by_badge(app, code);
	if (mq_app_screen(app) != &mq_screen_checkin || ci->s.busy) {
		if (ci->s.busy)
			return;         /* a PIN is being checked: one thing at a time */
		mq_app_clear_session(app);
		mq_app_go(app, &mq_screen_checkin);
	}
	if (!found) {
		mq_log_info("ui", "check-in: a badge that is no member of this studio");
		ci->s.step = MQ_CI_IDENTIFY;
		say(app, "这张卡不是本工作室委员的工作证。请用委员编号和密码签到，或联系工作人员。",
		    true);
		return;
	}
	check_in(app, found, true);
}

/* ---- PIN check ---- */

static int verify_main(void *cls)
{
	struct pin_job *job = cls;

	job->ok = sodium_init() >= 0 &&
		  crypto_pwhash_str_verify(job->hash, job->pin, strlen(job->pin)) == 0;
	sodium_memzero(job->pin, sizeof(job->pin));
	if (job->has_wake) {
		SDL_Event ev = job->wake;

		(void)SDL_PushEvent(&ev);
	}
	return 0;
}

static void free_job(struct mq_app *app)
{
	struct checkin *ci = ck(app);

	if (ci->thread)
		SDL_WaitThread(ci->thread, NULL);
	ci->thread = NULL;
	if (ci->job) {
		sodium_memzero(ci->job, sizeof(*ci->job));
		free(ci->job);
	}
	ci->job = NULL;
}

/* The UI is closing: wait for a PIN check still running and free it. */
static void finish(struct mq_app *app)
{
	free_job(app);
}

/* The lock message, with the time it opens again. */
static void lock_text(struct mq_app *app, int64_t wait_ms, char *out, size_t size)
{
	char hm[16];

	mq_screen_unlock_time(app, wait_ms, hm);
	snprintf(out, size, "%s %s %s", mq_tr("密码错误次数太多，已锁定5分钟。"), hm,
		 mq_tr("以后可以再试；刷工作证可以直接签到。"));
}

/* A PIN check finished (the wake event): check in or count the wrong try. */
static void verified(struct mq_app *app)
{
	struct checkin *ci = ck(app);
	struct pin_job *job = ci->job;
	int left;

	if (!job)
		return;
	if (ci->thread)
		SDL_WaitThread(ci->thread, NULL);
	ci->thread = NULL;
	if (job->gen != mq_app_session_gen(app) || mq_app_screen(app) != &mq_screen_checkin) {
		/* the member walked away meanwhile: the result is nobody's */
		free_job(app);
		return;
	}
	ci->s.busy = false;
	sodium_memzero(ci->s.pin, sizeof(ci->s.pin));
	if (job->ok) {
		char member[64];

		snprintf(member, sizeof(member), "%s", job->member);
		free_job(app);
		mq_log_info("ui", "check-in: PIN of %s accepted", member);
		check_in(app, member, false);
		return;
	}
	left = mq_visit_pin_guard_fail(&ci->guard, job->member, mq_app_now_ms(app));
	mq_log_warn("ui", "check-in: wrong PIN for %s (%d tries left)", job->member, left);
	free_job(app);
	ci->s.pin_field = true;
	say(app, NULL, true);
	ci->s.left = left;        /* says how many tries are left, or the lock */
}

static const struct mq_state_member *member_by_number(const struct mq_app *app,
						     const char *number)
{
	for (size_t i = 0; i < app->state->n_members; i++)
		if (mq_visit_member_number_matches(app->state->members[i].key, number))
			return &app->state->members[i];
	return NULL;
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct checkin *ci = ck(app);
	const struct mq_state_member *m;
	const char *key, *hash;
	struct pin_job *job;

	if (ci->s.busy || ci->job)
		return;
	if (!ci->s.number[0]) {
		ci->s.pin_field = false;
		say(app, "请先输入委员编号", true);
		return;
	}
	m = member_by_number(app, ci->s.number);
	key = m ? m->key : NULL;
	if (!key) {
		ci->s.pin_field = false;
		say(app, "没有这个委员编号，请核对后再输", true);
		return;
	}
	if (mq_visit_pin_guard_wait(&ci->guard, key, mq_app_now_ms(app)) > 0) {
		sodium_memzero(ci->s.pin, sizeof(ci->s.pin));
		say(app, NULL, true);       /* the lock says it */
		return;
	}
	hash = m->pin_hash;
	if (!hash || strlen(hash) >= sizeof(job->hash)) {
		say(app, "这位委员还没有设置密码，请刷工作证签到，或请工作人员设置密码", true);
		return;
	}
	if (!ci->s.pin[0]) {
		ci->s.pin_field = true;
		say(app, "请输入密码", true);
		return;
	}
	job = calloc(1, sizeof(*job));
	if (!job) {
		say(app, "暂时无法核对密码，请刷工作证签到", true);
		return;
	}
	snprintf(job->hash, sizeof(job->hash), "%s", hash);
	snprintf(job->pin, sizeof(job->pin), "%s", ci->s.pin);
	snprintf(job->member, sizeof(job->member), "%s", key);
	job->gen = mq_app_session_gen(app);
	job->has_wake = mq_app_wake_event(app, &mq_screen_checkin, &job->wake);
	sodium_memzero(ci->s.pin, sizeof(ci->s.pin));
	ci->job = job;
	ci->s.busy = true;
	ci->s.message.text[0] = '\0';
	ci->s.left = 0;
	mq_app_relayout(app);
	if (job->has_wake)
		ci->thread = SDL_CreateThread(verify_main, "mq-pin", job);
	if (!ci->thread) {
		/* no thread (or no event type): check here; the screen waits a moment */
		job->has_wake = false;
		(void)verify_main(job);
		verified(app);
	}
}

static void pad_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct checkin *ci = ck(app);
	char *f = ci->s.pin_field ? ci->s.pin : ci->s.number;
	size_t size = ci->s.pin_field ? sizeof(ci->s.pin) : sizeof(ci->s.number);
	size_t n = strlen(f), max = ci->s.pin_field ? 12 : 4;

	if (ci->s.busy)
		return;
	if (ci->s.pin_field &&
	    mq_visit_pin_guard_wait(&ci->guard, NULL, mq_app_now_ms(app)) > 0) {
		say(app, NULL, true);       /* locked: the lock message stays up */
		return;
	}
	ci->s.message.text[0] = '\0';
	ci->s.left = 0;
	if (key == '\b' && n > 0)
		f[n - 1] = '\0';
	else if (key == 'c')
		sodium_memzero(f, size);
	else if (key >= '0' && key <= '9' && n < max && n + 1 < size)
		f[n] = key;
	mq_app_relayout(app);
}

static void tap_field(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct checkin *ci = ck(app);

	ci->s.pin_field = strcmp(mq_ui_widget_id(w), "checkin.pin") == 0;
	mq_app_relayout(app);
}

static void tap_mark(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct checkin *ci = ck(app);
	struct mq_screen_booking b[CHECKIN_ROWS];
	const char *id = mq_ui_widget_id(w) + strlen("checkin.booking.");
	long row = strtol(id, NULL, 10);
	size_t n = todays_bookings(app, b, CHECKIN_ROWS);

	if (row < 0 || (size_t)row >= n)
		return;
	set_mark(app, b[row].id, strstr(id, ".no_show") ? 2 : 1);
	ci->s.message.text[0] = '\0';
	mq_app_relayout(app);
}

static void tap_out(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct checkin *ci = ck(app);
	struct mq_screen_booking b[CHECKIN_ROWS];
	struct mq_booking_mark marks[CHECKIN_ROWS];
	struct mq_attendance_draft d = { 0 };
	size_t n = todays_bookings(app, b, CHECKIN_ROWS), nm = 0;
	char id[MQ_UUID_LEN + 1];
	enum mq_err err;

	for (size_t i = 0; i < n; i++) {
		int mark = mark_of(app, b[i].id);

		if (mark)
			marks[nm++] = (struct mq_booking_mark){ b[i].id, mark == 1 };
	}
	d.checkout = true;
	d.member = ci->s.member;
	d.by_badge = ci->s.by_badge;
	d.marks = marks;
	d.n_marks = nm;
	err = app->store ? mq_store_add_attendance(app->store, &d, mq_time_now(), id) : MQ_ERR_DB;
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot save the checkout of %s (%s)", ci->s.member,
			     mq_strerror(err));
		say(app, "暂时无法保存签退，请联系工作人员", true);
		return;
	}
	if (app->sync)
		mq_sync_kick(app->sync);
	ci->s.step = MQ_CI_DONE;
	say(app, NULL, false);
}

static void tap_done(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

/* A digits field (role input) that chooses where the pad types. */
static void field(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
		  const char *text, bool active, SDL_Rect r)
{
	mq_screen_pad_field(app, tree, id, text, active, r, tap_field);
}

static int text_line(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
		     const char *text, SDL_Rect r, int px, bool bold, mq_ui_rgb fg)
{
	return mq_screen_text_line(app, tree, id, text, r, px, bold, fg);
}

static void message_box(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
			SDL_Rect r, const char *text, bool error)
{
	mq_screen_message_box(app, tree, id, r, text, error);
}

/* What happened, in words, for the identify page into @p msg ("" for
 * nothing to say): a check running, tries left, the session's message or the
 * lock (@p wait ms left). *error says whether it warns. */
static void identify_message(struct mq_app *app, int64_t wait, char *msg, size_t size,
			     bool *error)
{
	struct checkin *ci = ck(app);

	*error = ci->s.message.error;
	if (ci->s.busy) {
		snprintf(msg, size, "%s", mq_tr("正在核对密码…"));
		*error = false;
	} else if (ci->s.left > 0) {
		if (mq_i18n_lang() == MQ_LANG_EN)
			snprintf(msg, size, "Wrong PIN. %d more %s before a 5-minute lock.",
				 ci->s.left, ci->s.left == 1 ? "try" : "tries");
		else
			snprintf(msg, size, "密码不对，还可以再试 %d 次", ci->s.left);
		*error = true;
	} else if (ci->s.message.text[0]) {
		snprintf(msg, size, "%s", mq_tr(ci->s.message.text));
	} else if (wait > 0) {
		lock_text(app, wait, msg, size);
		*error = true;
	}
}

/* The identify page's right column @p rx, @p rw wide: what the pad types
 * into, the pad, then 返回 and 签到 under it. */
static void build_pad_column(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int rx,
			     int rw)
{
	struct checkin *ci = ck(app);
	const struct mq_ui_theme *t = &app->theme;
	int bh = t->button_h * 3 / 2, y = c.y, pad_h;

	y += text_line(app, tree, "checkin.pad.target",
		       ci->s.pin_field ? mq_tr("现在输入：密码") : mq_tr("现在输入：委员编号"),
		       (SDL_Rect){ rx, y, rw, 0 }, t->font_body, true, t->primary);
	pad_h = c.y + c.h - bh - t->gap - y - t->gap_small;
	if (pad_h > mq_ui_digitpad_height(t) * 3 / 2)
		pad_h = mq_ui_digitpad_height(t) * 3 / 2;
	app->pad = (struct mq_ui_digitpad){ pad_key, app };
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "checkin",
				   (SDL_Rect){ rx, y + t->gap_small, rw, pad_h });
	if (ci->s.pin_field)
		mq_screen_silence_pad(tree, "checkin");
	(void)mq_ui_button_create(tree, t, "checkin.back", mq_tr("返回首页"),
				  (SDL_Rect){ rx, c.y + c.h - bh, (rw - t->gap) / 3, bh },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_done, app);
	(void)mq_ui_button_create(tree, t, "checkin.submit",
				  ci->s.busy ? mq_tr("正在核对…") : mq_tr("签到"),
				  (SDL_Rect){ rx + (rw - t->gap) / 3 + t->gap, c.y + c.h - bh,
					      rw - (rw - t->gap) / 3 - t->gap, bh },
				  ci->s.busy || !ci->s.number[0] || !ci->s.pin[0]
					  ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY,
				  t->font_title, tap_submit, app);
}

/* The first page: how to check in, the member number and PIN fields (the
 * PIN as dots), what happened, and the pad on the right. */
static void build_identify(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct checkin *ci = ck(app);
	const struct mq_ui_theme *t = &app->theme;
	int left_w = c.w / 2 - t->gap, rx = c.x + left_w + 2 * t->gap, rw = c.w - left_w - 2 * t->gap;
	int y = c.y, field_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	int label_w = mq_ui_theme_px(t, 150), fw = left_w - label_w - t->gap;
	int64_t wait = mq_visit_pin_guard_wait(&ci->guard, NULL, mq_app_now_ms(app));
	char dots[64] = "", msg[400] = "";
	bool error;

	y += text_line(app, tree, "checkin.title", mq_tr("委员签到 / 签退"),
		       (SDL_Rect){ c.x, y, left_w, 0 }, t->font_title, true, t->text);
	y += text_line(app, tree, "checkin.how",
		       mq_tr("请把工作证对准扫码器；没带工作证，就输入委员编号和密码。"),
		       (SDL_Rect){ c.x, y, left_w, 0 }, t->font_body, false, t->text);
	mq_screen_announce(tree, (const char *const[]){ "checkin.title", "checkin.how", NULL });
	y += t->gap;
	(void)mq_ui_label_create(tree, t, "checkin.member.label", mq_tr("委员编号"),
				 (SDL_Rect){ c.x, y, label_w, field_h }, t->font_body, true, t->text,
				 t->bg);
	field(app, tree, "checkin.member", ci->s.number, !ci->s.pin_field,
	      (SDL_Rect){ c.x + label_w + t->gap, y, fw, field_h });
	y += field_h + t->gap_small;
	y += text_line(app, tree, "checkin.member.hint",
		       mq_tr("编号是您在本工作室委员名单上的序号，如 01"),
		       (SDL_Rect){ c.x + label_w + t->gap, y, fw, 0 }, t->font_small, false,
		       t->text_muted);
	y += t->gap_small;
	(void)mq_ui_label_create(tree, t, "checkin.pin.label", mq_tr("密码"),
				 (SDL_Rect){ c.x, y, label_w, field_h }, t->font_body, true, t->text,
				 t->bg);
	/* masked: the dump and the screen show only how many digits */
	for (size_t i = 0; i < strlen(ci->s.pin) && i < 12; i++)
		snprintf(dots + strlen(dots), sizeof(dots) - strlen(dots), "%s", "•");
	field(app, tree, "checkin.pin", wait > 0 ? mq_tr("已锁定") : dots, ci->s.pin_field,
	      (SDL_Rect){ c.x + label_w + t->gap, y, fw, field_h });
	y += field_h + t->gap;
	identify_message(app, wait, msg, sizeof(msg), &error);
	if (wait > 0)
		mq_app_relayout_at(app, mq_app_now_ms(app) + wait);
	if (msg[0])
		message_box(app, tree, ci->s.busy ? "checkin.busy" : "checkin.message",
			    (SDL_Rect){ c.x, y, left_w, 0 }, msg, error);
	build_pad_column(app, tree, c, rx, rw);
}

static const char *member_name(const struct mq_app *app, const char *key)
{
	const struct mq_state_member *m = mq_state_member(app->state, key);
	const char *n = m ? m->name : NULL;

	return n && *n ? n : key;
}

/* "今天的值班：09:00–12:00，14:00–17:00" for the identified member into @p out. */
static void shifts_line(struct mq_app *app, char *out, size_t size)
{
	struct checkin *ci = ck(app);
	char buf[512] = "", span[32];
	bool any_shift = false;

	for (size_t i = 0; i < app->state->n_shifts; i++) {
		const struct mq_state_shift *sh = &app->state->shifts[i];

		if (!sh->member || strcmp(sh->member, ci->s.member) != 0 || !shift_today(app, sh))
			continue;
		mq_screen_format_span(sh->at.start, sh->at.end, span, sizeof(span));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", any_shift ? "，" : "",
			 span);
		any_shift = true;
	}
	snprintf(out, size, "%s%s", mq_tr("今天的值班："), any_shift ? buf : mq_tr("没有排班"));
}

/* The mark buttons' width: as wide as their longest words, at least @p min. */
static int mark_width(struct mq_app *app, int min)
{
	const struct mq_ui_theme *t = &app->theme;
	const char *labels[] = { mq_tr("✓ 已接待"), mq_tr("✓ 没有来") };

	for (int k = 0; k < 2; k++) {
		int lw = mq_ui_text_width(app->text, t->font_body, true, labels[k],
					  strlen(labels[k])) + 2 * t->gap;

		if (lw > min)
			min = lw;
	}
	return min;
}

/* Booking @p k (@p b) as a row at @p y: when, who, what, and its two marks. */
static void build_booking_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
			      size_t k, const struct mq_screen_booking *b, int mark_w, int row_h)
{
	const struct mq_ui_theme *t = &app->theme;
	int mark = mark_of(app, b->id);
	bool pre_att = !mark && strcmp(b->status, "attended") == 0;
	bool pre_no = !mark && strcmp(b->status, "no_show") == 0;
	int lw = c.w - 2 * (mark_w + t->gap_small);
	char buf[512], id[MQ_UI_ID_MAX], span[32];
	struct mq_ui_widget *w;

	mq_screen_format_span(b->start, b->end, span, sizeof(span));
	snprintf(buf, sizeof(buf), "%s  %s%s%s%s", span, b->name, b->topic[0] ? "：" : "",
		 b->topic, strcmp(b->status, "pending") == 0 ? mq_tr("（待确认）") : "");
	snprintf(id, sizeof(id), "checkin.booking.%zu", k);
	w = mq_ui_label_create(tree, t, id, buf, (SDL_Rect){ c.x, y, lw - t->gap_small, row_h },
			       t->font_body, false, t->text, t->bg);
	if (w)
		mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	snprintf(id, sizeof(id), "checkin.booking.%zu.attended", k);
	(void)mq_ui_button_create(tree, t, id,
				  mark == 1 || pre_att ? mq_tr("✓ 已接待") : mq_tr("已接待"),
				  (SDL_Rect){ c.x + lw, y, mark_w, row_h },
				  mark == 1 ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  t->font_body, tap_mark, app);
	snprintf(id, sizeof(id), "checkin.booking.%zu.no_show", k);
	(void)mq_ui_button_create(tree, t, id,
				  mark == 2 || pre_no ? mq_tr("✓ 没有来") : mq_tr("没有来"),
				  (SDL_Rect){ c.x + lw + mark_w + t->gap_small, y, mark_w, row_h },
				  mark == 2 ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  t->font_body, tap_mark, app);
}

/* Checked in: hello, today's shifts, today's bookings with their marks, 签退. */
static void build_member(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct checkin *ci = ck(app);
	const struct mq_ui_theme *t = &app->theme;
	struct mq_screen_booking b[CHECKIN_ROWS];
	size_t n = todays_bookings(app, b, CHECKIN_ROWS);
	int y = c.y, line_h = mq_ui_theme_line_h(t, t->font_body), bottom, mark_w, row_h;
	char hello[512], buf[600];

	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(hello, sizeof(hello), "%s — %s", member_name(app, ci->s.member),
			 mq_tr(ci->s.message.text[0] ? ci->s.message.text : "签到成功"));
	else
		snprintf(hello, sizeof(hello), "%s委员，%s", member_name(app, ci->s.member),
			 ci->s.message.text[0] ? ci->s.message.text : "签到成功");
	y += text_line(app, tree, "checkin.hello", hello, (SDL_Rect){ c.x, y, c.w, 0 },
		       t->font_title, true, t->ok_fg);
	shifts_line(app, buf, sizeof(buf));
	y += text_line(app, tree, "checkin.shifts", buf, (SDL_Rect){ c.x, y, c.w, 0 },
		       t->font_body, false, t->text);
	y += t->gap;
	y += text_line(app, tree, "checkin.bookings.title",
		       n ? mq_tr("今天的群众预约（接待后请标记，签退时一起上报）：")
			 : mq_tr("今天没有群众预约。"),
		       (SDL_Rect){ c.x, y, c.w, 0 }, t->font_body, true, t->text);
	y += t->gap_small;
	bottom = c.y + c.h - t->button_h * 3 / 2 - t->gap;
	mark_w = mark_width(app, mq_ui_theme_px(t, 130));
	row_h = t->touch_min > line_h ? t->touch_min : line_h;
	for (size_t k = 0; k < n && y + row_h <= bottom; k++) {
		build_booking_row(app, tree, c, y, k, &b[k], mark_w, row_h);
		y += row_h + t->gap_small;
	}
	(void)mq_ui_button_create(tree, t, "checkin.done", mq_tr("完成（保持签到）"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h * 3 / 2, t->touch_min * 5,
					      t->button_h * 3 / 2 },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_done, app);
	(void)mq_ui_button_create(tree, t, "checkin.out", mq_tr("签退"),
				  (SDL_Rect){ c.x + c.w - t->touch_min * 4, c.y + c.h - t->button_h * 3 / 2,
					      t->touch_min * 4, t->button_h * 3 / 2 },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_out, app);
}

static void build_done(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct checkin *ci = ck(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = c.y + t->gap, att = 0, no = 0;
	char buf[256];

	for (int i = 0; i < CHECKIN_ROWS; i++) {
		att += ci->s.marks[i][0] && ci->s.mark[i] == 1;
		no += ci->s.marks[i][0] && ci->s.mark[i] == 2;
	}
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(buf, sizeof(buf), "%s — %s", member_name(app, ci->s.member),
			 mq_tr("已签退，辛苦了！"));
	else
		snprintf(buf, sizeof(buf), "%s委员，%s", member_name(app, ci->s.member),
			 "已签退，辛苦了！");
	y += text_line(app, tree, "checkin.bye", buf, (SDL_Rect){ c.x, y, c.w, 0 }, t->font_huge,
		       true, t->ok_fg) + t->gap;
	if (mq_i18n_lang() == MQ_LANG_EN)
		snprintf(buf, sizeof(buf), "Marked: %d received, %d did not come.", att, no);
	else
		snprintf(buf, sizeof(buf), "本次标记：已接待 %d 位，没有来 %d 位。", att, no);
	y += text_line(app, tree, "checkin.summary", buf, (SDL_Rect){ c.x, y, c.w, 0 },
		       t->font_title, false, t->text) + t->gap;
	(void)text_line(app, tree, "checkin.note", mq_tr("签退记录已保存，联网后自动上传到街道。"),
			(SDL_Rect){ c.x, y, c.w, 0 }, t->font_body, false, t->text_muted);
	(void)mq_ui_button_create(tree, t, "checkin.done", mq_tr("完成，返回首页"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h * 3 / 2, t->touch_min * 6,
					      t->button_h * 3 / 2 },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_done, app);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct checkin *ci = ck(app);

	switch (ci->s.step) {
	case MQ_CI_MEMBER:
		build_member(app, tree, c);
		break;
	case MQ_CI_DONE:
		build_done(app, tree, c);
		break;
	default:
		build_identify(app, tree, c);
		break;
	}
}

static void clear(struct mq_app *app, void *data)
{
	struct checkin *ci = data;

	memset(&ci->s, 0, sizeof(ci->s));
	ci->s.step = MQ_CI_IDENTIFY;
}

const struct mq_screen_impl mq_screen_checkin = {
	.name = "checkin",
	.data_size = sizeof(struct checkin),
	.build = build,
	.clear = clear,
	.scan = mq_screen_checkin_scan,
	.wake = verified,
	.finish = finish,
};
