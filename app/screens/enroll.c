/* enroll.c — 登记本机: what a kiosk with no credentials shows instead of the
 * resident home, on its first boot. The technician types the enrollment
 * code from the console (终端) on a keypad of the code's own alphabet (the
 * dashes come by themselves), checks the server address (preset from the
 * config's enroll_url, which the image fills from the site file; the full
 * keyboard edits it), and taps 登记 — or holds the QR code shown beside the
 * code in the console to the USB scanner, which does all of it at once.
 * The enrollment (mq_sync_enroll) runs on a thread; every way it can fail
 * gets its own plain sentence. On success the kiosk starts syncing and goes
 * to the home screen, never to come back here. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "button.h"
#include "keyboard.h"
#include "label.h"
#include "mq_log.h"
#include "mq_sync.h"
#include "mq_wire.h"
#include "screens.h"

/* An enrollment running on its thread: what it sends and what it got. */
struct job {
	char server[512];
	char code[MQ_WIRE_ENROLL_CODE_CHARS + 1];
	enum mq_err err;
	char why[512];               /* the technician's English detail, for the log */
	bool has_wake;
	SDL_Event wake;              /* mq_app_wake_event: calls this screen's wake op */
	const struct mq_config *cfg;
};

/* What the technician typed (kept across the idle wipe: it is nobody's
 * private data, and retyping a code helps nobody), the enrollment running,
 * and where the kiosk enrolled (for the tracking URLs when the config names
 * no public_url). */
struct enroll {
	char server[512];
	char code[MQ_WIRE_ENROLL_CODE_CHARS + 1];
	bool preset;                 /* server filled from the config once */
	bool editing_server;         /* the full keyboard is up for the address */
	char scan[1024];             /* a scanner burst in progress */
	struct mq_screen_message message;
	bool busy;
	struct job *job;
	SDL_Thread *thread;
	char enrolled_at[512];
};

static struct enroll *en(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_enroll);
}

const char *mq_screen_enroll_address(const struct mq_app *app)
{
	struct enroll *e = en(app);

	return e ? e->enrolled_at : "";
}

/* The plain words for what mq_sync_enroll answered (Chinese source). */
static const char *failure_text(enum mq_err err)
{
	switch (err) {
	case MQ_ERR_AUTH:
		return "登记码不对，或者已经用过了。请核对后重新输入；还不行的话，请区里在管理后台“终端”页重新生成一个。";
	case MQ_ERR_EXPIRED:
		return "这个登记码已经过期（登记码24小时内有效）。请区里在管理后台“终端”页重新生成一个。";
	case MQ_ERR_LIMITED:
		return "登记尝试的次数太多了，请过几分钟再试。";
	case MQ_ERR_OFFLINE:
		return "本机没有连上网络。请检查网线或无线网络，连好后再点“登记”。";
	case MQ_ERR_NETWORK:
		return "连不上服务器。请核对服务器地址；地址没错的话，可能是服务器没开或网络不通，请联系区里。";
	case MQ_ERR_TLS:
		return "服务器的安全证书和本机要求的不一致，为安全起见没有登记。请核对服务器地址，或请区里检查服务器证书。";
	case MQ_ERR_INSECURE:
		return "这个地址以 http:// 开头，传输不加密，本机不能用它登记。请改用 https:// 开头的地址。";
	case MQ_ERR_CONFIG:
		return "服务器地址要以 https:// 开头，例如 https://minqing.example.gov.cn";
	case MQ_ERR_SERVER:
		return "服务器暂时出了问题，或者这个地址不是民情系统的服务器。请核对地址，稍后再试。";
	default:
		return "本机保存登记信息时出错（存储卡可能有问题），请联系技术人员。";
	}
}

static void say(struct mq_app *app, const char *zh, bool error)
{
	struct enroll *e = en(app);

	snprintf(e->message.text, sizeof(e->message.text), "%s", zh ? zh : "");
	e->message.error = error;
	mq_app_relayout(app);
}

/* ---- the enrollment's thread ---- */

static int job_main(void *cls)
{
	struct job *job = cls;
	const struct mq_config *cfg = job->cfg;
	struct mq_sync_config sc = { .data_dir = cfg->data_dir, .server_url = job->server,
				     .ca_file = cfg->ca_file, .pinned_pubkey = cfg->pinned_pubkey,
				     .stall_seconds = cfg->stall_seconds, .batch = cfg->sync_batch,
				     .allow_insecure_http = cfg->allow_insecure_http };

	job->err = mq_sync_enroll(&sc, job->code, job->why, sizeof(job->why));
	if (job->has_wake) {
		SDL_Event ev = job->wake;

		(void)SDL_PushEvent(&ev);
	}
	return 0;
}

static void free_job(struct enroll *e)
{
	if (e->thread)
		SDL_WaitThread(e->thread, NULL);
	e->thread = NULL;
	free(e->job);
	e->job = NULL;
}

/* The kiosk has credentials now: start syncing and go to the home screen. */
static void enrolled(struct mq_app *app, const char *server)
{
	struct enroll *e = en(app);
	const struct mq_config *cfg = app->cfg;
	struct mq_sync_config sc = { .data_dir = cfg->data_dir, .server_url = cfg->server_url,
				     .ca_file = cfg->ca_file, .pinned_pubkey = cfg->pinned_pubkey,
				     .stall_seconds = cfg->stall_seconds, .batch = cfg->sync_batch,
				     .allow_insecure_http = cfg->allow_insecure_http };
	struct mq_sync *sync = NULL;

	snprintf(e->enrolled_at, sizeof(e->enrolled_at), "%s", server);
	if (cfg->server_url[0] && strcmp(cfg->server_url, server) != 0)
		mq_log_warn("enroll", "kiosk.ini's server_url %s wins over %s, the address enrolled "
			    "with: remove it unless it is meant", cfg->server_url, server);
	if (mq_sync_create(&sc, &sync) != MQ_OK)
		mq_log_error("enroll", "enrolled, but the sync client did not start: records queue");
	mq_log_info("enroll", "enrolled on screen with %s", server);
	memset(e->code, 0, sizeof(e->code));
	mq_app_enrolled(app, sync);
	mq_app_go_home(app);
}

/* The enrollment finished (the wake event). */
static void finished(struct mq_app *app)
{
	struct enroll *e = en(app);
	struct job *job = e->job;
	char server[sizeof(job->server)];

	if (!job)
		return;
	if (e->thread)
		SDL_WaitThread(e->thread, NULL);
	e->thread = NULL;
	e->busy = false;
	if (job->err == MQ_OK) {
		snprintf(server, sizeof(server), "%s", job->server);
		free_job(e);
		enrolled(app, server);
		return;
	}
	mq_log_warn("enroll", "enrollment refused (%s): %s", mq_strerror(job->err), job->why);
	say(app, failure_text(job->err), true);
	free_job(e);
}

static void submit(struct mq_app *app)
{
	struct enroll *e = en(app);
	struct job *job;

	if (e->busy)
		return;
	if (mq_screen_is_blank(e->server)) {
		say(app, "请先填写服务器地址", true);
		return;
	}
	if (strlen(e->code) != MQ_WIRE_ENROLL_CODE_CHARS) {
		say(app, "登记码是12位字母和数字，请输完整", true);
		return;
	}
	job = calloc(1, sizeof(*job));
	if (!job) {
		say(app, failure_text(MQ_ERR_NOMEM), true);
		return;
	}
	snprintf(job->server, sizeof(job->server), "%s", e->server);
	memcpy(job->code, e->code, sizeof(job->code));
	job->cfg = app->cfg;
	job->has_wake = mq_app_wake_event(app, &mq_screen_enroll, &job->wake);
	e->job = job;
	e->busy = true;
	e->editing_server = false;
	say(app, "正在连接服务器登记，请稍候……", false);
	mq_log_info("enroll", "enrolling with %s", job->server);
	if (job->has_wake)
		e->thread = SDL_CreateThread(job_main, "mq-enroll", job);
	if (!e->thread) {
		/* no thread (or no event type): enroll here; the screen waits meanwhile */
		job->has_wake = false;
		(void)job_main(job);
		finished(app);
	}
}

/* ---- typing ---- */

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	submit(cls);
}

static void code_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct enroll *e = en(app);
	size_t n = strlen(e->code);

	if (e->busy)
		return;
	e->message.text[0] = '\0';
	if (key == '\b' && n > 0)
		e->code[n - 1] = '\0';
	else if (key == 'c')
		memset(e->code, 0, sizeof(e->code));
	else if (key != '\b' && strchr(MQ_WIRE_ENROLL_ALPHABET, key) &&
		 n < MQ_WIRE_ENROLL_CODE_CHARS)
		e->code[n] = key;
	mq_app_relayout(app);
}

static void tap_server(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct enroll *e = en(app);

	if (e->busy)
		return;
	e->editing_server = true;
	e->message.text[0] = '\0';
	/* an address is Latin letters: start the keyboard in English */
	mq_ui_keyboard_reset(app->kb, true);
	mq_app_relayout(app);
}

static void tap_server_done(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct enroll *e = en(app);
	size_t n = strlen(e->server);

	while (n > 0 && (e->server[n - 1] == ' ' || e->server[n - 1] == '/'))
		e->server[--n] = '\0';
	e->editing_server = false;
	mq_ui_keyboard_reset(app->kb, mq_i18n_lang() == MQ_LANG_EN);
	mq_app_relayout(app);
}

static void server_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct enroll *e = en(app);

	snprintf(e->server, sizeof(e->server), "%s", mq_ui_widget_text(w));
	if (strchr(e->server, '\n')) {
		/* Enter on the keyboard: the address is done */
		e->server[strcspn(e->server, "\n")] = '\0';
		tap_server_done(w, app);
	}
}

/* Text from the scanner, in pieces, "\n" for Return: an enrollment QR fills
 * both fields and enrolls at once; a bare code fills the code. */
static void scan(struct mq_app *app, const char *text)
{
	struct enroll *e = en(app);
	size_t have = strlen(e->scan), add = strlen(text);
	char server[sizeof(e->server)], code[MQ_WIRE_ENROLL_CODE_CHARS + 1];

	if (strcmp(text, "\n") != 0) {
		if (have + add < sizeof(e->scan))
			memcpy(e->scan + have, text, add + 1);
		return;
	}
	if (e->busy) {
		memset(e->scan, 0, sizeof(e->scan));
		return;
	}
	if (mq_wire_enroll_qr_parse(e->scan, server, sizeof(server), code)) {
		snprintf(e->server, sizeof(e->server), "%s", server);
		memcpy(e->code, code, sizeof(e->code));
		e->editing_server = false;
		mq_log_info("enroll", "enrollment QR scanned for %s", server);
		submit(app);
	} else if (mq_wire_enroll_code_normalise(e->scan, code)) {
		memcpy(e->code, code, sizeof(e->code));
		say(app, NULL, false);
	} else {
		mq_log_info("enroll", "a scan that is no enrollment QR");
		say(app, "这不是登记二维码。请扫描管理后台“终端”页上登记码旁边的二维码。", true);
	}
	memset(e->scan, 0, sizeof(e->scan));
}

/* ---- the screen ---- */

/* "本机 0.1.0 · 网络地址 192.168.1.23" into @p out: what a technician on the
 * phone with the district is asked first. */
static void machine_info(char *out, size_t size)
{
	struct ifaddrs *all = NULL, *a;
	char addrs[128] = "";
	size_t n = 0;

	if (getifaddrs(&all) == 0) {
		for (a = all; a; a = a->ifa_next) {
			char ip[INET_ADDRSTRLEN];

			if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET ||
			    (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP) ||
			    !inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)a->ifa_addr)->sin_addr,
				       ip, sizeof(ip)))
				continue;
			n += (size_t)snprintf(addrs + n, sizeof(addrs) - n, "%s%s", n ? ", " : "", ip);
			if (n >= sizeof(addrs))
				break;
		}
		freeifaddrs(all);
	}
	snprintf(out, size, "%s %s · %s %s", mq_tr("本机版本"), MQ_VERSION, mq_tr("网络地址"),
		 addrs[0] ? addrs : mq_tr("（没有连上网络）"));
}

/* A field that shows @p text (or @p empty_shown muted while empty) and opens
 * its editor on a tap. */
static struct mq_ui_widget *field(struct mq_app *app, struct mq_ui_tree *tree, const char *id,
				  const char *text, const char *shown, SDL_Rect r, int px,
				  bool active, mq_ui_tap_cb on_tap)
{
	const struct mq_ui_theme *t = &app->theme;
	struct mq_ui_widget *w = mq_ui_widget_create(tree, id, MQ_UI_ROLE_INPUT, r);

	if (!w || !mq_ui_widget_set_text(w, text))
		return NULL;
	if (shown)
		(void)mq_ui_widget_set_shown_text(w, shown);
	mq_ui_widget_set_font(w, px, true);
	mq_ui_widget_set_colors(w, text[0] ? t->text : t->text_muted, t->surface, true);
	mq_ui_widget_set_frame(w, t->border * (active ? 3 : 1), active ? t->primary : t->outline,
			       t->radius_small);
	mq_ui_widget_set_align(w, MQ_UI_ALIGN_LEFT, false);
	mq_ui_widget_set_padding(w, t->gap_small);
	mq_ui_widget_set_line_h(w, mq_ui_theme_line_h(t, px));
	if (on_tap)
		mq_ui_widget_set_on_tap(w, on_tap, app);
	return w;
}

/* A caption over a field; returns its height. */
static int caption(struct mq_app *app, struct mq_ui_tree *tree, const char *id, const char *zh,
		   int x, int y, int w)
{
	const struct mq_ui_theme *t = &app->theme;
	int h = mq_ui_theme_line_h(t, t->font_body);

	(void)mq_ui_label_create(tree, t, id, mq_tr(zh), (SDL_Rect){ x, y, w, h }, t->font_body,
				 true, t->text, t->bg);
	return h;
}

/* The message box at the top of @p r, over the keypad where the technician
 * looks: the error (red, "请注意：" first) or what is going on. Returns the
 * height it takes with the gap under it (0 when there is no message). */
static int build_message(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	struct enroll *e = en(app);
	const struct mq_ui_theme *t = &app->theme;
	mq_ui_rgb fg = e->message.error ? t->error_fg : t->text;
	mq_ui_rgb bg = e->message.error ? t->error_bg : t->surface;
	char buf[400];
	struct mq_ui_widget *w;
	int h;

	if (!e->message.text[0])
		return 0;
	snprintf(buf, sizeof(buf), "%s%s", e->message.error ? mq_tr("请注意：") : "",
		 mq_tr(e->message.text));
	h = mq_ui_label_measure(app->text, t, buf, t->font_body, true, r.w - 2 * t->gap_small) +
	    2 * t->gap_small;
	w = mq_ui_label_create(tree, t, e->message.error ? "enroll.error" : "enroll.status", buf,
			       (SDL_Rect){ r.x, r.y, r.w, h }, t->font_body, true, fg, bg);
	if (w) {
		mq_ui_widget_set_colors(w, fg, bg, true);
		mq_ui_widget_set_padding(w, t->gap_small);
	}
	return h + t->gap;
}

/* The address being edited over the full keyboard. */
static void build_server(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct enroll *e = en(app);
	const struct mq_ui_theme *t = &app->theme;
	int kb_h = mq_ui_keyboard_height(app->kb, t), y = c.y, bw = mq_ui_theme_px(t, 200);
	int field_h = mq_ui_theme_line_h(t, t->font_title) + 2 * t->gap_small;
	const char *hint = mq_tr("例如 https://minqing.example.gov.cn ，以区里给的地址为准。输好后点“完成”。");
	struct mq_ui_widget *input;

	y += caption(app, tree, "enroll.server.caption", "服务器地址", c.x, y, c.w) + t->gap_small;
	input = mq_ui_input_create(tree, t, "enroll.server",
				   (SDL_Rect){ c.x, y, c.w - bw - t->gap, field_h }, 200, e->server,
				   "https://");
	if (input)
		mq_ui_widget_set_font(input, t->font_title, false);
	(void)mq_ui_button_create(tree, t, "enroll.server_done", mq_tr("完成"),
				  (SDL_Rect){ c.x + c.w - bw, y, bw, field_h > t->button_h
									 ? field_h : t->button_h },
				  MQ_UI_BUTTON_PRIMARY, t->font_title, tap_server_done, app);
	y += field_h + t->gap_small;
	(void)mq_ui_label_create(tree, t, "enroll.server.hint", hint,
				 (SDL_Rect){ c.x, y, c.w, c.y + c.h - kb_h - t->gap_small - y },
				 t->font_body, false, t->text_muted, t->bg);
	mq_screen_build_keyboard(app, tree, c, input, server_changed);
}

/* Title, hint, both fields, the message and 登记 in the left column @p l. */
static void build_form(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect l)
{
	struct enroll *e = en(app);
	const struct mq_ui_theme *t = &app->theme;
	char shown[MQ_WIRE_ENROLL_CODE_SHOWN + 1];
	const char *hint = mq_tr("本机还没有登记。请在区里管理后台的“终端”页生成登记码，在右边输入；或者用扫码器扫描那里的二维码。");
	int y = l.y, hint_h = mq_ui_label_measure(app->text, t, hint, t->font_body, false, l.w);
	int server_h = mq_ui_theme_line_h(t, t->font_body) + 2 * t->gap_small;
	int code_h = mq_ui_theme_line_h(t, t->font_huge) + 2 * t->gap_small;
	int submit_y;

	(void)mq_ui_label_create(tree, t, "enroll.title", mq_tr("登记本机"),
				 (SDL_Rect){ l.x, y, l.w, mq_ui_theme_line_h(t, t->font_title) },
				 t->font_title, true, t->text, t->bg);
	y += mq_ui_theme_line_h(t, t->font_title) + t->gap_small;
	(void)mq_ui_label_create(tree, t, "enroll.hint", hint, (SDL_Rect){ l.x, y, l.w, hint_h },
				 t->font_body, false, t->text, t->bg);
	y += hint_h + t->gap;
	mq_screen_announce(tree, (const char *const[]){ "enroll.title", "enroll.hint", NULL });
	y += caption(app, tree, "enroll.server.caption", "服务器地址（点这里修改）", l.x, y, l.w);
	(void)field(app, tree, "enroll.server", e->server, e->server[0] ? NULL : "https://",
		    (SDL_Rect){ l.x, y, l.w, server_h > t->touch_min ? server_h : t->touch_min },
		    t->font_body, false, e->busy ? NULL : tap_server);
	y += (server_h > t->touch_min ? server_h : t->touch_min) + t->gap;
	y += caption(app, tree, "enroll.code.caption", "登记码", l.x, y, l.w);
	mq_wire_enroll_code_show(e->code, shown);
	(void)field(app, tree, "enroll.code", shown, shown[0] ? NULL : "XXXX-XXXX-XXXX",
		    (SDL_Rect){ l.x, y, l.w, code_h }, t->font_huge, true, NULL);
	y += code_h + t->gap;
	/* 登记 at the bottom, as big as the room under the code allows */
	submit_y = l.y + l.h - t->big_button_h > y ? l.y + l.h - t->big_button_h : y;
	(void)mq_ui_button_create(tree, t, "enroll.submit", mq_tr(e->busy ? "正在登记……" : "登记"),
				  (SDL_Rect){ l.x, submit_y, l.w, l.y + l.h - submit_y },
				  !e->busy && strlen(e->code) == MQ_WIRE_ENROLL_CODE_CHARS &&
						  e->server[0] ? MQ_UI_BUTTON_PRIMARY
							       : MQ_UI_BUTTON_DIMMED,
				  t->font_huge, tap_submit, app);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct enroll *e = en(app);
	const struct mq_ui_theme *t = &app->theme;
	int left_w = c.w * 9 / 20, rx = c.x + left_w + 2 * t->gap, rw = c.x + c.w - rx;
	int info_h = mq_ui_theme_line_h(t, t->font_small) * 2, msg_h;
	char info[256];

	if (!e->preset) {
		snprintf(e->server, sizeof(e->server), "%s", app->cfg->enroll_url);
		e->preset = true;
	}
	if (e->editing_server) {
		build_server(app, tree, c);
		return;
	}
	build_form(app, tree, (SDL_Rect){ c.x, c.y, left_w, c.h });
	msg_h = build_message(app, tree, (SDL_Rect){ rx, c.y, rw, c.h });
	app->pad = (struct mq_ui_digitpad){ code_key, app };
	(void)mq_ui_keypad_build(&app->pad, tree, t, "enroll", MQ_WIRE_ENROLL_ALPHABET, 8,
				 (SDL_Rect){ rx, c.y + msg_h, rw, c.h - msg_h - info_h - t->gap });
	machine_info(info, sizeof(info));
	(void)mq_ui_label_create(tree, t, "enroll.info", info,
				 (SDL_Rect){ rx, c.y + c.h - info_h, rw, info_h }, t->font_small, false,
				 t->text_muted, t->bg);
}

/* A wipe (idle, 首页) leaves the technician's typing alone: it is no
 * resident's, and the code is worthless once used. Only the half-read scan
 * and the message go. */
static void clear(struct mq_app *app, void *data)
{
	struct enroll *e = data;

	memset(e->scan, 0, sizeof(e->scan));
	if (!e->busy)
		memset(&e->message, 0, sizeof(e->message));
	e->editing_server = false;
}

/* The UI is closing: wait for an enrollment still running. */
static void finish(struct mq_app *app)
{
	free_job(en(app));
}

const struct mq_screen_impl mq_screen_enroll = {
	.name = "enroll",
	.data_size = sizeof(struct enroll),
	.build = build,
	.clear = clear,
	.scan = scan,
	.wake = finished,
	.finish = finish,
};
