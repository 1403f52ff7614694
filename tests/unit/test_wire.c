/* test_wire.c — record shapes, UTF-8, ids, times, enrollment codes and the
 * enrollment QR (common/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mq_id.h"
#include "mq_mask.h"
#include "mq_time.h"
#include "mq_wire.h"

static const char *check(const char *json)
{
	static char msg[128];
	json_t *data = json_loads(json, 0, NULL);
	const char *r;

	assert_non_null(data);
	r = mq_wire_opinion_check(data);
	if (r)
		snprintf(msg, sizeof msg, "%s", r);
	json_decref(data);
	return r ? msg : NULL;
}

#define OK_BASE "\"token\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"short_code\":\"12345678\",\"category\":\"other\""

static void test_opinion_shapes(void **state)
{
	(void)state;
	assert_null(check("{" OK_BASE ",\"text\":\"路灯坏了\"}"));
	assert_null(check("{" OK_BASE ",\"text\":\"x\",\"community\":\"dongpo\",\"member\":\"m1\","
			  "\"contact\":{\"name\":\"王\",\"phone\":\"13800000000\",\"consent\":true}}"));
	assert_non_null(check("{" OK_BASE ",\"text\":\"\"}"));
	assert_non_null(check("{" OK_BASE ",\"text\":5}"));
	assert_non_null(check("{" OK_BASE "}"));
	assert_non_null(check("{" OK_BASE ",\"text\":\"x\",\"extra\":1}"));
	assert_non_null(check("{" OK_BASE ",\"text\":\"x\",\"contact\":{\"name\":\"王\"}}"));
	assert_non_null(check("{" OK_BASE ",\"text\":\"x\",\"contact\":{\"phone\":\"abc\",\"consent\":true}}"));
	assert_non_null(check("{\"token\":\"short\",\"short_code\":\"12345678\",\"category\":\"other\",\"text\":\"x\"}"));
	assert_non_null(check("{" OK_BASE ",\"text\":\"x\",\"community\":\"Bad Key\"}"));
	assert_non_null(check("[]"));
}

/* Whether @p fn accepts the data of JSON @p json. */
static bool accepts(const char *(*fn)(const json_t *), const char *json)
{
	json_t *data = json_loads(json, 0, NULL);
	bool ok;

	assert_non_null(data);
	ok = fn(data) == NULL;
	json_decref(data);
	return ok;
}

static void test_participation_shapes(void **state)
{
	const char *(*ts)(const json_t *) = mq_wire_topic_support_check;
	const char *(*sr)(const json_t *) = mq_wire_survey_response_check;

	(void)state;
	assert_true(accepts(ts, "{\"candidate\":7}"));
	assert_false(accepts(ts, "{\"candidate\":0}"));
	assert_false(accepts(ts, "{\"candidate\":\"7\"}"));
	assert_false(accepts(ts, "{\"candidate\":7,\"x\":1}"));
	assert_false(accepts(ts, "[7]"));
	assert_true(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1,\"options\":[2]},"
				"{\"q\":2,\"options\":[1,3]},{\"q\":3,\"text\":\"少油\"}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[]}"));
	assert_false(accepts(sr, "{\"survey\":3}"));
	assert_false(accepts(sr, "{\"survey\":0,\"answers\":[{\"q\":1,\"options\":[1]}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":11,\"options\":[1]}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1,\"options\":[9]}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1,\"options\":[1],"
				 "\"x\":1}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1,\"options\":[1]},"
				 "{\"q\":1,\"options\":[2]}]}"));
	assert_false(accepts(sr, "{\"survey\":3,\"answers\":[{\"q\":1,\"text\":5}]}"));
}

static void test_text_limit_counts_characters(void **state)
{
	/* 2000 Chinese characters are 6000 bytes and still fine; 2001 are not */
	char *text = malloc(3 * 2001 + 1);
	json_t *data;

	(void)state;
	for (int i = 0; i < 2001; i++)
		memcpy(text + 3 * i, "民", 3);
	text[3 * 2000] = '\0';
	data = json_pack("{s:s,s:s,s:s,s:s}", "token", "AAAAAAAAAAAAAAAAAAAAAA", "short_code",
			 "12345678", "category", "other", "text", text);
	assert_null(mq_wire_opinion_check(data));
	text[3 * 2000] = (char)0xe6;   /* put the 2001st back */
	text[3 * 2001] = '\0';
	json_object_set_new(data, "text", json_string(text));
	assert_non_null(mq_wire_opinion_check(data));
	json_decref(data);
	free(text);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_int_equal(mq_utf8_length("abc"), 3);
	assert_int_equal(mq_utf8_length("民情"), 2);
	assert_int_equal(mq_utf8_length("\xf0\x9f\x98\x80"), 1);
	assert_int_equal(mq_utf8_length("\xc3"), -1);          /* truncated */
	assert_int_equal(mq_utf8_length("\xc0\xaf"), -1);      /* overlong */
	assert_int_equal(mq_utf8_length("\xed\xa0\x80"), -1);  /* surrogate */
	assert_int_equal(mq_utf8_length("\xff"), -1);
}

static void test_ids(void **state)
{
	char u[MQ_UUID_LEN + 1], t[MQ_TOKEN_LEN + 1], c[MQ_SHORT_CODE_LEN + 1], t2[MQ_TOKEN_LEN + 1];

	(void)state;
	mq_id_uuid4(u);
	assert_true(mq_id_is_uuid(u));
	assert_int_equal(u[14], '4');
	mq_id_token(t);
	mq_id_token(t2);
	assert_true(mq_id_is_token(t));
	assert_string_not_equal(t, t2);
	mq_id_short_code(c);
	assert_true(mq_id_is_short_code(c));
	assert_false(mq_id_is_uuid("not-a-uuid"));
	assert_false(mq_id_is_token("AAAAAAAAAAAAAAAAAAAAA="));
	assert_false(mq_id_is_short_code("1234567a"));
}

static void test_times(void **state)
{
	int64_t t = 0;
	char s[MQ_RFC3339_LEN + 1], d[30], local[64];

	(void)state;
	assert_true(mq_time_parse_rfc3339("2026-11-26T07:05:00Z", &t));
	mq_time_format_rfc3339(t, s);
	assert_string_equal(s, "2026-11-26T07:05:00Z");
	assert_true(mq_time_parse_rfc3339("2026-11-26T15:05:00.123+08:00", &t));
	mq_time_format_rfc3339(t, s);
	assert_string_equal(s, "2026-11-26T07:05:00Z");
	assert_false(mq_time_parse_rfc3339("2026-13-26T07:05:00Z", &t));
	assert_false(mq_time_parse_rfc3339("2026-11-26 07:05:00", &t));
	assert_false(mq_time_parse_rfc3339("2026-02-31T07:05:00Z", &t));
	assert_false(mq_time_parse_rfc3339("2026-11-26T07:05:00Zjunk", &t));
	mq_time_format_http_date(t, d);
	assert_string_equal(d, "Thu, 26 Nov 2026 07:05:00 GMT");
	{
		int64_t back;
		assert_true(mq_time_parse_http_date(d, &back));
		assert_int_equal(back, t);
	}
	mq_time_format_shanghai(t, "%Y-%m-%d %H:%M", local, sizeof local);
	assert_string_equal(local, "2026-11-26 15:05");
}

static void test_time_digits(void **state)
{
	int v = -1;

	(void)state;
	assert_true(mq_time_parse_digits("2026-11", 4, &v));
	assert_int_equal(v, 2026);
	assert_true(mq_time_parse_digits("07", 2, &v));
	assert_int_equal(v, 7);
	assert_false(mq_time_parse_digits("2a", 2, &v));
	assert_int_equal(v, 7);   /* left alone */
	assert_false(mq_time_parse_digits("1", 2, &v));
}

static void test_masks(void **state)
{
	char out[64];

	(void)state;
	mq_mask_name("欧阳修文", out, sizeof out);
	assert_string_equal(out, "欧***");
	mq_mask_name("张阿姨", out, sizeof out);
	assert_string_equal(out, "张**");
	mq_mask_name("李", out, sizeof out);
	assert_string_equal(out, "李*");
	mq_mask_name("Ann", out, sizeof out);
	assert_string_equal(out, "A**");
	mq_mask_name("", out, sizeof out);
	assert_string_equal(out, "*");
	mq_mask_name("\xe5", out, sizeof out);   /* a cut UTF-8 sequence: no read past it */
	assert_string_equal(out, "\xe5*");
	mq_mask_phone("138-1234-5678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	mq_mask_phone("87654321", out, sizeof out);
	assert_string_equal(out, "*****21");
}

static void test_enroll_codes(void **state)
{
	char norm[MQ_WIRE_ENROLL_CODE_CHARS + 1], shown[MQ_WIRE_ENROLL_CODE_SHOWN + 1];

	(void)state;
	assert_true(mq_wire_enroll_code_normalise("K7QM-3WXT-9HPC", norm));
	assert_string_equal(norm, "K7QM3WXT9HPC");
	assert_true(mq_wire_enroll_code_normalise(" k7qm 3wxt-9hpc", norm));
	assert_string_equal(norm, "K7QM3WXT9HPC");
	assert_false(mq_wire_enroll_code_normalise("K7QM-3WXT-9HP", norm));     /* short */
	assert_false(mq_wire_enroll_code_normalise("K7QM-3WXT-9HPCX", norm));   /* long */
	assert_false(mq_wire_enroll_code_normalise("K7QM-3WXT-9HP0", norm));    /* 0 is not in it */
	assert_false(mq_wire_enroll_code_normalise("I7QM-3WXT-9HPC", norm));    /* nor I */
	assert_false(mq_wire_enroll_code_normalise(NULL, norm));
	assert_string_equal(norm, "");
	mq_wire_enroll_code_show("K7QM3WXT9HPC", shown);
	assert_string_equal(shown, "K7QM-3WXT-9HPC");
	mq_wire_enroll_code_show("K7QM3", shown);                 /* typed half way */
	assert_string_equal(shown, "K7QM-3");
	mq_wire_enroll_code_show("K7QM", shown);
	assert_string_equal(shown, "K7QM");
	mq_wire_enroll_code_show("", shown);
	assert_string_equal(shown, "");
}

static void test_enroll_qr(void **state)
{
	char qr[200], server[100], code[MQ_WIRE_ENROLL_CODE_CHARS + 1];

	(void)state;
	assert_true(mq_wire_enroll_qr("https://minqing.example.gov.cn/", "k7qm3wxt9hpc", qr,
				      sizeof qr));
	assert_string_equal(qr, "https://minqing.example.gov.cn/#enroll=K7QM-3WXT-9HPC");
	assert_true(mq_wire_enroll_qr_parse(qr, server, sizeof server, code));
	assert_string_equal(server, "https://minqing.example.gov.cn");
	assert_string_equal(code, "K7QM3WXT9HPC");
	/* a server under a path, plain http on a lab address, a scanner's line end */
	assert_true(mq_wire_enroll_qr_parse("http://10.0.2.2:8080/mq/#enroll=K7QM-3WXT-9HPC\r\n",
					    server, sizeof server, code));
	assert_string_equal(server, "http://10.0.2.2:8080/mq");
	/* not enrollment QRs */
	assert_false(mq_wire_enroll_qr_parse("https://minqing.example.gov.cn/t/AAAA", server,
					     sizeof server, code));
	assert_string_equal(server, "");
	assert_false(mq_wire_enroll_qr_parse("ftp://x/#enroll=K7QM-3WXT-9HPC", server,
					     sizeof server, code));
	assert_false(mq_wire_enroll_qr_parse("https://#enroll=K7QM-3WXT-9HPC", server,
					     sizeof server, code));
	assert_false(mq_wire_enroll_qr_parse("https://a b/#enroll=K7QM-3WXT-9HPC", server,
					     sizeof server, code));
	assert_false(mq_wire_enroll_qr_parse("https://x/#enroll=K7QM-3WXT-9HPC trailing", server,
					     sizeof server, code));
	assert_false(mq_wire_enroll_qr_parse("https://x/#enroll=K7QM", server, sizeof server,
					     code));
	assert_false(mq_wire_enroll_qr_parse("https://x/#enroll=K7QM-3WXT-9HPC", server, 5,
					     code));                 /* no room */
	assert_false(mq_wire_enroll_qr("minqing.example.gov.cn", "K7QM3WXT9HPC", qr, sizeof qr));
	assert_false(mq_wire_enroll_qr("https://x", "nope", qr, sizeof qr));
	assert_false(mq_wire_enroll_qr("https://minqing.example.gov.cn", "K7QM3WXT9HPC", qr, 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opinion_shapes),
		cmocka_unit_test(test_participation_shapes),
		cmocka_unit_test(test_text_limit_counts_characters),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_time_digits),
		cmocka_unit_test(test_enroll_codes),
		cmocka_unit_test(test_enroll_qr),
	};

	if (!mq_id_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
