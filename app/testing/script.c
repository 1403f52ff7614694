/* script.c — drives the UI from a text file for tests and demos. Taps go
 * through the same event path as a finger (synthesised SDL mouse events at
 * the widget's centre); waits block on events with a deadline, never sleep. */
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

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool parse_long(const char *s, size_t len, long *out)
{
	char buf[32], *end;
	long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

static bool valid_id(const char *s)
{
	if (!*s || strlen(s) >= MQ_UI_ID_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

/* Split "WORD1 WORD2" into two tokens; false unless exactly two. */
static bool two_words(const char *s, const char **a, size_t *alen, const char **b, size_t *blen)
{
	*a = s;
	*alen = strcspn(s, " \t");
	if ((*a)[*alen] == '\0')
		return false;
	*b = skip_space(s + *alen);
	*blen = strcspn(*b, " \t");
	return *blen > 0 && *skip_space(*b + *blen) == '\0';
}

bool mq_script_parse_line(const char *line, struct mq_script_cmd *cmd, char *err,
			  size_t err_size)
{
	char buf[MQ_SCRIPT_LINE_MAX + 1];
	size_t len, wlen;
	const char *p, *rest, *a, *b;
	size_t alen, blen;

	memset(cmd, 0, sizeof(*cmd));
	err[0] = '\0';
	len = strlen(line);
	if (len > MQ_SCRIPT_LINE_MAX) {
		snprintf(err, err_size, "line longer than %d bytes", MQ_SCRIPT_LINE_MAX);
		return false;
	}
	memcpy(buf, line, len + 1);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	p = skip_space(buf);
	if (*p == '\0' || *p == '#') {
		cmd->op = MQ_SCRIPT_NOP;
		return true;
	}
	wlen = strcspn(p, " \t");
	rest = skip_space(p + wlen);

#define IS(word) (wlen == strlen(word) && strncmp(p, word, wlen) == 0)
	if (IS("tap")) {
		if (two_words(rest, &a, &alen, &b, &blen) && parse_long(a, alen, &cmd->x) &&
		    parse_long(b, blen, &cmd->y)) {
			cmd->op = MQ_SCRIPT_TAP_XY;
			return true;
		}
		if (!valid_id(rest)) {
			snprintf(err, err_size, "tap needs a widget id (dotted lowercase) or X Y, got \"%s\"",
				 rest);
			return false;
		}
		cmd->op = MQ_SCRIPT_TAP_ID;
		snprintf(cmd->arg, sizeof(cmd->arg), "%s", rest);
		return true;
	}
	if (IS("wait")) {
		if (!parse_long(rest, strlen(rest), &cmd->ms) || cmd->ms < 0) {
			snprintf(err, err_size, "wait needs milliseconds, got \"%s\"", rest);
			return false;
		}
		cmd->op = MQ_SCRIPT_WAIT;
		return true;
	}
	if (IS("wait-for")) {
		cmd->ms = MQ_SCRIPT_WAIT_FOR_DEFAULT_MS;
		if (two_words(rest, &a, &alen, &b, &blen)) {
			if (!parse_long(b, blen, &cmd->ms) || cmd->ms < 0) {
				snprintf(err, err_size, "wait-for: bad milliseconds \"%.*s\"", (int)blen, b);
				return false;
			}
		} else {
			a = rest;
			alen = strlen(rest);
		}
		snprintf(cmd->arg, sizeof(cmd->arg), "%.*s", (int)alen, a);
		if (!valid_id(cmd->arg)) {
			snprintf(err, err_size, "wait-for needs a widget id, got \"%s\"", rest);
			return false;
		}
		cmd->op = MQ_SCRIPT_WAIT_FOR;
		return true;
	}
	if (IS("monkey")) {
		long seed;

		if (!two_words(rest, &a, &alen, &b, &blen) || !parse_long(a, alen, &cmd->n) ||
		    cmd->n < 0 || !parse_long(b, blen, &seed) || seed < 0) {
			snprintf(err, err_size, "monkey needs EVENTS and SEED, got \"%s\"", rest);
			return false;
		}
		cmd->seed = (unsigned long)seed;
		cmd->op = MQ_SCRIPT_MONKEY;
		return true;
	}
	if (IS("redraw")) {
		if (!parse_long(rest, strlen(rest), &cmd->n) || cmd->n < 0) {
			snprintf(err, err_size, "redraw needs a count, got \"%s\"", rest);
			return false;
		}
		cmd->op = MQ_SCRIPT_REDRAW;
		return true;
	}
	if (IS("expect-text") || IS("type") || IS("hid") || IS("screenshot") || IS("dump") ||
	    IS("strokes") || IS("expect-screen") || IS("expect-no-text")) {
		if (*rest == '\0') {
			snprintf(err, err_size, "%.*s needs an argument", (int)wlen, p);
			return false;
		}
		if (IS("hid")) {
			size_t o = 0;

			for (const char *s = rest; *s && o + 1 < sizeof(cmd->arg); s++) {
				if (s[0] == '\\' && s[1] == 'n') {
					cmd->arg[o++] = '\n';
					s++;
				} else if (s[0] == '\\' && s[1] == '\\') {
					cmd->arg[o++] = '\\';
					s++;
				} else {
					cmd->arg[o++] = *s;
				}
			}
			cmd->arg[o] = '\0';
			cmd->op = MQ_SCRIPT_HID;
			return true;
		}
		snprintf(cmd->arg, sizeof(cmd->arg), "%s", rest);
		cmd->op = IS("expect-text")      ? MQ_SCRIPT_EXPECT_TEXT
			: IS("expect-no-text")   ? MQ_SCRIPT_EXPECT_NO_TEXT
			: IS("expect-screen")    ? MQ_SCRIPT_EXPECT_SCREEN
			: IS("type")             ? MQ_SCRIPT_TYPE
			: IS("strokes")          ? MQ_SCRIPT_STROKES
			: IS("screenshot")       ? MQ_SCRIPT_SCREENSHOT
						 : MQ_SCRIPT_DUMP;
		return true;
	}
	if (IS("py")) {
		if (!two_words(rest, &a, &alen, &b, &blen) || !parse_long(b, blen, &cmd->n) ||
		    cmd->n < 1) {
			snprintf(err, err_size, "py needs PINYIN and a candidate number, got \"%s\"", rest);
			return false;
		}
		snprintf(cmd->arg, sizeof(cmd->arg), "%.*s", (int)alen, a);
		cmd->op = MQ_SCRIPT_PY;
		return true;
	}
	if (IS("clock")) {
		const char *s = *rest == '+' ? rest + 1 : rest;

		if (!parse_long(s, strlen(s), &cmd->n) || cmd->n < 0) {
			snprintf(err, err_size, "clock needs +SECONDS, got \"%s\"", rest);
			return false;
		}
		cmd->op = MQ_SCRIPT_CLOCK;
		return true;
	}
#undef IS
	snprintf(err, err_size, "unknown command \"%.*s\"", (int)wlen, p);
	return false;
}

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

/* Handle events until @p done says yes or @p ms pass (real time). */
static bool wait_until(struct mq_app *app, long ms, const char *id)
{
	int64_t deadline = mq_time_mono_ms() + ms;

	for (;;) {
		int64_t left;

		if (id) {
			struct mq_ui_widget *w = mq_ui_tree_find(app->tree, id);

			if (w && mq_ui_widget_visible(w))
				return true;
		}
		left = deadline - mq_time_mono_ms();
		if (left <= 0)
			return id == NULL;
		if (!mq_app_pump(app, (int)left))
			return id == NULL;
	}
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

static bool step(struct mq_app *app, const struct mq_script_cmd *cmd, char *err,
		 size_t err_size)
{
	switch (cmd->op) {
	case MQ_SCRIPT_NOP:
		return true;
	case MQ_SCRIPT_TAP_ID:
		return tap_widget(app, cmd->arg, err, err_size);
	case MQ_SCRIPT_TAP_XY:
		if (cmd->x < 0 || cmd->y < 0 || cmd->x >= app->w || cmd->y >= app->h) {
			snprintf(err, err_size, "(%ld,%ld) is off the %dx%d screen", cmd->x, cmd->y,
				 app->w, app->h);
			return false;
		}
		mq_app_tap(app, (int)cmd->x, (int)cmd->y);
		return true;
	case MQ_SCRIPT_WAIT:
		return wait_until(app, cmd->ms, NULL);
	case MQ_SCRIPT_WAIT_FOR:
		if (!wait_until(app, cmd->ms, cmd->arg)) {
			snprintf(err, err_size, "%s did not appear within %ld ms (screen %s)", cmd->arg,
				 cmd->ms, mq_app_screen_name(app));
			return false;
		}
		return true;
	case MQ_SCRIPT_EXPECT_TEXT:
		if (!expect_text(app, cmd->arg)) {
			snprintf(err, err_size, "no visible widget on screen %s shows \"%s\"",
				 mq_app_screen_name(app), cmd->arg);
			return false;
		}
		return true;
	case MQ_SCRIPT_TYPE:
		return type_text(app, cmd->arg, err, err_size);
	case MQ_SCRIPT_PY:
		return type_pinyin(app, cmd->arg, cmd->n, err, err_size);
	case MQ_SCRIPT_STROKES:
		return write_strokes(app, cmd->arg, err, err_size);
	case MQ_SCRIPT_MONKEY:
		return mq_monkey_run(app, cmd->n, cmd->seed, err, err_size);
	case MQ_SCRIPT_REDRAW: {
		int64_t t0 = mq_time_mono_ms();

		for (long i = 0; i < cmd->n; i++)
			mq_app_redraw(app);
		if (cmd->n > 0)
			mq_log_info("script", "%ld full redraws in %lld ms (%.2f ms each)", cmd->n,
				    (long long)(mq_time_mono_ms() - t0),
				    (double)(mq_time_mono_ms() - t0) / (double)cmd->n);
		return true;
	}
	case MQ_SCRIPT_EXPECT_SCREEN:
		if (strcmp(mq_app_screen_name(app), cmd->arg) != 0) {
			snprintf(err, err_size, "screen is %s, not %s", mq_app_screen_name(app),
				 cmd->arg);
			return false;
		}
		return true;
	case MQ_SCRIPT_EXPECT_NO_TEXT:
		if (expect_text(app, cmd->arg)) {
			snprintf(err, err_size, "a visible widget on screen %s still shows \"%s\"",
				 mq_app_screen_name(app), cmd->arg);
			return false;
		}
		return true;
	case MQ_SCRIPT_HID:
		mq_app_hid(app, cmd->arg);
		return true;
	case MQ_SCRIPT_CLOCK:
		mq_app_advance_clock(app, cmd->n);
		(void)mq_app_pump(app, 0);
		return true;
	case MQ_SCRIPT_SCREENSHOT:
		if (!mq_app_screenshot(app, cmd->arg)) {
			snprintf(err, err_size, "cannot write screenshot %s", cmd->arg);
			return false;
		}
		return true;
	case MQ_SCRIPT_DUMP:
		if (!mq_dump_write(app, cmd->arg)) {
			snprintf(err, err_size, "cannot write dump %s", cmd->arg);
			return false;
		}
		return true;
	}
	return false;
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
