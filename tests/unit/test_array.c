/* test_array.c — arrays that grow one element at a time (common/mq_array.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_array.h"

struct item {
	int64_t value;
	char name[24];
};

/* Every element added stays where it was put, zeroed before the caller
 * filled it, across many regrowths. */
static void test_add_keeps_elements(void **state)
{
	struct item *v = NULL, *x;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		x = mq_array_add(&v, &n, sizeof *v);
		assert_non_null(x);
		assert_int_equal(n, (size_t)i + 1);
		assert_ptr_equal(x, &v[i]);
		assert_int_equal(x->value, 0);
		assert_int_equal(x->name[0], '\0');
		x->value = i * 7;
		snprintf(x->name, sizeof x->name, "n%d", i);
	}
	for (int i = 0; i < 5000; i++) {
		char want[24];

		snprintf(want, sizeof want, "n%d", i);
		assert_int_equal(v[i].value, i * 7);
		assert_string_equal(v[i].name, want);
	}
	free(v);
}

/* A reserved place can be written and is kept by the next add; a parallel
 * array reserved with the same count keeps pace. */
static void test_reserve_parallel(void **state)
{
	int *a = NULL;
	char (*names)[8] = NULL;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 300; i++) {
		int *x;

		assert_true(mq_array_reserve(&names, n, sizeof *names));
		snprintf(names[n], sizeof names[n], "%d", i);
		x = mq_array_add(&a, &n, sizeof *a);
		assert_non_null(x);
		*x = i;
	}
	for (int i = 0; i < 300; i++) {
		char want[8];

		snprintf(want, sizeof want, "%d", i);
		assert_int_equal(a[i], i);
		assert_string_equal(names[i], want);
	}
	free(a);
	free(names);
}

/* A size whose capacity overflows size_t is refused; nothing changes. */
static void test_overflow_refused(void **state)
{
	void *v = NULL;
	size_t n = 0;

	(void)state;
	assert_null(mq_array_add(&v, &n, SIZE_MAX / 8));
	assert_null(v);
	assert_int_equal(n, 0);
	assert_false(mq_array_reserve(&v, 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_elements),
		cmocka_unit_test(test_reserve_parallel),
		cmocka_unit_test(test_overflow_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
