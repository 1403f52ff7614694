/* mq_array.c — arrays that grow one element at a time. */
#include "mq_array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { FIRST_CAPACITY = 16 };

/* Whether an array of @p n elements is full: its capacity is 0 when empty,
 * then FIRST_CAPACITY and each power of two after it. */
static bool full(size_t n)
{
	return n == 0 || (n >= FIRST_CAPACITY && (n & (n - 1)) == 0);
}

bool mq_array_reserve(void *array, size_t n, size_t size)
{
	size_t cap = n ? n * 2 : FIRST_CAPACITY;
	void *v, *grown;

	if (!full(n))
		return true;
	if (size == 0 || cap > SIZE_MAX / size)
		return false;
	memcpy(&v, array, sizeof v);
	grown = realloc(v, cap * size);
	if (!grown)
		return false;
	memcpy(array, &grown, sizeof grown);
	return true;
}

void *mq_array_add(void *array, size_t *n, size_t size)
{
	char *v;

	if (!mq_array_reserve(array, *n, size))
		return NULL;
	memcpy(&v, array, sizeof v);
	memset(v + *n * size, 0, size);
	return v + (*n)++ * size;
}
