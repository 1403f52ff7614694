/* test_config.c — the kiosk's configuration (app/config): the opening hours
 * a technician writes in the site file (mq_hours.h), read into minutes of
 * the week in Asia/Shanghai time, with a clear error and "always open" for
 * anything malformed; and the appliance's keys in kiosk.ini (enroll_url,
 * opening_hours, backlight, debug_port, the retired service_pin). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mq_config.h"
#include "mq_hours.h"

/* 2026-11-16 was a Monday; T(day, hh, mm) is that week's day at hh:mm in Shanghai. */
#define MONDAY_UTC 1794758400LL           /* 2026-11-16T00:00:00+08:00 = 2026-11-15T16:00Z */
#define T(d, hh, mm) (MONDAY_UTC + (int64_t)(d) * 86400 + (hh) * 3600 + (mm) * 60)

static struct mq_hours h;
static char err[512];

static void parse_ok(const char *spec)
{
	if (!mq_hours_parse(spec, &h, err, sizeof err))
		fail_msg("\"%s\" refused: %s", spec, err);
}

static void parse_bad(const char *spec, const char *says)
{
	err[0] = '\0';
	if (mq_hours_parse(spec, &h, err, sizeof err))
		fail_msg("\"%s\" accepted", spec);
	assert_true(h.always);                   /* the kiosk stays on */
	if (!strstr(err, says))
		fail_msg("\"%s\": \"%s\" does not say \"%s\"", spec, err, says);
	assert_non_null(strstr(err, "Mon-Fri 08:30-17:30"));   /* and how to write it */
}

static void test_always(void **state)
{
	(void)state;
	parse_ok("");
	assert_true(h.always);
	parse_ok("  always ");
	assert_true(h.always);
	assert_true(mq_hours_open_at(&h, T(6, 3, 0)));
	assert_int_equal(mq_hours_next_change(&h, T(0, 0, 0)), INT64_MAX);
}

static void test_weekdays_and_saturday(void **state)
{
	(void)state;
	parse_ok("Mon-Fri 08:30-17:30, Sat 09:00-12:00");
	assert_false(h.always);
	assert_false(mq_hours_open_at(&h, T(0, 8, 29)));
	assert_true(mq_hours_open_at(&h, T(0, 8, 30)));
	assert_true(mq_hours_open_at(&h, T(4, 17, 29)));
	assert_false(mq_hours_open_at(&h, T(4, 17, 30)));      /* the end is not open */
	assert_true(mq_hours_open_at(&h, T(5, 11, 0)));
	assert_false(mq_hours_open_at(&h, T(5, 12, 0)));
	assert_false(mq_hours_open_at(&h, T(6, 10, 0)));       /* Sunday: closed */
	/* Friday evening: the next change is Saturday 09:00, then Saturday 12:00 */
	assert_int_equal(mq_hours_next_change(&h, T(4, 18, 0)), T(5, 9, 0));
	assert_int_equal(mq_hours_next_change(&h, T(5, 9, 0)), T(5, 12, 0));
	/* Saturday noon: Monday 08:30, across the week's end */
	assert_int_equal(mq_hours_next_change(&h, T(5, 12, 0)), T(7, 8, 30));
	/* mid-minute */
	assert_int_equal(mq_hours_next_change(&h, T(0, 8, 29) + 30), T(0, 8, 30));
}

static void test_other_spellings(void **state)
{
	(void)state;
	/* OpenStreetMap's: two-letter days, ';', split days with ',' */
	parse_ok("Mo-Fr 08:00-12:00,14:00-17:30; Sa 9:00-11:00");
	assert_true(mq_hours_open_at(&h, T(2, 11, 59)));
	assert_false(mq_hours_open_at(&h, T(2, 13, 0)));       /* lunch */
	assert_true(mq_hours_open_at(&h, T(2, 14, 0)));
	assert_true(mq_hours_open_at(&h, T(5, 9, 0)));
	parse_ok("mon 08:00-12:00 14:00-18:00, WED 00:00-24:00");
	assert_true(mq_hours_open_at(&h, T(2, 23, 59)));
	assert_false(mq_hours_open_at(&h, T(3, 0, 0)));
	assert_false(mq_hours_open_at(&h, T(0, 13, 0)));
	parse_ok("Fri-Mon 10:00-16:00");                       /* wraps the week */
	assert_true(mq_hours_open_at(&h, T(6, 10, 0)));
	assert_true(mq_hours_open_at(&h, T(0, 10, 0)));
	assert_false(mq_hours_open_at(&h, T(1, 10, 0)));
	/* ranges that meet across the week's end are one opening: no change at midnight */
	parse_ok("Sun 20:00-24:00, Mon 00:00-06:00");
	assert_true(mq_hours_open_at(&h, T(6, 23, 59)));
	assert_true(mq_hours_open_at(&h, T(7, 0, 0)));
	assert_int_equal(mq_hours_next_change(&h, T(6, 21, 0)), T(7, 6, 0));
	assert_int_equal(mq_hours_next_change(&h, T(7, 6, 0)), T(13, 20, 0));
	parse_ok("daily 07:00-21:00");
	assert_true(mq_hours_open_at(&h, T(6, 20, 59)));
	assert_false(mq_hours_open_at(&h, T(6, 21, 0)));
}

static void test_malformed(void **state)
{
	(void)state;
	parse_bad("Mox 08:00-12:00", "is not a day");
	parse_bad("Mon-Fri", "need a time range");
	parse_bad("Mon-Fri 8-17", "not a time range");
	parse_bad("Mon-Fri 08:30-17:61", "not a time range");
	parse_bad("Mon-Fri 25:00-26:00", "not a time range");
	parse_bad("Mon-Fri 17:30-08:30", "end after it starts");
	parse_bad("Mon- 08:00-12:00", "two days");
	parse_bad("Mon-Fri 08:30-17:30 Sat", "unexpected");
	parse_bad("08:30-17:30", "is not a day");
	parse_bad("daily 00:00-01:00, daily 01:00-02:00, daily 02:00-03:00, daily 03:00-04:00, "
		  "daily 04:00-05:00, daily 05:00-06:00, daily 06:00-07:00, daily 07:00-08:00, "
		  "daily 08:00-09:00, daily 09:00-10:00", "more than");
}

/* Write @p text to a fresh kiosk.ini and load it. */
static enum mq_err load(const char *text, struct mq_config *cfg, char *why, size_t size)
{
	char path[] = "/tmp/mq-config-test-XXXXXX";
	int fd = mkstemp(path);
	enum mq_err e;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	mq_config_defaults(cfg);
	e = mq_config_load(cfg, path, true, why, size);
	unlink(path);
	return e;
}

static void test_appliance_keys(void **state)
{
	struct mq_config cfg;
	char why[512];

	(void)state;
	/* defaults: no debug port, the system's backlights, always open, nothing to enroll with */
	assert_int_equal(load("[kiosk]\n", &cfg, why, sizeof why), MQ_OK);
	assert_string_equal(cfg.debug_port, "");
	assert_string_equal(cfg.backlight, "/sys/class/backlight");
	assert_true(cfg.hours.always);
	assert_string_equal(cfg.enroll_url, "");
	/* enroll_url defaults to server_url */
	assert_int_equal(load("[kiosk]\nserver_url = https://a.example\n", &cfg, why, sizeof why),
			 MQ_OK);
	assert_string_equal(cfg.enroll_url, "https://a.example");
	assert_int_equal(load("[kiosk]\nenroll_url = https://b.example\nopening_hours = Mon-Fri "
			      "08:30-17:30\ndebug_port = /dev/virtio-ports/mq.debug\n"
			      "backlight = /tmp/bl\n", &cfg, why, sizeof why), MQ_OK);
	assert_string_equal(cfg.enroll_url, "https://b.example");
	assert_string_equal(cfg.server_url, "");
	assert_false(cfg.hours.always);
	assert_string_equal(cfg.hours_error, "");
	assert_string_equal(cfg.debug_port, "/dev/virtio-ports/mq.debug");
	assert_string_equal(cfg.backlight, "/tmp/bl");
	/* malformed hours: the kiosk still starts, always on, and knows why */
	assert_int_equal(load("[kiosk]\nopening_hours = weekdays 9 to 5\n", &cfg, why, sizeof why),
			 MQ_OK);
	assert_true(cfg.hours.always);
	assert_non_null(strstr(cfg.hours_error, "weekdays 9 to 5"));
	/* an old kiosk.ini's service_pin does not stop the kiosk, and does nothing */
	assert_int_equal(load("[kiosk]\nservice_pin = 1234\n", &cfg, why, sizeof why), MQ_OK);
	assert_true(cfg.service_pin_ignored);
	/* an unknown key still does */
	assert_int_equal(load("[kiosk]\nopening_hour = always\n", &cfg, why, sizeof why),
			 MQ_ERR_CONFIG);
	assert_non_null(strstr(why, "opening_hour"));
}

/* Read-aloud and receipts: speech unset follows elder mode (-1), volume
 * 0..100, a printer path or cups:QUEUE, paper 58 or 80 mm; anything else is
 * refused with the key named. */
static void test_speech_and_printer_keys(void **state)
{
	struct mq_config cfg;
	char why[512];

	(void)state;
	assert_int_equal(load("[kiosk]\n", &cfg, why, sizeof why), MQ_OK);
	assert_int_equal(cfg.speech, -1);
	assert_int_equal(cfg.speech_volume, 80);
	assert_string_equal(cfg.printer, "");
	assert_int_equal(cfg.printer_paper, 58);
	assert_int_equal(load("[kiosk]\nspeech = false\nspeech_volume = 0\n"
			      "printer = cups:studio\nprinter_paper = 80\n", &cfg, why, sizeof why),
			 MQ_OK);
	assert_int_equal(cfg.speech, 0);
	assert_int_equal(cfg.speech_volume, 0);
	assert_string_equal(cfg.printer, "cups:studio");
	assert_int_equal(cfg.printer_paper, 80);
	assert_int_equal(load("[kiosk]\nspeech = true\nspeech_volume = 100\nprinter = /dev/usb/lp0\n",
			      &cfg, why, sizeof why), MQ_OK);
	assert_int_equal(cfg.speech, 1);
	assert_int_equal(cfg.speech_volume, 100);
	assert_string_equal(cfg.printer, "/dev/usb/lp0");
	assert_int_equal(load("[kiosk]\nspeech_volume = 101\n", &cfg, why, sizeof why),
			 MQ_ERR_CONFIG);
	assert_non_null(strstr(why, "speech_volume"));
	assert_int_equal(load("[kiosk]\nspeech = loud\n", &cfg, why, sizeof why), MQ_ERR_CONFIG);
	assert_non_null(strstr(why, "speech"));
	assert_int_equal(load("[kiosk]\nprinter_paper = 60\n", &cfg, why, sizeof why),
			 MQ_ERR_CONFIG);
	assert_non_null(strstr(why, "printer_paper"));
}

/* The system updates' window: set, it alone counts; unset, outside the
 * opening hours; unset with the studio always open, 02:00-05:00. */
static void test_update_window(void **state)
{
	struct mq_config cfg;
	char why[512];

	(void)state;
	assert_int_equal(load("[kiosk]\n", &cfg, why, sizeof why), MQ_OK);
	assert_int_equal(cfg.update_rate_kib, 512);
	assert_string_equal(cfg.update_reboot, "");      /* a lab never reboots its host */
	assert_true(mq_config_update_window_open(&cfg, T(2, 3, 0)));
	assert_false(mq_config_update_window_open(&cfg, T(2, 5, 0)));
	assert_false(mq_config_update_window_open(&cfg, T(2, 14, 0)));
	assert_int_equal(load("[kiosk]\nopening_hours = Mon-Fri 08:30-17:30\n", &cfg, why,
			      sizeof why), MQ_OK);
	assert_false(mq_config_update_window_open(&cfg, T(0, 9, 0)));   /* open: residents */
	assert_true(mq_config_update_window_open(&cfg, T(0, 18, 0)));
	assert_true(mq_config_update_window_open(&cfg, T(5, 10, 0)));   /* Saturday: closed */
	assert_int_equal(load("[kiosk]\nopening_hours = Mon-Fri 08:30-17:30\n"
			      "update_window = daily 12:00-13:00\nupdate_rate_kib = 0\n"
			      "update_reboot = systemctl reboot\n", &cfg, why, sizeof why), MQ_OK);
	assert_true(mq_config_update_window_open(&cfg, T(0, 12, 30)));
	assert_false(mq_config_update_window_open(&cfg, T(0, 18, 0)));
	assert_int_equal(cfg.update_rate_kib, 0);
	assert_string_equal(cfg.update_reboot, "systemctl reboot");
	/* a window that cannot be read is refused: installing at the wrong time is worse */
	assert_int_equal(load("[kiosk]\nupdate_window = at night\n", &cfg, why, sizeof why),
			 MQ_ERR_CONFIG);
	assert_non_null(strstr(why, "update_window"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_always),
		cmocka_unit_test(test_weekdays_and_saturday),
		cmocka_unit_test(test_other_spellings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_appliance_keys),
		cmocka_unit_test(test_speech_and_printer_keys),
		cmocka_unit_test(test_update_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
