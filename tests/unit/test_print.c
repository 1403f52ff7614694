/* test_print.c — receipts (app/print): the ESC/POS job carries the raster
 * in bands a cheap printer's buffer takes, the slip is drawn 384 or 576
 * dots wide with ink on it, and sending tells a file, a full device (what
 * usblp answers without paper), a missing printer and a CUPS queue (a
 * stand-in lp on PATH) apart. tests/print/print.sh reads the slip's QR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mq_escpos.h"
#include "mq_printer.h"
#include "mq_slip.h"
#include "tmpdir.h"

static void test_escpos_bands(void **state)
{
	struct mq_raster r = { 20, 500, calloc(3 * 500, 1) };
	uint8_t *job;
	size_t len, at = 2;

	r.bits[0] = 0x80;                       /* the top left dot */
	r.bits[3 * 499 + 2] = 0x0F;             /* the bottom row's last 4 dots (of 24) */
	assert_true(mq_escpos_encode(&r, &job, &len));
	assert_int_equal(len, 2 + 3 * 8 + 3 * 500 + 3 + 4);
	assert_memory_equal(job, "\x1b@", 2);
	for (int band = 0; band < 3; band++) {
		int rows = band < 2 ? MQ_ESCPOS_BAND : 500 - 2 * MQ_ESCPOS_BAND;

		assert_memory_equal(job + at, "\x1dv0\x00\x03\x00", 6);
		assert_int_equal(job[at + 6] + 256 * job[at + 7], rows);
		if (band == 0)
			assert_int_equal(job[at + 8], 0x80);
		at += 8 + 3 * (size_t)rows;
	}
	assert_int_equal(job[at - 1], 0x0F);
	assert_memory_equal(job + at, "\x1b" "d\x04\x1dVB\x00", 7);
	free(job);
	r.h = 0;
	assert_false(mq_escpos_encode(&r, &job, &len));
	free(r.bits);
}

/* Dots set in @p r. */
static long ink(const struct mq_raster *r)
{
	long n = 0;

	for (size_t i = 0; i < (size_t)((r->w + 7) / 8) * (size_t)r->h; i++)
		n += __builtin_popcount(r->bits[i]);
	return n;
}

static void test_slip_render(void **state)
{
	struct mq_slip slip = { "湖滨街道委员工作室", "2026年11月19日 16:05", "意见回执", "查询码",
				"99691234", "https://minqing.example.gov.cn/t/AAAAAAAAAAAAAAAAAAAAAA",
				"用手机扫一扫，查看办理进度", { { "研判期限：11月26日 星期四", true, false } },
				1 };
	struct mq_raster r58, r80;

	assert_true(mq_slip_render(&slip, MQ_SLIP_DOTS_58, NULL, &r58));
	assert_true(mq_slip_render(&slip, MQ_SLIP_DOTS_80, NULL, &r80));
	assert_int_equal(r58.w, 384);
	assert_int_equal(r80.w, 576);
	/* the QR code alone is over 250 dots tall; text and code above and under it */
	assert_true(r58.h > 600 && r58.h < 2000);
	assert_true(ink(&r58) > 20000);
	/* wider paper: fewer wrapped lines, a bigger QR code */
	assert_true(ink(&r80) > ink(&r58));
	mq_raster_finish(&r58);
	mq_raster_finish(&r80);
}

static void test_send(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], lp[PATH_MAX + 32], env[PATH_MAX * 2];
	const uint8_t job[] = "\x1b@job";
	FILE *f;
	char got[64] = "";
	const char *old = getenv("PATH");

	tmpdir_make(dir);
	snprintf(path, sizeof(path), "%s/slip.bin", dir);
	assert_int_equal(mq_printer_send(path, job, 6), MQ_PRINT_OK);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got), f), 6);
	fclose(f);
	assert_memory_equal(got, job, 6);
	/* usblp says ENOSPC when the printer reports no paper, as /dev/full does */
	assert_int_equal(mq_printer_send("/dev/full", job, 6), MQ_PRINT_PAPER);
	assert_int_equal(mq_printer_send("/dev/usb/lp-unplugged", job, 6), MQ_PRINT_GONE);
	assert_int_equal(mq_printer_send("", job, 6), MQ_PRINT_GONE);

	/* cups:QUEUE: lp gets -d QUEUE -o raw and the job on its input */
	snprintf(lp, sizeof(lp), "%s/lp", dir);
	f = fopen(lp, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n[ \"$3\" = kiosk ] || exit 1\necho \"$*\" > '%s/args'\n"
		   "cat > '%s/job'\n", dir, dir);
	fclose(f);
	assert_int_equal(chmod(lp, 0700), 0);
	snprintf(env, sizeof(env), "%s:%s", dir, old ? old : "/usr/bin:/bin");
	setenv("PATH", env, 1);
	assert_int_equal(mq_printer_send("cups:kiosk", job, 6), MQ_PRINT_OK);
	assert_int_equal(mq_printer_send("cups:other", job, 6), MQ_PRINT_GONE);
	setenv("PATH", old ? old : "/usr/bin:/bin", 1);
	snprintf(path, sizeof(path), "%s/args", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof(got), f));
	fclose(f);
	assert_string_equal(got, "-s -d kiosk -o raw -t minqing\n");
	snprintf(path, sizeof(path), "%s/job", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got), f), 6);
	fclose(f);
	assert_memory_equal(got, job, 6);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escpos_bands),
		cmocka_unit_test(test_slip_render),
		cmocka_unit_test(test_send),
	};
	int rc;

	if (SDL_Init(SDL_INIT_EVENTS) != 0 || TTF_Init() != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	TTF_Quit();
	SDL_Quit();
	return rc;
}
