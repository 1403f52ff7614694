/* service.c — the technician's screen, reached by five taps on the studio
 * name within four seconds and the technician PIN, which the district sets
 * in the console and the state pull delivers as an argon2id hash (checked
 * here offline, like members' PINs), with the check-in PIN's limit: 5 wrong
 * PINs lock the pad for 5 minutes of the UI clock (mq_visit.h), a lock the
 * idle wipe does not lift. There is no PIN in the image: until the first
 * state with one arrives, the screen says so and stays shut. Shows what a
 * technician needs on site: server URL, device id, queue depth and the
 * oldest queued record's age, last sync and last error, version, both
 * system slots' versions and the update state (mq_sysup.h), free disk,
 * and loud warnings: the server revoked this kiosk, or the server address
 * is plain http:// (refused, or allowed for a lab); "立即同步" asks the sync
 * thread for a round now. Residents never see it by accident: the gesture
 * is hidden and the PIN pad comes first. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "button.h"
#include "label.h"
#include "mq_device.h"
#include "mq_http_client.h"
#include "mq_log.h"
#include "mq_outbox.h"
#include "mq_sysup.h"
#include "mq_time.h"
#include "mq_visit.h"
#include "screens.h"

#define GESTURE_TAPS 5
#define GESTURE_MS 4000

/* The technician's session, and the hidden gesture's count, which a wipe
 * leaves alone (it counts taps on the top bar, not what a resident did). */
struct service {
	struct {
		char pin[32];
		bool open;                  /* the right PIN was entered */
		int left;                   /* after a wrong PIN: tries left (0: none shown) */
		struct mq_screen_message message;
	} s;
	int studio_taps;
	int64_t studio_tap_ms;
	struct mq_visit_pin_guard guard;    /* wrong PINs; outlives the session */
};

/* The guard's name for the service PIN (no member key looks like it). */
#define GUARD_KEY "!service"

static struct service *sv(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_service);
}

void mq_screen_service_gesture(struct mq_app *app)
{
	struct service *v = sv(app);
	int64_t now = mq_app_now_ms(app);

	if (now - v->studio_tap_ms > GESTURE_MS)
		v->studio_taps = 0;
	if (v->studio_taps == 0)
		v->studio_tap_ms = now;
	if (++v->studio_taps < GESTURE_TAPS)
		return;
	v->studio_taps = 0;
	mq_app_clear_session(app);
	mq_log_info("ui", "service screen requested");
	mq_app_go(app, &mq_screen_service);
}

/* The technician PIN's hash from the district (the state), or NULL. */
static const char *pin_hash(const struct mq_app *app)
{
	const char *want = app->state->service_pin_hash;

	return want && strncmp(want, "$argon2", 7) == 0 ? want : NULL;
}

static bool pin_ok(const struct mq_app *app)
{
	struct service *v = sv(app);
	const char *want = pin_hash(app);

	return want && crypto_pwhash_str_verify(want, v->s.pin, strlen(v->s.pin)) == 0;
}

static void pin_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct service *v = sv(app);
	size_t n = strlen(v->s.pin);

	v->s.message.text[0] = '\0';
	if (key == '\b' && n > 0)
		v->s.pin[n - 1] = '\0';
	else if (key == 'c')
		sodium_memzero(v->s.pin, sizeof(v->s.pin));
	else if (key >= '0' && key <= '9' && n + 1 < sizeof(v->s.pin))
		v->s.pin[n] = key;
	mq_app_relayout(app);
}

static void tap_unlock(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct service *v = sv(app);
	int64_t now = mq_app_now_ms(app);

	v->s.left = 0;
	v->s.message.text[0] = '\0';
	if (mq_visit_pin_guard_wait(&v->guard, GUARD_KEY, now) > 0) {
		mq_log_warn("ui", "service screen: PIN refused while locked");
	} else if (pin_ok(app)) {
		v->s.open = true;
		mq_visit_pin_guard_ok(&v->guard, GUARD_KEY);
		mq_log_info("ui", "service screen opened");
	} else {
		v->s.left = mq_visit_pin_guard_fail(&v->guard, GUARD_KEY, now);
		snprintf(v->s.message.text, sizeof(v->s.message.text), "%s", "密码不对");
		mq_log_warn("ui", "service screen: wrong PIN (%d tries left)", v->s.left);
	}
	sodium_memzero(v->s.pin, sizeof(v->s.pin));
	mq_app_relayout(app);
}

/* What the PIN pad says now: the lock (with the time it opens), a wrong PIN
 * with the tries left, or another message; "" when nothing. */
static void pin_message(struct mq_app *app, char *out, size_t size)
{
	struct service *v = sv(app);
	int64_t wait = mq_visit_pin_guard_wait(&v->guard, GUARD_KEY, mq_app_now_ms(app));
	char hm[16];

	out[0] = '\0';
	if (wait > 0) {
		mq_screen_unlock_time(app, wait, hm);
		snprintf(out, size, "%s %s %s", mq_tr("密码错误次数太多，已锁定5分钟。"), hm,
			 mq_tr("以后可以再试。"));
	} else if (v->s.left > 0) {
		snprintf(out, size, "%s%s%d%s", mq_tr(v->s.message.text), mq_tr("，还可以再试"),
			 v->s.left, mq_tr("次。"));
	} else if (v->s.message.text[0]) {
		snprintf(out, size, "%s", mq_tr(v->s.message.text));
	}
}

static void tap_sync(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct service *v = sv(app);

	if (app->sync) {
		mq_sync_kick(app->sync);
		snprintf(v->s.message.text, sizeof(v->s.message.text), "%s", "已请求同步，完成后这里会更新");
	} else {
		snprintf(v->s.message.text, sizeof(v->s.message.text), "%s", "本机还没有登记（enroll），无法同步");
	}
	mq_app_relayout(app);
}

static void tap_exit(struct mq_ui_widget *w, void *cls)
{
	mq_app_go_home(cls);
}

static void build_locked(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct service *v = sv(app);
	const struct mq_ui_theme *t = &app->theme;
	int w = c.w * 2 / 5, y = c.y, title_h = mq_ui_theme_line_h(t, t->font_title);
	int field_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	char dots[64] = "", msg[300];
	size_t nd = 0;
	struct mq_ui_widget *x;

	(void)mq_ui_label_create(tree, t, "service.title", mq_tr("维护（工作人员专用）"),
				 (SDL_Rect){ c.x, y, c.w, title_h }, t->font_title, true, t->text, t->bg);
	y += title_h + t->gap;
	if (!pin_hash(app)) {
		(void)mq_ui_label_create(tree, t, "service.message",
					 mq_tr("本机还没有收到区里设置的维护密码，维护页不能打开。请在管理后台的“终端”页设置维护密码，本机同步后即可使用。"),
					 (SDL_Rect){ c.x, y, c.w, title_h * 3 }, t->font_body, true,
					 t->error_fg, t->bg);
		(void)mq_ui_button_create(tree, t, "service.exit", mq_tr("返回首页"),
					  (SDL_Rect){ c.x, c.y + c.h - t->button_h, w, t->button_h },
					  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_exit, app);
		return;
	}
	for (size_t i = 0; i < strlen(v->s.pin) && nd + 4 < sizeof(dots); i++) {
		memcpy(dots + nd, "●", 3);
		nd += 3;
		dots[nd] = '\0';
	}
	/* The dump shows the dots, never the PIN. */
	x = mq_ui_widget_create(tree, "service.pin", MQ_UI_ROLE_INPUT,
				(SDL_Rect){ c.x, y, w, field_h });
	if (x && mq_ui_widget_set_text(x, dots)) {
		mq_ui_widget_set_font(x, t->font_title, true);
		mq_ui_widget_set_colors(x, t->text, t->surface, true);
		mq_ui_widget_set_frame(x, t->border * 2, t->primary, t->radius_small);
		mq_ui_widget_set_align(x, MQ_UI_ALIGN_CENTER, false);
	}
	pin_message(app, msg, sizeof(msg));
	if (msg[0])
		(void)mq_ui_label_create(tree, t, "service.message", msg,
					 (SDL_Rect){ c.x + w + t->gap, y, c.w - w - t->gap,
						     field_h * 2 },
					 t->font_body, true, t->error_fg, t->bg);
	y += field_h + t->gap;
	app->pad = (struct mq_ui_digitpad){ pin_key, app };
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "service",
				   (SDL_Rect){ c.x, y, w, c.y + c.h - y - t->button_h - t->gap });
	mq_screen_silence_pad(tree, "service");
	(void)mq_ui_button_create(tree, t, "service.unlock", mq_tr("进入"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h, w, t->button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_unlock, app);
	(void)mq_ui_button_create(tree, t, "service.exit", mq_tr("返回首页"),
				  (SDL_Rect){ c.x + w + t->gap, c.y + c.h - t->button_h, w, t->button_h },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_exit, app);
}

static int row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y, const char *key,
	       const char *what, const char *value)
{
	const struct mq_ui_theme *t = &app->theme;
	int what_w = c.w / 4, line_h = mq_ui_theme_line_h(t, t->font_body);
	int h = mq_ui_label_measure(app->text, t, value, t->font_body, false, c.w - what_w - t->gap);
	char id[MQ_UI_ID_MAX];

	if (h > 2 * line_h)
		h = 2 * line_h;
	snprintf(id, sizeof(id), "service.%s.label", key);
	(void)mq_ui_label_create(tree, t, id, what, (SDL_Rect){ c.x, y, what_w, line_h },
				 t->font_body, true, t->text_muted, t->bg);
	snprintf(id, sizeof(id), "service.%s", key);
	(void)mq_ui_label_create(tree, t, id, value,
				 (SDL_Rect){ c.x + what_w + t->gap, y, c.w - what_w - t->gap, h },
				 t->font_body, false, t->text, t->bg);
	return h + t->gap_small;
}

/* A warning across the screen at @p y (id service.@p key); its height. */
static int warning(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
		   const char *key, const char *text)
{
	const struct mq_ui_theme *t = &app->theme;
	char id[MQ_UI_ID_MAX];
	int h = mq_ui_label_measure(app->text, t, text, t->font_body, true, c.w - 2 * t->gap_small);
	struct mq_ui_widget *l;

	snprintf(id, sizeof(id), "service.%s", key);
	l = mq_ui_label_create(tree, t, id, text, (SDL_Rect){ c.x, y, c.w, h + 2 * t->gap_small },
			       t->font_body, true, t->error_fg, t->error_bg);
	if (l) {
		mq_ui_widget_set_colors(l, t->error_fg, t->error_bg, true);
		mq_ui_widget_set_padding(l, t->gap_small);
	}
	return h + 2 * t->gap_small + t->gap_small;
}

/* What a technician must see first: the server revoked this kiosk (its
 * signed word, for the device.json there is now), or the server address is
 * plain http:// — refused, or allowed for a lab. Returns the height used. */
static int warnings(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
		    const struct mq_device *dev, bool enrolled)
{
	char revoked[MQ_SIG_KEYID_MAX + 1] = "";
	const char *url = app->cfg->server_url;
	int h = 0;

	if (enrolled && app->store &&
	    mq_store_get(app->store, MQ_SYNC_REVOKED_KEY, revoked, sizeof(revoked)) == MQ_OK &&
	    strcmp(revoked, dev->id) == 0)
		h += warning(app, tree, c, y + h, "revoked",
			     mq_tr("本机已被区里停用（吊销），不能再上传和同步。请联系区管理员，用新的注册码重新登记本机。"));
	if (url[0] && mq_http_check_url(url, false) == MQ_ERR_INSECURE) {
		if (app->cfg->allow_insecure_http)
			h += warning(app, tree, c, y + h, "insecure",
				     mq_tr("警告：已打开 allow_insecure_http，本机用不加密的 http:// 与服务器通信。只能用于实验室测试。"));
		else
			h += warning(app, tree, c, y + h, "insecure", mq_tr(MQ_SYNC_INSECURE_MESSAGE));
	}
	return h;
}

/* The update state in plain words (English in assets/po/en.po). */
static const char *update_words(const char *state)
{
	static const char *const map[][2] = {
		{ "idle", "没有待装的更新" }, { "offered", "区里推送了更新，等待下载" },
		{ "downloading", "正在下载更新" }, { "downloaded", "已下载，等维护时段安装" },
		{ "installing", "正在安装到另一个系统分区" }, { "installed", "已安装，重启后生效" },
		{ "booted", "已启动新版本，正在检查" }, { "good", "新版本运行正常" },
		{ "rolled_back", "已自动回退到旧版本" }, { "failed", "更新失败" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], state) == 0)
			return mq_tr(map[i][1]);
	return state;
}

/* The program's version and, once the update module reported, both system
 * slots' versions (one row: the screen must fit in elder mode), then the
 * update state (mq_sysup.h); the height used. */
static int update_rows(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y)
{
	struct mq_sysup_report r;
	char version[300], state[600];
	int h;

	if (!app->store || !mq_sysup_report_load(app->store, &r)) {
		h = row(app, tree, c, y, "version", mq_tr("版本"), MQ_VERSION);
		return h + row(app, tree, c, y + h, "update", mq_tr("系统更新"),
			       mq_tr("（尚无更新信息）"));
	}
	snprintf(version, sizeof(version), "%s    %s A: %s%s  B: %s%s", MQ_VERSION,
		 mq_tr("系统分区"), r.slot_a[0] ? r.slot_a : "—",
		 strcmp(r.booted, "A") ? "" : mq_tr("（运行中）"), r.slot_b[0] ? r.slot_b : "—",
		 strcmp(r.booted, "B") ? "" : mq_tr("（运行中）"));
	h = row(app, tree, c, y, "version", mq_tr("版本"), version);
	snprintf(state, sizeof(state), "%s", update_words(r.state));
	if (!strcmp(r.state, "downloading"))
		snprintf(state + strlen(state), sizeof(state) - strlen(state), " %d%%", r.percent);
	/* the reason names the version itself */
	if (r.version[0] && !r.reason[0])
		snprintf(state + strlen(state), sizeof(state) - strlen(state), "（%s %s）",
			 mq_tr("更新包"), r.version);
	if (r.reason[0])
		snprintf(state + strlen(state), sizeof(state) - strlen(state), "：%s", r.reason);
	return h + row(app, tree, c, y + h, "update", mq_tr("系统更新"), state);
}

static void build_open(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct service *v = sv(app);
	const struct mq_ui_theme *t = &app->theme;
	struct mq_outbox_stats st = { 0 };
	struct mq_device dev;
	struct statvfs vfs;
	char buf[600], last_sync[64] = "", last_error[512] = "", age[64];
	int y = c.y, title_h = mq_ui_theme_line_h(t, t->font_title), bw = c.w / 3;
	int64_t now = mq_time_now();
	bool enrolled;

	(void)mq_ui_label_create(tree, t, "service.title", mq_tr("维护（工作人员专用）"),
				 (SDL_Rect){ c.x, y, c.w, title_h }, t->font_title, true, t->text, t->bg);
	y += title_h + t->gap_small;
	if (app->store && (mq_outbox_stats(app->store, &st) != MQ_OK ||
			   mq_store_get(app->store, "last_sync_at", last_sync, sizeof(last_sync)) != MQ_OK ||
			   mq_store_get(app->store, "last_error", last_error, sizeof(last_error)) != MQ_OK))
		mq_log_error("ui", "service: cannot read the store");
	y += row(app, tree, c, y, "server", mq_tr("服务器"),
		 app->cfg->server_url[0] ? app->cfg->server_url : mq_tr("（未设置）"));
	enrolled = mq_device_load(app->cfg->data_dir, &dev) == MQ_OK;
	y += warnings(app, tree, c, y, &dev, enrolled);
	y += row(app, tree, c, y, "device", mq_tr("设备编号"), enrolled ? dev.id : mq_tr("（未登记）"));
	snprintf(buf, sizeof(buf), "%d  (%s %d)", st.queued, mq_tr("被拒"), st.rejected);
	y += row(app, tree, c, y, "queue", mq_tr("待上传记录"), buf);
	if (st.queued)
		snprintf(age, sizeof(age), "%lld s", (long long)(now - st.oldest_queued_at));
	else
		snprintf(age, sizeof(age), "—");
	y += row(app, tree, c, y, "oldest", mq_tr("最早排队"), age);
	y += row(app, tree, c, y, "last_sync", mq_tr("上次同步"), last_sync[0] ? last_sync : "—");
	y += row(app, tree, c, y, "last_error", mq_tr("上次错误"),
		 last_error[0] ? last_error
			       : (app->sync_rounds && app->sync_last.error[0] ? app->sync_last.error
									      : "—"));
	y += update_rows(app, tree, c, y);
	if (statvfs(app->cfg->data_dir, &vfs) == 0)
		snprintf(buf, sizeof(buf), "%.1f MiB",
			 (double)vfs.f_bavail * (double)vfs.f_frsize / (1024.0 * 1024.0));
	else
		snprintf(buf, sizeof(buf), "?");
	y += row(app, tree, c, y, "disk", mq_tr("磁盘剩余"), buf);
	if (v->s.message.text[0])
		(void)mq_ui_label_create(tree, t, "service.message", mq_tr(v->s.message.text),
					 (SDL_Rect){ c.x, y, c.w, mq_ui_theme_line_h(t, t->font_body) },
					 t->font_body, true, t->text, t->bg);
	(void)mq_ui_button_create(tree, t, "service.sync_now", mq_tr("立即同步"),
				  (SDL_Rect){ c.x, c.y + c.h - t->button_h, bw, t->button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_sync, app);
	(void)mq_ui_button_create(tree, t, "service.exit", mq_tr("返回首页"),
				  (SDL_Rect){ c.x + c.w - bw, c.y + c.h - t->button_h, bw, t->button_h },
				  MQ_UI_BUTTON_SECONDARY, t->font_body, tap_exit, app);
	sodium_memzero(&dev, sizeof(dev));
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct service *v = sv(app);

	if (v->s.open)
		build_open(app, tree, c);
	else
		build_locked(app, tree, c);
}

static void clear(struct mq_app *app, void *data)
{
	struct service *v = data;

	memset(&v->s, 0, sizeof(v->s));
}

const struct mq_screen_impl mq_screen_service = {
	.name = "service",
	.data_size = sizeof(struct service),
	.build = build,
	.clear = clear,
};
