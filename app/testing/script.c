/* script.c — drives the UI from a text file for tests and demos (the
 * lines are parsed by script_parse.c; each command's step is in a table by
 * its op). Taps go through the same event path as a finger (synthesised SDL
 * mouse events at the widget's centre); waits block on events with a
 * deadline, never sleep. */
#include "mq_script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyboard.h"
#include "mq_app.h"
#include "mq_log.h"
#include "mq_time.h"
#include "testing.h"
#include "text.h"

/* Tap the centre of a visible widget; fails when something else would get it. */
static bool tap_widget(struct mq_app *app, const char *id, char *err, size_t err_size)
{
	struct mq_ui_widget *w = mq_ui_tree_find(app->tree, id), *hit;
	SDL_Rect r;
	int x, y;

	if (!w) {
		snprintf(err, err_size, "no widget %s on screen %s", id, mq_app_screen_name(app));
		return false;
	}
	if (!mq_ui_widget_visible(w)) {
		snprintf(err, err_size, "widget %s is hidden", id);
		return false;
	}
	r = mq_ui_widget_rect(w);
	x = r.x + r.w / 2;
	y = r.y + r.h / 2;
	hit = mq_ui_tree_hit(app->tree, x, y);
	if (hit != w) {
		snprintf(err, err_size, "widget %s cannot be tapped at (%d,%d)%s%s", id, x, y,
			 hit ? ": covered by " : " (it takes no taps)", hit ? mq_ui_widget_id(hit) : "");
		return false;
	}
	mq_app_tap(app, x, y);
	return true;
}

/* Tap a keyboard function key until @p want says the keyboard is as needed. */
static bool ensure(struct mq_app *app, const char *key, bool (*state)(const struct mq_ui_keyboard *),
		   bool want, char *err, size_t err_size)
{
	char id[MQ_UI_ID_MAX];

	if (state(app->kb) == want)
		return true;
	snprintf(id, sizeof(id), "kbd.key.%s", key);
	if (!tap_widget(app, id, err, err_size))
		return false;
	if (state(app->kb) != want) {
		snprintf(err, err_size, "tapping %s did not switch the keyboard", id);
		return false;
	}
	return true;
}

/* Through the on-screen keyboard, as a finger would: English letters (the
 * pinyin IME bypassed), the symbol layer when a key lives there. */
static bool type_text(struct mq_app *app, const char *s, char *err, size_t err_size)
{
	size_t len = strlen(s), n;
	char id[MQ_UI_ID_MAX];

	if (!ensure(app, "handwriting", mq_ui_keyboard_handwriting, false, err, err_size))
		return false;
	for (size_t i = 0; i < len; i += n) {
		bool shift;
		const struct mq_ui_key_def *key = mq_ui_keyboard_key_for(s + i, len - i, &n, &shift);
		bool letter;

		if (!key) {
			snprintf(err, err_size,
				 "no key on the on-screen keyboard types \"%.*s\" (Chinese: use py PINYIN N or strokes FILE)",
				 (int)n, s + i);
			return false;
		}
		letter = key->text && key->text[0] >= 'a' && key->text[0] <= 'z' && !key->text[1];
		if (letter && !ensure(app, "lang", mq_ui_keyboard_latin, true, err, err_size))
			return false;
		if (key->layer != MQ_UI_LAYER_ALL &&
		    !ensure(app, "symbols", mq_ui_keyboard_symbols,
			    key->layer == MQ_UI_LAYER_SYMBOLS, err, err_size))
			return false;
		if (letter && shift != mq_ui_keyboard_shifted(app->kb) &&
		    !tap_widget(app, "kbd.key.shift", err, err_size))
			return false;
		snprintf(id, sizeof(id), "kbd.key.%s", key->name);
		if (!tap_widget(app, id, err, err_size))
			return false;
	}
	return true;
}

static bool chinese_mode(const struct mq_ui_keyboard *kb)
{
	return !mq_ui_keyboard_latin(kb);
}

/* py PINYIN N: the letters through the pinyin IME, then candidate N (1 = first). */
static bool type_pinyin(struct mq_app *app, const char *py, long nth, char *err,
			size_t err_size)
{
	char id[MQ_UI_ID_MAX];
	size_t per, idx = (size_t)nth - 1;

	if (!app->pinyin) {
		snprintf(err, err_size, "pinyin input is not available (libgooglepinyin dictionary missing)");
		return false;
	}
	if (!ensure(app, "handwriting", mq_ui_keyboard_handwriting, false, err, err_size) ||
	    !ensure(app, "symbols", mq_ui_keyboard_symbols, false, err, err_size) ||
	    !ensure(app, "lang", chinese_mode, true, err, err_size))
		return false;
	for (const char *p = py; *p; p++) {
		if (*p < 'a' || *p > 'z') {
			snprintf(err, err_size, "py wants lower-case pinyin letters, got \"%s\"", py);
			return false;
		}
		snprintf(id, sizeof(id), "kbd.key.%c", *p);
		if (!tap_widget(app, id, err, err_size))
			return false;
	}
	per = mq_ui_keyboard_per_page(app->kb);
	if (per == 0) {
		snprintf(err, err_size, "the keyboard shows no candidate bar");
		return false;
	}
	while (mq_ui_keyboard_page(app->kb) < idx / per)
		if (!tap_widget(app, "kbd.page.next", err, err_size))
			return false;
	snprintf(id, sizeof(id), "kbd.candidate.%zu", idx % per);
	return tap_widget(app, id, err, err_size);
}

/* strokes FILE: each line a stroke of "x,y" points in 0..1000 of the pad. */
static bool write_strokes(struct mq_app *app, const char *path, char *err, size_t err_size)
{
	struct mq_ui_widget *pad = mq_ui_tree_find(app->tree, "kbd.hw.pad");
	char line[4096];
	FILE *f;
	int strokes = 0;

	if (!pad || !mq_ui_widget_visible(pad)) {
		snprintf(err, err_size, "no handwriting pad on screen (tap kbd.key.handwriting first)");
		return false;
	}
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_size, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		SDL_Point pts[512];
		size_t n = 0;
		char *p = line;

		if (line[0] == '#')
			continue;
		while (*p && n < sizeof(pts) / sizeof(pts[0])) {
			char *end;
			long x, y;

			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '\n' || *p == '\r' || !*p)
				break;
			x = strtol(p, &end, 10);
			if (end == p || *end != ',')
				break;
			p = end + 1;
			y = strtol(p, &end, 10);
			if (end == p || x < 0 || x > 1000 || y < 0 || y > 1000)
				break;
			p = end;
			/* re-read the pad each stroke: the tree is rebuilt between them */
			pad = mq_ui_tree_find(app->tree, "kbd.hw.pad");
			if (!pad)
				break;
			pts[n++] = (SDL_Point){ mq_ui_widget_rect(pad).x + (int)(x * (mq_ui_widget_rect(pad).w - 1) / 1000),
						mq_ui_widget_rect(pad).y + (int)(y * (mq_ui_widget_rect(pad).h - 1) / 1000) };
		}
		if (n == 0)
			continue;
		mq_app_stroke(app, pts, n);
		strokes++;
	}
	fclose(f);
	if (strokes == 0) {
		snprintf(err, err_size, "%s holds no strokes", path);
		return false;
	}
	return true;
}

static bool expect_text(struct mq_app *app, const char *text)
{
	for (size_t i = 0; i < mq_ui_tree_count(app->tree); i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);

		if (mq_ui_widget_visible(w) && mq_ui_widget_role(w) != MQ_UI_ROLE_DECOR &&
		    strstr(mq_ui_widget_text(w), text))
			return true;
	}
	return false;
}

/* Handle events until widget @p id is visible, or a visible widget shows
 * @p text (either may be NULL), or @p ms pass (real time). */
static bool wait_until(struct mq_app *app, long ms, const char *id, const char *text)
{
	int64_t deadline = mq_time_mono_ms() + ms;

	for (;;) {
		int64_t left;

		if (id) {
			struct mq_ui_widget *w = mq_ui_tree_find(app->tree, id);

			if (w && mq_ui_widget_visible(w))
				return true;
		}
		if (text && expect_text(app, text))
			return true;
		left = deadline - mq_time_mono_ms();
		if (left <= 0)
			return id == NULL && text == NULL;
		if (!mq_app_pump(app, (int)left))
			return id == NULL && text == NULL;
	}
}

/* What a step gets: the app, the parsed command, room for why it failed. */
typedef bool (*step_fn)(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			size_t err_size);

static bool do_nop(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		   size_t err_size)
{
	return true;
}

static bool do_tap_id(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		      size_t err_size)
{
	return tap_widget(app, cmd->arg, err, err_size);
}

static bool do_tap_xy(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		      size_t err_size)
{
	if (cmd->x < 0 || cmd->y < 0 || cmd->x >= app->w || cmd->y >= app->h) {
		snprintf(err, err_size, "(%ld,%ld) is off the %dx%d screen", cmd->x, cmd->y,
			 app->w, app->h);
		return false;
	}
	mq_app_tap(app, (int)cmd->x, (int)cmd->y);
	return true;
}

static bool do_wait(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		    size_t err_size)
{
	return wait_until(app, cmd->ms, NULL, NULL);
}

static bool do_wait_for(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			size_t err_size)
{
	if (!wait_until(app, cmd->ms, cmd->arg, NULL)) {
		snprintf(err, err_size, "%s did not appear within %ld ms (screen %s)", cmd->arg,
			 cmd->ms, mq_app_screen_name(app));
		return false;
	}
	return true;
}

static bool do_wait_for_text(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			     size_t err_size)
{
	if (!wait_until(app, cmd->ms, NULL, cmd->arg)) {
		snprintf(err, err_size, "no visible widget showed \"%s\" within %ld ms (screen %s)",
			 cmd->arg, cmd->ms, mq_app_screen_name(app));
		return false;
	}
	return true;
}

/* Read-aloud done and played out, within cmd->ms (real time; checked between events). */
static bool do_wait_quiet(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			  size_t err_size)
{
	int64_t deadline = mq_time_mono_ms() + cmd->ms;

	while (!mq_app_speech_quiet(app)) {
		int64_t left = deadline - mq_time_mono_ms();

		if (left <= 0) {
			snprintf(err, err_size, "read-aloud still speaking after %ld ms", cmd->ms);
			return false;
		}
		/* the speech thread posts no event: look again every 20 ms at most */
		(void)mq_app_pump(app, left < 20 ? (int)left : 20);
	}
	return true;
}

static bool do_expect_text(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			   size_t err_size)
{
	if (!expect_text(app, cmd->arg)) {
		snprintf(err, err_size, "no visible widget on screen %s shows \"%s\"",
			 mq_app_screen_name(app), cmd->arg);
		return false;
	}
	return true;
}

static bool do_expect_no_text(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			      size_t err_size)
{
	if (expect_text(app, cmd->arg)) {
		snprintf(err, err_size, "a visible widget on screen %s still shows \"%s\"",
			 mq_app_screen_name(app), cmd->arg);
		return false;
	}
	return true;
}

static bool do_expect_screen(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			     size_t err_size)
{
	if (strcmp(mq_app_screen_name(app), cmd->arg) != 0) {
		snprintf(err, err_size, "screen is %s, not %s", mq_app_screen_name(app), cmd->arg);
		return false;
	}
	return true;
}

static bool do_type(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		    size_t err_size)
{
	return type_text(app, cmd->arg, err, err_size);
}

static bool do_py(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		  size_t err_size)
{
	return type_pinyin(app, cmd->arg, cmd->n, err, err_size);
}

static bool do_strokes(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		       size_t err_size)
{
	return write_strokes(app, cmd->arg, err, err_size);
}

static bool do_monkey(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		      size_t err_size)
{
	return mq_monkey_run(app, cmd->n, cmd->seed, err, err_size);
}

static bool do_redraw(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		      size_t err_size)
{
	int64_t t0 = mq_time_mono_ms();

	for (long i = 0; i < cmd->n; i++)
		mq_app_redraw(app);
	if (cmd->n > 0)
		mq_log_info("script", "%ld full redraws in %lld ms (%.2f ms each)", cmd->n,
			    (long long)(mq_time_mono_ms() - t0),
			    (double)(mq_time_mono_ms() - t0) / (double)cmd->n);
	return true;
}

static bool do_hid(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		   size_t err_size)
{
	mq_app_hid(app, cmd->arg);
	return true;
}

static bool do_clock(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		     size_t err_size)
{
	mq_app_advance_clock(app, cmd->n);
	(void)mq_app_pump(app, 0);
	return true;
}

static bool do_freeze(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		      size_t err_size)
{
	mq_testing_freeze(app, (int)cmd->n);
	return true;
}

static bool do_screenshot(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			  size_t err_size)
{
	if (!mq_app_screenshot(app, cmd->arg)) {
		snprintf(err, err_size, "cannot write screenshot %s", cmd->arg);
		return false;
	}
	return true;
}

static bool do_dump(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		    size_t err_size)
{
	if (!mq_dump_write(app, cmd->arg)) {
		snprintf(err, err_size, "cannot write dump %s", cmd->arg);
		return false;
	}
	return true;
}

static bool do_check_redraw(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
			    size_t err_size)
{
	return mq_app_check_redraw(app, err, err_size);
}

/* What each command does, by its op. */
static const step_fn steps[] = {
	[MQ_SCRIPT_NOP] = do_nop,
	[MQ_SCRIPT_TAP_ID] = do_tap_id,
	[MQ_SCRIPT_TAP_XY] = do_tap_xy,
	[MQ_SCRIPT_WAIT] = do_wait,
	[MQ_SCRIPT_WAIT_FOR] = do_wait_for,
	[MQ_SCRIPT_EXPECT_TEXT] = do_expect_text,
	[MQ_SCRIPT_TYPE] = do_type,
	[MQ_SCRIPT_PY] = do_py,
	[MQ_SCRIPT_HID] = do_hid,
	[MQ_SCRIPT_CLOCK] = do_clock,
	[MQ_SCRIPT_SCREENSHOT] = do_screenshot,
	[MQ_SCRIPT_DUMP] = do_dump,
	[MQ_SCRIPT_STROKES] = do_strokes,
	[MQ_SCRIPT_MONKEY] = do_monkey,
	[MQ_SCRIPT_REDRAW] = do_redraw,
	[MQ_SCRIPT_EXPECT_SCREEN] = do_expect_screen,
	[MQ_SCRIPT_EXPECT_NO_TEXT] = do_expect_no_text,
	[MQ_SCRIPT_FREEZE] = do_freeze,
	[MQ_SCRIPT_WAIT_FOR_TEXT] = do_wait_for_text,
	[MQ_SCRIPT_WAIT_QUIET] = do_wait_quiet,
	[MQ_SCRIPT_CHECK_REDRAW] = do_check_redraw,
};

static bool step(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		 size_t err_size)
{
	if ((size_t)cmd->op >= sizeof(steps) / sizeof(steps[0]) || !steps[cmd->op])
		return false;
	return steps[cmd->op](app, cmd, err, err_size);
}

int mq_script_run(struct mq_app *app, const char *path)
{
	static char line[MQ_SCRIPT_LINE_MAX + 2];
	static struct mq_script_cmd cmd;
	char err[512];
	FILE *f = fopen(path, "r");
	int lineno = 0, rc = 0;

	if (!f) {
		mq_log_error("script", "cannot open %s: %s", path, strerror(errno));
		return 2;
	}
	(void)mq_app_pump(app, 0);
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		lineno++;
		if (len > MQ_SCRIPT_LINE_MAX && line[len - 1] != '\n') {
			mq_log_error("script", "%s:%d: line longer than %d bytes", path, lineno,
				     MQ_SCRIPT_LINE_MAX);
			rc = 1;
			break;
		}
		if (!mq_script_parse_line(line, &cmd, err, sizeof(err))) {
			mq_log_error("script", "%s:%d: %s", path, lineno, err);
			rc = 1;
			break;
		}
		if (cmd.op == MQ_SCRIPT_NOP)
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		mq_log_debug("script", "%s:%d: %s", path, lineno, line);
		if (!step(app, &cmd, err, sizeof(err))) {
			mq_log_error("script", "%s:%d: step failed: %s: %s", path, lineno, line, err);
			rc = 1;
			break;
		}
		if (mq_app_quitting(app)) {
			mq_log_error("script", "%s:%d: the UI quit", path, lineno);
			rc = 1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		mq_log_error("script", "%s: read error", path);
		rc = 1;
	}
	fclose(f);
	if (rc == 0)
		mq_log_info("script", "%s: all %d lines passed", path, lineno);
	return rc;
}
