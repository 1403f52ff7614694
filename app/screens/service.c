/* service.c — the technician's screen, reached by five taps on the studio
 * name within four seconds and the technician PIN, which the district sets
 * in the console and the state pull delivers as an argon2id hash (checked
 * here offline, like members' PINs). There is no PIN in the image: until the
 * first state with one arrives, the screen says so and stays shut. Shows
 * what a technician needs on site: server URL, device id, queue depth and
 * the oldest queued record's age, last sync and last error, version, free
 * disk; "立即同步" asks the sync thread for a round now. Residents never
 * see it by accident: the gesture is hidden and the PIN pad comes first. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "button.h"
#include "label.h"
#include "mq_device.h"
#include "mq_log.h"
#include "mq_outbox.h"
#include "mq_time.h"
#include "screens.h"

#define GESTURE_TAPS 5
#define GESTURE_MS 4000

/* The technician's session, and the hidden gesture's count, which a wipe
 * leaves alone (it counts taps on the top bar, not what a resident did). */
struct service {
	struct {
		char pin[32];
		bool open;                  /* the right PIN was entered */
		struct mq_screen_message message;
	} s;
	int studio_taps;
	int64_t studio_tap_ms;
};

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

	if (pin_ok(app)) {
		v->s.open = true;
		mq_log_info("ui", "service screen opened");
	} else {
		snprintf(v->s.message.text, sizeof(v->s.message.text), "%s", "密码不对");
		mq_log_warn("ui", "service screen: wrong PIN");
	}
	sodium_memzero(v->s.pin, sizeof(v->s.pin));
	mq_app_relayout(app);
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
	char dots[64] = "";
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
	if (v->s.message.text[0])
		(void)mq_ui_label_create(tree, t, "service.message", mq_tr(v->s.message.text),
					 (SDL_Rect){ c.x + w + t->gap, y, c.w - w - t->gap, field_h },
					 t->font_body, true, t->error_fg, t->bg);
	y += field_h + t->gap;
	app->pad = (struct mq_ui_digitpad){ pin_key, app };
	(void)mq_ui_digitpad_build(&app->pad, tree, t, "service",
				   (SDL_Rect){ c.x, y, w, c.y + c.h - y - t->button_h - t->gap });
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

	(void)mq_ui_label_create(tree, t, "service.title", mq_tr("维护（工作人员专用）"),
				 (SDL_Rect){ c.x, y, c.w, title_h }, t->font_title, true, t->text, t->bg);
	y += title_h + t->gap_small;
	if (app->store && (mq_outbox_stats(app->store, &st) != MQ_OK ||
			   mq_store_get(app->store, "last_sync_at", last_sync, sizeof(last_sync)) != MQ_OK ||
			   mq_store_get(app->store, "last_error", last_error, sizeof(last_error)) != MQ_OK))
		mq_log_error("ui", "service: cannot read the store");
	y += row(app, tree, c, y, "server", mq_tr("服务器"),
		 app->cfg->server_url[0] ? app->cfg->server_url : mq_tr("（未设置）"));
	y += row(app, tree, c, y, "device", mq_tr("设备编号"),
		 mq_device_load(app->cfg->data_dir, &dev) == MQ_OK ? dev.id : mq_tr("（未登记）"));
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
	y += row(app, tree, c, y, "version", mq_tr("版本"), MQ_VERSION);
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
