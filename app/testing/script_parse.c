/* script_parse.c — one line of a --script file into a command (mq_script.h):
 * the command word picks its parser from a table; each parser checks its
 * arguments and says what is wrong with them. Pure: no UI needed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_script.h"
#include "widget.h"

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

/* What a command's parser gets: the command word, the op its table entry
 * names, and the rest of the line after the word and its spaces. Fills
 * @p cmd (op included) or writes why not into @p err. */
typedef bool (*parse_fn)(const char *word, enum mq_script_op op, const char *rest,
			 struct mq_script_cmd *cmd, char *err, size_t err_size);

/* tap ID | tap X Y */
static bool parse_tap(const char *word, enum mq_script_op op, const char *rest,
		      struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	const char *a, *b;
	size_t alen, blen;

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
	cmd->op = op;
	snprintf(cmd->arg, sizeof(cmd->arg), "%s", rest);
	return true;
}

/* wait MS, wait-quiet MS */
static bool parse_wait(const char *word, enum mq_script_op op, const char *rest,
		       struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	if (!parse_long(rest, strlen(rest), &cmd->ms) || cmd->ms < 0) {
		snprintf(err, err_size, "%s needs milliseconds, got \"%s\"", word, rest);
		return false;
	}
	cmd->op = op;
	return true;
}

/* wait-for ID [MS] */
static bool parse_wait_for(const char *word, enum mq_script_op op, const char *rest,
			   struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	const char *a, *b;
	size_t alen, blen;

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
	cmd->op = op;
	return true;
}

/* monkey EVENTS SEED */
static bool parse_monkey(const char *word, enum mq_script_op op, const char *rest,
			 struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	const char *a, *b;
	size_t alen, blen;
	long seed;

	if (!two_words(rest, &a, &alen, &b, &blen) || !parse_long(a, alen, &cmd->n) ||
	    cmd->n < 0 || !parse_long(b, blen, &seed) || seed < 0) {
		snprintf(err, err_size, "monkey needs EVENTS and SEED, got \"%s\"", rest);
		return false;
	}
	cmd->seed = (unsigned long)seed;
	cmd->op = op;
	return true;
}

/* redraw N */
static bool parse_redraw(const char *word, enum mq_script_op op, const char *rest,
			 struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	if (!parse_long(rest, strlen(rest), &cmd->n) || cmd->n < 0) {
		snprintf(err, err_size, "redraw needs a count, got \"%s\"", rest);
		return false;
	}
	cmd->op = op;
	return true;
}

/* A command that takes the rest of the line as it is (text, a file, an id). */
static bool parse_text(const char *word, enum mq_script_op op, const char *rest,
		       struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	if (*rest == '\0') {
		snprintf(err, err_size, "%s needs an argument", word);
		return false;
	}
	snprintf(cmd->arg, sizeof(cmd->arg), "%s", rest);
	cmd->op = op;
	return true;
}

/* hid TEXT, with \n for Return and \\ for a backslash */
static bool parse_hid(const char *word, enum mq_script_op op, const char *rest,
		      struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	size_t o = 0;

	if (*rest == '\0') {
		snprintf(err, err_size, "%s needs an argument", word);
		return false;
	}
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
	cmd->op = op;
	return true;
}

/* py PINYIN N */
static bool parse_py(const char *word, enum mq_script_op op, const char *rest,
		     struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	const char *a, *b;
	size_t alen, blen;

	if (!two_words(rest, &a, &alen, &b, &blen) || !parse_long(b, blen, &cmd->n) ||
	    cmd->n < 1) {
		snprintf(err, err_size, "py needs PINYIN and a candidate number, got \"%s\"", rest);
		return false;
	}
	snprintf(cmd->arg, sizeof(cmd->arg), "%.*s", (int)alen, a);
	cmd->op = op;
	return true;
}

/* clock +SECONDS (the + may be left out) */
static bool parse_clock(const char *word, enum mq_script_op op, const char *rest,
			struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	const char *s = *rest == '+' ? rest + 1 : rest;

	if (!parse_long(s, strlen(s), &cmd->n) || cmd->n < 0) {
		snprintf(err, err_size, "clock needs +SECONDS, got \"%s\"", rest);
		return false;
	}
	cmd->op = op;
	return true;
}

/* freeze SECONDS (1..3600) */
static bool parse_freeze(const char *word, enum mq_script_op op, const char *rest,
			 struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	if (!parse_long(rest, strlen(rest), &cmd->n) || cmd->n < 1 || cmd->n > 3600) {
		snprintf(err, err_size, "freeze needs 1..3600 seconds, got \"%s\"", rest);
		return false;
	}
	cmd->op = op;
	return true;
}

/* wait-for-text MS TEXT */
static bool parse_wait_for_text(const char *word, enum mq_script_op op, const char *rest,
				struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	size_t n = strcspn(rest, " \t");
	const char *text = skip_space(rest + n);

	if (!parse_long(rest, n, &cmd->ms) || cmd->ms < 0 || !*text) {
		snprintf(err, err_size, "wait-for-text needs MS and TEXT, got \"%s\"", rest);
		return false;
	}
	snprintf(cmd->arg, sizeof(cmd->arg), "%s", text);
	cmd->op = op;
	return true;
}

/* A command without arguments. */
static bool parse_bare(const char *word, enum mq_script_op op, const char *rest,
		       struct mq_script_cmd *cmd, char *err, size_t err_size)
{
	if (*rest) {
		snprintf(err, err_size, "%s takes no arguments, got \"%s\"", word, rest);
		return false;
	}
	cmd->op = op;
	return true;
}

/* Every command word, its op and its parser. */
static const struct {
	const char *word;
	enum mq_script_op op;
	parse_fn parse;
} commands[] = {
	{ "tap", MQ_SCRIPT_TAP_ID, parse_tap },
	{ "wait", MQ_SCRIPT_WAIT, parse_wait },
	{ "wait-for", MQ_SCRIPT_WAIT_FOR, parse_wait_for },
	{ "monkey", MQ_SCRIPT_MONKEY, parse_monkey },
	{ "redraw", MQ_SCRIPT_REDRAW, parse_redraw },
	{ "expect-text", MQ_SCRIPT_EXPECT_TEXT, parse_text },
	{ "expect-no-text", MQ_SCRIPT_EXPECT_NO_TEXT, parse_text },
	{ "expect-screen", MQ_SCRIPT_EXPECT_SCREEN, parse_text },
	{ "type", MQ_SCRIPT_TYPE, parse_text },
	{ "strokes", MQ_SCRIPT_STROKES, parse_text },
	{ "screenshot", MQ_SCRIPT_SCREENSHOT, parse_text },
	{ "dump", MQ_SCRIPT_DUMP, parse_text },
	{ "hid", MQ_SCRIPT_HID, parse_hid },
	{ "py", MQ_SCRIPT_PY, parse_py },
	{ "clock", MQ_SCRIPT_CLOCK, parse_clock },
	{ "freeze", MQ_SCRIPT_FREEZE, parse_freeze },
	{ "wait-for-text", MQ_SCRIPT_WAIT_FOR_TEXT, parse_wait_for_text },
	{ "wait-quiet", MQ_SCRIPT_WAIT_QUIET, parse_wait },
	{ "check-redraw", MQ_SCRIPT_CHECK_REDRAW, parse_bare },
};

bool mq_script_parse_line(const char *line, struct mq_script_cmd *cmd, char *err,
			  size_t err_size)
{
	char buf[MQ_SCRIPT_LINE_MAX + 1];
	size_t len, wlen;
	const char *p, *rest;

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
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (wlen == strlen(commands[i].word) && strncmp(p, commands[i].word, wlen) == 0)
			return commands[i].parse(commands[i].word, commands[i].op, rest, cmd, err,
						 err_size);
	snprintf(err, err_size, "unknown command \"%.*s\"", (int)wlen, p);
	return false;
}
