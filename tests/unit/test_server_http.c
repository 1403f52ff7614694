/* test_server_http.c — the HTTP layer's parsers (server/http/), directly:
 * form bodies and queries (mq_form_parse), cookies (mq_cookie_get) and the
 * router's pattern match (mq_http_route_match), and the client addresses
 * behind trusted proxies and their throttling groups (mq_net). Everything
 * they read is network input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mq_form.h"
#include "mq_http.h"
#include "mq_net.h"

/* Parses @p text (a C string) into @p f, asserting it succeeds. */
static void parse_ok(const char *text, struct mq_form *f)
{
	assert_true(mq_form_parse(text, strlen(text), f));
}

/* Asserts @p text (@p len bytes) is refused, leaving the form empty. */
static void parse_refused(const char *text, size_t len)
{
	struct mq_form f = { 0 };

	assert_false(mq_form_parse(text, len, &f));
	assert_null(f.f);
	assert_int_equal(f.n, 0);
}

static void form_decodes_percent_and_plus(void **state)
{
	struct mq_form f;

	(void)state;
	parse_ok("a=1&title=%E4%BF%A1%E5%8F%B7+%26+%3D&empty=&bare&%41b=x%2By", &f);
	assert_int_equal(f.n, 5);
	assert_string_equal(mq_form_get(&f, "a"), "1");
	assert_string_equal(mq_form_get(&f, "title"), "信号 & =");
	assert_string_equal(mq_form_get(&f, "empty"), "");
	assert_string_equal(mq_form_get(&f, "bare"), "");   /* a name without '=' */
	assert_string_equal(mq_form_get(&f, "Ab"), "x+y");  /* names are decoded too */
	assert_null(mq_form_get(&f, "missing"));
	mq_form_finish(&f);
	assert_null(f.f);
	mq_form_finish(NULL);   /* a no-op */
}

static void form_skips_empty_pairs_and_reads_bodies_without_nul(void **state)
{
	static const char body[] = "&&a=1&&b=2&";
	struct mq_form f;

	(void)state;
	/* only @p len bytes count: the body need not end in NUL */
	assert_true(mq_form_parse(body, 5, &f));   /* "&&a=1" */
	assert_int_equal(f.n, 1);
	assert_string_equal(mq_form_get(&f, "a"), "1");
	mq_form_finish(&f);
	parse_ok(body, &f);
	assert_int_equal(f.n, 2);
	mq_form_finish(&f);
	assert_true(mq_form_parse(NULL, 0, &f));
	assert_int_equal(f.n, 0);
	mq_form_finish(&f);
}

static void form_refuses_malformed_percent(void **state)
{
	(void)state;
	parse_refused("a=%", 3);
	parse_refused("a=%4", 4);
	parse_refused("a=%zz", 5);
	parse_refused("a=%4g", 5);
	parse_refused("%=1", 3);
}

static void form_refuses_nul_bytes(void **state)
{
	static const char raw[] = { 'a', '=', 'x', '\0', 'y' };

	(void)state;
	parse_refused("a=%00", 5);      /* encoded */
	parse_refused(raw, sizeof raw); /* raw, inside the given length */
}

static void form_refuses_invalid_utf8(void **state)
{
	(void)state;
	parse_refused("a=%FF", 5);
	parse_refused("a=%E4%BF", 8);   /* a character cut short */
	parse_refused("a=%C0%AF", 8);   /* an overlong '/' */
	parse_refused("\xff=1", 3);
}

static void form_bounds_field_length(void **state)
{
	size_t n = MQ_FORM_FIELD_MAX;
	char *text = malloc(n + 3);
	struct mq_form f;

	(void)state;
	assert_non_null(text);
	memcpy(text, "a=", 2);
	memset(text + 2, 'x', n);
	text[n + 2] = '\0';
	parse_ok(text, &f);   /* exactly the limit */
	assert_int_equal(strlen(mq_form_get(&f, "a")), n);
	mq_form_finish(&f);
	text[n + 1] = 'x';
	text[n + 2] = 'x';
	parse_refused(text, n + 3);   /* a byte over */
	assert_true(mq_form_parse_max(text, n + 3, n + 1, &f));   /* a larger limit takes it */
	mq_form_finish(&f);
	free(text);
}

static void form_bounds_field_count(void **state)
{
	size_t len = (MQ_FORM_FIELDS_MAX + 1) * 4;
	char *text = malloc(len + 1);
	struct mq_form f;

	(void)state;
	assert_non_null(text);
	for (size_t i = 0; i <= MQ_FORM_FIELDS_MAX; i++)
		memcpy(text + 4 * i, "a=1&", 4);
	text[len] = '\0';
	parse_refused(text, len);   /* one field too many */
	assert_true(mq_form_parse(text, len - 4, &f));   /* exactly the limit */
	assert_int_equal(f.n, MQ_FORM_FIELDS_MAX);
	mq_form_finish(&f);
	free(text);
}

static void form_repeated_names(void **state)
{
	const char *all[4];
	struct mq_form f;

	(void)state;
	parse_ok("m=a&m=&x=1&m=b&m=c", &f);
	assert_string_equal(mq_form_get(&f, "m"), "a");   /* the first */
	/* every non-empty value in order, at most as many as asked */
	assert_int_equal(mq_form_all(&f, "m", all, 4), 3);
	assert_string_equal(all[0], "a");
	assert_string_equal(all[1], "b");
	assert_string_equal(all[2], "c");
	assert_int_equal(mq_form_all(&f, "m", all, 2), 2);
	assert_int_equal(mq_form_all(&f, "none", all, 4), 0);
	mq_form_finish(&f);
}

static void form_text_trims_blanks(void **state)
{
	struct mq_form f;

	(void)state;
	parse_ok("a=+%09x+y%0D%0A&b=+++&c=", &f);
	assert_string_equal(mq_form_text(&f, "a"), "x y");
	assert_null(mq_form_text(&f, "b"));   /* blank */
	assert_null(mq_form_text(&f, "c"));   /* empty */
	assert_null(mq_form_text(&f, "d"));   /* absent */
	mq_form_finish(&f);
}

static void cookie_found_among_several(void **state)
{
	char out[32];

	(void)state;
	assert_true(mq_cookie_get("a=1; mq_session=abc; b=2", "mq_session", out, sizeof out));
	assert_string_equal(out, "abc");
	assert_true(mq_cookie_get("mq_session=first", "mq_session", out, sizeof out));
	assert_string_equal(out, "first");
	assert_true(mq_cookie_get("x=1;mq_login=last", "mq_login", out, sizeof out));
	assert_string_equal(out, "last");
	assert_true(mq_cookie_get("  ;  mq_login=spaced ;", "mq_login", out, sizeof out));
	assert_string_equal(out, "spaced ");   /* the value runs to the ';' */
	assert_true(mq_cookie_get("e=; f=2", "e", out, sizeof out));   /* empty, but there */
	assert_string_equal(out, "");
}

static void cookie_missing(void **state)
{
	char out[32];

	(void)state;
	assert_false(mq_cookie_get(NULL, "mq_session", out, sizeof out));
	assert_false(mq_cookie_get("", "mq_session", out, sizeof out));
	assert_false(mq_cookie_get("a=1; b=2", "mq_session", out, sizeof out));
	assert_false(mq_cookie_get("mq_session", "mq_session", out, sizeof out));   /* no '=' */
}

static void cookie_name_is_whole(void **state)
{
	char out[32];

	(void)state;
	/* a cookie whose name only begins with the wanted one is another cookie */
	assert_false(mq_cookie_get("mq_session2=evil", "mq_session", out, sizeof out));
	assert_false(mq_cookie_get("xmq_session=evil", "mq_session", out, sizeof out));
	assert_true(mq_cookie_get("mq_session2=evil; mq_session=good", "mq_session", out,
				  sizeof out));
	assert_string_equal(out, "good");
}

static void cookie_too_long(void **state)
{
	char out[4];

	(void)state;
	assert_true(mq_cookie_get("c=abc", "c", out, sizeof out));   /* fits with its NUL */
	assert_string_equal(out, "abc");
	assert_false(mq_cookie_get("c=abcd", "c", out, sizeof out));
}

static void route_literal(void **state)
{
	char p[MQ_HTTP_PARAM_MAX];
	bool has = true;

	(void)state;
	assert_true(mq_http_route_match("/healthz", "/healthz", p, &has));
	assert_false(has);
	assert_false(mq_http_route_match("/healthz", "/healthz/", p, &has));   /* trailing slash */
	assert_false(mq_http_route_match("/healthz", "/health", p, &has));
	assert_false(mq_http_route_match("/console/", "/console", p, &has));
	assert_true(mq_http_route_match("/console/", "/console/", p, &has));
}

static void route_token_segment(void **state)
{
	char p[MQ_HTTP_PARAM_MAX];
	bool has = false;

	(void)state;
	assert_true(mq_http_route_match("/t/{token}", "/t/Tok1_abc", p, &has));
	assert_true(has);
	assert_string_equal(p, "Tok1_abc");
	assert_false(mq_http_route_match("/t/{token}", "/t/", p, &has));        /* empty segment */
	assert_false(mq_http_route_match("/t/{token}", "/t/a/", p, &has));      /* trailing slash */
	assert_false(mq_http_route_match("/t/{token}", "/t/a/b", p, &has));
	assert_false(mq_http_route_match("/t/{token}", "/b/a", p, &has));
	assert_false(mq_http_route_match("/t/{token}", "/t", p, &has));
	/* a number after the segment: /f/{studio}/survey/{id} */
	assert_true(mq_http_route_match("/f/{token}/survey/{n}", "/f/hubin/survey/12", p, &has));
	assert_string_equal(p, "hubin");
	assert_false(mq_http_route_match("/f/{token}/survey/{n}", "/f/hubin/survey/", p, &has));
	assert_false(mq_http_route_match("/f/{token}/survey/{n}", "/f/hubin/survey/1a", p, &has));
	assert_false(mq_http_route_match("/f/{token}/survey/{n}", "/f/hubin/survey/1/", p, &has));
	assert_false(mq_http_route_match("/f/{token}/survey/{n}",
					 "/f/hubin/survey/1234567890123456789", p, &has));
}

static void route_suffix_after_segment(void **state)
{
	char p[MQ_HTTP_PARAM_MAX];
	bool has = false;

	(void)state;
	assert_true(mq_http_route_match("/t/{token}/rating", "/t/abc/rating", p, &has));
	assert_true(has);
	assert_string_equal(p, "abc");
	assert_false(mq_http_route_match("/t/{token}/rating", "/t/abc", p, &has));
	assert_false(mq_http_route_match("/t/{token}/rating", "/t/abc/rating/", p, &has));
	assert_false(mq_http_route_match("/t/{token}/rating", "/t//rating", p, &has));
	assert_false(mq_http_route_match("/t/{token}", "/t/abc/rating", p, &has));
	/* a suffix glued to the segment is part of it: the handler checks it */
	assert_true(mq_http_route_match("/console/stats/{token}", "/console/stats/street.csv", p,
					&has));
	assert_string_equal(p, "street.csv");
}

static void route_segment_too_long(void **state)
{
	char path[MQ_HTTP_PARAM_MAX + 8], p[MQ_HTTP_PARAM_MAX];
	bool has;

	(void)state;
	memcpy(path, "/t/", 3);
	memset(path + 3, 'a', MQ_HTTP_PARAM_MAX - 1);
	path[3 + MQ_HTTP_PARAM_MAX - 1] = '\0';
	assert_true(mq_http_route_match("/t/{token}", path, p, &has));   /* the longest that fits */
	assert_int_equal(strlen(p), MQ_HTTP_PARAM_MAX - 1);
	path[3 + MQ_HTTP_PARAM_MAX - 1] = 'a';
	path[3 + MQ_HTTP_PARAM_MAX] = '\0';
	assert_false(mq_http_route_match("/t/{token}", path, p, &has));
}

/* ---- client addresses (mq_net.h) ---------------------------------------- */

static void net_list_parses_addresses_and_ranges(void **state)
{
	struct mq_net_list l;
	char why[128];

	(void)state;
	assert_true(mq_net_list_parse(" 10.0.0.1, 192.168.0.0/16,::1 , fd00::/8,", &l, why,
				      sizeof why));
	assert_int_equal(l.n, 4);
	assert_true(mq_net_list_contains(&l, "10.0.0.1"));
	assert_false(mq_net_list_contains(&l, "10.0.0.2"));
	assert_true(mq_net_list_contains(&l, "192.168.200.3"));
	assert_false(mq_net_list_contains(&l, "192.169.0.1"));
	assert_true(mq_net_list_contains(&l, "::1"));
	assert_true(mq_net_list_contains(&l, "fd12:3456::9"));
	assert_false(mq_net_list_contains(&l, "fe80::1"));
	assert_true(mq_net_list_contains(&l, "::ffff:10.0.0.1"));   /* IPv4-mapped */
	assert_false(mq_net_list_contains(&l, "not an address"));
	assert_false(mq_net_list_contains(&l, NULL));
	assert_true(mq_net_list_parse("", &l, why, sizeof why));
	assert_int_equal(l.n, 0);
	assert_true(mq_net_list_parse(NULL, &l, why, sizeof why));
	assert_true(mq_net_list_parse("10.1.2.0/23", &l, why, sizeof why));
	assert_true(mq_net_list_contains(&l, "10.1.3.255"));
	assert_false(mq_net_list_contains(&l, "10.1.4.0"));
	assert_false(mq_net_list_parse("10.0.0.0/33", &l, why, sizeof why));
	assert_false(mq_net_list_parse("proxy.example", &l, why, sizeof why));
	assert_non_null(strstr(why, "proxy.example"));
	assert_false(mq_net_list_parse("10.0.0.1/", &l, why, sizeof why));
}

static void net_loopback(void **state)
{
	(void)state;
	assert_true(mq_net_is_loopback("127.0.0.1"));
	assert_true(mq_net_is_loopback("127.9.8.7"));
	assert_true(mq_net_is_loopback("::1"));
	assert_true(mq_net_is_loopback("::ffff:127.0.0.2"));
	assert_false(mq_net_is_loopback("128.0.0.1"));
	assert_false(mq_net_is_loopback("::2"));
	assert_false(mq_net_is_loopback(NULL));
}

/* The client behind trusted proxies: the right-most X-Forwarded-For entry
 * that is not itself a trusted proxy; never what an untrusted peer says. */
static void net_client_behind_trusted_proxies(void **state)
{
	struct mq_net_list trusted;
	char why[64], out[MQ_NET_ADDR_MAX];

	(void)state;
	assert_true(mq_net_list_parse("10.0.0.0/8", &trusted, why, sizeof why));
	/* an untrusted peer's header is ignored */
	assert_string_equal(mq_net_client("203.0.113.7", "1.2.3.4", &trusted, out), "203.0.113.7");
	/* a trusted proxy: the right-most untrusted entry, not the forgeable left-most */
	assert_string_equal(mq_net_client("10.0.0.1", "1.2.3.4, 198.51.100.9", &trusted, out),
			    "198.51.100.9");
	assert_string_equal(mq_net_client("10.0.0.1", "1.2.3.4, 198.51.100.9, 10.0.0.2", &trusted,
					  out), "198.51.100.9");
	/* all trusted: the left-most */
	assert_string_equal(mq_net_client("10.0.0.1", "10.0.0.3,10.0.0.2", &trusted, out),
			    "10.0.0.3");
	/* no header: the proxy itself */
	assert_string_equal(mq_net_client("10.0.0.1", NULL, &trusted, out), "10.0.0.1");
	/* forms proxies write */
	assert_string_equal(mq_net_client("10.0.0.1", "[2001:db8::5]:443", &trusted, out),
			    "2001:db8::5");
	assert_string_equal(mq_net_client("10.0.0.1", "198.51.100.9:5678", &trusted, out),
			    "198.51.100.9");
	/* junk before the client: the peer, never the junk */
	assert_string_equal(mq_net_client("10.0.0.1", "1.2.3.4, junk", &trusted, out), "10.0.0.1");
	assert_string_equal(mq_net_client("10.0.0.1", "", &trusted, out), "10.0.0.1");
	assert_null(mq_net_client(NULL, "1.2.3.4", &trusted, out));
	assert_string_equal(mq_net_client("10.0.0.1", "1.2.3.4", NULL, out), "10.0.0.1");
}

static void net_groups_ipv6_by_64(void **state)
{
	char g[MQ_NET_GROUP_MAX];

	(void)state;
	assert_true(mq_net_group("198.51.100.9", g));
	assert_string_equal(g, "198.51.100.9");
	assert_true(mq_net_group("::ffff:198.51.100.9", g));
	assert_string_equal(g, "198.51.100.9");
	assert_true(mq_net_group("2001:db8:1:2:aaaa:bbbb:cccc:dddd", g));
	assert_string_equal(g, "2001:db8:1:2::/64");
	assert_true(mq_net_group("2001:db8:1:2::1", g));
	assert_string_equal(g, "2001:db8:1:2::/64");
	assert_true(mq_net_group("2001:db8:1:3::1", g));
	assert_string_equal(g, "2001:db8:1:3::/64");
	assert_false(mq_net_group("nonsense", g));
	assert_string_equal(g, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(form_decodes_percent_and_plus),
		cmocka_unit_test(form_skips_empty_pairs_and_reads_bodies_without_nul),
		cmocka_unit_test(form_refuses_malformed_percent),
		cmocka_unit_test(form_refuses_nul_bytes),
		cmocka_unit_test(form_refuses_invalid_utf8),
		cmocka_unit_test(form_bounds_field_length),
		cmocka_unit_test(form_bounds_field_count),
		cmocka_unit_test(form_repeated_names),
		cmocka_unit_test(form_text_trims_blanks),
		cmocka_unit_test(cookie_found_among_several),
		cmocka_unit_test(cookie_missing),
		cmocka_unit_test(cookie_name_is_whole),
		cmocka_unit_test(cookie_too_long),
		cmocka_unit_test(route_literal),
		cmocka_unit_test(route_token_segment),
		cmocka_unit_test(route_suffix_after_segment),
		cmocka_unit_test(route_segment_too_long),
		cmocka_unit_test(net_list_parses_addresses_and_ranges),
		cmocka_unit_test(net_loopback),
		cmocka_unit_test(net_client_behind_trusted_proxies),
		cmocka_unit_test(net_groups_ipv6_by_64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
