/* test_ui_i18n.c — both languages: Chinese by default, English from the
 * table, and every mq_tr("...") string in the UI sources has an English entry. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "keyboard.h"

static void test_default_is_chinese(void **state)
{
	const char *zh = "反映民意";

	(void)state;
	assert_int_equal(mq_i18n_parse(NULL), MQ_LANG_ZH);
	assert_int_equal(mq_i18n_parse(""), MQ_LANG_ZH);
	assert_int_equal(mq_i18n_parse("zh_CN"), MQ_LANG_ZH);
	assert_int_equal(mq_i18n_parse("en"), MQ_LANG_EN);
	assert_int_equal(mq_i18n_parse("en_US.UTF-8"), MQ_LANG_EN);
	mq_i18n_set_lang(MQ_LANG_ZH);
	assert_ptr_equal(mq_tr(zh), zh);
	assert_string_equal(mq_tr("首页"), "首页");
}

static void test_english(void **state)
{
	(void)state;
	mq_i18n_set_lang(MQ_LANG_EN);
	assert_int_equal(mq_i18n_lang(), MQ_LANG_EN);
	assert_string_equal(mq_tr("反映民意"), "Share your opinion");
	assert_string_equal(mq_tr("首页"), "Home");
	assert_string_equal(mq_tr("其他"), "Other");
	/* Unknown strings (e.g. a category name from the server) stay Chinese. */
	assert_string_equal(mq_tr("西湖边的新类别"), "西湖边的新类别");
	assert_null(mq_tr(NULL));
	mq_i18n_set_lang(MQ_LANG_ZH);
}

static void test_keyboard_labels(void **state)
{
	size_t n;
	const struct mq_ui_key_def *l = mq_ui_keyboard_layout(&n);

	(void)state;
	for (size_t i = 0; i < n; i++)
		if (l[i].label && !mq_i18n_has(l[i].label))
			fail_msg("key %s: no English for %s", l[i].name, l[i].label);
}

/* The "{name}" placeholders of @p s (mq_screen_fill's), sorted, into @p out. */
static void placeholders(const char *s, char *out, size_t size)
{
	char names[8][32];
	size_t n = 0, o = 0;

	for (const char *p = strchr(s, '{'); p && n < 8; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');

		if (!e || (size_t)(e - p) >= sizeof names[0])
			break;
		snprintf(names[n++], sizeof names[0], "%.*s", (int)(e - p - 1), p + 1);
	}
	qsort(names, n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
	out[0] = '\0';
	for (size_t i = 0; i < n && o + strlen(names[i]) + 2 < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s,", names[i]);
}

/* Every literal passed to mq_tr in the given file has an entry, and a
 * template (mq_screen_fill) has the same placeholders in English. */
static int check_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long size;
	int missing = 0;

	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	for (char *p = buf; (p = strstr(p, "mq_tr(\"")) != NULL;) {
		char *s = p + strlen("mq_tr(\""), *e = strstr(s, "\")");

		p = s;
		if (!e || memchr(s, '\n', (size_t)(e - s)))
			continue;
		*e = '\0';
		if (!mq_i18n_has(s)) {
			print_error("%s: no English for \"%s\"\n", path, s);
			missing++;
		} else if (strchr(s, '{')) {
			char zh[128], en[128];

			mq_i18n_set_lang(MQ_LANG_EN);
			placeholders(s, zh, sizeof zh);
			placeholders(mq_tr(s), en, sizeof en);
			mq_i18n_set_lang(MQ_LANG_ZH);
			if (strcmp(zh, en) != 0) {
				print_error("%s: \"%s\" fills {%s}, its English {%s}\n", path, s, zh,
					    en);
				missing++;
			}
		}
		p = e + 1;
	}
	free(buf);
	return missing;
}

static int check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	int missing = 0, files = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		missing += check_file(path);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
	return missing;
}

static void test_sources_translated(void **state)
{
	(void)state;
	assert_int_equal(check_dir(MQ_APP_SOURCE_DIR "/ui") +
				 check_dir(MQ_APP_SOURCE_DIR "/shell") +
				 check_dir(MQ_APP_SOURCE_DIR "/screens"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_is_chinese),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_keyboard_labels),
		cmocka_unit_test(test_sources_translated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
