/* mq_script.h — the `--script FILE` driver (DESIGN §4): one command a line,
 * '#' comments and blank lines ignored, stops at the first failed step.
 *
 *   tap ID | tap X Y       wait MS | wait-for ID [MS]     expect-text TEXT
 *   type TEXT              hid TEXT                         clock +SECONDS
 *   screenshot FILE.png    dump FILE.json                   py PINYIN N
 * and, beyond DESIGN §4:
 *   strokes FILE           write on the handwriting pad: one stroke a line,
 *                          points "x,y" in 0..1000 of the pad, blank-separated
 *   monkey N SEED          N random events (monkey.c); fails if the UI is stuck
 *   redraw N               N full redraws (bench: instructions per frame)
 *   expect-screen NAME     the current screen is NAME (home, opinion, ...)
 *   expect-no-text TEXT    no visible widget shows TEXT
 *   wait-for-text MS TEXT  a visible widget shows TEXT within MS (a sync's result)
 *   freeze SECONDS         the UI loop stops for SECONDS (no events, no frames, no
 *                          watchdog pings: what systemd's watchdog must catch)
 *   wait-quiet MS          read-aloud has said everything and the audio device
 *                          took every sample, within MS (a test's condition on
 *                          the sound, instead of a sleep)
 *   check-redraw           what the frames drawn in parts show equals a full
 *                          redraw, pixel for pixel (also the rotated panel)
 */
#ifndef MQ_SCRIPT_H
#define MQ_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

/** Longest script line, and longest argument. */
#define MQ_SCRIPT_LINE_MAX 4096

/** wait-for's default bound in ms. */
#define MQ_SCRIPT_WAIT_FOR_DEFAULT_MS 5000

/** The commands. */
enum mq_script_op {
	MQ_SCRIPT_NOP,             /* blank line or comment */
	MQ_SCRIPT_TAP_ID,
	MQ_SCRIPT_TAP_XY,
	MQ_SCRIPT_WAIT,
	MQ_SCRIPT_WAIT_FOR,
	MQ_SCRIPT_EXPECT_TEXT,
	MQ_SCRIPT_TYPE,
	MQ_SCRIPT_PY,
	MQ_SCRIPT_HID,
	MQ_SCRIPT_CLOCK,
	MQ_SCRIPT_SCREENSHOT,
	MQ_SCRIPT_DUMP,
	MQ_SCRIPT_STROKES,
	MQ_SCRIPT_MONKEY,
	MQ_SCRIPT_REDRAW,
	MQ_SCRIPT_EXPECT_SCREEN,
	MQ_SCRIPT_EXPECT_NO_TEXT,
	MQ_SCRIPT_FREEZE,
	MQ_SCRIPT_WAIT_FOR_TEXT,
	MQ_SCRIPT_WAIT_QUIET,
	MQ_SCRIPT_CHECK_REDRAW,
};

/** One parsed line. */
struct mq_script_cmd {
	enum mq_script_op op;
	char arg[MQ_SCRIPT_LINE_MAX];  /* id, text, file or pinyin */
	long x, y;                     /* tap X Y */
	long ms;                       /* wait, wait-for, wait-for-text, wait-quiet */
	long n;                        /* clock or freeze seconds; py candidate; monkey/redraw count */
	unsigned long seed;            /* monkey */
};

/**
 * Parse one line (without or with its newline). Returns false and writes
 * why into @p err when the line is not a valid command. Pure: no UI needed.
 * For `hid`, the escapes \n and \\ stand for Return and a backslash.
 */
bool mq_script_parse_line(const char *line, struct mq_script_cmd *cmd, char *err,
			  size_t err_size);

struct mq_app;

/**
 * Run the script at @p path against the running UI. Returns 0 when every
 * step passed, 1 at the first failed step (logged with its line number and
 * why), 2 when the file cannot be read.
 */
int mq_script_run(struct mq_app *app, const char *path);

#endif
