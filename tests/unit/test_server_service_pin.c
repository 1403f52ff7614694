/* test_server_service_pin.c — the technician PIN and the enrollment QR on
 * the console's kiosks page, through mq_server_dispatch(): only admins make a
 * PIN; it is shown once, stored as an argon2id hash that checks the PIN and
 * audited without it; the state pull hands each studio's kiosks the hash
 * that holds for it (the studio's own over the district's), and dropping a
 * studio's own falls back to the district's. A new enrollment code comes
 * with an inline SVG QR of the server's address and the code. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_db.h"
#include "mq_html.h"
#include "mq_http.h"
#include "mq_server.h"
#include "mq_wire.h"

#include "test_server_console_util.h"
#include "test_server_helpers.h"

static int setup(void **state)
{
	struct tsrv *t = calloc(1, sizeof *t);

	tsrv_setup(t);                 /* a hubin kiosk, enrolled */
	add_console_staff(t);
	*state = t;
	return 0;
}

/* The 8-digit PIN a page shows after 新的维护密码 (fails the test if none). */
static void shown_pin(const char *html, char pin[9])
{
	const char *p = strstr(html, "新的维护密码：<strong");

	assert_non_null(p);
	p = strchr(p, '>') + 1;
	assert_int_equal(strspn(p, "0123456789"), 8);
	memcpy(pin, p, 8);
	pin[8] = '\0';
}

/* The service_pin_hash of the state the enrolled kiosk pulls ("" when absent). */
static void state_hash(struct tsrv *t, char *out, size_t size)
{
	struct mq_http_response resp;
	json_t *j;

	tsrv_signed(t, "GET", "/api/v1/kiosk/state", NULL, NULL, 0, &resp);
	assert_int_equal(resp.status, 200);
	j = tsrv_json(&resp);
	snprintf(out, size, "%s",
		 json_string_value(json_object_get(j, "service_pin_hash")) ?: "");
	json_decref(j);
	mq_http_response_finish(&resp);
}

/* Make a PIN as @p s for @p scope ("" for every studio); the PIN shown. */
static void make_pin(struct tsrv *t, const struct sess *s, const char *scope, char pin[9])
{
	char *html = NULL, *fields = NULL;

	assert_true(asprintf(&fields, "action=service_pin&scope=%s", scope) > 0);
	assert_int_equal(post_form(t, s, "/console/kiosks", fields, &html), 200);
	shown_pin(html, pin);
	free(fields);
	free(html);
}

static bool checks(const char *hash, const char *pin)
{
	return hash[0] && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

static void test_only_admins(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin, chen;
	char *html = NULL;

	login(t, "hubin", &hubin);
	login(t, "chen", &chen);
	assert_int_equal(post_form(t, &hubin, "/console/kiosks", "action=service_pin&scope=hubin",
				   &html), 403);
	assert_non_null(strstr(html, "区管理员"));
	free(html);
	assert_int_equal(post_form(t, &chen, "/console/kiosks", "action=service_pin&scope=", NULL),
			 403);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM service_pins WHERE set_by <> 'seed-demo'"),
			 0);
	/* a street account's kiosks page has no PIN form */
	{
		struct mq_http_response resp;

		get(t, &hubin, "/console/kiosks", NULL, &resp);
		html = body_str(&resp);
		assert_null(strstr(html, "service_pin"));
		free(html);
		mq_http_response_finish(&resp);
	}
}

static void test_district_then_studio(void **state)
{
	struct tsrv *t = *state;
	struct sess admin;
	char all[9], own[9], hash[MQ_DB_PWHASH_MAX], *html = NULL;

	login(t, "admin", &admin);
	make_pin(t, &admin, "", all);
	state_hash(t, hash, sizeof hash);
	assert_true(checks(hash, all));
	assert_false(checks(hash, "2468"));              /* the demo's PIN is replaced */
	/* stored as a hash only, audited without the PIN */
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM service_pins WHERE scope = '*'"
				       " AND pin_hash LIKE '$argon2id$%' AND set_by = 'admin'"), 1);
	assert_int_equal(tsrv_count(t, "SELECT count(*) FROM audit_log WHERE action ="
				       " 'kiosk.service_pin' AND subject = '*' AND actor = 'admin'"), 1);
	{
		char *sql = NULL;

		assert_true(asprintf(&sql, "SELECT count(*) FROM audit_log WHERE after LIKE '%%%s%%'"
					   " OR before LIKE '%%%s%%'", all, all) > 0);
		assert_int_equal(tsrv_count(t, sql), 0);
		free(sql);
	}

	/* hubin's own wins for hubin's kiosks */
	make_pin(t, &admin, "hubin", own);
	state_hash(t, hash, sizeof hash);
	assert_true(checks(hash, own));
	assert_false(checks(hash, all));
	/* another studio's kiosk keeps the district's */
	tsrv_enroll(t, "xiaoying");
	state_hash(t, hash, sizeof hash);
	assert_true(checks(hash, all));

	/* dropping hubin's own falls back to the district's */
	tsrv_enroll(t, "hubin");
	assert_int_equal(post_form(t, &admin, "/console/kiosks",
				   "action=service_pin_clear&scope=hubin", &html), 200);
	assert_non_null(strstr(html, "改用全区的维护密码"));
	free(html);
	state_hash(t, hash, sizeof hash);
	assert_true(checks(hash, all));
	assert_int_equal(post_form(t, &admin, "/console/kiosks",
				   "action=service_pin_clear&scope=hubin", NULL), 422);
	assert_int_equal(post_form(t, &admin, "/console/kiosks",
				   "action=service_pin&scope=nowhere", NULL), 422);

	/* with none at all, the state carries none and the page says so */
	assert_int_equal(post_form(t, &admin, "/console/kiosks",
				   "action=service_pin_clear&scope=", &html), 200);
	free(html);
	state_hash(t, hash, sizeof hash);
	assert_string_equal(hash, "");
	{
		struct mq_http_response resp;

		get(t, &admin, "/console/kiosks", NULL, &resp);
		html = body_str(&resp);
		assert_non_null(strstr(html, "还没有设置维护密码"));
		free(html);
		mq_http_response_finish(&resp);
	}
}

/* The modules an SVG of mq_html_qr draws, read back from its path. */
static void svg_modules(const char *svg, int side, unsigned char *dark)
{
	const char *d = strstr(svg, " d=\"");
	int x, y, run, n;

	assert_non_null(d);
	d += 4;
	memset(dark, 0, (size_t)side * (size_t)side);
	while (sscanf(d, "M%d %dh%dv1h-%*dz%n", &x, &y, &run, &n) == 3) {
		for (int i = 0; i < run; i++)
			dark[y * side + x + i] = 1;
		d += n;
	}
	assert_int_equal(*d, '"');
}

static void test_enrollment_qr(void **state)
{
	struct tsrv *t = *state;
	struct sess hubin;
	char *html = NULL, code[MQ_WIRE_ENROLL_CODE_SHOWN + 1], qr[300], server[300];
	char norm[MQ_WIRE_ENROLL_CODE_CHARS + 1];
	const char *p;

	login(t, "hubin", &hubin);
	assert_int_equal(post_form(t, &hubin, "/console/kiosks", "action=enroll_code", &html), 200);
	p = strstr(html, "新的登记码：<strong");
	assert_non_null(p);
	p = strchr(p, '>') + 1;
	snprintf(code, sizeof code, "%.14s", p);
	assert_true(mq_wire_enroll_code_normalise(code, norm));
	/* the QR says the server (public_url) and the code, as the kiosk reads it */
	assert_true(mq_wire_enroll_qr(t->srv.public_url, code, qr, sizeof qr));
	assert_true(mq_wire_enroll_qr_parse(qr, server, sizeof server, norm));
	assert_string_equal(server, "https://minqing.example.cn");
	assert_non_null(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
	assert_non_null(strstr(html, "aria-label=\"登记二维码"));
	assert_non_null(strstr(html, "<code>https://minqing.example.cn</code>"));
	{
		/* the SVG draws exactly libqrencode's modules of that text, in a quiet zone */
		QRcode *want = QRcode_encodeString(qr, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		struct mq_html h;
		unsigned char got[64 * 64];
		char *svg;
		size_t len;
		int side;

		assert_non_null(want);
		mq_html_init(&h);
		assert_true(mq_html_qr(&h, qr, 200, "登记二维码：服务器地址和登记码"));
		svg = mq_html_steal(&h, &len);
		assert_non_null(strstr(html, svg));      /* the page shows exactly this one */
		assert_int_equal(sscanf(strstr(svg, "viewBox="), "viewBox=\"0 0 %d", &side), 1);
		assert_int_equal(side, want->width + 8);
		assert_true(side <= 64);
		svg_modules(svg, side, got);
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				bool in = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
				int module = in ? want->data[(y - 4) * want->width + x - 4] & 1 : 0;

				if (got[y * side + x] != module)
					fail_msg("module (%d,%d) is %d, not %d", x, y, got[y * side + x],
						 module);
			}
		QRcode_free(want);
		free(svg);
	}
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_only_admins, setup, tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_district_then_studio, setup,
						tsrv_teardown_state),
		cmocka_unit_test_setup_teardown(test_enrollment_qr, setup, tsrv_teardown_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
