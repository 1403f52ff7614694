/* test_script.c — the --script line parser (DESIGN §4 command language). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mq_script.h"

static struct mq_script_cmd cmd;
static char err[256];

static void ok(const char *line, enum mq_script_op op)
{
	if (!mq_script_parse_line(line, &cmd, err, sizeof(err)))
		fail_msg("\"%s\" refused: %s", line, err);
	assert_int_equal(cmd.op, op);
}

static void bad(const char *line)
{
	if (mq_script_parse_line(line, &cmd, err, sizeof(err)))
		fail_msg("\"%s\" accepted", line);
	assert_true(err[0] != '\0');
}

static void test_nop(void **state)
{
	(void)state;
	ok("", MQ_SCRIPT_NOP);
	ok("\n", MQ_SCRIPT_NOP);
	ok("   \r\n", MQ_SCRIPT_NOP);
	ok("# a comment", MQ_SCRIPT_NOP);
	ok("  # indented comment with tap x", MQ_SCRIPT_NOP);
}

static void test_tap(void **state)
{
	(void)state;
	ok("tap home.file_opinion\n", MQ_SCRIPT_TAP_ID);
	assert_string_equal(cmd.arg, "home.file_opinion");
	ok("tap opinion.category.other\r\n", MQ_SCRIPT_TAP_ID);
	assert_string_equal(cmd.arg, "opinion.category.other");
	ok("tap 640 400", MQ_SCRIPT_TAP_XY);
	assert_int_equal(cmd.x, 640);
	assert_int_equal(cmd.y, 400);
	bad("tap");
	bad("tap Home.File");           /* ids are lowercase */
	bad("tap two words");
}

static void test_waits(void **state)
{
	(void)state;
	ok("wait 250", MQ_SCRIPT_WAIT);
	assert_int_equal(cmd.ms, 250);
	ok("wait-for confirm.qr", MQ_SCRIPT_WAIT_FOR);
	assert_string_equal(cmd.arg, "confirm.qr");
	assert_int_equal(cmd.ms, MQ_SCRIPT_WAIT_FOR_DEFAULT_MS);
	ok("wait-for confirm.qr 800", MQ_SCRIPT_WAIT_FOR);
	assert_string_equal(cmd.arg, "confirm.qr");
	assert_int_equal(cmd.ms, 800);
	bad("wait");
	bad("wait soon");
	bad("wait -5");
	bad("wait-for confirm.qr later");
	bad("wait-for");
}

static void test_text_args(void **state)
{
	(void)state;
	ok("expect-text 您的意见已收到", MQ_SCRIPT_EXPECT_TEXT);
	assert_string_equal(cmd.arg, "您的意见已收到");
	ok("type The light at gate 3 is out.", MQ_SCRIPT_TYPE);
	assert_string_equal(cmd.arg, "The light at gate 3 is out.");
	ok("hid MQ-BADGE-0042\\n", MQ_SCRIPT_HID);
	assert_string_equal(cmd.arg, "MQ-BADGE-0042\n");
	ok("hid a\\\\b", MQ_SCRIPT_HID);
	assert_string_equal(cmd.arg, "a\\b");
	ok("screenshot out/home.png", MQ_SCRIPT_SCREENSHOT);
	assert_string_equal(cmd.arg, "out/home.png");
	ok("dump out/home.json", MQ_SCRIPT_DUMP);
	assert_string_equal(cmd.arg, "out/home.json");
	bad("expect-text");
	bad("type");
	bad("screenshot");
}

static void test_clock_and_py(void **state)
{
	(void)state;
	ok("clock +120", MQ_SCRIPT_CLOCK);
	assert_int_equal(cmd.n, 120);
	ok("clock 5", MQ_SCRIPT_CLOCK);
	assert_int_equal(cmd.n, 5);
	bad("clock -5");
	bad("clock +soon");
	ok("py minqing 2", MQ_SCRIPT_PY);
	assert_string_equal(cmd.arg, "minqing");
	assert_int_equal(cmd.n, 2);
	bad("py minqing");
	bad("py minqing 0");
}

static void test_extensions(void **state)
{
	(void)state;
	ok("strokes tests/kiosk/ren.strokes", MQ_SCRIPT_STROKES);
	assert_string_equal(cmd.arg, "tests/kiosk/ren.strokes");
	bad("strokes");
	ok("monkey 100000 42", MQ_SCRIPT_MONKEY);
	assert_int_equal(cmd.n, 100000);
	assert_int_equal(cmd.seed, 42);
	bad("monkey 10");
	bad("monkey -1 2");
	bad("monkey ten 2");
	ok("redraw 20", MQ_SCRIPT_REDRAW);
	assert_int_equal(cmd.n, 20);
	bad("redraw");
	ok("expect-screen track", MQ_SCRIPT_EXPECT_SCREEN);
	assert_string_equal(cmd.arg, "track");
	ok("expect-no-text 路口", MQ_SCRIPT_EXPECT_NO_TEXT);
	assert_string_equal(cmd.arg, "路口");
	ok("freeze 3", MQ_SCRIPT_FREEZE);
	assert_int_equal(cmd.n, 3);
	bad("freeze");
	bad("freeze 0");
	bad("freeze 3601");
	bad("freeze soon");
	ok("wait-for-text 20000 湖滨街道 委员工作室", MQ_SCRIPT_WAIT_FOR_TEXT);
	assert_int_equal(cmd.ms, 20000);
	assert_string_equal(cmd.arg, "湖滨街道 委员工作室");
	bad("wait-for-text 湖滨");
	bad("wait-for-text 20000");
	bad("wait-for-text -1 x");
	ok("wait-quiet 60000", MQ_SCRIPT_WAIT_QUIET);
	assert_int_equal(cmd.ms, 60000);
	bad("wait-quiet");
	bad("wait-quiet -5");
}

static void test_unknown_and_long(void **state)
{
	static char line[MQ_SCRIPT_LINE_MAX + 16];

	(void)state;
	bad("click home.file_opinion");
	bad("TAP home.file_opinion");
	memset(line, 'a', sizeof(line) - 1);
	memcpy(line, "type ", 5);
	line[sizeof(line) - 1] = '\0';
	bad(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nop),
		cmocka_unit_test(test_tap),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_text_args),
		cmocka_unit_test(test_clock_and_py),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_unknown_and_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
