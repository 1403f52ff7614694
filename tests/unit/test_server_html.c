/* test_server_html.c — pages built safely (server/html/): what reaches a
 * page raw (literals, assets, fragments) and what is escaped (text, every
 * %s and %c of mq_html_printf), numbers as printf formats them, and the
 * page frames' skeletons. That a variable cannot be added raw is a
 * compile-time property: tests/unit/html_raw_literal_only.c, built by the
 * test html_raw_rejects_variables, must fail to compile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mq_html.h"
#include "mq_page.h"

/* The text of @p h, which is emptied; the test frees it. */
static char *take(struct mq_html *h)
{
	size_t len = 0;
	char *s = mq_html_steal(h, &len);

	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

/* Asserts that @p h holds exactly @p expect, and empties it. */
static void expect(struct mq_html *h, const char *want)
{
	char *s = take(h);

	assert_string_equal(s, want);
	free(s);
}

static void raw_adds_literals_as_they_are(void **state)
{
	struct mq_html h;

	(void)state;
	mq_html_init(&h);
	assert_true(mq_html_empty(&h));
	mq_html_raw(&h, "<p class=\"x\">");
	mq_html_raw(&h, "a" "&" "b");   /* concatenated literals are a literal */
	expect(&h, "<p class=\"x\">a&b");
	mq_html_finish(&h);
	mq_html_finish(NULL);   /* a no-op */
}

static void text_escapes_every_special_character(void **state)
{
	struct mq_html h;

	(void)state;
	mq_html_init(&h);
	mq_html_text(&h, "<script>alert('x') & \"y\"</script> 中文 ok");
	expect(&h, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt; 中文 ok");
	mq_html_text(&h, NULL);
	mq_html_text(&h, "");
	expect(&h, "");
	mq_html_text_or(&h, NULL, "<—>");
	mq_html_text_or(&h, "", "b");
	mq_html_text_or(&h, "a&", "b");
	expect(&h, "&lt;—&gt;ba&amp;");
	mq_html_finish(&h);
}

static void printf_escapes_text_arguments(void **state)
{
	struct mq_html h;

	(void)state;
	mq_html_init(&h);
	mq_html_printf(&h, "<a title=\"%s\">%s</a>", "\"><script>", "<b>&");
	expect(&h, "<a title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;</a>");
	mq_html_printf(&h, "[%c%c]", '<', 'x');
	expect(&h, "[&lt;x]");
	/* precision and width apply to the text, before its escapes */
	mq_html_printf(&h, "[%.*s][%.2s][%5s][%-4s]", 3, "<<<<<", "&&&", "<", "a");
	expect(&h, "[&lt;&lt;&lt;][&amp;&amp;][    &lt;][a   ]");
	mq_html_printf(&h, "no conversions");
	mq_html_printf(&h, " 100%%");
	expect(&h, "no conversions 100%");
	mq_html_finish(&h);
}

static void printf_formats_numbers(void **state)
{
	struct mq_html h;
	long long big = -9007199254740993LL;
	size_t z = 18446744073709551615UL;
	signed char hh = -5;
	short sh = 300;

	(void)state;
	mq_html_init(&h);
	mq_html_printf(&h, "%d|%i|%u|%ld|%lu|%lld|%llu|%zu|%x|%X|%o|%04d|%-3d|%+d", -42, 7, 42u,
		       -123456789L, 4000000000UL, big, 18446744073709551615ULL, z, 255u, 255u, 8u,
		       7, 5, 3);
	expect(&h, "-42|7|42|-123456789|4000000000|-9007199254740993|18446744073709551615|"
		   "18446744073709551615|ff|FF|10|0007|5  |+3");
	mq_html_printf(&h, "%hhd|%hd|%jd|%td|%*d|%.3d", hh, sh, (intmax_t)-1, (ptrdiff_t)9, 4, 1, 2);
	expect(&h, "-5|300|-1|9|   1|002");
	mq_html_printf(&h, "%.1f|%g|%.0f%%|%e", 3.14159, 0.001, 99.6, 1.5);
	expect(&h, "3.1|0.001|100%|1.500000e+00");
	mq_html_printf(&h, "%s·%d·%s", "a<", 1, ">b");
	expect(&h, "a&lt;·1·&gt;b");
	/* plain %d and %s take a path of their own: its edges */
	mq_html_printf(&h, "%d|%d|%d|%d|%s|%s|%s", 0, -7, INT_MAX, INT_MIN, "", "'&'\"x<",
		       "plain");
	expect(&h, "0|-7|2147483647|-2147483648||&#39;&amp;&#39;&quot;x&lt;|plain");
	mq_html_finish(&h);
}

static void printf_formats_long_output(void **state)
{
	struct mq_html h;
	char *long_text = malloc(1001), *s;

	(void)state;
	assert_non_null(long_text);
	memset(long_text, '<', 1000);
	long_text[1000] = '\0';
	mq_html_init(&h);
	mq_html_printf(&h, "%s|%300d|", long_text, 1);
	s = take(&h);
	assert_int_equal(strlen(s), 1000 * 4 + 1 + 300 + 1);
	assert_memory_equal(s, "&lt;&lt;", 8);
	free(s);
	free(long_text);
	mq_html_finish(&h);
}

static void url_value_is_percent_encoded(void **state)
{
	struct mq_html h;

	(void)state;
	mq_html_init(&h);
	mq_html_url_value(&h, "a b&c=\"<'>_.-~中");
	expect(&h, "a%20b%26c%3D%22%3C%27%3E_.-%7E%E4%B8%AD");
	mq_html_url_value(&h, NULL);
	expect(&h, "");
	mq_html_finish(&h);
}

static void fragments_and_assets(void **state)
{
	struct mq_html h, frag;
	char *s;

	(void)state;
	mq_html_init(&h);
	mq_html_init(&frag);
	mq_html_text(&frag, "<x>");
	mq_html_raw(&h, "[");
	mq_html_append(&h, &frag);
	mq_html_raw(&h, "]");
	expect(&h, "[&lt;x&gt;]");
	/* a style sheet comes without its line breaks: one rule a line in the file */
	mq_html_asset(&h, "attendance.css");
	s = take(&h);
	assert_null(strchr(s, '\n'));
	assert_non_null(strstr(s, ".scroll{overflow-x:auto}td,th{"));
	free(s);
	/* an unknown asset is a programming error: the page fails */
	mq_html_asset(&h, "nowhere.css");
	assert_true(mq_html_failed(&h));
	assert_null(mq_html_steal(&h, &(size_t){ 0 }));
	mq_html_finish(&frag);
	mq_html_finish(&h);
}

static void refused_conversions_fail_the_page(void **state)
{
	struct mq_html h;
	int n = 0;

	(void)state;
	mq_html_init(&h);
	mq_html_raw(&h, "x");
	mq_html_printf(&h, "%p", (void *)&n);
	assert_true(mq_html_failed(&h));
	mq_html_raw(&h, "y");   /* sticky */
	assert_null(mq_html_steal(&h, &(size_t){ 0 }));
	mq_html_finish(&h);
}

static void page_frame_fills_the_skeleton(void **state)
{
	static const char *const none[] = { NULL };
	struct mq_html h;
	char *s;

	(void)state;
	mq_html_init(&h);
	mq_page_begin_ex(&h, "Brand & Co", "<Heading>", none);
	mq_html_raw(&h, "<p>body</p>\n");
	mq_page_end(&h, "foot\"er");
	s = take(&h);
	assert_non_null(strstr(s, "<title>Brand &amp; Co</title>\n<style>*{box-sizing:border-box}"));
	assert_non_null(strstr(s, "<h1>&lt;Heading&gt;</h1>\n</header>\n<main>\n<p>body</p>\n"
				  "</main>\n<footer>foot&quot;er</footer>\n</body>\n</html>\n"));
	assert_null(strstr(s, "{{"));
	free(s);
	mq_page_console_begin(&h, "T<", NULL);
	mq_page_console_end(&h);
	s = take(&h);
	assert_non_null(strstr(s, "<title>T&lt; · 民情工作台</title>"));
	assert_non_null(strstr(s, "<p class=\"brand\">民情 · 委员工作室工作台</p>\n</header>\n"
				  "<main>\n<h1>T&lt;</h1>\n</main>\n"));
	free(s);
	mq_html_finish(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_adds_literals_as_they_are),
		cmocka_unit_test(text_escapes_every_special_character),
		cmocka_unit_test(printf_escapes_text_arguments),
		cmocka_unit_test(printf_formats_numbers),
		cmocka_unit_test(printf_formats_long_output),
		cmocka_unit_test(url_value_is_percent_encoded),
		cmocka_unit_test(fragments_and_assets),
		cmocka_unit_test(refused_conversions_fail_the_page),
		cmocka_unit_test(page_frame_fills_the_skeleton),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
